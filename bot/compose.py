"""Writing the answer: the verdict first, then the cited evidence, each sentence with its [n].

`compose(question, decision)` turns a `Decision` into an `Answer`:

- "Yes. <evidence> [1]" / "No. <evidence> [1]" for yes/no questions;
- "<name, date or number> [1]. <evidence> [1]" for choice, when and entity questions;
- one line per item for lists ("- TechCrunch [1]: <evidence>"), the number first for counts;
- "The articles don't settle it: [1] says …; [2] says …" when the evidence disagrees;
- "The indexed articles don't say <what was asked>; the nearest they come: <evidence> [1]" when
  they don't answer it (`Answer.abstained`, with the nearest evidence cited and marked as such);
- the evidence sentences alone for open questions; for quotes, the speaker's own words (the first
  evidence sentence) first, then the rest.

Evidence sentences are grouped by article (best article first), in article order, and read as
in context (a leading "He" becomes the person it refers to).

Deliberately not here: choosing the verdict or the evidence (`decide.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.evidence import Scored, Sentence
from newsbot.types import Answer, Citation, Question

__all__ = ["Decision", "compose", "ABSTAIN_PREFIX", "refusal", "lead_of"]

ABSTAIN_PREFIX = "The indexed articles don't say"


@dataclass
class Decision:
    """What to answer. `kind` is the kind given ("none" when the articles don't answer it);
    `verdict` the short answer; `lead` the verdict as the answer's first words ("Yes.", "Sam
    Altman"), cited by `lead_support`; `evidence` the sentences to quote after it; `items` a
    list answer's (item, supporting sentence) pairs; `unsettled` sides that disagree."""

    kind: str
    verdict: str = ""
    lead: str = ""
    lead_support: Scored | None = None
    evidence: list[Scored] = field(default_factory=list)
    items: list[tuple[str, Scored]] = field(default_factory=list)
    unsettled: bool = False
    abstained: bool = False
    missing: str = ""  # what the articles don't say, for the abstention sentence
    notice: str = ""


def compose(question: Question, decision: Decision) -> Answer:
    """The Answer for `decision` (see the module docstring)."""
    cited: list[Scored] = []

    def cite(item: Scored) -> int:
        for n, seen in enumerate(cited, start=1):
            if seen.sentence.hit.article_id == item.sentence.hit.article_id and seen.sentence.start == item.sentence.start:
                return n
        cited.append(item)
        return len(cited)

    parts: list[str] = []
    if decision.abstained:
        parts.append(_missing(question, decision.missing) + (";" if decision.evidence else "."))
        if decision.evidence:
            parts.append("the nearest they come:")
            parts += [f"{_display(item.sentence)} [{cite(item)}]" for item in _ordered(decision.evidence)]
    elif decision.items:
        if decision.lead:
            parts.append(decision.lead)
        else:
            parts.append(_join([f"{name} [{cite(item)}]" for name, item in decision.items]) + ".")
        for name, item in decision.items:
            parts.append(f"\n- {name} [{cite(item)}]: {_display(item.sentence)}")
    elif decision.unsettled:
        distinct = list({(item.sentence.hit.article_id, item.sentence.start): item for item in decision.evidence}.values())
        sides = [f"[{cite(item)}] says “{_display(item.sentence).rstrip('.')}”" for item in distinct]  # a sentence quoted once
        parts.append("The articles don't settle it: " + "; ".join(sides) + ".")
    else:
        if decision.lead:
            if decision.lead_support is not None:
                marker = f" [{cite(decision.lead_support)}]"
                parts.append(decision.lead.rstrip(".") + marker + ".")
            else:
                parts.append(decision.lead)
        ordered = _ordered(decision.evidence)
        if decision.evidence and ((decision.kind == "quote" and not decision.lead) or decision.verdict == "yes"):
            # the speaker's own words open the answer; so does the sentence a "Yes." rests on
            ordered = [decision.evidence[0], *_ordered(decision.evidence[1:])]
        for item in ordered:
            parts.append(f"{_display(item.sentence)} [{cite(item)}]")
    text = re.sub(r" \n", "\n", " ".join(parts)).strip()
    citations = tuple(_citation(n, item.sentence) for n, item in enumerate(cited, start=1))
    return Answer(text=text, citations=citations, abstained=decision.abstained, query=question.query, question=question.text,
                  hits=tuple(item.sentence.hit for item in cited), kind="none" if decision.abstained else decision.kind,
                  verdict="" if decision.abstained else decision.verdict, notice=decision.notice)


def refusal(question: Question, why: str) -> Answer:
    """An abstention with nothing to quote ("… — no articles from Bloomberg are indexed")."""
    return Answer(text=f"{ABSTAIN_PREFIX} — {why}.", citations=(), abstained=True, query=question.query, question=question.text,
                  kind="none")


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _missing(question: Question, what: str) -> str:
    """ "The indexed articles don't say who won the 2024 Super Bowl", or, when the question doesn't turn
    into such a clause, "The indexed articles don't say — nothing in them answers “...”"."""
    if what:
        return f"{ABSTAIN_PREFIX} {what}"
    return f"{ABSTAIN_PREFIX} — nothing in them answers “{' '.join(question.text.split())}”"


def _ordered(items: Sequence[Scored]) -> list[Scored]:
    """Grouped by article (in the order articles first appear), in article order within each."""
    order: dict[str, int] = {}
    for item in items:
        order.setdefault(item.sentence.hit.article_id, len(order))
    return sorted(items, key=lambda s: (order[s.sentence.hit.article_id], s.sentence.start))


def _display(sentence: Sentence) -> str:
    """The sentence as it reads in the answer: a leading pronoun replaced by who it refers to."""
    text = " ".join(sentence.resolved.split())
    return text if re.search(r"[.!?\"”’)]$", text) else text + "."


def _citation(n: int, s: Sentence) -> Citation:
    hit = s.hit
    return Citation(n=n, title=hit.title, source=hit.source, url=hit.url, published_at=hit.published_at, quote=s.text,
                    article_id=hit.article_id, chunk_id=hit.chunk_id, start=s.start, end=s.end)


def lead_of(answer_text: str) -> str:
    """The short answer an offline answer opens with ("Sam Altman [1]. ..."), or ""."""
    match = re.match(r"([^.\[\]]{1,80}) \[\d+\]\.", answer_text)
    return match.group(1) if match else ""
