"""Cut articles into sentence-aligned chunks that fit the embedding model's window.

Each chunk is `header + "\n" + article.text[start:end]`: the header names title, outlet and date;
the body is a run of whole sentences. The size rule counts word pieces with the model's own
tokenizer (`count_tokens`), special tokens included, so no chunk is ever silently truncated
by the model. BERT-style tokenizers split on whitespace first, so token counts of
whitespace-separated pieces add up; that lets us count each sentence once.

Chunks overlap by a sentence or two, a section heading starts a new chunk (when the current one
is reasonably full) and never ends one, and a sentence longer than the window is cut at word
boundaries.

Deliberately not here: cleaning (`clean.py`) and embedding (`embed.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsbot.types import Article, Chunk

__all__ = ["chunk_article", "chunk_id", "split_sentences", "chunk_header", "SPECIAL_TOKENS"]

SPECIAL_TOKENS = 2  # [CLS] and [SEP]
MAX_HEADER_TOKENS = 48

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt", "st", "jr", "sr",
    "inc", "corp", "co", "ltd", "vs", "etc", "no", "nos", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mt", "ft", "rev", "hon", "pres", "supt", "dept", "univ", "approx", "est",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "l.a", "n.y", "ph.d", "op", "bros", "messrs", "govt", "ave",
}
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a likely sentence start.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")

CountTokens = Callable[[Sequence[str]], list[int]]


@dataclass(frozen=True)
class _Unit:
    start: int
    end: int
    tokens: int
    heading: bool


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in `text`; every line break also ends a sentence."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _BOUNDARY.finditer(line):
            end = match.end()
            before = _WORD_BEFORE.search(line[start:match.start() + 1])
            if before and (before.group(1).lower() in _ABBREVIATIONS or len(before.group(1)) == 1):
                continue
            _add_span(spans, line, offset, start, end)
            start = end
        _add_span(spans, line, offset, start, len(line))
        offset += len(line) + 1
    return spans


def _add_span(spans: list[tuple[int, int]], line: str, offset: int, start: int, end: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        spans.append((offset + start + lead, offset + start + lead + len(stripped)))


def chunk_header(article: Article) -> str:
    """The header line embedded with every chunk: title | outlet | date."""
    parts = [article.title]
    if article.source:
        parts.append(article.source)
    if article.published_at:
        parts.append(article.published_at[:10])
    return " | ".join(p for p in parts if p)


def chunk_article(article: Article, count_tokens: CountTokens, max_tokens: int = 256, overlap: int = 1) -> list[Chunk]:
    """Chunks of `article`, each at most `max_tokens` word pieces including the header and special tokens."""
    header = chunk_header(article)
    header_tokens = count_tokens([header])[0]
    while header_tokens > MAX_HEADER_TOKENS and " " in header:
        header = header.rsplit(" ", 1)[0]
        header_tokens = count_tokens([header])[0]
    budget = max_tokens - SPECIAL_TOKENS - header_tokens
    units = _units(article, count_tokens, budget)
    groups = _group(units, budget, overlap)
    heading_at = _heading_lookup(units, article.text)
    chunks = []
    for ordinal, group in enumerate(groups):
        start, end = group[0].start, group[-1].end
        while end < len(article.text) and article.text[end].isspace():  # so chunks tile the text exactly
            end += 1
        body = article.text[start:end]
        chunks.append(Chunk(
            id=chunk_id(article.id, ordinal), article_id=article.id, ordinal=ordinal,
            text=f"{header}\n{body}", start=start, end=end, body_offset=len(header) + 1, heading=heading_at(start),
        ))
    return chunks


def chunk_id(article_id: str, ordinal: int) -> str:
    """The id of an article's chunk: the article's id and the chunk's place in it ("u-1a2b:0003")."""
    return f"{article_id}:{ordinal:04d}"


def _units(article: Article, count_tokens: CountTokens, budget: int) -> list[_Unit]:
    """Sentences with their token counts; sentences over budget are cut into word runs that fit."""
    spans = split_sentences(article.text)
    counts = count_tokens([article.text[s:e] for s, e in spans])
    headings = set(article.headings)
    units: list[_Unit] = []
    for (start, end), tokens in zip(spans, counts, strict=True):
        if tokens <= budget:
            units.append(_Unit(start, end, tokens, article.text[start:end] in headings))
        else:
            units.extend(_cut_long(article.text, start, end, count_tokens, budget))
    return units


def _cut_long(text: str, start: int, end: int, count_tokens: CountTokens, budget: int) -> list[_Unit]:
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    counts = count_tokens([text[s:e] for s, e in words])
    pieces: list[_Unit] = []
    piece_start, piece_tokens, last_end = words[0][0], 0, words[0][0]
    for (s, e), n in zip(words, counts, strict=True):
        if piece_tokens and piece_tokens + n > budget:
            pieces.append(_Unit(piece_start, last_end, piece_tokens, False))
            piece_start, piece_tokens = s, 0
        if n > budget:  # one absurd "word" (a URL, a hash): keep what fits by characters
            e = s + max(1, len(text[s:e]) * budget // (n + 1))
            n = budget
        piece_tokens += n
        last_end = e
    pieces.append(_Unit(piece_start, last_end, piece_tokens, False))
    return pieces


def _group(units: list[_Unit], budget: int, overlap: int) -> list[list[_Unit]]:
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []
    used = 0
    for unit in units:
        section_break = unit.heading and used >= budget // 3
        if current and (used + unit.tokens > budget or section_break):
            held = _close(groups, current)
            current = held if (held or section_break) else _overlap(groups[-1], overlap, budget - unit.tokens)
            used = sum(u.tokens for u in current)
            if used + unit.tokens > budget:  # held headings and a full-size sentence don't fit together
                groups.append(current)
                current, used = [], 0
        current.append(unit)
        used += unit.tokens
    if current:
        _close(groups, current)
    return groups


def _close(groups: list[list[_Unit]], current: list[_Unit]) -> list[_Unit]:
    """Append `current` as a chunk, holding back trailing headings; return the held-back units."""
    held: list[_Unit] = []
    while len(current) > 1 and current[-1].heading:
        held.insert(0, current.pop())
    groups.append(list(current))
    return held


def _overlap(previous: list[_Unit], overlap: int, room: int) -> list[_Unit]:
    """The last `overlap` sentences of the previous chunk that fit in a third of the room left."""
    carried: list[_Unit] = []
    for unit in reversed(previous[-overlap:] if overlap else []):
        if unit.heading or sum(u.tokens for u in carried) + unit.tokens > room // 3:
            break
        carried.insert(0, unit)
    return carried


def _heading_lookup(units: list[_Unit], text: str) -> Callable[[int], str]:
    positions = [(u.start, text[u.start:u.end]) for u in units if u.heading]

    def heading_at(offset: int) -> str:
        current = ""
        for at, heading in positions:
            if at <= offset:
                current = heading
        return current

    return heading_at
