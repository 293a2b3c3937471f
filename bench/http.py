"""HTTP API benchmark: `/ask` over HTTP against the in-process `ask()`, in one run, and the time to the first streamed token.

    python -m bench.http [--source bench/results/multihop --queries ../shared/data/multihop-rag/queries-dev.json]
                         [--home bench/results/http] [--n 40] [--clients 8] [--workers 1]

Without --source the 19 test articles (tests/data/news) are ingested into --home and the questions are
tests/data/phrasing_cases.json's; with it, that built index is copied to --home (the source is only read)
and the questions are the query file's. Default settings (the serving configuration).

Measured in one run, against a real `python -m bot serve` subprocess on loopback and a NewsBot in this
process, each with its own caches, both warmed on one question first:

1. **Serial**: question by question, interleaved (machine load drifts over a run), the in-process
   `ask()` and `POST /ask` from one keep-alive client; each side sees each question for the first time.
   p50/p95 and questions/s, and the ratio of the medians: the figure.
2. **At once**: the same questions from `--clients` threads (in process) and `--clients` HTTP clients:
   questions/s.
3. **Streaming**: on fresh questions, interleaved, the time to the first text piece of the in-process
   `stream()`, of `/ask/stream` and of `/v1/chat/completions` with `stream: true` (the first content
   token), and to the whole streamed answer.

Writes docs/BENCHMARKS.md section "http".
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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bench.report import git_revision, write_section

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", help="a built index to copy (default: ingest tests/data/news)")
    parser.add_argument("--queries", help="MultiHop-RAG-style query file (default: tests/data/phrasing_cases.json)")
    parser.add_argument("--home", default="bench/results/http", help="the index served (wiped first)")
    parser.add_argument("--n", type=int, default=40, help="questions per measurement")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers of the server")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    import httpx

    from bot import NewsBot
    from bot.server.harness import ApiServer
    from newsbot.settings import Settings

    home = Path(args.home)
    shutil.rmtree(home, ignore_errors=True)
    reference = _prepare(home, args.source)
    questions = _questions(args.queries, 3 * args.n + 1)
    if len(questions) < 3 * args.n + 1:
        sys.exit(f"need {3 * args.n + 1} distinct questions, found {len(questions)}; lower --n")
    warm, serial_q, stream_q, chat_q = questions[0], *(questions[1 + i * args.n:1 + (i + 1) * args.n] for i in range(3))
    bot = NewsBot(settings=Settings.load(home=home, reference_date=reference))
    env = {"NEWSBOT_REFERENCE_DATE": reference, "NEWSBOT_API_RATE_LIMIT": "0"}

    with ApiServer(home, env=env, workers=args.workers) as server, httpx.Client(base_url=server.url, timeout=600) as http:
        started = time.perf_counter()
        http.post("/ask", json={"question": warm}).raise_for_status()
        first_http = time.perf_counter() - started
        started = time.perf_counter()
        bot.ask(warm)
        first_local = time.perf_counter() - started

        local_ms, http_ms = [], []
        for question in serial_q:
            local_ms.append(_timed(lambda q: bot.ask(q), question))
            http_ms.append(_timed(lambda q: http.post("/ask", json={"question": q}).raise_for_status(), question))

        local_qps = _at_once(lambda q: bot.ask(q), serial_q, args.clients, lambda: None)
        clients = [httpx.Client(base_url=server.url, timeout=600) for _ in range(args.clients)]
        pool = iter(clients)
        local_client = threading.local()

        def ask_http(question: str) -> None:
            local_client.http.post("/ask", json={"question": question}).raise_for_status()

        http_qps = _at_once(ask_http, serial_q, args.clients, lambda: setattr(local_client, "http", next(pool)))
        for client in clients:
            client.close()

        firsts: dict[str, list[float]] = {"local": [], "ask/stream": [], "local ": [], "v1 stream": []}
        wholes: dict[str, list[float]] = {k: [] for k in firsts}
        for question in stream_q:
            _stream_local(bot, question, firsts["local"], wholes["local"])
            _stream_http(http, "/ask/stream", {"question": question}, firsts["ask/stream"], wholes["ask/stream"])
        for question in chat_q:
            _stream_local(bot, question, firsts["local "], wholes["local "])
            body = {"model": "newsbot", "stream": True, "messages": [{"role": "user", "content": question}]}
            _stream_http(http, "/v1/chat/completions", body, firsts["v1 stream"], wholes["v1 stream"])
        rss = _rss_mb(server.worker_pids())

    p50 = {k: statistics.median(v) for k, v in (("local", local_ms), ("http", http_ms))}
    rows = [
        ("questions", f"{args.n} per measurement, distinct; index: {_describe(home)}; server: {args.workers} worker(s)"),
        ("first answer (cold: model, graph, keyword index)", f"in process {first_local:.1f} s; HTTP {first_http:.1f} s "
                                                              "(the server warms up as it starts)"),
        ("/ask p50 / p95, one client, serial", f"in process {p50['local']:.0f} / {_pct(local_ms, 95):.0f} ms; "
                                               f"HTTP {p50['http']:.0f} / {_pct(http_ms, 95):.0f} ms"),
        ("**HTTP / in-process p50 (the figure)**", f"**{p50['http'] / p50['local']:.2f}×** "
                                                   f"(+{p50['http'] - p50['local']:.1f} ms a question)"),
        ("questions/s, serial", f"in process {1000 * len(local_ms) / sum(local_ms):.1f}; "
                                f"HTTP {1000 * len(http_ms) / sum(http_ms):.1f}"),
        (f"questions/s, {args.clients} at once", f"in process ({args.clients} threads) {local_qps:.1f}; "
                                                 f"HTTP ({args.clients} clients) {http_qps:.1f}; ratio {http_qps / local_qps:.2f}"),
        ("first streamed piece p50: in-process `stream()` vs `/ask/stream`",
         f"{statistics.median(firsts['local']):.0f} vs {statistics.median(firsts['ask/stream']):.0f} ms "
         f"(whole answer {statistics.median(wholes['local']):.0f} vs {statistics.median(wholes['ask/stream']):.0f} ms)"),
        ("first content token p50: in-process `stream()` vs `/v1/chat/completions` streamed",
         f"{statistics.median(firsts['local ']):.0f} vs {statistics.median(firsts['v1 stream']):.0f} ms "
         f"(whole answer {statistics.median(wholes['local ']):.0f} vs {statistics.median(wholes['v1 stream']):.0f} ms)"),
        ("server RSS at the end (all workers)", f"{rss:.0f} MB"),
    ]
    table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    if not args.no_write:
        write_section("http", f"## HTTP API: `/ask` over HTTP against in-process `ask()`, and streaming\n\n"
                              f"Command: `python -m bench.http {' '.join(sys.argv[1:])}` (commit {git_revision()})\n\n"
                              "The offline answerer streams an answer sentence by sentence once it is built, so the first "
                              "piece comes when the answer is ready; an LLM backend streams as it writes. \"At once\" asks the "
                              "serial questions again, so both sides find their vectors cached (as in section *load*): it "
                              f"compares the two under concurrency, not the speed of new questions.\n\n{table}")
    return 0


def _prepare(home: Path, source: str | None) -> str:
    """The index to serve; returns the reference date its questions assume."""
    if source:
        shutil.copytree(source, home)
        return "newest"
    from index import Index
    from newsbot.settings import Settings

    report = Index(Settings.load(home=home)).add([str(p) for p in sorted((ROOT / "tests/data/news").glob("*.json"))])
    if report.failed:
        sys.exit(f"ingest failed: {report.summary()}")
    return "2025-11-20"


def _questions(path: str | None, limit: int) -> list[str]:
    if path:
        items = [str(q["query"]).strip() for q in json.loads(Path(path).read_text())]
    else:
        cases = json.loads((ROOT / "tests/data/phrasing_cases.json").read_text())
        items = [c["question"].strip() for c in cases]
        random.Random(7).shuffle(items)
    return list(dict.fromkeys(items))[:limit]


def _timed(fn: Callable[[str], object], question: str) -> float:
    started = time.perf_counter()
    fn(question)
    elapsed = (time.perf_counter() - started) * 1000
    time.sleep(0.02)  # let threads settle so one measurement doesn't tax the next
    return elapsed


def _at_once(ask: Callable[[str], object], questions: list[str], clients: int, setup: Callable[[], None]) -> float:
    """Questions/s with `clients` threads, each asking every question in its own order."""
    def run(seed: int) -> None:
        setup()
        order = questions[:]
        random.Random(seed).shuffle(order)
        for question in order:
            ask(question)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(run, range(clients)))
    return clients * len(questions) / (time.perf_counter() - started)


def _stream_local(bot: Any, question: str, firsts: list[float], wholes: list[float]) -> None:
    started = time.perf_counter()
    first = None
    for piece in bot.stream(question):
        if first is None and piece:
            first = time.perf_counter() - started
    wholes.append((time.perf_counter() - started) * 1000)
    firsts.append((first if first is not None else wholes[-1] / 1000) * 1000)
    time.sleep(0.02)


def _stream_http(http: Any, path: str, body: dict[str, Any], firsts: list[float], wholes: list[float]) -> None:
    started = time.perf_counter()
    first = None
    with http.stream("POST", path, json=body) as response:
        response.raise_for_status()
        for line in response.iter_lines():
            if first is None and _has_text(line):
                first = time.perf_counter() - started
    wholes.append((time.perf_counter() - started) * 1000)
    firsts.append((first if first is not None else wholes[-1] / 1000) * 1000)
    time.sleep(0.02)


def _has_text(line: str) -> bool:
    """A data line carrying answer text: a `delta` event's text, or an OpenAI chunk's non-empty content."""
    if not line.startswith("data:") or line.endswith("[DONE]"):
        return False
    data = json.loads(line[5:])
    if "text" in data:
        return bool(data["text"])
    choices = data.get("choices") or [{}]
    return bool(choices[0].get("delta", {}).get("content"))


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def _rss_mb(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0) / 1024
    return total


def _describe(home: Path) -> str:
    from index import Index
    from newsbot.settings import Settings

    stats = Index(Settings.load(home=home)).stats()
    return f"{stats.articles} articles, {stats.chunks} chunks"


if __name__ == "__main__":
    sys.exit(main())
