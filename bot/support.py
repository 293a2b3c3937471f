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

Deliberately not here: reading the question into its parts (`parts.py`), judging a single-claim question
(`verdicts.py`, `stance.py`), wording (`compose.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.align import figures, other_filler
from bot.compose import Decision
from bot.evidence import Scored, Scorer, Sentence
from bot.names import as_written, capitalised_in, capitalised_words, named_pattern, names_in
from bot.outlets import aliases
from bot.parts import Part, asks_relation, asks_same, claims_of, near_day, part_of, sides_of, topic_of
from bot.predicate import results_of, states_result
from bot.stance import OPPOSITES, Claims, Judgement, hypothetical, no_denial, only_a_plea
from index.keyword import terms
from newsbot.types import Filters, Hit, Question

Archive = Callable[[Sequence[str], Filters], list[Hit]]

__all__ = ["Support", "Tuning", "polarity"]


@dataclass(frozen=True)
class Tuning:
    """Thresholds (measured: docs/BENCHMARKS.md; checked on bench/questions, not fitted to MultiHop-RAG)."""

    # A sentence carries a claim when it makes the same point in other words (MiniLM cosine 0.4: same topic and
    # assertion; unrelated sentences of the same story sit near 0.2-0.3) or holds half the claim's weighted words.
    # Whether it says the opposite is judged separately (negation, opposite verbs), so this only needs "on the point".
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
class _Backing:
    side: Part
    best: Scored | None
    carried: bool  # a sentence about as good as the best carries it with the claim's polarity
    opposed: bool  # the best evidence says the opposite
    absent: bool  # the source's articles hold nothing close
    agreeing: tuple[Scored, ...] = ()  # the sentences about as good as the best that carry it, best first
    others: tuple[Scored, ...] = ()  # the rest of the source's sentences scored, best first


_NEGATION = re.compile(r"\b(?:not|no(?!\.\s?\d)|never|yet to|neither|nor|without|none|cannot|lack|lacks|lacked|lacking|"
                       r"exclude|excludes|excluded|"
                       r"fail to|fails to|failed to|other than|rather than|instead of|no longer|absence of|unlikely|"
                       r"fell short of|falls short of|fall short of|refused to|refuses to|declined to|declines to|ruled out|"
                       r"rules out|brushed off|brushes off)\b|n['’]t\b",
                       re.IGNORECASE)
# What a negation verb rules out is often framed ("brushed off attempts to take the job", "ruled out talk of a move"):
# the frame is not the predicate.
_FRAMED = re.compile(r"^\s*(?:the\s+|any\s+)?(?:attempts?|calls?|talk|suggestions?|speculation|reports?|rumou?rs?|efforts?|"
                     r"ideas?|notion|prospect)\s+(?:to|of|that|about)\b", re.IGNORECASE)
_PREFIXED = re.compile(r"\b(?:un|in|ir|il|im|dis|non)-?([a-z]{5,})\b", re.IGNORECASE)


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
        relation = asks_relation(question.query)
        claims = claims_of(question)
        if len(claims) == 1 and not claims[0].sources and len(question.routes) >= 2 and not relation:
            # "did the guardian and the bbc both say kenwright died?": the one claim, checked on each outlet
            claims = [Part(claims[0].text, "", frozenset(route), claims[0].day) for route in question.routes]
        if len(claims) >= 2 and sum(1 for c in claims if c.sources) >= 2:
            return self._claims_hold(question, claims, candidates)
        if relation and len(sides_of(question)) >= 2:  # "after A's report, was B's consistent?": the order names the sides
            agreed = self._agreement(question, candidates)
            if agreed is not None or not question.relation:
                return agreed
        if question.relation in ("before", "after"):
            return self._order(question, candidates)
        if claims and any(c.sources for c in claims):
            return self._claims_hold(question, claims, candidates)
        return None

    def settle(self, question: Question, candidates: Sequence[Sentence]) -> Decision | None:
        """A one-claim question the judge (`verdicts.py`) left open, settled on the sentence that clearly makes its point:
        yes when it carries the claim and, for a claim of a result ("convicted", "beat"), a sentence states that result
        (`predicate.py`) with the claim's figures (`_states`: on the subject is not enough); no when it says the
        opposite; None otherwise."""
        claims = claims_of(question)
        if len(claims) != 1 or not candidates or question.relation:  # an order is settled by dates, not by one sentence
            return None
        backing = self._back(claims[0], claims[0].text, candidates, question)
        if backing.best is None or backing.best.similarity < self.tuning.clearly:
            return None
        if backing.opposed:
            return self._no(question, [backing], backing, f"{_source_of(backing)} says otherwise")
        if backing.carried and asks_relation(question.query):  # "was there a change ...?" has no predicate to find
            return Decision(kind="yesno", verdict="yes", lead="Yes.", evidence=[backing.best])
        text = claims[0].text
        saying = [s for s in backing.agreeing if states_result(text, s.sentence.resolved)]
        if not saying:  # the sentences that best match are about it but don't say it happened: one that does, if any
            stating = [c for c in candidates if states_result(text, c.resolved) and c not in [o.sentence for o in backing.others]]
            later = [s for s in [*backing.others, *self.scorer.score(text, stating, shortlist=self.tuning.shortlist)]
                     if s.similarity >= self.tuning.clearly and states_result(text, s.sentence.resolved)
                     and not hypothetical(s.sentence.text, text) and not only_a_plea(text, s.sentence.text)]
            saying = [s for s in later if not _negations(text, s.sentence.text)[1] and not self._contradicts(text, s)]
            # none says it happened; one says the result the other way round ("Canelo won" for "did Charlo beat Canelo?")
            reversed_ = [s for s in later if self._reversed(text, s)]
            if not saying and reversed_:
                backing = _Backing(backing.side, reversed_[0], False, True, False)
                return self._no(question, [backing], backing, f"{_source_of(backing)} says otherwise")
        saying = [s for s in saying if self._states(text, s)]
        if saying:
            return Decision(kind="yesno", verdict="yes", lead="Yes.", evidence=[saying[0]])
        return None  # on the claim's subject but not saying it happened ("went on trial" for "was he convicted?")

    # -- the shapes --------------------------------------------------------------------------

    def _claims_hold(self, question: Question, claims: list[Part], candidates: Sequence[Sentence]) -> Decision | None:
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
        sides = sides_of(question)
        if len(sides) < 2:
            return None
        topic = topic_of(question)
        backings = [self._back(side, topic, candidates, question) for side in sides[:2]]
        if any(b.best is None or b.absent for b in backings):
            return None
        first, second = backings
        assert first.best is not None and second.best is not None
        if first.best.sentence.hit.article_id == second.best.sentence.hit.article_id:
            return None  # the same article on both sides compares nothing
        same = first.carried and second.carried and \
            _negates(first.best.sentence.text, topic) == _negates(second.best.sentence.text, topic) and \
            not _other_figures(first.best.sentence.text, second.best.sentence.text, topic)
        if not same and not (first.carried or second.carried):
            return None
        yes = same == asks_same(question)
        evidence = [first.best, second.best]
        return Decision(kind="yesno", verdict="yes" if yes else "no", lead="Yes." if yes else "No.", evidence=evidence)

    def _order(self, question: Question, candidates: Sequence[Sentence]) -> Decision | None:
        """ "Did A report X before B discussed Y?": the days of the articles that best match each side."""
        body = question.claims[0].text if len(question.claims) == 1 else question.query
        parts = re.split(r"\s+(?:before|after|earlier than|later than|prior to|ahead of|following)\s+", body, maxsplit=1)
        if len(parts) != 2:
            return None
        first, second = (part_of(part, question) for part in parts)
        if not (first.sources or second.sources):
            return None  # events, not reports: their own dates decide (`verdicts.py`)
        if not second.sources and first.sources and re.match(r"(?:it|they)\b", second.text):  # "... before it reported Y"
            second = Part(second.text, second.outlet, first.sources, second.day)
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

    def _back(self, side: Part, text: str, candidates: Sequence[Sentence], question: Question) -> _Backing:
        t = self.tuning
        pool = [c for c in candidates if not side.sources or c.hit.source in side.sources]
        if side.day:
            dated = [c for c in pool if near_day(c.hit.published_at, side.day)]
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
        if not hypothetical(text):  # "could face 20 years if convicted" neither says he was convicted nor that he wasn't
            carries = [s for s in carries if not hypothetical(s.sentence.text, text) and not only_a_plea(text, s.sentence.text)]
        agreeing = [s for s in carries if side.topical or
                    (len(set(_negations(text, s.sentence.text))) == 1 and not self._contradicts(text, s))]
        if carries and carries[0] is best and best not in agreeing and best.similarity >= t.clearly:
            agreeing = []  # the sentence clearly on the claim's point says otherwise; a weaker one agreeing doesn't undo it
        carried = bool(agreeing)
        opposed = bool(carries) and not agreeing
        absent = best.similarity < t.absent_similarity and best.overlap < t.absent_overlap
        others = tuple(s for s in ranked if s not in agreeing)
        return _Backing(side, agreeing[0] if agreeing else best, carried, opposed, absent, tuple(agreeing), others)

    def _contradicts(self, claim: str, item: Scored) -> bool:
        """The sentence contradicts the claim by another winner, an opposite verb, number or date (`stance.py`), or another
        value in one of its slots (`align.py`)."""
        if self.claims is None:
            return False
        s = item.sentence
        if other_filler(claim, s.resolved, s.before + " " + s.hit.title, self.similar):  # "the final pick" for "the first pick"
            return True
        claim, judged = self._judged(claim, item)
        return (judged.contradicts and judged.why in ("role", "predicate", "number", "name")) or \
            (_opposite_verbs(claim, s.text) and judged.swapped is None)

    def _judged(self, claim: str, item: Scored) -> tuple[str, Judgement]:
        """The claim as its sentence's article writes its names (capitalised: "did newcastle beat everton"; the
        article's words too, for a name the sentence and title write only first or after "vs."), and the judgement."""
        assert self.claims is not None
        s = item.sentence
        capitalised = capitalised_words(s.text + " " + s.hit.title) | capitalised_in(s.hit.body)
        claim = as_written(claim, capitalised)
        read = self.claims.read(claim, capitalised=capitalised)
        return claim, self.claims.judge(read, s.resolved, s.before + " " + s.hit.title, item.similarity, s.hit.published_at)

    @staticmethod
    def _states(claim: str, item: Scored) -> bool:
        """The sentence writes every figure of the claim ("eight main worlds": "8" and "eight" alike), so a Yes is not
        given by a sentence that only shares the subject. (Also requiring the claim's names in the article was tried:
        it turned wrong Yeses into "don't settle it" on the read sets but cost a right Yes on each of two unseen sets.)"""
        return figures(claim) <= figures(item.sentence.text)

    def _reversed(self, claim: str, item: Scored) -> bool:
        """The sentence has the claim's winner and loser the other way round (`stance.py`: "Canelo won with tallies of
        119-108" against "Charlo beat Canelo")."""
        if self.claims is None:
            return False
        return self._judged(claim, item)[1].why == "role"

    def similar(self, a: str, b: str) -> float:
        """The cosine of two words' embeddings (`align.py` tells two values of one category from synonyms by it)."""
        vectors = self.scorer.embedder.embed([a, b])
        return float(vectors[0] @ vectors[1])

    def _fetch(self, side: Part, text: str, question: Question) -> list[Sentence]:
        """Sentences of the outlet's articles that name what the claim names (retrieval found none of its articles)."""
        outlets = {a.lower() for route in question.routes for source in route for a in aliases(source) | {source}}
        words = [n for n in names_in(text) if n.lower() not in outlets][:2]
        if not words or self.archive is None:
            return []
        hits = self.archive(words, Filters(sources=tuple(sorted(side.sources))))[: self.tuning.fetched]
        return [c for c in self.scorer.candidates(hits) if not side.day or near_day(c.hit.published_at, side.day)]

_NEGATED_REPORT = re.compile(r"\b(?:fail|fails|failed|not|never|n['’]t)\b\s+(?:to\s+)?(?:\w+\s+)?"
                             r"(?:report|mention|cover|say|discuss|note|publish)", re.IGNORECASE)


_FIGURE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:million |billion |thousand )?([^\W\d_]+)")


def _other_figures(first: str, second: str, topic: str) -> bool:
    """The two sentences give different figures for what the topic counts ("about 18,000 people" against "some 60,000
    people" on "how many people marched?"): the figure's unit is a word of the topic, each gives it, and no figure is
    in both."""
    wanted = set(terms(topic))
    def figures(text: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for number, unit in _FIGURE.findall(text):
            if set(terms(unit)) & wanted:
                out.setdefault(terms(unit)[0], set()).add(number.replace(",", ""))
        return out
    a, b = figures(first), figures(second)
    return any(not (a[unit] & b[unit]) for unit in a.keys() & b.keys())


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
        if re.match(r"\s+(?:just|only|merely|simply|least)\b", text[match.end():]) or \
                no_denial(text[:match.start()], text[match.end():]):
            continue  # "it wasn't just to join a contender": that and more, not the opposite; "may not raise rates further"
        scope = re.findall(r"[\w'’]+", _FRAMED.sub("", text[match.end():], count=1))[:4]
        if shared & set(terms(" ".join(scope))):
            return True
    return False


def _opposite_verbs(claim: str, sentence: str) -> bool:
    """The sentence uses the opposite verb of the claim's and none of the claim's own ("rejected" against "approved",
    "won" against "lost"; `stance.FAMILIES`)."""
    mine, theirs = results_of(claim), results_of(sentence)
    return any((a in mine and b in theirs and b not in mine and a not in theirs) or
               (b in mine and a in theirs and a not in mine and b not in theirs) for a, b in OPPOSITES)


def _prefixed_in(text: str, other: str) -> bool:
    lowered = other.lower()
    for match in _PREFIXED.finditer(text):
        stem = match.group(1).lower()[:6]
        if named_pattern(rf"\b{re.escape(stem)}").search(lowered) and match.group(0).lower() not in lowered:
            return True
    return False


def _source_of(backing: _Backing) -> str:
    best = backing.best
    if best is None:
        return "the article"
    source = best.sentence.hit.source
    return f"{'t' + source[1:] if source.startswith('The ') else 'the ' + source} article"  # "the Verge article", not "the The"


def _distinct(items: Sequence[Scored | None]) -> list[Scored]:
    out: list[Scored] = []
    for item in items:
        if item is not None and all(o.sentence.hit.article_id != item.sentence.hit.article_id or o.sentence.start !=
                                    item.sentence.start for o in out):
            out.append(item)
    return out
