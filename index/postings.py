"""BM25 postings (and the chunks' sentence vectors) in immutable segments.

A `Segment` holds some chunks, rows sorted by chunk id: their lengths in terms, publication times,
article and outlet (codes into small tables), and per term (a 64-bit hash of its `terms()` string,
sorted) the rows that contain it with their counts. It is built once (`Segment.build`), saved as
`.npy` files and memory-mapped back (`Segment.load`), so a reader's memory is the pages it touches
and loading costs the same for 8 or 8 million chunks. A segment never changes; a chunk removed or
replaced later is a dead row of its `View` until a merge writes the live rows into a new segment.
It may also hold the vectors of its chunks' sentences (float16, by a 64-bit key of the text), which
an int8 ingest computes once so answering need not (`KeywordIndex.sentence_vectors`); and the terms
of each sentence of each chunk's body (keys, as `sentence_terms` reads them), so answering need not
split and tokenize every chunk it ranks (`KeywordIndex.best_sentences`). Segments saved before
either existed lack those arrays, and answering reads the chunks themselves as it did.

Deliberately not here: which rows are alive and the scoring itself (`view.py`), where segments
live and when they are merged (`keyword.py`, `steps.py`), the tokenizer (`terms.py`).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["EMPTY_DOC", "Segment", "Tokens", "Vector", "id_array", "key_of", "signature"]

EMPTY_DOC = "\u2205"  # the one term of a chunk with no other (so every chunk has a length, as bm25s had it)
_ARRAYS = ("ids", "lengths", "ts", "article", "source", "keys", "ptr", "rows", "tf", "skeys", "svecs", "srows",
           "sbounds", "sptr", "sterms")  # those starting with "s" are optional (older segments lack them)

# (chunk id, its terms, its Chroma metadata, the terms of each sentence of its body: `sentence_terms`)
Tokens = tuple[str, list[str], dict[str, Any], Sequence[Iterable[str]]]
Vector = tuple[str, str, np.ndarray]  # (chunk id, one of its sentences, that sentence's vector)


def key_of(term: str) -> int:
    """The 64-bit key a term is stored under (stable across processes, unlike `hash`)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little")


def signature(meta: dict[str, Any]) -> str:
    """What decides an article's keyword rows (its text and the fields in every chunk's header and filters)."""
    return "|".join(str(meta.get(k, "")) for k in ("content_hash", "title", "source", "published_at", "chunk_count"))


@dataclass(frozen=True, eq=False)
class Segment:
    """Chunks with their postings; arrays may be memory-mapped (read-only)."""

    ids: np.ndarray  # chunk ids, sorted ('S' when all ASCII, else 'U')
    lengths: np.ndarray  # float32, terms per chunk
    ts: np.ndarray  # float64, published_ts
    article: np.ndarray  # int32 codes into `articles`
    source: np.ndarray  # int32 codes into `sources`
    keys: np.ndarray  # uint64 term keys, sorted
    ptr: np.ndarray  # int64, postings of keys[i] are rows[ptr[i]:ptr[i+1]]
    rows: np.ndarray  # int32
    tf: np.ndarray  # float32
    articles: tuple[str, ...]
    signatures: tuple[str, ...]  # per entry of `articles`
    sources: tuple[str, ...]
    skeys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))  # sentence keys (`key_of` its text), sorted
    svecs: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float16))  # their vectors
    srows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))  # the row each came from
    # the sentences of row r are sptr[sbounds[r]:sbounds[r + 1] + 1]; sentence i's term keys sterms[sptr[i]:sptr[i + 1]],
    # sorted (sbounds empty: not stored)
    sbounds: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    sptr: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    sterms: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    folder: Path | None = None
    _words: list[tuple[str, ...]] = field(default_factory=list, repr=False)  # the terms of `keys`, read on demand

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def has_sentence_terms(self) -> bool:
        return len(self.sbounds) == len(self.ids) + 1

    @classmethod
    def build(cls, rows: Iterable[Tokens], sentences: Iterable[Vector] = ()) -> Segment:
        """A segment of `rows`: (chunk id, its `terms()`, its Chroma metadata, its sentences' terms), each chunk id
        once; with the vectors of `sentences` (chunk id, sentence text, vector) of those chunks."""
        docs = sorted(rows, key=lambda r: r[0])
        local: dict[str, int] = {}
        t_idx: list[int] = []
        r_idx: list[int] = []
        counts: list[int] = []
        lengths = np.zeros(len(docs), dtype=np.float32)
        articles: dict[str, int] = {}
        signatures: list[str] = []
        sources: dict[str, int] = {}
        article = np.zeros(len(docs), dtype=np.int32)
        source = np.zeros(len(docs), dtype=np.int32)
        ts = np.zeros(len(docs), dtype=np.float64)
        sbounds = np.zeros(len(docs) + 1, dtype=np.int64)
        sterms: list[list[int]] = []
        for r, (_, tokens, meta, said) in enumerate(docs):
            sterms.extend(sorted({key_of(t) for t in sentence}) for sentence in said)
            sbounds[r + 1] = len(sterms)
            tokens = tokens or [EMPTY_DOC]
            lengths[r] = len(tokens)
            for term, n in Counter(tokens).items():
                t_idx.append(local.setdefault(term, len(local)))
                r_idx.append(r)
                counts.append(n)
            code = articles.setdefault(str(meta["article_id"]), len(articles))
            if code == len(signatures):
                signatures.append(signature(meta))
            article[r] = code
            source[r] = sources.setdefault(str(meta["source"]), len(sources))
            ts[r] = float(meta["published_ts"])
        words = list(local)
        keys = np.array([key_of(w) for w in words], dtype=np.uint64)
        by_key = np.argsort(keys, kind="stable")
        rank = np.empty_like(by_key)
        rank[by_key] = np.arange(len(by_key))
        terms_ = rank[np.array(t_idx, dtype=np.int64)] if t_idx else np.zeros(0, dtype=np.int64)
        rows_ = np.array(r_idx, dtype=np.int32)
        order = np.lexsort((rows_, terms_))
        ptr = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms_, minlength=len(words)), out=ptr[1:])
        row_of = {d[0]: r for r, d in enumerate(docs)}
        known = {key_of(text): (row_of[cid], vector) for cid, text, vector in sentences if cid in row_of}
        skeys = np.array(sorted(known), dtype=np.uint64)
        svecs = np.array([known[k][1] for k in skeys.tolist()], dtype=np.float16) if known else np.zeros((0, 0), np.float16)
        srows = np.array([known[k][0] for k in skeys.tolist()], dtype=np.int32)
        sptr = np.zeros(len(sterms) + 1, dtype=np.int64)
        np.cumsum([len(k) for k in sterms], out=sptr[1:])
        return cls(ids=id_array([d[0] for d in docs]), lengths=lengths, ts=ts, article=article, source=source,
                   skeys=skeys, svecs=svecs, srows=srows, sbounds=sbounds, sptr=sptr,
                   sterms=np.array([k for keys_ in sterms for k in keys_], dtype=np.uint64),
                   keys=keys[by_key], ptr=ptr, rows=rows_[order], tf=np.array(counts, dtype=np.float32)[order],
                   articles=tuple(articles), signatures=tuple(signatures), sources=tuple(sources),
                   _words=[tuple(words[i] for i in by_key)])

    def save(self, folder: Path) -> None:
        """Write the segment into `folder` (new, not yet visible to anyone: the caller publishes it)."""
        folder.mkdir(parents=True)
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", getattr(self, name), allow_pickle=False)
        tables = {"articles": self.articles, "signatures": self.signatures, "sources": self.sources}
        (folder / "tables.json").write_text(json.dumps(tables, ensure_ascii=False))
        (folder / "words.json").write_text(json.dumps(self.words(), ensure_ascii=False))

    @classmethod
    def load(cls, folder: Path) -> Segment:
        """The segment saved in `folder`, memory-mapped. Raises OSError/ValueError when it is missing or torn."""
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS
                  if name[0] != "s" or (folder / f"{name}.npy").is_file()}
        tables = json.loads((folder / "tables.json").read_text())
        segment = cls(**arrays, articles=tuple(tables["articles"]), signatures=tuple(tables["signatures"]),
                      sources=tuple(tables["sources"]), folder=folder)
        if len(segment.ptr) != len(segment.keys) + 1 or len(segment.article) != len(segment.ids):
            raise ValueError(f"segment {folder} is incomplete")
        return segment

    def words(self) -> tuple[str, ...]:
        """The term of each key (read from disk the first time)."""
        if not self._words:
            assert self.folder is not None
            self._words.append(tuple(json.loads((self.folder / "words.json").read_text())))
        return self._words[0]

    def postings(self, key: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, counts) of the chunks containing the term with this key."""
        i = int(np.searchsorted(self.keys, np.uint64(key)))
        if i >= len(self.keys) or int(self.keys[i]) != key:
            return _NO_ROWS, _NO_TF
        return self.rows[self.ptr[i]:self.ptr[i + 1]], self.tf[self.ptr[i]:self.ptr[i + 1]]

    def find(self, chunk_ids: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(positions in `chunk_ids`, rows) of the ids this segment holds."""
        if not len(self.ids) or not chunk_ids:
            return _NO_ROWS, _NO_ROWS
        wanted = _as(chunk_ids, self.ids.dtype)
        found = np.searchsorted(self.ids, wanted).clip(0, len(self.ids) - 1)
        hit = self.ids[found] == wanted
        return np.flatnonzero(hit), found[hit].astype(np.int32)


_NO_ROWS = np.zeros(0, dtype=np.int32)
_NO_TF = np.zeros(0, dtype=np.float32)


def id_array(ids: list[str]) -> np.ndarray:
    try:
        return np.array([i.encode("ascii") for i in ids], dtype="S") if ids else np.zeros(0, dtype="S1")
    except UnicodeEncodeError:
        return np.array(ids, dtype="U")


def _as(chunk_ids: Sequence[str], dtype: np.dtype[Any]) -> np.ndarray:
    """`chunk_ids` comparable with a segment's ids (their own width: a longer id is never cut to match)."""
    if dtype.kind == "S":  # ids that aren't ASCII can't be in an ASCII segment: a value no id has stands in
        return np.array([i.encode("ascii") if i.isascii() else b"\xff" for i in chunk_ids], dtype="S")
    return np.array(list(chunk_ids), dtype="U")
