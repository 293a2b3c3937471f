"""Misspelt words in questions, corrected to a close word the index knows ("Rubioo" -> "Rubio").

Only words the index has never seen are looked up, against the index's own vocabulary (terms
in at least two chunks, in their unstemmed form), by edit distance (a swap of two letters counts
as one edit): at most 1 for words of up to 5 letters, 2 for longer ones, keeping the first letter. Among equally close words the most
common wins. The vocabulary is rebuilt when the index changes.

Deliberately not here: deciding which words to look up (`question.py`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache
from typing import Any

__all__ = ["Spelling", "Vocabulary", "common_word"]


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """Whole words of the embedding model's word-piece vocabulary: everyday English (30k pieces)."""
    from index.embed import PACKAGED, model_folder

    try:
        vocab = (model_folder(PACKAGED) / "vocab.txt").read_text(encoding="utf-8").split()
    except Exception:
        return frozenset()
    return frozenset(w for w in vocab if w.isalpha() and len(w) > 2)


def common_word(word: str, head: int = 3, split: bool = True) -> bool:
    """An everyday English word ("explain", "turnout", "outlets"), in the model's vocabulary with or without an ending,
    or (with `split`) two of them ("layoffs", "stepdad"; the first at least `head` letters long)."""
    lower = word.lower().strip("'’")
    english = _english()
    if lower in english:
        return True
    for ending in ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "’s", "'s"):
        if lower.endswith(ending) and lower[: -len(ending)] in english:
            return True
    if not split:
        return False
    stem = lower[:-1] if lower.endswith("s") else lower
    return any(stem[:i] in english and stem[i:] in english for i in range(head, len(stem) - 2))  # "layoffs": lay + off


class Vocabulary:
    """The index's words by first letter, with how many chunks use each.

    `counts` may be a function giving them: they are read, and the words sorted by letter, only when a
    question first has a word the index doesn't know (most have none; a cold question saves ~80 ms)."""

    def __init__(self, counts: dict[str, int] | Callable[[], dict[str, int]]) -> None:
        self._source = counts
        self._lock = threading.Lock()
        self._built: tuple[dict[str, int], dict[str, list[str]]] | None = None

    @property
    def counts(self) -> dict[str, int]:
        return self._build()[0]

    def _build(self) -> tuple[dict[str, int], dict[str, list[str]]]:
        with self._lock:
            if self._built is None:
                from index.keyword import terms

                counts = self._source() if callable(self._source) else self._source
                by_letter: dict[str, list[str]] = defaultdict(list)
                for word, df in counts.items():
                    if df >= 2 and len(word) >= 4 and word.isalpha() and terms(word) == [word]:
                        by_letter[word[0]].append(word)
                self._built = (counts, by_letter)
            return self._built

    def closest(self, word: str) -> str:
        """The most common index word within the allowed edit distance of `word`, or ""."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        word = word.lower()
        choices = self._build()[1].get(word[:1], [])
        if not choices or len(word) < 4:
            return ""
        limit = 1 if len(word) <= 5 else 2
        found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=8)  # a swap counts once
        if len(word) <= 5:  # short words: a swapped or changed letter or a doubled one typed once ("rahem"), never one
            found = [f for f in found if len(f[0]) == len(word) or _undoubled(f[0], word)]  # more or fewer ("derna", "dern")
        if not found:
            return ""
        best = min(found, key=lambda f: (f[1], not _undoubled(f[0], word), -self.counts.get(f[0], 0)))
        return str(best[0])


def _undoubled(candidate: str, word: str) -> bool:
    """`word` is `candidate` with one doubled letter typed once ("merick" for "merrick", "shifrin" for "shiffrin"):
    the commonest slip in a name, so it wins a tie with a word as close another way ("merck")."""
    return any(candidate[i] == candidate[i + 1] and candidate[:i] + candidate[i + 1:] == word for i in range(len(candidate) - 1))


class Spelling:
    """One `Vocabulary` per keyword-index version, built on first use."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: tuple[str, Vocabulary] | None = None

    def for_index(self, keywords: Any) -> Vocabulary:
        version = keywords.version
        cached = self._cache
        if cached is None or cached[0] != version:
            with self._lock:
                cached = self._cache
                if cached is None or cached[0] != version:
                    cached = (version, Vocabulary(keywords.document_frequencies))
                    self._cache = cached
        return cached[1]
