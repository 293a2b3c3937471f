"""Aligning a claim with a sentence: the same frame, another value in one of its slots.

`other_filler(claim, sentence, context, similar)` returns the sentence's word that fills one of
the claim's slots differently ("final" for "is Mr Irrelevant the first pick?" against "the final
pick of the draft"), or "" when there is none. A slot is a word next to a word both texts share
(its head):

- the modifier right before the head: "first pick" / "final pick", "navy reserve" / "Army
  Reserve", "six worlds" / "eight worlds";
- the complement right after it, or after the same preposition, one word of a name allowed in
  between: "Series B" / "pre-Series A", "rated R" / "rated PG-13", "Nobel in chemistry" / "Nobel
  Prize in medicine";
- a place before the head in one and after "in" in the other: "a Texas newspaper" / "newspapers in
  Arkansas".

The two words must be values of one kind, each missing from the other text (and the claim's from
the sentence's context), so an added word ("raised interest rates") or a synonym is no conflict:
numbers (written as digits or words: "eight times" is "8 times"; one after a code letter or a label word is returned
with it, as a name: "G3" for "G4", "Category 3" for "category 4"), ranks ("first" is
"inaugural", "last" is "final"), letters and codes, names (of one category, given `similar`, the
cosine of two words' embeddings: "Navy" and "Army", not "Democratic" and "Jersey"), and, after a
preposition only, two plain words of one category: co-hyponyms ("chemistry", "medicine") sit
between unrelated words and synonyms (elsewhere two plain words are as often two verbs).

Deliberately not here: negation, opposite verbs, winners swapped, dates (`stance.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

from index.keyword import STOPWORDS, terms

__all__ = ["figures", "other_filler"]

Similar = Callable[[str, str], float]

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)?")
_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                                       "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_RANKS = {"first": 1, "inaugural": 1, "opening": 1, "maiden": 1, "debut": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
          "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "last": -1, "final": -1, "closing": -1,
          "penultimate": -2}
_PREPOSITIONS = frozenset("in of for at on from with by".split())
# A number after these is a bound, not the figure ("more than 60%"); words that only qualify a figure.
_BOUND = frozenset("than over under above below least most nearly almost about around roughly some up".split())
# Words whose number names one of a kind ("category 4", "level 3"): a label, not a count.
_LABELS = frozenset(terms("category level grade stage tier class phase type"))
_NOT_HEAD = frozenset("time times year years day days week weeks month months percent per cent".split())
# Word cosines (MiniLM) of two values of one category: "chemistry"/"medicine" 0.48, "navy"/"army" 0.66; unrelated
# words sit near 0.28 ("court"/"statement"), synonyms above 0.9 ("biggest"/"largest").
_CATEGORY = (0.42, 0.85)


# The alternative a sentence rules out ("rather than R", "instead of Friday"): not a value it gives.
_REJECTED = re.compile(r"\b(?:rather than|instead of)\s+(?:the\s+|a\s+|an\s+)?[\w'’-]+", re.IGNORECASE)
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")
_THOUSANDS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)k\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Token:
    text: str
    stem: str  # "" for a stopword
    start: bool  # the first word of the text (its capital says nothing)


def other_filler(claim: str, sentence: str, context: str = "", similar: Similar | None = None) -> str:
    """The sentence's word in one of the claim's slots where the claim has another value, or "" (see the module
    docstring)."""
    mine, theirs = _tokens(claim), _tokens(sentence)
    claim_stems: set[str | float | None] = {t.stem for t in mine if t.stem} | {_value(t.text) for t in mine}
    kept = _tokens(_REJECTED.sub(" ", sentence))  # "rated PG-13, rather than R": R is the value it rules out
    elsewhere: set[str | float | None] = {t.stem for t in kept + _tokens(context) if t.stem} | {_value(t.text) for t in kept}
    lower_claim = not any(t.text[0].isupper() for t in mine if not t.start)
    for i, head in enumerate(mine):
        if not head.stem or head.stem in _NOT_HEAD or _value(head.text) is not None:
            continue
        for j, other in enumerate(theirs):
            if other.stem != head.stem:
                continue
            for ours, found, complement in _slots(mine, i, theirs, j):
                if _value(ours.text) is not None:  # a number is compared by its value ("8" is "eight"), "7" is not in "7.4"
                    if _value(ours.text) in elsewhere or _value(found.text) in claim_stems:
                        continue
                elif ours.stem in elsewhere or found.stem in claim_stems:
                    continue
                if _bounded(mine, ours) or _bounded(theirs, found):
                    continue
                if _differ(ours, found, lower_claim, similar, complement):
                    return _labelled(other, found)
    return ""


def _labelled(head: _Token, found: _Token) -> str:
    """The sentence's value as it names something: a number after a code letter or a label word is a name ("G3",
    "Category 3"), not a figure (`verdicts.py` lets a figure short of the claim's pass: "could reach $600 million"); other
    values as written."""
    if _value(found.text) is not None and ((len(head.text) == 1 and head.text.isalpha()) or head.stem in _LABELS):
        return f"{head.text}{found.text}" if len(head.text) == 1 else f"{head.text} {found.text}"
    return found.text


def _slots(mine: list[_Token], i: int, theirs: list[_Token], j: int) -> list[tuple[_Token, _Token, bool]]:
    """(claim word, sentence word, after a preposition) in the same place around the shared head at mine[i], theirs[j]."""
    pairs = []
    if i > 0 and j > 0 and mine[i - 1].stem and theirs[j - 1].stem:
        pairs.append((mine[i - 1], theirs[j - 1], False))
    # a place before the head in one and after "in" in the other: "a Texas newspaper" / "newspapers in Arkansas"
    if i > 0 and mine[i - 1].stem and (place := _place_after(theirs, j, named=True)) is not None:
        pairs.append((mine[i - 1], place, False))
    if j > 0 and theirs[j - 1].stem and (place := _place_after(mine, i, named=False)) is not None:
        pairs.append((place, theirs[j - 1], False))
    after_mine = mine[i + 1] if i + 1 < len(mine) else None
    if after_mine is not None and after_mine.stem:
        for step in (1, 2):  # "Series B" / "Series A"; "Nobel B" / "Nobel Prize B" (one word of the name between)
            if j + step < len(theirs) and theirs[j + step].stem and (step == 1 or theirs[j + 1].text[0].isupper()):
                if _value(after_mine.text) is None or mine[i].stem in _LABELS or \
                        _stem_at(mine, i + 2) == _stem_at(theirs, j + step + 1):
                    pairs.append((after_mine, theirs[j + step], False))  # a number with the same unit: "won six titles" / "won eight times"
                break
    elif after_mine is not None and after_mine.text.lower() in _PREPOSITIONS and i + 2 < len(mine):
        ours = _skip_articles(mine, i + 2)
        for step in (1, 2):
            k = j + step
            if k < len(theirs) and theirs[k].text.lower() == after_mine.text.lower() and (step == 1 or theirs[j + 1].text[0].isupper()):
                found = _skip_articles(theirs, k + 1)
                if ours is not None and found is not None and ours.stem and found.stem:
                    pairs.append((ours, found, True))
                break
    return pairs


def _place_after(tokens: list[_Token], k: int, named: bool) -> _Token | None:
    """The word after "in" right after tokens[k] ("newspapers in Arkansas"; written as a name when `named`), or None."""
    if k + 2 < len(tokens) and tokens[k + 1].text.lower() == "in":
        place = _skip_articles(tokens, k + 2)
        if place is not None and place.stem and (place.text[0].isupper() or not named):
            return place
    return None


def _stem_at(tokens: list[_Token], k: int) -> str:
    return tokens[k].stem if k < len(tokens) else ""


def _skip_articles(tokens: list[_Token], k: int) -> _Token | None:
    while k < len(tokens) and tokens[k].text.lower() in ("a", "an", "the"):
        k += 1
    return tokens[k] if k < len(tokens) else None


def _differ(ours: _Token, found: _Token, lower_claim: bool, similar: Similar | None, complement: bool) -> bool:
    """Two values of one kind, and not the same value. Two plain words are values of one category only as the
    complement of a preposition ("in chemistry", "in medicine"): elsewhere they are as often two verbs."""
    a, b = _value(ours.text), _value(found.text)
    if a is not None and b is not None:
        return a != b
    ra, rb = _RANKS.get(ours.text.lower()), _RANKS.get(found.text.lower())
    if ra is not None and rb is not None:
        return ra != rb
    if (ra is None) != (rb is None) or (a is None) != (b is None):
        return False
    if _code(ours.text, lower_claim) and _code(found.text, False):
        return True
    if SequenceMatcher(None, ours.text.lower(), found.text.lower()).ratio() >= 0.75:
        return False  # one name spelt two ways ("Rigs", "Riggs")
    named = found.text[0].isupper() and not found.start
    if named and ((ours.text[0].isupper() and not ours.start) or lower_claim):
        return similar is None or similar(ours.text.lower(), found.text.lower()) >= _CATEGORY[0]
    if similar is not None and complement and not named and ours.text.islower() and found.text.islower():
        return _CATEGORY[0] <= similar(ours.text, found.text) < _CATEGORY[1]
    return False


def _code(word: str, lower: bool) -> bool:
    """A letter or a short code ("B", "PG", "G4"): not a plain word."""
    if len(word) == 1:
        return word.isupper() or (lower and word not in ("a", "i"))
    return len(word) <= 3 and (word.isupper() or (lower and any(c.isdigit() for c in word)))


def figures(text: str) -> set[float]:
    """The numbers `text` writes, in digits or words ("eight worlds", "8 worlds", "the 11th sack"), years aside; "one" is
    as often a pronoun ("the one against Peru")."""
    text = _THOUSANDS.sub(lambda m: f"{float(m.group(1)) * 1000:g}", text)
    found = {_value(m.group(0)) for m in re.finditer(r"\d+(?:[.,]\d+)*|[^\W\d_]+", text) if m.group(0).lower() != "one"}
    return {v for v in found if v is not None}


def _value(word: str) -> float | None:
    """The number a word writes ("8", "eight", "1,000"), years aside (a date is `stance.py`'s)."""
    lowered = word.lower()
    if lowered in _NUMBERS:
        return float(_NUMBERS[lowered])
    if re.fullmatch(r"\d+(?:[.,]\d+)*", word) and not re.fullmatch(r"(?:19|20)\d\d", word):
        return float(word.replace(",", ""))
    return None


def _bounded(tokens: list[_Token], word: _Token) -> bool:
    """A number given as a bound ("more than 60%")."""
    at = tokens.index(word)
    return _value(word.text) is not None and at > 0 and tokens[at - 1].text.lower() in _BOUND


def _tokens(text: str) -> list[_Token]:
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)  # "U.S." is "US"
    text = _THOUSANDS.sub(lambda m: f"{float(m.group(1)) * 1000:g}", text)  # "10k" is "10000"
    out = []
    for n, m in enumerate(_WORD.finditer(text)):
        word = m.group(0)
        stems = terms(word) if word.lower() not in STOPWORDS else []
        if not stems and len(word) == 1 and word.isalpha() and ((word.isupper() and word != "I") or word not in "ai"):
            stems = [word.lower()]  # "Series B": a letter is a value
        out.append(_Token(word, stems[0] if stems else "", n == 0))
    return out
