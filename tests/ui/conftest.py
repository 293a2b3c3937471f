"""What the UI tests share (fixtures here; helpers imported from here): a data folder for the app, and reading what AppTest shows.

`home` is a private copy of the seed index plus two feeds, which the app finds through
NEWSBOT_HOME; `start()` runs the app; `ask()` asks in the chat and returns the new bubble's text.
"""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from index import Index
from newsbot.settings import Settings
from tests.conftest import DATA, REPO

__all__ = ["RUBIO", "answer_part", "ask", "bubbles", "feeds_home", "home", "plain", "start", "table", "text_of"]

RUBIO = "What did Rubio say about Balochistan?"


@pytest.fixture(autouse=True)
def _served_on_loopback() -> Iterator[None]:
    """AppTest has no server: say it is bound to loopback, as `make run` and .streamlit/config.toml bind it
    (tests of other bindings set `server.address` themselves)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(scope="module")
def feeds_home(seed_home: Path, embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed (no outlet, no date) plus Valley Gazette (May 2024) and Coastal Wire (June 2024)."""
    home = tmp_path_factory.mktemp("ui-home")
    shutil.copytree(seed_home, home, dirs_exist_ok=True)
    report = Index(Settings.load(home=home), embedder=embedder).add([str(DATA / "feed.rss"), str(DATA / "feed.atom")])
    assert report.count("added") == 3
    return home


@pytest.fixture
def home(feeds_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of `feeds_home`, which the app finds through NEWSBOT_HOME."""
    copy = tmp_path / "app-home"
    shutil.copytree(feeds_home, copy)
    monkeypatch.setenv("NEWSBOT_HOME", str(copy))
    return copy


def start() -> AppTest:
    at = AppTest.from_file(str(REPO / "ui" / "page.py"), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def text_of(node: Any) -> str:
    """Every string value under a block (html bodies, text, markdown, alerts, labels of expanders)."""
    if hasattr(node, "children"):
        parts = [getattr(node, "label", "") or "", *(text_of(child) for child in node.children.values())]
        return "\n".join(p for p in parts if p)
    if node.type == "empty":  # a cleared placeholder has no value
        return ""
    value = node.value
    return value if isinstance(value, str) else ""


def bubbles(at: AppTest) -> list[tuple[str, str]]:
    """(role, text) per chat bubble, character references decoded (the markup itself stays)."""
    return [(m.name, html.unescape(text_of(m))) for m in at.chat_message]


def plain(markdown: str) -> str:
    """Text the app backslash-escaped for Streamlit's Markdown, as the browser shows it."""
    return re.sub(r"\\(.)", r"\1", markdown)


def table(at: AppTest, column: str) -> list[dict[str, Any]]:
    """The rows of the (first) dataframe on the page that has `column`."""
    frame = next(d.value for d in at.dataframe if column in d.value.columns)
    return frame.to_dict("records")  # type: ignore[no-any-return]


def answer_part(bubble: str) -> str:
    """The answer text itself (without the searched line or the sources panel) from a bubble's text."""
    match = re.search(r'<div class="nb-answer[^"]*">(.*?)</div>', bubble, re.DOTALL)
    assert match, bubble
    return match.group(1)


def ask(at: AppTest, question: str) -> str:
    """Ask in the chat; return the text of the new answer bubble."""
    at.chat_input(key="question").set_value(question).run()
    assert not at.exception
    name, text = bubbles(at)[-1]
    assert name == "assistant"
    return text


def evil_article(trap: str) -> str:
    """A .txt article whose title, outlet and body carry HTML and Markdown pointing at `trap`."""
    return (f'Title: Harbour <img src="{trap}/title.png"> reopens ![t]({trap}/title-md.png)\n'
            "Source: Harbour <b>Wire</b>\nDate: 2024-06-03\n\n"
            f'The harbour authority said the dredging <img src="{trap}/body.png" onerror="window.__pwned=1"> was '
            "finished on Monday, ahead of schedule.\n"
            f'Officials added <script>window.__pwned=2;fetch("{trap}/script.js")</script> that container ships could '
            f"return ![pic]({trap}/md.png) by Friday, according to [the notice]({trap}/link).\n")
