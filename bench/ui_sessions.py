"""UI under load: several browser sessions asking at once against one UI process, on a big index.

    python -m bench.ui_sessions --home bench/results/multihop \\
        --queries ../shared/data/multihop-rag/queries-dev.json [--sessions 5] [--rounds 3] [--no-write]

Starts one `streamlit run ui/app.py` on the given index (built by `python -m bench.ingest`; only
read), opens `--sessions` pages in headless chromium (each its own Streamlit session) and, per
round, types a different MultiHop-RAG question into every page before waiting for any answer,
so all of them are in flight at once. Reports whether every session got its answer, the time
from the round's first Enter to its last rendered answer, each session's Enter → answer time,
and the UI process's peak resident memory (VmHWM) — the figure docs/SCALING.md asks for.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench.harness import AppServer, chromium, launch, submit, wait_for_answer
from bench.report import folder_mb, git_revision, write_section


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", required=True, help="a built index (e.g. bench/results/multihop)")
    parser.add_argument("--queries", required=True, help="queries-dev.json of MultiHop-RAG")
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="print only; don't update docs/BENCHMARKS.md")
    args = parser.parse_args()
    browser_path = chromium()
    if browser_path is None:
        print("no chromium found (apt-get install chromium); cannot run the UI benchmark", file=sys.stderr)
        return 2
    home = Path(args.home)
    if not (home / "chroma").exists():
        print(f"{home}: no index here; build one with `python -m bench.ingest CORPUS --home {home}`", file=sys.stderr)
        return 2
    queries = [q["query"] for q in json.loads(Path(args.queries).read_text()) if q.get("answer") != "Insufficient information."]
    needed = args.sessions * args.rounds
    questions = [queries[i * len(queries) // needed] for i in range(needed)]

    from playwright.sync_api import sync_playwright

    rounds: list[float] = []
    latencies: list[float] = []
    answered = 0
    with AppServer(home, timeout=120) as server, sync_playwright() as playwright:
        browser = launch(playwright, browser_path)
        pages = [browser.new_context(viewport={"width": 1000, "height": 800}).new_page() for _ in range(args.sessions)]
        for page in pages:
            page.goto(server.url)
        for page in pages:
            page.get_by_test_id("stChatInputTextArea").wait_for(timeout=120_000)
        rss_open = server.peak_rss_mb()
        for r in range(args.rounds):
            batch = questions[r * args.sessions:(r + 1) * args.sessions]
            started = time.perf_counter()
            sent = []
            for page, question in zip(pages, batch, strict=True):
                sent.append((submit(page, question), time.perf_counter()))
            for page, (before, at) in zip(pages, sent, strict=True):
                wait_for_answer(page, before, timeout_ms=300_000)
                latencies.append(time.perf_counter() - at)
                answered += 1
            rounds.append(time.perf_counter() - started)
            print(f"round {r + 1}: {args.sessions} sessions answered in {rounds[-1]:.2f} s", flush=True)
        counts = [page.locator('[data-testid="stChatMessage"] .nb-answer').count() for page in pages]
        peak = server.peak_rss_mb()
        browser.close()

    load = os.getloadavg()[0]
    rows = [
        ("sessions × rounds (every session asks once per round, all at once)", f"{args.sessions} × {args.rounds}"),
        ("answers rendered / asked", f"{answered} / {needed} (answers per page at the end: {counts})"),
        ("**round: first Enter → last answer rendered** (median of rounds; the first is the server's first answers)",
         f"**{statistics.median(rounds):.2f} s** (rounds: " + ", ".join(f"{s:.2f}" for s in rounds) + ")"),
        ("one session, Enter → its answer rendered: p50 / max", f"{statistics.median(latencies):.2f} s / {max(latencies):.2f} s"),
        ("**UI process peak RSS** (VmHWM) with this index", f"**{peak:.0f} MB** ({rss_open:.0f} MB once the pages had opened)"),
        ("data folder on disk (Chroma, keyword index, ONNX model export)", f"{folder_mb(home):.0f} MB"),
        ("machine load average (1 min) at the end, on 2 cores", f"{load:.1f}"),
    ]
    table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    if not args.no_write:
        write_section("ui-sessions", f"## Chat UI under load: {args.sessions} browser sessions at once, MultiHop-RAG index\n\n"
                                     f"Command: `{' '.join(['python -m bench.ui_sessions', *sys.argv[1:]])}` "
                                     f"(commit {git_revision()})\n\n{table}\n\nThe sessions share one `NewsBot` "
                                     "(`st.cache_resource`); on 2 cores their questions queue for the CPU, so a round "
                                     "takes about the sum of its answers.")
    return 0 if answered == needed else 1


if __name__ == "__main__":
    sys.exit(main())
