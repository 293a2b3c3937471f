"""Checked citations: is an answer sentence supported by the source it cites?

`Verifier.check(sentence, cited, hits)` compares one answer sentence with the sentences of each
cited chunk (each alone and each adjacent pair, pronouns resolved as in `bot.evidence`), scoring
embedding similarity plus weighted term coverage (how much of the sentence's content the
evidence contains). Hard vetoes catch what similarity misses: a content word none of the sources
use (the swapped verb, name or place of a distorted fact), a number or a name (not at the start
of the sentence) that the chunk never mentions, and a negation one side has and the other lacks.
Then the quote it leans on is checked for contradiction (`stance.py`: a negation, another number,
name or date, the opposite verb, the winner swapped): a contradicted sentence is not verified, and
`Verdict.contradicted` says why.
Sentences in the sources that address a model ("Ignore previous instructions and ...") are never
evidence, so a model that obeyed one cannot have the result verified. When the cited sources don't
support the sentence but another one does (or one supports it far better), the citation is
corrected to it. Sentences that claim nothing ("The indexed articles don't say.",
"Here is what I found:") are not checked.

`Answer.verified` has one entry per span `markers.split_answer` returns.

Deliberately not here: prompting and streaming (`llm.py`, `assemble.py`); deciding whether to
flag or drop an unsupported sentence (`assemble.py`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from bot.compose import ABSTAIN_PREFIX
from bot.evidence import Sentence, question_terms, sentences_of
from bot.injection import injected_spans
from bot.names import names_in
from bot.stance import Claims
from index.embed import Embedder
from index.keyword import terms
from newsbot.types import Hit

__all__ = ["Support", "Tuning", "Verdict", "Verifier", "is_claim"]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(not|no(?!\.\s?\d)|never|none|neither|nor|without)\b|n['’]t\b", re.IGNORECASE)
_NO_ANSWER = re.compile(
    r"\b(articles?|sources?|texts?|context|information)\b.{0,40}\b(do|does|did|is|are)\s*(not|n['’]t)\b.{0,30}"
    r"\b(say|mention|contain|provide|include|specify|state|answer|cover|available|given)", re.IGNORECASE)


@dataclass(frozen=True)
class Tuning:
    """Weights and thresholds (chosen on the seed questions with SmolLM2: docs/BENCHMARKS.md, section llm)."""

    similarity: float = 0.5
    coverage: float = 0.5
    threshold: float = 0.60
    min_coverage: float = 0.4
    novel_terms: int = 0  # content words allowed that appear in none of the sources
    margin: float = 0.1  # a cited source that passes is still replaced by one this much better


@dataclass(frozen=True)
class Support:
    """Source `source` (1-based, as numbered in the prompt) supports the sentence; `quote` is its best sentence."""

    source: int
    score: float
    quote: Sentence


@dataclass(frozen=True)
class Verdict:
    """The check of one answer sentence. `supports` is empty when nothing supports it."""

    text: str
    cited: tuple[int, ...]
    supports: tuple[Support, ...]
    claim: bool
    corrected: bool = False
    best_score: float = 0.0
    contradicted: str = ""  # why the best evidence contradicts it ("negation", "number", "predicate", ...), if it does

    @property
    def verified(self) -> bool:
        return not self.claim or (bool(self.supports) and not self.contradicted)


@dataclass
class _Unit:
    quotes: tuple[Sentence, ...]
    text: str
    vector: np.ndarray
    terms: frozenset[str]
    negated: bool


class Verifier:
    """Checks answer sentences against the chunks they cite. Thread-safe; caches sentence vectors."""

    def __init__(self, embedder: Embedder, tuning: Tuning | None = None) -> None:
        self.embedder = embedder
        self.tuning = tuning or Tuning()
        self._claims = Claims()
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def check(self, sentence: str, cited: Sequence[int], hits: Sequence[Hit]) -> Verdict:
        """Which of `hits` (1-based `cited` numbers first) support `sentence` (markers already removed)."""
        text = " ".join(sentence.split())
        cited = tuple(dict.fromkeys(n for n in cited if 1 <= n <= len(hits)))
        if not is_claim(text):
            return Verdict(text=text, cited=cited, supports=(), claim=False)
        if len(_novel(text, hits)) > self.tuning.novel_terms:
            return Verdict(text=text, cited=cited, supports=(), claim=True)
        vector = self._vectors([text])[0]
        scored = {n: self._support(text, vector, n, hits[n - 1]) for n in range(1, len(hits) + 1)}
        best = max((s.score for s in scored.values() if s), default=0.0)
        own = tuple(s for n in cited if (s := scored[n]) is not None and self._passes(s))
        others = sorted((s for n, s in scored.items() if s is not None and n not in cited and self._passes(s)),
                        key=lambda s: -s.score)
        if own and not (others and others[0].score > max(s.score for s in own) + self.tuning.margin):
            return Verdict(text=text, cited=cited, supports=own, claim=True, best_score=best,
                           contradicted=self._contradiction(text, own, hits))
        return Verdict(text=text, cited=cited, supports=tuple(others[:1]), claim=True, corrected=bool(others), best_score=best,
                       contradicted=self._contradiction(text, others[:1], hits))

    def _contradiction(self, text: str, supports: Sequence[Support], hits: Sequence[Hit]) -> str:
        """Why the quote a sentence leans on says otherwise (a negation, another number, name, date, the opposite
        verb, the winner swapped: `stance.py`), or "" when it doesn't. Similar wording is not agreement:
        "The Fed raised rates" is close to "The Fed did not raise rates"."""
        claim = self._claims.read(text)
        for support in supports:
            quote = support.quote
            judgement = self._claims.judge(claim, quote.resolved, quote.context, similarity=1.0, published=quote.hit.published_at)
            if judgement.contradicts:
                return judgement.why
        return ""

    def prepare(self, hits: Sequence[Hit]) -> None:
        """Embed the evidence of all `hits` now (one batch), so checking each sentence later is quick."""
        self._units_batch(hits)

    def _passes(self, support: Support) -> bool:
        return support.score >= self.tuning.threshold

    def _support(self, text: str, vector: np.ndarray, n: int, hit: Hit) -> Support | None:
        """The best evidence for `text` in `hit`, or None when a veto applies to the whole chunk."""
        t = self.tuning
        chunk = (hit.title + "\n" + hit.text).lower()
        if _missing_numbers(text, chunk) or _missing_names(text, chunk):
            return None
        weights = question_terms(text)
        total = sum(weights.values())
        negated = bool(_NEGATION.search(text))
        best: tuple[float, _Unit] | None = None
        single: dict[int, float] = {}  # quote start -> its score alone, to pick the quote of a winning pair
        for unit in self._units(hit):
            coverage = sum(w for term, w in weights.items() if term in unit.terms) / total if total else 0.0
            score = t.similarity * float(vector @ unit.vector) + t.coverage * coverage
            if len(unit.quotes) == 1:
                single[unit.quotes[0].start] = score
            if unit.negated != negated or coverage < t.min_coverage:
                continue
            if best is None or score > best[0]:
                best = (score, unit)
        if best is None:
            return None
        quote = max(best[1].quotes, key=lambda q: single.get(q.start, 0.0))
        return Support(source=n, score=best[0], quote=quote)

    def _units(self, hit: Hit) -> list[_Unit]:
        return self._units_batch([hit])[0]

    def _units_batch(self, hits: Sequence[Hit]) -> list[list[_Unit]]:
        """Evidence in each chunk: each sentence, and each adjacent pair (answers often merge two)."""
        per_hit: list[list[tuple[tuple[Sentence, ...], str]]] = []
        for hit in hits:
            planted = injected_spans(hit.body)  # sentences addressed to a model: never evidence, whatever they say
            sentences = [s for s in sentences_of(hit) if not any(a <= s.start - hit.start < b for a, b in planted)]
            pieces: list[tuple[tuple[Sentence, ...], str]] = [((s,), s.resolved) for s in sentences]
            pieces += [((a, b), a.resolved + " " + b.text) for a, b in pairwise(sentences)]
            per_hit.append(pieces)
        texts = [p for pieces in per_hit for _, p in pieces]
        vectors = iter(self._vectors(texts)) if texts else iter(())
        return [[_Unit(quotes=quotes, text=piece, vector=next(vectors), negated=bool(_NEGATION.search(piece)),
                       terms=frozenset(terms(piece + " " + " ".join(q.speaker for q in quotes))))
                 for quotes, piece in pieces] for pieces in per_hit]

    def _vectors(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            fresh = self.embedder.embed(todo)
            with self._lock:
                if len(self._cache) > 20_000:
                    self._cache.clear()
                self._cache.update(zip(todo, fresh, strict=True))
        with self._lock:
            return np.stack([self._cache[t] for t in texts])


def is_claim(text: str) -> bool:
    """False for sentences that state nothing checkable: 'no answer' statements, lead-ins, fragments."""
    if text.startswith(ABSTAIN_PREFIX) or _NO_ANSWER.search(text):
        return False
    if text.rstrip().endswith((":", "?")):  # a lead-in or a question asserts nothing
        return False
    return len(question_terms(text)) >= 2


def _known(term: str, vocabulary: frozenset[str]) -> bool:
    """A stemmed term the sources use, allowing another ending ("Pakistani" for "Pakistan")."""
    return term in vocabulary or (len(term) >= 7 and any(v.startswith(term[:7]) for v in vocabulary))


def _novel(text: str, hits: Sequence[Hit]) -> list[str]:
    """The sentence's content words that none of the sources use (a swapped verb, name or place)."""
    vocabulary = _vocabulary(tuple(h.chunk_id for h in hits), tuple(h.title + "\n" + h.text for h in hits))
    return [t for t in question_terms(text) if not _known(t, vocabulary)]


@lru_cache(maxsize=64)
def _vocabulary(ids: tuple[str, ...], texts: tuple[str, ...]) -> frozenset[str]:
    return frozenset(terms(" ".join(texts)))


def _missing_numbers(text: str, chunk: str) -> bool:
    return any(number not in chunk for number in _NUMBER.findall(text))


def _missing_names(text: str, chunk: str) -> bool:
    """A name the chunk never mentions. A lone capitalised first word is skipped: it may just start the sentence."""
    for name in names_in(text):
        words = [w for w in re.findall(r"[\w'’\-]+", name) if len(w) > 2]
        if not words or (len(words) == 1 and text.lstrip().startswith(name)):
            continue
        if not all(w.lower()[:7] in chunk for w in words):  # [:7]: "Pakistani" counts where "Pakistan" is
            return True
    return False
