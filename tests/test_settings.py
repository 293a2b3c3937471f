"""Settings precedence and errors, the README's settings table, and the public names of each package."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bot
import index
import newsbot
from newsbot.errors import ConfigError
from newsbot.settings import Settings, settings_table
from tests.conftest import REPO


def test_argument_beats_environment_beats_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert Settings.load(env={}).top_k == 8
    monkeypatch.setenv("NEWSBOT_TOP_K", "5")
    assert Settings.load().top_k == 5
    assert Settings.load(top_k=3).top_k == 3
    assert Settings.load(home=tmp_path).home == tmp_path


@pytest.mark.parametrize("env, message", [
    ({"NEWSBOT_TOPK": "5"}, "unknown setting NEWSBOT_TOPK"),
    ({"NEWSBOT_TOP_K": "many"}, "NEWSBOT_TOP_K='many' is not a valid int"),
    ({"NEWSBOT_CHUNK_TOKENS": "4000"}, "NEWSBOT_CHUNK_TOKENS must be between"),
    ({"NEWSBOT_LLM": "gpt"}, "NEWSBOT_LLM must be one of"),
    ({"NEWSBOT_REFERENCE_DATE": "last tuesday"}, "NEWSBOT_REFERENCE_DATE"),
])
def test_bad_settings_fail_naming_the_setting(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        Settings.load(env=env)


def test_reference_date_newest() -> None:
    settings = Settings.load(env={"NEWSBOT_REFERENCE_DATE": "newest"})
    assert settings.reference_date is None and settings.reference_newest


def test_secrets_are_never_in_repr() -> None:
    settings = Settings.load(env={"NEWSBOT_LLM_API_KEY": "sk-secret", "NEWSBOT_CHROMA_TOKEN": "tok-secret",
                                  "NEWSBOT_ADMIN_PASSWORD": "pw-secret", "NEWSBOT_API_KEY": "key-secret,key2-secret",
                                  "NEWSBOT_CHROMA_URL": "http://ed:url-secret@db:8000",
                                  "NEWSBOT_LLM_URL": "https://llm.example/v1?api_key=q-secret"})
    shown = repr(settings)
    assert "secret" not in shown and "chroma_url='http://***@db:8000'" in shown
    assert "llm_url='https://llm.example/v1?api_key=***'" in shown
    assert settings.chroma_token == "tok-secret" and settings.admin_password == "pw-secret"


@pytest.mark.parametrize("url, shown", [
    ("http://user:pass@host:8000/v1", "http://***@host:8000/v1"),
    ("https://token@[::1]/x?q=1&access_token=abc&sig=zz", "https://***@[::1]/x?q=1&access_token=***&sig=***"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
    ("http://a:b@host:notaport/", "http://***@host:notaport/"),
])
def test_credentials_are_stripped_from_urls(url: str, shown: str) -> None:
    from newsbot.redact import redact_url

    assert redact_url(url) == shown


def test_readme_settings_table_is_current() -> None:
    readme = (REPO / "README.md").read_text()
    table = readme.split("<!-- settings -->\n", 1)[1].split("\n<!-- /settings -->", 1)[0]
    assert table == settings_table()


def test_public_names() -> None:
    assert bot.__all__ == ["NewsBot", "Chat", "AnswerStream", "Answer", "Citation", "Hit", "Filters", "Turn"]
    assert index.__all__ == ["Index", "Stats"]
    assert {"Settings", "NewsbotError", "Article", "Chunk", "Hit", "Answer", "Citation", "Turn"} <= set(newsbot.__all__)
