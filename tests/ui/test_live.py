"""The live-news parts of the UI: the Library's Feeds (AppTest, with a real feed site on loopback), the
timeline view, and the server's background refresher (a real `streamlit run`)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from bench.feedsite import FeedSite, Item
from bench.harness import AppServer
from index import Index
from index.feeds import Subscriptions, subscribe
from newsbot.access import EXPOSED_REASON
from newsbot.settings import Settings
from tests.conftest import write
from tests.test_timeline import ARTICLES
from tests.ui.conftest import plain, start, table, text_of
from tests.ui.test_browser import browser  # noqa: F401 (the real-browser fixture)


@pytest.fixture
def open_fetching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_FETCH_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("NEWSBOT_FEED_HOST_DELAY", "0")


def site_with_feed(site: FeedSite) -> str:
    items = [Item(site.article(f"/news/{i}", title, body, day), title, day, "summary")
             for i, (day, _, title, body) in enumerate(ARTICLES[2:4])]
    return site.feed("/feed.xml", "Harbour Post", items)


def library() -> AppTest:
    at = start()
    at.radio(key="view").set_value("Library").run()
    assert not at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


def articles(at: AppTest) -> int:
    return int({m.label: m.value for m in at.metric}["Articles"])


def test_the_feeds_part_subscribes_refreshes_and_unsubscribes(home: Path, open_fetching: None) -> None:
    at = library()
    before = articles(at)
    assert "No feed subscriptions yet." in " ".join(plain(c.value) for c in at.caption)
    with FeedSite() as site:
        feed = site_with_feed(site)
        at.text_input(key="feed_url").input(feed)
        at.text_input(key="feed_every").input("2h")
        click(at, "Subscribe")
        assert plain(at.success[0].value).startswith("Subscribed to Harbour Post")
        row = table(at, "Items added")[0]
        assert (row["Title"], row["Every"], row["Last refresh"], row["Items added"]) == ("Harbour Post", "2h", "never", 0)
        click(at, "Refresh now")
    assert plain(at.success[0].value) == f"2 added: {feed} (Harbour Post)"
    assert articles(at) == before + 2
    row = table(at, "Items added")[0]
    assert row["Items added"] == 2 and row["Last refresh"] != "never" and row["Last error"] == ""
    at.selectbox(key="feed_choice").set_value(feed).run()
    click(at, "Unsubscribe")
    assert "its 2 articles stay in the library" in plain(at.success[0].value)
    assert "No feed subscriptions yet." in " ".join(plain(c.value) for c in at.caption)


def test_feed_changes_obey_the_write_policy(home: Path, open_fetching: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read-only and exposed-without-password show the subscriptions but no way to change them; a failing feed's
    error is shown in its row."""
    with FeedSite() as site:
        feed = site_with_feed(site)
        settings = Settings.load()
        subscribe(Subscriptions(settings), feed, settings)
        site.page("/feed.xml", "<html><body><p>moved</p></body></html>")
        at = library()
        click(at, "Refresh now")
    assert "now returns a web page, not a feed" in plain(at.warning[0].value)
    assert "now returns a web page" in table(at, "Last error")[0]["Last error"]

    from streamlit import config

    for setting in ("read_only", "exposed"):
        if setting == "read_only":
            monkeypatch.setenv("NEWSBOT_READ_ONLY", "1")
        else:
            monkeypatch.delenv("NEWSBOT_READ_ONLY")
            config.set_option("server.address", "0.0.0.0")
        at = library()
        labels = {b.label for b in at.button}
        assert not labels & {"Subscribe", "Refresh now", "Unsubscribe"}, setting
        assert not [t for t in at.text_input if t.key == "feed_url"]
        assert table(at, "Last error")[0]["Title"] == "Harbour Post"
    assert [plain(i.value) for i in at.info] == [EXPOSED_REASON]


def test_the_timeline_view_draws_coverage_and_links_each_event_to_its_source(tmp_path: Path, embedder: Any,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "story"
    for i, (day, outlet, title, body) in enumerate(ARTICLES):
        write(folder / f"{i}.json", json.dumps({"title": title, "source": outlet, "published_at": day, "body": body,
                                                "url": f"https://news.example/{i}"}))
    Index(Settings.load(home=tmp_path / "home"), embedder=embedder).add([str(folder)])
    monkeypatch.setenv("NEWSBOT_HOME", str(tmp_path / "home"))
    at = start()
    at.radio(key="view").set_value("Timeline").run()
    at.text_input(key="timeline_topic").input("Harbourford bridge collapse")
    click(at, "Show timeline")
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    assert spec["mark"]["type"] == "bar" and spec["encoding"]["color"]["field"] == "outlet"
    shown = "\n".join(text_of(h) for h in at.get("html"))
    assert shown.count('<li class="nb-event">') == 4
    assert '<a class="nb-cite" href="#nb-tl-src-1">&#91;1&#93;</a><a class="nb-cite" href="#nb-tl-src-2">' in shown
    for n in range(1, 6):
        assert f'<div id="nb-tl-src-{n}">' in shown
    assert "<b>2 October 2023</b> · Coastal Wire, Valley Gazette" in shown or \
        "<b>2 October 2023</b> · Valley Gazette, Coastal Wire" in shown
    assert "<mark>" in shown  # each source shows its quote in its paragraph


@pytest.mark.parametrize("on", [True, False])
def test_the_server_refreshes_feeds_in_the_background_unless_told_not_to(seed_home: Path, tmp_path: Path,
                                                                          on: bool) -> None:
    """A real `streamlit run` with a due subscription: new articles reach the index while nobody uses the page (and
    a reader in another process sees them); with NEWSBOT_REFRESH_IN_UI=0 nothing is fetched."""
    home = tmp_path / "home"
    shutil.copytree(seed_home, home)
    env = {"NEWSBOT_FETCH_ALLOW_PRIVATE": "1", "NEWSBOT_FEED_HOST_DELAY": "0", "NEWSBOT_REFRESH_IN_UI": "1" if on else "0"}
    with FeedSite() as site:
        feed = site_with_feed(site)
        settings = Settings.load(home=home, fetch_allow_private=True)
        subscribe(Subscriptions(settings), feed, settings)
        reader = Index(settings)
        with AppServer(home, env=env, timeout=120) as app:
            deadline = time.time() + (120 if on else 15)
            while time.time() < deadline and len(_synced(reader)) < 3:
                time.sleep(0.5)
            output = app.output()
        fetched = [p for p, _ in site.requests if p.startswith("/news/")]
    if on:
        assert len(_synced(reader)) == 3, output
        assert sorted(fetched) == ["/news/0", "/news/1"]
        assert Subscriptions(settings).all()[0].items_added == 2
    else:
        assert len(_synced(reader)) == 1 and site.fetched("/feed.xml") == 1  # only `subscribe` read the feed


def _synced(reader: Index) -> list[Any]:
    reader.store.sync()  # as a reader does before each question
    return reader.articles()


def test_in_a_browser_the_timeline_draws_and_each_marker_leads_to_its_source(browser: Any, tmp_path: Path,  # noqa: F811
                                                                               embedder: Any) -> None:
    """A real chromium on `streamlit run`: the chart is drawn with nothing fetched from elsewhere, the four events
    show, and clicking an event's [5] goes to source 5 in the panel (the ids and links survive Streamlit's HTML
    sanitizer)."""
    folder = tmp_path / "story"
    for i, (day, outlet, title, body) in enumerate(ARTICLES):
        write(folder / f"{i}.json", json.dumps({"title": title, "source": outlet, "published_at": day, "body": body,
                                                "url": f"https://news.example/{i}"}))
    Index(Settings.load(home=tmp_path / "home"), embedder=embedder).add([str(folder)])
    with AppServer(tmp_path / "home", env={"NEWSBOT_REFRESH_IN_UI": "0"}) as app:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(app.url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        page.get_by_text("Timeline", exact=True).click()
        page.get_by_label("Story").fill("Harbourford bridge collapse")
        page.get_by_role("button", name="Show timeline").click()
        page.locator("li.nb-event").first.wait_for(timeout=90_000)
        assert page.locator("li.nb-event").count() == 4
        page.get_by_test_id("stVegaLiteChart").locator("canvas, svg").first.wait_for(timeout=30_000)
        assert page.locator("#nb-tl-src-5 .nb-source-title").inner_text().endswith("Council approves new Harbourford bridge")
        page.locator('a[href="#nb-tl-src-5"]').click()
        assert page.evaluate("location.hash") == "#nb-tl-src-5"
        page.close()
    assert all(url.startswith(app.url.rstrip("/")) or url.startswith(("data:", "blob:")) for url in requests), \
        [u for u in requests if not u.startswith(app.url.rstrip("/"))]
