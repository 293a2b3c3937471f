"""Answer text and its [n] markers: the one sentence split of answers, used by the UI, the API and the checks.

- `split_answer(text)`: sentence spans of answer text, each keeping the markers that follow it
  (`Answer.verified` has one entry per span);
- `pieces(text)`: the same spans as strings that join back to `text` exactly (for streaming);
- `strip_markers(text)`, `cited_numbers(text)`.

Deliberately not here: checking what a sentence claims (`verify.py`).
"""

from __future__ import annotations

import re

from index.chunk import split_sentences

__all__ = ["MARKER", "split_answer", "pieces", "strip_markers", "cited_numbers"]

MARKER = re.compile(r"\s*\[(?:(?:source|src)\s*)?\d+(?:\s*[,;]\s*(?:(?:source|src)\s*)?\d+)*\]", re.IGNORECASE)


def strip_markers(text: str) -> str:
    """The text without its [n] markers."""
    return MARKER.sub("", text)


def cited_numbers(text: str) -> tuple[int, ...]:
    """The source numbers cited in `text`, in order, each once."""
    numbers = (int(n) for m in MARKER.finditer(text) for n in re.findall(r"\d+", m.group(0)))
    return tuple(dict.fromkeys(numbers))


def split_answer(text: str) -> list[tuple[int, int]]:
    """Sentence spans of answer text; each span keeps the [n] markers that follow its sentence."""
    plain: list[str] = []
    where: list[int] = []
    last = 0
    for m in MARKER.finditer(text):
        plain.append(text[last:m.start()])
        where.extend(range(last, m.start()))
        last = m.end()
    plain.append(text[last:])
    where.extend(range(last, len(text)))
    where.append(len(text))
    spans = [(where[s], where[e - 1] + 1) for s, e in split_sentences("".join(plain))]
    out = []
    for i, (start, end) in enumerate(spans):
        stop = spans[i + 1][0] if i + 1 < len(spans) else len(text)
        tail = re.match(r"(?:" + MARKER.pattern + r")*", text[end:stop], re.IGNORECASE)
        out.append((start, end + (tail.end() if tail else 0)))
    return out


def pieces(text: str) -> list[str]:
    """`text` cut at its sentence ends (markers kept with their sentence); the pieces join back to `text`."""
    ends = [end for _, end in split_answer(text)]
    out, last = [], 0
    for end in ends:
        if end > last:
            out.append(text[last:end])
            last = end
    if last < len(text):
        out.append(text[last:])
    return out
