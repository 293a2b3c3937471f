"""The offline answerer: an answer built from the best supporting sentences, each cited.

No LLM, no network. From the retrieved chunks it takes every sentence, resolves leading pronouns
("He described ...") to the person the paragraph is about, scores each sentence against the
question (embedding similarity, weighted keyword overlap, the chunk's rank, and for "what did X
say" questions whether X is the speaker), keeps the best few that aren't redundant, and writes
them in article order with a [n] marker pointing at the exact quote. When the evidence is weak,
or a name the question hinges on appears in none of the retrieved text, it abstains and says so.

Deliberately not here: retrieval (`retrieve.py`), follow-up rewriting (`rewrite.py`), LLMs.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from bot.text import Sentence, answer_type, fits_type, names_in, question_terms, sentences_of, speaker_of
from index.chunk import split_sentences
from index.embed import Embedder
from index.keyword import terms
from newsbot.types import Answer, Citation, Hit, Turn

__all__ = ["OfflineAnswerer", "Answerer", "Tuning", "ABSTAIN_PREFIX", "not_indexed"]

ABSTAIN_PREFIX = "The indexed articles don't say"


class Vocabulary(Protocol):
    """Term statistics of the whole index (the keyword index provides them)."""

    unseen: float

    def idf(self, term: str) -> float: ...


class Answerer:
    """What the chain needs from an answerer (the offline one, or an LLM one)."""

    name = "answerer"

    def answer(self, question: str, hits: Sequence[Hit], history: Sequence[Turn] = ()) -> Answer:
        raise NotImplementedError


@dataclass(frozen=True)
class Tuning:
    """Scoring weights and thresholds (measured: docs/BENCHMARKS.md, seed questions and MultiHop-RAG dev)."""

    similarity: float = 0.55
    overlap: float = 0.35
    rank: float = 0.10
    speaker: float = 0.15
    context: float = 0.8
    chunks: int = 8
    shortlist: int = 14
    lead_margin: float = 1.5  # an entity question gets a one-name lead when its name scores this many times the next
    lead_mention: float = 0.3  # a name's score: 1/(1+rank) per article naming it, plus this per mention
    max_sentences: int = 3
    keep_ratio: float = 0.75
    cover_ratio: float = 0.60
    redundancy: float = 0.88
    abstain_below: float = 0.37
    min_coverage: float = 0.5


@dataclass
class _Scored:
    sentence: Sentence
    score: float
    vector: np.ndarray


class OfflineAnswerer(Answerer):
    """Extractive, cited answers from retrieved chunks."""

    name = "offline"

    def __init__(self, embedder: Embedder, tuning: Tuning | None = None, vocabulary: Vocabulary | None = None,
                 sentence_embedder: Embedder | None = None) -> None:
        """`embedder` embeds the question (the retriever's, so its vector is usually cached);
        `sentence_embedder`, when given, the candidate sentences (the int8 copy: `load_sentence_embedder`)."""
        self.embedder = embedder
        self.sentence_embedder = sentence_embedder or embedder
        self.tuning = tuning or Tuning()
        self.vocabulary = vocabulary

    def answer(self, question: str, hits: Sequence[Hit], history: Sequence[Turn] = ()) -> Answer:
        t = self.tuning
        missing = self._unknown_names(question, hits[: t.chunks])
        if missing:
            return _abstain(question, f"nothing about {_join(missing)}")
        candidates = [s for rank, hit in enumerate(hits[: t.chunks]) for s in sentences_of(hit, rank)
                      if not s.text.rstrip(" \"”’')").endswith("?")]  # an article's own question answers nothing
        candidates = _unique(candidates, _already_cited(question, history))
        kind = answer_type(question)
        if kind:
            candidates = [c for c in candidates if fits_type(kind, c.text)]
        if not candidates:
            return _abstain(question, "nothing that answers it")
        scored = self._score(question, candidates)
        if scored[0].score < t.abstain_below:
            return _abstain(question, "nothing that answers it closely enough")
        chosen = self._choose(question, scored)
        lead = _lead(question, hits[: t.chunks], scored, chosen, t) if kind == "entity" else None
        if lead and not any(_names(item.sentence.text, lead[1]) for item in chosen):
            chosen.append(lead[2])  # the sentence that names it, so the name is cited
        return _compose(question, chosen, lead[:2] if lead else None)

    def _score(self, question: str, candidates: list[Sentence]) -> list[_Scored]:
        """Lexical score for every candidate; the best few also get embedding similarity."""
        t = self.tuning
        weights = self._weights(question)
        total = sum(weights.values()) or 1.0
        speaker = speaker_of(question)
        speaker_terms = set(terms(speaker))
        lexical = []
        for cand in candidates:
            own = set(terms(cand.resolved + " " + cand.speaker))
            leaned = own | set(terms(cand.context))
            overlap = max(_overlap(weights, own, total), t.context * _overlap(weights, leaned, total))
            score = t.overlap * overlap + t.rank / (1 + cand.rank)
            topical = any(term in own for term in weights if term not in speaker_terms)
            if speaker and topical and cand.speaker and speaker.lower() in cand.speaker.lower():
                score += t.speaker
            lexical.append((score, cand))
        lexical.sort(key=lambda item: -item[0])
        shortlist = lexical[: t.shortlist]
        qvec = self.embedder.embed([question])[0]
        vectors = self.sentence_embedder.embed([c.resolved for _, c in shortlist])
        out = [_Scored(cand, score + t.similarity * float(qvec @ vec), vec)
               for (score, cand), vec in zip(shortlist, vectors, strict=True)]
        return sorted(out, key=lambda s: -s.score)

    def _weights(self, question: str) -> dict[str, float]:
        """Question terms weighted by rarity in the index (when known) times the name/number boost."""
        weights = question_terms(question)
        if self.vocabulary is not None and self.vocabulary.unseen > 0:
            unseen = self.vocabulary.unseen  # softened: common terms count half, the rarest one and a half
            weights = {term: w * (0.5 + self.vocabulary.idf(term) / unseen) for term, w in weights.items()}
        return weights

    def _unknown_names(self, question: str, hits: Sequence[Hit]) -> list[str]:
        """Names in the question that nothing indexed mentions (or, without a vocabulary, no retrieved chunk)."""
        if self.vocabulary is None:
            return _missing_names(question, hits)
        vocabulary = self.vocabulary
        return [name for name in names_in(question) if not all(vocabulary.idf(t) < vocabulary.unseen for t in terms(name))]

    def _choose(self, question: str, scored: list[_Scored]) -> list[_Scored]:
        """The best sentences above a share of the best score: not redundant, at most two per article.

        When the question names several outlets ("Does the Fortune article ..., while TechCrunch
        ..."), each named outlet's best sentence goes in first, so every side is answered.
        """
        t = self.tuning
        limit = t.max_sentences + (1 if len(question.split()) > 25 else 0)
        best = scored[0].score
        chosen: list[_Scored] = []
        per_article: dict[str, int] = {}

        def take(item: _Scored) -> bool:
            article = item.sentence.hit.article_id
            if item in chosen or per_article.get(article, 0) >= 2 or \
                    any(float(item.vector @ c.vector) > t.redundancy for c in chosen):
                return False
            per_article[article] = per_article.get(article, 0) + 1
            chosen.append(item)
            return True

        named = _named_sources(question, [s.sentence.hit.source for s in scored])
        if len(named) > 1:
            for source in named:
                first = next((s for s in scored if s.sentence.hit.source == source and s.score >= best * t.cover_ratio), None)
                if first is not None and len(chosen) < limit:
                    take(first)
        for item in scored:
            if len(chosen) >= limit or item.score < best * t.keep_ratio:
                break
            take(item)
        return chosen


def _named_sources(question: str, sources: list[str]) -> list[str]:
    """The distinct sources among `sources` that the question names (by any of their aliases)."""
    from bot.news import outlet_aliases

    lowered = question.lower()
    return [src for src in dict.fromkeys(sources) if src and any(a.lower() in lowered for a in outlet_aliases(src))]


def _overlap(weights: dict[str, float], present: set[str], total: float) -> float:
    return sum(w for term, w in weights.items() if term in present) / total


def _already_cited(question: str, history: Sequence[Turn]) -> set[tuple[str, int]]:
    """For "what else ..." questions, the sentences earlier answers already gave."""
    if not history or not re.search(r"\b(else|other|another|besides|more)\b", question, re.IGNORECASE):
        return set()
    return {(c.article_id, c.start) for turn in history for c in turn.answer.citations}


def _unique(candidates: list[Sentence], skip: set[tuple[str, int]]) -> list[Sentence]:
    """Overlapping chunks repeat sentences: keep each (article, offset) once, from its best-ranked chunk."""
    seen: set[tuple[str, int]] = set(skip)
    out = []
    for cand in candidates:
        key = (cand.hit.article_id, cand.start)
        if key not in seen:
            seen.add(key)
            out.append(cand)
    return out


def _missing_names(question: str, hits: Sequence[Hit]) -> list[str]:
    """Names in the question that appear in none of the retrieved chunks (a sign the answer isn't there)."""
    text = " ".join(h.text for h in hits).lower()
    return [name for name in names_in(question) if name.lower() not in text
            and not all(part.lower() in text for part in name.split() if len(part) > 3)]


def _lead(question: str, hits: Sequence[Hit], scored: list[_Scored], chosen: list[_Scored],
          t: Tuning) -> tuple[str, set[str], _Scored] | None:
    """For a question after one name ("Who is the individual ...?"): the name the retrieved articles agree on.

    Candidates are the names in the retrieved chunks that the question doesn't contain and that
    aren't an outlet's; a one-word name counts for the longer name it ends ("Bankman-Fried" for
    "Sam Bankman-Fried") or starts, when that is as common ("Alameda" for "Alameda Research", but
    "Google" stays "Google"). "Who" questions take only people's names (a full name also seen as
    its surname alone), the others anything but. Each scores 1/(1+rank) for every article naming
    it, so the name linking the question's several articles wins, plus a little per mention (more
    in the answer's own sentences).

    A wrong name first is worse than none, so the lead is kept only when the signals agree: at
    least two articles name it, it leads the next name by `t.lead_margin`, and in the best-scored
    sentence it is the name written closest to the question's words — for "Who is the CEO of
    Microsoft?" the most-mentioned name (Sam Altman) loses to "Satya Nadella, Microsoft's CEO", so
    no lead. Returns (name, its forms, the best candidate sentence quoting it) or None. Measured
    on MultiHop-RAG dev: docs/BENCHMARKS.md.
    """
    asked = set(terms(question)) | {t for hit in hits for t in terms(hit.source)}
    sentences = [(rank, hit, hit.body[a:b], hit.start + a) for rank, hit in enumerate(hits) for a, b in split_sentences(hit.body)]
    known = frozenset(word for *_, text, _ in sentences for m in _CAPITALISED.finditer(text) if m.start() > 0
                      for word in m.group(0).split())
    answering = {(item.sentence.hit.article_id, item.sentence.start) for item in chosen}
    seen: list[tuple[str, str, int, bool]] = []  # (name, article, rank, in a sentence of the answer)
    for rank, hit, text, start in sentences:
        seen += [(name, hit.article_id, rank, (hit.article_id, start) in answering)
                 for name in names_in(text, known) if not set(terms(name)) & asked]
    counts = Counter(name for name, *_ in seen)
    canonical: dict[str, str] = {}
    for name in counts:  # "Bankman-Fried" counts for "Sam Bankman-Fried"; "Alameda" for "Alameda Research" unless more common
        canonical[name] = name if " " in name else next(
            (m for m, c in counts.most_common() if " " in m and (name == m.split()[-1] or (name == m.split()[0] and c >= counts[name]))),
            name)
    surnamed = {c for n, c in canonical.items() if n != c and n == c.split()[-1]}  # "Kelce" alone: a person
    person = bool(_PERSON_QUESTION.search(question))
    best_rank: dict[str, dict[str, int]] = {}
    mentions: dict[str, float] = defaultdict(float)
    for name, article, rank, answers in seen:
        if person != (canonical[name] in surnamed):
            continue  # a "who" question wants a person; a "which company" one anything but
        ranks = best_rank.setdefault(canonical[name], {})
        ranks[article] = min(rank, ranks.get(article, rank))
        mentions[canonical[name]] += 2 if answers else 1  # a mention in the answer's own sentences counts twice
    ranked = sorted(((sum(1 / (1 + r) for r in ranks.values()) + t.lead_mention * mentions[name], name)
                     for name, ranks in best_rank.items()), reverse=True)
    if not ranked:
        return None
    score, name = ranked[0]
    if len(best_rank[name]) < 2 or (len(ranked) > 1 and score < t.lead_margin * ranked[1][0]):
        return None  # one article alone (its most frequent name is often not the one asked for) or no clear winner
    if _nearest_name(question, scored[0].sentence.text, known, canonical) != name:
        return None  # the best sentence puts another name next to what the question asks ("Satya Nadella, Microsoft's CEO")
    forms = {n for n, c in canonical.items() if c == name}
    support = next((item for item in scored if _names(item.sentence.text, forms)), None)
    return (name, forms, support) if support else None


def _nearest_name(question: str, sentence: str, known: frozenset[str], canonical: dict[str, str]) -> str:
    """Of the candidate names in `sentence`, the one written closest to the question's own words."""
    wanted = set(question_terms(question))
    anchors = [m.start() for m in re.finditer(r"[\w’'-]+", sentence) if set(terms(m.group(0))) & wanted]
    best, distance = "", len(sentence) + 1
    for name in (names_in(sentence, known) if anchors else []):
        if name not in canonical:
            continue
        for m in re.finditer(re.escape(name), sentence):
            gap = min(abs(a - m.start()) if a < m.start() else abs(a - m.end()) for a in anchors)
            if gap < distance:
                best, distance = canonical[name], gap
    return best


_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")
_PERSON_QUESTION = re.compile(r"^\s*who\b|\b(?:person|individual|celebrity|figure|player|athlete|artist|singer|actor|actress|"
                              r"director|author)\b", re.IGNORECASE)


def _names(text: str, forms: set[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) for form in forms)


def _compose(question: str, chosen: list[_Scored], lead: tuple[str, set[str]] | None = None) -> Answer:
    """Sentences grouped by article (best article first), in article order, each with its [n];
    after `lead` (a name and its forms), when given, cited by the first sentence naming it."""
    order: dict[str, int] = {}
    for item in chosen:
        order.setdefault(item.sentence.hit.article_id, len(order))
    chosen = sorted(chosen, key=lambda s: (order[s.sentence.hit.article_id], s.sentence.start))
    parts, citations = [], []
    if lead:
        n = next(n for n, item in enumerate(chosen, start=1) if _names(item.sentence.text, lead[1]))
        parts.append(f"{lead[0]} [{n}].")
    for n, item in enumerate(chosen, start=1):
        s, hit = item.sentence, item.sentence.hit
        parts.append(f"{_display(s)} [{n}]")
        citations.append(Citation(n=n, title=hit.title, source=hit.source, url=hit.url, published_at=hit.published_at,
                                  quote=s.text, article_id=hit.article_id, chunk_id=hit.chunk_id, start=s.start, end=s.end))
    return Answer(text=" ".join(parts), citations=tuple(citations), abstained=False, query=question, question=question,
                  hits=tuple(c.sentence.hit for c in chosen))


def _display(sentence: Sentence) -> str:
    """The sentence as it reads in the answer: a leading pronoun replaced by who it refers to."""
    text = sentence.resolved
    return text if re.search(r"[.!?\"”’)]$", text) else text + "."


def _abstain(question: str, reason: str) -> Answer:
    text = f"{ABSTAIN_PREFIX} — I found {reason} in them."
    return Answer(text=text, citations=(), abstained=True, query=question, question=question)


def not_indexed(question: str, outlets: Sequence[str]) -> Answer:
    """The abstention for a question that cites outlets with no indexed articles."""
    names = list(outlets)
    text = (f"{ABSTAIN_PREFIX} — no articles from {_join(names)} are indexed, so I can't tell what "
            f"{'it' if len(names) == 1 else 'they'} reported.")
    return Answer(text=text, citations=(), abstained=True, query=question, question=question)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


