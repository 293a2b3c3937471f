"""A `View`: some segments plus which of their rows are alive; BM25 over the live rows; merging.

BM25 is computed at query time from the live rows (Lucene's variant with k1=1.2, b=0.75, float32:
the formula bm25s used here before, so scores match it to float rounding), which is what lets a
write add one small segment instead of recomputing every chunk's scores. A view never changes:
`apply` makes the next one, so a question in flight keeps the view it started with.

Deliberately not here: the segments themselves (`postings.py`) and where views come from (`keyword.py`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from index.postings import Segment, id_array, key_of
from newsbot.dates import bound_timestamp
from newsbot.types import Filters

__all__ = ["View"]

K1, B = 1.2, 0.75
_REMEMBERED_SCORES = 2_000_000  # rows of per-term BM25 shares a view keeps (~24 MB at most)
_REMEMBERED_MASKS = 16  # filters whose rows a view keeps (a bool per chunk each: 16 MB at 1M chunks)


@dataclass(frozen=True, eq=False)
class View:
    """Segments and their live rows: what the keyword index answers from, for one collection version."""

    version: str
    segments: tuple[Segment, ...] = ()
    alive: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)  # per-view caches (idf, frequencies)

    @property
    def offsets(self) -> np.ndarray:
        if "offsets" not in self._memo:
            self._memo["offsets"] = np.cumsum([0] + [len(s) for s in self.segments])
        return self._memo["offsets"]  # type: ignore[no-any-return]

    @property
    def size(self) -> int:
        if "size" not in self._memo:
            self._memo["size"] = int(self.alive.sum())
        return self._memo["size"]  # type: ignore[no-any-return]

    def apply(self, version: str, removed: Sequence[str], added: Segment | None) -> View:
        """This view with the rows of `removed` ids dead and `added` appended (a new view; this one is unchanged)."""
        alive = self.alive.copy()
        for (lo, _), segment in zip(self._bounds(), self.segments, strict=True):
            _, rows = segment.find(removed)
            alive[lo + rows] = False
        segments = self.segments
        if added is not None and len(added):
            segments = (*segments, added)
            alive = np.concatenate([alive, np.ones(len(added), dtype=bool)])
        return View(version, segments, alive)

    def _bounds(self) -> list[tuple[int, int]]:
        offsets = self.offsets
        return [(int(offsets[i]), int(offsets[i + 1])) for i in range(len(self.segments))]

    def _postings(self, key: int) -> list[tuple[int, Segment, np.ndarray, np.ndarray]]:
        """(offset, segment, rows, counts) of the live chunks containing a term, per segment."""
        out = []
        for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
            rows, tf = segment.postings(key)
            if len(rows):
                live = self.alive[lo:hi][rows]
                if not live.all():
                    rows, tf = rows[live], tf[live]
                if len(rows):
                    out.append((lo, segment, rows, tf))
        return out

    def df(self, term: str) -> int:
        """Live chunks containing `term`."""
        memo = self._memo.setdefault("df", {})
        if term not in memo:
            memo[term] = sum(len(rows) for _, _, rows, _ in self._postings(key_of(term)))
        return int(memo[term])

    def idf(self, term: str) -> float:
        """BM25's (Lucene's) inverse document frequency of `term` over the live chunks."""
        n, df = self.size, self.df(term)
        return float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))

    def scores(self, words: Sequence[str]) -> np.ndarray:
        """BM25 of every row (dead rows 0) for a query of `words` (a repeated word counts again, as in bm25s)."""
        out = np.zeros(len(self.alive), dtype=np.float32)
        n = self.size
        if not n:
            return out
        for word in words:
            for rows, values in self._term_scores(word):
                out[rows] += values
        return out

    def _term_scores(self, word: str) -> list[tuple[np.ndarray, np.ndarray]]:
        """(rows, BM25 share) per segment of the live rows holding `word`: remembered for this view (questions share
        words: "article", "report", the outlets), up to `_REMEMBERED_SCORES` rows in all."""
        memo: dict[str, list[tuple[np.ndarray, np.ndarray]]] = self._memo.setdefault("bm25", {})
        found = memo.get(word)
        if found is not None:
            return found
        n = self.size
        average = np.float32(self._total_length() / n)
        postings = self._postings(key_of(word))
        df = sum(len(rows) for _, _, rows, _ in postings)
        found = []
        if df:
            idf = np.float32(math.log(1.0 + (n - df + 0.5) / (df + 0.5)))
            for lo, segment, rows, tf in postings:
                norm = np.float32(K1) * (np.float32(1 - B) + np.float32(B) * segment.lengths[rows] / average)
                found.append((lo + rows, idf * (tf / (norm + tf))))
        held = self._memo.get("bm25 rows", 0) + df
        if held > _REMEMBERED_SCORES:
            memo.clear()
            held = df
        self._memo["bm25 rows"] = held
        memo[word] = found
        return found

    def _total_length(self) -> float:
        if "length" not in self._memo:
            self._memo["length"] = float(sum(float(s.lengths[self.alive[lo:hi]].sum(dtype=np.float64))
                                             for (lo, hi), s in zip(self._bounds(), self.segments, strict=True)))
        return self._memo["length"]  # type: ignore[no-any-return]

    def vectors(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of those `texts` that are sentences of chunks here (float32)."""
        out: dict[str, np.ndarray] = {}
        if not texts or not any(len(s.skeys) for s in self.segments):
            return out
        keys = np.array([key_of(t) for t in texts], dtype=np.uint64)
        for segment in reversed(self.segments):
            if not len(segment.skeys):
                continue
            at = np.searchsorted(segment.skeys, keys).clip(0, len(segment.skeys) - 1)
            for i in np.flatnonzero(segment.skeys[at] == keys).tolist():
                out.setdefault(texts[i], np.asarray(segment.svecs[at[i]], dtype=np.float32))
        return out

    def best_sentences(self, chunk_ids: Sequence[str], weights: dict[int, float]) -> list[float | None]:
        """For each chunk id, the largest sum of `weights` (by term key) over the stored terms of one of its
        sentences (0.0 with no sentence); None when no live row of it has them (see `Segment.sbounds`)."""
        out: list[float | None] = [None] * len(chunk_ids)
        if not chunk_ids:
            return out
        wanted = np.array(sorted(weights), dtype=np.uint64)
        values = np.array([weights[k] for k in wanted.tolist()], dtype=np.float64)
        for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
            if not segment.has_sentence_terms:
                continue
            positions, rows = segment.find(chunk_ids)
            live = self.alive[lo:hi][rows]
            positions, rows = positions[live], rows[live].astype(np.int64)
            if not len(rows):
                continue
            bounds = np.asarray(segment.sbounds)
            first, count = bounds[rows], bounds[rows + 1] - bounds[rows]
            sentences = _ranges(first, count)
            ptr = np.asarray(segment.sptr)
            size = ptr[sentences + 1] - ptr[sentences]
            keys = np.asarray(segment.sterms)[_ranges(ptr[sentences], size)]
            if len(wanted) and len(keys):
                at = np.searchsorted(wanted, keys).clip(0, len(wanted) - 1)
                found = np.where(wanted[at] == keys, values[at], 0.0)
            else:
                found = np.zeros(len(keys))
            sums = np.bincount(np.repeat(np.arange(len(sentences)), size), weights=found, minlength=len(sentences))
            starts = np.concatenate([[0], np.cumsum(count)[:-1]])
            for pos, start, n in zip(positions.tolist(), starts.tolist(), count.tolist(), strict=True):
                out[pos] = float(sums[start:start + n].max()) if n else 0.0
        return out

    def having(self, words: Sequence[str]) -> np.ndarray:
        """Live rows containing every one of `words` (a bool mask)."""
        mask = self.alive.copy()
        for word in dict.fromkeys(words):
            has = np.zeros(len(mask), dtype=bool)
            for lo, _, rows, _ in self._postings(key_of(word)):
                has[lo + rows] = True
            mask &= has
        return mask

    def mask(self, filters: Filters | None) -> np.ndarray:
        """Live rows that pass `filters` (read-only: remembered for this view, as one question filters by the same
        outlets and dates several times)."""
        memo: dict[Filters | None, np.ndarray] = self._memo.setdefault("masks", {})
        found = memo.get(filters or None)
        if found is None:
            found = self._mask(filters)
            found.flags.writeable = False
            if len(memo) >= _REMEMBERED_MASKS:
                memo.clear()
            memo[filters or None] = found
        return found

    def _mask(self, filters: Filters | None) -> np.ndarray:
        mask = self.alive.copy()
        if not filters:
            return mask
        since = bound_timestamp(filters.since, end=False) if filters.since else None
        until = bound_timestamp(filters.until, end=True) if filters.until else None
        for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
            part = mask[lo:hi]
            if since is not None:
                part &= segment.ts >= since
            if until is not None:
                part &= (segment.ts <= until) & (segment.ts > 0)
            if filters.sources:
                part &= np.isin(np.array(segment.sources, dtype=object), list(filters.sources))[segment.source] \
                    if segment.sources else False
            if filters.article_ids:
                part &= np.isin(np.array(segment.articles, dtype=object), list(filters.article_ids))[segment.article] \
                    if segment.articles else False
        return mask

    def rows_of(self, chunk_ids: Sequence[str]) -> np.ndarray:
        """The live row of each chunk id (-1 for ids not held)."""
        out = np.full(len(chunk_ids), -1, dtype=np.int64)
        for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
            positions, rows = segment.find(chunk_ids)
            live = self.alive[lo:hi][rows]
            out[positions[live]] = lo + rows[live]
        return out

    def locate(self, rows: np.ndarray) -> Iterable[tuple[int, Segment, int]]:
        """(row, segment, row within it) for global `rows`."""
        offsets = self.offsets
        which = np.searchsorted(offsets, rows, side="right") - 1
        for row, s in zip(rows.tolist(), which.tolist(), strict=True):
            yield row, self.segments[s], row - int(offsets[s])

    def ids_of(self, rows: np.ndarray) -> list[str]:
        """The chunk id of each of the global `rows` (one lookup per segment, not per row)."""
        offsets = self.offsets
        which = np.searchsorted(offsets, rows, side="right") - 1
        out: list[str] = [""] * len(rows)
        for s in np.unique(which).tolist():
            at = np.flatnonzero(which == s)
            values = np.asarray(self.segments[s].ids)[rows[at] - int(offsets[s])].tolist()
            for i, value in zip(at.tolist(), values, strict=True):
                out[i] = value.decode("ascii") if isinstance(value, bytes) else str(value)
        return out

    def chunk_id(self, segment: Segment, local: int) -> str:
        value = segment.ids[local]
        return value.decode("ascii") if isinstance(value, bytes) else str(value)

    def chunk_ids(self) -> list[str]:
        """Every live chunk id."""
        out: list[str] = []
        for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
            live = segment.ids[self.alive[lo:hi]]
            out.extend(v.decode("ascii") if isinstance(v, bytes) else str(v) for v in live.tolist())
        return out

    def articles(self) -> dict[str, str]:
        """article id -> signature, for every article with a live row (the newest segment's word for it)."""
        if "articles" not in self._memo:
            out: dict[str, str] = {}
            for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
                for code in np.unique(segment.article[self.alive[lo:hi]]).tolist():
                    out[segment.articles[code]] = segment.signatures[code]
            self._memo["articles"] = out
        return self._memo["articles"]  # type: ignore[no-any-return]

    def catalogue(self) -> tuple[tuple[str, ...], str]:
        """(the outlets of the live rows, the id of the newest article by publication time, "" when none is dated)."""
        if "catalogue" not in self._memo:
            sources: set[str] = set()
            newest, newest_ts = "", 0.0
            for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
                live = self.alive[lo:hi]
                if not live.any():
                    continue
                sources.update(segment.sources[code] for code in np.unique(segment.source[live]).tolist())
                ts = np.where(live, segment.ts, 0.0)
                row = int(np.argmax(ts))
                if ts[row] > newest_ts:
                    newest, newest_ts = segment.articles[int(segment.article[row])], float(ts[row])
            self._memo["catalogue"] = (tuple(sorted(sources)), newest)
        return self._memo["catalogue"]  # type: ignore[no-any-return]

    def rows_of_articles(self, article_ids: Iterable[str]) -> list[str]:
        """The live chunk ids of these articles."""
        wanted = set(article_ids)
        out: list[str] = []
        for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
            codes = [i for i, a in enumerate(segment.articles) if a in wanted]
            if codes:
                rows = np.flatnonzero(np.isin(segment.article, codes) & self.alive[lo:hi])
                out.extend(self.chunk_id(segment, int(r)) for r in rows)
        return out

    def frequencies(self) -> dict[str, int]:
        """term -> live chunks containing it."""
        if "frequencies" not in self._memo:
            out: dict[str, int] = {}
            for (lo, hi), segment in zip(self._bounds(), self.segments, strict=True):
                if not len(segment.keys):
                    continue
                live = self.alive[lo:hi][segment.rows].astype(np.int64)
                counts = np.add.reduceat(live, segment.ptr[:-1]) if len(live) else np.zeros(len(segment.keys), np.int64)
                for word, count in zip(segment.words(), counts.tolist(), strict=True):
                    if count:
                        out[word] = out.get(word, 0) + count
            self._memo["frequencies"] = out
        return self._memo["frequencies"]  # type: ignore[no-any-return]

    def merged(self) -> Segment:
        """One segment with exactly the live rows (what a merge writes)."""
        articles: dict[str, int] = {}
        signatures: list[str] = []
        sources: dict[str, int] = {}
        words: dict[int, str] = {}
        sentences: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        said = all(s.has_sentence_terms for s in self.segments)  # sentence terms kept only when every segment has them
        said_parts: dict[str, list[np.ndarray]] = {"count": [], "size": [], "keys": []}
        parts: dict[str, list[np.ndarray]] = {n: [] for n in ("ids", "lengths", "ts", "article", "source", "keys", "rows", "tf")}
        start = 0
        for (lo, hi), s in zip(self._bounds(), self.segments, strict=True):
            live = np.flatnonzero(self.alive[lo:hi])
            renumber = np.full(hi - lo, -1, dtype=np.int64)
            renumber[live] = np.arange(start, start + len(live))
            start += len(live)
            codes = []
            for name, sig in zip(s.articles, s.signatures, strict=True):
                codes.append(articles.setdefault(name, len(articles)))
                if codes[-1] == len(signatures):
                    signatures.append(sig)
            outlets = [sources.setdefault(name, len(sources)) for name in s.sources]
            parts["ids"].append(np.array([self.chunk_id(s, int(r)) for r in live], dtype=object))
            parts["lengths"].append(np.asarray(s.lengths)[live])
            parts["ts"].append(np.asarray(s.ts)[live])
            parts["article"].append(np.array(codes, dtype=np.int64)[np.asarray(s.article)[live]])
            parts["source"].append(np.array(outlets, dtype=np.int64)[np.asarray(s.source)[live]])
            target = renumber[np.asarray(s.rows)]
            keep = target >= 0
            parts["keys"].append(np.repeat(np.asarray(s.keys), np.diff(np.asarray(s.ptr)))[keep])
            parts["rows"].append(target[keep])
            parts["tf"].append(np.asarray(s.tf)[keep])
            words.update(zip(np.asarray(s.keys).tolist(), s.words(), strict=True))
            if said:
                bounds, ptr = np.asarray(s.sbounds), np.asarray(s.sptr)
                count = bounds[live + 1] - bounds[live]
                own = _ranges(bounds[live], count)
                size = ptr[own + 1] - ptr[own]
                said_parts["count"].append(count)
                said_parts["size"].append(size)
                said_parts["keys"].append(np.asarray(s.sterms)[_ranges(ptr[own], size)])
            if len(s.skeys):
                owner = renumber[np.asarray(s.srows)]
                kept = owner >= 0  # the sentences of rows still alive (a replaced chunk's new segment has its own)
                sentences.append((np.asarray(s.skeys)[kept], np.asarray(s.svecs)[kept], owner[kept]))
        flat = {name: np.concatenate(values) if values else np.zeros(0) for name, values in parts.items()}
        order = np.argsort(flat["ids"].astype(str), kind="stable")  # the new rows, in chunk-id order
        position = np.empty(len(order), dtype=np.int64)
        position[order] = np.arange(len(order))
        rows = position[flat["rows"].astype(np.int64)]
        by = np.lexsort((rows, flat["keys"]))
        keys, counts = np.unique(flat["keys"][by].astype(np.uint64), return_counts=True)
        ptr = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        skeys, first = np.unique(np.concatenate([k for k, _, _ in sentences]) if sentences else np.zeros(0, np.uint64),
                                 return_index=True)
        svecs = np.concatenate([v for _, v, _ in sentences])[first] if sentences else np.zeros((0, 0), np.float16)
        srows = position[np.concatenate([r for _, _, r in sentences])[first]] if sentences else np.zeros(0, np.int64)
        sbounds, sptr, sterms = np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.uint64)  # none stored
        if said:  # each row's sentences, and their terms, moved with it into chunk-id order
            count, size, terms_ = (np.concatenate(said_parts[n]) if said_parts[n] else np.zeros(0, np.int64)
                                   for n in ("count", "size", "keys"))
            count, size = count.astype(np.int64), size.astype(np.int64)
            moved = _ranges(np.concatenate([[0], np.cumsum(count)[:-1]]).astype(np.int64)[order], count[order])
            key_starts = np.concatenate([[0], np.cumsum(size)[:-1]]).astype(np.int64)
            sbounds = np.concatenate([[0], np.cumsum(count[order])]).astype(np.int64)
            sptr = np.concatenate([[0], np.cumsum(size[moved])]).astype(np.int64)
            sterms = terms_.astype(np.uint64)[_ranges(key_starts[moved], size[moved])]
        return Segment(sbounds=sbounds, sptr=sptr, sterms=sterms,
                       skeys=skeys.astype(np.uint64), svecs=svecs.astype(np.float16), srows=srows.astype(np.int32),
                       ids=id_array([str(i) for i in flat["ids"][order]]), lengths=flat["lengths"][order].astype(np.float32),
                       ts=flat["ts"][order].astype(np.float64), article=flat["article"][order].astype(np.int32),
                       source=flat["source"][order].astype(np.int32), keys=keys, ptr=ptr, rows=rows[by].astype(np.int32),
                       tf=flat["tf"][by].astype(np.float32), articles=tuple(articles), signatures=tuple(signatures),
                       sources=tuple(sources), _words=[tuple(words[k] for k in keys.tolist())])


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indexes start..start+count-1 of each (start, count), concatenated."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return np.repeat(starts - offsets, counts) + np.arange(total)
