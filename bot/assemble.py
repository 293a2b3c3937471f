"""Turn a chat model's token stream into a checked, cited `Answer`, piece by piece.

Feed it tokens as they arrive; it gives back the pieces to show. Each finished sentence is
checked (`verify.py`) before its citation markers go out, so what was shown is always exactly
the final answer text:

- `flag` mode (the default): a sentence's words are shown as they arrive; the `[n]` markers the
  model wrote are held back and replaced, once the sentence is complete, by the checked ones (a
  wrong number corrected, none for a sentence no source supports, which `Answer.verified` marks
  False);
- `drop` mode: each sentence is held until checked and shown only if a source supports it.

A last sentence the token limit cut off is never verified: half a claim can mislead.

Markers are renumbered by quote: `[n]` in the answer is `Answer.citations[n-1]`, whose `quote`
is the best-supporting sentence of the cited chunk, located in the article by `start`/`end`.

Deliberately not here: the scoring itself (`verify.py`) and calling models (`llm.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.compose import ABSTAIN_PREFIX
from bot.markers import cited_numbers, split_answer, strip_markers
from bot.verify import Verdict, Verifier, is_claim
from newsbot.errors import BackendError
from newsbot.types import Answer, Citation, Hit

__all__ = ["MODES", "NO_SUPPORT", "CheckedAnswer"]

MODES = ("flag", "drop")
NO_SUPPORT = f"{ABSTAIN_PREFIX} — the model's answer had no support in them."
_OPEN_BRACKET = re.compile(r"\s*\[[^\]]*$")
_ENDED = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(frozen=True)
class _Shown:
    visible: str
    verdict: Verdict


class CheckedAnswer:
    """Assembles one answer. `feed(token)` and `close()` return the pieces to show next."""

    def __init__(self, verifier: Verifier, hits: Sequence[Hit], mode: str = "flag") -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.verifier = verifier
        self.hits = list(hits)
        self.mode = mode
        self.verdicts: list[Verdict] = []
        self._buffer = ""
        self._emitted = ""  # what has been shown of the sentence in progress
        self._out: list[str] = []
        self._shown: list[_Shown] = []
        self._citations: dict[tuple[str, int], Citation] = {}
        self._raw: list[str] = []

    @property
    def raw(self) -> str:
        """Everything the model wrote, as it wrote it."""
        return "".join(self._raw)

    def feed(self, token: str) -> list[str]:
        self._raw.append(token)
        self._buffer += token
        pieces: list[str] = []
        while True:
            settled = _OPEN_BRACKET.sub("", self._buffer)  # a "[" may still become a marker
            spans = split_answer(settled)
            if len(spans) < 2:
                break
            end = spans[0][1]
            pieces += self._finish(self._buffer[:end])
            self._buffer = self._buffer[end:]
        if self.mode == "flag":
            preview = _visible(_OPEN_BRACKET.sub("", self._buffer)).rstrip()
            if preview.startswith(self._emitted) and len(preview) > len(self._emitted):
                pieces.append(preview[len(self._emitted):])
                self._emitted = preview
        return self._emit(pieces)

    def close(self) -> list[str]:
        """The last pieces: the final sentence (and, if nothing survived, the 'no support' line)."""
        pieces: list[str] = []
        rest = _OPEN_BRACKET.sub("", self._buffer)
        for _start, end in split_answer(rest):
            pieces += self._finish(rest[:end], last=not split_answer(rest[end:]))
            rest = rest[end:]
        self._buffer = ""
        if self.verdicts and not self.text_so_far(pieces).strip():
            pieces.append(NO_SUPPORT)
        return self._emit(pieces)

    def text_so_far(self, pending: Sequence[str] = ()) -> str:
        return "".join(self._out) + "".join(pending)

    def answer(self, question: str, backend: str) -> Answer:
        """The finished Answer. Raises BackendError when the model wrote nothing usable."""
        if not self.verdicts:
            raise BackendError("the model returned an empty answer")
        text = self.text_so_far().strip()
        claims = [v for v in self.verdicts if v.claim]
        unsupported = [v for v in claims if not v.verified]
        abstained = not any(s.verdict.claim and s.verdict.verified for s in self._shown)
        notice = ""
        if unsupported and self.mode == "flag":
            notice = f"Not supported by the cited articles, so marked unverified: {len(unsupported)} of {len(claims)} sentences."
        elif unsupported:
            k = len(unsupported)
            notice = f"{k} sentence{'s' if k != 1 else ''} the articles don't support {'were' if k != 1 else 'was'} left out."
        if abstained and claims and self.mode == "flag":
            notice = "Nothing in this answer is supported by the indexed articles."
        by_text = {" ".join(s.visible.split()): s.verdict.verified for s in self._shown}
        verified = tuple(by_text.get(" ".join(strip_markers(text[a:b]).split()),
                                     bool(cited_numbers(text[a:b])) or not is_claim(strip_markers(text[a:b])))
                         for a, b in split_answer(text))
        return Answer(text=text, citations=tuple(sorted(self._citations.values(), key=lambda c: c.n)),
                      abstained=abstained and not (claims and self.mode == "flag"), query=question, question=question,
                      hits=tuple(self.hits), verified=verified, notice=notice, backend=backend)

    def _finish(self, raw: str, last: bool = False) -> list[str]:
        """Check one complete sentence (with the whitespace before it) and return what to show of it."""
        full = _visible(raw)
        sentence = full.strip()
        if not sentence:
            return []
        verdict = self.verifier.check(sentence, cited_numbers(raw), self.hits)
        if last and verdict.claim and not _ENDED.search(sentence):  # cut off by the token limit: half a claim
            verdict = replace(verdict, supports=(), corrected=False)
        self.verdicts.append(verdict)
        shown_before, self._emitted = self._emitted, ""
        if self.mode == "drop" and not verdict.verified:
            return []
        if self.mode == "drop" or not full.startswith(shown_before):
            rest = full if self.mode == "drop" else ""
        else:
            rest = full[len(shown_before):]
        self._shown.append(_Shown(visible=sentence, verdict=verdict))
        return [rest + self._markers(verdict)]

    def _markers(self, verdict: Verdict) -> str:
        numbers = []
        for support in verdict.supports:
            hit = self.hits[support.source - 1]
            key = (hit.chunk_id, support.quote.start)
            if key not in self._citations:
                q = support.quote
                self._citations[key] = Citation(
                    n=len(self._citations) + 1, title=hit.title, source=hit.source, url=hit.url,
                    published_at=hit.published_at, quote=q.text, article_id=hit.article_id, chunk_id=hit.chunk_id,
                    start=q.start, end=q.end)
            numbers.append(self._citations[key].n)
        return (" " + "".join(f"[{n}]" for n in dict.fromkeys(numbers))) if numbers else ""

    def _emit(self, pieces: list[str]) -> list[str]:
        pieces = [p for p in pieces if p]
        if not self._out and pieces:
            pieces[0] = pieces[0].lstrip()
            pieces = [p for p in pieces if p]
        self._out += pieces
        return pieces


def _visible(raw: str) -> str:
    """The sentence as shown: its leading whitespace kept, the model's own markers removed."""
    gap = raw[: len(raw) - len(raw.lstrip())]
    return gap + strip_markers(raw.strip()).strip()
