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
_MONTH_DATE = re.compile(rf"\b(?:in|during|of|since|from|until|before|after|by)\s+(?:early\s+|late\s+|mid-?)?"
                         rf"((?:{_MONTHS})(?:\s+\d{{4}})?)\b",
                         re.IGNORECASE)
_YEAR = re.compile(r"\b(?:in|during|of)\s+((?:19|20)\d{2})\b", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(today|yesterday|this week|last week|past week|this month|last month|past month|"
                       r"last (\d+) days|past (\d+) days|this year|last year)\b(?!['’]s)", re.IGNORECASE)  # not "last week's game"
_LATEST = re.compile(r"\b(latest|most recent|newest|right now)\b", re.IGNORECASE)
# Well-known outlets, so a question citing one that isn't indexed gets an honest "not indexed".
KNOWN_OUTLETS = (
    "ABC News", "Al Jazeera", "AP News", "Associated Press", "Axios", "Ars Technica", "BBC", "BBC News", "Billboard",
    "Bloomberg", "Business Insider", "BuzzFeed", "CBS News", "Channel 4", "Chicago Tribune", "CNBC", "CNET", "CNN",
    "Daily Mail", "Deadline", "Der Spiegel", "Deutsche Welle", "ESPN", "Financial Times", "Forbes", "Fox News",
    "France 24", "Gizmodo", "GQ", "Haaretz", "HuffPost", "Le Monde", "Los Angeles Times", "Mashable", "Motherboard",
    "MSNBC", "National Geographic", "NBC News", "New Scientist", "New York Post", "Newsweek", "NPR",
    "Politico", "ProPublica", "Quartz", "Reuters", "Rolling Stone", "Sky News", "Slate", "Teen Vogue", "The Atlantic",
    "The Economist", "The Financial Times", "The Globe and Mail", "The Guardian", "The Hill", "The Hindu",
    "The Hollywood Reporter", "The Independent", "The Intercept", "The New York Times", "The New Yorker", "The Telegraph",
    "The Verge", "The Wall Street Journal", "The Washington Post", "Times of India", "TMZ", "USA Today",
    "Variety", "Vogue", "Vox", "Wired", "Yahoo News", "ZDNet", "TechCrunch", "Engadget", "Fortune", "Polygon",
    "The Age", "The Sydney Morning Herald", "Sky Sports", "Sporting News", "New York Times", "Wall Street Journal",
    "Washington Post", "BBC Sport", "The Athletic", "Kotaku", "IGN", "PC Gamer", "The Information", "Semafor", "Bild",
    "El País", "Nikkei", "South China Morning Post", "Straits Times", "The Conversation", "Marketwatch", "Barron's",
)
_OUTLET_CONTEXT = r"(?:article|report|piece|story|post|review|coverage|interview|op-ed|column|analysis|feature|journalist|reporter)"

@dataclass(frozen=True)
class Route:
    """One search of a plan: the sources an outlet name in the question stands for."""

    sources: tuple[str, ...]


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
        self._state: tuple[str, dict[str, tuple[str, ...]], date | None] = ("", {}, None)

    def _sources(self) -> tuple[dict[str, tuple[str, ...]], date | None]:
        """alias (lower-case) -> sources it names; and the newest article's date."""
        version = self.index.store.sync()
        if version != self._state[0]:
            with self._lock:
                records = self.index.articles()
                aliases: dict[str, set[str]] = {}
                for source in {r.source for r in records if r.source}:
                    for alias in outlet_aliases(source):
                        aliases.setdefault(alias.lower(), set()).add(source)
                newest = max((r.published_at for r in records if r.published_at), default="")
                newest_day = datetime.fromisoformat(newest).date() if newest else None
                self._state = (version, {a: tuple(sorted(s)) for a, s in aliases.items()}, newest_day)
        return self._state[1], self._state[2]

    def reference(self, newest: date | None = None) -> date:
        """The date relative dates count from: the configured one, the newest article's ("newest"), or today."""
        if self.settings.reference_date:
            return self.settings.reference_date
        if self.settings.reference_newest:
            newest = newest or self._sources()[1]
            if newest:
                return newest
        return datetime.now(UTC).date()

    def __call__(self, query: str, filters: Filters | None = None, prefer: tuple[str, ...] = ()) -> Plan:
        filters = filters or Filters()
        aliases, newest = self._sources()  # one version check per question
        mentions = _find_outlets(query, aliases)
        unknown = _unknown_outlets(query, aliases)
        today = self.reference(newest)
        since, until, date_note = _dates(query, today, anchor=min(today, newest) if newest else today)
        recent = bool(_LATEST.search(query)) and not (since or until)
        routes = [] if filters.sources else [Route(sources) for sources in dict.fromkeys(s for s, _ in mentions)]
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
    lowered = query.lower()
    for alias in sorted((a for a in aliases if a in lowered), key=len, reverse=True):  # substring first: cheap
        for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", query, re.IGNORECASE):
            if not query[match.start()].isupper():  # "in the age of AI" is not The Age
                continue
            if any(match.start() in r or match.end() - 1 in r for r in taken):
                continue
            taken.append(range(match.start(), match.end()))
            found.append((aliases[alias], match.start(), match.end()))
    found.sort(key=lambda f: f[1])
    return [(sources, start) for sources, start, _ in found]


def _unknown_outlets(query: str, aliases: dict[str, tuple[str, ...]]) -> list[str]:
    """Well-known outlets the question cites ("a Bloomberg article", "reported by Reuters") that aren't indexed.

    Longer names win over names inside them ("The New York Times" is not "The Times").
    """
    candidates: list[tuple[int, int, str | None]] = []
    lowered = query.lower()  # a name that isn't a substring can't match: skips the regex for almost all
    for outlet in KNOWN_OUTLETS:
        for name in {outlet, outlet.removeprefix("The ")}:
            if name not in query:
                continue
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", query):
                candidates.append((match.start(), match.end(), outlet))
    for alias in (a for a in aliases if a in lowered):
        for match in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", query, re.IGNORECASE):
            candidates.append((match.start(), match.end(), None))
    taken: list[tuple[int, int]] = []
    unknown: list[str] = []
    for start, end, named in sorted(candidates, key=lambda c: c[0] - c[1]):
        if any(start < b and end > a for a, b in taken):
            continue
        taken.append((start, end))
        if named is None or _indexed(named, aliases) or not _cited_as_outlet(query, start, end):
            continue
        if named not in unknown:
            unknown.append(named)
    return unknown


def _indexed(outlet: str, aliases: dict[str, tuple[str, ...]]) -> bool:
    return outlet.lower() in aliases or outlet.removeprefix("The ").lower() in aliases


def _cited_as_outlet(query: str, start: int, end: int) -> bool:
    """The name is used as a source: 'by/from/in/according to X' or 'X article/report'."""
    before, after = query[max(0, start - 40):start].lower(), query[end:end + 30].lower()
    return bool(re.search(r"(\bby|\bfrom|\bin|\bon|according to|\bof)\s+(an?\s+|the\s+)?(article\s+(from|in|by)\s+)?['\"‘“]?$", before)
                or re.match(rf"['\"’”]?s?\s+{_OUTLET_CONTEXT}", after))


def _dates(query: str, today: date, anchor: date | None = None) -> tuple[str | None, str | None, str]:
    """(since, until, note) from dates in the question; (None, None, '') when there are none.

    Relative expressions ("last week") count back from `today`; a month or day given without a
    year ("in November", "on February 6") is the latest one on or before `anchor` (the newest
    indexed article, when older than today), so an archive's "November" is its own.
    """
    import dateparser

    base = datetime.combine(anchor or today, datetime.min.time())

    spans: list[tuple[date, date]] = []
    for match in _DAY_DATE.finditer(query):
        text = match.group(1)
        parsed = dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
        if parsed:
            day = parsed.date()
            spans.append(_open_ended(query[: match.start(1)], day - timedelta(days=1), day + timedelta(days=1)))
    if not spans:
        for match in _MONTH_DATE.finditer(query):
            parsed = dateparser.parse("1 " + match.group(1), languages=["en"],
                                      settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"})
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
    """A date's range, opened on one side when the question says since/after or before/until it."""
    if re.search(r"\b(since|after|from)\s+(?:early\s+|late\s+|mid-?|on\s+)?$", before, re.IGNORECASE):
        return first, date.max
    if re.search(r"\b(before|until|by|prior to)\s+(?:early\s+|late\s+|mid-?|on\s+)?$", before, re.IGNORECASE):
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
