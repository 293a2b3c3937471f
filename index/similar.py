"""Near-duplicate texts: syndicated copies of one story (the same wire text on two sites, a headline
changed, a line of boilerplate added) by MinHash over word shingles.

    a, b = fingerprint(text_a), fingerprint(text_b)
    resemblance(a, b)   # estimated Jaccard similarity of their 5-word shingle sets, 0..1
    same_story(a, b)    # resemblance at least SAME_STORY

A fingerprint is `PERMUTATIONS` unsigned 32-bit minima (a few hundred bytes); texts shorter than
one shingle are fingerprinted by their words. Exact copies are already caught by the content hash
at ingest; this catches the copies that differ a little.

Deliberately not here: deciding what to do with a copy (`refresh.py` skips it as a duplicate,
`bot/timeline.py` merges it into one event).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

__all__ = ["PERMUTATIONS", "SAME_STORY", "fingerprint", "resemblance", "same_story"]

PERMUTATIONS = 64
SHINGLE = 5
SAME_STORY = 0.5  # a 35-word wire text with a dateline and copyright line added: 0.6 (longer texts more); two stories ~0
_PRIME = (1 << 61) - 1
_rng = np.random.default_rng(20231117)
_A = _rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"[^\W_]+")


def fingerprint(text: str) -> np.ndarray:
    """The MinHash signature of `text` (lower-cased words, punctuation ignored)."""
    words = _WORD.findall(text.casefold())
    if not words:
        return np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    hashes = np.fromiter((int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") for s in shingles),
                         dtype=np.uint64, count=len(shingles))
    # a*x + b wraps at 64 bits before the mod: not a textbook universal family, but it mixes well enough here
    mixed = (hashes[:, None] * _A[None, :] + _B[None, :]) % np.uint64(_PRIME)
    return (mixed.min(axis=0) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def resemblance(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of the two texts' shingle sets."""
    return float(np.mean(a == b))


def same_story(a: np.ndarray, b: np.ndarray) -> bool:
    return resemblance(a, b) >= SAME_STORY
