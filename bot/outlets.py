"""Outlets named in a question: which indexed sources they mean, and which aren't indexed at all.

`Outlets(sources)` is built from the sources actually in the index. A question may name one by
its full name ("BBC News - World"), its head ("BBC News"), its short forms ("BBC", "the
Guardian", "NYT" for "The New York Times", "CNBC" for "Cnbc | World Business News Leader"), in
any case when it is clearly used as an outlet ("what did the guardian say"). Matches are
whole words, and a lower-case common phrase is not an outlet: "on the verge of collapse" does
not name The Verge.

`Outlets.read(text)` returns the routes (each named outlet's indexed sources, in the order the
question names them) and the well-known outlets the question cites that are not indexed (from
`data/known_outlets.txt`, used for that notice only).

Deliberately not here: what a route does to retrieval (`retrieve.py`) or to the answer
(`decide.py`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.names import named_pattern

__all__ = ["Outlets", "OutletMentions", "aliases", "known_outlets"]

_KNOWN_FILE = Path(__file__).resolve().parent / "data" / "known_outlets.txt"
_SEPARATORS = (" - ", " | ", ": ", " — ")
_SMALL = {"the", "of", "and", "&", "for", "a", "on", "in"}
_OUTLET_NOUN = (r"article|articles|report|reports|reporting|piece|story|stories|post|review|coverage|interview|op-ed|"
                r"column|analysis|feature|journalist|journalists|reporter|reporters|writer|writers|editorial|headline|"
                r"podcast|correspondent|website|site|news")
_SPEECH = (r"say|says|said|saying|report|reports|reported|reporting|write|writes|wrote|claim|claims|claimed|cover|covers|"
           r"covered|mention|mentions|mentioned|suggest|suggests|suggested|note|notes|noted|state|states|stated|describe|"
           r"describes|described|publish|publishes|published|think|thinks|thought|argue|argues|argued")
_BEFORE_OUTLET = re.compile(r"(?:\bby|\bfrom|\bin|\bon|\bat|according\s+to|\bof|\bdid|\bdoes|\bdo|\bhas|\bhave|\bhad|\bwhat|\bmany|"
                            r"\bwhich|\bany|\bthe|"
                            r"\bhow|\bwould|\bwill|\bcan|\bcould|\band|\bor|\bboth|\bwhile|\bwhereas|\bbefore|\bafter|\bthan|\bbut|^)\s*(?:an?\s+|the\s+)?"
                            r"(?:article\s+(?:from|in|by)\s+|report\s+(?:from|in|by)\s+)?['\"‘“]?$", re.IGNORECASE)
_AFTER_OUTLET = re.compile(rf"^['\"’”]?(?:['’]s?)?\s*(?:(?:{_OUTLET_NOUN}|{_SPEECH})\b|[?.!,;:)]|$|and\b|or\b|vs\.?\b|versus\b|both\b|"
                           rf"each\b|also\b)",
                           re.IGNORECASE)


@dataclass(frozen=True)
class OutletMentions:
    """What a question says about outlets.

    `routes`: for each indexed outlet named, the indexed sources it stands for, in question order.
    `named`: the indexed sources named, flattened. `missing`: well-known outlets named that have
    no indexed articles. `spans`: where each outlet (indexed or not) is written in the text.
    """

    routes: tuple[tuple[str, ...], ...] = ()
    missing: tuple[str, ...] = ()
    spans: tuple[tuple[int, int], ...] = ()

    @property
    def named(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s for route in self.routes for s in route))


def aliases(source: str) -> set[str]:
    """The names a question may use for an indexed source, derived from the source's own name.

    'The Independent - Sports' -> 'The Independent - Sports', 'The Independent', 'Independent';
    'BBC News - World' -> ..., 'BBC News', 'BBC'; 'The New York Times' -> ..., 'NYT';
    'Cnbc | World Business News Leader' -> 'Cnbc', 'CNBC'; 'Yardbarker.com' -> 'Yardbarker'; 'Business Line' -> 'BusinessLine'.
    """
    names = {source.strip()}
    head = source
    for sep in _SEPARATORS:
        head = head.split(sep)[0]
    names.add(head.strip())
    head = re.sub(r"\.(com|net|org|co\.uk|io)$", "", head.strip(), flags=re.IGNORECASE)
    names.add(head)
    bare = head[4:] if head.lower().startswith("the ") else head
    if bare != head and len(head) >= 9:  # "The Verge" -> "Verge", but not "The Age" -> "Age"
        names.add(bare)
    words = bare.split()
    capitals = [w for w in words if w.lower() not in _SMALL]
    if len(capitals) >= 2 and all(w[0].isupper() for w in capitals):
        names.add("".join(w[0] for w in capitals))  # "New York Times" -> "NYT"
    if len(words) >= 2 and words[0].isupper() and len(words[0]) >= 2:
        names.add(words[0])  # "BBC News" -> "BBC"
    if 2 <= len(words) <= 3 and all(w[0].isupper() for w in words):
        names.add("".join(words))  # "Business Line" -> "BusinessLine", as the outlet writes itself
    if len(words) == 1 and len(bare) <= 5 and not bare.isupper():
        names.add(bare.upper())  # "Cnbc" -> "CNBC"
    return {n for n in names if len(n) >= 2}


@lru_cache(maxsize=1)
def known_outlets() -> tuple[tuple[str, ...], ...]:
    """Well-known outlets, each as (name, other names...), from data/known_outlets.txt."""
    rows = []
    for line in _KNOWN_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append(tuple(part.strip() for part in line.split("|") if part.strip()))
    return tuple(rows)


class Outlets:
    """The outlets of one index, for reading questions. Build once per index version."""

    def __init__(self, sources: Iterable[str]) -> None:
        table: dict[str, set[str]] = {}
        for source in {s for s in sources if s}:
            for alias in aliases(source):
                table.setdefault(alias, set()).add(source)
        self._aliases = {alias: tuple(sorted(found)) for alias, found in table.items()}
        self._lower = {alias.lower() for alias in self._aliases}

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({s for found in self._aliases.values() for s in found}))

    def names(self, word: str) -> bool:
        """`word` (any case, "'s" or not) is a name of one of the outlets ("businessline's")."""
        return re.sub(r"['’]s$", "", word.lower()) in self._lower

    def read(self, text: str) -> OutletMentions:
        """The indexed outlets `text` names (as routes) and the unindexed well-known ones it cites."""
        found = self._indexed(text)
        taken = [(a, b) for a, b, _ in found]
        missing: list[str] = []
        spans = list(taken)
        for name, start, end in self._known(text):
            if any(start < b and end > a for a, b in spans):
                continue
            spans.append((start, end))
            if name not in missing:
                missing.append(name)
        routes = tuple(dict.fromkeys(sources for _, _, sources in sorted(found)))
        return OutletMentions(routes=routes, missing=tuple(missing), spans=tuple(sorted(spans)))

    def named_in(self, text: str, among: Iterable[str]) -> list[str]:
        """The sources of `among` that `text` names, in the order given (each once)."""
        named = {s for _, _, sources in self._indexed(text) for s in sources}
        return [s for s in dict.fromkeys(among) if s in named]

    def _indexed(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        lowered = text.lower()
        found: list[tuple[int, int, tuple[str, ...]]] = []
        for alias in sorted((a for a in self._aliases if a.lower() in lowered), key=len, reverse=True):
            for start, end in _matches(text, alias):
                if any(start < b and end > a for a, b, _ in found):
                    continue
                found.append((start, end, self._aliases[alias]))
        return found

    def _known(self, text: str) -> list[tuple[str, int, int]]:
        """Well-known outlets cited as sources in `text` that no indexed source accounts for, longest name first."""
        lowered = text.lower()
        hits: list[tuple[int, int, str]] = []
        for row in known_outlets():
            if any(name.lower() in self._lower for name in row):
                continue  # indexed under one of its names
            for name in row:
                if name.lower() not in lowered:
                    continue
                hits += [(start, end, row[0]) for start, end in _matches(text, name)
                         if _cited(text, start, end) or (" " in name and text[start:end][:1].isupper()
                                                         and (_BEFORE_OUTLET.search(text[max(0, start - 40):start])
                                                              or _AFTER_OUTLET.match(text[end:end + 40])))]
        out: list[tuple[str, int, int]] = []
        for start, end, name in sorted(hits, key=lambda h: h[0] - h[1]):
            if not any(start < b and end > a for _, a, b in out):
                out.append((name, start, end))
        return sorted(out, key=lambda h: h[1])


def _matches(text: str, alias: str) -> list[tuple[int, int]]:
    """Where `alias` is written in `text` as an outlet's name (whole words; see the module docstring)."""
    acronym = alias.isupper() and " " not in alias and len(alias) <= 5
    out = []
    for m in named_pattern(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", re.IGNORECASE).finditer(text):
        written = m.group(0)
        if acronym and written != alias:
            if _cited(text, m.start(), m.end()):
                out.append((m.start(), m.end()))  # "how many bbc articles": an acronym in lower case, used as an outlet
            continue
        if acronym or written[0].isupper() or not alias[0].isalpha():
            if not acronym and written[0].isupper() and not any(c.isupper() for c in written[1:]) and " " not in alias \
                    and m.start() == _first_word(text) and not _cited(text, m.start(), m.end()):
                continue  # a capitalised first word ("Fortune favours ...") is only an outlet when cited as one
            out.append((m.start(), m.end()))
        elif _cited(text, m.start(), m.end()) and not text[m.end():].lstrip().lower().startswith("of "):
            out.append((m.start(), m.end()))  # "what did the guardian say" (lower case, used as an outlet)
    return out


def _first_word(text: str) -> int:
    return len(text) - len(text.lstrip(" \"“‘'("))


def _cited(text: str, start: int, end: int) -> bool:
    """The name is used as a source: 'by/from/in/according to X', 'did X say', 'X article/report', 'X and Y'."""
    before, after = text[max(0, start - 40):start], text[end:end + 40]
    return bool(_BEFORE_OUTLET.search(before)) and bool(_AFTER_OUTLET.match(after))
