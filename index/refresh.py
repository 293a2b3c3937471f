"""One refresh pass over feed subscriptions: fetch what is new, write it, remember what was seen.

    results = Refresher(index, stop=event).run()              # the due subscriptions
    results = Refresher(index).run(urls=[...], everything=True)
    for r in results: print(r.line())                          # added / updated / unchanged / failed and why

The pass, as one refresher per data folder (`lock.refresh_lock`; another one running: IndexBusyError):

1. each due feed is fetched with a conditional GET (its ETag / Last-Modified); a 304 ends it there;
2. only entries that are new or changed since the last pass (`Subscription.seen`), and whose link
   is not already indexed, are fetched: the full article from its link through `polite.py`
   (robots.txt, per-host delay and concurrency, `fetch.py`'s address rules) and trafilatura;
   when that fails, the feed's own content or summary is kept, marked `summary`. The item's own
   date, author and outlet win over the page's (the feed's title is the outlet when the item
   names none);
3. feeds are written as they finish, under the write lock, which is taken only for the write:
   syndicated copies of an article already written by a refresher (MinHash, `similar.py`) are
   skipped as duplicates, exact copies and the same canonical URL collapse at ingest;
4. the subscription is updated: validators, `seen`, counts, the next refresh; a failed feed backs
   off exponentially (`every × 2^failures`, at most a day) and never holds up the others;
5. with `NEWSBOT_KEEP_DAYS`, feed articles published before the cut-off are removed.

`stop` (a threading.Event: SIGTERM in `watch`) ends the pass early and cleanly: what was fetched is
written, entries not fetched stay unseen and their feed stays due, so the next pass completes it.

Deliberately not here: the subscription file and feed parsing (`feeds.py`), the schedule (`watch.py`).
"""

from __future__ import annotations

import dataclasses
import json
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from index.clean import decode
from index.feeds import Entry, FeedText, Subscription, Subscriptions, read_feed
from index.fetch import Fetched
from index.ingest import Index
from index.load import article_id_for_url, build_article, canonical_url, is_url
from index.lock import refresh_lock
from index.parse import parse
from index.polite import STOPPED, Polite
from index.similar import SAME_STORY, fingerprint, same_story
from newsbot.dates import to_timestamp
from newsbot.errors import IngestError, NewsbotError
from newsbot.redact import redact_url
from newsbot.types import Article

__all__ = ["FeedResult", "Refresher", "MAX_BACKOFF"]

MAX_BACKOFF = 86400.0
_FEED_BYTES_FACTOR = 10  # a feed may be this many times NEWSBOT_MAX_ARTICLE_MB
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class FeedResult:
    """What one pass did to one feed. `status`: added, updated, unchanged, failed or stopped."""

    url: str
    title: str
    status: str
    added: int = 0
    updated: int = 0
    summaries: int = 0
    duplicates: int = 0
    notes: tuple[str, ...] = ()
    reason: str = ""
    next_refresh: float = 0.0

    def line(self) -> str:
        """One line for the terminal: what happened and, for a failure, why and when it is tried again."""
        name = f"{redact_url(self.url)}" + (f" ({self.title})" if self.title else "")
        if self.status == "failed":
            wait_s = max(0.0, self.next_refresh - time.time())
            return f"failed: {name}: {self.reason}; next try in {_duration(wait_s)}"
        if self.status == "stopped":
            return f"stopped: {name}: {self.added + self.updated} written before stopping; the rest on the next pass"
        counts = ", ".join(f"{n} {word}" for n, word in ((self.added, "added"), (self.updated, "updated")) if n)
        head = f"{counts}: {name}" if counts else f"unchanged: {name}" + (f" ({self.reason})" if self.reason else "")
        extra = []
        if self.summaries:
            extra.append(f"{self.summaries} kept as the feed's summary ({self.notes[0] if self.notes else 'page not read'})")
        if self.duplicates:
            extra.append(f"{self.duplicates} duplicate{'s' if self.duplicates > 1 else ''} of indexed articles skipped")
        return head + ("; " + "; ".join(extra) if extra else "")


@dataclass
class _Pass:
    """One feed's fetched state, before it is written."""

    sub: Subscription
    response: Fetched | None = None
    feed: FeedText | None = None
    articles: list[tuple[Entry, Article]] = field(default_factory=list)
    seen: dict[str, str] = field(default_factory=dict)  # entries done without writing (already indexed, unreadable)
    notes: list[str] = field(default_factory=list)
    summaries: int = 0
    error: str = ""
    stopped: bool = False


class Refresher:
    """Refresh passes over one index's subscriptions."""

    def __init__(self, index: Index, stop: threading.Event | None = None, clock: Callable[[], float] = time.time) -> None:
        self.index = index
        self.settings = index.settings
        self.stop = stop or threading.Event()
        self.clock = clock
        self.book = Subscriptions(self.settings)
        self.ledger = _Ledger(self.settings.home / "feeds-fingerprints.json")
        self._claims = threading.Lock()
        self._known: set[str] | None = None
        self._changes: dict[str, Callable[[Subscription], Subscription]] = {}

    def run(self, urls: Iterable[str] = (), everything: bool = False,
            on_result: Callable[[FeedResult], None] | None = None) -> list[FeedResult]:
        """One pass over the due subscriptions (or those in `urls`, or all with `everything`), one result per feed.

        Raises IndexBusyError when another refresher is running on this data folder, NewsbotError for a URL
        that isn't subscribed."""
        results: list[FeedResult] = []
        with refresh_lock(self.settings):
            subs = self._choose(list(urls), everything)
            if not subs:
                return results
            self.ledger.loaded = False
            self._known = None
            claimed: set[str] = set()
            polite = Polite(self.settings, self.stop)
            order = {s.feed: i for i, s in enumerate(subs)}
            try:
                with ThreadPoolExecutor(self.settings.feed_workers, "newsbot-feed") as feeds:
                    pending: set[Future[_Pass]] = {feeds.submit(self._fetch, s, polite, claimed) for s in subs}
                    while pending:
                        done, pending = wait(pending, return_when=FIRST_COMPLETED)
                        batch = sorted((f.result() for f in done), key=lambda p: order[p.sub.feed])
                        for result in self._write(batch):
                            results.append(result)
                            if on_result:
                                on_result(result)
            finally:
                self._record()
            self._prune()
        return results

    def _choose(self, urls: list[str], everything: bool) -> list[Subscription]:
        subs = self.book.all()
        if urls:
            chosen = []
            for url in urls:
                sub = self.book.get(url)
                if sub is None:
                    raise NewsbotError(f"not subscribed to {redact_url(url)}; `python -m index subscribe URL` first")
                chosen.append(sub)
            return list({s.feed: s for s in chosen}.values())
        now = self.clock()
        return [s for s in subs if everything or s.due(now)]

    # -- fetching (no lock but the refresher's) --------------------------------------------------

    def _fetch(self, sub: Subscription, polite: Polite, claimed: set[str]) -> _Pass:
        """The feed and its new items' pages. A feed's pages come from its own few threads (one host, mostly: its
        delay paces them), so a slow or strict host holds up only its own feeds."""
        state = _Pass(sub)
        headers = {k: v for k, v in (("If-None-Match", sub.etag), ("If-Modified-Since", sub.modified)) if v}
        try:
            got = polite.get(sub.feed, headers=headers, max_bytes=int(self.settings.max_article_mb * 1e6 * _FEED_BYTES_FACTOR))
            state.response = got
            if got.status == 304:
                return state
            text = decode(got.body, redact_url(sub.feed))
        except IngestError as exc:
            state.stopped, state.error = exc.reason == STOPPED, exc.reason
            return state
        if got.content_type in _HTML_TYPES or "<html" in text[:3000].lower():
            state.error = "the feed's address now returns a web page, not a feed; subscribe again to the page to find its feed"
            return state
        try:
            state.feed = read_feed(text)
        except ValueError:
            state.error = "not a readable RSS/Atom feed (malformed, or not a feed any more)"
            return state
        seen = dict(sub.seen)
        todo: list[Entry] = []
        for entry in state.feed.entries:
            if seen.get(entry.key) == entry.fingerprint:
                continue
            article_id = article_id_for_url(entry.link) if canonical_url(entry.link) else ""
            with self._claims:
                taken = article_id in claimed or (article_id in self._indexed() and entry.key not in seen)
                claimed.add(article_id)
            if article_id and taken:
                state.seen[entry.key] = entry.fingerprint  # indexed already (another feed, an earlier run): not fetched again
                continue
            todo.append(entry)
        with ThreadPoolExecutor(self.settings.feed_host_connections, "newsbot-item") as pool:
            built_all = list(pool.map(lambda entry: self._article(entry, sub, polite), todo))
        for entry, (built, note) in zip(todo, built_all, strict=True):
            if built is None:
                state.stopped = True
            elif isinstance(built, IngestError):
                state.notes.append(built.reason)
                state.seen[entry.key] = entry.fingerprint
            elif self._too_old(built):
                state.seen[entry.key] = entry.fingerprint
            else:
                state.articles.append((entry, built))
                if note:
                    state.summaries += 1
                    state.notes.append(note)
        return state

    def _indexed(self) -> set[str]:
        """The ids of the stored articles, read once per pass when a feed first has something new (under `_claims`)."""
        if self._known is None:
            self._known = {r.id for r in self.index.articles()}
        return self._known

    def _article(self, entry: Entry, sub: Subscription, polite: Polite) -> tuple[Article | IngestError | None, str]:
        """The article behind `entry` (the page, else the feed's text marked as a summary), and why the page wasn't used;
        None when the refresher is stopping."""
        own = {"title": entry.title, "url": entry.link, "source": entry.source, "published_at": entry.published_at,
               "author": entry.author}
        own = {k: v for k, v in own.items() if v}
        shown = redact_url(entry.link or sub.feed)
        why = "the item has no link"
        record = None
        if entry.link and is_url(entry.link):
            try:
                got = polite.get(entry.link, robots=True)
                page = decode(got.body, shown)
                if got.content_type and got.content_type not in _HTML_TYPES and "<html" not in page[:3000].lower():
                    why = f"the link returns {got.content_type}, not a web page"
                else:
                    parsed = parse("html", page, shown, got.url)[0]
                    if isinstance(parsed, IngestError):
                        why = parsed.reason
                    else:
                        record = {**parsed, **own, "url": _own_canonical(parsed.get("url", ""), got.url) or entry.link}
            except IngestError as exc:
                if exc.reason == STOPPED:
                    return None, ""
                why = exc.reason
        summary = record is None
        if record is None:
            if not entry.text:
                return IngestError(f"{shown} ({entry.title or entry.key})",
                                   f"the page could not be read ({why}) and the feed gives no text for it"), ""
            record = {**own, "body": entry.text, "format": "feed"}
        key = canonical_url(entry.link) or f"{sub.feed}#{entry.key}"
        try:
            article = build_article(record, key, f"feed:{sub.feed}", shown)
        except IngestError as exc:
            return exc, ""
        return (dataclasses.replace(article, summary=True), why) if summary else (article, "")

    def _too_old(self, article: Article) -> bool:
        if not self.settings.keep_days or not article.published_at:
            return False
        return to_timestamp(article.published_at) < self.clock() - self.settings.keep_days * 86400

    # -- writing (under the write lock, one session per batch of finished feeds) -------------------

    def _write(self, batch: list[_Pass]) -> list[FeedResult]:
        owner: dict[str, tuple[_Pass, Entry]] = {}
        counts = {id(p): {"added": 0, "updated": 0, "duplicate": 0} for p in batch}
        articles: list[Article] = []
        fresh: dict[str, np.ndarray] = {}
        for state in batch:
            for entry, article in state.articles:
                self.ledger.ensure()
                mark = fingerprint(article.text)
                if self.ledger.twin(mark, article.id) or any(same_story(mark, other) for other in fresh.values()):
                    counts[id(state)]["duplicate"] += 1
                    state.seen[entry.key] = entry.fingerprint
                    continue
                fresh[article.id] = mark
                owner[article.id] = (state, entry)
                articles.append(article)
        failure = ""
        if articles:
            try:
                report = self.index.add_articles(articles)
            except NewsbotError as exc:
                failure = f"could not write the new articles: {exc}"
            else:
                for result in report.results:
                    if result.article_id not in owner:
                        continue
                    state, entry = owner[result.article_id]
                    if result.status == "failed":
                        state.notes.append(result.reason)
                    elif result.status in counts[id(state)]:
                        counts[id(state)][result.status] += 1
                    if result.status in ("added", "updated"):
                        self.ledger.add(result.article_id, fresh[result.article_id])
                    state.seen[entry.key] = entry.fingerprint
                self.ledger.save()
        settled = [self._settle(state, counts[id(state)], failure) for state in batch]
        self._changes.update({state.sub.feed: change for state, (_, change) in zip(batch, settled, strict=True)})
        if articles:
            self._record()  # what was written is recorded at once: a pass killed later won't fetch it again
        return [result for result, _ in settled]

    def _record(self) -> None:
        """Write the pending subscription changes (one file write for all the feeds that had nothing new)."""
        if self._changes:
            self.book.update_many(self._changes)
            self._changes = {}

    def _settle(self, state: _Pass, counts: dict[str, int], failure: str
                ) -> tuple[FeedResult, Callable[[Subscription], Subscription]]:
        """The feed's result, and the change that records its pass in its subscription."""
        now = self.clock()
        sub = state.sub
        error = state.error if not state.stopped else ""
        error = error or (failure if state.articles else "")
        stopped = state.stopped and not error
        if error:
            failures = sub.failures + 1
            next_refresh = now + min(sub.every * 2 ** failures, max(MAX_BACKOFF, sub.every))
        else:
            failures, next_refresh = 0, now + sub.every
        got = state.response
        current = {e.key for e in state.feed.entries} if state.feed else set()

        def change(old: Subscription) -> Subscription:
            seen = {**dict(old.seen), **state.seen}
            if current and not stopped:
                seen = {k: v for k, v in seen.items() if k in current}
            new = dataclasses.replace(old, last_refresh=now, items_added=old.items_added + counts["added"],
                                      seen=tuple(seen.items()), title=old.title or (state.feed.title if state.feed else ""))
            if stopped:
                return new  # still due: the next pass fetches the rest
            if error:
                return dataclasses.replace(new, failures=failures, next_refresh=next_refresh, last_error=error)
            new = dataclasses.replace(new, failures=0, next_refresh=next_refresh, last_error="")
            if got is not None and got.status != 304:  # a 304 keeps the validators it answered
                new = dataclasses.replace(new, etag=got.header("ETag"), modified=got.header("Last-Modified"))
            return new

        title = sub.title or (state.feed.title if state.feed else "")
        if stopped:
            status = "stopped"
        elif error:
            status = "failed"
        else:
            status = "added" if counts["added"] else "updated" if counts["updated"] else "unchanged"
        reason = error or ("not modified" if got is not None and got.status == 304 else "")
        return FeedResult(url=sub.url, title=title, status=status, added=counts["added"], updated=counts["updated"],
                          summaries=state.summaries, duplicates=counts["duplicate"], notes=tuple(state.notes), reason=reason,
                          next_refresh=sub.next_refresh if stopped else next_refresh), change

    def _prune(self) -> None:
        """NEWSBOT_KEEP_DAYS: remove feed articles published before the cut-off (never articles added by hand)."""
        if not self.settings.keep_days:
            return
        cutoff = self.clock() - self.settings.keep_days * 86400
        old = [r.id for r in self.index.articles()
               if r.path.startswith("feed:") and r.published_at and to_timestamp(r.published_at) < cutoff]
        if old:
            self.index.remove_articles(old)
            self.ledger.ensure()
            self.ledger.drop(old)
            self.ledger.save()


class _Ledger:
    """MinHash fingerprints of the articles refreshers wrote (`NEWSBOT_HOME/feeds-fingerprints.json`)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ids: list[str] = []
        self.rows = np.zeros((0, 64), dtype=np.uint32)
        self.loaded = False

    def ensure(self) -> None:
        """Read the file once per pass, when first needed."""
        if not self.loaded:
            self.load()

    def load(self) -> None:
        self.loaded = True
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.ids = list(data)
        self.rows = np.array([data[i] for i in self.ids], dtype=np.uint32).reshape(len(self.ids), -1) if data else \
            np.zeros((0, 64), dtype=np.uint32)

    def twin(self, mark: np.ndarray, article_id: str) -> str:
        """The id of a stored syndicated copy of the text with this fingerprint ('' when none)."""
        if not self.ids:
            return ""
        scores = (self.rows == mark).mean(axis=1)
        for i in np.argsort(-scores)[:3]:
            if scores[i] >= SAME_STORY and self.ids[i] != article_id:
                return self.ids[i]
        return ""

    def add(self, article_id: str, mark: np.ndarray) -> None:
        if article_id in self.ids:
            self.rows[self.ids.index(article_id)] = mark
            return
        self.ids.append(article_id)
        self.rows = np.vstack([self.rows, mark[None, :]])

    def drop(self, article_ids: Iterable[str]) -> None:
        gone = set(article_ids)
        keep = [i for i, a in enumerate(self.ids) if a not in gone]
        self.ids = [self.ids[i] for i in keep]
        self.rows = self.rows[keep]

    def save(self) -> None:
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({a: [int(x) for x in row] for a, row in zip(self.ids, self.rows, strict=True)}))
        os.replace(temporary, self.path)


def _own_canonical(declared: str, fetched: str) -> str:
    """The page's declared canonical URL when it is on the host the page came from ('' otherwise): a page may name
    its own canonical address, never take over another site's article id."""
    if not canonical_url(declared):
        return ""
    return declared if (urlsplit(declared).hostname or "").lower() == (urlsplit(fetched).hostname or "").lower() else ""


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"
