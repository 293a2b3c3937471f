"""Support checks for yes/no questions in several parts, each part tied to the outlet (and date) it names.

`Support(scorer).check(question, candidates)` returns a `compose.Decision`, or None when the
question is not of these shapes or the evidence can't decide it (the caller then falls back to
`verdicts.py`):

- **claims** ("Did A report X while B said Y?", "did A and B both say X?"): each claim is
  checked against the sentences of the articles of the outlet (and date) it names: the best
  one by embedding similarity plus the claim's weighted content words. "Yes" when every claim
  has a sentence that carries it with the claim's polarity; "No" when the best evidence of the
  named source says the opposite (one of the two negates it: "do not offer" against "offer",
  "irresponsibly" against "responsible") or when that source's articles hold nothing close to
  the claim (said which).
- **agreement** ("Was A's report consistent with B's?", "was there a change in ...?", "do both
  agree ...?"): the topic checked on each side; both sides carrying it with the same polarity
  is one portrayal (agreement, no change), opposite polarity a change.
- **order** ("Did A report X before B discussed Y?"): the publication dates of the articles that
  best match each side.

Deliberately not here: judging a single-claim question (`verdicts.py`, `stance.py`), wording
(`compose.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.compose import Decision
from bot.evidence import Scored, Scorer, Sentence
from bot.names import names_in
from bot.outlets import aliases
from bot.stance import FAMILIES, OPPOSITES, Claims, strip_framing
from index.keyword import terms
from newsbot.types import Filters, Hit, Question

Archive = Callable[[Sequence[str], Filters], list[Hit]]

__all__ = ["Support", "Tuning", "polarity"]


@dataclass(frozen=True)
class Tuning:
    """Thresholds (measured: docs/BENCHMARKS.md; checked on bench/questions, not fitted to MultiHop-RAG)."""

    # A sentence carries a claim when it is as close as a paraphrase usually is (MiniLM cosine 0.5)
    # or holds half of the claim's weighted content words.
    carries_similarity: float = 0.40
    carries_overlap: float = 0.50
    # Nothing close: below a topical match's cosine (0.3) and with under a quarter of its words.
    absent_similarity: float = 0.30
    absent_overlap: float = 0.25
    close: float = 0.10  # sentences within this of the best one are evidence as good
    clearly: float = 0.50  # ... unless the best is clearly on the claim's point (a paraphrase's cosine)
    shortlist: int = 8
    fetched: int = 6  # articles of a named outlet fetched when retrieval brought none


@dataclass(frozen=True)
class _Side:
    """One part of the question: its claim (or topic), the sources and day it names, and its best evidence;
    `topical` when it asks only what the article is about ("B discusses X"), not what it asserts."""

    text: str
    outlet: str
    sources: frozenset[str]
    day: str = ""
    topical: bool = False


@dataclass(frozen=True)
class _Backing:
    side: _Side
    best: Scored | None
    carried: bool  # a sentence about as good as the best carries it with the claim's polarity
    opposed: bool  # the best evidence says the opposite
    absent: bool  # the source's articles hold nothing close


_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|without|none|cannot|lack|lacks|lacked|lacking|exclude|excludes|excluded|"
                       r"fail to|fails to|failed to|other than|rather than|instead of|no longer|absence of|unlikely)\b|n['’]t\b",
                       re.IGNORECASE)
_PREFIXED = re.compile(r"\b(?:un|in|ir|il|im|dis|non)-?([a-z]{5,})\b", re.IGNORECASE)
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
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY = re.compile(r"\b20\d\d-(\d\d)-(\d\d)\b|"
                  r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b|"
                  r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b",
                  re.IGNORECASE)
_RELATION_WORDS = re.compile(r"\b(?:was|were|is|are|there|any|a|an|the|in|of|between|portrayal|reporting|narrative|perspective|"
                             r"coverage|depiction|report|reports|articles?|both|regarding|concerning|about|on|how)\b", re.IGNORECASE)


def polarity(text: str) -> bool:
    """Whether `text` says a negation ("not", "never", "failed to"; "not just" is no negation)."""
    return any(not re.match(r"\s+(?:just|only|merely|simply|least)\b", text[m.end():]) for m in _NEGATION.finditer(text))


class Support:
    """Checks each part of a multi-part yes/no question against the evidence of the source it names."""

    def __init__(self, scorer: Scorer, archive: Archive | None = None, tuning: Tuning | None = None,
                 claims: Claims | None = None) -> None:
        """`archive(words, filters)` finds articles with all of `words` beyond the retrieved ones: the evidence of a
        named outlet that retrieval left out."""
        self.scorer = scorer
        self.archive = archive
        self.tuning = tuning or Tuning()
        self.claims = claims

    def check(self, question: Question, candidates: Sequence[Sentence]) -> Decision | None:
        """The verdict for a question in several parts, or None (see the module docstring)."""
        if question.kind != "yesno" or not candidates:
            return None
        relation = _asks_relation(question.query)
        claims = self._claims(question)
        if len(claims) == 1 and not claims[0].sources and len(question.routes) >= 2 and not relation:
            # "did the guardian and the bbc both say kenwright died?": the one claim, checked on each outlet
            claims = [_Side(claims[0].text, "", frozenset(route), claims[0].day) for route in question.routes]
        if len(claims) >= 2 and sum(1 for c in claims if c.sources) >= 2:
            return self._claims_hold(question, claims, candidates)
        if relation and len(_sides(question)) >= 2:  # "after A's report, was B's consistent?": the order names the sides
            agreed = self._agreement(question, candidates)
            if agreed is not None or not question.relation:
                return agreed
        if question.relation in ("before", "after"):
            return self._order(question, candidates)
        if claims and any(c.sources for c in claims):
            return self._claims_hold(question, claims, candidates)
        return None

    # -- the shapes --------------------------------------------------------------------------

    def _claims_hold(self, question: Question, claims: list[_Side], candidates: Sequence[Sentence]) -> Decision | None:
        backings = [self._back(side, side.text, candidates, question) for side in claims]
        if any(b.best is None for b in backings):
            return None
        opposed = [b for b in backings if b.opposed]
        if opposed:
            b = opposed[0]
            return self._no(question, backings, b, f"{_source_of(b)} says otherwise")
        absent = [b for b in backings if b.absent and b.side.sources]
        if absent:
            b = absent[0]
            return self._no(question, backings, b, f"{_source_of(b)} doesn't say that; the nearest it comes")
        if all(b.carried for b in backings):
            return Decision(kind="yesno", verdict="yes", lead="Yes.", evidence=_distinct([b.best for b in backings]))
        return None

    def _agreement(self, question: Question, candidates: Sequence[Sentence]) -> Decision | None:
        sides = _sides(question)
        if len(sides) < 2:
            return None
        topic = _topic(question)
        backings = [self._back(side, topic, candidates, question) for side in sides[:2]]
        if any(b.best is None or b.absent for b in backings):
            return None
        first, second = backings
        assert first.best is not None and second.best is not None
        if first.best.sentence.hit.article_id == second.best.sentence.hit.article_id:
            return None  # the same article on both sides compares nothing
        same = first.carried and second.carried and \
            _negates(first.best.sentence.text, topic) == _negates(second.best.sentence.text, topic)
        if not same and not (first.carried or second.carried):
            return None
        asks_same = _asks_same(question)
        yes = same == asks_same
        evidence = [first.best, second.best]
        return Decision(kind="yesno", verdict="yes" if yes else "no", lead="Yes." if yes else "No.", evidence=evidence)

    def _order(self, question: Question, candidates: Sequence[Sentence]) -> Decision | None:
        """ "Did A report X before B discussed Y?": the days of the articles that best match each side."""
        body = question.claims[0].text if len(question.claims) == 1 else question.query
        parts = re.split(r"\s+(?:before|after|earlier than|later than|prior to|ahead of|following)\s+", body, maxsplit=1)
        if len(parts) != 2:
            return None
        first, second = (self._side(part, question) for part in parts)
        if not (first.sources or second.sources):
            return None  # events, not reports: their own dates decide (`verdicts.py`)
        if not second.sources and first.sources and re.match(r"(?:it|they)\b", second.text):  # "... before it reported Y"
            second = _Side(second.text, second.outlet, first.sources, second.day)
        backings = [self._back(side, side.text, candidates, question) for side in (first, second)]
        if any(b.best is None or b.absent for b in backings):
            return None
        a, b = (x.best.sentence.hit.published_at[:10] for x in backings if x.best is not None)
        if not a or not b or a == b:
            return None
        before = a < b
        yes = before if question.relation == "before" else not before
        if _NEGATED_REPORT.search(parts[0]):  # "did A fail to report X before B ...?"
            yes = not yes
        return Decision(kind="yesno", verdict="yes" if yes else "no", lead="Yes." if yes else "No.",
                        evidence=[x.best for x in backings if x.best is not None])

    def _no(self, question: Question, backings: list[_Backing], failed: _Backing, why: str) -> Decision:
        """ "No — the Wired article says otherwise [1]." with the other parts' evidence after it."""
        assert failed.best is not None
        others = [b.best for b in backings if b is not failed]
        return Decision(kind="yesno", verdict="no", lead=f"No — {why}", lead_support=failed.best,
                        evidence=_distinct([failed.best, *others]))

    # -- evidence per side -------------------------------------------------------------------

    def _back(self, side: _Side, text: str, candidates: Sequence[Sentence], question: Question) -> _Backing:
        t = self.tuning
        pool = [c for c in candidates if not side.sources or c.hit.source in side.sources]
        if side.day:
            dated = [c for c in pool if _near_day(c.hit.published_at, side.day)]
            pool = dated or pool
        if not pool and side.sources and self.archive is not None:
            pool = self._fetch(side, text, question)
        if not pool:
            return _Backing(side, None, False, False, False)
        scored = self.scorer.score(text, pool, shortlist=t.shortlist)
        if not scored:
            return _Backing(side, None, False, False, False)
        strength = {id(s): 0.5 * s.similarity + 0.5 * s.overlap for s in scored}
        ranked = sorted(scored, key=lambda s: -strength[id(s)])
        best = ranked[0]
        carries = [s for s in ranked if strength[id(s)] >= strength[id(best)] - t.close
                   and (s.similarity >= t.carries_similarity or s.overlap >= t.carries_overlap)]
        agreeing = [s for s in carries if side.topical or
                    (len(set(_negations(text, s.sentence.text))) == 1 and not self._contradicts(text, s))]
        if carries and carries[0] is best and best not in agreeing and best.similarity >= t.clearly:
            agreeing = []  # the sentence clearly on the claim's point says otherwise; a weaker one agreeing doesn't undo it
        carried = bool(agreeing)
        opposed = bool(carries) and not agreeing
        absent = best.similarity < t.absent_similarity and best.overlap < t.absent_overlap
        return _Backing(side, agreeing[0] if agreeing else best, carried, opposed, absent)

    def _contradicts(self, claim: str, item: Scored) -> bool:
        """The sentence contradicts the claim by another winner, an opposite verb, number or date (`stance.py`)."""
        if self.claims is None:
            return False
        s = item.sentence
        read = self.claims.read(claim)
        judged = self.claims.judge(read, s.resolved, s.before + " " + s.hit.title, item.similarity, s.hit.published_at)
        return (judged.contradicts and judged.why in ("role", "predicate", "number", "name")) or _opposite_verbs(claim, s.text)

    def _fetch(self, side: _Side, text: str, question: Question) -> list[Sentence]:
        """Sentences of the outlet's articles that name what the claim names (retrieval found none of its articles)."""
        outlets = {a.lower() for route in question.routes for source in route for a in aliases(source) | {source}}
        words = [n for n in names_in(text) if n.lower() not in outlets][:2]
        if not words or self.archive is None:
            return []
        hits = self.archive(words, Filters(sources=tuple(sorted(side.sources))))[: self.tuning.fetched]
        return [c for c in self.scorer.candidates(hits) if not side.day or _near_day(c.hit.published_at, side.day)]

    def _claims(self, question: Question) -> list[_Side]:
        texts = [part for claim in question.claims for part in _LINKS.split(_CONSEQUENCE.sub("", claim.text)) if part.strip()]
        sides: list[_Side] = []
        for text in texts:
            side = self._side(text, question, sides[-1] if sides else None)
            if len(side.text.split()) >= 3:
                sides.append(side)
        return sides

    def _side(self, text: str, question: Question, previous: _Side | None = None) -> _Side:
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
        return _Side(claim, outlet, sources, _day_in(outlet or text), topical)


_TOPICAL = re.compile(r"\b(?:discuss|discusses|discussed|focus|focuses|focused|mention|mentions|mentioned|cover|covers|covered|"
                      r"address|addresses|addressed|talk|talks|talked|write|writes|wrote|report on|reports on|reported on|"
                      r"raise|raises|raised concerns)\b", re.IGNORECASE)
_NEGATED_REPORT = re.compile(r"\b(?:fail|fails|failed|not|never|n['’]t)\b\s+(?:to\s+)?(?:\w+\s+)?"
                             r"(?:report|mention|cover|say|discuss|note|publish)", re.IGNORECASE)


def _negations(claim: str, sentence: str) -> tuple[bool, bool]:
    """Whether the claim and the sentence each negate what they share: a negation word anywhere in the (short) claim
    ("do not offer the best value" against "offer some of the best value"; "exclude an independent audit" against
    "completed an independent audit"), one in the (longer) sentence just before words the claim uses, or a word with a
    negative prefix whose bare form the other uses ("act irresponsibly" against "have to be responsible"). A negation
    of something else in the sentence ("removed the article for not meeting its standards") doesn't count."""
    return polarity(claim) or _prefixed_in(claim, sentence), _negates(sentence, claim) or _prefixed_in(sentence, claim)


def _negates(text: str, other: str) -> bool:
    """A negation in `text` whose next few words include a word (not a name) that `other` uses too."""
    named = {t for name in names_in(other) + names_in(text) for t in terms(name)}
    shared = set(terms(other)) - named
    for match in _NEGATION.finditer(text):
        if re.match(r"\s+(?:just|only|merely|simply|least)\b", text[match.end():]):
            continue  # "it wasn't just to join a contender": that and more, not the opposite
        scope = re.findall(r"[\w'’]+", text[match.end():])[:4]
        if shared & set(terms(" ".join(scope))):
            return True
    return False


def _opposite_verbs(claim: str, sentence: str) -> bool:
    """The sentence uses the opposite verb of the claim's and none of the claim's own ("rejected" against "approved",
    "won" against "lost"; `stance.FAMILIES`)."""
    said = set(re.findall(r"[a-z]+", claim.lower()))
    written = set(re.findall(r"[a-z]+", sentence.lower()))
    mine = {f for f, words in FAMILIES.items() if said & words}
    theirs = {f for f, words in FAMILIES.items() if written & words}
    return any((a in mine and b in theirs and b not in mine and a not in theirs) or
               (b in mine and a in theirs and a not in mine and b not in theirs) for a, b in OPPOSITES)


def _prefixed_in(text: str, other: str) -> bool:
    lowered = other.lower()
    for match in _PREFIXED.finditer(text):
        stem = match.group(1).lower()[:6]
        if re.search(rf"\b{re.escape(stem)}", lowered) and match.group(0).lower() not in lowered:
            return True
    return False


def _asks_same(question: Question) -> bool:
    """Whether the question asks if the sides agree ("consistent?", "was there no change?") rather than if they differ
    ("was there a change?", "inconsistent?"): the first such word of the clause it asks in."""
    asked = question.claims[0].text if question.claims else question.query
    agree, differ = _AGREE.search(asked), _DIFFER.search(asked)
    if differ and (agree is None or differ.start() < agree.start()):
        return bool(_NO_CHANGE.search(asked))
    return agree is not None or not _DIFFER.search(question.query) or bool(_NO_CHANGE.search(question.query))


def _asks_relation(query: str) -> bool:
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
    return [route for route in question.routes
            if any(re.search(rf"(?<!\w){re.escape(a)}(?!\w)", text, re.IGNORECASE) for s in route for a in aliases(s) | {s}
                   if len(a) >= 3)]


def _without_outlet(text: str, route: tuple[str, ...]) -> str:
    """ `text` from after "<outlet> article <verb>" on: "the Fortune article alleges he used a proxy" -> "he used a proxy"."""
    names = sorted((a for s in route for a in aliases(s) | {s} if len(a) >= 3), key=len, reverse=True)
    pattern = "|".join(re.escape(n) for n in names)
    match = re.search(rf"(?:{pattern})['’]?s?\s+(?:\w+\s+){{0,8}}?(?:article|articles|report|reports|piece|story|coverage|"
                      rf"reporting)?\s*(?:\w+\s+){{0,2}}?\w+(?:s|ed)\s+(?:that\s+)?", text, re.IGNORECASE)
    rest = text[match.end():] if match else re.sub(pattern, " ", text, flags=re.IGNORECASE)
    return " ".join(rest.split()) if len(rest.split()) >= 3 else text


def _sides(question: Question) -> list[_Side]:
    """The sides an agreement question compares, in the order it names them: each outlet it names, each with the
    day named after it; a second day for the same outlet is another side ("the Oct 6 report and the one on Oct 7")."""
    query = question.query
    marks: list[tuple[int, str, object]] = []
    for route in question.routes:
        spots = [m.start() for source in route for a in aliases(source) | {source} if len(a) >= 3
                 for m in re.finditer(rf"(?<!\w){re.escape(a)}(?!\w)", query, re.IGNORECASE)]
        for spot in sorted(set(spots)):
            marks.append((spot, "outlet", frozenset(route)))
    for match in _DAY.finditer(query):
        marks.append((match.start(), "day", _day_in(match.group(0))))
    sides: list[_Side] = []
    for _, what, value in sorted(marks, key=lambda m: m[0]):
        if what == "outlet":
            assert isinstance(value, frozenset)
            if sides and sides[-1].sources == value and not sides[-1].day:
                continue  # the same outlet named again before any day
            sides.append(_Side("", "", value))
        elif isinstance(value, str) and value:
            if sides and not sides[-1].day:
                sides[-1] = _Side("", "", sides[-1].sources, value)
            elif sides:
                sides.append(_Side("", "", sides[-1].sources, value))
    distinct = list(dict.fromkeys((s.sources, s.day) for s in sides))
    return [_Side("", "", sources, day) for sources, day in distinct]


def _topic(question: Question) -> str:
    """What an agreement question compares, without the words that ask about agreeing ("the portrayal of ...")."""
    text = question.claims[0].text if question.claims else question.query
    text = _AGREE.sub(" ", _DIFFER.sub(" ", _NO_CHANGE.sub(" ", text)))
    text = _RELATION_WORDS.sub(" ", text)
    return " ".join(text.split()) or question.query


def _day_in(text: str) -> str:
    """ "10-06" for "October 6" / "6 Oct" in `text`, or ""."""
    match = _DAY.search(text)
    if not match:
        return ""
    if match.group(1):
        return f"{match.group(1)}-{match.group(2)}"
    month = (match.group(3) or match.group(6)).lower()[:3]
    day = int(match.group(4) or match.group(5))
    return f"{_MONTHS.index(month) + 1:02d}-{day:02d}" if 1 <= day <= 31 else ""


def _near_day(published: str, day: str) -> bool:
    """Published on `day` ("MM-DD") or the day after (a report dated the evening before goes out the next day)."""
    if len(published) < 10:
        return False
    month, date = published[5:7], int(published[8:10])
    want_month, want_day = day.split("-")
    return month == want_month and date - int(want_day) in (0, 1)


def _source_of(backing: _Backing) -> str:
    best = backing.best
    return f"the {best.sentence.hit.source} article" if best is not None else "the article"


def _distinct(items: Sequence[Scored | None]) -> list[Scored]:
    out: list[Scored] = []
    for item in items:
        if item is not None and all(o.sentence.hit.article_id != item.sentence.hit.article_id or o.sentence.start !=
                                    item.sentence.start for o in out):
            out.append(item)
    return out
