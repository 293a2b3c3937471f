"""Feed subscriptions against real news sites on loopback (`bench.feedsite.FeedSite`), with the opt-in set.

Each test builds the feeds and article pages it needs, refreshes with the real refresher (real
fetching, trafilatura, the real model and Chroma) and checks what was requested, what was stored
and what each feed's line says.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bench.feedsite import FeedSite, Item
from index import Index
from index.feeds import Subscription, Subscriptions, subscribe
from index.fetch import UNREACHABLE
from index.lock import refresh_lock
from index.refresh import Refresher
from newsbot.errors import IngestError
from newsbot.settings import Settings
from tests.conftest import REPO, assert_whole, backend_env

TOWNS = ["Aldport", "Brennick", "Calloway", "Dunmere", "Eastwick", "Farrowby", "Glenholt", "Harwick", "Ivybridge",
         "Jesmond", "Kelbrook", "Linthorpe"]


_TOPICS = [("voted on Tuesday to rebuild the harbour wall after the winter storms damaged it", "the builders start in spring"),
           ("opened a new library in the old corn exchange", "the reading room seats two hundred people"),
           ("approved a cycle lane along the river road", "shops on the road asked for more loading bays"),
           ("closed the swimming baths for repairs to the roof", "the pool should reopen before the school holidays"),
           ("agreed to plant four hundred trees in the park", "volunteers will water them through the first summer"),
           ("raised parking charges in the town centre", "traders fear fewer shoppers on Saturdays")]


def story(town: str, n: int = 0) -> str:
    """A distinct short news article about `town` (one chunk); stories about different towns share few phrases."""
    n = TOWNS.index(town) if town in TOWNS else n
    what, detail = _TOPICS[n % len(_TOPICS)]
    return (f"The {town} council {what}.\n{town} residents were told that {detail}, and that the cost of "
            f"{n + 3} million pounds would come from the {town} reserves.\n"
            f"A spokesperson for {town} said a public meeting would be held in {n + 2} weeks at the {town} town hall.")


def settings_for(home: Path, **extra: Any) -> Settings:
    """float32 vectors: the indexes the CLI makes here are opened in-process with the shared `embedder` fixture."""
    return Settings.load(**{"home": home, "fetch_allow_private": True, "feed_host_delay": 0.0, "fetch_timeout": 3.0,
                            "embed_precision": "float32", **extra})


def publish(site: FeedSite, towns: list[str], feed: str = "/feed.xml", title: str = "Coastal Wire", **item: Any) -> list[Item]:
    """An article page per town and a feed listing them (newest first)."""
    items = []
    for day, town in enumerate(towns, start=1):
        link = site.article(f"/news/{town.lower()}", f"{town} to rebuild harbour wall", story(town, day),
                            f"2024-06-{day:02d}", "Ann Reporter")
        items.append(Item(link, f"{town} to rebuild harbour wall", f"2024-06-{day:02d}T09:00:00Z",
                          f"Summary: {town} rebuilds its wall.", author="Ann Reporter", **item))
    site.feed(feed, title, items[::-1])
    return items


def refresh(index: Index, **kwargs: Any) -> dict[str, Any]:
    results = Refresher(index).run(**kwargs)
    return {r.url: r for r in results}


def test_items_appear_across_refreshes_only_new_ones_are_fetched_and_a_304_costs_one_request(tmp_path: Path,
                                                                                              embedder: Any) -> None:
    """Three items, then a no-change pass (the feed answers 304 to its ETag: nothing else is requested), then two
    new items: only their two pages are fetched. Each article keeps the item's date, author and outlet."""
    index = Index(settings_for(tmp_path / "home"), embedder=embedder)
    with FeedSite() as site:
        publish(site, TOWNS[:3])
        subscribe(Subscriptions(index.settings), site.url("/feed.xml"), index.settings)
        first = refresh(index)[site.url("/feed.xml")]
        assert (first.status, first.added) == ("added", 3) and first.line().startswith("3 added: ")
        records = {r.title: r for r in index.articles()}
        aldport = records["Aldport to rebuild harbour wall"]
        assert (aldport.source, aldport.published_at[:10], aldport.author, aldport.summary) == \
            ("Coastal Wire", "2024-06-01", "Ann Reporter", False)
        assert "A spokesperson for Aldport said a public meeting" in index.article_text(aldport.id)  # the page, not the summary
        assert aldport.path == "feed:" + site.url("/feed.xml")

        before = len(site.requests)
        again = refresh(index, everything=True)[site.url("/feed.xml")]
        assert (again.status, again.reason) == ("unchanged", "not modified")
        assert [p for p, _ in site.requests[before:]] == ["/feed.xml"]
        assert site.requests[-1][1].get("If-None-Match", "").startswith('"')

        publish(site, TOWNS[:5])
        before = len(site.requests)
        third = refresh(index, everything=True)[site.url("/feed.xml")]
        assert (third.status, third.added, third.updated) == ("added", 2, 0)
        fetched = sorted(p for p, _ in site.requests[before:] if p.startswith("/news/"))
        assert fetched == ["/news/dunmere", "/news/eastwick"]
    assert len(index.articles()) == 5
    sub = Subscriptions(index.settings).all()[0]
    assert (sub.items_added, sub.title, sub.last_error) == (5, "Coastal Wire", "")
    assert_whole(index, 5)


def test_robots_txt_and_a_404_keep_the_feed_s_summary_marked_as_one(tmp_path: Path, embedder: Any) -> None:
    """robots.txt disallows /private/: that page is never requested. Another link answers 404. Both items are
    kept with the feed's own text, marked `summary`, and the feed's line says why."""
    index = Index(settings_for(tmp_path / "home"), embedder=embedder)
    with FeedSite() as site:
        site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        site.article("/private/leak", "Secret plans", story("Glenholt"))
        items = [Item(site.url("/private/leak"), "Glenholt plans", "2024-06-05", "Glenholt council publishes its plans "
                      "for the harbour wall and the ferry timetable."),
                 Item(site.url("/gone"), "Harwick ferry", "2024-06-06", "Harwick ferry services resume on Monday after "
                      "the repairs to the slipway were finished.", source="Harwick Herald"),
                 Item(site.article("/news/ok", "Kelbrook market moves", story("Kelbrook")), "Kelbrook market moves",
                      "2024-06-07", "short")]
        site.feed("/feed.xml", "Coastal Wire", items)
        subscribe(Subscriptions(index.settings), site.url("/feed.xml"), index.settings)
        result = refresh(index)[site.url("/feed.xml")]
        assert site.fetched("/private/leak") == 0 and site.fetched("/robots.txt") == 1
    assert (result.added, result.summaries) == (3, 2)
    assert "robots.txt does not allow" in result.line() and any("HTTP 404" in n for n in result.notes)
    records = {r.title: r for r in index.articles()}
    assert records["Glenholt plans"].summary and records["Harwick ferry"].summary
    assert not records["Kelbrook market moves"].summary
    assert records["Harwick ferry"].source == "Harwick Herald"  # the item's own outlet, not the feed's
    assert index.article_text(records["Harwick ferry"].id).startswith("Harwick ferry services resume on Monday")


def test_slow_malformed_and_html_feeds_fail_alone_and_back_off(tmp_path: Path, embedder: Any) -> None:
    """A feed slower than the deadline, a malformed one and a good one in one pass: the good one is written, the
    others fail with their reason and are tried again later (twice the interval after one failure, four times
    after two). Then the good feed's address starts returning a web page: it fails too, and says so."""
    index = Index(settings_for(tmp_path / "home", fetch_timeout=1.5), embedder=embedder)
    book = Subscriptions(index.settings)
    with FeedSite() as site:
        publish(site, TOWNS[:2])
        site.feed("/slow.xml", "Slow News", [], delay=5)
        site.page("/broken.xml", "<rss><channel><title>Broken</title><item><title>x</item>", "application/rss+xml")
        subscribe(book, site.url("/feed.xml"), index.settings, every="10m")
        for path in ("/slow.xml", "/broken.xml"):  # `subscribe` itself would refuse them
            book.add(Subscription(url=site.url(path), feed=site.url(path), every=600.0))
        started = time.time()
        order: list[str] = []
        results = {r.url: r for r in Refresher(index).run(on_result=lambda r: order.append(r.url))}
        assert time.time() - started < 15
        assert order[-1] == site.url("/slow.xml")  # the good feed was written without waiting for it
        assert results[site.url("/feed.xml")].added == 2
        assert results[site.url("/slow.xml")].status == "failed"  # no answer within the deadline: unreachable
        assert results[site.url("/broken.xml")].status == "failed"
        assert "not a readable RSS/Atom feed" in results[site.url("/broken.xml")].line()
        slow = book.get(site.url("/slow.xml"))
        assert slow is not None and slow.failures == 1 and slow.last_error
        assert 1190 <= slow.next_refresh - started <= 1200 + 20
        refresh(index, urls=[site.url("/slow.xml")])
        slow = book.get(site.url("/slow.xml"))
        assert slow is not None and slow.failures == 2 and slow.next_refresh - time.time() > 2300

        site.page("/feed.xml", "<html><body><h1>We moved</h1><p>Our news is now elsewhere.</p></body></html>")
        changed = refresh(index, urls=[site.url("/feed.xml")])[site.url("/feed.xml")]
    assert changed.status == "failed" and "now returns a web page, not a feed" in changed.reason
    assert len(index.articles()) == 2


def test_syndicated_copies_and_the_same_link_in_two_feeds_are_stored_once(tmp_path: Path, embedder: Any) -> None:
    """Two feeds carry the same wire story on different pages (a dateline and a footer added), and the same
    link: one article each."""
    index = Index(settings_for(tmp_path / "home"), embedder=embedder)
    book = Subscriptions(index.settings)
    with FeedSite() as site:
        wire = story("Linthorpe") + "\nThe mayor said the work was long overdue and thanked the volunteers who kept the quay open."
        a = site.article("/a/linthorpe", "Linthorpe rebuilds wall", wire, "2024-06-03")
        b = site.article("/b/linthorpe-copy", "Harbour wall to be rebuilt",
                         "LINTHORPE (Wire) - " + wire + "\nDistributed by the Wire service.", "2024-06-03")
        shared = site.article("/shared", "Jesmond ferry", story("Jesmond"), "2024-06-04")
        site.feed("/one.xml", "One", [Item(a, "Linthorpe rebuilds wall", "2024-06-03"), Item(shared, "Jesmond ferry", "2024-06-04")])
        site.feed("/two.xml", "Two", [Item(b, "Harbour wall to be rebuilt", "2024-06-03"), Item(shared, "Jesmond ferry", "2024-06-04")])
        subscribe(book, site.url("/one.xml"), index.settings)
        subscribe(book, site.url("/two.xml"), index.settings)
        results = refresh(index)
        assert site.fetched("/shared") == 1
    assert sum(r.added for r in results.values()) == 2
    assert sum(r.duplicates for r in results.values()) == 1
    titles = sorted(r.title for r in index.articles())  # which copy is kept depends on which feed was written first
    assert titles in (["Harbour wall to be rebuilt", "Jesmond ferry"], ["Jesmond ferry", "Linthorpe rebuilds wall"])


def test_a_page_s_canonical_url_counts_only_on_its_own_host(tmp_path: Path, embedder: Any) -> None:
    """An AMP copy naming its canonical page on its own host is stored under that address; a page claiming another
    site's address as its canonical one is stored under its own link (it can't take over that site's article)."""
    from bench.feedsite import article_html

    index = Index(settings_for(tmp_path / "home"), embedder=embedder)
    with FeedSite() as site:
        def page(path: str, canonical: str, town: str) -> str:
            html = article_html(f"{town} news", story(town), "2024-06-02")
            return site.page(path, html.replace("<head>", f'<head><link rel="canonical" href="{canonical}">'))

        amp = page("/amp/kelbrook", site.url("/news/kelbrook"), "Kelbrook")
        evil = page("/evil", "https://news.example/0", "Marsden")
        site.feed("/feed.xml", "Wire", [Item(amp, "Kelbrook news", "2024-06-02"), Item(evil, "Marsden news", "2024-06-02")])
        subscribe(Subscriptions(index.settings), site.url("/feed.xml"), index.settings)
        refresh(index)
        urls = {r.title: r.url for r in index.articles()}
        assert urls == {"Kelbrook news": site.url("/news/kelbrook"), "Marsden news": evil}


def test_keep_days_prunes_old_feed_articles_but_never_hand_added_ones(tmp_path: Path, embedder: Any) -> None:
    """With NEWSBOT_KEEP_DAYS=30 and 'now' on 2024-07-01, an item from May is not fetched into the index, an
    article added by hand in May stays."""
    now = 1719792000.0  # 2024-07-01T00:00:00Z
    index = Index(settings_for(tmp_path / "home", keep_days=30), embedder=embedder)
    (tmp_path / "may.txt").write_text("Title: Old hand-added story\nDate: 2024-05-01\n\n" + story("Farrowby") + "\n")
    index.add([str(tmp_path / "may.txt")])
    with FeedSite() as site:
        old = site.article("/old", "Eastwick in May", story("Eastwick"), "2024-05-02")
        new = site.article("/new", "Ivybridge in June", story("Ivybridge"), "2024-06-20")
        site.feed("/feed.xml", "Wire", [Item(new, "Ivybridge in June", "2024-06-20"), Item(old, "Eastwick in May", "2024-05-02")])
        subscribe(Subscriptions(index.settings), site.url("/feed.xml"), index.settings, now=now)
        Refresher(index, clock=lambda: now).run()
    assert sorted(r.title for r in index.articles()) == ["Ivybridge in June", "Old hand-added story"]
    Refresher(index, clock=lambda: now + 20 * 86400).run(everything=True)  # 2024-07-21: the June item is now too old
    assert [r.title for r in index.articles()] == ["Old hand-added story"]


def test_subscribe_finds_the_feed_a_page_links_to_and_refuses_private_addresses_without_the_opt_in(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with FeedSite() as site:
        publish(site, TOWNS[:1], feed="/rss/news.xml", title="Valley Gazette")
        site.page("/", '<html><head><link rel="alternate" type="application/rss+xml" href="/rss/news.xml"></head>'
                       "<body><p>Welcome</p></body></html>")
        sub = subscribe(Subscriptions(settings_for(home)), site.url("/"), settings_for(home), every="2h")
        assert (sub.feed, sub.title, sub.every) == (site.url("/rss/news.xml"), "Valley Gazette", 7200.0)
        with pytest.raises(IngestError) as refused:
            subscribe(Subscriptions(Settings.load(home=home)), site.url("/rss/news.xml"), Settings.load(home=home))
        assert refused.value.reason == UNREACHABLE
        site.page("/plain", "<html><body><p>No feeds here at all, only words.</p></body></html>")
        with pytest.raises(IngestError, match="no RSS or Atom feed here"):
            subscribe(Subscriptions(settings_for(home)), site.url("/plain"), settings_for(home))
        assert len(site.requests) >= 3


def _cli(home: Path, *args: str, **popen: Any) -> subprocess.Popen[str]:
    env = backend_env(settings_for(home))
    return subprocess.Popen([sys.executable, "-m", "index", *args], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def test_the_commands_and_a_second_refresher_skips(tmp_path: Path) -> None:
    """subscribe / subscriptions / refresh / unsubscribe in the terminal; while another refresher holds the home,
    `refresh` says so, names it, and fetches nothing."""
    home = tmp_path / "home"
    with FeedSite() as site:
        publish(site, TOWNS[:2])
        out, err = _cli(home, "subscribe", site.url("/feed.xml"), "--every", "45m").communicate(timeout=120)
        assert out.startswith(f"subscribed: {site.url('/feed.xml')} (Coastal Wire), every 45m"), err
        with refresh_lock(settings_for(home)):
            before = len(site.requests)
            process = _cli(home, "refresh")
            out, err = process.communicate(timeout=120)
            assert process.returncode == 0 and "skipped: another feed refresher" in err and "process " in err
            assert len(site.requests) == before
        process = _cli(home, "refresh")
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert out.strip() == f"2 added: {site.url('/feed.xml')} (Coastal Wire)"
        out, _ = _cli(home, "subscriptions", "--json").communicate(timeout=60)
        row = json.loads(out)[0]
        assert (row["Title"], row["Items added"], row["Every"], row["Last error"]) == ("Coastal Wire", 2, "45m", "")
        assert row["Last refresh"] != "never" and row["Next refresh"] > row["Last refresh"]
        out, _ = _cli(home, "unsubscribe", site.url("/feed.xml")).communicate(timeout=60)
        assert "its 2 articles stay indexed" in out
        assert Subscriptions(settings_for(home)).all() == []


def test_watch_stopped_by_sigterm_mid_refresh_then_run_again_gives_the_same_index(tmp_path: Path, embedder: Any) -> None:
    """`watch` over two feeds of six slow pages each gets SIGTERM while the pages are being fetched: it ends at once
    and cleanly (exit 0, 'stopped'), the index is consistent and the feeds are still due. `refresh` then completes
    the pass; the index equals a clean home's refreshed in one go (ids, texts, metadata)."""
    with FeedSite() as site:
        for feed, towns in (("/one.xml", TOWNS[:6]), ("/two.xml", TOWNS[6:])):
            items = publish(site, towns, feed=feed, title=feed.strip("/").removesuffix(".xml").title())
            for item in items:
                path = item.link.removeprefix(site.url(""))
                site.pages[path].delay = 0.4
        homes = {"killed": tmp_path / "killed", "clean": tmp_path / "clean"}
        for home in homes.values():
            for feed in ("/one.xml", "/two.xml"):
                subscribe(Subscriptions(settings_for(home)), site.url(feed), settings_for(home))
        watcher = _cli(homes["killed"], "watch")
        deadline = time.time() + 120
        while sum(1 for p, _ in site.requests if p.startswith("/news/")) < 3 and time.time() < deadline:
            time.sleep(0.05)
        watcher.send_signal(signal.SIGTERM)
        stopped_at = time.time()
        out, err = watcher.communicate(timeout=120)
        assert watcher.returncode == 0 and out.rstrip().endswith("stopped"), err
        assert time.time() - stopped_at < 30
        killed = Index(settings_for(homes["killed"]), embedder=embedder)
        assert_whole(killed)
        assert len(killed.articles()) < 12
        assert all(s.due(time.time()) for s in Subscriptions(killed.settings).all())
        process = _cli(homes["killed"], "refresh")
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        clean = Index(settings_for(homes["clean"]), embedder=embedder)
        Refresher(clean).run()
    print(out)
    killed = Index(settings_for(homes["killed"]), embedder=embedder)  # as a new process sees it
    assert_whole(killed, 12)
    assert _contents(killed) == _contents(clean)


def _contents(index: Index) -> dict[str, tuple[str, dict[str, Any]]]:
    return {chunk_id: (text, meta) for chunk_id, text, meta in index.store.all_chunks()}
