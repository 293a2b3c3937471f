"""Feed subscriptions: what is subscribed, when each is due, and what each feed said last time.

    book = Subscriptions(settings)                 # NEWSBOT_HOME/feeds.json
    sub = subscribe(book, "https://example.com/", every="30m")   # a feed, or a page linking to one
    book.all(); book.remove(url); book.update_many({feed: change})

A `Subscription` keeps the feed's address (found by autodiscovery when a page was given), its
title, the refresh interval, the conditional-GET validators (ETag, Last-Modified), the time of
the last and next refresh, items added so far, the last error and the failures in a row (for
backoff), and `seen`: per feed entry, a fingerprint of what the feed said about it, so a refresh
fetches only entries that are new or changed. The file is rewritten atomically under its own
short lock (`.feeds.lock`), each change read-modify-write, so the CLI, `watch` and the UI can
change it at once without losing each other's changes.

`read_feed(text)` turns a feed's text into its title and `Entry`s (the item's own outlet, date
and author; the feed's title as outlet when the item names no source).

Deliberately not here: fetching articles and writing them to the index (`refresh.py`), politeness
(`polite.py`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from index.fetch import Fetched, fetch
from index.load import canonical_url, is_url
from index.parse import html_fragment_text
from newsbot.errors import IngestError, NewsbotError
from newsbot.redact import redact_url
from newsbot.settings import Settings

__all__ = ["DEFAULT_EVERY", "Entry", "FeedText", "Subscription", "Subscriptions", "parse_every", "read_feed", "subscribe",
           "show_every"]

DEFAULT_EVERY = 1800.0
MIN_EVERY = 60.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_FEED_TYPES = re.compile(r"application/(rss|atom|rdf)\+xml|application/feed\+json", re.IGNORECASE)


@dataclass(frozen=True)
class Subscription:
    """One subscribed feed and its refresh state (times are seconds since the epoch; 0 = never)."""

    url: str  # as subscribed (a feed, or the page that links to it)
    feed: str  # the feed's own address
    title: str = ""
    every: float = DEFAULT_EVERY
    added_at: float = 0.0
    last_refresh: float = 0.0
    next_refresh: float = 0.0
    items_added: int = 0
    last_error: str = ""
    failures: int = 0
    etag: str = ""
    modified: str = ""
    seen: tuple[tuple[str, str], ...] = ()  # (entry key, fingerprint of what the feed said about it)

    def due(self, now: float) -> bool:
        return self.next_refresh <= now


@dataclass(frozen=True)
class Entry:
    """One feed item: its key (guid, else link, else title), link, fields and the feed's text for it."""

    key: str
    link: str
    title: str
    published_at: str
    author: str
    source: str
    text: str  # the feed's content or summary, as text
    fingerprint: str


@dataclass(frozen=True)
class FeedText:
    title: str
    entries: tuple[Entry, ...]


def parse_every(text: str | float | None) -> float:
    """Seconds for an interval like '30m', '2h', '1d', '90s' (a bare number is minutes); at least a minute."""
    if text is None or text == "":
        return DEFAULT_EVERY
    if isinstance(text, (int, float)):
        seconds = float(text)
    else:
        match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", str(text).lower())
        if not match:
            raise NewsbotError(f"cannot read the interval {text!r}; write it like 30m, 2h or 1d")
        seconds = float(match.group(1)) * _UNITS[match.group(2) or "m"]
    if seconds < MIN_EVERY:
        raise NewsbotError(f"the interval {text!r} is shorter than a minute; feeds are refreshed at most once a minute")
    return seconds


def show_every(seconds: float) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{int(seconds)}s"


class Subscriptions:
    """The subscriptions file of one data folder."""

    def __init__(self, settings: Settings) -> None:
        self.path = settings.home / "feeds.json"

    def all(self) -> list[Subscription]:
        """Every subscription, in the order subscribed."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError) as exc:
            raise NewsbotError(f"cannot read {self.path} ({exc}); fix or remove it and subscribe again") from None
        fields = {f.name for f in dataclasses.fields(Subscription)}
        return [Subscription(**{**{k: v for k, v in row.items() if k in fields},
                                "seen": tuple(tuple(pair) for pair in row.get("seen", ()))})
                for row in data.get("subscriptions", [])]

    def get(self, url: str) -> Subscription | None:
        wanted = canonical_url(url) or url
        return next((s for s in self.all() if wanted in (canonical_url(s.url), canonical_url(s.feed))), None)

    def add(self, sub: Subscription) -> Subscription:
        """Add `sub`, or update the interval of the subscription to the same feed (returned)."""
        with self._editing() as subs:
            for i, old in enumerate(subs):
                if canonical_url(old.feed) == canonical_url(sub.feed):
                    subs[i] = dataclasses.replace(old, every=sub.every, next_refresh=min(old.next_refresh, sub.next_refresh))
                    return subs[i]
            subs.append(sub)
        return sub

    def remove(self, url: str) -> Subscription:
        """Remove the subscription to `url` (as subscribed, or the feed's address); NewsbotError if there is none."""
        wanted = canonical_url(url) or url
        with self._editing() as subs:
            for i, old in enumerate(subs):
                if wanted in (canonical_url(old.url), canonical_url(old.feed)):
                    return subs.pop(i)
        raise NewsbotError(f"not subscribed to {redact_url(url)}; `python -m index subscriptions` lists them")

    def update_many(self, changes: dict[str, Callable[[Subscription], Subscription]]) -> None:
        """Apply each change to the subscription to its feed, if still there (an unsubscribe meanwhile wins); one write."""
        with self._editing() as subs:
            for i, old in enumerate(subs):
                if old.feed in changes:
                    subs[i] = changes[old.feed](old)

    @contextmanager
    def _editing(self) -> Iterator[list[Subscription]]:
        from filelock import FileLock

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.path.parent / ".feeds.lock"), timeout=30):
            subs = self.all()
            yield subs
            payload = {"version": 1, "subscriptions": [dataclasses.asdict(s) for s in subs]}
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, self.path)


def subscribe(book: Subscriptions, url: str, settings: Settings, every: str | float | None = None,
              now: float | None = None) -> Subscription:
    """Subscribe to the feed at `url`, or to the feed a page at `url` links to (autodiscovery).

    Raises IngestError when nothing at `url` is or links to a readable RSS/Atom feed."""
    seconds = parse_every(every)
    url = url.strip()
    if not is_url(url):
        raise IngestError(redact_url(url)[:200], "subscribe to an http:// or https:// address of a feed or a page linking to one")
    got = fetch(url, settings)
    feed = _as_feed(got)
    if feed is None:
        for link in feed_links(got):
            try:
                candidate = fetch(link, settings)
            except IngestError:
                continue
            feed = _as_feed(candidate)
            if feed is not None:
                got = candidate
                break
    if feed is None:
        raise IngestError(redact_url(url), "no RSS or Atom feed here, and the page links to none; give the feed's address")
    moment = time.time() if now is None else now
    return book.add(Subscription(url=url, feed=got.url, title=feed.title, every=seconds, added_at=moment, next_refresh=moment))


def _as_feed(got: Fetched) -> FeedText | None:
    text = got.body.decode("utf-8", errors="replace")
    if got.content_type in ("text/html", "application/xhtml+xml") or re.search(r"<html[\s>]", text[:3000], re.I):
        return None
    try:
        return read_feed(text)
    except ValueError:
        return None


def feed_links(got: Fetched) -> list[str]:
    """Feed addresses a web page declares (`<link rel="alternate" type="application/rss+xml">`), then links
    that look like feeds; absolute, http(s) only."""
    import lxml.html

    try:
        root = lxml.html.fromstring(got.body)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return []
    found = [str(link.get("href")) for link in root.xpath("//link[@href]")
             if "alternate" in (link.get("rel") or "").lower() and _FEED_TYPES.search(link.get("type") or "")]
    found += [str(a.get("href")) for a in root.xpath("//a[@href]")
              if re.search(r"(/feed/?$|/rss/?$|\.rss$|\.atom$|/atom/?$|feed\.xml$|rss\.xml$)", str(a.get("href")), re.I)]
    links = (urljoin(got.url, href.strip()) for href in found)
    return list(dict.fromkeys(link for link in links if is_url(link)))[:5]


def read_feed(text: str) -> FeedText:
    """The title and entries of an RSS/Atom feed; ValueError when `text` is not a readable feed."""
    import feedparser

    with warnings.catch_warnings():  # feedparser warns about its own updated/published mapping on every entry
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = feedparser.parse(text)
        return _entries(parsed)


def _entries(parsed: Any) -> FeedText:
    if not parsed.version and not parsed.entries:
        raise ValueError("not a readable RSS/Atom feed")
    title = str(parsed.feed.get("title", "") or "").strip()
    entries = []
    for entry in parsed.entries:
        html = " ".join(str(c.get("value", "")) for c in entry.get("content", []) or []) or str(entry.get("summary", "") or "")
        link = str(entry.get("link", "") or "").strip()
        item_title = str(entry.get("title", "") or "").strip()
        key = str(entry.get("id", "") or "") or link or item_title
        if not key:
            continue
        source = entry.get("source") or {}
        outlet = str(source.get("title", "") or "").strip() if isinstance(source, dict) else ""
        date = str(entry.get("published", "") or entry.get("updated", "") or "")
        said = "\x1f".join((item_title, link, date, str(entry.get("updated", "") or ""), html))
        entries.append(Entry(key=key, link=link, title=item_title, published_at=date,
                             author=str(entry.get("author", "") or ""), source=outlet or title,
                             text=html_fragment_text(html).strip(),
                             fingerprint=hashlib.sha256(said.encode("utf-8")).hexdigest()[:16]))
    if parsed.get("bozo") and not any(e.link for e in entries):  # what a broken feed's loose parse recovered is no news
        raise ValueError(f"malformed feed ({str(parsed.get('bozo_exception', ''))[:120]})")
    return FeedText(title=title, entries=tuple(entries))


def as_row(sub: Subscription) -> dict[str, Any]:
    """A subscription as shown (CLI, UI): times as local text."""
    def when(t: float) -> str:
        return time.strftime("%Y-%m-%d %H:%M", time.localtime(t)) if t else "never"

    return {"URL": redact_url(sub.url), "Title": sub.title, "Every": show_every(sub.every), "Last refresh": when(sub.last_refresh),
            "Next refresh": when(sub.next_refresh), "Items added": sub.items_added, "Last error": sub.last_error}
