"""Retrieval metrics with MultiHop-RAG's own rule, and answer evidence recall.

The rule (Tang & Yang, 2024): a retrieved chunk is a hit when any gold fact, with spaces and
newlines removed, is a substring of the chunk text, also with spaces and newlines removed.
Per query: Hits@k is 1 when any of the top k chunks is a hit; MRR@10 is 1/rank of the first hit
in the top 10; AP@10 sums precision@rank over the hit ranks in the top 10 and divides by
min(number of facts, 10). Queries without facts (null queries) are skipped. Averages over queries.

Gold facts go through the same cleaner as ingested text (`index.clean.clean_text`) so a fact
whose mojibake we repaired at ingest still matches; on the MultiHop corpus this changes nothing
but a handful of characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.compose import lead_of

__all__ = ["RetrievalScores", "is_hit", "query_scores", "score_retrieval", "squash", "names_answer", "lead_of", "same_name"]


def squash(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


def is_hit(chunk: str, facts: Sequence[str]) -> bool:
    squashed = squash(chunk)
    return any(squash(f) in squashed for f in facts)


@dataclass(frozen=True)
class RetrievalScores:
    queries: int
    hits_at_4: float
    hits_at_10: float
    mrr_at_10: float
    map_at_10: float

    def row(self) -> list[str]:
        return [str(self.queries), f"{self.hits_at_4:.3f}", f"{self.hits_at_10:.3f}", f"{self.mrr_at_10:.3f}", f"{self.map_at_10:.3f}"]


def query_scores(chunks: Sequence[str], facts: Sequence[str]) -> tuple[float, float, float, float]:
    """(hits@4, hits@10, rr@10, ap@10) for one query's ranked chunk texts."""
    hits = [is_hit(c, facts) for c in chunks[:10]]
    first = next((i + 1 for i, h in enumerate(hits) if h), None)
    precision_sum = sum(sum(hits[:rank]) / rank for rank in range(1, len(hits) + 1) if hits[rank - 1])
    return (float(any(hits[:4])), float(any(hits)), 1.0 / first if first else 0.0,
            precision_sum / min(len(facts), 10))


def score_retrieval(runs: Sequence[tuple[Sequence[str], Sequence[str]]]) -> RetrievalScores:
    """Average scores over (ranked chunk texts, gold facts) pairs; pairs without facts are skipped."""
    rows = [query_scores(chunks, facts) for chunks, facts in runs if facts]
    n = max(1, len(rows))
    return RetrievalScores(len(rows), *(sum(r[i] for r in rows) / n for i in range(4)))


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def names_answer(text: str, gold: str) -> bool:
    """Whether the gold short answer ("Sam Bankman-Fried.") occurs in `text`, as whole words, any case."""
    gold = _words(gold)
    return bool(gold) and f" {gold} " in f" {_words(text)} "


def same_name(name: str, gold: str) -> bool:
    """Whether `name` is the gold answer, up to case, punctuation and a leading "The" ("Google Play" is not "Google")."""
    return re.sub(r"^the ", "", _words(name)) == re.sub(r"^the ", "", _words(gold)) != ""
