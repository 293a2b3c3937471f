"""Run an evaluation: retrieval variants, answers, latency and the seed set, as one results dict.

Deliberately not here: the metrics' definitions (`metrics.py`) and the variants (`variants.py`).
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.eval.accuracy import Row, is_right, summarize, yes_no
from bot.eval.metrics import lead_of, same_name, score_retrieval, squash
from bot.eval.variants import VARIANTS, build_variants

__all__ = ["evaluate", "markdown", "load_queries"]


def load_queries(path: Path, limit: int = 0) -> list[dict[str, Any]]:
    from index.clean import clean_text

    queries = json.loads(path.read_text())
    for q in queries:
        q["facts"] = [clean_text(e["fact"]) for e in q.get("evidence_list", []) if e.get("fact")]
        q["question_type"] = q.get("question_type") or ("null_query" if not q["facts"] else "query")
    return queries[:limit] if limit else queries


def evaluate(corpus: str | None, queries: Path, home: Path, limit: int = 0, variants: str = "all",
             answers: bool = True, reference_date: str = "newest") -> dict[str, Any]:
    from bot import NewsBot
    from newsbot.settings import Settings

    settings = Settings.load(home=home, reference_date=reference_date)
    bot = NewsBot(settings=settings)
    results: dict[str, Any] = {"home": str(home), "queries_file": str(queries),
                               "settings": f"product defaults, except NEWSBOT_REFERENCE_DATE={reference_date}"
                                           + (" (the archive's newest article is 'today')" if reference_date == "newest" else "")}
    if bot.index.store.count() == 0:
        if not corpus:
            raise SystemExit(f"the index in {home} is empty; pass --corpus to build it")
        started = time.perf_counter()
        report = bot.index.add([corpus])
        results["ingest"] = {"summary": report.summary(), "seconds": time.perf_counter() - started}
    items = load_queries(queries, limit)
    results["counts"] = dict(sorted(_count(items).items()))
    chosen = list(VARIANTS) if variants == "all" else variants.split(",")
    results["retrieval"] = {}
    for name, search in build_variants(bot, chosen).items():
        results["retrieval"][name] = _retrieval(items, search)
    if answers:
        results["answers"] = _answers(bot, items, home, queries.stem)
        results["seed_set"] = _seed_set()
    return results


def _count(items: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for q in items:
        counts[q["question_type"]] += 1
    return counts


def _retrieval(items: list[dict[str, Any]], search: Any) -> dict[str, Any]:
    runs: dict[str, list[tuple[list[str], list[str]]]] = defaultdict(list)
    latencies = []
    for q in items:
        if not q["facts"]:
            continue
        started = time.perf_counter()
        texts = search(q["query"])
        latencies.append(time.perf_counter() - started)
        runs[q["question_type"]].append((texts, q["facts"]))
        runs["overall"].append((texts, q["facts"]))
    out = {kind: score_retrieval(pairs).__dict__ for kind, pairs in runs.items()}
    out["latency_ms"] = _percentiles(latencies)
    return out


def _answers(bot: Any, items: list[dict[str, Any]], home: Path | None = None, queries_stem: str = "queries") -> dict[str, Any]:
    """Answer accuracy by the strict rule (`accuracy.py`), evidence recall (gold facts among cited quotes),
    abstention, ask() latency, and the one-name leads. Null abstention is measured with the unknown-outlet
    refusal off (every answer comes from the evidence); "with the outlet rule" also counts a null question
    that cites an outlet with no indexed articles as abstained. Each answer goes to answers.jsonl in `home`."""
    recall, latencies, rows, log = [], [], [], []
    by_type: dict[str, list[float]] = defaultdict(list)
    leads: list[bool] = []
    reader = bot._part("reader")
    reader.refuse_unindexed = False
    try:
        for q in items:
            started = time.perf_counter()
            answer = bot.ask(q["query"])
            latencies.append(time.perf_counter() - started)
            gold = q.get("answer", "")
            right = is_right(answer.text, answer.abstained, gold, q.get("aliases", ()))
            rows.append(Row(q["question_type"], q.get("kind", ""), gold, right, answer.abstained,
                            outlet_rule="No articles from" in answer.notice))
            log.append({"query": q["query"], "type": q["question_type"], "kind": q.get("kind", ""), "gold": gold, "right": right,
                        "answer_kind": answer.kind, "verdict": answer.verdict, "abstained": answer.abstained,
                        "answer": answer.text, "searched": answer.query, "notice": answer.notice})
            if not q["facts"]:
                continue
            quotes = [squash(c.quote) for c in answer.citations] if not answer.abstained else []
            found = sum(1 for f in q["facts"] if any(squash(f) in quote or (quote and quote in squash(f)) for quote in quotes))
            recall.append(found / len(q["facts"]))
            by_type[q["question_type"]].append(found / len(q["facts"]))
            if gold and not yes_no(gold) and lead_of(answer.text):
                leads.append(same_name(lead_of(answer.text), gold))
    finally:
        reader.refuse_unindexed = True
    if home is not None:
        with (home / f"answers-{queries_stem}.jsonl").open("w") as out:
            out.writelines(json.dumps(entry) + "\n" for entry in log)
    return {
        **summarize(rows),
        "evidence_recall": _mean(recall),
        "evidence_recall_by_type": {k: _mean(v) for k, v in sorted(by_type.items())},
        "ask_latency_ms": _percentiles(latencies),
        "leads": len(leads), "leads_right": _mean(leads),
    }


def _seed_set() -> dict[str, Any]:
    from bot import NewsBot
    from bot.eval.seedset import load_seed_set, run_seed_set, summarize
    from newsbot.settings import Settings

    seeds = Path(__file__).resolve().parents[2] / "seeds"
    with tempfile.TemporaryDirectory() as home:
        bot = NewsBot(settings=Settings.load(home=Path(home)))
        bot.ingest([seeds])
        results = run_seed_set(bot, load_seed_set())
    return {**summarize(results), "failures": [f"{r.id}: {r.why}" for r in results if not r.correct]}


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0}
    ordered = sorted(values)
    return {"p50": statistics.median(ordered) * 1000, "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000}


def _mean(values: list[Any]) -> float:
    return sum(values) / len(values) if values else 0.0


def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    lines = [f"Queries: {', '.join(f'{k} {v}' for k, v in results['counts'].items())}.", ""]
    lines += ["### Retrieval (MultiHop-RAG rule), overall", "",
              "| variant | queries | Hits@4 | Hits@10 | MRR@10 | MAP@10 | retrieve p50 / p95 ms |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for name, r in results["retrieval"].items():
        o = r["overall"]
        lines.append(f"| {name} | {o['queries']} | {o['hits_at_4']:.3f} | {o['hits_at_10']:.3f} | {o['mrr_at_10']:.3f} | "
                     f"{o['map_at_10']:.3f} | {r['latency_ms']['p50']:.0f} / {r['latency_ms']['p95']:.0f} |")
    if results["retrieval"]:
        name, r = list(results["retrieval"].items())[-1]
        lines += ["", f"### Retrieval by question type ({name})", "",
                  "| type | queries | Hits@4 | Hits@10 | MRR@10 | MAP@10 |", "| --- | --- | --- | --- | --- | --- |"]
        for kind, s in sorted(r.items()):
            if kind not in ("overall", "latency_ms"):
                lines.append(f"| {kind} | {s['queries']} | {s['hits_at_4']:.3f} | {s['hits_at_10']:.3f} | "
                             f"{s['mrr_at_10']:.3f} | {s['map_at_10']:.3f} |")
    if "answers" in results:
        a = results["answers"]
        lines += ["", "### Answers (offline answerer)", "", f"Settings: {results.get('settings', 'product defaults')}.", "",
                  "| measure | value |", "| --- | --- |",
                  f"| accuracy, answerable questions (strict rule) | {a['accuracy']:.3f} of {a['answerable']} |"]
        lines += [f"| … {k} | {v[0]:.3f} of {v[1]} |" for k, v in a["by_type"].items()]
        lines += [f"| … kind {k} | {v[0]:.3f} of {v[1]} |" for k, v in a.get("by_kind", {}).items()]
        lines += [f"| balanced yes/no accuracy (gold yes {a['yes_accuracy'][0]:.3f} of {a['yes_accuracy'][1]}, gold no "
                  f"{a['no_accuracy'][0]:.3f} of {a['no_accuracy'][1]}) | {a['balanced_yes_no']:.3f} |",
                  f"| entity-answer accuracy (golds that are not yes/no) | {a['entity_accuracy'][0]:.3f} of {a['entity_accuracy'][1]} |",
                  f"| null questions abstained, without the unknown-outlet rule | {a['null_abstained']:.3f} of {a['null']} |",
                  f"| null questions abstained, with the unknown-outlet rule | {a['null_abstained_with_outlet_rule']:.3f} |",
                  f"| answerable questions abstained | {a['answerable_abstained']:.3f} |",
                  f"| evidence recall (gold facts among cited quotes) | {a['evidence_recall']:.3f} |"]
        lines += [f"| evidence recall, {k} | {v:.3f} |" for k, v in a["evidence_recall_by_type"].items()]
        lines += [f"| answers opening with one name (“Sam Altman [1].”) / that name exactly right | {a['leads']} / "
                  f"{a['leads_right']:.3f} |",
                  f"| ask() p50 / p95 | {a['ask_latency_ms']['p50']:.0f} / {a['ask_latency_ms']['p95']:.0f} ms |", "",
                  "Strict rule: the gold answer appears as whole words in the answer; a yes/no gold must be its first "
                  "word; a null question is right when the bot abstains (bot/eval/accuracy.py)."]
    if "seed_set" in results:
        s = results["seed_set"]
        lines += ["", "### Seed question set (bot/eval/seed_questions.json)", "", "| measure | value |", "| --- | --- |",
                  f"| questions | {s['questions']} |", f"| answer accuracy | {s['answer_accuracy']:.3f} |",
                  f"| abstention accuracy (unanswerable) | {s['abstention_accuracy']:.3f} |",
                  f"| false abstentions (answerable) | {s['false_abstentions']:.3f} |",
                  f"| follow-up accuracy | {s['followup_accuracy']:.3f} |"]
        if s["failures"]:
            lines.append(f"\nMissed: {'; '.join(s['failures'])}")
    return "\n".join(lines) + "\n"
