"""The seed question set: questions about the seed article with the key facts an answer must hold.

`seed_questions.json` (next to this module) holds the questions (facts, attribution, follow-ups, and questions
the article cannot answer). `run_seed_set(bot, items)` asks each one (follow-ups after their
history, in a fresh chat) and scores it:

- answerable: correct when not abstained and every expected fact ("a|b" = either) is in the answer;
- unanswerable: correct when the bot abstained;
- follow-ups: also check the rewritten query names what it should (`query_has`).

Used by `python -m bot.eval` and by the test suite.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["SEED_QUESTIONS", "SeedResult", "load_seed_set", "run_seed_set", "summarize"]

SEED_QUESTIONS = Path(__file__).resolve().parent / "seed_questions.json"


@dataclass(frozen=True)
class SeedResult:
    id: str
    kind: str
    question: str
    query: str
    answer: str
    abstained: bool
    correct: bool
    why: str


def load_seed_set(path: Path = SEED_QUESTIONS) -> list[dict[str, Any]]:
    return list(json.loads(path.read_text()))


def run_seed_set(bot: Any, items: list[dict[str, Any]]) -> list[SeedResult]:
    results = []
    for item in items:
        chat = bot.chat()
        for earlier in item.get("history", []):
            chat.ask(earlier)
        answer = chat.ask(item["question"])
        results.append(_score(item, answer))
    return results


def _score(item: dict[str, Any], answer: Any) -> SeedResult:
    text = answer.text.lower()
    if item.get("abstain"):
        correct, why = answer.abstained, "" if answer.abstained else "should have abstained"
    elif answer.abstained:
        correct, why = False, "abstained"
    else:
        missing = [fact for fact in item.get("expect", []) if not any(alt.lower() in text for alt in fact.split("|"))]
        query_missing = [w for w in item.get("query_has", []) if w.lower() not in answer.query.lower()]
        correct = not missing and not query_missing
        why = "; ".join(([f"missing {missing}"] if missing else []) + ([f"query lacks {query_missing}"] if query_missing else []))
    return SeedResult(id=item["id"], kind=item["kind"], question=item["question"], query=answer.query, answer=answer.text,
                      abstained=answer.abstained, correct=correct, why=why)


def summarize(results: list[SeedResult]) -> dict[str, float]:
    """Answer accuracy (answerable questions), abstention accuracy (unanswerable), false abstentions."""
    answerable = [r for r in results if r.kind != "unanswerable"]
    unanswerable = [r for r in results if r.kind == "unanswerable"]
    followups = [r for r in answerable if r.kind == "followup"]
    return {
        "questions": len(results),
        "answer_accuracy": sum(r.correct for r in answerable) / max(1, len(answerable)),
        "abstention_accuracy": sum(r.correct for r in unanswerable) / max(1, len(unanswerable)),
        "false_abstentions": sum(r.abstained for r in answerable) / max(1, len(answerable)),
        "followup_accuracy": sum(r.correct for r in followups) / max(1, len(followups)),
    }
