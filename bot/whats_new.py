""""What's new about X since D?": the developments after D, newest first, each dated and cited.

    topic = asks_whats_new(question)          # the story's words, or "" for any other question
    answer = whats_new_answer(timelines, question, topic)

`asks_whats_new` is a small reader of its own: "what's new / what has happened / any news / the
latest / updates ... about|on|with|in X since D" (D as the question reader read it: "since
Monday", "since November 13", "in the last week"). A question without a start date is not one, nor one
with an end date ("any news about X from October?" asks about October, answered as any question).
The answer lists the story's timeline events after D (`timeline.py`), newest first, one sentence
each: "17 November 2023 (TechCrunch): <the reporting sentence> [1]"; none: says so and names the
newest report before D.

Deliberately not here: building timelines (`timeline.py`), routing (`pipeline.py`).
"""

from __future__ import annotations

import re

from bot.timeline import Timelines, day_words
from newsbot.types import Answer, Citation, Question

__all__ = ["asks_whats_new", "whats_new_answer"]

_ASK = re.compile(
    r"^\s*(?:and\s+|so\s+|ok(?:ay)?,?\s+)?(?:"
    r"what(?:['’]s|\s+is|\s+are|\s+has|\s+have)?\s+(?:been\s+)?(?:new|happened|happening|changed|going\s+on|the\s+(?:latest|news|developments?|updates?))"
    r"|what\s+(?:new\s+)?(?:developments?|updates?|news)\s+(?:have\s+there\s+been|are\s+there|is\s+there)"
    r"|(?:are\s+there\s+|is\s+there\s+|any\s+)(?:new\s+)?(?:news|developments?|updates?)"
    r"|(?:give\s+me\s+|show\s+me\s+)?(?:the\s+)?(?:latest|news|developments?|updates?))"
    r"\s+(?:about|on|with|in|regarding|concerning|for|to)\s+(?P<topic>.+?)\s*"
    r"(?:since|after|from|over|during|in)\s+(?P<when>.+?)\s*[?.!]*\s*$",
    re.IGNORECASE)
_LEADING = re.compile(r"^(?:the\s+)", re.IGNORECASE)


def asks_whats_new(question: Question) -> str:
    """The topic when `question` asks what is new about something since a date ('' otherwise)."""
    if not question.since or question.until:  # "news about X in October" is a bounded range, not "since"
        return ""
    match = _ASK.match(question.query)
    if not match:
        return ""
    topic = _LEADING.sub("", match.group("topic")).strip(" ,")
    return topic if re.search(r"\w", topic) else ""


def whats_new_answer(timelines: Timelines, question: Question, topic: str, limit: int = 8) -> Answer:
    """The developments of `topic` from `question.since` on, newest first, each dated and cited."""
    filters = question.filters
    since = max(x for x in (question.since, filters.since) if x)
    until = min((x for x in (question.until, filters.until) if x), default=None)
    timeline = timelines.build(topic, since, until, filters.sources, limit=limit)
    events = sorted(timeline.events, key=lambda e: e.day, reverse=True)
    said = f"since {question.date_words}" if question.date_words and question.since == since else f"since {day_words(since)}"
    if not events:
        earlier = timelines.build(topic, None, _day_before(since), filters.sources, limit=3).events
        if not earlier:
            return Answer(text=f"The indexed articles say nothing about {topic} {said}, or before.", citations=(),
                          abstained=True, query=question.query, kind="none")
        last = max(earlier, key=lambda e: e.day)
        first = _renumbered(last.citations[0], 1)
        text = (f"Nothing indexed about {topic} is dated {said}; the newest report is from {day_words(last.day)}"
                f"{_from(first)}: {first.quote} [1]")
        return Answer(text=text, citations=(first,), abstained=False, query=question.query, kind="timeline")
    citations: list[Citation] = []
    lines = []
    for event in events:
        cited = _renumbered(event.citations[0], len(citations) + 1)
        citations.append(cited)
        also = [o for o in event.outlets if o != cited.source]
        lines.append(f"{day_words(event.day)}{_from(cited, also)}: {event.text} [{cited.n}]")
    head = f"What's new about {topic} {said}, newest first:"
    return Answer(text=" ".join([head, *lines]), citations=tuple(citations), abstained=False, query=question.query,
                  kind="timeline", verdict=str(len(events)))


def _from(citation: Citation, also: list[str] | None = None) -> str:
    outlets = [o for o in (citation.source, *(also or [])) if o]
    return f" ({', '.join(outlets)})" if outlets else ""


def _renumbered(citation: Citation, n: int) -> Citation:
    from dataclasses import replace

    return replace(citation, n=n)


def _day_before(day: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(day[:10]) - timedelta(days=1)).isoformat()
