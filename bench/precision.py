"""float32 against int8 vectors: MultiHop-RAG dev retrieval and answers on two indexes of the same corpus.

    python -m bench.precision --queries ../shared/data/multihop-rag/queries-dev.json \\
                              --float32 HOME_A --int8 HOME_B [--baseline HITS4,HITS10,MRR10]

Runs `python -m bot.eval --variants full` (retrieval as `NewsBot.retrieve` does it, and the offline
answers) on each index in turn, in fresh processes, and sets the figures side by side with their
differences. The int8 index is what `python -m index add` makes for a new index (or
`NEWSBOT_EMBED_PRECISION=int8 python -m index rebuild` from a float32 one). `--baseline` quotes
retrieval as measured before this change, for the record. Writes section "precision".
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.report import git_revision, write_section

_ROWS = [
    ("Hits@4", ("retrieval", "hits_at_4")), ("Hits@10", ("retrieval", "hits_at_10")), ("MRR@10", ("retrieval", "mrr_at_10")),
    ("MAP@10", ("retrieval", "map_at_10")), ("answer accuracy, answerable (strict rule)", ("answers", "accuracy")),
    ("evidence recall", ("answers", "evidence_recall")), ("null questions abstained", ("answers", "null_abstained")),
    ("answerable questions abstained", ("answers", "answerable_abstained")),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", required=True)
    parser.add_argument("--float32", required=True, help="an index made with NEWSBOT_EMBED_PRECISION=float32")
    parser.add_argument("--int8", required=True, help="an index of the same corpus with int8 vectors")
    parser.add_argument("--baseline", default="", help="Hits@4,Hits@10,MRR@10 measured before, quoted as is")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--report", action="store_true", help="use the evaluations already written in each home")
    args = parser.parse_args()
    results = {name: _evaluate(Path(home), args.queries, run=not args.report)
               for name, home in (("float32", args.float32), ("int8", args.int8))}
    models = {name: r["model"] for name, r in results.items()}
    rows = []
    for label, (part, key) in _ROWS:
        a, b = (_value(results[name], part, key) for name in ("float32", "int8"))
        rows.append(f"| {label} | {a:.3f} | {b:.3f} | {b - a:+.3f} |")
    ask = [results[name]["answers"]["ask_latency_ms"]["p50"] for name in ("float32", "int8")]
    rows.append(f"| ask() p50 in the evaluation (machine shared) | {ask[0]:.0f} ms | {ask[1]:.0f} ms | |")
    table = (f"| measure | float32 (`{models['float32']}`) | int8 (`{models['int8']}`) | int8 − float32 |\n"
             "| --- | --- | --- | --- |\n" + "\n".join(rows))
    if args.baseline:
        table += (f"\n\nBefore this change (commit ce3e73c, float32, the bm25s keyword index), the same evaluation: "
                  f"Hits@4 / Hits@10 / MRR@10 = {args.baseline.replace(',', ' / ')}.")
    print(table)
    if not args.no_write:
        write_section("precision", "## Precision: float32 against int8 vectors (MultiHop-RAG dev, 1,111 answerable + 149 null)\n\n"
                                   f"Command: `python -m bench.precision {' '.join(sys.argv[1:])}` (commit {git_revision()})\n\n"
                                   f"{table}")
    return 0


def _evaluate(home: Path, queries: str, run: bool = True) -> dict[str, Any]:
    if run:
        subprocess.run([sys.executable, "-m", "bot.eval", "--queries", queries, "--home", str(home), "--variants", "full"],
                       check=True, capture_output=True, text=True)
    results: dict[str, Any] = json.loads((home / f"results-{Path(queries).stem}.json").read_text())
    from index import Index
    from newsbot.settings import Settings

    results["model"] = Index(Settings.load(home=home)).store.model
    return results


def _value(results: dict[str, Any], part: str, key: str) -> float:
    if part == "retrieval":
        return float(next(iter(results["retrieval"].values()))["overall"][key])
    return float(results["answers"][key])


if __name__ == "__main__":
    sys.exit(main())
