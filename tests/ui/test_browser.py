"""End to end in a real headless chromium: `streamlit run ui/app.py` on a free loopback port.

The app serves a temp copy of the seed index plus one article full of HTML and Markdown that
points at a local "trap" server. In the browser: the Rubio question gets its cited answer and
the sources panel opens on the marked quote (a screenshot goes to tests/artifacts/); the
markup-laden article is asked about, its sources opened and the library and outlet list shown,
and nothing is fetched from the trap, no script runs, and the markup is on the page as text.
Five browser sessions asking at once against the one server each get their own answer.

The library's guards in the browser: the URL box given a server path refuses it; a read-only
server shows no way to change anything; a server reachable from other machines with an admin
password asks for it once per browser session.

Uses Debian's chromium through the playwright package (no browser download); skips with the
reason when either is missing, except under CI (`CI=true`, set by .ci/run), where that fails.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bench.harness import AppServer, ask, chromium, launch, submit, wait_for_answer
from index import Index
from newsbot.settings import Settings
from tests.conftest import REPO
from tests.ui.conftest import RUBIO, evil_article

ARTIFACTS = REPO / "tests" / "artifacts"
QUOTE = "He described the January 31 attacks by the Balochistan Liberation Army in Balochistan as horrific."


class _Trap(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Trap.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def trap() -> Iterator[str]:
    """A loopback server that records every request: the article's images and scripts point here."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    missing = pytest.fail if os.environ.get("CI") else pytest.skip  # in CI a missing browser is a failure
    path = chromium()
    if path is None:
        missing("no chromium found at /usr/bin/chromium or on PATH: `apt-get install chromium` (.ci/run does) "
                "to run the browser test")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is missing: pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        instance = launch(playwright, path)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def app(seed_home: Path, embedder, trap: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    home = tmp_path_factory.mktemp("browser-home")
    shutil.copytree(seed_home, home, dirs_exist_ok=True)
    report = Index(Settings.load(home=home), embedder=embedder).add_bytes("harbour.txt", evil_article(trap).encode())
    assert report.count("added") == 1
    with AppServer(home) as server:
        yield server


@pytest.fixture
def page(browser: Any, app: AppServer) -> Iterator[Any]:
    """A fresh page (its own Streamlit session) that records where it sent requests and any dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.requests = []
    page.dialogs = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(app.url)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
    yield page
    context.close()


def test_ask_rubio_see_the_citation_and_open_the_sources(page: Any, app: AppServer) -> None:
    ask(page, RUBIO)
    answer = page.locator('[data-testid="stChatMessage"] .nb-answer').last
    assert "Rubio described the January 31 attacks" in answer.inner_text()
    assert answer.locator("sup.nb-cite").inner_text() == "[1]"
    page.locator('[data-testid="stExpander"] summary').last.click()
    mark = page.locator(".nb-context mark").last
    mark.wait_for(state="visible")
    assert mark.inner_text() == QUOTE
    context = page.locator(".nb-context").last.inner_text()
    assert "Rubio expressed condolences over recent attacks in Pakistan." in context
    page.wait_for_timeout(800)  # let the panel finish opening before the screenshot
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "ui-rubio.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert {url.split("/")[2] for url in page.requests} == {f"127.0.0.1:{app.port}"}
    assert not page.dialogs


def test_article_markup_shows_as_text_and_fetches_nothing(page: Any, app: AppServer, trap: str) -> None:
    for question in ("When was the harbour dredging finished?", "When could container ships return to the harbour?"):
        ask(page, question)
    for summary in page.locator('[data-testid="stExpander"] summary').all():
        summary.click()
    page.locator(".nb-context mark").nth(1).wait_for(state="visible")
    text = page.get_by_test_id("stMainBlockContainer").inner_text()
    assert f'<img src="{trap}/body.png" onerror="window.__pwned=1">' in text
    assert f'<script>window.__pwned=2;fetch("{trap}/script.js")</script>' in text
    assert f"![pic]({trap}/md.png)" in text and f"[the notice]({trap}/link)" in text
    assert f'Harbour <img src="{trap}/title.png"> reopens ![t]({trap}/title-md.png)' in text
    page.get_by_test_id("stMultiSelect").click()  # the outlet list: "Harbour <b>Wire</b>" as an option
    assert page.get_by_text("Harbour <b>Wire</b>", exact=True).count() >= 1
    page.keyboard.press("Escape")
    page.get_by_test_id("stRadioGroup").get_by_text("Library", exact=True).click()  # the page picker, not a heading
    page.get_by_text("Upload files").wait_for()
    page.get_by_test_id("stSelectbox").click()  # the article to remove, listed by its title
    page.wait_for_timeout(1500)  # time for any image or script to be requested
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "ui-markup.png"), full_page=True)
    assert _Trap.hits == []
    assert not [url for url in page.requests if url.startswith(trap)]
    assert page.locator(f'img[src^="{trap}"], script[src^="{trap}"], a[href^="{trap}"]').count() == 0
    assert page.evaluate("window.__pwned") is None and not page.dialogs


SESSIONS = [  # five visitors at once, each with its own question and a fact only its answer has
    ("What did Rubio say about Balochistan?", "horrific"),
    ("What did Rubio thank Pakistan for?", "20-point plan"),
    ("Who did Marco Rubio meet?", "Shehbaz Sharif"),
    ("What did Tommy Pigott say?", "commercial investment"),
    ("What did Rubio condemn?", "February 6"),
]


def test_five_sessions_asking_at_once_each_get_their_own_answer(browser: Any, app: AppServer) -> None:
    contexts = [browser.new_context(viewport={"width": 1000, "height": 800}) for _ in SESSIONS]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.goto(app.url)
        for page in pages:
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        before = [submit(page, question) for page, (question, _) in zip(pages, SESSIONS, strict=True)]
        for page, count in zip(pages, before, strict=True):
            wait_for_answer(page, count, timeout_ms=120_000)
        for page, (question, fact) in zip(pages, SESSIONS, strict=True):
            messages = page.get_by_test_id("stChatMessage")
            assert messages.count() == 2, f"{question}: expected one question and one answer"
            answer = page.locator('[data-testid="stChatMessage"] .nb-answer').last
            assert fact in answer.inner_text(), f"{question}: {answer.inner_text()!r}"
            assert answer.locator("sup.nb-cite").count() >= 1
            assert question in messages.first.inner_text()
    finally:
        for context in contexts:
            context.close()


def open_library(browser: Any, url: str) -> Any:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(url)
    page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
    page.get_by_test_id("stRadioGroup").get_by_text("Library", exact=True).click()  # the page picker, not a heading
    page.get_by_text("Articles", exact=True).first.wait_for()
    return page


def test_the_url_box_refuses_a_path_on_the_server(browser: Any, app: AppServer, tmp_path_factory: pytest.TempPathFactory) -> None:
    secret = tmp_path_factory.mktemp("private") / "notes.txt"
    secret.write_text("Private notes\n\nThe safe code is 1234, the owner of the house said on Monday.\n")
    page = open_library(browser, app.url)
    try:
        for typed in (str(secret.parent), str(secret)):
            page.get_by_label("URL (http or https)").fill(typed)
            page.get_by_role("button", name="Add URL").click()
            page.get_by_text("Type a web address starting with http:// or https://").wait_for()
        assert "safe code" not in page.content()
        search = page.get_by_label("Search titles and outlets")
        search.fill("notes")
        search.press("Enter")
        page.get_by_text("0 of 2 articles").wait_for()
    finally:
        page.context.close()


@pytest.fixture(scope="module")
def guarded(seed_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppServer, AppServer]]:
    """Two more servers on the seed: one read-only on loopback, one on every interface with an admin password."""
    home = tmp_path_factory.mktemp("guarded-home")
    shutil.copytree(seed_home, home, dirs_exist_ok=True)
    with AppServer(home, env={"NEWSBOT_READ_ONLY": "1"}) as read_only, \
            AppServer(home, env={"NEWSBOT_ADMIN_PASSWORD": "correct horse"}, address="0.0.0.0") as locked:
        yield read_only, locked


def test_read_only_shows_no_way_to_change_the_library(browser: Any, guarded: tuple[AppServer, AppServer]) -> None:
    page = open_library(browser, guarded[0].url)
    try:
        page.get_by_text("This library is read-only").wait_for()
        page.get_by_test_id("stDataFrame").first.wait_for()
        for label in ("Add files", "Add URL", "Remove article", "Unlock"):
            assert page.get_by_role("button", name=label).count() == 0, label
        assert page.get_by_test_id("stFileUploader").count() == 0
    finally:
        page.context.close()


def test_the_admin_password_is_asked_once_per_browser_session(browser: Any, guarded: tuple[AppServer, AppServer]) -> None:
    server = guarded[1]
    page = open_library(browser, server.url)
    try:
        assert page.get_by_role("button", name="Add URL").count() == 0
        page.get_by_label("Admin password").fill("guess")
        page.get_by_role("button", name="Unlock").click()
        page.get_by_text("Wrong password.").wait_for()
        page.get_by_label("Admin password").fill("correct horse")
        page.get_by_role("button", name="Unlock").click()
        page.get_by_role("button", name="Add URL").wait_for()
        page.get_by_test_id("stRadioGroup").get_by_text("Chat", exact=True).click()  # away and back: not asked again
        page.get_by_test_id("stChatInputTextArea").wait_for()
        page.get_by_test_id("stRadioGroup").get_by_text("Library", exact=True).click()  # the page picker, not a heading
        page.get_by_role("button", name="Remove article").wait_for()
        assert page.get_by_label("Admin password").count() == 0
        page.reload()  # a new browser session is asked again
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        page.get_by_test_id("stRadioGroup").get_by_text("Library", exact=True).click()  # the page picker, not a heading
        page.get_by_label("Admin password").wait_for()
        assert "correct horse" not in server.output() and "guess" not in server.output()
    finally:
        page.context.close()
