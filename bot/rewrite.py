"""Turn a follow-up question into a standalone query, offline, from the conversation so far.

"What else did he condemn?" after "What did Rubio say about Balochistan?" becomes "What else did
Rubio condemn?"; "And about security?" becomes "What did Rubio say about security?". The
entities and topic of earlier turns are carried when the follow-up has none of its own, and
the articles the last answer cited are returned as a preference for retrieval.

Deliberately not here: LLM-based rewriting (the history-aware retriever pattern lives with the
LLM backends).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.text import lead_of, names_in, speaker_of
from newsbot.types import Turn

__all__ = ["rewrite", "is_followup"]

_PERSON_PRONOUN = re.compile(r"\b(he|she|him|her|his|hers)\b", re.IGNORECASE)
_GROUP_PRONOUN = re.compile(r"\b(they|them|their|theirs)\b", re.IGNORECASE)
_THING_PRONOUN = re.compile(r"\b(it|its|that|this|those|these|there)\b", re.IGNORECASE)
_ABOUT_ONLY = re.compile(r"^\s*(?:and|but|so)?\s*(?:what|how)?\s*(?:about|on|regarding|concerning)\s+(?P<topic>.+?)\s*\??\s*$",
                         re.IGNORECASE)
_AND_ONLY = re.compile(r"^\s*and\s+(?P<topic>[^?]{1,60})\??\s*$", re.IGNORECASE)
_LEADS = re.compile(r"^\s*(and|also|so|but|what else|anything else|any other|how about|what about|more on)\b", re.IGNORECASE)


def is_followup(question: str, history: Sequence[Turn]) -> bool:
    """True when the question leans on earlier turns (pronouns, 'and about ...', too short to stand alone)."""
    if not history:
        return False
    if _LEADS.search(question) or _PERSON_PRONOUN.search(question) or _GROUP_PRONOUN.search(question):
        return True
    if names_in(question):
        return False
    return bool(_THING_PRONOUN.search(question)) or len(re.findall(r"[A-Za-z]{3,}", question)) <= 3


def rewrite(question: str, history: Sequence[Turn]) -> tuple[str, tuple[str, ...]]:
    """(standalone query, article ids to prefer). A standalone question comes back unchanged."""
    question = question.strip()
    if not is_followup(question, history):
        return question, ()
    last = history[-1]
    previous = last.answer.query or last.question
    prefer = tuple(dict.fromkeys(c.article_id for c in last.answer.citations))
    about = _ABOUT_ONLY.match(question) or _AND_ONLY.match(question)
    if about:
        topic = about.group("topic").rstrip("?. ")
        if re.search(r"\babout\s+.+$", previous, re.IGNORECASE):
            query = re.sub(r"\babout\s+.+?(\?|$)", f"about {topic}?", previous, count=1, flags=re.IGNORECASE)
        else:
            query = f"{previous.rstrip('?. ')} — {topic}?"
        return query, prefer
    query = question
    person = (speaker_of(previous) or lead_of(last.answer.text) or _person_in(previous) or _last_speaker(last)
              or next(iter(names_in(previous)), ""))
    if person:
        query = _PERSON_PRONOUN.sub(lambda m: _possessive(person) if m.group(1).lower() in ("his", "hers") else person, query)
    group = " and ".join(names_in(previous)[:2])
    if group:
        query = _GROUP_PRONOUN.sub(lambda m: _possessive(group) if m.group(1).lower().startswith("their") else group, query)
    if not names_in(query):
        carried = [n for n in names_in(previous) if n not in query]
        topic = _topic(previous)
        query = f"{query.rstrip('?. ')} ({', '.join(carried + ([topic] if topic else []))})?" if carried or topic else query
    return query, prefer


def _possessive(name: str) -> str:
    return name + ("’" if name.endswith("s") else "’s")


def _person_in(text: str) -> str:
    """The first name in `text` that reads as a person's: two or three words ("Tommy Pigott", not "OpenAI")."""
    return next((name for name in names_in(text) if 2 <= len(name.split()) <= 3), "")


def _last_speaker(turn: Turn) -> str:
    """The person the last answer was about, read from its text: a full name whose surname recurs alone
    ("Sam Altman ... Altman said"), else a full name, else the first name ('Rubio described ...')."""
    text = turn.answer.text
    names = [name for name in names_in(text) if len(name.split()) <= 3]
    recurring = [n for n in names if " " in n and len(re.findall(rf"(?<!\w){re.escape(n.split()[-1])}(?!\w)", text)) > 1]
    return next(iter(recurring), "") or _person_in(text) or next(iter(names), "")


def _topic(question: str) -> str:
    match = re.search(r"\babout\s+(.+?)\??$", question, re.IGNORECASE)
    return match.group(1) if match else ""
