"""Who may change the library, and what an unchecked model sentence looks like, in Streamlit's AppTest.

The policy itself (`newsbot/access.py`) is checked directly; the page is checked as served on
loopback (writes allowed), bound to every interface with no setting (refused, saying how to
allow), read-only (no controls at all), and with an admin password (asked once per session). The
real-browser versions are in test_browser.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from newsbot.access import EXPOSED_REASON, is_exposed, password_matches, write_access
from newsbot.settings import Settings
from tests.llm_servers import FakeLLMServer, serve, sources_in
from tests.ui.conftest import RUBIO, ask, plain, start

PASSWORD = "correct horse battery staple"


@pytest.mark.parametrize("address, exposed", [
    ("127.0.0.1", False), ("localhost", False), ("::1", False), ("[::1]", False), ("127.0.0.2", False),
    ("0.0.0.0", True), ("", True), (None, True), ("::", True), ("192.168.1.20", True), ("newsbot.example.org", True),
])
def test_what_counts_as_reachable_beyond_loopback(address: str | None, exposed: bool) -> None:
    assert is_exposed(address) is exposed


def test_the_policy_in_order() -> None:
    plain_settings, locked = Settings.load(), Settings.load(admin_password=PASSWORD)
    assert write_access(plain_settings, exposed=False).allowed
    refused = write_access(plain_settings, exposed=True)
    assert not refused.allowed and refused.visible and refused.reason == EXPOSED_REASON
    assert "NEWSBOT_ADMIN_PASSWORD" in refused.reason and "127.0.0.1" in refused.reason
    for exposed in (False, True):
        assert write_access(locked, exposed, password=PASSWORD).allowed
        assert write_access(locked, exposed, proven=True).allowed
        wrong = write_access(locked, exposed, password=PASSWORD + " ")
        assert not wrong.allowed and wrong.needs_password
        read_only = write_access(Settings.load(read_only=True, admin_password=PASSWORD), exposed, password=PASSWORD)
        assert not read_only.allowed and not read_only.visible
    assert not password_matches(plain_settings, "")  # no password set: nothing matches, not even ''
    assert PASSWORD not in repr(locked)


def library() -> AppTest:
    at = start()
    at.radio(key="view").set_value("Library").run()
    assert not at.exception
    return at


def controls(at: AppTest) -> set[str]:
    labels = {b.label for b in at.button}
    return {name for name, label in (("upload", "Add files"), ("url", "Add URL"), ("remove", "Remove article"),
                                     ("unlock", "Unlock")) if label in labels}


@pytest.fixture
def bound_to_all() -> Iterator[None]:
    from streamlit import config

    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", "127.0.0.1")


def test_on_loopback_the_library_can_be_changed(home: Path) -> None:
    assert controls(library()) == {"upload", "url", "remove"}


def test_reachable_from_other_machines_with_no_setting_changes_are_refused(home: Path, bound_to_all: None) -> None:
    at = library()
    assert controls(at) == set()
    assert [plain(i.value) for i in at.info] == [EXPOSED_REASON]
    assert {m.label: m.value for m in at.metric}["Articles"] == "4"  # reading still works


def test_read_only_hides_every_change(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_READ_ONLY", "1")
    at = library()
    assert controls(at) == set() and not at.file_uploader and not [t for t in at.text_input if t.key == "url"]
    assert [plain(c.value) for c in at.caption if "read-only" in plain(c.value)] == ["This library is read-only (NEWSBOT_READ_ONLY=1)."]


def test_the_admin_password_is_asked_once_per_session(home: Path, bound_to_all: None, monkeypatch: pytest.MonkeyPatch,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("NEWSBOT_ADMIN_PASSWORD", PASSWORD)
    caplog.set_level(logging.DEBUG)
    at = library()
    assert controls(at) == {"unlock"}
    at.text_input(key="admin_password_box").input("guess")
    next(b for b in at.button if b.label == "Unlock").click().run()
    assert [e.value for e in at.error] == ["Wrong password."] and controls(at) == {"unlock"}
    at.text_input(key="admin_password_box").input(PASSWORD)
    next(b for b in at.button if b.label == "Unlock").click().run()
    assert controls(at) == {"upload", "url", "remove"}
    at.text_input(key="library_search").input("gazette").run()  # later runs of this session: not asked again
    at.button(key="remove").click().run()
    assert next(plain(s.value) for s in at.success).startswith("Removed “")
    assert controls(at) == {"upload", "url", "remove"}
    assert controls(library()) == {"unlock"}  # another session is asked
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "a wrong admin password was entered" in logged and PASSWORD not in logged and "guess" not in logged


def test_the_url_box_takes_web_addresses_only(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "private"
    notes.mkdir()
    (notes / "notes.txt").write_text("Private notes\n\nThe safe code is 1234, said the owner of the house.\n")
    at = library()
    for typed in (str(notes), f"file://{notes}/notes.txt", "notes.txt"):
        at.text_input(key="url").input(typed)
        next(b for b in at.button if b.label == "Add URL").click().run()
        assert [e.value for e in at.error] == ["Type a web address starting with http:// or https://. Files and folders "
                                               "on the server can't be added here."]
    assert {m.label: m.value for m in at.metric}["Articles"] == "4"


def test_unverified_sentences_are_set_apart_in_the_chat(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NEWSBOT_LLM_CHECK=flag with a model that makes one claim up: the answer shows the supported sentence;
    the made-up one appears only struck through, with the reason, inside a collapsed box."""
    def reply(body: dict[str, Any]) -> str:
        n = next(n for n, block in sources_in(body).items() if "horrific" in block)
        return (f"Rubio described the January 31 attacks by the Balochistan Liberation Army as horrific [{n}]. "
                f"Rubio also announced a loan of 5 billion dollars to Pakistan [{n}].")

    with serve(FakeLLMServer(reply=reply)) as server:
        for key, value in {"NEWSBOT_LLM": "openai", "NEWSBOT_LLM_URL": server.url + "/v1", "NEWSBOT_LLM_MODEL": "tiny",
                           "NEWSBOT_LLM_CHECK": "flag"}.items():
            monkeypatch.setenv(key, value)
        bubble = ask(start(), RUBIO)
    answer, box = bubble.split('<details class="nb-unverified-box">')
    assert "horrific" in answer and "5 billion" not in answer
    assert "1 unverified sentence left out of the answer" in box
    assert '<s class="nb-unverified">Rubio also announced a loan of 5 billion dollars to Pakistan.</s>' in box
    assert "no cited source supports this sentence" in box
