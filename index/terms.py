"""The shared tokenizer: `terms(text)` for the keyword index, retrieval and answering alike.

Lower-case words, accents folded away from Latin letters (`fold`: "Erdoğan" and "Erdogan" are one
term), stop words dropped, irregular verb forms as their base ("met" -> "meet"), Snowball-stemmed.
`TOKENIZER` is its version: saved keyword indexes made with another one are rebuilt. `sentence_terms`
reads a chunk body's sentences' terms (stored with the keyword index, used to rank chunks by their
best sentence).

Deliberately not here: the index itself (`keyword.py`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

__all__ = ["STOPWORDS", "TOKENIZER", "fold", "sentence_terms", "terms", "tokens"]

STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between both but
by can could did do does doing down during each few for from further had has have having he her here hers herself him
himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our
ours ourselves out over own same she should so some such than that the their theirs them themselves then there these
they this those through to too under until up very was we were what when where which while who whom why will with would
you your yours yourself yourselves
""".split())
TOKENIZER = 3  # bump when `terms` changes, so saved copies made with the old one are rebuilt
_WORD = re.compile(r"\w\w+|\d")
_stemmer_lock = threading.Lock()
_stemmer = None
_STEMS: dict[str, str] = {}  # word (irregular forms mapped) -> stem, as `tokens` found it
_MAX_STEMS = 1 << 18  # a news index's words number in the tens of thousands; cleared if ever reached

_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ð": "d"}

# Irregular English verb forms, so "met" finds "meet" and "won" finds "win" (the stemmer only strips endings).
_IRREGULAR = dict(pair.split(":") for pair in """
met:meet won:win lost:lose fell:fall fallen:fall rose:rise risen:rise held:hold told:tell took:take taken:take made:make
paid:pay sold:sell bought:buy left:leave led:lead began:begin begun:begin saw:see seen:see went:go gone:go came:come
gave:give given:give got:get gotten:get ran:run kept:keep thought:think brought:bring found:find knew:know known:know
wrote:write written:write spoke:speak spoken:speak broke:break broken:break chose:choose chosen:choose drove:drive
driven:drive flew:fly flown:fly grew:grow grown:grow threw:throw thrown:throw fought:fight struck:strike stood:stand
sent:send spent:spend built:build felt:feel meant:mean heard:hear shot:shoot sat:sit wore:wear worn:wear woke:wake
forgot:forget forgotten:forget froze:freeze frozen:freeze hid:hide hidden:hide rode:ride rang:ring sang:sing sank:sink
swam:swim taught:teach caught:catch sought:seek understood:understand withdrew:withdraw withdrawn:withdraw
overtook:overtake dealt:deal lent:lend bent:bend stole:steal stolen:steal swore:swear sworn:swear tore:tear torn:tear
beaten:beat ate:eat eaten:eat drew:draw drawn:draw slept:sleep lay:lie lain:lie shook:shake shaken:shake
""".split())


class _Folded(dict[int, str]):
    """`str.translate` table folding each character the first time it is seen (ASCII maps to itself)."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        decomposed = unicodedata.normalize("NFKD", c)
        base = decomposed[0]
        if c.isascii():
            folded = c
        elif base.isascii() and all(unicodedata.combining(m) for m in decomposed[1:]):
            folded = base
        else:
            folded = _LATIN.get(c, c)
        self[code] = folded
        return folded


_FOLDED = _Folded()


def fold(text: str) -> str:
    """Latin letters without their accents ("ğ" -> "g", "é" -> "e", "ł" -> "l"); other scripts unchanged."""
    return text if text.isascii() else text.translate(_FOLDED)


def tokens(text: str) -> list[str]:
    """`terms(text)`, not remembered: for indexing, where each text comes once (its words don't: each word's stem is
    remembered, which halves the cost of a sentence met for the first time)."""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = fold(lowered)
    stems = _STEMS
    return [stems.get(w) or _stem(w) for w in _WORD.findall(lowered) if w not in STOPWORDS]


def _stem(word: str) -> str:
    """The stem of a word `tokens` has not met yet (its base form first, for an irregular verb)."""
    global _stemmer
    with _stemmer_lock:  # PyStemmer objects are not thread-safe
        if _stemmer is None:
            import Stemmer

            _stemmer = Stemmer.Stemmer("english")
        stem: str = _stemmer.stemWord(_IRREGULAR.get(word, word))
    if len(_STEMS) >= _MAX_STEMS:
        _STEMS.clear()
    _STEMS[word] = stem
    return stem


@lru_cache(maxsize=1 << 15)
def _remembered(text: str) -> tuple[str, ...]:
    return tuple(tokens(text))


def terms(text: str) -> list[str]:
    """Lower-cased, accent-free, stop-word-free, stemmed word tokens of `text` ("Erdoğan" and "Erdogan" are one term).

    Remembered for the last 32k texts: answering terms the same sentences again and again."""
    return list(_remembered(text)) if len(text) <= 4000 else tokens(text)


def sentence_terms(body: str, remember: bool = False) -> list[list[str]]:
    """The `terms` of each sentence of a chunk body (`index.chunk.split_sentences`), in order; `remember` as `terms`
    does (answering), else as `tokens` (indexing)."""
    from index.chunk import split_sentences

    read = terms if remember else tokens
    return [read(body[a:b]) for a, b in split_sentences(body)]
