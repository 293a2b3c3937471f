"""The keyword (BM25) index over chunks, derived from Chroma and kept in step with it.

Chroma holds the truth; this index is a cache of it, rebuilt whenever the collection's version
moves (every finished write session publishes a new one, see `store.py`). The built index is
saved under `NEWSBOT_HOME/keyword/` with the collection id, version and chunk count it reflects,
so a restart loads it instead of rebuilding, processes sharing `NEWSBOT_HOME` share the work,
and a crash can never leave it disagreeing with Chroma (a cache that doesn't match is simply
rebuilt). Server mode works the same way: the server holds the truth, and each machine builds
(and each `NEWSBOT_HOME` saves) its own cache from it, paged through the HTTP API.

`terms(text)` is the shared tokenizer: lower-case words, stop words dropped, Snowball-stemmed.

Deliberately not here: fusing keyword and dense results (`bot/retrieve.py`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index.store import Store
from newsbot.dates import bound_timestamp
from newsbot.types import Filters

__all__ = ["KeywordIndex", "terms", "fold", "STOPWORDS", "TOKENIZER"]

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our
ours ourselves out over own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who whom why will with would
you your yours yourself yourselves
""".split())
_STATE = "state.json"  # what a saved copy reflects: collection id, version, chunk count, tokenizer
TOKENIZER = 3  # bump when `terms` changes, so saved copies made with the old one are rebuilt
_WORD = re.compile(r"\w\w+|\d")
_stemmer_lock = threading.Lock()
_stemmer = None


_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"}


# Irregular English verb forms, so "met" finds "meet" and "won" finds "win" (the stemmer only strips endings).
_IRREGULAR = dict(pair.split(":") for pair in """
met:meet won:win lost:lose fell:fall fallen:fall rose:rise risen:rise held:hold told:tell took:take taken:take made:make
paid:pay sold:sell bought:buy left:leave led:lead began:begin begun:begin saw:see seen:see went:go gone:go came:come
gave:give given:give got:get gotten:get ran:run kept:keep thought:think brought:bring found:find knew:know known:know
wrote:write written:write spoke:speak spoken:speak broke:break broken:break chose:choose chosen:choose drove:drive
driven:drive flew:fly flown:fly grew:grow grown:grow threw:throw thrown:throw fought:fight struck:strike stood:stand
sent:send spent:spend built:build felt:feel meant:mean heard:hear shot:shoot sat:sit wore:wear worn:wear woke:wake
forgot:forget forgotten:forget froze:freeze frozen:freeze hid:hide hidden:hide rode:ride rang:ring sang:sing sank:sink
swam:swim taught:teach caught:catch sought:seek understood:understand withdrew:withdraw withdrawn:withdraw
overtook:overtake dealt:deal lent:lend bent:bend stole:steal stolen:steal swore:swear sworn:swear tore:tear torn:tear
beaten:beat ate:eat eaten:eat drew:draw drawn:draw slept:sleep lay:lie lain:lie shook:shake shaken:shake
""".split())


def fold(text: str) -> str:
    """Latin letters without their accents ("ğ" -> "g", "é" -> "e", "ł" -> "l"); other scripts unchanged."""
    out = []
    for c in text:
        if c.isascii():
            out.append(c)
            continue
        decomposed = unicodedata.normalize("NFKD", c)
        base = decomposed[0]
        if base.isascii() and all(unicodedata.combining(m) for m in decomposed[1:]):
            out.append(base)
        else:
            out.append(_LATIN.get(c, c))
    return "".join(out)


def terms(text: str) -> list[str]:
    """Lower-cased, accent-free, stop-word-free, stemmed word tokens of `text` ("Erdoğan" and "Erdogan" are one term)."""
    global _stemmer
    if _stemmer is None:
        import Stemmer

        _stemmer = Stemmer.Stemmer("english")
    lowered = text.lower()
    if not lowered.isascii():
        lowered = fold(lowered)
    words = [_IRREGULAR.get(w, w) for w in _WORD.findall(lowered) if w not in STOPWORDS]
    with _stemmer_lock:  # PyStemmer objects are not thread-safe
        return list(_stemmer.stemWords(words))


@dataclass(frozen=True)
class _Snapshot:
    version: str
    ids: np.ndarray
    article_ids: np.ndarray
    sources: np.ndarray
    published_ts: np.ndarray
    bm25: object | None
    df: dict[str, int] | None = None
    positions: dict[str, int] = field(init=False, repr=False)  # chunk id -> row

    def __post_init__(self) -> None:
        object.__setattr__(self, "positions", {str(cid): i for i, cid in enumerate(self.ids)})


@dataclass(frozen=True)
class _Scores:
    """BM25 scores for one query over one snapshot (so later filtering uses the same ids)."""

    snap: _Snapshot
    values: np.ndarray


class KeywordIndex:
    """BM25 over every chunk's text, with the same filters as the dense search."""

    def __init__(self, store: Store, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self._lock = threading.Lock()
        self._snap = _Snapshot("", np.array([]), np.array([]), np.array([]), np.array([]), None)

    def refresh(self) -> str:
        """Bring the index up to the store's version (returned): load the saved copy or rebuild from Chroma.

        A saved copy is used only when the collection, its version and its chunk count all match,
        so writes a crash kept from publishing are caught (and the next writer publishes them).
        """
        version = self.store.sync()
        if version == self._snap.version:
            return version
        with self._lock:
            if version != self._snap.version:
                count = self.store.count()
                snap = self._load(version, count)
                if snap is None:
                    snap = self._build(version)
                    self._save(snap)
                self._snap = snap
        return version

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """(chunk_id, bm25 score) of the k best chunks with a positive score that pass `filters`."""
        self.refresh()
        return self.top(self.scores(query), k, filters)

    def scores(self, query: str) -> _Scores | None:
        """BM25 scores of every chunk for `query` (None when nothing can match); rank them with `top`."""
        snap = self._snap
        words = terms(query)
        if snap.bm25 is None or not words or len(snap.ids) == 0:
            return None
        return _Scores(snap, snap.bm25.get_scores(words))  # type: ignore[attr-defined]

    def top(self, scores: object, k: int, filters: Filters | None = None) -> list[tuple[str, float]]:
        """The k best (chunk_id, score) of `scores` that are positive and pass `filters`."""
        if not isinstance(scores, _Scores):
            return []
        snap, values = scores.snap, scores.values
        mask = values > 0
        if filters:
            mask &= _filter_mask(snap, filters)
        candidates = np.flatnonzero(mask)
        top = candidates[np.argsort(-values[candidates], kind="stable")[:k]]
        return [(str(snap.ids[i]), float(values[i])) for i in top]

    def stale(self) -> bool:
        """True when the saved copy doesn't reflect the store (e.g. it was built before a crashed write)."""
        try:
            saved = json.loads((self.folder / _STATE).read_text())
        except (OSError, ValueError):
            return self.store.count() > 0
        current = {"collection": self.store.id, "version": self.store.sync(), "chunks": self.store.count(), "tokenizer": TOKENIZER}
        return any(saved.get(key) != value for key, value in current.items())

    @property
    def version(self) -> str:
        """The collection version the loaded copy reflects."""
        return self._snap.version

    def document_frequencies(self) -> dict[str, int]:
        """term -> number of chunks containing it, as of the last `refresh` (do not modify)."""
        return self._snap.df or {}

    @property
    def size(self) -> int:
        return len(self._snap.ids)

    @property
    def chunk_ids(self) -> list[str]:
        """The chunk ids the loaded copy covers (as of the last `refresh`)."""
        return [str(i) for i in self._snap.ids]

    def containing(self, words: list[str], filters: Filters | None = None) -> dict[str, str]:
        """article id -> one of its chunk ids, for every article with a chunk containing all `terms` of `words`
        (that passes `filters`), as of the last `refresh`. No words: every article that passes."""
        snap = self._snap
        if snap.bm25 is None or len(snap.ids) == 0:
            return {}
        mask = np.ones(len(snap.ids), dtype=bool)
        for term in dict.fromkeys(t for w in words for t in terms(w)):
            mask &= snap.bm25.get_scores([term]) > 0  # type: ignore[attr-defined]
        if filters:
            mask &= _filter_mask(snap, filters)
        out: dict[str, str] = {}
        for row in np.flatnonzero(mask):
            out.setdefault(str(snap.article_ids[row]), str(snap.ids[row]))
        return out

    def passing(self, chunk_ids: list[str], filters: Filters) -> list[str]:
        """The chunk ids that pass `filters`, in their order, as of the last `refresh` (unknown ids fail)."""
        snap = self._snap
        mask = _filter_mask(snap, filters)
        return [cid for cid in chunk_ids if cid in snap.positions and mask[snap.positions[cid]]]

    def idf(self, term: str) -> float:
        """Inverse document frequency of a `terms()` term over the chunks (BM25's formula), as of the last
        `refresh` (every search refreshes; a per-term version check would cost more than the lookup)."""
        snap = self._snap
        df = (snap.df or {}).get(term, 0)
        return float(np.log(1.0 + (len(snap.ids) - df + 0.5) / (df + 0.5)))

    @property
    def unseen(self) -> float:
        """The idf of a term no chunk contains."""
        return float(np.log(1.0 + (len(self._snap.ids) + 0.5) / 0.5))

    def _build(self, version: str) -> _Snapshot:
        import bm25s

        ids, article_ids, sources, stamps, corpus = [], [], [], [], []
        for chunk_id, text, meta in self.store.all_chunks():
            ids.append(chunk_id)
            article_ids.append(meta["article_id"])
            sources.append(meta["source"])
            stamps.append(float(meta["published_ts"]))
            corpus.append(terms(text) or ["\u2205"])
        bm25 = None
        df: dict[str, int] = {}
        if corpus:
            bm25 = bm25s.BM25(k1=1.2, b=0.75)
            bm25.index(corpus, show_progress=False)
            for tokens in corpus:
                for term in set(tokens):
                    df[term] = df.get(term, 0) + 1
        return _Snapshot(version, np.array(ids, dtype=object), np.array(article_ids, dtype=object),
                         np.array(sources, dtype=object), np.array(stamps, dtype=np.float64), bm25, df)

    def _save(self, snap: _Snapshot) -> None:
        if snap.bm25 is None:
            return
        tmp = self.folder.with_name(f"{self.folder.name}.tmp{os.getpid()}.{threading.get_ident()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        snap.bm25.save(str(tmp / "bm25"))  # type: ignore[attr-defined]
        df = snap.df or {}
        np.savez(tmp / "meta.npz", ids=snap.ids.astype(str), article_ids=snap.article_ids.astype(str),
                 sources=snap.sources.astype(str), published_ts=snap.published_ts,
                 df_terms=np.array(list(df), dtype=str), df_counts=np.array(list(df.values()), dtype=np.int64))
        (tmp / _STATE).write_text(json.dumps({"collection": self.store.id, "version": snap.version, "chunks": len(snap.ids),
                                              "tokenizer": TOKENIZER}))
        old = self.folder.with_name(f"{self.folder.name}.old{os.getpid()}.{threading.get_ident()}")
        try:
            if self.folder.exists():
                os.replace(self.folder, old)
            os.replace(tmp, self.folder)
        except OSError:  # another process swapped its copy in first; ours is equivalent
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)

    def _load(self, version: str, count: int) -> _Snapshot | None:
        try:
            saved = json.loads((self.folder / _STATE).read_text())
            if (saved.get("collection"), saved.get("version"), saved.get("chunks"), saved.get("tokenizer")) != \
                    (self.store.id, version, count, TOKENIZER):
                return None
            import bm25s

            bm25 = bm25s.BM25.load(str(self.folder / "bm25"))
            with np.load(self.folder / "meta.npz") as meta:
                df = dict(zip(meta["df_terms"].tolist(), meta["df_counts"].tolist(), strict=True))
                snap = _Snapshot(version, meta["ids"].astype(object), meta["article_ids"].astype(object),
                                 meta["sources"].astype(object), meta["published_ts"], bm25, df)
            if len(snap.ids) != saved.get("chunks") or json.loads((self.folder / _STATE).read_text()) != saved:
                return None  # another process swapped its copy in while we read
            return snap
        except (OSError, ValueError, KeyError):
            return None


def _filter_mask(snap: _Snapshot, filters: Filters) -> np.ndarray:
    mask = np.ones(len(snap.ids), dtype=bool)
    if filters.since:
        mask &= snap.published_ts >= bound_timestamp(filters.since, end=False)
    if filters.until:
        mask &= (snap.published_ts <= bound_timestamp(filters.until, end=True)) & (snap.published_ts > 0)
    if filters.sources:
        mask &= np.isin(snap.sources, list(filters.sources))
    if filters.article_ids:
        mask &= np.isin(snap.article_ids, list(filters.article_ids))
    return mask
