"""How old the evidence is, when the question wanted news: "The newest indexed article on this is from
12 days ago (18 November 2023) [1]." (after "Nothing indexed on this is dated from 30 October 2023 on;"
when the question named a range).

    note = freshness_note(question, answer, hits, today)     # "" when the evidence is as fresh as asked

A question implies a freshness when it asks for the latest news ("latest", "most recent", "what's
new": `Question.recent`; the last `RECENT_DAYS` days) or names a range that runs to now ("today",
"this week", "since Monday", "since November 13": `Question.since` with no end before today).
When nothing retrieved is that new, the note says how old the newest is, cited to it when the
answer cites it. Days count from the reference date (`Reader.reference`: NEWSBOT_REFERENCE_DATE,
else today), the same "now" the question's relative dates were read with.

Deliberately not here: reading the dates (`when.py`), the note for ranges in the past
(`question.range_warning`), which this one replaces for ranges that run to now.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bot.timeline import day_words
from newsbot.types import Answer, Hit, Question

__all__ = ["RECENT_DAYS", "freshness_note", "ago"]

RECENT_DAYS = 3


def freshness_note(question: Question, answer: Answer, hits: Sequence[Hit], today: date) -> str:
    """The note for `answer` (see the module docstring); '' when it needs none."""
    if answer.abstained or not answer.citations or answer.kind == "timeline":
        return ""
    if question.since and question.since[:10] > today.isoformat():  # "will Ohtani pitch in 2024?": plans, told before
        return ""
    if question.since and (question.until is None or question.until >= today.isoformat()):
        start = date.fromisoformat(question.since[:10])
    elif question.recent:
        start = today - timedelta(days=RECENT_DAYS)
    else:
        return ""
    days = [d for d in (*(c.published_at[:10] for c in answer.citations), *(h.published_at[:10] for h in hits)) if d]
    if not days:
        return ""
    newest = max(days)
    if newest >= start.isoformat():
        return ""
    cited = [c.n for c in answer.citations if c.published_at[:10] == newest]
    marker = f" [{cited[0]}]" if cited else ""
    note = f"the newest indexed article on this is from {ago((today - date.fromisoformat(newest)).days)} ({day_words(newest)}){marker}."
    if question.since and not question.recent:
        return f"Nothing indexed on this is dated from {day_words(question.since)} on; {note}"
    return note[0].upper() + note[1:]


def ago(days: int) -> str:
    """12 -> '12 days ago'; 0 -> 'today'; 400 -> 'about 13 months ago'; 1100 -> 'about 3 years ago'."""
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 60:
        return f"{days} days ago"
    if days < 730:
        return f"about {round(days / 30.4)} months ago"
    return f"about {round(days / 365.25)} years ago"
