"""Dates in questions: "on February 6", "in November 2023", "last week", "since Monday", "latest".

`read_dates(text, today, anchor)` returns a `Span` (since, until, as ISO dates or None) and
whether the question asks for the newest news ("latest", "most recent", "what's new").
Relative expressions count back from `today` (the reference date: NEWSBOT_REFERENCE_DATE, or
today); a month or day written without a year ("in November", "on February 6") is the latest
one on or before `anchor` (the newest indexed article, when that is older than today), so an
archive's "November" is its own. "since/after X" and "before/until X" open the range on one side.

Deliberately not here: what the range does to retrieval (a preference, `retrieve.py`), or
telling the reader that nothing matched it (`question.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

__all__ = ["Span", "read_dates", "LATEST"]

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_ABBR = "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_DATE = re.compile(rf"\b(?:on\s+)?((?:{_MONTHS}|{_MONTH_ABBR})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?|"
                       rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS}|{_MONTH_ABBR})\b\.?(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})",
                       re.IGNORECASE)
_MONTH_DATE = re.compile(rf"\b(?:in|during|of|since|from|until|before|after|by|through)\s+(?:early\s+|late\s+|mid-?)?"
                         rf"((?:{_MONTHS})(?:\s+\d{{4}})?)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|during|of|since|from|until|before|after|by)\s+((?:19|20)\d{2})\b(?!\s*(?:-|–|to)\s*\d)", re.IGNORECASE)
_RELATIVE = re.compile(
    r"\b(today|tonight|this morning|this afternoon|this evening|yesterday|(?:this|last|past|previous) (?:week|weekend|month|year)|"
    r"(?:the )?(?:last|past|previous) (\d+|few|couple of|two|three|four|five|six|seven|ten|24|48) (hours?|days?|weeks?|months?)|"
    r"earlier this (?:week|month|year)|"
    rf"(?:since|after|from) (?:last )?({'|'.join(_WEEKDAYS)})|(?:on|last) ({'|'.join(_WEEKDAYS)}))\b(?!['’]s)",
    re.IGNORECASE)
LATEST = re.compile(r"\b(latest|most recent|newest|right now|currently|what['’]?s new|whats new|breaking|recent news|"
                    r"lately|any news|news on|update on|updates on)\b", re.IGNORECASE)
_COUNTS = {"few": 3, "couple of": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


@dataclass(frozen=True)
class Span:
    """A publication-date range read from a question (ISO dates, inclusive; None = open)."""

    since: str | None = None
    until: str | None = None
    latest: bool = False
    text: str = ""  # the words that gave the range ("last week")

    def __bool__(self) -> bool:
        return bool(self.since or self.until)

    def describe(self) -> str:
        return f"dates: {self.since or '…'} to {self.until or '…'}" + (f" ({self.text})" if self.text else "")


@lru_cache(maxsize=4096)
def _parse(text: str, base: datetime) -> datetime | None:
    """Remembered: questions keep naming the same days ("October 5, 2023"), and dateparser takes ~0.5 ms each."""
    import dateparser  # ~0.15 s to import: only once a question has a date in it

    return dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})


def read_dates(text: str, today: date, anchor: date | None = None) -> Span:
    """The date range `text` asks about, relative to `today` (see the module docstring)."""
    base = datetime.combine(anchor or today, datetime.min.time())
    spans: list[tuple[date, date]] = []
    words: list[str] = []
    relative = list(_RELATIVE.finditer(text))
    for match in _DAY_DATE.finditer(text):
        if any(r.start() <= match.start(1) < r.end() for r in relative):
            continue
        day_number = re.search(r"\d+", match.group(1))
        if day_number and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", match.group(1)) and \
                (int(day_number.group(0)) > 31 or re.match(r"[,.]\d", text[match.end(1):match.end(1) + 2])):
            continue  # "the climate march 60,000 strong" is no date
        parsed = _parse(match.group(1), base)
        if parsed:
            day = parsed.date()
            spans.append(_open_ended(text[: match.start(1)], day - timedelta(days=1), day + timedelta(days=1)))
            words.append(match.group(0).strip())
    if not spans:
        for match in _MONTH_DATE.finditer(text):
            parsed = _parse("1 " + match.group(1), base)
            if parsed:
                first = parsed.date().replace(day=1)
                last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                spans.append(_open_ended(text[: match.start(1)], first, last))
                words.append(match.group(0).strip())
        for match in _YEAR.finditer(text):
            year = int(match.group(1))
            spans.append(_open_ended(text[: match.start(1)], date(year, 1, 1), date(year, 12, 31)))
            words.append(match.group(0).strip())
    for match in relative:
        spans.append(_relative(match, today))
        words.append(match.group(0).strip())
    latest = bool(LATEST.search(text))
    if not spans:
        return Span(latest=latest)
    since = min(s for s, _ in spans)
    until = max(u for _, u in spans)
    return Span(since=None if since == date.min else since.isoformat(), until=None if until == date.max else until.isoformat(),
                latest=latest, text=", ".join(words))


def _open_ended(before: str, first: date, last: date) -> tuple[date, date]:
    """A date's range, opened on one side when the question says since/after or before/until it ("news from
    October" is October)."""
    if re.search(r"\b(since|after)\s+(?:early\s+|late\s+|mid-?|on\s+)?$", before, re.IGNORECASE):
        return first, date.max
    if re.search(r"\b(before|until|by|prior to)\s+(?:early\s+|late\s+|mid-?|on\s+)?$", before, re.IGNORECASE):
        return date.min, last
    return first, last


def _relative(match: re.Match[str], today: date) -> tuple[date, date]:
    phrase = match.group(1).lower()
    if phrase in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return today, today
    if phrase == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if match.group(4) or match.group(5):  # since Monday / on Monday / last Monday
        day = _WEEKDAYS.index((match.group(4) or match.group(5)).lower())
        back = (today.weekday() - day) % 7 or (7 if not phrase.startswith(("since", "after", "from")) else 0)
        start = today - timedelta(days=back)
        return (start, today) if match.group(4) else (start, start)
    if match.group(2):  # the last N days / weeks / months
        raw = match.group(2).lower()
        n = int(raw) if raw.isdigit() else _COUNTS.get(raw, 3)
        unit = match.group(3).lower().rstrip("s")
        days = {"hour": max(1, n // 24), "day": n, "week": 7 * n, "month": 31 * n}[unit]
        return today - timedelta(days=days), today
    if phrase.startswith("earlier this"):
        phrase = phrase.replace("earlier ", "")
    if phrase.endswith("weekend"):
        saturday = today - timedelta(days=(today.weekday() - 5) % 7)
        return (saturday - timedelta(days=7 if phrase.startswith(("last", "previous")) else 0),
                saturday + timedelta(days=1) - timedelta(days=7 if phrase.startswith(("last", "previous")) else 0))
    if phrase.endswith("week"):
        return (today - timedelta(days=today.weekday()), today) if phrase.startswith("this") else (today - timedelta(days=7), today)
    if phrase.endswith("month"):
        return (today.replace(day=1), today) if phrase.startswith("this") else (today - timedelta(days=31), today)
    if phrase.startswith("this"):
        return date(today.year, 1, 1), today
    if phrase.startswith("past"):
        return today - timedelta(days=365), today
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
