"""The keyword (BM25) index over chunks: derived from Chroma, grown by each write instead of rebuilt.

Chroma holds the truth; this index follows it version by version (every finished write session, and
every checkpoint of a long one, publishes a new collection version: see `store.py`). On disk, under
`NEWSBOT_HOME/keyword/`, it is a chain of *steps*, each taking the index from one version to the
next: the ids it removed (replaced chunks included) and a segment of the chunks it added
(`postings.py`; the files: `steps.py`). Segments are written once and memory-mapped.

- **Writers** (`Index`) record their own changes: `begin` at the start of a session, `stage` after
  each Chroma write, `commit` just before `Store.publish` makes the new version visible. So a step
  costs in proportion to what was written, and is on disk before any reader can see its version.
- **Readers** (`refresh`, before each question) compare the collection's version with theirs and
  apply the steps between the two: a segment mapped and a few rows marked dead. A process starting
  afresh maps the whole chain.
- **No step to follow** (a writer in another `NEWSBOT_HOME` on the same Chroma server, a killed
  session, another collection after `index rebuild`): the reader compares every article's
  signature (its chunk 0's hash, title, outlet, date and chunk count) with its own, reads only the
  articles that differ, and records that as a step for the others. Only with nothing to start from
  (or most articles changed) does it read every chunk.
- **Merging**: after a session, more than eight steps, or steps holding over a quarter as many
  rows as the base, are merged into one segment; readers map the merged chain at their next version.

A reader's view is immutable: a question in flight keeps the view it started with. Every check
falls back to building from Chroma, so the index can be slower than it should, never wrong for
long: a saved chain that doesn't end at the collection's current version and chunk count is not used.

`terms`, `fold`, `STOPWORDS` and `TOKENIZER` (the shared tokenizer, `terms.py`) are exported from
here too. Deliberately not here: fusing keyword and dense results (`bot/retrieve.py`); the BM25
arithmetic (`view.py`).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from index.postings import Segment, Tokens, Vector, key_of, signature
from index.steps import Steps
from index.store import Store
from index.terms import STOPWORDS, TOKENIZER, fold, terms
from index.terms import sentence_terms as _sentence_terms
from index.terms import tokens as _tokens
from index.view import View
from newsbot.types import Filters

__all__ = ["KeywordIndex", "terms", "fold", "STOPWORDS", "TOKENIZER"]

_MAX_SEGMENTS = 16  # a reader holding more maps the (merged) chain afresh
_DIFF_SHARE = 3  # a catch-up that finds more than 1/this of the articles changed reads every chunk instead
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Scores:
    """BM25 scores for one query over one view (so later filtering uses the same rows)."""

    view: View
    values: np.ndarray


@dataclass
class _Session:
    """What one writer has written since the version `start` ("" = an empty index)."""

    start: str
    trusted: bool  # False after a killed session: what it wrote is unknown, so no step is recorded
    rows: dict[str, Tokens] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    sentences: list[Vector] = field(default_factory=list)


class KeywordIndex:
    """BM25 over every chunk's text, with the same filters as the dense search."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self._lock = threading.Lock()
        self._view = View("")
        self._session: _Session | None = None
        self._steps = Steps(folder, lambda: self.store.id)

    # -- reading -----------------------------------------------------------------------------

    def refresh(self) -> str:
        """Bring the index up to the store's version (returned), by the cheapest way there (module docstring)."""
        version = self.store.sync()
        if version == self._view.version:
            return version
        with self._lock:
            if version != self._view.version:
                self._view = self._catch_up(version)
        return version

    def catalogue(self) -> tuple[str, tuple[str, ...], str]:
        """(the store's version, the outlets it holds, the id of its newest article): what a question reader needs to
        know of the whole index, kept by the keyword index as it follows writes instead of read from every article
        record (at 1M chunks that read took ~20 s after every publish)."""
        version = self.refresh()
        sources, newest = self._view.catalogue()
        return version, sources, newest

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, bm25 score) of the k best chunks with a positive score that pass `filters`."""
        self.refresh()
        return self.top(self.scores(query), k, filters)

    def scores(self, query: str) -> _Scores | None:
        """BM25 scores of every chunk for `query` (None when nothing can match); rank them with `top`."""
        view = self._view
        words = terms(query)
        if not words or not view.size:
            return None
        return _Scores(view, view.scores(words))

    def top(self, scores: object, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """The k best (chunk_id, score) of `scores` that are positive and pass `filters`."""
        if not isinstance(scores, _Scores):
            return []
        view, values = scores.view, scores.values
        mask = values > 0
        mask &= view.mask(filters)
        candidates = np.flatnonzero(mask)
        negated = -values[candidates]
        if 0 < k < len(candidates):  # only those scoring at least the k-th best need sorting (ties stay in row order)
            keep = np.flatnonzero(negated <= np.partition(negated, k - 1)[k - 1])
            candidates, negated = candidates[keep], negated[keep]
        best = candidates[np.argsort(negated, kind="stable")[:k]]
        return list(zip(view.ids_of(best), values[best].tolist(), strict=True))

    def stale(self) -> bool:
        """True when the saved chain doesn't reach the store's version and chunk count (a killed write, say)."""
        manifest = self._steps.manifest()
        if manifest is None:
            return self.store.count() > 0
        head = manifest["steps"][-1] if manifest["steps"] else {}
        return (head.get("to"), head.get("chunks")) != (self.store.sync(), self.store.count())

    @property
    def version(self) -> str:
        """The collection version the loaded view reflects."""
        return self._view.version

    def document_frequencies(self) -> dict[str, int]:
        """term -> number of chunks containing it, as of the last `refresh` (do not modify)."""
        return self._view.frequencies()

    @property
    def size(self) -> int:
        return self._view.size

    @property
    def chunk_ids(self) -> list[str]:
        """The chunk ids the loaded view covers (as of the last `refresh`)."""
        return self._view.chunk_ids()

    def containing(self, words: list[str], filters: Filters | None = None) -> dict[str, str]:
        """article id -> one of its chunk ids, for every article with a chunk containing all `terms` of `words`
        (that passes `filters`), as of the last `refresh`. No words: every article that passes."""
        return {article: chunks[0] for article, chunks in self.chunks_containing(words, filters).items()}

    def chunks_containing(self, words: list[str], filters: Filters | None = None) -> dict[str, list[str]]:
        """article id -> all of its chunk ids that contain all `terms` of `words` (and pass `filters`), in index order."""
        view = self._view
        if not view.size:
            return {}
        mask = view.having(list(dict.fromkeys(t for w in words for t in terms(w)))) & view.mask(filters)
        out: dict[str, list[str]] = {}
        for _, segment, local in view.locate(np.flatnonzero(mask)):
            out.setdefault(segment.articles[int(segment.article[local])], []).append(view.chunk_id(segment, local))
        return out

    def passing(self, chunk_ids: list[str], filters: Filters) -> list[str]:
        """The chunk ids that pass `filters`, in their order, as of the last `refresh` (unknown ids fail)."""
        view = self._view
        rows = view.rows_of(chunk_ids)
        mask = view.mask(filters)
        return [cid for cid, row in zip(chunk_ids, rows.tolist(), strict=True) if row >= 0 and mask[row]]

    def idf(self, term: str) -> float:
        """Inverse document frequency of a `terms()` term over the chunks (BM25's formula), as of the last
        `refresh` (every search refreshes; a per-term version check would cost more than the lookup)."""
        return self._view.idf(term)

    def sentence_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Vectors the writer stored for those `texts` that are sentences of indexed chunks (as of the last
        `refresh`): the int8 model's, kept in float16, so answering need not embed them again."""
        return self._view.vectors(texts)

    def best_sentences(self, chunk_ids: list[str], weights: dict[str, float]) -> list[float | None]:
        """For each chunk id, the largest sum of `weights` (by `terms()` term) over one sentence's terms
        (`sentence_terms` of its body; 0.0 with no sentence), from what the index stored, as of the last
        `refresh`; None for a chunk it holds no sentence terms of (a segment saved before it stored them)."""
        return self._view.best_sentences(chunk_ids, {key_of(t): w for t, w in weights.items()})

    @property
    def unseen(self) -> float:
        """The idf of a term no chunk contains."""
        return float(np.log(1.0 + (self._view.size + 0.5) / 0.5))

    # -- writing (the writer holds the write lock) ---------------------------------------------

    def begin(self, version: str, chunks: int, trusted: bool = True) -> None:
        """A write session starts at `version` with `chunks` stored; `trusted=False` when a killed session's
        writes were found (they are in no step: this session records none, and readers compare articles)."""
        self._session = _Session("" if chunks == 0 else version, trusted)

    def stage(self, rows: Iterable[tuple[str, str, dict[str, Any]]] = (), removed: Iterable[str] = (),
              sentences: Iterable[Vector] = ()) -> None:
        """Chunks just written to Chroma (id, text, metadata), ids just deleted, and the vectors of the new chunks'
        sentences (chunk id, sentence, vector: see `sentence_vectors`), for the next `commit`."""
        session = self._session
        if session is None or not session.trusted:
            return
        session.sentences.extend(sentences)
        for chunk_id in removed:
            session.removed.add(chunk_id)
            session.rows.pop(chunk_id, None)
        for chunk_id, text, meta in rows:
            session.removed.add(chunk_id)  # an upsert replaces any older row of the same id
            session.rows[chunk_id] = _row(chunk_id, text, meta)

    def commit(self, version: str) -> None:
        """Record the staged changes as the step to `version`, before `Store.publish` makes it visible
        (pass this as its `announce`). The session goes on from `version`."""
        session = self._session
        if session is None:
            return
        self._session = _Session(version, True)
        if not session.trusted:
            return
        try:
            with self._steps.lock():
                manifest = self._steps.manifest()
                if manifest is None and session.start:
                    return  # nothing saved to build on: readers catch up by comparing articles
                segment = Segment.build(session.rows.values(), session.sentences) if session.rows else None
                step = self._steps.write_step(session.start, version, self.store.count(), session.removed, segment)
                steps = manifest["steps"] if manifest and session.start else []
                self._steps.write_manifest([*steps, step])
        except OSError as exc:  # a cache: readers will catch up without it
            log.warning("could not record the keyword index step in %s (%s)", self.folder, exc)

    def end(self) -> None:
        """The write session is over; merge saved steps when they have piled up (see the module docstring)."""
        self._session = None
        try:
            with self._steps.lock():
                manifest = self._steps.manifest()
                if manifest is not None:
                    self._steps.compact(manifest)
        except OSError as exc:
            log.warning("could not merge the keyword index in %s (%s)", self.folder, exc)

    # -- catching up -----------------------------------------------------------------------------

    def _catch_up(self, version: str) -> View:
        count = self.store.count()
        view = self._view
        manifest = self._steps.manifest() or {}
        steps: list[dict[str, Any]] = manifest.get("steps", [])
        if steps:
            mine = self._steps.path(steps + manifest.get("recent", []), view.version, version) if view.size else None
            whole = self._steps.path(steps, "", version)
            if mine is not None and (whole is None or len(view.segments) + len(mine) <= _MAX_SEGMENTS):
                found = self._steps.follow(view, mine)
            else:
                found = self._steps.follow(View(""), whole) if whole is not None else None
            if found is not None and found.size == count:
                return found
        base = view if view.size else None
        if base is None and steps:
            base = self._steps.follow(View(""), self._steps.path(steps, "", steps[-1]["to"]))
        if base is not None:
            caught = self._compare(base, version, count)
            if caught is not None:
                self._record(base.version, *caught, count)
                return caught[0]
        return self._build(version, count)

    def _compare(self, base: View, version: str, count: int) -> tuple[View, list[str], Segment | None] | None:
        """`base` brought to `version` by reading only the articles whose signature differs, with the ids it
        removed and the segment it added (None: too many articles differ, or the result doesn't add up)."""
        stored = {str(meta["article_id"]): signature(meta) for meta in self.store.article_metadata()}
        mine = base.articles()
        changed = [a for a, sig in stored.items() if mine.get(a) != sig]
        gone = [a for a in mine if a not in stored]
        if len(changed) + len(gone) > max(20, len(stored) // _DIFF_SHARE):
            return None
        removed = base.rows_of_articles([*changed, *gone])
        rows = [_row(cid, text, meta) for cid, text, meta in self.store.chunks_of_articles(changed)]
        segment = Segment.build(rows) if rows else None
        view = base.apply(version, removed, segment)
        return (view, removed, segment) if view.size == count else None

    def _build(self, version: str, count: int) -> View:
        """Every chunk read from Chroma into one segment, saved as a new chain."""
        rows = [_row(cid, text, meta) for cid, text, meta in self.store.all_chunks()]
        segment = Segment.build(rows) if rows else None
        view = View("").apply(version, [], segment)
        if view.size == count == self.store.count():  # nothing was written meanwhile
            self._record("", view, [], segment, count)
        return view

    def _record(self, start: str, view: View, removed: list[str], segment: Segment | None, count: int) -> None:
        """Save how `view` was reached from version `start`, for the other processes: a step after the saved
        chain when it ends at `start`, else a new chain of one merged segment. Nothing when the version didn't
        move (what changed are a killed session's unpublished writes: the next writer publishes them)."""
        if start == view.version:
            return
        try:
            with self._steps.lock():
                manifest = self._steps.manifest()
                steps = manifest["steps"] if manifest else []
                if start and steps and steps[-1]["to"] == start:
                    self._steps.write_manifest([*steps, self._steps.write_step(start, view.version, count, removed, segment)])
                else:
                    whole = segment if not start else view.merged()
                    self._steps.write_manifest([self._steps.write_step("", view.version, count, (), whole)])
        except OSError as exc:
            log.warning("could not save the keyword index in %s (%s)", self.folder, exc)


def _row(chunk_id: str, text: str, meta: dict[str, Any]) -> Tokens:
    """A chunk's keyword row: its terms, its metadata and the terms of each sentence of its body."""
    return chunk_id, _tokens(text), meta, _sentence_terms(text[int(meta.get("body_offset", 0)):])
