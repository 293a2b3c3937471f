"""Hybrid retrieval: dense (Chroma) plus keyword (BM25), fused by weighted reciprocal rank.

`Retriever.search(query, k, filters, prefer)` returns the k best chunks as `Hit`s. Rare names
("Balochistan", "Pigott") that the embedding blurs are caught by BM25; paraphrases BM25 misses
are caught by the embedding. `prefer` names articles to favour (the sources of the previous
answer, for follow-ups). `chain.NewsRetriever` wraps it as a LangChain `BaseRetriever`.

Deliberately not here: reading dates and outlets out of the question (`question.py`) and
choosing answer sentences (`evidence.py`, `decide.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.evidence import question_terms, sentence_terms
from index import Index
from index.embed import Embedder
from index.keyword import terms
from newsbot.types import Filters, Hit, Question

__all__ = ["Retriever", "Weights"]


@dataclass(frozen=True)
class Weights:
    """Fusion weights and depths, tuned on the MultiHop-RAG dev queries (docs/BENCHMARKS.md)."""

    dense: float = 1.0
    keyword: float = 1.5
    rrf_k: int = 30
    depth: int = 50  # candidates taken from each ranking
    wide: int = 300  # dense candidates fetched once and shared by the outlet routes
    prefer: float = 0.5
    route: float = 1.0
    everywhere: float = 0.5
    dated: float = 1.0
    recent: float = 0.5
    sentence: float = 2.0  # weight of the best-matching-sentence ranking
    rerank_depth: int = 30
    fetch: int = 60  # fused candidates read from Chroma for the final ranking (0 = all; 60 measured equal)
    per_article: int = 0  # 0 = no cap
    collapse: bool = True


Ranked = dict[str, float]
_MAX_REMEMBERED = 20_000  # chunks kept in memory between questions (~30 MB at most)


class Retriever:
    """Dense + keyword search over one `Index`, optionally steered by a `Question` (outlets, dates)."""

    def __init__(self, index: Index, embedder: Embedder, weights: Weights | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.weights = weights or Weights()
        self._chunks: tuple[str, dict[str, Hit]] = ("", {})  # (collection version, chunk id -> Hit) read so far

    def search(self, query: str, k: int = 8, filters: Filters | None = None, prefer: Sequence[str] = ()) -> list[Hit]:
        """Plain hybrid search: the k best chunks for `query` that pass `filters`; `prefer` boosts article ids."""
        version = self.index.keywords.refresh()
        dense = self.index.store.nearest(self.embedder.embed([query])[0], self.weights.depth, filters)
        scores, hits = self._fetch(self._fuse(dense, self.index.keywords.scores(query), filters), version)
        return self._finish(scores, hits, k, prefer)

    def search_plan(self, plan: Question, k: int = 8) -> list[Hit]:
        """Search as the question `plan` says: everything, each outlet it names, its dates; fused and reranked.

        One dense query (deep enough to serve every route) and one BM25 scoring per question;
        routes and the question's dates filter those in memory, falling back to a filtered Chroma
        query when the shared candidates barely cover them (a date-filtered Chroma query costs ~40 ms).
        Rankings work on chunk ids; only the fused candidates are fetched from Chroma.
        """
        w = self.weights
        keywords = self.index.keywords
        version = keywords.refresh()
        vector = self.embedder.embed([plan.search_text])[0]
        keyword = keywords.scores(plan.search_text)
        dated = plan.since or plan.until
        dense = self.index.store.nearest(vector, w.wide if plan.routes or dated else w.depth, plan.filters)
        lists = [(w.everywhere if plan.routes else 1.0, self._fuse(dense, keyword, plan.filters))]

        def narrowed(filters: Filters) -> list[str]:
            """The shared candidates that pass `filters`; a filtered Chroma query when too few do."""
            passing = keywords.passing(dense, filters)
            return passing if len(passing) >= w.depth // 5 else self.index.store.nearest(vector, w.depth, filters)

        for sources in plan.routes:
            route_filters = replace(plan.filters, sources=sources)
            lists.append((w.route, self._fuse(narrowed(route_filters), keyword, route_filters)))
        if dated:
            span = replace(plan.filters, since=_later(plan.filters.since, plan.since), until=_earlier(plan.filters.until, plan.until))
            if not (span.since and span.until and span.since > span.until):
                lists.append((w.dated, self._fuse(narrowed(span), keyword, span)))
        fused = _combine(lists, w.rrf_k)
        head = self._head(plan, fused, k, version)
        if head is not None:
            return head
        scores, hits = self._fetch(fused, version)
        if w.sentence:
            scores = self._sentence_rerank(plan.search_text, scores, hits)
        if plan.recent:
            newest = sorted(scores, key=lambda c: hits[c].published_at, reverse=True)
            for rank, cid in enumerate(newest):
                scores[cid] += w.recent / (w.rrf_k + rank + 1)
        return self._finish(scores, hits, k, plan.prefer)

    def articles_with(self, words: Sequence[str], filters: Filters | None = None, limit: int = 200) -> list[Hit]:
        """One chunk of every article that contains all the terms of `words` (and passes `filters`), newest first; a
        word of several ("Epic Games", "world cup final") counts only where a chunk writes them together."""
        self.index.keywords.refresh()
        phrases = [w for w in words if len(terms(w)) > 1]
        if not phrases:
            found = self.index.keywords.containing(list(words), filters)
            hits = self.index.store.hits(list(found.values())[: limit * 2]) if found else {}
        else:
            every = self.index.keywords.chunks_containing(list(words), filters)
            chunks = self.index.store.hits([c for ids in list(every.values())[: limit * 2] for c in ids])
            hits = {}
            for ids in every.values():
                written = next((chunks[c] for c in ids if c in chunks and all(_writes(chunks[c].text, p) for p in phrases)), None)
                if written is not None:
                    hits[written.chunk_id] = written
        ordered = sorted(hits.values(), key=lambda h: h.published_at, reverse=True)
        return ordered[:limit]

    def support(self, query: str, k: int = 4) -> float:
        """How well the index supports `query` on its own: the idf-weighted share of its content terms
        that the best single sentence of its top `k` chunks contains (0..1)."""
        weights = {t: self.index.keywords.idf(t) for t in question_terms(query)}
        total = sum(weights.values())
        if not total:
            return 0.0
        best = 0.0
        for hit in self.search(query, k):
            for sentence in sentence_terms(hit.body):
                best = max(best, sum(w for t, w in weights.items() if t in sentence) / total)
        return best

    def _fuse(self, dense: list[str], keyword: object, filters: Filters | None) -> Ranked:
        """Dense and keyword rankings (chunk ids) fused by weighted reciprocal rank."""
        w = self.weights
        ranked_keyword = self.index.keywords.top(keyword, w.depth, filters) if w.keyword else []
        return _combine([(w.dense, dict.fromkeys(dense[: w.depth], 0.0)),
                         (w.keyword, {cid: 0.0 for cid, _ in ranked_keyword})], w.rrf_k)

    def _head(self, plan: Question, fused: Ranked, k: int, version: str) -> list[Hit] | None:
        """The answer of `search_plan`'s last steps when the reranked candidates alone decide it, else None.

        Reranking only raises the first `rerank_depth` candidates, so they stay ahead of the rest; unless a
        boost that reaches every candidate applies (recent, prefer, a per-article cap) or they hold fewer
        than k distinct chunks, the rest can't reach the top k and need not be read (a Chroma read costs
        ~0.1 ms a chunk). The same hits, in the same order with the same scores, as reading them all.

        When the keyword index holds the candidates' sentence terms, they are reranked on those alone and only
        the best are read, k at a time until k distinct ones are found (usually k of the `rerank_depth`).
        """
        w = self.weights
        depth = w.rerank_depth
        if not w.sentence or plan.recent or plan.prefer or w.per_article or not 0 < depth <= (w.fetch or len(fused)):
            return None
        top = dict(list(fused.items())[:depth])
        best = self._best_sentences(plan.search_text, list(top), {})
        if best is None:  # not stored for some: read them all
            read, every = self._fetch(fused, version, depth)
            if len(every) < min(depth, len(fused)):
                return None  # some were removed meanwhile: the next candidates move up
            read = self._sentence_rerank(plan.search_text, read, every)
            order = sorted(read, key=lambda c: -read[c])
            if len(_collapse(order, every) if w.collapse else order) < k and len(fused) > depth:
                return None
            return self._finish(read, every, k, ())
        scores = self._by_sentence(top, best)
        ranked = sorted(scores, key=lambda c: -scores[c])
        hits: dict[str, Hit] = {}
        distinct = 0
        while len(hits) < len(ranked) and distinct < k:
            wanted = ranked[len(hits):len(hits) + k]
            _, more = self._fetch(dict.fromkeys(wanted, 0.0), version, len(wanted))
            if len(more) < len(wanted):
                return None  # some were removed meanwhile: the next candidates move up
            hits.update(more)
            distinct = len(_collapse(ranked[:len(hits)], hits) if w.collapse else hits)
        if distinct < k and len(fused) > depth:
            return None
        return self._finish({cid: scores[cid] for cid in ranked[:len(hits)]}, hits, k, ())

    def _fetch(self, scores: Ranked, version: str, depth: int = 0) -> tuple[Ranked, dict[str, Hit]]:
        """The best-ranked candidates (`depth` of them, default `Weights.fetch`) and their chunks (ids removed
        meanwhile drop out).

        Chunks already read at this collection version come from memory (news questions keep
        returning to the same stories; a Chroma read of 60 chunks costs ~8 ms); the rest are read
        in one Chroma call. Any write publishes a new version, which starts the memory afresh.
        """
        wanted = list(scores)[: depth or self.weights.fetch or len(scores)]
        seen_version, known = self._chunks
        if seen_version != version or len(known) > _MAX_REMEMBERED:
            known = {}
            self._chunks = (version, known)
        missing = [cid for cid in wanted if cid not in known]
        if missing:
            known.update(self.index.store.hits(missing))
        hits = {cid: known[cid] for cid in wanted if cid in known}
        return {cid: score for cid, score in scores.items() if cid in hits}, hits

    def _sentence_rerank(self, text: str, scores: Ranked, hits: dict[str, Hit]) -> Ranked:
        """Add a ranking by each chunk's best single sentence (idf-weighted share of the query's terms).

        Facts are sentences: of two chunks from the right article, the one with a sentence that
        matches the question should win, even when the other matches it better as a whole.
        """
        best = self._best_sentences(text, list(scores)[: self.weights.rerank_depth], hits)
        return scores if best is None else self._by_sentence(scores, best)

    def _best_sentences(self, text: str, top: list[str], hits: dict[str, Hit]) -> dict[str, float] | None:
        """Each chunk's best single sentence for `text`: the idf-weighted share of its terms that sentence holds; {}
        when `text` has no weight, None when some chunk is in neither `hits` nor the index's stored sentence terms."""
        weights = {t: self.index.keywords.idf(t) for t in set(terms(text))}
        total = sum(weights.values())
        if not total:
            return {}
        stored = self.index.keywords.best_sentences(top, weights)  # read at ingest: most chunks here are new to us
        if any(known is None and cid not in hits for cid, known in zip(top, stored, strict=True)):
            return None
        return {cid: (max((sum(weights.get(t, 0.0) for t in sentence) for sentence in sentence_terms(hits[cid].body)),
                          default=0.0) if known is None else known) / total for cid, known in zip(top, stored, strict=True)}

    def _by_sentence(self, scores: Ranked, best: dict[str, float]) -> Ranked:
        """`scores` plus the ranking of the chunks of `best` by it (none when empty), best first."""
        if not best:
            return scores
        w = self.weights
        # Rounded: a sum over a set of terms differs in its last bits with the process's hash seed, and two chunks whose
        # best sentences match equally must keep their order (a stable sort) in every process, not swap at random.
        order = sorted(best, key=lambda c: -round(best[c], 9))
        for rank, cid in enumerate(order):
            scores[cid] += w.sentence / (w.rrf_k + rank + 1)
        return dict(sorted(scores.items(), key=lambda item: -item[1]))

    def _finish(self, scores: Ranked, hits: dict[str, Hit], k: int, prefer: Sequence[str]) -> list[Hit]:
        w = self.weights
        if prefer:
            preferred = set(prefer)
            for cid in scores:
                if hits[cid].article_id in preferred:
                    scores[cid] += w.prefer / (w.rrf_k + 1)
        ranked = sorted(scores, key=lambda c: -scores[c])
        if w.collapse:
            ranked = _collapse(ranked, hits)
        if w.per_article:
            ranked = _cap(ranked, hits, w.per_article)
        return [replace(hits[cid], score=scores[cid]) for cid in ranked[:k]]


def _combine(lists: Sequence[tuple[float, Ranked]], rrf_k: int) -> Ranked:
    """Weighted reciprocal rank fusion of ranked lists (dicts in rank order)."""
    scores: Ranked = {}
    for weight, ranked in lists:
        for rank, cid in enumerate(ranked):
            scores[cid] = scores.get(cid, 0.0) + weight / (rrf_k + rank + 1)
    return dict(sorted(scores.items(), key=lambda item: -item[1]))


def _collapse(ranked: list[str], hits: dict[str, Hit]) -> list[str]:
    """Syndicated copies (the same body under another article) count once: keep the best-ranked."""
    seen: set[str] = set()
    out = []
    for cid in ranked:
        key = _copy_key(hits[cid].body)
        if key not in seen:
            seen.add(key)
            out.append(cid)
    return out


@lru_cache(maxsize=4096)
def _copy_key(body: str) -> str:
    """What two syndicated copies of a chunk share: its first 400 characters, spaces evened out (remembered: the same
    chunks are collapsed several times a question)."""
    return " ".join(body.split())[:400]


def _cap(ranked: list[str], hits: dict[str, Hit], per_article: int) -> list[str]:
    """At most `per_article` chunks of any one article ahead of the others; the rest go after them."""
    seen: dict[str, int] = {}
    first: list[str] = []
    later: list[str] = []
    for cid in ranked:
        article = hits[cid].article_id
        seen[article] = seen.get(article, 0) + 1
        (first if seen[article] <= per_article else later).append(cid)
    return first + later


def _later(a: str | None, b: str | None) -> str | None:
    return max(x for x in (a, b) if x) if (a or b) else None


def _earlier(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None


def _writes(text: str, phrase: str) -> bool:
    """`text` writes the words of `phrase` together, in any case, a space, hyphen or "'s" between them ("Epic Games",
    "World Cup final", "Bankman-Fried"; "26.3" as written)."""
    words = [re.escape(w) for w in re.split(r"[\s\-]+", phrase.strip()) if w]  # "26.3" stays one word, as written
    return re.search(r"(?<!\w)" + r"(?:['’]s)?[\s\-]+".join(words) + r"(?!\w)", text, re.IGNORECASE) is not None
