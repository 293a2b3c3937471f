"""newsbot's types as plain JSON-ready dicts: one shape for `python -m bot ask --json` and the HTTP API.

    answer_json(answer)  -> the Answer without its retrieved hits (what `ask --json` prints)
    hit_json(hit), record_json(record), report_json(report), question_json(question)

Deliberately not here: transport (printing, HTTP) and anything that reads JSON back.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from newsbot.types import Answer, ArticleRecord, Hit, IngestReport, Question

__all__ = ["answer_json", "hit_json", "record_json", "report_json", "question_json"]


def answer_json(answer: Answer) -> dict[str, Any]:
    """Every field of the Answer but `hits` (the chunks searched; `citations` carry what was used)."""
    payload = dataclasses.asdict(answer)
    payload.pop("hits")
    return payload


def hit_json(hit: Hit) -> dict[str, Any]:
    """A retrieved chunk: its stored text (a header line, then `body`), score and where it sits in its article."""
    return dataclasses.asdict(hit) | {"body": hit.body}


def record_json(record: ArticleRecord) -> dict[str, Any]:
    return dataclasses.asdict(record)


def report_json(report: IngestReport) -> dict[str, Any]:
    """An ingest run: one result per input (added, updated, unchanged, duplicate or failed, and why)."""
    counts = {status: report.count(status) for status in ("added", "updated", "unchanged", "duplicate", "failed")}
    return {"summary": report.summary(), "counts": counts, "chunks": report.chunks, "seconds": round(report.seconds, 3),
            "results": [dataclasses.asdict(r) for r in report.results]}


def question_json(question: Question) -> dict[str, Any]:
    """How a question was read: standalone query, kind, names, outlets, dates."""
    return dataclasses.asdict(question)
