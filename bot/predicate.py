"""Does a sentence say that what a claim reports happened, not only name whom it names?

`states_result(claim, sentence)`: a claim that reports a result with a verb of `stance.FAMILIES` ("was he convicted?",
"did X beat Y?", "was she fired?", "did the board approve it?") is stated only by a sentence that uses a word of the same
family ("found guilty", "trounced", "ousted", "passed"). "Was he convicted?" against "he went on trial" shares the names
and says nothing of a verdict: False. A claim with no such verb gives True (its words are weighed elsewhere:
`evidence.py`, `support.py`); so does a sentence naming the claim's result in its own words of the family.

Deliberately not here: whether the sentence says the opposite (an opposite family, negation, another winner:
`stance.py`, `support.py`), which sentences to check (`support.py`).
"""

from __future__ import annotations

import re

from bot.stance import FAMILIES, result_words

__all__ = ["results_of", "states_result"]


def results_of(text: str) -> frozenset[str]:
    """The families (`stance.FAMILIES`) of the result verbs `text` uses."""
    words = set(re.findall(r"[a-z]+", result_words(text).lower()))
    return frozenset(family for family, members in FAMILIES.items() if words & members)


def states_result(claim: str, sentence: str) -> bool:
    """Whether `sentence` uses a word of one of the families of `claim`'s result verbs (True when it has none)."""
    wanted = results_of(claim)
    return not wanted or bool(wanted & results_of(sentence))
