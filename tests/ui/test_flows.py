"""The chat UI's flows in Streamlit's AppTest: ask, follow-up, new chat, filters, upload, URL, remove, errors.

Real components throughout: the app script as `streamlit run` would run it, a NewsBot over a
temp copy of the seed index plus two feeds, the packaged model, real uploads and a real HTTP
server for the URL flow.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from bot import NewsBot
from tests.conftest import REPO
from tests.ui.conftest import (
    RUBIO,
    answer_part,
    ask,
    bubbles,
    plain,
    start,
    table,
    text_of,
)

QUOTE = "He described the January 31 attacks by the Balochistan Liberation Army in Balochistan as horrific."


def test_ask_shows_the_cited_answer_and_its_quote_in_context(home: Path) -> None:
    """Rubio's words on Balochistan are in the seed's security paragraph: the sources panel shows
    that paragraph with the quoted sentence marked, the sentence before it and the one after."""
    at = start()
    assert [b for b in at.button if b.key and b.key.startswith("example-")]  # examples on an empty chat (test_examples.py)
    ask(at, RUBIO)
    assert [name for name, _ in bubbles(at)] == ["user", "assistant"]
    assert bubbles(at)[0][1] == RUBIO
    answer = bubbles(at)[1][1]
    assert "Rubio described the January 31 attacks" in answer and '<sup class="nb-cite">[1]</sup>' in answer
    [panel] = at.expander
    assert panel.label == "Sources (1)"
    sources = text_of(panel)
    assert "High-level diplomatic talks between the United States and Pakistan" in sources
    assert "unknown outlet · undated · no link" in sources  # the seed file names no outlet, date or URL
    assert ("Rubio expressed condolences over recent attacks in Pakistan. "
            f"<mark>{QUOTE}</mark> He also condemned the February 6") in sources
    assert not [b for b in at.button if b.key and b.key.startswith("example-")]  # examples only on an empty chat


def test_followup_is_rewritten_and_the_searched_query_shown(home: Path) -> None:
    at = start()
    ask(at, RUBIO)
    answer = ask(at, "What else did he condemn?")
    assert "February 6 suicide bombing" in answer_part(answer) and "horrific" not in answer_part(answer)
    assert "Searched: “What else did Rubio condemn?”" in answer
    assert "Searched" not in bubbles(at)[1][1]  # the first question was searched as typed: nothing shown
    assert len(at.chat_message) == 4


def test_the_verdict_is_the_answers_bold_first_line(home: Path) -> None:
    """The seed says "US Secretary of State Marco Rubio met with Prime Minister Shehbaz Sharif on Thursday": a yes/no
    question gets "Yes" as a bold first line, said once; a question after Rubio's words has no verdict line."""
    at = start()
    answer = answer_part(ask(at, "Did Rubio meet Shehbaz Sharif?"))
    assert answer.startswith('<span class="nb-verdict" title="Short answer to a yes/no question">Yes</span>'), answer
    assert "met with Prime Minister Shehbaz Sharif" in answer and "Yes." not in answer
    assert "nb-verdict" not in ask(at, RUBIO)


def test_new_chat_clears_the_conversation(home: Path) -> None:
    at = start()
    examples = [b.label for b in at.button if b.key and b.key.startswith("example-")]
    ask(at, RUBIO)
    at.button(key="new_chat").click().run()
    assert not at.chat_message and [b.label for b in at.button if b.key and b.key.startswith("example-")] == examples
    answer = ask(at, "What else did he condemn?")  # no history now: "he" is nobody
    assert "Searched: “What else did Rubio condemn?”" not in answer


def test_filters_apply_to_retrieval_and_are_shown(home: Path) -> None:
    """The bridge story is Valley Gazette, May 2024; with 'from 2024-06-01' only Coastal Wire's
    June storm story is searchable, so the bridge question finds nothing and the storm one does."""
    at = start()
    assert at.multiselect(key="outlets").options == ["Coastal Wire", "Valley Gazette"]
    assert "reopened to traffic on Monday" in ask(at, "When did the bridge reopen?")
    at.date_input(key="since").set_value(date(2024, 6, 1)).run()
    filtered = ask(at, "When did the bridge reopen?")
    assert "The indexed articles don" in filtered and "Searched with dates: 2024-06-01" in filtered
    assert "lifted the storm warning" in ask(at, "Why was the storm warning lifted?")
    at.date_input(key="since").set_value(None).run()
    at.multiselect(key="outlets").set_value(["Valley Gazette"]).run()
    only_gazette = ask(at, RUBIO)
    assert "The indexed articles don" in only_gazette and "outlets: Valley Gazette" in only_gazette


def test_upload_reports_each_file_and_never_uses_the_name_as_a_path(home: Path, tmp_path: Path) -> None:
    at = start()
    at.radio(key="view").set_value("Library").run()
    assert {m.label: m.value for m in at.metric} == {"Articles": "4", "Chunks": "6", "Outlets": "2"}
    story = b"Harbour reopens\n\nThe harbour reopened on Friday after dredging, the port authority said."
    at.file_uploader(key="files").set_value([
        ("../../outside/harbour.txt", story, "text/plain"),
        ("empty.txt", b"", "text/plain"),
        ("broken.json", b"{not json", "application/json"),
        ("seed-again.txt", (REPO / "seeds" / "000_0274484f05e4e862.txt").read_bytes(), "text/plain"),
        ("huge.txt", b"word " * 5_200_000, "text/plain"),
    ])
    next(b for b in at.button if b.label == "Add files").click().run()
    assert not at.exception
    results = {row["Input"]: row for row in table(at, "Result")}
    assert results["../../outside/harbour.txt"]["Result"] == "added"
    assert results["../../outside/harbour.txt"]["Title"] == "Harbour reopens"
    assert results["empty.txt"]["Result"] == "failed" and "empty" in results["empty.txt"]["Reason"]
    assert results["broken.json"]["Result"] == "failed" and "invalid JSON" in results["broken.json"]["Reason"]
    assert results["seed-again.txt"]["Result"] == "duplicate"
    assert results["huge.txt"]["Result"] == "failed" and results["huge.txt"]["Reason"] == "larger than the 25 MB upload limit"
    assert [plain(w.value) for w in at.warning] == ["Done: 1 added, 1 duplicate, 3 failed."]
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"
    assert not (home.parent / "outside").exists() and not (tmp_path.parent / "outside").exists()
    record = next(r for r in NewsBot(home=home).articles() if r.title == "Harbour reopens")
    assert record.path == "upload:harbour.txt"
    # The same name again: unchanged when the text is the same; another text under the same name is another
    # article (the id comes from the content), so no visitor can replace an article by naming a file after it.
    edited = story.replace(b"on Friday", b"on Saturday")
    at.file_uploader(key="files").set_value([("harbour.txt", story, "text/plain"), ("harbour.txt", edited, "text/plain")])
    next(b for b in at.button if b.label == "Add files").click().run()
    assert [(r["Input"], r["Result"]) for r in table(at, "Result")] == [("harbour.txt", "unchanged"), ("harbour.txt", "added")]
    assert {m.label: m.value for m in at.metric}["Articles"] == "6"
    assert sum(1 for r in NewsBot(home=home).articles() if r.title == "Harbour reopens") == 2


def ask_in_chat(at: AppTest, question: str) -> str:
    at.radio(key="view").set_value("Chat").run()
    return ask(at, question)


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path != "/ferry.html":
            self.send_error(404)
            return
        body = (b"<html><head><title>Ferry service resumes</title></head><body><article><h1>Ferry service resumes</h1>"
                b"<p>The island ferry resumed its daily crossings on Tuesday after the new pier passed its safety "
                b"inspection, the operator said in a statement to passengers.</p><p>Tickets for the first week sold "
                b"out within hours, and extra sailings are planned for the summer season.</p></article></body></html>")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_add_url_reports_added_and_failed(home: Path, site: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_FETCH_ALLOW_PRIVATE", "1")  # the test site is on loopback
    at = start()
    at.radio(key="view").set_value("Library").run()
    for url, status in ((f"{site}/ferry.html", "added"), (f"{site}/missing.html", "failed")):
        at.text_input(key="url").input(url)
        next(b for b in at.button if b.label == "Add URL").click().run()
        assert not at.exception
        [row] = table(at, "Result")
        assert (row["Input"], row["Result"]) == (url, status)
    assert "HTTP 404" in row["Reason"]
    assert "Ferry service resumes" in [r["Title"] for r in table(at, "Id")]


def test_search_and_remove_an_article(home: Path) -> None:
    at = start()
    at.radio(key="view").set_value("Library").run()
    at.text_input(key="library_search").input("gazette").run()
    assert sorted(r["Title"] for r in table(at, "Id")) == ["Bridge reopens after repairs", "Library extends opening hours"]
    at.text_input(key="library_search").input("pakistan").run()
    [title] = [r["Title"] for r in table(at, "Id")]
    assert title.startswith("High-level diplomatic talks")
    at.button(key="remove").click().run()
    assert [plain(s.value) for s in at.success] == [f"Removed “{title}” (3 chunks)."]
    assert {m.label: m.value for m in at.metric} == {"Articles": "3", "Chunks": "3", "Outlets": "2"}
    assert "The indexed articles don" in ask_in_chat(at, RUBIO)


def test_empty_index_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_HOME", str(tmp_path / "empty"))
    at = start()
    assert "No articles are indexed yet" in at.info[0].value and not at.button(key="new_chat").disabled
    answer = ask(at, RUBIO)
    [error] = [plain(e.value) for e in at.error]
    assert error == plain(answer) == "No articles are indexed yet: run `python -m index add seeds/` (or upload some in the UI)."


@pytest.mark.parametrize("env, message", [
    ({"NEWSBOT_TOPK": "5"}, "unknown setting NEWSBOT_TOPK; valid ones: NEWSBOT_HOME"),
    ({"NEWSBOT_CHROMA_URL": "http://127.0.0.1:9"}, "cannot reach the Chroma server at http://127.0.0.1:9"),
])
def test_configuration_and_backend_errors_are_one_message(env: dict[str, str], message: str, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_HOME", str(tmp_path / "home"))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    at = start()
    [error] = [plain(e.value) for e in at.error]
    assert message in error and "Traceback" not in error


def test_public_names() -> None:
    import ui

    assert ui.__all__ == ["chat", "examples", "filters", "library", "render", "shared"]
    for name in ui.__all__:
        __import__(f"ui.{name}")
