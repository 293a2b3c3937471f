"""Answer text and its [n] markers: the one sentence split of answers, used by the UI, the API and the checks.

- `split_answer(text)`: sentence spans of answer text, each keeping the markers that follow it
  (`Answer.verified` has one entry per span);
- `pieces(text)`: the same spans as strings that join back to `text` exactly (for streaming);
- `strip_markers(text)`, `cited_numbers(text)`;
- `verdict_lead(text, verdict)`: how much of the text's opening gives its verdict ("Yes.", "Cisza [1].",
  "3 indexed articles mention Derna."), so the UI and the CLI can show the verdict first without
  saying it twice; `headline(verdict, kind)`: the verdict as a short line ("Yes", "A, B and 3 more").

Deliberately not here: checking what a sentence claims (`verify.py`), choosing the verdict (`verdicts.py`).
"""

from __future__ import annotations

import re

from index.chunk import split_sentences

__all__ = ["MARKER", "split_answer", "pieces", "strip_markers", "cited_numbers", "verdict_lead", "headline"]

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


LEAD_CHARS = 160  # an opening longer than this is no headline: the verdict is shown on its own line instead
_LEAD_END = re.compile(r"[.!?](?:" + MARKER.pattern + r")*(?=\s|$)|\s+[—–]\s|:\s|\n", re.IGNORECASE)


def verdict_lead(text: str, verdict: str, kind: str = "", limit: int = LEAD_CHARS) -> int:
    """The length of the opening of `text` that gives `verdict`: from the start to the end of its first
    sentence (its markers included), when the text opens with the verdict (a list's, `kind` "list", with its
    first item) and that sentence is at most `limit` characters; 0 when it doesn't open with it.

    "Yes. The Fed lowered …" -> 4; "Cisza [1]. Netflix …" -> 10; "No — [1] says …" -> 2.
    """
    first = (verdict.split(";")[0] if kind == "list" else verdict).strip()
    opening = len(text) - len(text.lstrip())
    if not first or not text[opening:].casefold().startswith(first.casefold()):
        return 0
    after = opening + len(first)
    if after < len(text) and (text[after].isalnum() or text[after] == "_"):
        return 0  # "No" is not the start of "Nobody"
    end = _LEAD_END.search(text, after)
    stop = end.end() if end and not end.group(0).isspace() and end.group(0)[0] in ".!?" else end.start() if end else len(text)
    return stop if stop <= limit else 0


def headline(verdict: str, kind: str = "", items: int = 5, limit: int = LEAD_CHARS) -> str:
    """`verdict` as a short line: "yes"/"no" capitalised, a list's ("a; b; c", `kind` "list") as "a, b and c"
    (after `items` items, "and N more"), anything longer than `limit` cut at a word with "…"."""
    verdict = verdict.strip()
    if verdict.lower() in ("yes", "no"):
        return verdict.capitalize()
    parts = [p.strip() for p in verdict.split(";") if p.strip()] if kind == "list" else [verdict]
    if len(parts) > items:
        line = ", ".join(parts[:items]) + f" and {len(parts) - items} more"
    elif len(parts) > 1:
        line = ", ".join(parts[:-1]) + " and " + parts[-1]
    else:
        line = verdict
    if len(line) > limit:
        cut = line[:limit]
        line = (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(",;") + "…"
    return line
