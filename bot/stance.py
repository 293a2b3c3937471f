"""Does a sentence support a claim, contradict it, or neither? Offline, by rules a reader can check.

`Claims(vocabulary)` reads a claim once (`read(text)`: its weighted terms, names, numbers,
dates, negation, and the predicate families it uses) and then judges sentences against it
(`judge(claim, sentence_text, context)`):

- **related**: the sentence shares enough of the claim's weighted terms (`coverage`) and names
  every name of the claim (a surname or a known short form is enough);
- **contradicts**, when related, because of:
  - *negation*: one side negates the shared predicate and the other doesn't ("did not raise");
  - *number*: the same unit with another number ("25 basis points" vs "50 basis points");
  - *predicate*: an opposite verb of the same family ("raised" vs "held steady" or "cut",
    "won" vs "lost", "approved" vs "rejected", "opened" vs "closed", "hired" vs "fired", "fired" vs "resigned");
  - *role*: the winner and loser swapped ("Parker beat Wilder" against "Wilder beat Parker"), or another side said to
    win ("which Epic won", "WEST INDIES WIN THE SERIES", "Jamaica's first-ever win");
  - *date*: another month or year for the event;
- **supports** otherwise, when it also carries the claim's predicate (or the claim has none).

Deliberately not here: finding the sentences (`evidence.py`) or turning judgements into a yes,
a no or "the articles don't settle it" (`decide.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.dating import days_in
from bot.names import named_pattern, names_in, person_like, surname
from index.keyword import fold, terms

__all__ = ["Claims", "ReadClaim", "Judgement", "FAMILIES", "OPPOSITES", "asks_result", "hedged", "hypothetical", "mentions",
           "names_winner", "no_denial", "only_a_plea", "PLANNED", "reports_result", "result_words", "SCORE", "scores_in",
           "strip_framing", "unnamed"]

_FAMILY_WORDS = {
    "up": "raise raised raises raising hike hiked hikes increase increased increases rise rose risen rises grow grew grown "
          "boost boosted lift lifted jump jumped climb climbed surge surged gain gained soar soared higher jumps jumping "
          "climbs climbing surges surging soars soaring rocketed skyrocketed",
    "down": "cut cuts cutting lower lowered reduce reduced decrease decreased fall fell fallen falls drop dropped decline "
            "declined slash slashed slump slumped plunge plunged shrink shrank tumble tumbled sink sank sinks sinking sunk "
            "plunges plunging slumps slumping tumbles tumbling slid sliding tanked",
    "hold": "hold held holds keep kept unchanged pause paused steady maintain maintained freeze froze frozen",
    "same": "same unchanged flat identical equal",
    "win": "win won wins winning beat beats beaten beating defeat defeated defeating victory triumph triumphed clinch clinched "
           "trounce trounced trouncing thrash thrashed thrashing rout routed routing crush crushed edge edged edging overcome "
           "overcame topple toppled stun stunned outscore outscored upset",
    "lose": "lose lost loses losing loss",
    "draw": "levelscore stalemate deadlock deadlocked",  # "a 4-4", "a goalless draw", "drew with" (`result_words`)
    "approve": "approve approved approves pass passed accept accepted sign signed endorse endorsed back backed "
               "support supported agree agreed greenlight greenlit ratify ratified",
    "reject": "reject rejected rejects block blocked veto vetoed oppose opposed refuse refused decline declined "
              "disagree disagreed overturn overturned",
    "open": "open opened opens reopen reopened reopens launch launched launches release released start started begin began "
            "resume resumed",
    "close": "close closed closes shut halt halted stop stopped suspend suspended cancel cancelled canceled delay "
             "delayed postpone postponed scrap scrapped",
    "hire": "hire hired appoint appointed reinstate reinstated rehire rehired return returned name named",
    "fire": "fire fired oust ousted dismiss dismissed remove removed sack sacked",
    "leave": "resign resigned resigns quit quits",
    "confirm": "confirm confirmed confirms admit admitted acknowledge acknowledged",
    "deny": "deny denied denies dispute disputed",
    "guilty": "guilty convicted conviction",
    "acquitted": "acquitted innocent acquittal",
    "buy": "buy buys bought buying acquire acquires acquired acquiring acquisition purchase purchased takeover",
    "sell": "sell sells sold selling divest divested",
    "die": "die died dies dead death deaths killed kill",
    "profit": "profit profits profitable profitability earnings income",
    "temporary": "interim acting temporary caretaker provisional",
    "exceed": "top topped tops outpace outpaced outpaces exceed exceeded exceeds surpass surpassed surpasses eclipse "
              "eclipsed overtake overtook overtaken beat beats bigger larger higher",
    "permanent": "permanent",
    "miss": "undershot",  # "missed estimates", "fell short of expectations" (`result_words`)
    "majority": "majority controlling",
    "minority": "minority",
}
FAMILIES = {family: frozenset(words.split()) for family, words in _FAMILY_WORDS.items()}
_VERB_TERMS = frozenset(terms(" ".join(_FAMILY_WORDS.values())))
OPPOSITES = {("up", "down"), ("up", "hold"), ("down", "hold"), ("up", "same"), ("down", "same"), ("win", "lose"),
             ("approve", "reject"), ("open", "close"), ("hire", "fire"), ("hire", "leave"), ("fire", "leave"), ("confirm", "deny"),
             ("guilty", "acquitted"), ("buy", "sell"), ("profit", "lose"), ("temporary", "permanent"),
             ("majority", "minority"), ("exceed", "miss")}
# A negation, or a verb that says the predicate didn't happen ("fell short of expectations", "turned down the offer",
# "the first country to stop applying the principle").
_NEGATION = re.compile(r"\b(?:not|no(?!\.\s?\d)|never|yet to|neither|nor|without|none|cannot|no longer|turned down|turns down|turn down|"
                       r"fell short|falls short|fall short|missed|misses|shy of)\b|n['’]t\b|"
                       r"\b(?:refused|failed|declined|refuses|fails|declines) to\b|"
                       r"\b(?:stop|stops|stopped|stopping|cease|ceases|ceased)(?=\s+\w+ing\b|$)", re.IGNORECASE)  # "stop applying"
_UNIT_NUMBER = re.compile(r"([$£€]?\s?\d[\d,]*(?:\.\d+)?)(?:\s*|-)(%|percent|per cent|million|billion|trillion|basis points?|points?|"
                          r"goals?|runs?|votes?|seats?|people|deaths|years?|months?|days?|games?|wins?|touchdowns?|yards?|"
                          r"[a-z]+s)(?:(?<=%)|\b)", re.IGNORECASE)  # "17%" is a figure too, wherever it stands
_WEEKDAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_QUARTER = re.compile(r"\bq([1-4])\b", re.IGNORECASE)
_ORDINALS = ("first", "second", "third", "fourth")
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten first second third fourth fifth".split())
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH = re.compile(rf"\b({_MONTHS})\b", re.IGNORECASE)
# A month written short: "Oct. 7", "Sept 30", "nov 5" (a full stop or a day after it; "mar" and "may" alone are words)
_MONTH_SHORT = re.compile(r"\b(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)(?:\.|(?=\s+\d{1,2}\b))", re.IGNORECASE)


def _months(text: str) -> frozenset[str]:
    """The months `text` names, in full and lower case ("Oct. 7" -> "october")."""
    full = _MONTHS.split("|")
    return frozenset({m.lower() for m in _MONTH.findall(text)} |
                     {next(f for f in full if f.startswith(m.lower()[:3])) for m in _MONTH_SHORT.findall(text)})
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_FRAMING = re.compile(r"^(?:the\s+)?(?:(?P<outlet>[^,]{2,60}?)\s+)?(?:article|articles|report|reports|piece|story|coverage|"
                      r"reporting)?\s*(?:published\s+\S+(?:\s+\S+){0,3}\s+)?(?:which\s+|that\s+)?(?:suggest|suggests|suggested|indicate|indicates|"
                      r"indicated|report|reports|reported|say|says|said|state|states|stated|claim|claims|claimed|imply|implies|"
                      r"implied|mention|mentions|mentioned|describe|describes|described|argue|argues|argued|note|notes|noted|"
                      r"highlight|highlights|highlighted|discuss|discusses|discussed|focus on|focuses on|attribute|attributes|"
                      r"credit|credits|"
                      r"portray|portrays|depict|depicts|reflect|reflects|question|questions|doubt|doubts|agree|agrees|agreed|"
                      r"both agree|all agree|confirm|confirms)\s+(?:that\s+)?"
                      r"(?P<claim>.+)$", re.IGNORECASE)


_NAME_STATE = re.compile(r"^(?!.*\b(?:article|report|piece|story|coverage|reporting)s?\b).*\bstates?\s+$", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class ReadClaim:
    """A claim as the judge reads it."""

    text: str
    weights: dict[str, float]
    names: tuple[str, ...]
    numbers: tuple[tuple[str, str], ...]  # (number, unit)
    months: frozenset[str]
    years: frozenset[str]
    negated: bool
    families: frozenset[str]
    order: tuple[str, str] = ("", "")  # (winner, loser) for "A beat B"
    keys: tuple[str, ...] = ()  # rare terms that aren't in capitalised names: the names of a lower-case question


@dataclass(frozen=True)
class Judgement:
    """How one sentence bears on one claim."""

    related: bool
    supports: bool
    contradicts: bool
    coverage: float
    why: str = ""
    predicate: float = 0.0  # share of the claim's non-name terms the sentence itself has
    swapped: bool | None = None  # winner and loser the other way round (True), the same (False), or not said (None)


class Claims:
    """Reads claims and judges sentences against them (see the module docstring)."""

    related_similarity = 0.6  # a paraphrase this close is related even without shared words
    carried_similarity = 0.8  # ... and carries the claim even without its predicate's words

    def __init__(self, vocabulary: Any = None) -> None:
        """`vocabulary` (the keyword index) weighs terms by rarity; read live, as the index changes."""
        self.vocabulary = vocabulary

    def read(self, text: str, outlets: tuple[str, ...] = (), capitalised: frozenset[str] = frozenset()) -> ReadClaim:
        """The claim `text`; names that are part of an outlet's name in `outlets` are not the claim's names.
        `capitalised` holds words (lower case) the evidence writes capitalised: in a lower-case claim
        ("did canelo beat charlo") they are its names."""
        text = _QUARTER.sub(lambda m: f"{_ORDINALS[int(m.group(1)) - 1]} quarter", text)  # "q3" -> "third quarter"
        text = _THOUSANDS.sub(lambda m: f"{round(float(m.group(1)) * 1000):,}", text)  # "10k" -> "10,000"
        from bot.evidence import question_terms

        weights = question_terms(_FOUND_AS.sub("", text))  # "found guilty" is "guilty": not "we don't find out"
        unseen = self.vocabulary.unseen if self.vocabulary is not None else 0.0
        if unseen > 0:
            weights = {t: w * (0.5 + self.vocabulary.idf(t) / unseen) for t, w in weights.items()}
        words = set(re.findall(r"[a-z]+", result_words(text).lower()))
        families = frozenset(f for f, members in FAMILIES.items() if words & members)
        sources = " | ".join(outlets).lower()
        names = tuple(n for n in names_in(text) if not _MONTH.fullmatch(n) and n.lower() not in sources)
        name_terms = set(terms(" ".join(names))) | set(terms(" ".join(outlets)))
        lowered = {w.lower() for w in re.findall(r"[^\W\d_][\w'’-]*", text) if w.lower() in capitalised
                   and not _MONTH.fullmatch(w) and w.lower() not in _WEEKDAY_NAMES}
        key_terms = set(terms(" ".join(lowered)))
        keys = tuple(t for t in weights if t not in name_terms and not t.isdigit() and t not in _VERB_TERMS
                     and (t in key_terms or self._rare(t)))  # a rare word, not a result verb ("beat" in a small index)
        return ReadClaim(text=text, weights=weights, names=names, keys=keys,
                         numbers=tuple((m.group(1).replace(" ", ""), _unit(m.group(2))) for m in _UNIT_NUMBER.finditer(text)),
                         months=_months(text), years=frozenset(_YEAR.findall(text)),
                         negated=bool(_NEGATION.search(text)), families=families, order=_order(text, names))

    def _rare(self, term: str) -> bool:
        """A term few chunks use (a name, mostly): its idf is at least 60% of an unseen term's."""
        if self.vocabulary is None or self.vocabulary.unseen <= 0:
            return False
        return bool(self.vocabulary.idf(term) >= 0.6 * self.vocabulary.unseen)

    def judge(self, claim: ReadClaim, sentence: str, context: str = "", similarity: float = 0.0, published: str = "") -> Judgement:
        """How `sentence` (with `context`: its article's title and neighbouring text) bears on `claim`;
        `similarity`, the embedding cosine of the two, lets a paraphrase count as related; `published`
        (the article's date) supplies the month a sentence reporting "on Wednesday" means."""
        month = _month_of(published)
        if claim.families & {"guilty", "acquitted"} and not _PLEA.search(claim.text):
            # a plea is no verdict: "pleaded not guilty" neither says nor denies "convicted"
            sentence = _PLEA.sub("entered a plea", sentence)
        own = set(terms(sentence + " " + month))
        around = own | set(terms(context))
        total = sum(claim.weights.values()) or 1.0
        keyed = {k for k in claim.keys if any(t.startswith(k) for t in around)}  # "fed" in "Federal"
        coverage = sum(w for t, w in claim.weights.items()
                       if t in own or t in keyed or (t in around and t not in _predicate_terms(claim)))
        coverage /= total
        lowered = _GOING_ON.sub("", result_words(sentence).lower())  # "cannot keep raising rates" says nothing of holding
        missing = [n for n in claim.names if not mentions(n, sentence + " " + context)] + \
            [k for k in claim.keys if not any(t.startswith(k) for t in around)]  # "fed" in "Federal"
        keys = len(claim.names) + len(claim.keys)
        named = not keys or keys - len(missing) >= max(1, (keys + 1) // 2)
        related = named and (coverage >= 0.45 or similarity >= self.related_similarity)
        if not related:
            return Judgement(False, False, False, coverage)
        words = set(re.findall(r"[a-z]+", lowered))
        mine = frozenset(f for f, members in FAMILIES.items() if words & members)
        main = _main_families(lowered)  # "left rates unchanged, but four voted to cut": the sentence says "held"
        why = ""
        swapped = _swapped(claim.order, result_words(sentence, scores=False)) if claim.order[0] else None
        if swapped is True:
            why = "role"
        if swapped is None and claim.families and not (claim.families & main) and \
                any((a in claim.families and b in main) or (b in claim.families and a in main) for a, b in OPPOSITES):
            why = "predicate"
        if not why and keys >= 2 and len(missing) == 1 and claim.families & mine:
            rest = sum(w for t, w in claim.weights.items() if t in around and t not in set(terms(missing[0])))
            if rest / total >= 0.6 and any(not mentions(n, claim.text) and n.lower() not in claim.text.lower()
                                           and _near_family(n, sentence, claim.families)
                                           for n in names_in(sentence)[1:] + names_in(sentence)[:1] if len(n) > 2):
                why = "name"  # "Did Tottenham lose to Arsenal?" against "... defeat at home to Chelsea"
        if not why and _other_subject(claim, sentence):
            why = "name"  # "did Reyes score the winner?" against "Cole scored the winner in the 89th minute"
        if not why and _COMPARATIVE.search(claim.text) and _EQUAL.search(sentence) and not _COMPARATIVE.search(sentence):
            why = "predicate"  # "is the new model more powerful than the old?" against "identical to the original"
        if not why and claim.families & {"win", "lose"} and "draw" not in claim.families and "draw" in mine and \
                not mine & {"win", "lose"} and not _DRAW_WORD.search(claim.text):
            why = "predicate"  # "did Chelsea win?" against "came back to claim a 4-4": a draw
        if not why and "win" in claim.families and (_other_winner(claim, result_words(sentence, scores=False))
                                                    or _beaten(claim, result_words(sentence, scores=False))
                                                    or _declared_other(claim, sentence)):
            why = "role"  # "Did Google win the Epic Games trial?" against "... the Epic Games lawsuit, which Epic won"
        if not why and _negated_near(claim, sentence) != claim.negated:
            why = "negation"
        if not why:
            why = _other_number(claim, sentence) or _other_score(claim, sentence) or _minority(claim, sentence) or \
                _split(claim, sentence) or \
                ("number" if _share(claim, sentence) is False else "") or _other_date(claim, sentence, month)
        if why and _what_may_come(claim, sentence):
            return Judgement(True, False, False, coverage)
        if why:
            return Judgement(True, False, True, coverage, why, swapped=swapped)
        predicate = _predicate_terms(claim)
        weight = sum(claim.weights[t] for t in predicate)
        kin = _family_terms(mine)  # a word of the same family stands in for the claim's ("acquiring" for "buy")
        carried = sum(claim.weights[t] for t in predicate if t in own or t in kin) / weight if weight else 1.0
        figures = [n for n in re.findall(r"\d[\d,]*(?:\.\d+)?", claim.text) if not re.fullmatch(r"(?:19|20)\d\d", n)]
        if figures and all(_plain(n) in {_plain(m) for m in re.findall(r"\d[\d,]*(?:\.\d+)?", sentence)} for n in figures) \
                and all(_plain(n) in {_plain(m) for m, u2, w2 in _figures(sentence, w) if u2 == u and w <= w2}
                        for n, u, w in _figures(claim.text) if w):  # "20,000 registered users" is no "20,000 daily users"
            carried = max(carried, 0.8)  # every figure of the claim, in the sentence: "18,000" carries "18,000 marchers"
        # "Germany lost to the USMNT" states "the USMNT beat Germany" in the loser's words; "a 51% stake" a majority one
        stated = (swapped is False and all(mentions(n, sentence) for n in claim.order)) or bool(_share(claim, sentence))
        if stated:
            carried = max(carried, 0.8)
        family = not claim.families or bool(claim.families & mine) or _shares_predicate(claim, own) or stated
        # "divided over whether the drug works" asserts nothing; nor does "could face 20 years if convicted" to "was he convicted?"
        hedged = bool(_HEDGE.search(sentence)) or (hypothetical(sentence, claim.text) and not hypothetical(claim.text))
        supports = family and not missing and not hedged and (carried >= 0.75 or similarity >= self.carried_similarity)
        return Judgement(True, supports, False, coverage, predicate=carried, swapped=swapped)


# A match score ("3-1", "2–0"), not a formation ("4-3-3"), a date ("2023-11-24") or a range of years.
SCORE = re.compile(r"(?<![\d.:/–-])(\d{1,2})\s?[-–]\s?(\d{1,2})(?![\d–-]|\s?[-–]\s?\d)")
_SCORED_WORDS = frozenset("win won wins beat beaten victory defeat defeated loss lost lose fell draw drew drawn tied "
                          "scored scoreline thrashed trounced routed edged".split())
# "fell 3-1 to Germany", "fell, 3-1, in Hartford": lost; "looks upset", "upset about": a feeling, not a result.
_FELL = re.compile(r"\b(?:fell|went down)(?=\s*,?\s*\d{1,2}\s?[-–]\s?\d{1,2}(?!\d)|\s+to\b)", re.IGNORECASE)
_FEELING = re.compile(r"\b(?:(?:look|looks|looked|looking|was|were|is|are|be|been|being|visibly|very|feel|feels|felt|get|got|"
                      r"seemed|seems|so|too|clearly)\s+upset\b|upset(?=\s+(?:about|by|with|at|over|that)\b))", re.IGNORECASE)

# "a 3-1 defeat", "their first defeat", "defeat to Chelsea": a loss; not "their defeat of Italy".
_DEFEAT_NOUN = re.compile(r"(?:\b(?:a|an|the|their|his|her|its|our|first|heavy|narrow|shock|surprise|crushing|home|away)\s+"
                          r"(?:[\w-]+\s+)?|\b\w+['’]s\s+(?:[\w-]+\s+){0,4}|(?<![\d-])\d{1,2}\s?[-–]\s?\d{1,2}\s+)"
                          r"defeat\b(?!\s+(?:of|for)\b)", re.IGNORECASE)


# Below what was expected: "missed estimates", "fell short of Wall Street's expectations", "came in below forecasts".
_MISSED = re.compile(r"\b(?:missed|misses|miss|fell short of|falls short of|fall short of|(?:came|comes|come) in (?:\w+\s+)?below|"
                     r"came up short of|trailed|lagged)(?=\s+(?:[\w'’-]+\s+){0,3}?(?:expectations|estimates|forecasts?|"
                     r"projections|consensus|guidance|targets?)\b)", re.IGNORECASE)
# A result word as the first part of a compound describes, it reports nothing: "top-line sources", "a sold-out show",
# "cut-price", "open-source" (`result_words` writes them as one word).
_COMPOUND = re.compile(r"\b([A-Za-z]+)-(?=[A-Za-z])")
_ALL_FAMILY_WORDS = frozenset(w for words in _FAMILY_WORDS.values() for w in words.split())
_OUTDID = re.compile(r"\b(?:came|comes|come) in (?:\w+\s+)?(?:above|ahead of)(?=\s+(?:[\w'’-]+\s+){0,3}?"
                    r"(?:expectations|estimates|forecasts?|projections|consensus|guidance|targets?)\b)", re.IGNORECASE)
# "went up 15%", "has gone down": a rise or a fall in two words.
_WENT = re.compile(r"\b(?:go|goes|went|gone|going)\s+(up|down)\b|"
                   r"\b(?:is|are|was|were|been|being)\s+(up|down)(?=\s+(?:by\s+)?(?:about\s+|around\s+)?[$£€]?\d)", re.IGNORECASE)
_NEARLY = re.compile(r"\b(?:close to|closer to|closing in on)(?=\s+(?:[$£€]?\d|a |an |one |two |three |half|record))", re.IGNORECASE)
_THOUSANDS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)k\b", re.IGNORECASE)
# A comparison ("more powerful than", "bigger than") and a statement of equality ("identical to", "the same as", "on par with").
_COMPARATIVE = re.compile(r"\b(?:more|less)\s+(?!than\b)[a-z]+\s+than\b|\b(?!(?:other|rather|later|earlier|sooner|never|ever|under|"
                          r"over|after|whether|either|neither|longer|further)\b)[a-z]{3,}er\s+than\b", re.IGNORECASE)
_EQUAL = re.compile(r"\b(?:identical (?:to|with)|the same as|on par with|equal to|just as [a-z]+ as)\b", re.IGNORECASE)
_DRAW_WORD = re.compile(r"\b(?:draw|draws|drew|drawn|tie|ties|tied)\b", re.IGNORECASE)  # a claim that itself has a draw
# A match ending level: "claim a 4-4", "a goalless draw", "drew 1-1 with" (a draw is no win); not a record ("Rams (6-6)").
_LEVEL = re.compile(r"\b(?:a|an|drew|draws|drawn|tied|ties)\s+(\d{1,2})\s?[-–]\s?\1(?![\d–-]|\s?[-–]\s?\d|\s+(?:record|start|mark)\b)|"
                    r"\b(?:a|the|an?\s+[\w-]+|\d{1,2}\s?[-–]\s?\d{1,2})\s+draw\b(?!\s+(?:for|of|to|on)\b)|"
                    r"\b(?:drew|draws|drawn|tied)\s+(?:\d{1,2}\s?[-–]\s?\d{1,2}\s+)?(?:with|at|against|level)\b", re.IGNORECASE)


def result_words(text: str, scores: bool = True) -> str:
    """`text` with its result verbs read as meant: "fell 3-1" and "fell to" are "lost"; an "upset" that is a feeling
    ("Canelo looks upset") is no win. `scores=False` also drops the scores written next to them ("lost 3-1 to" -> "lost to")."""
    text = _FEELING.sub(lambda m: m.group(0).replace("upset", "upsetfeeling"), text)
    text = _NEARLY.sub("nearly", text)  # "close to 10,000 takedowns": about, not closed
    text = _COMPOUND.sub(lambda m: m.group(1) if m.group(1).lower() in _ALL_FAMILY_WORDS else m.group(0), text)
    text = _MISSED.sub("undershot", text)
    text = _OUTDID.sub("topped", text)
    text = _FELL.sub("lost", text)
    text = _WENT.sub(lambda m: "rose" if (m.group(1) or m.group(2)).lower() == "up" else "dropped", text)
    text = _DEFEAT_NOUN.sub(lambda m: m.group(0)[: -len("defeat")] + "loss", text)
    text = _LEVEL.sub(lambda m: m.group(0) + " levelscore", text)
    return text if scores else " ".join(SCORE.sub(" ", text).split()).replace(" ,", ",")


def scores_in(text: str, near_result: bool = False) -> set[frozenset[str]]:
    """The match scores `text` gives, each as the set of its two numbers ("3-1" and "1-3" are one result); with
    `near_result`, only those within four words of a result word ("a 1-0 victory", "fell, 3-1"), not a record ("now 10-2")."""
    found = set()
    for m in SCORE.finditer(text):
        if near_result:
            around = re.findall(r"[a-z]+", (" ".join(text[:m.start()].split()[-4:]) + " " + " ".join(text[m.end():].split()[:4])).lower())
            if not _SCORED_WORDS & set(around):
                continue
        found.add(frozenset((m.group(1), m.group(2))))
    return found


# A question after how a match or contest ended: its score or result.
_RESULT_ASKED = re.compile(r"\b(?:final score|the score|score of|scoreline|result of|how did\s+.+?\s+(?:get on|do|fare|go)\b|"
                           r"who won\s+.+?\s+(?:vs\.?|v\.?|versus|against)\s)", re.IGNORECASE)
_NOT_RESULT = re.compile(r"\b(?:odds|predictions?|preview|betting|bets?|props?|spread)\b", re.IGNORECASE)


def asks_result(question: str) -> bool:
    """The question asks how a match ended: "final score north texas vs smu?", "how did man utd get on at fulham"."""
    return bool(_RESULT_ASKED.search(question))


def reports_result(text: str) -> bool:
    """`text` gives a match score or says who won or lost, as fact ("fell 3-1", "a 2-2 draw"), not as a preview or a
    bet ("could win", "the odds favour")."""
    words = set(re.findall(r"[a-z]+", result_words(text).lower()))
    said = bool(scores_in(text, near_result=True)) or bool(words & (FAMILIES["win"] | FAMILIES["lose"])) or \
        bool(words & {"draw", "drew", "tied"})
    return said and not hypothetical(text) and not _NOT_RESULT.search(text)


def _share(claim: ReadClaim, sentence: str) -> bool | None:
    """Whether a stake the sentence sizes ("a 51% stake") is the kind the claim says ("a majority stake"): True, False
    ("a minority stake"), or None when either says nothing of it."""
    kind = re.search(r"\b(minority|majority|controlling)\s+(?:stake|share|holding)", claim.text, re.IGNORECASE)
    size = re.search(r"(\d+(?:\.\d+)?)\s?(?:%|percent|per cent)\s+(?:stake|share|holding)", sentence, re.IGNORECASE)
    if not kind or not size:
        return None
    return (float(size.group(1)) > 50) != (kind.group(1).lower() == "minority")


_MOST = re.compile(r"\b(?:most|the majority|more than half)\s+of\b", re.IGNORECASE)
_FEWER = re.compile(r"\b(?:fewer than|less than|under|only|just)\s+(?:about\s+)?(\d[\d,]*(?:\.\d+)?)", re.IGNORECASE)


def _minority(claim: ReadClaim, sentence: str) -> str:
    """ "Most of them" against a sentence putting the part at under half of the whole it names ("Of 402,000 reports ...,
    fewer than 164,000 were disabled")."""
    if not _MOST.search(claim.text):
        return ""
    def plain(text: str) -> list[float]:
        return [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text) if not re.fullmatch(r"(?:19|20)\d\d", n)]
    named = set(plain(claim.text))  # "under 13" is the claim's "under-13", no part
    parts = [value for m in _FEWER.finditer(sentence) if (value := float(m.group(1).replace(",", ""))) not in named]
    return "number" if any(part < whole / 2 for part in parts for whole in plain(sentence)) else ""


_UNANIMOUS = re.compile(r"\bunanimous(?:ly)?\b|\bwithout (?:a single|any) (?:vote|one voting) against\b", re.IGNORECASE)
# A vote with some against it: "voted 296 against three", "passed 52-48", "by a vote of 7 to 2", "with two votes against"
_SPLIT_VOTE = re.compile(r"\b(?:vot\w*|passed|approved|ballot\w*)\b[^.;]{0,30}?\b\d[\d,]*\s*(?:-|–|to|against)\s*(?!0\b|zero\b)"
                         r"(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)\b|"
                         r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?(?:votes?|voted|voting)\s+"
                         r"(?:against|no)\b", re.IGNORECASE)


def _split(claim: ReadClaim, sentence: str) -> str:
    """ "Unanimous" against a sentence giving a vote with some against it ("voted 296 against three")."""
    return "number" if _UNANIMOUS.search(claim.text) and not claim.negated and _SPLIT_VOTE.search(sentence) else ""


def _other_score(claim: ReadClaim, sentence: str) -> str:
    """Another match score for a claim about one ("beat Paraguay 3-0" against "a 1-0 victory")."""
    wanted = scores_in(claim.text)
    if len(wanted) != 1:
        return ""
    given = scores_in(sentence, near_result=True)
    return "number" if given and not wanted & given else ""


def _unit(unit: str) -> str:
    unit = unit.lower().replace("per cent", "%").replace("percent", "%")
    return unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit


def _predicate_terms(claim: ReadClaim) -> set[str]:
    """The claim's non-name terms (its predicate and objects): these must be in the sentence itself."""
    name_terms = set(terms(" ".join(claim.names))) | set(claim.keys)
    return {t for t in claim.weights if t not in name_terms}


_HEDGE = re.compile(r"\b(?:whether|divided (?:on|over)|unclear|uncertain|debate (?:on|over|about)|questions? (?:over|about)|"
                    r"might|may or may not|if it|could not say|remains to be seen)\b", re.IGNORECASE)


_HYPOTHETICAL = re.compile(r"\b(?:if|unless|could|would|might|(?-i:may)|whether|expected to|likely to|set to|poised to|"
                           r"expects?\s+(?:\w+\s+){0,4}?to|expecting|"
                           r"plans? to|planned to|aims? to|hopes? to|seeks? to|threatens? to|wants? to|wanted to|proposed|potential(?:ly)?|"
                           r"alleged(?:ly)?|accused of|faces? up to|facing up to)\b", re.IGNORECASE)


def unnamed(claim: ReadClaim, near: str) -> list[str]:
    """The claim's names that `near` (a sentence with its neighbour and its article's title) doesn't write: a sentence
    that leaves out who the claim is about ("a 1-0 victory" for "did Messi score the goal?") or whom ("posted wins over
    Kansas State" for "did USC beat Gonzaga?") doesn't carry it, though its article names them elsewhere. A place the
    claim sets it in ("in Riyadh", "at Old Trafford") may be the article's dateline alone."""
    return [n for n in claim.names if not mentions(n, near)
            and not re.search(rf"\b(?:in|at)\s+(?:the\s+)?{re.escape(n)}\b", claim.text, re.IGNORECASE)]


def hedged(name: str, text: str) -> bool:
    """`text` speaks of `name` only as what may happen: a hedge ("could", "tipped to", "potential") within the five
    words before each mention of it ("could help land highly-regarded coach Joe Schmidt")."""
    found = [m.start() for m in named_pattern(rf"(?<!\w){re.escape(name)}(?!\w)").finditer(text)]
    return bool(found) and all(_MAYBE.search(" ".join(text[:at].split()[-5:])) for at in found)


# What may come, said of a name ("could land", "tipped to replace"); not "alleged", which reports what someone did.
_MAYBE = re.compile(r"\b(?:could|would|might|(?-i:may)|expected to|likely to|set to|poised to|tipped to|in line to|"
                    r"potential(?:ly)?|rumou?red)\b", re.IGNORECASE)


def hypothetical(text: str, about: str = "") -> bool:
    """Whether `text` speaks of what may, could or would happen (or is alleged) rather than of what did: anywhere, or,
    given `about`, right before one of its words ("if convicted" is hypothetical about "was he convicted?"; "would"
    elsewhere in the sentence is not); a word of the same family counts ("whether he's guilty" for "convicted")."""
    wanted = _wanted(about)
    return any(not about or wanted & set(terms(" ".join(text[m.end():].split()[:3]))) for m in _HYPOTHETICAL.finditer(text))


def _what_may_come(claim: ReadClaim, sentence: str) -> bool:
    """The sentence speaks of the claim only as what may come ("traders expect the Fed to hold next week", "pressure on
    the board to reinstate her"), so it neither says nor denies what happened; but "may adjust the odds" does
    contradict the negated "never adjust the odds", and "it was confirmed that he would not return" is no maybe."""
    return (hypothetical(sentence, claim.text) or _urged(sentence, claim.text)) and not hypothetical(claim.text) and \
        not claim.negated and not PLANNED.search(sentence)


def _urged(text: str, about: str) -> bool:
    """`text` asks for what `about` says, a few words on ("pressure on the board to reinstate her", "urged him to
    resign", "calls for a ceasefire"): what someone wants done, not what was."""
    wanted = _wanted(about)
    return any(wanted & set(terms(" ".join(text[m.end():].split()[:6]))) for m in _URGING.finditer(text))


def _wanted(about: str) -> set[str]:
    """The terms of `about` and of the families of its result words ("guilty" for "convicted")."""
    words = set(re.findall(r"[a-z]+", about.lower()))
    return set(terms(about)) | _family_terms(frozenset(f for f, members in FAMILIES.items() if words & members))


_URGING = re.compile(r"\b(?:pressure|urg(?:e|es|ed|ing)|call(?:s|ed|ing)?\s+(?:on|for)|push(?:es|ed|ing)?\s+(?:for|to))\b",
                     re.IGNORECASE)


def _main_families(lowered: str) -> frozenset[str]:
    """The families of the sentence's first family word (its main predicate, in news prose)."""
    for word in re.findall(r"[a-z]+", lowered):
        found = frozenset(f for f, members in FAMILIES.items() if word in members)
        if found:
            return found
    return frozenset()


# "found guilty", "was found dead": "found" says what a court or someone concluded, it is no verb of its own.
_FOUND_AS = re.compile(r"\bfound(?=\s+(?:not\s+)?(?:guilty|liable|innocent|responsible|dead|alive|in contempt)\b)", re.IGNORECASE)
# What someone said will happen, as a fact of the story: "the ITC said it would impose a ban", "it was confirmed that he
# would not return".
PLANNED = re.compile(r"\b(?:said|says|announced|confirmed|ruled|decided)\b[^.;]{0,40}\bwould\b", re.IGNORECASE)
_PLEA = re.compile(r"\b(?:plead|pleads|pleaded|pleading|pled)\s+(?:not[\s-]+)?guilty\b|\bplea\b", re.IGNORECASE)
# "keep raising", "kept winning": a verb going on, not "keep" (hold) itself.
_GOING_ON = re.compile(r"\b(?:keep|keeps|kept|keeping)\s+(?=[a-z]+ing\b)")


def _month_of(published: str) -> str:
    """The month name of an ISO date ("2025-10-29" -> "October"), or ""."""
    if len(published) >= 7 and published[5:7].isdigit() and 1 <= int(published[5:7]) <= 12:
        return _MONTHS.split("|")[int(published[5:7]) - 1]
    return ""


def _family_terms(families: frozenset[str]) -> set[str]:
    return set(terms(" ".join(w for f in families for w in FAMILIES[f])))


def _shares_predicate(claim: ReadClaim, own: set[str]) -> bool:
    members = set(terms(" ".join(w for f in claim.families for w in FAMILIES[f])))
    return bool(members & own)


def mentions(name: str, text: str) -> bool:
    """`text` names `name`, by its full form, its surname, or as the start of a longer word ("Fed" in "Federal
    Reserve", "Pakistan" in "Pakistani"); accents don't matter ("Erdogan" is "Erdoğan")."""
    name, text = fold(name), fold(text)
    if named_pattern(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE).search(text):
        return True
    if "-" in name and " " not in name and \
            all(len(p) >= 2 and named_pattern(rf"(?<!\w){re.escape(p)}(?!\w)").search(text) for p in name.split("-")):
        return True  # "US-Pakistan": the US and Pakistan
    short = surname(name) if person_like(name) else name.split()[0]  # "Rubio" for Marco Rubio, "Lumora" for Lumora Auto
    if short != name and len(short) >= 4 and named_pattern(rf"(?<!\w){re.escape(short)}(?!\w)").search(text):
        return True
    if len(name) >= 3 and named_pattern(rf"(?<!\w){re.escape(name)}\w+", re.IGNORECASE).search(text):
        return True  # "Fed" in "Federal Reserve", "Pakistan" in "Pakistani"
    # "Pakistani" where the text says "Pakistan"
    return " " not in name and len(name) >= 7 and bool(named_pattern(rf"(?<!\w){re.escape(name[:-2])}\w{{0,2}}(?!\w)").search(text))


# A result between two sides, said winner first ("Colorado topped UCLA", "USC's win over Notre Dame", "won at Notre Dame")
# or loser first ("UCLA fell to Colorado", "a loss to Colorado"; the passive "was beaten by" is read from the "was").
_WINNER_FIRST = (r"beat|beats|beaten|beating|defeat|defeated|defeats|defeating|edge|edged|edges|edging|upsetting|trouncing|"
                 r"thrashing|routing|toppling|downing|demolishing|outscored|outlasted|upset|upsets|trounced|thrashed|"
                 r"routed|crushed|toppled|stunned|stuns|hammered|pulverised|pulverized|overcame|outclassed|demolished|demolishes|"
                 r"downed|blanked|topped|tops|outplayed|knocked over|knocking over|knocked off|saw off|sees off|eased past|cruised past|"
                 r"won against|won over|won at|wins against|wins over|wins at|win against|"
                 r"win over|win at|victory over|victory against|victory at|triumph over|defeat for|loss for")
_LOSER_FIRST_PHRASE = (r"lost to|lose to|loses to|fell to|falls to|fall to|lost at|loses at|lose at|lost against|loss to|"
                       r"losses to|defeat to|defeat by|defeats to|defeats by|defeat at|loss at|bowed to|succumbed to|win for|"
                       r"wins for|victory for")
_RESULT_BETWEEN = re.compile(r"\b(" + "|".join(sorted(f"{_WINNER_FIRST}|{_LOSER_FIRST_PHRASE}".split("|"), key=len, reverse=True))
                             + r")\b", re.IGNORECASE)  # the longest phrase first: "defeat to", then "defeat"
# Verbs with other senses ("topped the charts", "stunned fans"): a result only when both sides are named.
_BOTH_NAMED = frozenset({"topped", "tops", "stunned", "stuns", "crushed", "hammered"})


def _order(text: str, names: tuple[str, ...]) -> tuple[str, str]:
    """(winner, loser) when the claim says "A beat/topped/routed B", "A won at B", "B lost to A" or "a defeat for B against
    A"."""
    if len(names) < 2:
        return "", ""
    match = _RESULT_BETWEEN.search(text) or re.search(r"\b(lost|lose)\b", text, re.IGNORECASE)
    if not match:
        return "", ""
    before = [n for n in names if text.find(n) < match.start()]
    after = [n for n in names if text.find(n) > match.end()]
    phrase = match.group(1).lower()
    if phrase.endswith(" for") and len(after) >= 2 and not before:  # "a defeat for Dallas against Seattle"
        before, after = after[:1], after[1:]
        phrase = "for"
    if not before or not after:
        return "", ""
    winner, loser = before[-1], after[0]
    if re.match(r"\s+(?:by\s+|over\s+|about\s+|nearly\s+|almost\s+)?\d[\d,.]*(?!\s?[-–]\s?\d)", text[match.end():]):
        return "", ""  # "lose 25 Republican votes": a count lost, not an opponent
    loser_first = phrase in ("lost", "lose") or phrase in _LOSER_PHRASES or \
        bool(re.search(r"\b(?:was|were|been)\s+$", text[: match.start()]))
    if phrase == "for":  # the side after "for" won a win, lost a loss
        loser_first = match.group(1).lower().split()[0] in ("defeat", "loss")
    if loser_first:
        winner, loser = loser, winner
    return winner, loser


_LOSER_PHRASES = frozenset(_LOSER_FIRST_PHRASE.split("|"))
_PLAIN_RESULT = frozenset({"won", "wins", "win", "victory", "lost", "loses", "loss"})  # said of one side, with no other


def _swapped(order: tuple[str, str], sentence: str) -> bool | None:
    """True when `sentence` has the claim's winner and loser the other way round; False when the same; None when unclear.
    A sentence naming one of the two reads its role from where it stands ("Canelo won with tallies of 119-108" makes
    Canelo the winner; "the USMNT ... lost" makes the USMNT the loser; "a statement win against Ole Miss" makes Ole Miss
    the loser)."""
    winner, loser = order
    # a phrase ending in a preposition is read only with one of the two after it ("lost at times" is no "lost at USC")
    match = next((m for m in _RESULT_BETWEEN.finditer(sentence) if " " not in m.group(1)
                  or any(_object(sentence[m.end():], n) for n in order)), None) or \
        re.search(r"\b(won|wins|win|victory|lost|loses|loss)\b", sentence, re.IGNORECASE)  # _PLAIN_RESULT
    if not match:
        return None
    def at(name: str) -> int:
        for form in (name, surname(name)):
            found = re.search(rf"(?<!\w){re.escape(form)}(?!\w)", sentence, re.IGNORECASE)  # "Usmnt" typed, "USMNT" written
            if found:
                return found.start()
        return -1

    def side(name: str) -> int:
        return 0 if at(name) < 0 else -1 if at(name) < match.start() else 1
    w, l_ = side(winner), side(loser)
    phrase = match.group(1).lower()
    says_winner_first = phrase not in _LOSER_PHRASES and phrase not in ("lost", "loses", "loss") and not re.search(
        r"\b(?:was|were|been)\s+$", sentence[: match.start()])
    if bool(w) != bool(l_):  # one of the two named: the subject of a win won, of a loss lost
        if phrase in _BOTH_NAMED or ((w or l_) == 1 and not _object(sentence[match.end():], winner if w else loser)):
            return None  # "With Missouri's defeat of Tennessee, Georgia clinches": Georgia is not who was defeated
        if phrase in _PLAIN_RESULT and (
                (w or l_) == 1 or re.search(r"\b(?:to|will|would|could|can|might|must|should|may|bid|chance|hopes?)\s+$",
                                            sentence[: match.start()], re.IGNORECASE)):
            return None  # "lost" after the name may not be said of it; "determination to win" is no result
        named_first_wins = says_winner_first
        return (w == -1) != named_first_wins if w else (l_ == -1) == named_first_wins
    if w == l_ == -1 and phrase in ("won", "wins", "lost", "loses"):
        # both before the verb: the first named is its subject ("the USMNT led against Germany but lost"); not before a
        # noun ("Argentina knocking over the All Blacks, as well as a maiden loss": whose loss?)
        return (at(winner) < at(loser)) != says_winner_first
    if not w or w == l_:
        return None
    sentence_winner_first = (w == -1) == says_winner_first
    return not sentence_winner_first

def _object(rest: str, name: str) -> bool:
    """`name` is what the words `rest` after a result verb start with: at most three words before it ("No. 10 USC",
    "the Bruins"), and no comma or full stop between."""
    head = " ".join(re.sub(r"\bno\.\s?(?=\d)", "number ", rest, flags=re.IGNORECASE).split()[:4])
    found = [m for form in {name.split()[0], surname(name)}
             if (m := re.search(rf"(?<!\w){re.escape(form)}", head, re.IGNORECASE))]
    return bool(found) and not re.search(r"[,;.:](?:\s|$)", head[: found[0].start()])


_WON = re.compile(r"\b(?:won|wins)\b")
# A side said to win, right after its name, past or present, in any case ("which Epic won", "WEST INDIES WIN THE SERIES 3-2!")
_NAMED_WIN = re.compile(r"\b(?:won|wins|win)\b", re.IGNORECASE)
_OWN_WIN = re.compile(r"((?:[A-Z][\w.-]*\s+)*[A-Z][\w.-]*)['’]s?\s+(?:[\w-]+\s+){0,2}?(?:win|victory|triumph)\b")


def _other_winner(claim: ReadClaim, sentence: str) -> bool:
    """The sentence says another of the claim's names won ("which Epic won") where the claim has its first name win
    ("Google won the Epic Games trial"), and never says that one won."""
    said = _WON.search(claim.text) or re.search(r"\b(?:win|won|wins)\b", claim.text)
    if not said or claim.order[0] or len(claim.names) < 2:
        return False
    subjects = [n for n in claim.names if claim.text.find(n) < said.start()]
    others = [n for n in claim.names if claim.text.find(n) > said.end()]
    if len(subjects) != 1 or not others:
        return False
    winners = _winners(sentence)
    return any(any(mentions(w, o) or mentions(o, w) for o in others) for w in winners) and \
        not any(mentions(subjects[0], w) or mentions(w, subjects[0]) for w in winners)


def _winners(sentence: str) -> list[str]:
    """The names the sentence says won: right before "won"/"win(s)" ("which Epic won", "WEST INDIES WIN THE SERIES") or
    owning a win ("Jamaica's first-ever win")."""
    winners = []
    for m in _NAMED_WIN.finditer(sentence):
        before = sentence[: m.start()].rstrip()
        winners += [n for n in names_in(before) if before.endswith(n)]
    for m in _OWN_WIN.finditer(sentence):
        winners += [n for n in names_in(m.group(1)) if m.group(1).endswith(n)]
    return winners


def names_winner(claim: ReadClaim, sentence: str) -> bool:
    """The sentence says the claim's one winner (`_claimed_winner`) won ("Talvon won the first leg" for "did Talvon win
    both legs?")."""
    winner = _claimed_winner(claim)
    return bool(winner) and any(mentions(winner, w) or mentions(w, winner) for w in _winners(sentence))


def _claimed_winner(claim: ReadClaim) -> str:
    """The one side the claim has win, naming no opponent ("Oregon" in "did Oregon win the Pac-12 title game?"), or ""."""
    said = re.search(r"\b(?:win|won|wins)\b", claim.text)
    if not said or claim.order[0] or claim.negated or "lose" in claim.families:
        return ""
    subjects = [n for n in claim.names if 0 <= claim.text.find(n) < said.start()]
    return subjects[0] if len(subjects) == 1 else ""


def _beaten(claim: ReadClaim, sentence: str) -> bool:
    """The claim's one winner (`_claimed_winner`) is beaten or losing in the sentence ("Washington beat Oregon in the
    Pac-12 championship")."""
    winner = _claimed_winner(claim)
    return bool(winner) and _swapped((winner, "\x00"), sentence) is True  # no loser to find: "\x00" is nowhere


def _other_subject(claim: ReadClaim, sentence: str) -> str:
    """Another name doing what the claim has its subject do: the claim opens with a name and a verb ("Reyes scored the
    winner"), and the sentence, not naming that subject, has another name right before the same verb ("Cole scored the
    winner"); "" otherwise."""
    subject = claim.names[0] if claim.names else ""
    opening = re.match(rf"\s*{re.escape(subject)}\s+(?:(?:has|had|have|was|were|is|did)\s+)?([a-z]+)\b", claim.text) if subject else None
    if opening is None or mentions(subject, sentence):
        return ""
    verb = terms(opening.group(1))
    if not verb or verb[0] in _STOP_VERBS:
        return ""
    for m in re.finditer(r"\b([a-z]+)\b", sentence):
        if terms(m.group(1))[:1] == verb[:1]:
            before = sentence[: m.start()].rstrip()
            named = [n for n in names_in(before) if before.endswith(n)]
            if named and not any(mentions(n, claim.text) for n in named):
                return named[0]
    return ""


_STOP_VERBS = frozenset(terms("say said says tell told think thought believe believes know knew want wanted"))


# Who a sentence says won, by name: "Wilson was declared the winner", "the judges declared Wilson the winner"
_DECLARED_WINNER = re.compile(r"(?P<before>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)\s+(?:was|were|is|are)\s+(?:declared|named|crowned)\s+"
                              r"(?:as\s+)?the\s+winners?\b|\b(?:declared|named|crowned)\s+(?P<after>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)"
                              r"\s+(?:as\s+)?the\s+winners?\b")


def _declared_other(claim: ReadClaim, sentence: str) -> bool:
    """The sentence declares another than the claim's one winner the winner ("did Smith win the bout?" against "Wilson
    was declared the winner")."""
    winner = _claimed_winner(claim)
    declared = [m.group("before") or m.group("after") for m in _DECLARED_WINNER.finditer(sentence)]
    return bool(winner and declared) and not any(mentions(winner, d) or mentions(d, winner) for d in declared)


def _near_family(name: str, sentence: str, families: frozenset[str]) -> bool:
    """`name` stands within five words of a word of `families` in `sentence`: in the claim's missing name's place ("defeat
    at home to Chelsea"), not elsewhere in a long sentence ("determination to win ... centre-back Fabian Schar")."""
    tokens = re.findall(r"[\w'’]+", sentence)
    first = name.split()[0]
    spots = [i for i, t in enumerate(tokens) if t == first or t.startswith(first + "'") or t.startswith(first + "’")]
    verbs = [i for i, t in enumerate(tokens) if any(t.lower() in FAMILIES[f] for f in families)]
    return any(abs(i - j) <= 5 for i in spots for j in verbs)


def _negated_near(claim: ReadClaim, sentence: str) -> bool:
    """Whether the sentence negates the claim's predicate (a negation within four words before a shared predicate
    word; names and name-like words are not the predicate)."""
    units = set(terms(" ".join(unit for _, unit in claim.numbers)))  # "11 times": "time" counts, it is no predicate
    predicate = {t for t in _predicate_terms(claim) - set(claim.keys) - units if not t.isdigit() and t not in _NUMBER_WORDS}
    tokens = re.findall(r"[\w'’]+", re.sub(r"\bno\.\s?(?=\d)", "number ", sentence.lower()))  # "No. 3 Michigan": a ranking
    for i, token in enumerate(tokens):
        if set(terms(token)) & predicate or any(token in FAMILIES[f] for f in claim.families):
            window = " ".join(tokens[max(0, i - 4):i])
            negation = _NEGATION.search(window)
            lead = " ".join(tokens[max(0, i - 8):max(0, i - 4)]) + " " + window[: negation.start()] if negation else ""
            if negation and not re.search(r"\b(?:if|whether|unless)\b", lead) and \
                    not no_denial(window[: negation.start()], window[negation.end():]):
                return True  # not "if you missed any of the game"
    return False


def only_a_plea(claim: str, sentence: str) -> bool:
    """The sentence speaks of a verdict the claim asks about only as a plea ("pleaded not guilty" for "was he
    convicted?"): a plea is no verdict either way."""
    verdict = FAMILIES["guilty"] | FAMILIES["acquitted"]
    return bool(verdict & set(re.findall(r"[a-z]+", claim.lower()))) and bool(_PLEA.search(sentence)) and \
        not _PLEA.search(claim) and not verdict & set(re.findall(r"[a-z]+", _PLEA.sub(" ", sentence).lower()))


def no_denial(before: str, after: str) -> bool:
    """A negation, between `before` and `after`, that denies nothing: a maybe ("the Fed may not raise rates further")
    or an end to something going on ("cannot keep raising rates": it has been)."""
    return bool(re.search(r"\b(?:may|might)\s*$", before, re.IGNORECASE) or
                re.match(r"[\s-]*(?:keep|keeps|continue|continues|go on)\b", after, re.IGNORECASE))


def _other_number(claim: ReadClaim, sentence: str) -> str:
    """Another figure for the same thing, for a claim about one figure: "cut by 50 basis points" against "25 basis
    points"; "20,000 daily active users" against "3,000 daily active users" (and not "20,000 registered users": the
    claim's words before its unit must be the sentence's too); "€5.99 a month" against "€9.99" (a price in the same
    currency). Not for a comparison ("did X's contract top Y's $674 million deal?": the other figure is X's)."""
    if "exceed" in claim.families or re.search(r"\b(?:than|more|less|fewer)\b", claim.text, re.I):
        return ""
    wanted = _figures(claim.text)
    if len(wanted) != 1 or _BOUND.search(claim.text):  # "over $5,000 in bonuses" is no one figure
        return ""
    number, unit, words = wanted[0]
    same = [n for n, u, w in _figures(sentence, words) if u == unit and words <= w]
    return "number" if same and _plain(number) not in {_plain(n) for n in same} else ""


_BOUND = re.compile(r"\b(?:over|under|above|below|at least|at most|up to|as (?:much|many|little|few) as|in excess of)\s+[$£€]?\d",
                    re.IGNORECASE)
# A price with no scale word after it ("€5.99", "$867"): its currency is its unit.
_PRICE = re.compile(r"([$£€])\s?(\d[\d,]*(?:\.\d+)?)(?!\s?(?:-|\s)?(?:million|billion|trillion|bn|mn|m|k)\b)(?![\d,.]*\d)",
                    re.IGNORECASE)
# A figure, the (up to two) words describing what it counts, and its unit: "20,000 daily active users".
_DESCRIBED = re.compile(r"(?<![$£€\d.,])(\d[\d,]*(?:\.\d+)?)(?:\s+|-)((?:[a-z]+[\s-]){1,2}?)([a-z]+s)\b")
_NOT_DESCRIBING = frozenset("a an the of in on at to per for by and or with from than over under about".split())


def _figures(text: str, described: frozenset[str] = frozenset()) -> list[tuple[str, str, frozenset[str]]]:
    """(number, unit, describing words) for each figure of `text` with a unit: a unit right after the number
    (`_UNIT_NUMBER`), a price's currency, and, when `described` (the claim's describing words) is given or the
    figure has them, the words between the number and its unit."""
    out: list[tuple[str, str, frozenset[str]]] = []
    prices = {m.start(2) for m in _PRICE.finditer(text)}
    for m in _PRICE.finditer(text):
        out.append((m.group(2), m.group(1), frozenset()))
    united = set()
    for m in _UNIT_NUMBER.finditer(text):
        start = m.start(1) + len(m.group(1)) - len(m.group(1).lstrip("$£€ "))
        united.add(start)
        if start not in prices:
            out.append((m.group(1).replace(" ", "").lstrip("$£€"), _unit(m.group(2)), frozenset()))
    for m in _DESCRIBED.finditer(text):
        words = frozenset(w for w in re.split(r"[\s-]+", m.group(2).lower()) if w and w not in _NOT_DESCRIBING)
        if words and m.start(1) not in prices | united and (not described or described <= words):
            out.append((m.group(1), _unit(m.group(3)), words))
    return out


def _plain(number: str) -> str:
    return number.replace(",", "").replace("$", "").replace("£", "").replace("€", "").rstrip("0").rstrip(".")


_TIME_WORDS = frozenset(terms("since before after until during from year years"))


def _other_date(claim: ReadClaim, sentence: str, month: str = "") -> str:
    """ "date" when the sentence gives the claim's event another month or year than the claim does. The article's `month`
    stands in for a sentence that names none ("on Wednesday") when the sentence says what the claim does, not for one on
    something else ("celebrating her ninth birthday on Friday" for "was she abducted on October 7?")."""
    said = {t for t in _predicate_terms(claim) if not t.isdigit()} - _TIME_WORDS
    months = _months(sentence) or (_months(month) if said & set(terms(sentence)) else frozenset())
    if claim.months and months and not (claim.months & months):
        return "date"
    # another day of the claim's month, in a sentence saying what the claim does ("released on 24 October" for 25 October)
    days, theirs = {d for _, d in days_in(claim.text)}, {d for _, d in days_in(sentence)}
    if days and theirs and not days & theirs and {d[:2] for d in days} & {d[:2] for d in theirs} and said & set(terms(sentence)):
        return "date"
    # a year said of what the claim says ("introduced in 2018"), not of another event the sentence recalls ("which the
    # lawsuits claim Uber has known about since 2014" for "has Uber had a 911 button since 2018?")
    years = {m.group(1) for m in _YEAR.finditer(sentence)
             if not said or said & set(terms(" ".join(sentence[:m.start()].split()[-5:] + sentence[m.end():].split()[:5])))}
    if claim.years and years and not (claim.years & years):
        return "date"
    return ""


def strip_framing(text: str) -> tuple[str, str]:
    """("the claim", "the outlet") from "the Fortune article suggests that the claim"; (text, "") otherwise."""
    match = _FRAMING.match(text.strip())
    if match and _NAME_STATE.match(text[: match.start("claim")]):
        return text, ""  # "ohio state beat michigan": a name's "State", not "the article states"
    if match and match.group("claim") and (len(match.group("claim").split()) >= 3 or re.search(r"\d", match.group("claim"))):
        return match.group("claim"), (match.group("outlet") or "").strip(" '\"‘’“”")
    return text, ""
