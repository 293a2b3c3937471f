"""The parts of a yes/no question in several parts: its claims, the outlets and days each names, and the sides an
agreement question compares.

- `claims_of(question)`: "Did A report X while B said Y?" -> [Part("X", sources of A), Part("Y", sources of B)];
  clauses drawing a conclusion (", indicating ...", ", without mentioning ...") are not claims; "the same
  publication" is the previous part's outlet; a day ("published on October 6", "2023-10-06") ties a part to it.
- `sides_of(question)`: the outlets (and days) an agreement question compares, in the order named ("the TechCrunch
  report on Oct 6 and the one on Oct 7" is two sides of one outlet); `topic_of(question)` what it compares.
- `asks_relation` / `asks_same`: whether it asks about agreement or change, and which way round.
- `split_order(text)` / `event_sides(question)`: "A before B" -> ["A", "B"]; the two events a "was A before B?" question
  dates (each searched on its own: one search for the whole question may find only one of them).

English questions, read with rules a reader can check. Deliberately not here: checking the parts against the
evidence (`support.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.dating import days_in
from bot.outlets import aliases
from bot.stance import strip_framing
from newsbot.types import Question

__all__ = ["Part", "claims_of", "event_sides", "part_of", "sides_of", "topic_of", "asks_relation", "asks_same", "near_day",
           "split_order"]


@dataclass(frozen=True)
class Part:
    """One part of the question: its claim (or topic), the outlet phrase, the indexed sources and day (MM-DD) it names;
    `topical` when it asks only what the article is about ("B discusses X"), not what it asserts."""

    text: str
    outlet: str
    sources: frozenset[str]
    day: str = ""
    topical: bool = False


_AGREE = re.compile(r"\b(?:consistent|consistency|consistently|agree|agreed|agrees|agreement|align|aligned|aligns|alignment|"
                    r"same|similar|similarly|in line|match|matched|matches|concur|concurred|corroborate\w*)\b", re.IGNORECASE)
_DIFFER = re.compile(r"\b(?:inconsistent|inconsistency|inconsistencies|disagree|disagreed|disagrees|disagreement|contradict\w*|"
                     r"conflict\w*|differ|differed|differs|different|difference|change|changed|changes|shift|shifted|"
                     r"diverge\w*)\b", re.IGNORECASE)
_NO_CHANGE = re.compile(r"\bno\s+(?:change|shift|difference|disagreement|inconsistency|contradiction|conflict)\b|"
                        r"\b(?:not|n['’]t)\s+(?:change|changed|shift|differ|contradict|conflict|disagree)\b", re.IGNORECASE)
_CONSEQUENCE = re.compile(r",?\s+(?:without (?:mentioning|specifying|discussing|addressing|noting|referring|naming|saying)|"
                          r"indicating|suggesting|implying|showing|highlighting|reflecting|signifying|demonstrating|"
                          r"with both|or do (?:both|they|the)|or are|or is|or did)\b.*$", re.IGNORECASE)
_LINKS = re.compile(r",?\s+(?:align(?:s|ed)? with|(?:is|are|was|were)?\s*consistent with|in line with|(?:in a )?similar (?:way )?to how|"
                    r"similar to|the same way|just as|compared (?:to|with)|as well as|and (?:that|also)|and does|and did|and do|"
                    r"and is|and was)\s+", re.IGNORECASE)
_SAME_SOURCE = re.compile(r"\b(?:same|that|this|second|other|another|latter|earlier|later|subsequent|following)\s+"
                          r"(?:publication|source|outlet|article|report|piece|story|news source)\b", re.IGNORECASE)
_RELATION_WORDS = re.compile(r"\b(?:was|were|is|are|there|any|a|an|the|in|of|between|portrayal|reporting|narrative|perspective|"
                             r"coverage|depiction|report|reports|articles?|both|regarding|concerning|about|on|how)\b", re.IGNORECASE)


_ORDER_WORDS = re.compile(r"\s+(?:before|after|earlier than|later than|prior to|ahead of|following)\s+")


def split_order(text: str) -> list[str]:
    """ "A before B" -> ["A", "B"]; [text] when it relates no two events in time."""
    return _ORDER_WORDS.split(text, maxsplit=1)


def event_sides(question: Question) -> list[str]:
    """The two sides a question sets against each other, each to be searched on its own: the events a yes/no question
    orders in time ("was Altman fired after OpenAI held its first DevDay?" -> ["Altman fired", "OpenAI held its first
    DevDay"]), or a choice's two options, each in the question without the other ("which came first, the usmnt loss
    to germany or canada's win in jamaica"); [] for any other question, and for one about outlets' reports, whose
    sides are searched per outlet already."""
    if question.routes:
        return []
    if question.kind == "choice" and len(question.options) == 2:
        lower = question.query.lower()
        first, second = (lower.find(option.lower()) for option in question.options)
        if first < 0 or second <= first:
            return []
        end = second + len(question.options[1])  # "A or B" in the question, each side put in its place
        return [question.query[:first] + option + question.query[end:] for option in question.options]
    if question.kind != "yesno" or question.relation not in ("before", "after") or len(question.claims) != 1:
        return []
    sides = split_order(strip_framing(question.claims[0].text)[0])
    return sides if len(sides) == 2 and all(len(side.split()) >= 2 for side in sides) else []


_TOPICAL = re.compile(r"\b(?:discuss|discusses|discussed|focus|focuses|focused|mention|mentions|mentioned|cover|covers|covered|"
                      r"address|addresses|addressed|talk|talks|talked|write|writes|wrote|report on|reports on|reported on|"
                      r"raise|raises|raised concerns)\b", re.IGNORECASE)


def claims_of(question: Question) -> list[Part]:
    """The claims of a yes/no question, each with the outlet and day it names."""
    texts = [part for claim in question.claims for part in _LINKS.split(_CONSEQUENCE.sub("", claim.text)) if part.strip()]
    sides: list[Part] = []
    for text in texts:
        side = part_of(text, question, sides[-1] if sides else None)
        if len(side.text.split()) >= 3:
            sides.append(side)
    return sides


def part_of(text: str, question: Question, previous: Part | None = None) -> Part:
    """One clause of the question as a claim tied to the outlet and day it names (or the previous part's outlet for
    "the same source")."""
    claim, outlet = strip_framing(text)
    named = _named_routes(text, question)
    sources = _sources(outlet, question) or frozenset(s for route in named for s in route)
    if len(named) == 1 and claim == text:  # "the Fortune article alleges he ...": the outlet's words out of the claim
        claim = _without_outlet(text, named[0])
    if not sources and previous is not None and _SAME_SOURCE.search(outlet or text[:50]):
        sources = previous.sources
    if not sources and len(question.routes) == 1 and (outlet or _SAME_SOURCE.search(text[:50])):
        sources = frozenset(question.routes[0])
    topical = bool(_TOPICAL.search(text[: max(0, len(text) - len(claim))] or text[:60]))
    return Part(claim, outlet, sources, _day_in(outlet or text), topical)


def asks_same(question: Question) -> bool:
    """Whether the question asks if the sides agree ("consistent?", "was there no change?") rather than if they differ
    ("was there a change?", "inconsistent?"): the first such word of the clause it asks in."""
    asked = question.claims[0].text if question.claims else question.query
    agree, differ = _AGREE.search(asked), _DIFFER.search(asked)
    if differ and (agree is None or differ.start() < agree.start()):
        return bool(_NO_CHANGE.search(asked))
    return agree is not None or not _DIFFER.search(question.query) or bool(_NO_CHANGE.search(question.query))


def asks_relation(query: str) -> bool:
    return bool(_AGREE.search(query) or _DIFFER.search(query))


def _sources(outlet: str, question: Question) -> frozenset[str]:
    """The indexed sources an outlet phrase names ("the Fortune article" -> {"Fortune"})."""
    wanted = outlet.lower().strip(" '\"‘’“”")
    if not wanted:
        return frozenset()
    found = set()
    for route in question.routes:
        for source in route:
            names = {a.lower() for a in aliases(source)} | {source.lower()}
            if any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", wanted) for n in names if len(n) >= 3):
                found.add(source)
    return frozenset(found)


def _named_routes(text: str, question: Question) -> list[tuple[str, ...]]:
    """The question's routes (indexed outlets) that `text` names."""
    return [route for route in question.routes if any(_named_at(a, text) for s in route for a in aliases(s) | {s})]


def _named_at(alias: str, text: str) -> list[int]:
    """Where `text` names an outlet by `alias`: as a whole word in any case, or, for a two-letter alias ("AP"), only
    written in capitals (not the "ap" of a word)."""
    if len(alias) >= 3:
        return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text, re.IGNORECASE)]
    if len(alias) == 2 and alias.isupper():
        return [m.start() for m in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", text)]
    return []


def _without_outlet(text: str, route: tuple[str, ...]) -> str:
    """ `text` from after "<outlet> article <verb>" on: "the Fortune article alleges he used a proxy" -> "he used a proxy"."""
    names = sorted((a for s in route for a in aliases(s) | {s} if len(a) >= 3), key=len, reverse=True)
    pattern = "|".join(re.escape(n) for n in names)
    match = re.search(rf"(?:{pattern})['’]?s?\s+(?:\w+\s+){{0,8}}?(?:article|articles|report|reports|piece|story|coverage|"
                      rf"reporting)?\s*(?:\w+\s+){{0,2}}?\w+(?:s|ed)\s+(?:that\s+)?", text, re.IGNORECASE)
    rest = text[match.end():] if match else re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return " ".join(rest.split()) if len(rest.split()) >= 3 else text


def sides_of(question: Question) -> list[Part]:
    """The sides an agreement question compares, in the order it names them: each outlet it names, each with the
    day named after it; a second day for the same outlet is another side ("the Oct 6 report and the one on Oct 7")."""
    query = question.query
    marks: list[tuple[int, str, object]] = []
    for route in question.routes:
        spots = [spot for source in route for a in aliases(source) | {source} for spot in _named_at(a, query)]
        for spot in sorted(set(spots)):
            marks.append((spot, "outlet", frozenset(route)))
    for position, day in days_in(query):
        marks.append((position, "day", day))
    sides: list[Part] = []
    for _, what, value in sorted(marks, key=lambda m: m[0]):
        if what == "outlet":
            assert isinstance(value, frozenset)
            if sides and sides[-1].sources == value and not sides[-1].day:
                continue  # the same outlet named again before any day
            sides.append(Part("", "", value))
        elif isinstance(value, str) and value:
            if sides and not sides[-1].day:
                sides[-1] = Part("", "", sides[-1].sources, value)
            elif sides:
                sides.append(Part("", "", sides[-1].sources, value))
    distinct = list(dict.fromkeys((s.sources, s.day) for s in sides))
    return [Part("", "", sources, day) for sources, day in distinct]


def topic_of(question: Question) -> str:
    """What an agreement question compares, without the words that ask about agreeing ("the portrayal of ...")."""
    text = question.claims[0].text if question.claims else question.query
    text = _AGREE.sub(" ", _DIFFER.sub(" ", _NO_CHANGE.sub(" ", text)))
    text = _RELATION_WORDS.sub(" ", text)
    return " ".join(text.split()) or question.query


def _day_in(text: str) -> str:
    """ "10-06" for the first day `text` names ("October 6", "6 Oct"), or ""."""
    return next((day for _, day in days_in(text)), "")


def near_day(published: str, day: str) -> bool:
    """Published on `day` ("MM-DD") or the day after (a report dated the evening before goes out the next day)."""
    if len(published) < 10:
        return False
    month, date = published[5:7], int(published[8:10])
    want_month, want_day = day.split("-")
    return month == want_month and date - int(want_day) in (0, 1)
