"""Verdicts: yes/no and which-of-two questions decided from the evidence, or honestly left open.

`Verdicts(scorer, claims).yesno(question, candidates)` and `.choice(question, candidates)` return
a `compose.Decision`:

- yes/no: each claim of the question ("Did A report X while B reported Y?" has two) is scored
  against the sentences (of the outlet it names, when it names one), and each related sentence
  is judged (`stance.py`). A claim is supported when a related sentence carries it and none
  contradicts it more strongly; contradicted when a related sentence contradicts it. "No" when
  any claim is contradicted, "Yes" when every claim is supported, "The articles don't settle
  it" (both sides quoted) when the evidence disagrees, and an abstention when nothing related
  was found. "Was X before Y?" compares the dates of the two events.
- choice: "which came first / later" compares the sides' dates, "which is higher / lower" their
  amounts, and otherwise each side is tried as the claim ("Wilder won" vs "Parker won").

Deliberately not here: judging one sentence against one claim (`stance.py`), wording
(`compose.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from bot.align import other_filler
from bot.amounts import amount_in, value_of
from bot.compose import Decision
from bot.dating import event_date
from bot.evidence import Scored, Scorer, Sentence, question_terms
from bot.names import as_written, capitalised_in, capitalised_words
from bot.outlets import aliases
from bot.parts import event_sides, split_order
from bot.predicate import states_result
from bot.stance import Claims, Judgement, hypothetical, names_winner, strip_framing, unnamed
from bot.support import Archive, Support
from index.keyword import terms
from newsbot.types import Question

__all__ = ["Verdicts", "Tuning"]


@dataclass(frozen=True)
class Tuning:
    """Thresholds (measured: docs/BENCHMARKS.md, MultiHop-RAG dev and bench/questions)."""

    support: float = 0.55  # a claim is carried when a carrying sentence scores at least this
    contradict: float = 0.50  # ... and contradicted when a contradicting one does
    margin: float = 0.08  # the stronger side must lead by this much, else the evidence is mixed
    per_claim: int = 8  # sentences scored per claim


@dataclass
class _Finding:
    """The best supporting and contradicting sentences for one claim."""

    support: tuple[float, Scored] | None = None
    against: tuple[float, Scored] | None = None
    related: tuple[float, Scored] | None = None
    all_related: list[tuple[float, Scored]] = field(default_factory=list)
    claim: str = ""
    why: str = ""  # why the best contradicting sentence contradicts (`stance.Judgement.why`)
    says_sides: bool | None = None  # whether the best supporting sentence says who won and lost (`Judgement.swapped`)

    def one_sided(self) -> bool:
        """The contradiction has another side win (`stance`'s "role"), and the support doesn't say who beat whom ("a road
        victory over the Chiefs" against "the conference team to beat" for "did the Chiefs beat the Eagles?"): a result
        stated outranks a result word alone."""
        return self.why == "role" and self.says_sides is None

    def when(self) -> tuple[str, Scored] | None:
        """The date of the event the claim describes: the earliest date among the sentences that report it about as
        well as the best does (news reports an event when it happens; later articles look back on it)."""
        if self.related is None:
            return None
        close = [(event_date(item), item) for strength, item in self.all_related if strength >= self.related[0] - 0.25
                 and not hypothetical(item.sentence.text, self.claim) and states_result(self.claim, item.sentence.resolved)]
        dated = [(d, item) for d, item in close if d and not _background(item.sentence)]  # not a look back at 2023
        weights = question_terms(self.claim)
        def said(item: Scored) -> float:  # the weighted share of the claim's words the sentence writes
            own = set(terms(item.sentence.resolved))
            return sum(w for t, w in weights.items() if t in own) / (sum(weights.values()) or 1.0)
        most = max((said(item) for _, item in dated), default=0.0)
        dated = [(d, item) for d, item in dated if said(item) >= most - 0.25]  # the People interview is no Hoda Kotb one
        days = [(d, item) for d, item in dated if len(d) >= 10]  # a day, when any sentence gives one
        return min(days or dated, key=lambda d: d[0][:10]) if dated else None


class Verdicts:
    """Decides yes/no and choice questions."""

    def __init__(self, scorer: Scorer, claims: Claims, tuning: Tuning | None = None, archive: Archive | None = None) -> None:
        self.scorer = scorer
        self.claims = claims
        self.tuning = tuning or Tuning()
        self.support = Support(scorer, archive, claims=claims)

    def yesno(self, question: Question, candidates: Sequence[Sentence], scored: Sequence[Scored] = ()) -> Decision:
        t = self.tuning
        checked = self.support.check(question, candidates)  # a question in several parts, each checked on its source
        if checked is not None:
            return checked
        if question.relation and len(question.claims) == 1:
            ordered = self._order(question, candidates)
            if ordered is not None:
                return ordered
        findings = [self._find(claim.text, candidates, question) for claim in question.claims]
        if not any(f.related for f in findings):  # nothing in the evidence is about any of its claims
            if len(question_terms(question.query)) <= 8:  # a question about one fact: the articles don't say
                return Decision(kind="none", abstained=True, evidence=list(scored[:1]))
            return Decision(kind="yesno", unsettled=True, evidence=list(scored[:2]))
        mixed = [f for f in findings if f.support and f.against and f.support[0] >= t.support and f.against[0] >= t.contradict
                 and abs(f.support[0] - f.against[0]) < 2 * t.margin and not f.one_sided()]
        if mixed and len(question.claims) == 1:  # as strong for as against: both sides, no verdict
            return Decision(kind="yesno", unsettled=True, evidence=[mixed[0].support[1], mixed[0].against[1]])  # type: ignore[index]
        against = [f.against for f in findings if f.against and f.against[0] >= t.contradict
                   and not (f.support and f.support[0] >= f.against[0] + t.margin and not f.one_sided())]
        carried = [f.support for f in findings if f.support and f.support[0] >= t.support]
        if against:
            best = max(against, key=lambda a: a[0])
            others = [s[1] for s in carried if s[1] is not best[1]][:1]
            return Decision(kind="yesno", verdict="no", lead="No.", evidence=self._sides(question, [best[1], *others], findings))
        if len(carried) == len(findings):
            return Decision(kind="yesno", verdict="yes", lead="Yes.", evidence=self._sides(question, [s[1] for s in carried][:3],
                                                                                             findings))
        if not any(f.against and f.against[0] >= t.contradict for f in findings):
            # nothing said against it as strongly as a "No" needs: the sentence that best makes its point decides
            settled = self.support.settle(question, candidates)
            if settled is not None:
                return settled
        shown = [f.related[1] for f in findings if f.related][:2]
        return Decision(kind="yesno", unsettled=True, evidence=shown)

    def choice(self, question: Question, candidates: Sequence[Sentence]) -> Decision:
        if question.relation == "order" and len(question.claims) == 2:  # "Did A happen before or after B?"
            events = [self._find(c.text, candidates, question).when() for c in question.claims]
            if events[0] is None or events[1] is None or events[0][0][:10] == events[1][0][:10]:
                shown = [e[1] for e in events if e is not None]
                return Decision(kind="choice", unsettled=bool(shown), evidence=shown, abstained=not shown)
            side = "before" if events[0][0] < events[1][0] else "after"
            return Decision(kind="choice", verdict=side, lead=side.capitalize(), lead_support=events[0][1],
                            evidence=[events[0][1], events[1][1]])
        options = [o for o in question.options if o]
        if len(options) < 2:
            return Decision(kind="none", abstained=True)
        rest = _without_options(question.query, options)
        # "is shiffrin the first or second child?": each side is the question with it in its place, as a statement
        stated = [_ASKED_AS.sub("", side) for side in event_sides(question)] if _ASKED_AS.match(question.query) else []
        sides: list[tuple[str, Scored | None, _Finding]] = []
        for n, option in enumerate(options):
            # an event to date is the option alone ("the harbour stadium opening"), not "… came first"
            claim = option if question.compare in ("earlier", "later") else stated[n] if len(stated) == len(options) else \
                f"{option} {rest}".strip()
            finding = self._find(claim, candidates, question, must=option)
            best = finding.related[1] if finding.related else None
            sides.append((option, best, finding))
        if question.compare in ("earlier", "later"):
            dated = [(when[0], option, when[1]) for option, _, finding in sides if (when := finding.when()) is not None]
            if len(dated) == len(sides):
                dated.sort(key=lambda d: d[0], reverse=question.compare == "later")
                if dated[0][0] != dated[1][0]:
                    side = _as_named(dated[0][1], dated[0][2])
                    return Decision(kind="choice", verdict=side, lead=side, lead_support=dated[0][2],
                                    evidence=[d[2] for d in dated])
        elif question.compare in ("more", "less"):
            valued = []
            for option, item, finding in sides:
                # the figure next to the side's name, in its best sentence or the next best that gives one
                ranked = [item] if item is not None else []
                ranked += [r for _, r in sorted(finding.all_related, key=lambda r: -r[0])[:4] if r is not item]
                figures = ((value_of(amount_in(r.sentence.resolved, option)), r) for r in ranked)
                value, item = next(((v, r) for v, r in figures if v is not None), (None, item))
                if value is not None and item is not None:
                    valued.append((value, option, item))
            if len(valued) == len(sides):
                valued.sort(key=lambda v: v[0], reverse=question.compare == "more")
                if valued[0][0] != valued[1][0]:
                    side = _as_named(valued[0][1], valued[0][2])
                    return Decision(kind="choice", verdict=side, lead=side, lead_support=valued[0][2],
                                    evidence=[v[2] for v in valued])
        supported = [(f.support[0], option, f.support[1]) for option, _, f in sides
                     if f.support and f.support[0] >= self.tuning.support and not f.against]
        if len(supported) > 1 and len(stated) == len(options):
            # both sides are in the sentences; the one written where the question puts it wins ("signing with the Los
            # Angeles Dodgers, spurning the Blue Jays" for "did he sign with the dodgers or the blue jays?")
            placed = [s for s in supported if any(_in_place(stated[options.index(s[1])], s[1], other[2].sentence.text)
                                                  for other in supported)]
            supported = placed if len(placed) == 1 else supported
        if len(supported) == 1 or (len(supported) > 1 and sorted(supported)[-1][0] >= sorted(supported)[-2][0] + self.tuning.margin):
            _score, option, item = max(supported, key=lambda s: s[0])
            side = _as_named(option, item)
            return Decision(kind="choice", verdict=side, lead=side, lead_support=item, evidence=[item])
        shown = [item for _, item, _ in sides if item is not None]
        if not shown:
            return Decision(kind="none", abstained=True)
        return Decision(kind="choice", unsettled=True, evidence=shown[:2])

    def _sides(self, question: Question, evidence: list[Scored], findings: list[_Finding]) -> list[Scored]:
        """The evidence, plus the best related sentence of each outlet the question names that isn't quoted yet
        ("Did Reuters and AP agree ...?" quotes both)."""
        if len(question.routes) < 2:
            return evidence
        out = list(evidence)
        for route in question.routes:
            if any(e.sentence.hit.source in route for e in out):
                continue
            related = [r for f in findings for r in f.all_related if r[1].sentence.hit.source in route]
            if related:
                out.append(max(related, key=lambda r: r[0])[1])
        return out[:4]

    # -- evidence per claim --------------------------------------------------------------------

    def _find(self, text: str, candidates: Sequence[Sentence], question: Question, must: str = "") -> _Finding:
        claim_text, outlet = strip_framing(text)
        pool = _from_outlet(candidates, outlet, question) or list(candidates)
        if must:
            pool = [c for c in pool if must.lower() in (c.text + " " + c.hit.title).lower()] or pool
        scored = self.scorer.score(claim_text, pool, shortlist=self.tuning.per_claim)
        news = {True: False, False: False}  # whether current (not history) sentences contradict / support
        written = as_written(claim_text, capitalised_in(" ".join(c.text for c in pool)))  # "ohio state": a name
        claim = self.claims.read(written, question.outlets, frozenset().union(*(capitalised_words(c.text) for c in pool)))
        found = _Finding(claim=claim_text)  # the event a date is taken for must be said to have happened
        for item in scored:
            s = item.sentence
            judgement: Judgement = self.claims.judge(claim, s.resolved, s.before + " " + s.hit.title + " " + s.hit.body,
                                                     item.similarity, s.hit.published_at)
            if not judgement.related:
                continue
            filler = "" if judgement.contradicts or (hypothetical(s.resolved, claim_text) and not hypothetical(claim_text)) \
                else other_filler(claim_text, s.resolved, s.before + " " + s.hit.title, self.support.similar)  # not what may come
            # "the final pick" for "the first"; a sentence short of supporting the claim counts by a name or a code
            # ("rated PG-13" for "rated R", "a strong G3" for "a G4"), not by a figure ("could reach $600 million" for "$674 million")
            if filler and (judgement.supports or not re.fullmatch(r"[\d.,]+", filler)):
                judgement = replace(judgement, supports=False, contradicts=True, why="slot")
            if judgement.supports and unnamed(claim, f"{s.resolved} {s.before} {s.hit.title}"):
                judgement = replace(judgement, supports=False)  # on the story, not on who the claim is about
            history = _background(s)
            strength = 0.5 * judgement.coverage + 0.5 * item.similarity - (0.15 if history else 0.0)
            found.all_related.append((strength, item))
            if found.related is None or strength > found.related[0]:
                found.related = (strength, item)
            if judgement.contradicts and (found.against is None or strength > found.against[0]):
                found.against, found.why = (strength, item), judgement.why
            elif judgement.supports and (found.support is None or strength > found.support[0]):
                found.support, found.says_sides = (strength, item), judgement.swapped
                if judgement.swapped is None and names_winner(claim, s.resolved):
                    found.says_sides = False  # "Talvon won the first leg": the claim's one winner, said to win
            if judgement.contradicts or judgement.supports:
                news[judgement.contradicts] |= not history
        if found.support and found.against and news[True] != news[False] and \
                _background(found.support[1].sentence) != _background(found.against[1].sentence):
            if _background(found.support[1].sentence):  # the news says otherwise; the history agreeing settles nothing
                found.support = None
            else:
                found.against = None
        return found

    def _order(self, question: Question, candidates: Sequence[Sentence]) -> Decision | None:
        """ "Was X before/after Y?": the dates of the two events compared."""
        claim_text, _ = strip_framing(question.claims[0].text)
        parts = split_order(claim_text)
        if len(parts) != 2:
            return None
        events = []
        for part in parts:
            dated = self._find(part, candidates, question).when()
            if dated is None:
                return None
            events.append(dated)
        (first, a), (second, b) = events
        if not first or not second or first[:10] == second[:10]:
            return Decision(kind="yesno", unsettled=True, evidence=[a, b])
        before = first < second
        yes = before if question.relation == "before" else not before
        return Decision(kind="yesno", verdict="yes" if yes else "no", lead="Yes." if yes else "No.", evidence=[a, b])


def _background(sentence: Sentence) -> bool:
    """The sentence recalls earlier years ("raised rates aggressively in 2022 and 2023, and held them ... in 2025"):
    the first year it names is older than its article. History, not the news."""
    year = sentence.hit.published_at[:4]
    first = re.search(r"\b(?:19|20)\d{2}\b", sentence.text)
    return bool(year.isdigit() and first and first.group(0) < year)


def _from_outlet(candidates: Sequence[Sentence], outlet: str, question: Question) -> list[Sentence]:
    """The candidates from the indexed source a claim's outlet phrase names ("the Fortune article")."""
    if not outlet or not question.routes:
        return []
    wanted = outlet.lower().removeprefix("the ").strip()
    sources = {s for route in question.routes for s in route
               if wanted and (wanted in s.lower() or s.lower() in wanted or wanted in {a.lower() for a in aliases(s)})}
    return [c for c in candidates if c.hit.source in sources]


_ASKED_AS = re.compile(r"^\s*(?:is|are|was|were|did|does|do|has|have|had)\s+", re.IGNORECASE)  # "is she …?" -> "she …"


def _as_named(option: str, item: Scored) -> str:
    """The side as its sentence writes it ("dodgers" -> "Dodgers", "devday" -> "DevDay")."""
    text = item.sentence.text + " " + item.sentence.hit.title
    written = re.search(rf"(?<!\w){re.escape(option)}(?!\w)", text, re.IGNORECASE)
    return written.group(0) if written else as_written(option, capitalised_in(text))


def _in_place(claim: str, option: str, sentence: str) -> bool:
    """`sentence` writes `option` after the two words `claim` writes before it ("sign with" -> "signing with the Los
    Angeles Dodgers"), the first as any form of it, a few names between."""
    at = claim.lower().find(option.lower())
    before = [w for w in re.findall(r"[\w'’-]+", claim[:at]) if w.lower() != "the"][-2:] if at > 0 else []
    if len(before) < 2:
        return False
    stem = re.escape(before[0][:max(3, len(before[0]) - 2)])
    return re.search(rf"\b{stem}\w*\s+{re.escape(before[1])}\s+(?:the\s+)?(?:[\w.'’-]+\s+){{0,3}}?{re.escape(option)}\b",
                     sentence, re.IGNORECASE) is not None


def _without_options(query: str, options: Sequence[str]) -> str:
    """The question's content without its options and question words: "Which came first, A or B?" -> "came first"."""
    text = query
    for option in options:
        text = re.sub(re.escape(option), " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:or|either|which|who|what|whose|did|does|do|was|were|is|are|the|one|of|two|both|,|:)\b", " ", text,
                  flags=re.IGNORECASE)
    return " ".join(re.sub(r"[?,:;]", " ", text).split())
