"""The index as one object: ingest, remove, list, stats. What `python -m index` and `NewsBot` call.

    articles = load(sources); chunks = chunk(article) for the new or changed ones;
    store.upsert(articles, chunks, embed(chunks)); drop stale chunks; bump the generation.

Each article is classified against what is stored: unchanged (same text and fields: nothing
written), updated (same id, new text or fields: its chunks replaced, stale ones deleted), duplicate
(same text already stored under another id: stored once), added, or failed (with the reason).

Writers hold an inter-process file lock (`NEWSBOT_HOME/.write.lock`, `lock.py`), so the CLI can
ingest while the UI serves; readers never take it. URLs are fetched before the lock is taken, so
a slow server holds up nobody else. A write session marks the collection as being written
before its first write and publishes a new version when done (and every minute of a long
ingest), which is when other processes' readers pick the new articles up. Killed half-way, a
session leaves whole articles (each is one upsert) and the mark; the next session sees the mark
and publishes even if nothing is left for it to write, so every reader and keyword index catches
up. With a Chroma server the lock only serialises writers sharing this `NEWSBOT_HOME`; see
docs/SCALING.md.

Deliberately not here: retrieval (`bot/`).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from index.chunk import chunk_article, split_sentences
from index.embed import INT8, Embedder, load_embedder
from index.keyword import KeywordIndex
from index.lock import write_lock
from index.rebuild import rebuild, recover
from index.store import Store, chunk_metadata
from newsbot.errors import IngestError, NewsbotError
from newsbot.settings import Settings
from newsbot.types import Article, ArticleRecord, Chunk, Hit, IngestReport, IngestResult

__all__ = ["Index", "Stats"]

_EMBED_BATCH = 256  # chunks embedded per call: big enough for throughput, small enough for a lively progress bar
_CHECKPOINT_SECONDS = 60.0  # a long ingest publishes what it has written at least this often
_PREFETCH = 8  # articles prepared ahead of the one being embedded
_SENTENCE_WORDS = 4  # shorter sentences are never answers (bot.evidence skips them): no vector stored

OnResult = Callable[[IngestResult], None]


@dataclass(frozen=True)
class Stats:
    articles: int
    chunks: int
    sources: int
    oldest: str
    newest: str
    model: str
    dimension: int
    location: str


class Index:
    """Everything stored: Chroma chunks, the keyword index, and the embedder that made them."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, batch: bool = False,
                 write_batch: int = _EMBED_BATCH, converting: bool = False) -> None:
        """`batch` picks the ingest embedder (see `load_embedder`); `write_batch` is how many chunks are
        embedded and written per step (whole articles each time, so a step may be a little larger);
        `converting`: opened to `rebuild` an index of another precision into the configured one."""
        self.settings = settings
        self._embedder = embedder
        self._batch = batch
        self.write_batch = max(1, write_batch)
        self.prefetch = _PREFETCH  # 0: prepare articles in this thread (bench: ingest measures both)
        self.store = Store(settings, embedder.name if embedder else None,
                           embedder.dimension if embedder else _dimension(settings), strict=not converting)
        self.keywords = KeywordIndex(self.store, settings.home / "keyword")

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = load_embedder(self.settings, batch=self._batch, model=self.store.model)
        return self._embedder

    def adopt(self, embedder: Embedder) -> bool:
        """Take `embedder` (loaded while Chroma opened: see `embed.load_ahead`) as this index's, if none is loaded yet
        and it makes the vectors the index holds. Whether it was taken."""
        if self._embedder is None and embedder.name == self.store.model:
            self._embedder = embedder
        return self._embedder is embedder

    # -- writing -----------------------------------------------------------------------------

    def add(self, sources: Iterable[str], on_result: OnResult | None = None) -> IngestReport:
        """Ingest files, folders and URLs. Never raises for a bad input: it becomes a failed result.

        URLs are fetched first, before the write lock; files and folders are read under it, in order."""
        from index.load import is_url, load, load_url  # readers (a question) never need the loaders: ~0.2 s of imports

        sources = list(sources)
        fetched = {s: load_url(s, self.settings) for s in dict.fromkeys(sources) if is_url(s)}
        items = (item for s in sources for item in (fetched[s] if s in fetched else load([s], self.settings)))
        return self._ingest(items, on_result)

    def add_urls(self, urls: Iterable[str], on_result: OnResult | None = None) -> IngestReport:
        """Ingest http(s) URLs only: anything else (a path, another scheme) is a failed result, never read.
        For input from people who must not reach the server's files (the UI's URL box, an API)."""
        from index.load import load_url

        fetched = [load_url(url, self.settings) for url in urls]
        return self._ingest((item for items in fetched for item in items), on_result)

    def add_bytes(self, name: str, data: bytes, on_result: OnResult | None = None) -> IngestReport:
        """Ingest an uploaded file's bytes; `name` only gives the format and the id."""
        from index.load import load_bytes

        return self._ingest(load_bytes(name, data, self.settings), on_result)

    def add_articles(self, items: Iterable[Article | IngestError], on_result: OnResult | None = None) -> IngestReport:
        """Ingest articles already loaded (the feed refresher fetches and builds them before taking the lock)."""
        return self._ingest(items, on_result)

    def _ingest(self, items: Iterable[Article | IngestError], on_result: OnResult | None) -> IngestReport:
        started = time.perf_counter()
        results: list[IngestResult] = []

        def report(result: IngestResult) -> None:
            results.append(result)
            if on_result:
                on_result(result)

        with write_lock(self.settings):
            recover(self.store)  # what a killed rebuild left, if anything
            version = self.store.sync()  # classify against every process's writes
            interrupted = self.store.interrupted()
            if interrupted:  # a killed writer's last batch can sit in Chroma's log, which only a fresh client replays
                self.store.conn.reopen()
            self.keywords.begin(version, self.store.count(), trusted=not interrupted)
            pending: list[tuple[Article, list[Chunk], str]] = []
            wrote = False
            published = time.monotonic()
            try:
                # Reading, cleaning, classifying and chunking run one article ahead in a thread while this one
                # embeds and stores (the model releases the GIL): results are reported here, in input order.
                for prepared in prefetch(self._prepare(items), self.prefetch):
                    if isinstance(prepared, IngestResult):
                        report(prepared)
                        continue
                    pending.append(prepared)
                    if sum(len(c) for _, c, _ in pending) >= self.write_batch:
                        wrote = self._write(pending, report) or wrote
                        pending = []
                        if time.monotonic() - published > _CHECKPOINT_SECONDS:
                            self._publish(finished=False)
                            published = time.monotonic()
                wrote = self._write(pending, report) or wrote
                if wrote or interrupted or self.keywords.stale():
                    self._publish()
            finally:
                self.keywords.end()
            self.keywords.refresh()  # the keyword index follows the new version now, not on the first question
        return IngestReport(results=tuple(results), seconds=time.perf_counter() - started)

    def _prepare(self, items: Iterable[Article | IngestError]) -> Iterator[IngestResult | tuple[Article, list[Chunk], str]]:
        """Each input as a result to report (failed, unchanged, duplicate) or an article to write with its chunks."""
        seen: dict[str, str] = {}  # content hash -> article id, this session
        ids: dict[str, str] = {}  # article id -> content hash, this session (not yet stored, perhaps)
        for item in items:
            if isinstance(item, IngestError):
                yield IngestResult(source=item.source, status="failed", reason=item.reason)
                continue
            if item.id in ids:  # the same article twice in one session: judged against the first
                status, reason = ("unchanged", "") if ids[item.id] == item.content_hash else ("updated", "")
            else:
                status, reason = self._classify(item, seen)
            if status in ("unchanged", "duplicate"):
                yield IngestResult(source=item.path or item.url, status=status, article_id=item.id, title=item.title, reason=reason)
                continue
            seen[item.content_hash] = item.id
            ids[item.id] = item.content_hash
            yield item, chunk_article(item, self.embedder.count_tokens, self.settings.chunk_tokens, self.settings.chunk_overlap), status

    def _publish(self, finished: bool = True) -> None:
        """A new version for readers; the keyword index records this session's step under it first."""
        self.store.publish(finished, announce=self.keywords.commit)

    def _classify(self, article: Article, seen: dict[str, str]) -> tuple[str, str]:
        existing = self.store.article(article.id)
        if existing is None:
            twin = seen.get(article.content_hash) or self.store.find_hash(article.content_hash)
            if twin and twin != article.id:
                return "duplicate", f"same text as article {twin}; stored once"
            return "added", ""
        if _same(existing, article) and len(self.store.chunk_ids(article.id)) == existing.chunk_count:
            return "unchanged", ""
        return "updated", ""

    def _write(self, pending: list[tuple[Article, list[Chunk], str]], report: Callable[[IngestResult], None]) -> bool:
        if not pending:
            return False
        texts = [c.text for _, chunks, _ in pending for c in chunks]
        vectors = self.embedder.embed(texts) if texts else np.zeros((0, self.store.dimension), dtype=np.float32)
        items, at = [], 0
        for article, chunks, _ in pending:
            items.append((article, chunks, vectors[at:at + len(chunks)]))
            at += len(chunks)
        sentences = self._sentence_vectors([(c.id, c.text, c.body_offset) for _, chunks, _ in pending for c in chunks])
        self.store.mark_writing()
        self.store.upsert(items)
        self.keywords.stage(rows=[(c.id, c.text, chunk_metadata(a, c, len(cs))) for a, cs, _ in pending for c in cs],
                            sentences=sentences)
        for article, chunks, status in pending:
            if status == "updated":
                keep = {c.id for c in chunks}
                stale = [i for i in self.store.chunk_ids(article.id) if i not in keep]
                self.store.delete(stale)
                self.keywords.stage(removed=stale)
            report(IngestResult(source=article.path or article.url, status=status, article_id=article.id,
                                title=article.title, chunks=len(chunks)))
        return True

    def _sentence_vectors(self, chunks: list[tuple[str, str, int]]) -> list[tuple[str, str, np.ndarray]]:
        """(chunk id, sentence, vector) for the sentences of `chunks`, when the index's model is the int8 one that
        scores answer sentences: stored with the keyword index, they spare each question most of its embedding
        (docs/BENCHMARKS.md, section ask). About half as much again as embedding the chunks."""
        if not self.store.model.endswith(INT8):
            return []
        owner: dict[str, str] = {}
        for chunk_id, text, body_offset in chunks:  # (id, text, where its body starts)
            body = text[body_offset:]
            for start, end in split_sentences(body):
                if len(body[start:end].split()) >= _SENTENCE_WORDS:
                    owner.setdefault(body[start:end], chunk_id)
        texts = list(owner)
        return [(owner[t], t, v) for t, v in zip(texts, self.embedder.embed(texts), strict=True)] if texts else []

    def remove(self, article_id: str) -> int:
        """Delete an article and all its chunks; returns the number of chunks removed."""
        removed = self.remove_articles([article_id])
        if not removed:
            raise NewsbotError(f"no article with id {article_id!r}; `python -m index list` shows the ids")
        return removed

    def remove_articles(self, article_ids: Iterable[str]) -> int:
        """Delete articles and their chunks in one write session (ids not stored are skipped); chunks removed."""
        with write_lock(self.settings):
            version = self.store.sync()
            ids = [chunk for article_id in dict.fromkeys(article_ids) for chunk in self.store.chunk_ids(article_id)]
            if ids:
                self.keywords.begin(version, self.store.count(), trusted=not self.store.interrupted())
                try:
                    self.store.mark_writing()
                    self.store.delete(ids)
                    self.keywords.stage(removed=ids)
                    self._publish()
                finally:
                    self.keywords.end()
        return len(ids)

    # -- reading -----------------------------------------------------------------------------

    def rebuild(self, on_progress: Callable[[int, int], None] | None = None) -> int:
        """Embed every stored chunk again from its stored text into a new collection, then switch to it;
        the number of chunks.

        The way back from a damaged vector index (`index.client.damaged_segments`) without the original
        files or URLs: ids, texts and metadata stay as stored. Killed at any point, nothing is lost: the
        old collection stays in place until the new one is complete (`rebuild.py`).
        """
        def copied(rows: list[tuple[str, str, dict[str, Any]]]) -> None:  # the keyword index (and sentences) of the copy
            self.keywords.stage(rows=rows, sentences=self._sentence_vectors([(i, t, int(m["body_offset"])) for i, t, m in rows]))

        with write_lock(self.settings):
            self.keywords.begin("", 0)
            try:
                count = rebuild(self.store, self.embedder.embed, on_progress, on_copied=copied)
                self.keywords.commit(self.store.sync())  # saved for the new collection: readers need not read it all
            finally:
                self.keywords.end()
        self.keywords.refresh()
        return count

    def articles(self) -> list[ArticleRecord]:
        return self.store.articles()

    def article(self, article_id: str) -> ArticleRecord | None:
        return self.store.article(article_id)

    def article_text(self, article_id: str) -> str:
        """The cleaned article text, stitched back from its chunks (offsets index into it)."""
        text = ""
        for hit in self.store.chunks_of(article_id):
            body = hit.body
            if hit.start > len(text):
                text += " " * (hit.start - len(text))
            text = text[: hit.start] + body
        return text

    def chunks_of(self, article_id: str) -> list[Hit]:
        return self.store.chunks_of(article_id)

    def stats(self) -> Stats:
        records = self.articles()
        dates = sorted(r.published_at for r in records if r.published_at)
        where = self.store.location
        return Stats(articles=len(records), chunks=self.store.count(), sources=len({r.source for r in records if r.source}),
                     oldest=dates[0] if dates else "", newest=dates[-1] if dates else "", model=self.store.model,
                     dimension=self.store.dimension, location=where)


def _same(record: ArticleRecord, article: Article) -> bool:
    return (record.content_hash, record.title, record.source, record.url, record.published_at, record.author,
            record.category, record.headings, record.summary) == (
        article.content_hash, article.title, article.source, article.url, article.published_at, article.author,
        article.category, article.headings, article.summary)


def _dimension(settings: Settings) -> int:
    import json

    from index.embed import model_folder

    return int(json.loads((model_folder(settings.embed_model) / "config.json").read_text())["hidden_size"])


_DONE = object()


def prefetch(items: Iterable[Any], depth: int) -> Iterator[Any]:
    """`items`, produced by a thread running at most `depth` ahead (depth 0: in this thread).

    An exception in the producer is raised here; leaving the loop early stops the producer."""
    if depth <= 0:
        yield from items
        return
    ready: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for item in items:
                while not stop.is_set():
                    try:
                        ready.put((item, None), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ready.put((_DONE, None))
        except BaseException as exc:  # handed to the consumer, which raises it
            ready.put((_DONE, exc))

    worker = threading.Thread(target=produce, name="newsbot-prepare", daemon=True)
    worker.start()
    try:
        while True:
            item, error = ready.get()
            if item is _DONE:
                if error is not None:
                    raise error
                return
            yield item
    finally:
        stop.set()
        worker.join()
