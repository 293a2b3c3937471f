"""When not to answer, and the words a question turns on: the one refusal policy, with its reasons.

- `refusal_reason(question, vocabulary)`: why the question can't be answered at all from this index —
  it asks only what an outlet with no indexed articles said, or every key name is unknown to it;
- `unknown_names` / `unknown_words`: names, and words that aren't everyday English ("cinemascore"),
  that no indexed article uses;
- `content(question)`: its content terms without dates, light verbs or instruction verbs, and
  `specific(question)`: whether it asks about one fact (a handful of content words);
- `unsaid(question, about)`: what the articles don't say, as a clause ("who won the 2024 Super Bowl").

Deliberately not here: whether evidence answers the question (`decide.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.evidence import Vocabulary, question_terms
from bot.names import OPENERS
from bot.spelling import common_word
from index.keyword import terms
from newsbot.types import Question

__all__ = ["refusal_reason", "unknown_names", "unknown_words", "content", "specific", "unsaid", "join"]


def unknown_names(question: Question, vocabulary: Vocabulary | None) -> list[str]:
    """Key names of the question that nothing indexed mentions ("Pakistani" counts where "Pakistan" is)."""
    if vocabulary is None:
        return []
    out = []
    for name in question.names:
        if re.fullmatch(r"[A-Z]{2,3}", name):
            continue  # "US", "UK", "EU": articles write "U.S.", which the index keeps no term for
        words = [t for t in terms(name) if not t.isdigit()]
        if words and not all(vocabulary.idf(t) < vocabulary.unseen or _known_prefix(t, vocabulary) for t in words):
            out.append(name)
    return out


def unknown_words(question: Question, vocabulary: Vocabulary | None) -> list[str]:
    """Content words of five letters or more that no indexed article uses and that aren't everyday English
    ("cinemascore", not "explain"): the question asks about something the index doesn't cover (misspellings
    were corrected before this)."""
    if vocabulary is None or vocabulary.unseen <= 0:
        return []
    outlets = " ".join(question.missing_outlets + question.outlets).lower()
    out = []
    for match in re.finditer(r"[^\W\d_][\w'’-]{4,}", question.query):
        word = match.group(0)
        if re.sub(r"['’]s$", "", word.lower()) in outlets or common_word(word) or re.search(r"\d", word):
            continue  # an outlet named, or an everyday word (a library not using it says little)
        found = [t for t in terms(word) if not t.isdigit()]
        if found and all(vocabulary.idf(t) >= vocabulary.unseen and not _known_prefix(t, vocabulary) for t in found) \
                and word.lower() not in _IGNORED:
            out.append(word)
    return out


_IGNORED = frozenset("summarize summarise tldr anything something everything happened happening whats what’s".split())


def _known_prefix(term: str, vocabulary: Vocabulary) -> bool:
    return len(term) >= 7 and any(vocabulary.idf(term[:n]) < vocabulary.unseen for n in range(len(term) - 1, 5, -1))


def refusal_reason(question: Question, vocabulary: Vocabulary | None) -> str:
    """Why the question can't be answered at all from this index, or ""."""
    if question.outlet_only and question.missing_outlets:
        names = list(question.missing_outlets)
        return (f"no articles from {join(names)} are indexed, so I can't tell what "
                f"{'it' if len(names) == 1 else 'they'} reported")
    missing = unknown_names(question, vocabulary)
    if missing and len(missing) == len(question.names):
        return f"I found nothing about {join(missing)} in them"
    return ""


_PAST = (r"\w+ed|won|lost|said|made|took|gave|got|went|came|became|beat|led|left|met|paid|sold|bought|told|wrote|ran|saw|knew|"
         r"thought|found|held|kept|brought|began|broke|chose|drove|fell|fought|flew|grew|hit|hurt|meant|put|quit|rose|set|shot|"
         r"shut|sang|sank|sat|spent|stood|stole|struck|threw|understood|woke|wore|\w+s|will|would|can|could|has|have|had")


_DATE_TERMS = frozenset(terms("january february march april may june july august september october november december monday "
                              "tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight week weekend "
                              "month year last next ago since recent recently latest new news day days date time"))


_LIGHT_TERMS = frozenset(terms("happen happened occur occurred take place make do go come get supposed " + " ".join(OPENERS)))


def content(question: Question) -> dict[str, float]:
    """The question's content terms without its dates ("in August 2025", "last week": the date range's business)
    and without verbs that carry no event of their own ("happen", "take place")."""
    return {t: w for t, w in question_terms(question.query).items()
            if t not in _DATE_TERMS and t not in _LIGHT_TERMS and not re.fullmatch(r"(?:19|20)\d\d", t)}


def specific(question: Question) -> bool:
    """A question about one fact ("who replaced ten Hag as manager?"), not a description to match across articles
    ("Who is the individual under 30 who ..., as reported by Fortune and TechCrunch?"): a handful of content words.
    A specific question needs its answer in one sentence; a descriptive one is answered by the sentences it matches."""
    return len(question_terms(question.query)) <= 8


def join(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def unsaid(question: Question, about: str = "") -> str:
    """What the articles don't say, as the rest of "The indexed articles don't say ...", or "" when the
    question doesn't read that way: "who won the 2024 Super Bowl", "who Tommy Pigott is", "anything about X"."""
    if about:
        return about
    text = re.sub(r"\s+", " ", question.query).strip().rstrip("?.! ")
    lowered = text[0].lower() + text[1:] if text and not text[:2].isupper() else text
    wh = r"(?:who|what|which(?:\s+\w+){0,2}|where|how (?:much|many)(?:\s+\w+){0,2})"
    match = re.match(rf"^({wh})\s+(is|was|are|were)\s+(.+)$", lowered, re.IGNORECASE)
    if match and not re.match(r"^(?:the\s+)?\w+ing\b", match.group(3)):
        return f"{match.group(1)} {match.group(3)} {match.group(2)}"
    if re.match(rf"^{wh}\s+(?:{_PAST})\b", lowered, re.IGNORECASE) and not re.match(rf"^{wh}\s+(?:did|does|do)\b", lowered,
                                                                                        re.IGNORECASE):
        return lowered
    return ""
