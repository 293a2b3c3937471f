"""UI benchmark: time from opening the page to the first answer, and for later answers, in a real browser.

    python -m bench.ui [--runs 5] [--no-write]

Ingests seeds/ into a temp data folder once; then, per run, starts a fresh `streamlit run
ui/app.py` (a cold process: the libraries, the model and the keyword index load in a background
thread the server starts with), opens the page in headless chromium the moment the server answers
its health check, asks "What did Rubio say about Balochistan?" as soon as the chat input shows,
and times until the answer has rendered and the page run has finished. Then three later
questions (a follow-up and two new ones), each timed from Enter to the rendered answer.
A second visitor then opens the page on the same, now warm, server and asks the first question
too (everything is loaded and cached by then): what is left is mostly the browser loading
Streamlit's page, the floor under the cold figure.
Prints medians over the runs and writes them to docs/BENCHMARKS.md (targets: first answer
≤ 5 s including model load, later answers ≤ 1 s), with the machine's load average, since the
machine is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness import ROOT, AppServer, ask, chromium, launch
from bench.report import git_revision, write_section

FIRST = "What did Rubio say about Balochistan?"
LATER = ("What else did he condemn?", "Who did Marco Rubio meet?", "What topics did the US-Pakistan meeting focus on?")


@dataclass(frozen=True)
class Run:
    server: float
    input: float
    first: float
    later: list[float]
    warm_input: float
    warm_first: float
    cpu_first: float


def one_run(home: Path, browser_path: str) -> Run:
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with AppServer(home) as server, sync_playwright() as playwright:
        server_s = time.perf_counter() - started
        browser = launch(playwright, browser_path)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        opened, cpu = time.perf_counter(), server.cpu_seconds()
        page.goto(server.url)
        page.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        input_s = time.perf_counter() - opened
        ask(page, FIRST)
        first_s, cpu_first = time.perf_counter() - opened, server.cpu_seconds() - cpu
        later = []
        for question in LATER:
            t = time.perf_counter()
            ask(page, question)
            later.append(time.perf_counter() - t)
        second = browser.new_context().new_page()  # a second visitor: same server, now warm
        opened = time.perf_counter()
        second.goto(server.url)
        second.get_by_test_id("stChatInputTextArea").wait_for(timeout=60_000)
        warm_input = time.perf_counter() - opened
        ask(second, FIRST)
        warm_first = time.perf_counter() - opened
        browser.close()
    return Run(server=server_s, input=input_s, first=first_s, later=later, warm_input=warm_input, warm_first=warm_first,
               cpu_first=cpu_first)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="cold server starts to time (default 5)")
    parser.add_argument("--no-write", action="store_true", help="print only; don't update docs/BENCHMARKS.md")
    args = parser.parse_args()
    browser_path = chromium()
    if browser_path is None:
        print("no chromium found (apt-get install chromium); cannot run the UI benchmark", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="newsbot-bench-ui-") as tmp:
        home = Path(tmp) / "home"
        subprocess.run([sys.executable, "-m", "index", "add", "seeds/", "--home", str(home), "--quiet"], cwd=ROOT,
                       check=True, capture_output=True)
        runs = []
        for i in range(args.runs):
            run = one_run(home, browser_path)
            runs.append(run)
            print(f"run {i + 1}: input {run.input:.2f} s, first answer {run.first:.2f} s, later "
                  + ", ".join(f"{s:.2f}" for s in run.later) + " s", flush=True)

    def median(key: str) -> float:
        return statistics.median(getattr(r, key) for r in runs)

    later = [s for r in runs for s in r.later]
    load = os.getloadavg()[0]
    rows = [
        ("server start (`streamlit run` to health check; the page opens right then)", f"{median('server'):.2f} s"),
        ("page open → chat input visible", f"{median('input'):.2f} s"),
        ("**page open → first answer rendered** (cold: bot, model, index load) — target ≤ 5 s", f"**{median('first'):.2f} s**"),
        ("server CPU time in that interval (load-independent: the work, not the wait)", f"{median('cpu_first'):.2f} s"),
        ("**later answers, Enter → rendered** — target ≤ 1 s",
         f"**{statistics.median(later):.2f} s** (max {max(later):.2f} s)"),
        ("for comparison, a second visitor on the now warm server: page open → chat input / first answer",
         f"{median('warm_input'):.2f} s / {median('warm_first'):.2f} s"),
        ("`streamlit run` → first answer rendered (server start + cold first answer)",
         f"{statistics.median(r.server + r.first for r in runs):.2f} s"),
        ("machine load average (1 min) at the end, on 2 cores", f"{load:.1f}"),
    ]
    table = "| measure (median of runs) | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    reading = (f"Of the {median('first'):.1f} s from page open to the first answer, the server worked "
               f"{median('cpu_first'):.1f} s of CPU; the rest is waiting for a core (load {load:.1f} on 2 cores) "
               f"and the browser loading Streamlit's page: a second visitor, with nothing left to load on the "
               f"server, still needs {median('warm_first'):.1f} s from page open to the answer.")
    print(table)
    print(reading)
    if not args.no_write:
        write_section("ui", f"## Chat UI: seed index, headless chromium, {len(runs)} cold starts\n\n"
                            f"Command: `{' '.join(['python -m bench.ui', *sys.argv[1:]])}` (commit {git_revision()})\n\n"
                            f"First question “{FIRST}” typed as soon as the chat input shows; later questions: "
                            + ", ".join(f"“{q}”" for q in LATER) + f" ({len(later)} timings).\n\n{table}\n\n{reading}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
