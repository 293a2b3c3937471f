"""Try retrieval settings on the MultiHop-RAG dev queries (tuning aid; prints one row per setting).

    python -m bench.tune --home bench/results/multihop --queries ../shared/data/multihop-rag/queries-dev.json \
        --limit 400 '{"rrf_k": 60}' '{"rrf_k": 20, "keyword": 1.5}'

Each argument is a JSON object of `bot.retrieve.Weights` fields; `plan: false` searches without
the outlet/date planner. Only the dev queries and the seed questions are used for tuning.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import replace
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", default="bench/results/multihop")
    parser.add_argument("--queries", required=True)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("settings", nargs="*", default=["{}"])
    args = parser.parse_args()

    from bot import NewsBot
    from bot.eval.metrics import query_scores
    from bot.eval.run import load_queries
    from bot.retrieve import Retriever
    from newsbot.settings import Settings

    bot = NewsBot(settings=Settings.load(home=Path(args.home), reference_date="newest"))
    items = [q for q in load_queries(Path(args.queries), args.limit) if q["facts"]]
    base = bot._part("retriever")
    planner = bot._part("planner")
    for raw in args.settings:
        options = json.loads(raw)
        use_plan = options.pop("plan", True)
        retriever = Retriever(base.index, base.embedder, replace(base.weights, **options))
        rows, started = [], time.perf_counter()
        for q in items:
            hits = retriever.search_plan(planner(q["query"]), 10) if use_plan else retriever.search(q["query"], 10)
            rows.append(query_scores([h.text for h in hits], q["facts"]))
        n = len(rows)
        h4, h10, mrr, map10 = (sum(r[i] for r in rows) / n for i in range(4))
        ms = (time.perf_counter() - started) / n * 1000
        print(f"H@4 {h4:.3f}  H@10 {h10:.3f}  MRR {mrr:.3f}  MAP {map10:.3f}  {ms:4.0f} ms/q  {raw}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
