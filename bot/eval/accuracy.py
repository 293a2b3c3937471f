"""Answer accuracy by MultiHop-RAG's rule, made strict, and the figures built on it.

The paper counts an answer right when the gold answer is a substring of it. Made strict here:

- the gold answer must appear as whole words, in any case ("Sam Bankman-Fried" in "Sam
  Bankman-Fried [1]. ..."; "Google" not in "Google Play"... is still whole words, so names are
  compared as written);
- a yes/no gold must be the answer's **first word** (a substring rule would count the "no" in
  "November");
- a list gold ("A; B; C") needs every item; `aliases` (our own question sets) are other
  acceptable forms of the gold ("Nov. 17" for "November 17, 2023");
- a null question ("Insufficient information.") is right when the bot abstains; an answerable
  one is wrong when it does.

`summarize(rows)` gives the accuracy over answerable questions, per question type and per kind,
the balanced yes/no accuracy (the mean of the accuracy on gold-"yes" and on gold-"no"
questions, so a constant "Yes" scores 0.5), the entity-answer accuracy (golds that are not
yes/no), null abstention with and without the unknown-outlet rule, and answerable abstention.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Row", "is_right", "summarize", "yes_no", "words"]

NULL_GOLD = "insufficient information"


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def yes_no(gold: str) -> str:
    """'yes' or 'no' when the gold answer is one, else ''."""
    plain = gold.strip(" .!").lower()
    return plain if plain in ("yes", "no") else ""


def _contains(text: str, gold: str) -> bool:
    gold = words(gold)
    return bool(gold) and f" {gold} " in f" {words(text)} "


def is_right(answer_text: str, abstained: bool, gold: str, aliases: Sequence[str] = ()) -> bool:
    """Whether an answer is right by the strict rule (see the module docstring)."""
    if words(gold) == NULL_GOLD:
        return abstained
    if abstained:
        return False
    yn = yes_no(gold)
    if yn:
        first = re.match(r"\W*(\w+)", answer_text)
        return first is not None and first.group(1).lower() == yn
    forms = [gold, *aliases]
    if ";" in gold:
        return all(_contains(answer_text, item) for item in gold.split(";") if item.strip())
    return any(_contains(answer_text, form) for form in forms)


@dataclass(frozen=True)
class Row:
    """One evaluated question."""

    question_type: str
    kind: str
    gold: str
    right: bool
    abstained: bool
    outlet_rule: bool  # the question cites an outlet with no indexed articles


def summarize(rows: Sequence[Row]) -> dict[str, Any]:
    answerable = [r for r in rows if words(r.gold) != NULL_GOLD]
    null = [r for r in rows if words(r.gold) == NULL_GOLD]
    by_type: dict[str, list[bool]] = defaultdict(list)
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for r in answerable:
        by_type[r.question_type].append(r.right)
        if r.kind:
            by_kind[r.kind].append(r.right)
    for r in null:
        if r.kind:
            by_kind["none"].append(r.right)
    yes = [r.right for r in answerable if yes_no(r.gold) == "yes"]
    no = [r.right for r in answerable if yes_no(r.gold) == "no"]
    entity = [r.right for r in answerable if not yes_no(r.gold)]
    return {
        "answerable": len(answerable), "accuracy": _mean([r.right for r in answerable]),
        "by_type": {k: [_mean(v), len(v)] for k, v in sorted(by_type.items())},
        "by_kind": {k: [_mean(v), len(v)] for k, v in sorted(by_kind.items())},
        "yes_accuracy": [_mean(yes), len(yes)], "no_accuracy": [_mean(no), len(no)],
        "balanced_yes_no": (_mean(yes) + _mean(no)) / 2 if yes and no else _mean(yes or no),
        "entity_accuracy": [_mean(entity), len(entity)],
        "null": len(null), "null_abstained": _mean([r.abstained for r in null]),
        "null_abstained_with_outlet_rule": _mean([r.abstained or r.outlet_rule for r in null]),
        "answerable_abstained": _mean([r.abstained for r in answerable]),
    }


def _mean(values: Sequence[Any]) -> float:
    return sum(values) / len(values) if values else 0.0
