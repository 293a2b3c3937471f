"""Load benchmark: N threads × M questions through one NewsBot over the MultiHop-RAG index.

    python -m bench.load --source bench/results/multihop --queries ../shared/data/multihop-rag/queries-dev.json \
        [--home bench/results/load] [--threads 8] [--questions 100]

The index in --source is copied to --home first (the source is only read). One NewsBot in its
serving configuration (ONNX embedder, embedded Chroma, BM25, offline answers) answers the first
M distinct questions serially (the reference), then from N threads at once, each thread asking
all M in its own order. Reports errors, answers that differ from the serial ones (text or cited
chunks), p50/p95 latency serial and under load, throughput, and this serving process's RSS
(after the first answer, and peak). Writes the figures to docs/BENCHMARKS.md (section "load").
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.report import git_revision, peak_rss_mb, write_section


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", required=True, help="a built MultiHop-RAG index (e.g. bench/results/multihop)")
    parser.add_argument("--queries", required=True, help="queries-dev.json of MultiHop-RAG")
    parser.add_argument("--home", default="bench/results/load", help="where the index is copied to (wiped first)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--questions", type=int, default=100)
    parser.add_argument("--no-write", action="store_true", help="print only; don't update docs/BENCHMARKS.md")
    args = parser.parse_args()

    from bot import NewsBot
    from newsbot.settings import Settings

    home = Path(args.home)
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(args.source, home)
    questions = _questions(Path(args.queries), args.questions)

    bot = NewsBot(settings=Settings.load(home=home, reference_date="newest"))
    started = time.perf_counter()
    bot.ask(questions[0])
    first = time.perf_counter() - started
    rss_warm = _rss_mb()

    serial: dict[str, tuple[str, tuple[str, ...]]] = {}
    serial_ms = []
    started = time.perf_counter()
    for question in questions:
        answer, ms = _timed(bot, question)
        serial[question] = answer
        serial_ms.append(ms)
    serial_s = time.perf_counter() - started

    errors: list[str] = []
    differ: list[str] = []
    loaded_ms: list[float] = []
    lock = threading.Lock()

    def worker(seed: int) -> None:
        order = questions[:]
        random.Random(seed).shuffle(order)
        for question in order:
            try:
                answer, ms = _timed(bot, question)
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            with lock:
                loaded_ms.append(ms)
                if answer != serial[question]:
                    differ.append(question)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        list(pool.map(worker, range(args.threads)))
    loaded_s = time.perf_counter() - started

    asked = args.threads * len(questions)
    rows = [
        ("questions", f"{len(questions)} distinct MultiHop-RAG dev queries; {args.threads} threads × {len(questions)} = {asked} asks"),
        ("errors under load", f"{len(errors)}"),
        ("answers differing from the serial ones (text or cited chunks)", f"{len(differ)} of {asked}"),
        ("first answer (cold: model, graph, keyword index)", f"{first:.1f} s"),
        ("ask() p50 / p95, serial", f"{_pct(serial_ms, 50):.0f} / {_pct(serial_ms, 95):.0f} ms"),
        (f"ask() p50 / p95, {args.threads} threads", f"{_pct(loaded_ms, 50):.0f} / {_pct(loaded_ms, 95):.0f} ms"),
        ("throughput serial / loaded", f"{len(questions) / serial_s:.2f} / {len(loaded_ms) / loaded_s:.2f} questions/s"),
        ("serving process RSS after the first answer", f"{rss_warm:.0f} MB"),
        ("serving process peak RSS (whole run)", f"{peak_rss_mb():.0f} MB"),
    ]
    table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    for line in (errors[:5] + [f"differs: {q}" for q in differ[:5]]):
        print(line)
    if not args.no_write:
        write_section("load", f"## Load: {args.threads} threads × {len(questions)} questions through one NewsBot "
                              f"(MultiHop-RAG index)\n\nCommand: `python -m bench.load {' '.join(sys.argv[1:])}` "
                              f"(commit {git_revision()})\n\n{table}")
    return 1 if errors or differ else 0


def _questions(path: Path, limit: int) -> list[str]:
    seen: dict[str, None] = {}
    for item in json.loads(path.read_text()):
        seen.setdefault(str(item["query"]).strip(), None)
        if len(seen) == limit:
            break
    return list(seen)


def _timed(bot: Any, question: str) -> tuple[tuple[str, tuple[str, ...]], float]:
    started = time.perf_counter()
    answer = bot.ask(question)
    ms = (time.perf_counter() - started) * 1000
    return (answer.text, tuple(c.chunk_id for c in answer.citations)), ms


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else (values[0] if values else 0.0)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


if __name__ == "__main__":
    sys.exit(main())
