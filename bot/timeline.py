"""Story timelines: the dated developments of a story, one event per development, each cited.

    timeline = Timelines(retriever).build("FTX trial", since="2023-10-01", until=None)
    for event in timeline.events:                 # oldest first
        print(event.day, event.text, [c.n for c in event.citations], event.outlets)
    timeline.coverage                             # (day, outlet, articles) about the story, for a chart

How it is built:

1. candidates: the hybrid search for the topic (dense + BM25) within the dates and outlets asked;
2. an article is about the story when its retrieved text holds most of the topic's weight (its
   terms weighted by idf: "FTX" counts for more than "trial") and, for a topic of two words or
   more, at least two of them; so must the sentence that states its event;
3. each such article gives one candidate event: its sentence that best states the story, scored on
   embedding similarity to the topic, idf-weighted term overlap, a lede bonus (news says what
   happened first) and how much of the topic the headline names, dated by the article's
   publication day; a sentence the outlet repeats days apart is background, not a development;
4. candidates are merged when they say the same thing within `MERGE_DAYS` (syndicated copies and
   other outlets' reports of the same development: sentence vectors at least `SAME_EVENT` alike),
   keeping the earliest report's date and every outlet's citation;
5. the best `limit` events, in date order.

`coverage` counts, per day and outlet, the articles holding the topic's two weightiest terms
(the keyword index, so it covers more than the retrieved chunks).

Deliberately not here: answering questions (the chain routes "what's new about X since D?" here:
`whats_new.py`), and drawing (`ui/timeline.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.evidence import Sentence, question_terms, sentences_of
from bot.retrieve import Retriever
from index.keyword import terms
from newsbot.types import Citation, Filters, Hit

__all__ = ["DEFAULT_EVENTS", "Event", "MERGE_DAYS", "SAME_EVENT", "Timeline", "Timelines", "day_words", "show_timeline"]

DEFAULT_EVENTS = 12
MERGE_DAYS = 2
SAME_EVENT = 0.75
DEPTH = 60  # chunks searched for candidates
ABOUT = 0.5  # share of the topic's idf weight an article's retrieved text must hold
MIN_SCORE = 0.5  # a sentence scoring less, all signals together, is not about the story's developments
_LEDE = 0.2  # news says what happened first
_SHORTLIST = 4  # sentences per article embedded


@dataclass(frozen=True)
class Event:
    """One development: its day (YYYY-MM-DD), the sentence stating it, its citations (the quoted report
    first, then the merged copies and other outlets' reports) and the outlets that reported it."""

    day: str
    text: str
    citations: tuple[Citation, ...]
    outlets: tuple[str, ...]
    score: float = 0.0


@dataclass(frozen=True)
class Timeline:
    """A story's events, oldest first, with coverage counts; `citations` numbers every source once."""

    topic: str
    events: tuple[Event, ...]
    coverage: tuple[tuple[str, str, int], ...] = ()
    since: str | None = None
    until: str | None = None

    @property
    def citations(self) -> tuple[Citation, ...]:
        return tuple(c for e in self.events for c in e.citations)


@dataclass
class _Candidate:
    sentence: Sentence
    day: str
    score: float
    vector: np.ndarray


class Timelines:
    """Builds timelines from one retriever's index."""

    def __init__(self, retriever: Retriever) -> None:
        self.retriever = retriever

    def build(self, topic: str, since: str | None = None, until: str | None = None, sources: Sequence[str] = (),
              limit: int = DEFAULT_EVENTS) -> Timeline:
        """The timeline of `topic` between `since` and `until` (ISO dates, inclusive; None = open)."""
        filters = Filters(since=since, until=until, sources=tuple(sources))
        keywords = self.retriever.index.keywords
        keywords.refresh()
        weights = {t: w * keywords.idf(t) for t, w in question_terms(topic).items()}
        weights = {t: w for t, w in weights.items() if w > 0}
        if not weights:
            return Timeline(topic, (), since=since, until=until)
        hits = self.retriever.search(topic, k=DEPTH, filters=filters)
        candidates = self._candidates(topic, weights, hits)
        events = _merge(candidates)[:limit]
        events.sort(key=lambda e: (e[0].day, -e[0].score))
        numbered: list[Event] = []
        n = 1
        for group in events:
            citations = []
            for member in group:
                citations.append(_citation(n, member.sentence))
                n += 1
            outlets = tuple(dict.fromkeys(c.source for c in citations if c.source))
            numbered.append(Event(day=group[0].day, text=group[0].sentence.text, citations=tuple(citations), outlets=outlets,
                                  score=group[0].score))
        return Timeline(topic, tuple(numbered), self._coverage(weights, filters), since, until)

    def _candidates(self, topic: str, weights: dict[str, float], hits: Sequence[Hit]) -> list[_Candidate]:
        """Per article about the topic, its best sentences (lexical shortlist, then embeddings)."""
        total = sum(weights.values())
        by_article: dict[str, list[Hit]] = {}
        for hit in hits:
            if hit.published_at:
                by_article.setdefault(hit.article_id, []).append(hit)
        shortlist: list[tuple[Sentence, float, str]] = []
        needed = min(2, len(weights))  # a two-word story needs both words: "Harbourford bridge" is not Harbourford
        for chunks in by_article.values():
            held = set().union(*(set(terms(h.text)) for h in chunks)) & set(weights)
            if len(held) < needed or sum(weights[t] for t in held) / total < ABOUT:
                continue
            scored = []
            for hit in chunks:
                for position, sentence in enumerate(sentences_of(hit)):
                    present = set(terms(sentence.text)) & set(weights)
                    if len(present) < needed:
                        continue
                    overlap = sum(weights[t] for t in present) / total
                    lede = _LEDE if hit.ordinal == 0 and position < 2 else 0.0
                    if overlap > 0:
                        scored.append((sentence, overlap + lede, hit.published_at[:10]))
            scored.sort(key=lambda s: -s[1])
            shortlist.extend(scored[:_SHORTLIST])
        if not shortlist:
            return []
        standing = _standing(shortlist)
        vectors = _unit(self.retriever.embedder.embed([topic] + [s.text for s, _, _ in shortlist]))
        similarity = vectors[1:] @ vectors[0]
        best: dict[str, _Candidate] = {}
        for (sentence, lexical, day), vector, cos in zip(shortlist, vectors[1:], similarity, strict=True):
            if _norm(sentence.text) in standing:
                continue
            title = set(terms(sentence.hit.title))
            headline = sum(w for t, w in weights.items() if t in title) / total
            score = 0.45 * float(cos) + 0.35 * lexical + 0.2 * headline
            if score < MIN_SCORE:
                continue
            kept = best.get(sentence.hit.article_id)
            if kept is None or score > kept.score:
                best[sentence.hit.article_id] = _Candidate(sentence, day, score, vector)
        return sorted(best.values(), key=lambda c: -c.score)

    def _coverage(self, weights: dict[str, float], filters: Filters) -> tuple[tuple[str, str, int], ...]:
        """(day, outlet, articles) for the articles holding the topic's two weightiest terms."""
        top = sorted(weights, key=lambda t: -weights[t])[:2]
        found = self.retriever.articles_with(top, filters, limit=2000)
        counts = Counter((h.published_at[:10], h.source or "unknown outlet") for h in found if h.published_at)
        return tuple(sorted((day, outlet, n) for (day, outlet), n in counts.items()))


def _merge(candidates: list[_Candidate]) -> list[list[_Candidate]]:
    """Groups of candidates reporting one development (best first); each group's first member is its best."""
    groups: list[list[_Candidate]] = []
    for candidate in candidates:
        for group in groups:
            head = group[0]
            if abs(_days(head.day) - _days(candidate.day)) <= MERGE_DAYS and \
                    (float(head.vector @ candidate.vector) >= SAME_EVENT or _same_text(head, candidate)):
                group.append(candidate)
                if candidate.day < head.day:  # the development dates from its first report
                    group[0] = _Candidate(head.sentence, candidate.day, head.score, head.vector)
                break
        else:
            groups.append([candidate])
    return groups


def _same_text(a: _Candidate, b: _Candidate) -> bool:
    return _norm(a.sentence.text) == _norm(b.sentence.text)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _standing(shortlist: list[tuple[Sentence, float, str]]) -> set[str]:
    """Sentences an outlet repeats in articles days apart ("X, the founder of Y, is on trial for ..."): a standing
    description of the story, not a development."""
    days: dict[str, set[str]] = {}
    for sentence, _, day in shortlist:
        days.setdefault(_norm(sentence.text), set()).add(day)
    return {text for text, seen in days.items() if len(seen) > 1 and _days(max(seen)) - _days(min(seen)) > MERGE_DAYS}


def _days(day: str) -> int:
    from datetime import date

    return date.fromisoformat(day).toordinal()


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def _citation(n: int, sentence: Sentence) -> Citation:
    hit = sentence.hit
    return Citation(n=n, title=hit.title, source=hit.source, url=hit.url, published_at=hit.published_at,
                    quote=sentence.text, article_id=hit.article_id, chunk_id=hit.chunk_id, start=sentence.start,
                    end=sentence.end)


def day_words(day: str) -> str:
    """'2023-11-17' -> '17 November 2023'."""
    from datetime import date

    try:
        return re.sub(r"^0", "", date.fromisoformat(day).strftime("%d %B %Y"))
    except ValueError:
        return day


def show_timeline(timeline: Timeline) -> str:
    """A timeline for the terminal: one line per event (day, outlets, the sentence, its markers), then the sources."""
    if not timeline.events:
        return f"No dated developments of {timeline.topic!r} in the indexed articles" + \
            (f" between {timeline.since or 'the start'} and {timeline.until or 'now'}." if timeline.since or timeline.until else ".")
    lines = [f"{timeline.topic}: {len(timeline.events)} events, {timeline.events[0].day} to {timeline.events[-1].day}"]
    for event in timeline.events:
        markers = "".join(f"[{c.n}]" for c in event.citations)
        lines.append(f"{event.day}  {', '.join(event.outlets) or '-'}: {event.text} {markers}")
    lines.append("")
    for c in timeline.citations:
        lines.append(f"[{c.n}] {c.title} ({', '.join(x for x in (c.source, c.published_at[:10]) if x)}) {c.url}".rstrip())
    return "\n".join(lines)
