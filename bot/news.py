"""Read what a news question implies about where to look: outlets, dates, recency.

`Planner(index, settings)(query, filters, prefer)` returns a `Plan`:
- outlets named in the question that match indexed sources ("as reported by TechCrunch",
  "the 'Sporting News' article", "The Independent") become routes: retrieval runs once per
  outlet, each with the clause of the question that talks about it, and the lists are
  interleaved so every outlet the question names gets its best chunks near the top;
- dates ("on February 6", "in November 2023", "last week", "since October") become a
  published_at range that ranks matching articles first; "latest" / "most recent" prefers
  newer articles. Relative dates resolve against the reference date (today, a fixed
  NEWSBOT_REFERENCE_DATE, or the newest indexed article);
- outlets the question names that are *not* indexed are noted, so the answerer can say so;
- `describe()` says what was applied, for the UI: "outlets: TechCrunch; dates: 2023-10-01 to 2023-10-31".

Caller filters (the UI's date range and outlets) always apply on top, as hard filters.
Deliberately not here: running the searches (`retrieve.py`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from newsbot.settings import Settings
from newsbot.types import Filters

__all__ = ["Plan", "Route", "Planner", "plan_query", "outlet_aliases"]

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_ABBR = "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_DAY_DATE = re.compile(rf"\b(?:on\s+)?((?:{_MONTHS}|{_MONTH_ABBR})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?|"
                       rf"\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})\b", re.IGNORECASE)
_MONTH_DATE = re.compile(rf"\b(?:in|during|of|since|from|until|before|after|by)\s+(?:early\s+|late\s+|mid-?)?((?:{_MONTHS})(?:\s+\d{{4}})?)\b",
                         re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|during|of)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(today|yesterday|this week|last week|past week|this month|last month|past month|"
                       r"last (\d+) days|past (\d+) days|this year|last year)\b", re.IGNORECASE)
_LATEST = re.compile(r"\b(latest|most recent|newest|recently|current|lately|right now)\b", re.IGNORECASE)
_OUTLET_CUE = re.compile(r"(?:\b(?:according to|reported by|report(?:s|ed)? (?:from|by|in)|(?:article|piece|story|post|"
                         r"review|report|coverage|interview|op-ed|column|analysis|feature)s?\s+(?:from|by|in|on|published by)|"
                         r"(?:published|posted|featured|appeared|mentioned|covered|discussed|stated|noted) (?:in|on|by))\s+"
                         r"(?:an?\s+|the\s+)?(?:(?:article|piece|report)\s+(?:from|by|in)\s+)?['\"‘“]?"
                         r"(?P<after>(?:The\s+)?[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3}))"
                         r"|(?:\b(?:an?|the)\s+['\"‘“]?(?P<before>(?:The\s+)?[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})['\"’”]?\s+"
                         r"(?:article|piece|report|story|post|review|coverage|interview|op-ed|column|analysis|feature)s?\b)")
_NOT_OUTLETS = {"the", "a", "an", "this", "that", "what", "which", "who", "one", "another", "both", "each", "recent", "new",
                "latest", "same", "first", "second", "earlier", "later", "previous", "original", "other", "news", "its", "their"}


@dataclass(frozen=True)
class Route:
    """One search of a plan: an outlet (or every outlet) and the text to search for it."""

    text: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """What one question will search."""

    query: str
    search_text: str
    filters: Filters = field(default_factory=Filters)
    prefer: tuple[str, ...] = ()
    routes: tuple[Route, ...] = ()
    since: str | None = None
    until: str | None = None
    recent: bool = False
    unknown_outlets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        return "; ".join(self.notes)


def outlet_aliases(source: str) -> set[str]:
    """Names a question might use for an indexed source: 'The Independent - Sports' -> 'The Independent', 'Independent'."""
    names = {source}
    for sep in (" - ", " | ", ": "):
        if sep in source:
            names.add(source.split(sep)[0])
    for name in list(names):
        if name.lower().startswith("the ") and len(name) >= 9:  # "The Verge" -> "Verge", but not "The Age" -> "Age"
            names.add(name[4:])
        if re.search(r"\.(com|net|org|co\.uk)$", name, re.IGNORECASE):
            names.add(re.sub(r"\.(com|net|org|co\.uk)$", "", name, flags=re.IGNORECASE))
    return {n.strip() for n in names if len(n.strip()) >= 3}


class Planner:
    """Plans questions against the sources currently indexed."""

    def __init__(self, index: Any, settings: Settings) -> None:
        self.index = index
        self.settings = settings
        self._lock = threading.Lock()
        self._state: tuple[int, dict[str, tuple[str, ...]], date | None] = (-1, {}, None)

    def _sources(self) -> tuple[dict[str, tuple[str, ...]], date | None]:
        """alias (lower-case) -> sources it names; and the newest article's date."""
        generation = self.index.store.generation()
        if generation != self._state[0]:
            with self._lock:
                records = self.index.articles()
                aliases: dict[str, set[str]] = {}
                for source in {r.source for r in records if r.source}:
                    for alias in outlet_aliases(source):
                        aliases.setdefault(alias.lower(), set()).add(source)
                newest = max((r.published_at for r in records if r.published_at), default="")
                newest_day = datetime.fromisoformat(newest).date() if newest else None
                self._state = (generation, {a: tuple(sorted(s)) for a, s in aliases.items()}, newest_day)
        return self._state[1], self._state[2]

    def reference(self) -> date:
        if self.settings.reference_date:
            return self.settings.reference_date
        if self.settings.reference_newest:
            newest = self._sources()[1]
            if newest:
                return newest
        return datetime.now(UTC).date()

    def __call__(self, query: str, filters: Filters | None = None, prefer: tuple[str, ...] = ()) -> Plan:
        filters = filters or Filters()
        aliases, _ = self._sources()
        mentions = _find_outlets(query, aliases)
        unknown = _unknown_outlets(query, aliases)
        since, until, date_note = _dates(query, self.reference())
        recent = bool(_LATEST.search(query)) and not (since or until)
        routes: list[Route] = []
        if mentions and not filters.sources:
            clauses = _clauses(query, mentions)
            for sources, clause in clauses:
                routes.append(Route(text=clause, sources=sources))
        notes = []
        named = sorted({s for sources, _ in mentions for s in sources})
        if named and not filters.sources:
            notes.append("outlets: " + ", ".join(named))
        if filters.sources:
            notes.append("outlets: " + ", ".join(filters.sources))
        if date_note:
            notes.append(date_note)
        if filters.since or filters.until:
            notes.append(f"dates: {filters.since or '…'} to {filters.until or '…'}")
        if recent:
            notes.append("newest first")
        return Plan(query=query, search_text=query, filters=filters, prefer=prefer, routes=tuple(routes), since=since,
                    until=until, recent=recent, unknown_outlets=tuple(unknown), notes=tuple(notes))


def plan_query(query: str, filters: Filters, prefer: tuple[str, ...] = ()) -> Plan:
    """A plan that applies only the caller's filters (no outlet or date reading)."""
    return Plan(query=query, search_text=query, filters=filters, prefer=prefer)


def _find_outlets(query: str, aliases: dict[str, tuple[str, ...]]) -> list[tuple[tuple[str, ...], int]]:
    """(sources, position) for each indexed outlet named in the query, in order, longest alias first."""
    found: list[tuple[tuple[str, ...], int, int]] = []
    taken: list[range] = []
    for alias in sorted(aliases, key=len, reverse=True):
        for match in re.finditer(rf"(?<![\w']){re.escape(alias)}(?![\w])", query, re.IGNORECASE):
            if not query[match.start()].isupper():  # "in the age of AI" is not The Age
                continue
            if any(match.start() in r or match.end() - 1 in r for r in taken):
                continue
            taken.append(range(match.start(), match.end()))
            found.append((aliases[alias], match.start(), match.end()))
    found.sort(key=lambda f: f[1])
    return [(sources, start) for sources, start, _ in found]


def _unknown_outlets(query: str, aliases: dict[str, tuple[str, ...]]) -> list[str]:
    """Outlet-like names ('a Bloomberg article', 'reported by Al Jazeera') that match no indexed source."""
    unknown = []
    for match in _OUTLET_CUE.finditer(query):
        name = (match.group("after") or match.group("before") or "").strip(" '\"‘’“”.,")
        words = name.split()
        while words and words[-1].lower() in ("article", "articles", "report", "piece", "and", "about", "on", "in", "that"):
            words.pop()
        name = " ".join(words)
        if not name or name.lower() in _NOT_OUTLETS or name.split()[0].lower() in _NOT_OUTLETS - {"the"}:
            continue
        known = any(alias in name.lower() or name.lower() in alias for alias in aliases if len(alias) >= 3)
        if not known and name not in unknown:
            unknown.append(name)
    return unknown


def _clauses(query: str, mentions: list[tuple[tuple[str, ...], int]]) -> list[tuple[tuple[str, ...], str]]:
    """For each outlet, the part of the question about it (from the previous mention to the next)."""
    out: dict[tuple[str, ...], str] = {}
    bounds = [start for _, start in mentions] + [len(query)]
    for i, (sources, start) in enumerate(mentions):
        begin = bounds[i - 1] if i else 0
        clause = query[begin:bounds[i + 1]]
        out[sources] = (out.get(sources, "") + " " + clause).strip()
    return list(out.items())


def _dates(query: str, today: date) -> tuple[str | None, str | None, str]:
    """(since, until, note) from dates in the question; (None, None, '') when there are none."""
    import dateparser

    spans: list[tuple[date, date]] = []
    for match in _DAY_DATE.finditer(query):
        text = match.group(1)
        parsed = dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
                                                                     "PREFER_DATES_FROM": "past"})
        if parsed:
            day = parsed.date()
            spans.append((day - timedelta(days=1), day + timedelta(days=1)))
    if not spans:
        for match in _MONTH_DATE.finditer(query):
            parsed = dateparser.parse("1 " + match.group(1), languages=["en"],
                                      settings={"RELATIVE_BASE": datetime.combine(today, datetime.min.time()), "PREFER_DATES_FROM": "past"})
            if parsed:
                first = parsed.date().replace(day=1)
                last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                before = query[: match.start(1)]
                spans.append(_open_ended(before, first, last))
        for match in _YEAR.finditer(query):
            year = int(match.group(1))
            spans.append((date(year, 1, 1), date(year, 12, 31)))
    for match in _RELATIVE.finditer(query):
        spans.append(_relative(match, today))
    if not spans:
        return None, None, ""
    since = min(s for s, _ in spans)
    until = max(u for _, u in spans)
    since_text = None if since == date.min else since.isoformat()
    until_text = None if until == date.max else until.isoformat()
    return since_text, until_text, f"dates: {since_text or '…'} to {until_text or '…'}"


def _open_ended(before: str, first: date, last: date) -> tuple[date, date]:
    if re.search(r"\b(since|after|from)\s+(?:early\s+|late\s+|mid-?)?$", before, re.IGNORECASE):
        return first, date.max
    if re.search(r"\b(before|until|by)\s+(?:early\s+|late\s+|mid-?)?$", before, re.IGNORECASE):
        return date.min, last
    return first, last


def _relative(match: re.Match[str], today: date) -> tuple[date, date]:
    phrase = match.group(1).lower()
    days = int(match.group(2) or match.group(3) or 0)
    if phrase == "today":
        return today, today
    if phrase == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if "week" in phrase:
        return today - timedelta(days=7 if phrase != "this week" else today.weekday()), today
    if "month" in phrase:
        return (today - timedelta(days=31), today) if phrase != "this month" else (today.replace(day=1), today)
    if "days" in phrase:
        return today - timedelta(days=days), today
    if phrase == "this year":
        return date(today.year, 1, 1), today
    return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
