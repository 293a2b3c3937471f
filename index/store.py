"""The Chroma side of the index: one collection of chunks, written in batches, read as plain types.

Chroma stores; our code embeds (collections are created with `embedding_function=None`). Every
chunk carries its article's fields, and chunk 0 of an article doubles as the article record
(title, source, date, url, chunk count, content hash), so an article and its record are written
by the same upsert call and appear together. The collection's metadata records the embedding
model, its dimension and the schema version (checked on open), plus the write state:

- `generation` and `stamp`: a counter and a random token that every finished write session (and
  every checkpoint of a long one) changes; together they are the collection's *version*. Readers
  compare it with the version they last saw to know when to refresh derived data (the keyword
  index) and, in embedded mode, to re-open a client another process's writes have left behind.
- `writing`: set before a session's first write and cleared when it publishes, so the next
  writer knows when one died half-way (SIGKILL, power cut) and publishes a new version even if
  it has nothing left to write itself.

Embedded `PersistentClient` in `NEWSBOT_HOME/chroma` by default; `NEWSBOT_CHROMA_URL` switches
to `HttpClient` against a `chroma run` server (`client.py`). A rebuild (`rebuild.py`) writes a new
collection and switches names; a store finding its collection missing lets it settle that first.

Deliberately not here: deciding what to write and locking writers (`ingest.py`), keyword search
(`keyword.py`).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

import numpy as np

from index.chunk import chunk_id
from index.client import connection, version_of
from index.embed import INT8, base_model, model_id
from newsbot.dates import bound_timestamp, to_timestamp
from newsbot.errors import BackendError, IndexMismatchError, NewsbotError, QueryError
from newsbot.settings import Settings
from newsbot.types import Article, ArticleRecord, Chunk, Filters, Hit

__all__ = ["CONFIGURATION", "SCHEMA", "Store", "where_clause"]

SCHEMA = 1
CONFIGURATION = {"hnsw": {"space": "cosine", "ef_search": 200}}
_PAGE = 2000
_RECHECK = 0.02  # seconds a version check stands for (another process's write is seen this much later at most)


class Store:
    """Chunks and article records in one Chroma collection."""

    def __init__(self, settings: Settings, model: str | None, dimension: int, strict: bool = True) -> None:
        """`model`: the id of the vectors this process makes (None: `embed.model_id` for what the collection holds).
        `strict=False` (a rebuild that re-embeds into the configured precision) accepts vectors of the same
        model at another precision; `stored_model` says which they are."""
        self.settings = settings
        self.name = settings.collection
        self.conn = connection(settings)
        self.model, self.dimension = model or "", dimension  # settled below, once the collection is known
        existing = self.find(self.name)
        if existing is None:
            from index.rebuild import recover_if_interrupted

            recover_if_interrupted(self)  # a rebuild's switch was interrupted (or is under way): settle it first
            existing = self.find(self.name)
        stored = (existing.metadata or {}).get("embed_model") if existing is not None else None
        self.model = model or model_id(settings, stored)
        self._asked = "the embedder given" if model else f"NEWSBOT_EMBED_PRECISION={settings.embed_precision}"
        meta = self._open()
        self.stored_model = str(meta.get("embed_model"))
        self.conn.seen.setdefault(self.name, version_of(meta))
        self._check(meta, strict)

    def _open(self) -> dict[str, Any]:
        """Open (or create) the collection; its metadata."""
        try:
            with self.conn.client() as client:
                collection = client.get_or_create_collection(
                    self.name, embedding_function=None, configuration=CONFIGURATION,  # type: ignore[arg-type]
                    metadata={"newsbot_schema": SCHEMA, "embed_model": self.model, "dimension": self.dimension, "generation": 0},
                )
                self.max_batch = int(client.get_max_batch_size())
        except NewsbotError:
            raise
        except Exception as exc:
            raise BackendError(f"cannot open the Chroma collection {self.name!r} at {self.conn.where}: {exc}") from exc
        self.id = str(collection.id)
        self._follow(self.id)
        return dict(collection.metadata or {})

    def _follow(self, collection_id: str) -> None:
        """When the live collection is not the one this process has cached (another process rebuilt it):
        drop the cached one and, embedded, re-open the client so it reads the new one from disk."""
        cached = self.conn.cached_id(self.name)
        if cached is not None and cached != collection_id:
            self.conn.forget(self.name)
            if self.conn.embedded:
                self.conn.reopen()

    def reopen(self) -> dict[str, Any]:
        """Open the live collection again (after a rebuild switched it); its metadata."""
        return self._open()

    def find(self, name: str) -> Any | None:
        """The named collection, or None."""
        from chromadb.errors import NotFoundError

        with self.conn.client() as client:
            try:
                return client.get_collection(name)
            except NotFoundError:
                return None

    @property
    def location(self) -> str:
        """Where the chunks live: the Chroma folder or server URL."""
        return self.conn.where

    @property
    def client(self) -> Any:
        """The current Chroma client, for tools such as langchain-chroma (a re-open replaces it)."""
        with self.conn.client() as client:
            return client

    def _col(self) -> AbstractContextManager[Any]:
        return self.conn.collection(self.name)

    def _check(self, meta: dict[str, Any], strict: bool = True) -> None:
        rebuild = (f"rebuild it: delete {self.settings.home} (or set NEWSBOT_COLLECTION to a new name) and run "
                   "`python -m index add ...` again")
        if meta.get("newsbot_schema") != SCHEMA:
            raise IndexMismatchError(f"the index uses schema {meta.get('newsbot_schema')}, this newsbot needs {SCHEMA}; {rebuild}")
        stored = str(meta.get("embed_model"))
        if stored != self.model and base_model(stored) == base_model(self.model) and meta.get("dimension") == self.dimension:
            if strict:  # the same model at another precision: the stored texts can be embedded again as they are
                raise IndexMismatchError(
                    f"the index holds {_precision(stored)} vectors of {base_model(stored)} but {self._asked} makes "
                    f"{_precision(self.model)} ones: run `python -m index rebuild` with it to embed the stored texts again, "
                    f"or leave NEWSBOT_EMBED_PRECISION at auto (and the embedder unset) to use the index's own")
            return
        if stored != self.model or meta.get("dimension") != self.dimension:
            raise IndexMismatchError(
                f"the index was built with {meta.get('embed_model')} ({meta.get('dimension')} dimensions) but "
                f"NEWSBOT_EMBED_MODEL is {self.model} ({self.dimension}); set it back, or {rebuild}")

    # -- writing -----------------------------------------------------------------------------

    def upsert(self, items: Sequence[tuple[Article, Sequence[Chunk], np.ndarray]]) -> None:
        """Write articles with their chunks and vectors, one Chroma call per batch.

        An article's chunks never straddle two calls (unless it alone exceeds the batch limit),
        so a crash leaves whole articles or none.
        """
        batch: list[tuple[Chunk, np.ndarray, dict[str, Any]]] = []
        for article, chunks, vectors in items:
            rows = [(c, v, chunk_metadata(article, c, len(chunks))) for c, v in zip(chunks, vectors, strict=True)]
            if batch and len(batch) + len(rows) > self.max_batch:
                self._write(batch)
                batch = []
            batch.extend(rows)
            while len(batch) > self.max_batch:
                self._write(batch[: self.max_batch])
                batch = batch[self.max_batch:]
        if batch:
            self._write(batch)

    def _write(self, rows: list[tuple[Chunk, np.ndarray, dict[str, Any]]]) -> None:
        self.write_rows([c.id for c, _, _ in rows], np.stack([v for _, v, _ in rows]), [c.text for c, _, _ in rows],
                        [m for _, _, m in rows])

    def write_rows(self, ids: Sequence[str], vectors: np.ndarray, texts: Sequence[str], metas: Sequence[dict[str, Any]],
                   collection: str | None = None) -> None:
        """Upsert rows as they are, in calls of at most the batch limit, into this or the named `collection`."""
        for i in range(0, len(ids), self.max_batch):
            end = i + self.max_batch
            with self.conn.collection(collection or self.name) as collection_:
                collection_.upsert(ids=list(ids[i:end]), embeddings=vectors[i:end], documents=list(texts[i:end]),
                                   metadatas=list(metas[i:end]))

    def delete(self, chunk_ids: Sequence[str]) -> None:
        for i in range(0, len(chunk_ids), self.max_batch):
            with self._col() as collection:
                collection.delete(ids=list(chunk_ids[i:i + self.max_batch]))

    # -- the write state (see the module docstring) -------------------------------------------

    def interrupted(self) -> bool:
        """True when a write session started and never published (its writer died half-way)."""
        return bool(self.metadata().get("writing"))

    def mark_writing(self) -> None:
        """Record that a write session has started (before its first write)."""
        meta = self.metadata()
        if not meta.get("writing"):
            meta["writing"] = True
            self._set_metadata(meta)

    def publish(self, finished: bool = True, announce: Callable[[str], None] | None = None) -> int:
        """Give the collection a new version so readers refresh; `finished` also ends the write session.

        `announce(version)` runs first, before any reader can see the new version (the keyword index
        records what changed under it there)."""
        meta = self.metadata()
        meta["generation"] = int(meta.get("generation", 0)) + 1
        meta["stamp"] = uuid.uuid4().hex[:12]
        meta["writing"] = not finished
        if announce is not None:
            announce(version_of(meta))
        self._set_metadata(meta)
        self.conn.seen[self.name] = version_of(meta)  # our own write: this process's client already reflects it
        return int(meta["generation"])

    def metadata(self) -> dict[str, Any]:
        with self.conn.client() as client:
            return dict(client.get_collection(self.name).metadata or {})

    def _set_metadata(self, meta: dict[str, Any]) -> None:
        with self._col() as collection:
            collection.modify(metadata=meta)

    # -- reading -----------------------------------------------------------------------------

    def sync(self) -> str:
        """The collection's current version, first re-opening an embedded client that other processes' writes left behind.
        Checked again only after `_RECHECK` s (a question asks twice) unless this process published or re-opened."""
        checked = self.conn.checked.get(self.name)
        if checked is not None and time.monotonic() - checked[0] < _RECHECK and self.conn.seen.get(self.name) == checked[1]:
            return checked[1]
        version = self._sync()
        self.conn.checked[self.name] = (time.monotonic(), version)
        return version

    def _sync(self) -> str:
        with self.conn.client() as client:
            current = client.get_collection(self.name)
        version = version_of(current.metadata)
        if str(current.id) != self.id or self.conn.cached_id(self.name) not in (None, self.id):  # rebuilt elsewhere
            self.id = str(current.id)
            self._follow(self.id)
            self.conn.seen[self.name] = version
            return version
        seen = self.conn.seen.get(self.name)
        if seen is None:
            self.conn.seen[self.name] = version
        elif seen != version:
            if self.conn.embedded:
                self.conn.reopen()
            else:  # the server's copy is the only one: nothing to re-open
                self.conn.seen[self.name] = version
        return self.conn.seen.get(self.name, version)

    def generation(self) -> int:
        return int(self.metadata().get("generation", 0))

    def count(self) -> int:
        with self._col() as collection:
            return int(collection.count())

    def warm(self) -> None:
        """Have Chroma load the collection now: a process's first read of it takes ~0.1-0.3 s whatever it asks. Done
        by a one-row `get`, during which other threads run; a first `count` (the keyword index's) holds the GIL."""
        with self._col() as collection:
            collection.get(limit=1, include=[])

    def article(self, article_id: str) -> ArticleRecord | None:
        with self._col() as collection:
            got = collection.get(ids=[f"{article_id}:0000"], include=["metadatas"])
        return _record(got["ids"][0], got["metadatas"][0]) if got["ids"] else None

    def articles(self) -> list[ArticleRecord]:
        """Every stored article, newest first."""
        records = [_record(i, m) for i, m in self._pages(where={"ordinal": 0}, include=["metadatas"])]
        return sorted(records, key=lambda r: (r.published_at, r.title), reverse=True)

    def find_hash(self, content_hash: str) -> str | None:
        """The id of an article with this text, if one is stored."""
        with self._col() as collection:
            got = collection.get(where={"$and": [{"content_hash": content_hash}, {"ordinal": 0}]}, include=[], limit=1)
        return str(got["ids"][0]).rsplit(":", 1)[0] if got["ids"] else None

    def chunk_ids(self, article_id: str) -> list[str]:
        with self._col() as collection:
            got = collection.get(where={"article_id": article_id}, include=[])
        return sorted(str(i) for i in got["ids"])

    def hits(self, chunk_ids: Sequence[str]) -> dict[str, Hit]:
        """Chunks by id, as hits with score 0 (ids no longer stored are left out)."""
        if not chunk_ids:
            return {}
        with self._col() as collection:
            got = collection.get(ids=list(chunk_ids), include=["documents", "metadatas"])
        return {i: to_hit(i, d, m, 0.0) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)}

    def following(self, hits: Sequence[Hit]) -> list[Hit]:
        """The chunk after each of `hits` in its article, as hits with score 0 (none after an article's last)."""
        ids = [chunk_id(h.article_id, h.ordinal + 1) for h in hits]
        got = self.hits(ids)
        return [got[i] for i in ids if i in got]

    def chunks_of(self, article_id: str) -> list[Hit]:
        """An article's chunks in order, as hits with score 0."""
        with self._col() as collection:
            got = collection.get(where={"article_id": article_id}, include=["documents", "metadatas"])
        hits = [to_hit(i, d, m, 0.0) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]
        return sorted(hits, key=lambda h: h.ordinal)

    def all_chunks(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(id, text, metadata) of every chunk, paged."""
        yield from self._pages(include=["documents", "metadatas"], with_docs=True)

    def article_metadata(self) -> Iterator[dict[str, Any]]:
        """The metadata of every article record (chunk 0), paged: what tells a reader which articles changed."""
        return (meta for _, meta in self._pages(where={"ordinal": 0}, include=["metadatas"]))

    def chunks_of_articles(self, article_ids: Sequence[str], page: int = 200) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """(id, text, metadata) of every chunk of these articles."""
        for i in range(0, len(article_ids), page):
            with self._col() as collection:
                got = collection.get(where={"article_id": {"$in": list(article_ids[i:i + page])}},
                                     include=["documents", "metadatas"])
            yield from zip(got["ids"], got["documents"], got["metadatas"], strict=True)

    def _pages(self, where: dict[str, Any] | None = None, include: list[str] | None = None,
               with_docs: bool = False) -> Iterator[Any]:
        offset = 0
        while True:
            with self._col() as collection:
                got = collection.get(where=where, include=include or [], limit=_PAGE, offset=offset)  # type: ignore[arg-type]
            if not got["ids"]:
                return
            if with_docs:
                yield from zip(got["ids"], got["documents"], got["metadatas"], strict=True)
            else:
                yield from zip(got["ids"], got["metadatas"], strict=True)
            offset += len(got["ids"])

    def query(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[Hit]:
        """The k nearest chunks to `vector` that pass `filters`, best first (score = cosine similarity)."""
        where = where_clause(filters)
        with self._col() as collection:
            got = collection.query(query_embeddings=[vector], n_results=k, where=where,
                                   include=["documents", "metadatas", "distances"])
        return [to_hit(i, d, m, 1.0 - float(dist)) for i, d, m, dist in
                zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)]

    def nearest(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[str]:
        """The ids of the k nearest chunks to `vector` that pass `filters`, best first.

        Ids only: fetching 300 documents with their metadata costs ten times the search itself,
        so callers rank on ids and fetch the few chunks they keep with `hits` (and without the
        distances too: ~0.2 ms less for 300, the same ids in the same order)."""
        with self._col() as collection:
            got = collection.query(query_embeddings=[vector], n_results=k, where=where_clause(filters), include=[])
        return list(got["ids"][0])


def _precision(model: str) -> str:
    return "int8" if model.endswith(INT8) else "float32"


def chunk_metadata(article: Article, chunk: Chunk, count: int) -> dict[str, Any]:
    """Chroma metadata for one chunk (article fields included: chunk 0 is the article record)."""
    return {
        "article_id": article.id, "ordinal": chunk.ordinal, "start": chunk.start, "end": chunk.end,
        "body_offset": chunk.body_offset, "heading": chunk.heading, "title": article.title, "source": article.source,
        "url": article.url, "path": article.path, "published_at": article.published_at,
        "published_ts": to_timestamp(article.published_at), "author": article.author, "category": article.category,
        "content_hash": article.content_hash, "chunk_count": count, "headings": "\n".join(article.headings),
        "summary": article.summary,
    }


def to_hit(chunk_id: str, text: str, meta: dict[str, Any], score: float) -> Hit:
    """A Hit from a Chroma row."""
    return Hit(text=text, score=score, article_id=str(meta["article_id"]), chunk_id=chunk_id, title=str(meta["title"]),
               source=str(meta["source"]), url=str(meta["url"]), published_at=str(meta["published_at"]),
               ordinal=int(meta["ordinal"]), start=int(meta["start"]), end=int(meta["end"]),
               body_offset=int(meta["body_offset"]), heading=str(meta.get("heading", "")))


def _record(chunk_id: str, meta: dict[str, Any]) -> ArticleRecord:
    return ArticleRecord(
        id=str(meta["article_id"]), title=str(meta["title"]), source=str(meta["source"]), url=str(meta["url"]),
        path=str(meta["path"]), published_at=str(meta["published_at"]), author=str(meta["author"]),
        category=str(meta["category"]), headings=tuple(h for h in str(meta["headings"]).split("\n") if h),
        chunk_count=int(meta["chunk_count"]), content_hash=str(meta["content_hash"]),
        summary=bool(meta.get("summary", False)),
    )


def where_clause(filters: Filters | None) -> dict[str, Any] | None:
    """The Chroma `where` for `filters`; raises QueryError for an impossible date range."""
    if not filters:
        return None
    parts: list[dict[str, Any]] = []
    since = until = None
    try:
        if filters.since:
            since = bound_timestamp(filters.since, end=False)
            parts.append({"published_ts": {"$gte": since}})
        if filters.until:
            until = bound_timestamp(filters.until, end=True)
            parts.append({"published_ts": {"$lte": until}})
            if not filters.since:  # undated articles are stored at 0: they are not "before" anything
                parts.append({"published_ts": {"$gt": 0}})
    except ValueError as exc:
        raise QueryError(str(exc)) from None
    if since is not None and until is not None and since > until:
        raise QueryError(f"the date range is empty: {filters.since} is after {filters.until}")
    if filters.sources:
        parts.append({"source": {"$in": list(filters.sources)}})
    if filters.article_ids:
        parts.append({"article_id": {"$in": list(filters.article_ids)}})
    return parts[0] if len(parts) == 1 else {"$and": parts}
