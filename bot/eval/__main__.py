"""`python -m bot.eval`: measure retrieval and answers on a corpus and its questions.

    python -m bot.eval --corpus ../shared/data/multihop-rag/corpus.json \
                       --queries ../shared/data/multihop-rag/queries-dev.json \
                       --home bench/results/multihop [--limit N] [--write-docs]

Builds the index in --home if it is empty (or reuses it), then reports, overall and per
question type: Hits@4, Hits@10, MRR@10, MAP@10 (MultiHop-RAG's rule) for each retrieval variant
(an ablation from LangChain's plain Chroma retriever to the full newsbot retriever); answer
evidence recall and abstention; p50/p95 latency of `retrieve` and `ask`; and the seed question
set. Writes `results-<queries>.json`, `.md` and `answers-<queries>.jsonl` next to the index (and, with --write-docs, a
section of docs/BENCHMARKS.md). Any corpus in the ingest formats works; queries use the
MultiHop-RAG format ({query, question_type, evidence_list: [{fact}]}).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newsbot.cli import run

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.eval", description="Evaluate newsbot on a corpus and its questions.")
    parser.add_argument("--corpus", help="corpus to ingest when the index is empty (any ingest format)")
    parser.add_argument("--queries", required=True, help="query file in the MultiHop-RAG format")
    parser.add_argument("--home", default="bench/results/multihop", help="data folder of the index to build or reuse")
    parser.add_argument("--limit", type=int, default=0, help="evaluate only the first N queries (0 = all)")
    parser.add_argument("--variants", default="all", help="comma-separated retrieval variants to run, or 'all'")
    parser.add_argument("--no-answers", action="store_true", help="skip the answer and latency measurements")
    parser.add_argument("--reference-date", default="newest", help="'today' for relative dates in questions (default: newest article)")
    parser.add_argument("--write-docs", action="store_true", help="record the figures in docs/BENCHMARKS.md")
    parser.add_argument("--section", default="multihop", help="the docs/BENCHMARKS.md section to write (with --write-docs)")
    parser.add_argument("--title", default="Retrieval and answers: MultiHop-RAG dev queries", help="that section's heading")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)

    from bot.eval.run import evaluate, markdown

    results = evaluate(corpus=args.corpus, queries=Path(args.queries), home=Path(args.home), limit=args.limit,
                       variants=args.variants, answers=not args.no_answers, reference_date=args.reference_date)
    out = Path(args.home)
    stem = Path(args.queries).stem
    (out / f"results-{stem}.json").write_text(json.dumps(results, indent=2))
    table = markdown(results)
    (out / f"results-{stem}.md").write_text(table)
    print(table)
    if args.write_docs:
        from bot.eval.report import git_revision, write_section

        given = argv if argv is not None else sys.argv[1:]
        command = "python -m bot.eval " + " ".join(a for a in given if a != "--write-docs")
        write_section(args.section, f"## {args.title}\n\nCommand: `{command}` (commit {git_revision()})\n\n{table}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
