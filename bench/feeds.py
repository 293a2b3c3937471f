"""Feed refresh benchmark: 20 loopback news sites × 50 items, and `timeline()` on the MultiHop-RAG index.

    python -m bench.feeds [--feeds 20] [--items 50] [--delay 0.05] [--timeline-home H] [--no-write]

1. Each feed is its own site on its own loopback address (127.0.0.10, .11, ...: its own host to the
   refresher's per-host delay and concurrency), with robots.txt and an article page per item
   (about 220 words of generated news text each, distinct from one another).
2. First refresh of every subscription into an empty home: time, articles and chunks written, requests,
   the process's peak RSS (model included).
3. A refresh with no change: every feed answers 304 to its ETag. Compared with the network floor: the
   same 20 conditional GETs through `index/fetch.py`, in as many threads as the refresher uses.
4. A refresh after 5 new items (one in each of 5 feeds): time, requests, articles added.
5. With --timeline-home (a copy of the MultiHop-RAG index: it is opened for writing), `NewsBot.timeline()`
   p50 over a few stories, warm, and the FTX trial and OpenAI board events with their sources, each
   checked: quoted at its offsets in its article, dated by its article.

Prints the figures and writes them to docs/BENCHMARKS.md (section "feeds").
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from bench.feedsite import FeedSite, Item
from bench.report import git_revision, peak_rss_mb, write_section

STORIES = ["FTX trial", "OpenAI board fight", "Sam Altman", "Federal Reserve interest rates", "Israel Hamas war", "Google antitrust trial"]
_PLACES = ["Aldport", "Brennick", "Calloway", "Dunmere", "Eastwick", "Farrowby", "Glenholt", "Harwick", "Ivybridge", "Jesmond",
           "Kelbrook", "Linthorpe", "Marsden", "Northam", "Oakhurst", "Pendle", "Quarrington", "Redmire", "Selby", "Thornaby"]
_PEOPLE = ["Ann Hale", "Ben Ortiz", "Cara Singh", "Dev Patel", "Ella Moss", "Finn Kerr", "Gita Rao", "Hugo Lind", "Ines Brak",
           "Jon Wu", "Kai Ross", "Lena Voss"]
_THINGS = ["harbour wall", "ferry service", "library roof", "cycle lane", "swimming baths", "tram line", "market hall",
           "flood defences", "bus depot", "school kitchen", "bridge deck", "community garden", "fire station", "car park"]
_VERBS = ["approved", "delayed", "cancelled", "reviewed", "funded", "questioned", "praised", "opposed", "postponed", "expanded"]


def article_text(rng: random.Random, place: str) -> tuple[str, str]:
    """A headline and ~220 words of distinct local news about `place`."""
    thing = rng.choice(_THINGS)
    title = f"{place} council {rng.choice(_VERBS)} {thing} plan"
    sentences = []
    for _ in range(11):
        sentences.append(rng.choice([
            f"The {place} council {rng.choice(_VERBS)} the {rng.choice(_THINGS)} plan at a meeting on "
            f"{rng.choice(['Monday', 'Tuesday', 'Thursday'])}, after {rng.randint(3, 90)} residents wrote to the town hall.",
            f"{rng.choice(_PEOPLE)}, who chairs the {rng.choice(_THINGS)} committee, said the cost had risen to "
            f"{rng.randint(2, 40)}.{rng.randint(0, 9)} million pounds since {rng.choice(['spring', 'January', 'last year'])}.",
            f"Work on the {rng.choice(_THINGS)} in {place} should take {rng.randint(2, 30)} months, and the "
            f"{rng.choice(_THINGS)} stays open meanwhile.",
            f"Opposition members asked why the {rng.choice(_THINGS)} had waited {rng.randint(2, 12)} years, and "
            f"{rng.choice(_PEOPLE)} promised a report by {rng.choice(['March', 'June', 'the autumn'])}.",
            f"Traders near the {rng.choice(_THINGS)} fear {rng.randint(5, 60)} per cent fewer customers while "
            f"the {rng.choice(_THINGS)} is closed.",
        ]))
    return title, "\n".join(" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3))


def build_sites(stack: ExitStack, feeds: int, items: int, rng: random.Random) -> list[FeedSite]:
    sites = []
    for f in range(feeds):
        site = stack.enter_context(FeedSite(f"127.0.0.{10 + f}"))
        site.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        publish(site, f, items, rng)
        sites.append(site)
    return sites


def publish(site: FeedSite, f: int, items: int, rng: random.Random) -> None:
    """(Re)publish feed `f` with `items` items, keeping the pages already there."""
    listed = []
    for i in range(items):
        path = f"/news/{i}"
        day = f"2024-{1 + i // 28:02d}-{1 + i % 28:02d}"
        if path not in site.pages:
            title, body = article_text(rng, _PLACES[f % len(_PLACES)])
            site.article(path, title, body, day)
        listed.append(Item(site.url(path), f"item {i} of feed {f}", day, "A short summary."))
    site.feed("/feed.xml", f"Site {f}", listed[::-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--delay", type=float, default=0.05, help="NEWSBOT_FEED_HOST_DELAY for the run (s)")
    parser.add_argument("--home", default="bench/results/feeds", help="working folder (wiped first)")
    parser.add_argument("--timeline-home", help="a copy of the MultiHop-RAG index for the timeline figures")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    from index.feeds import Subscriptions, subscribe
    from index.fetch import fetch
    from index.ingest import Index
    from index.refresh import Refresher
    from newsbot.settings import Settings

    home = Path(args.home)
    shutil.rmtree(home, ignore_errors=True)
    settings = Settings.load(home=home, fetch_allow_private=True, feed_host_delay=args.delay)
    rng = random.Random(17)
    rows: list[tuple[str, str]] = []
    with ExitStack() as stack:
        sites = build_sites(stack, args.feeds, args.items, rng)
        book = Subscriptions(settings)
        for site in sites:
            subscribe(book, site.url("/feed.xml"), settings)
        index = Index(settings, batch=True)
        started = time.perf_counter()
        index.embedder.embed(["warm-up"])  # the model loads once per process: timed apart from the refreshes
        rows.append(("model load (once per process; not in the times below)", f"{time.perf_counter() - started:.1f} s"))

        def timed(label: str) -> tuple[float, list[Any], int]:
            before = sum(len(s.requests) for s in sites)
            started = time.perf_counter()
            results = Refresher(index).run(everything=True)
            seconds = time.perf_counter() - started
            requests = sum(len(s.requests) for s in sites) - before
            print(f"{label}: {seconds:.2f} s, {requests} requests, {sum(r.added for r in results)} added")
            return seconds, results, requests

        first, results, requests = timed("first refresh")
        stats = index.stats()
        texts = [text for _, text, _ in index.store.all_chunks()]
        started = time.perf_counter()
        index.embedder.embed(texts)
        encoding = time.perf_counter() - started
        rows += [(f"**first refresh**: {args.feeds} feeds × {args.items} items", f"**{first:.1f} s**"),
                 ("articles added / chunks written", f"{sum(r.added for r in results)} / {stats.chunks}"),
                 ("pure encoding of the same chunk texts (floor) / ratio refresh ÷ floor", f"{encoding:.1f} s / {first / encoding:.2f}"),
                 ("requests (feeds, robots.txt, pages)", str(requests)),
                 ("articles per second", f"{sum(r.added for r in results) / first:.1f}"),
                 ("peak RSS of the process (model included)", f"{peak_rss_mb():.0f} MB")]

        same, results, requests = timed("no-change refresh")
        floor = _floor(sites, settings, fetch)
        rows += [("**no-change refresh** (every feed answers 304)", f"**{same * 1000:.0f} ms**"),
                 ("  requests / feeds unchanged", f"{requests} / {sum(r.status == 'unchanged' for r in results)}"),
                 (f"  network floor: the same {len(sites)} conditional GETs, {settings.feed_workers} threads", f"{floor * 1000:.0f} ms"),
                 ("  ratio refresh / floor", f"{same / floor:.1f}")]

        for f in range(min(5, len(sites))):
            publish(sites[f], f, args.items + 1, rng)
        new, results, requests = timed("5 new items")
        rows += [("**refresh with 5 new items** (in 5 feeds)", f"**{new:.2f} s**"),
                 ("  articles added / requests", f"{sum(r.added for r in results)} / {requests}")]
    timeline_rows, events = _timelines(Path(args.timeline_home)) if args.timeline_home else ([], "")
    body = (f"## Feeds: {args.feeds} loopback feeds × {args.items} items; `timeline()` on MultiHop-RAG\n\n"
            f"Command: `python -m bench.feeds --delay {args.delay:g}"
            + (f" --timeline-home {args.timeline_home}" if args.timeline_home else "") + f"` (commit {git_revision()})\n\n"
            f"Each feed is its own host (127.0.0.10 upwards) with robots.txt and ~220-word article pages; per-host delay "
            f"{args.delay:g} s (the default is 1 s), {settings.feed_host_connections} connections per host, "
            f"{settings.feed_workers} feeds at once. Every page is fetched, read by trafilatura, chunked and embedded.\n\n"
            "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {a} | {b} |" for a, b in rows + timeline_rows)
            + ("\n\n" + events if events else ""))
    body += f"\n\nMachine load average (1 min) at the end: {os.getloadavg()[0]:.1f} on 2 cores (shared with other work)."
    print(body)
    if not args.no_write:
        write_section("feeds", body)
    return 0


def _floor(sites: list[FeedSite], settings: Any, fetch: Any) -> float:
    """The same conditional GETs of every feed through `fetch.py` (ETag from a first plain fetch), best of 3."""
    tags = {s.url("/feed.xml"): fetch(s.url("/feed.xml"), settings).header("ETag") for s in sites}
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        with ThreadPoolExecutor(settings.feed_workers) as pool:
            codes = list(pool.map(lambda url: fetch(url, settings, headers={"If-None-Match": tags[url]}).status, tags))
        assert set(codes) == {304}
        best = min(best, time.perf_counter() - started)
    return best


def _timelines(home: Path) -> tuple[list[tuple[str, str]], str]:
    from bot import NewsBot
    from bot.timeline import Timeline

    bot = NewsBot(home=home)
    bot.timeline(STORIES[0])  # warm: model, keyword index
    timings: list[float] = []
    found: dict[str, Timeline] = {}
    for _ in range(5):
        for story in STORIES:
            started = time.perf_counter()
            found[story] = bot.timeline(story)
            timings.append(time.perf_counter() - started)
    checked = wrong = 0
    for timeline in found.values():
        for event in timeline.events:
            for c in event.citations:
                checked += 1
                text = bot.article_text(c.article_id)
                record = bot.article(c.article_id)
                if text[c.start:c.end] != c.quote or record is None or record.published_at[:10] < event.day:
                    wrong += 1
    rows = [(f"**`timeline()` p50**, {len(STORIES)} stories × 5, warm", f"**{statistics.median(timings) * 1000:.0f} ms**"),
            ("  p95 / max", f"{sorted(timings)[int(0.95 * (len(timings) - 1))] * 1000:.0f} / {max(timings) * 1000:.0f} ms"),
            ("  events per story (median)", str(statistics.median(len(t.events) for t in found.values()))),
            ("  citations checked (quote at its offsets, event not dated before its article) / wrong", f"{checked} / {wrong}")]
    lines = []
    for story in ("FTX trial", "OpenAI board fight"):
        lines.append(f"**{story}** (`python -m bot timeline \"{story}\"`):\n")
        for event in found[story].events:
            sources = "; ".join(f"{c.source}, “{c.title}”" for c in event.citations)
            lines.append(f"- {event.day} — {event.text[:220]}{'…' if len(event.text) > 220 else ''} ({sources})")
        lines.append("")
    return rows, "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
