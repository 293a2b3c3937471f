"""Dates in evidence sentences: when the event a sentence reports happened, and how to write a date.

- `date_in(sentence, published)`: the date a sentence gives its event — a day ("October 13", "on
  Monday", "five weeks ago", read against the article's date; a weekday said of what is to come, "is
  scheduled to report on Wednesday", is the coming one) before a month before a year; a year
  older than the article's only when nothing else is given ("in 2022" in a 2025 article is history);
- `precision(written, iso)`: how closely that date names a day ("last week" names a week, not a day);
- `event_date(item)`: that date, else the article's own;
- `plain_date(iso)` / `readable(written, iso)`: "October 13, 2025", "Monday (October 13, 2025)".

Deliberately not here: dates in questions (`when.py`) and which sentence reports the event (`decide.py`,
`verdicts.py`).
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, timedelta

from bot.evidence import Scored

__all__ = ["date_in", "days_in", "event_date", "first_day", "plain_date", "precision", "readable"]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
           "december")
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11,
               "dec": 12}
_FUTURE = re.compile(r"\b(?:will|would|is due|are due|is set to|are set to|plans? to|expects? to|expected to|scheduled|next|"
                     r"upcoming|from)\b", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_RE = "|".join(_MONTHS) + "|" + "|".join(_MONTH_ABBR)
_FULL_DATE = re.compile(rf"\b(?:(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d{{2}}))?|"
                        rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_RE})\.?(?:,?\s+(?P<y2>(?:19|20)\d{{2}}))?|"
                        rf"(?P<m3>{_MONTH_RE})\.?\s+(?P<y3>(?:19|20)\d{{2}})|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(?:on|last|this|next|early|late|since|by)?\s*(?P<day>{'|'.join(_WEEKDAYS)})\b", re.IGNORECASE)
_RELATIVE_DAY = re.compile(r"\b(yesterday|today|tonight|this (?:morning|afternoon|evening)|last night|last week|earlier this week|"
                           r"last month|a week ago|two weeks ago|a month ago)\b", re.IGNORECASE)
_DAYS_BACK = {"yesterday": 1, "last night": 1, "last week": 7, "earlier this week": 3, "last month": 30, "a week ago": 7,
              "two weeks ago": 14, "a month ago": 30}
_YEAR = re.compile(r"\b(?:in|since|by|during)\s+((?:19|20)\d{2})\b")


def date_in(text: str, published: str = "") -> tuple[str, str] | None:
    """(the date as written, ISO date) of the date `text` gives its event: a day ("October 13", "on Monday", "five
    weeks ago", read against `published`, the article's date) before a month before a year, the first of equals;
    a year older than the article's only when nothing else is given ("in 2022" in a 2025 article is history).
    A date without a year takes the article's year (the year before, for a date over two months after it, unless the
    sentence speaks of the future; the year after, for an earlier date the sentence speaks of as to come)."""
    found = _dates(text, _day(published))
    if not found:
        return None
    current = published[:4]
    recent = [d for d in found if not (current and len(d[2]) >= 4 and d[2][:4].isdigit() and d[2][:4] < current)]
    _precision, _, iso, written = max(recent or found, key=lambda d: (d[0], -d[1]))
    return written, iso


def precision(written: str, iso: str) -> int:
    """How closely a date found by `date_in` names its day: 2 a day ("October 13", "on Monday", "yesterday"), 1 a
    month or a week ("March 2023", "last week", "two weeks ago": a week is no day, though it reads as one), 0 a year."""
    if len(iso) >= 10 or iso.startswith("--"):
        return 1 if _VAGUE.search(written) else 2
    return 1 if len(iso) == 7 else 0


_VAGUE = re.compile(r"\b(?:weeks?|months?|years?)\b", re.IGNORECASE)


def days_in(text: str) -> list[tuple[int, str]]:
    """(position, "MM-DD") of each day `text` names ("October 6", "6 Oct", "2023-10-06"), in order of position."""
    return sorted((position, iso[-5:]) for precision, position, iso, _ in _dates(text, None) if precision == 3)


def first_day(text: str) -> int | None:
    """Where `text` first names a day ("6 December", "Feb. 20", "Wednesday"), or None: a month or year alone is no day."""
    days = [m.start() for m in _FULL_DATE.finditer(text) if m.group("d1") or m.group("d2") or m.group("iso")]
    days += [m.start("day") for m in _WEEKDAY.finditer(text)]
    return min(days, default=None)


def _dates(text: str, base: date | None) -> list[tuple[int, int, str, str]]:
    """Every date expression in `text` as (precision 3 day / 2 relative day / 1 month / 0 year, position, ISO, as written)."""
    out: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _FULL_DATE.finditer(text):
        taken.append(match.span())
        if match.group("iso"):
            with contextlib.suppress(ValueError):
                out.append((3, match.start(), date.fromisoformat(match.group("iso")).isoformat(), match.group(0)))
            continue
        month_word = (match.group("m1") or match.group("m2") or match.group("m3")).lower().rstrip(".")
        month = _MONTHS.index(month_word) + 1 if month_word in _MONTHS else \
            _MONTH_ABBR.get(month_word[:4], _MONTH_ABBR.get(month_word[:3], 0))
        day_text = match.group("d1") or match.group("d2")
        year_text = match.group("y1") or match.group("y2") or match.group("y3")
        if not month or (day_text and int(day_text) > 31):
            continue
        year = int(year_text) if year_text else (base.year if base else 0)
        written = match.group(0).strip()
        if not year:  # no year anywhere: month and day still order the events of one story
            if day_text:
                out.append((3, match.start(), f"--{month:02d}-{int(day_text):02d}", written))
            continue
        try:
            when = date(year, month, int(day_text) if day_text else 1)
        except ValueError:
            continue
        if not year_text and base and when > base + timedelta(days=60) and not _FUTURE.search(text):
            # "December 30" in a January article is last year's; "5 October" in a piece of October 1, this year's
            # (a release date written ahead), and so is "will leave on December 1"
            when = when.replace(year=when.year - 1)
        elif not year_text and base and when < base - timedelta(days=2) and _FUTURE.search(text):
            when = when.replace(year=when.year + 1)  # "scheduled sentencing for Feb. 20" in a December article: next year's
        out.append((3, match.start(), when.isoformat(), written) if day_text else (1, match.start(), when.isoformat()[:7], written))
    if base:
        for match in _AGO.finditer(text):
            n = _COUNT_WORDS.get(match.group(1).lower(), int(match.group(1)) if match.group(1).isdigit() else 1)
            days = n * {"day": 1, "week": 7, "month": 30, "year": 365}[match.group(2).lower().rstrip("s")]
            out.append((2, match.start(), (base - timedelta(days=days)).isoformat(), match.group(0)))
        for match in _WEEKDAY.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            day = _WEEKDAYS.index(match.group("day").lower())
            back = (base.weekday() - day) % 7
            if re.match(r"\s*next\b", match.group(0), re.IGNORECASE):
                back = -((day - base.weekday()) % 7 or 7)
            elif _AHEAD.search(text[: match.start()]):  # "is scheduled to announce its results on Wednesday": the coming one
                back = -((day - base.weekday()) % 7)
            out.append((2, match.start(), (base - timedelta(days=back)).isoformat(), match.group("day")))
        for match in _RELATIVE_DAY.finditer(text):
            out.append((2, match.start(), (base - timedelta(days=_DAYS_BACK.get(match.group(1).lower(), 0))).isoformat(),
                        match.group(1)))
    for match in _YEAR.finditer(text):
        out.append((0, match.start(), match.group(1), match.group(1)))
    return out


# the day's clause speaks of what is to come, and no one said it since ("is scheduled to report on Wednesday"; not "will
# resign, he said on Monday")
_AHEAD = re.compile(r"(?:\b|['’])(?:will|ll|is due|are due|is set to|are set to|is scheduled to|are scheduled to|scheduled for|"
                    r"is expected to|are expected to|plans? to|is slated to|are slated to)\b"
                    r"(?:(?!\b(?:said|says|told|announced|added)\b)[^.;])*$", re.IGNORECASE)
_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "several": 3, "few": 3}
_AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+(days?|weeks?|months?|years?)\s+"
                  r"(?:ago|earlier|before|after)\b", re.IGNORECASE)  # "five weeks after she stepped down": five weeks back


def event_date(item: Scored) -> str:
    """The ISO date of what `item`'s sentence reports: a date it gives, else its article's date."""
    found = date_in(item.sentence.text, item.sentence.hit.published_at)
    if found and found[1]:
        return found[1]
    return item.sentence.hit.published_at[:10]


def _day(published: str) -> date | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published).date()
    except ValueError:
        return None


def plain_date(iso: str) -> str:
    """An ISO date as people write it: "October 13, 2025", "March 2026", "2023"; "" when it isn't one."""
    try:
        if len(iso) == 10:
            day = date.fromisoformat(iso)
            return f"{day.strftime('%B')} {day.day}, {day.year}"
        if len(iso) == 7:
            return f"{date.fromisoformat(iso + '-01').strftime('%B')} {iso[:4]}"
    except ValueError:
        return ""
    return iso if re.fullmatch(r"\d{4}", iso) else ""


def readable(written: str, iso: str) -> str:
    """The date for an answer's first words: as written, with the full date when it was relative ("Friday")."""
    if written == iso and len(iso) == 10:
        return plain_date(iso)
    if len(iso) == 10 and not re.search(r"\d{4}", written):
        day = date.fromisoformat(iso)
        return f"{day.strftime('%B')} {day.day}, {day.year}" + (f" ({written})" if not re.search(r"\d", written) else "")
    return written
