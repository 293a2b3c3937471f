"""Crash benchmark: SIGKILL `python -m index add CORPUS` part-way, run it again, compare with a clean ingest.

    python -m bench.crash ../shared/data/multihop-rag/corpus.json [--home bench/results/crash] [--kill-at 0.5]
        [--clean bench/results/crash/clean]

1. A clean ingest of the corpus into HOME/clean (skipped when --clean names an index built by this code).
2. The CLI ingests the corpus into HOME/crashed; when its chunk count passes each --kill-at fraction of
   the clean one, it gets SIGKILL. After each kill: are all stored articles whole, is the unfinished
   session marked? Then the CLI runs again to completion.
3. The crashed-and-resumed index is compared with the clean one: same chunk ids, texts, metadata,
   vectors (to 1e-5), no article twice, keyword index == Chroma, `index check` clean.

Prints the figures and writes them to docs/BENCHMARKS.md (section "crash").
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.report import git_revision, write_section

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("--home", default="bench/results/crash", help="working folder (crashed/ is wiped first)")
    parser.add_argument("--clean", help="an existing clean index of the same corpus (default: build HOME/clean)")
    parser.add_argument("--kill-at", default="0.5", help="comma-separated fractions of the chunks at which to kill")
    parser.add_argument("--no-write", action="store_true", help="print only; don't update docs/BENCHMARKS.md")
    args = parser.parse_args()

    from index import Index
    from index.check import problems
    from newsbot.settings import Settings

    home = Path(args.home)
    clean_home = Path(args.clean) if args.clean else home / "clean"
    rows: list[tuple[str, str]] = []
    if not args.clean:
        shutil.rmtree(clean_home, ignore_errors=True)
        seconds, _ = _cli(clean_home, "add", args.corpus, "--quiet")
        rows.append(("clean ingest (CLI, one run)", f"{seconds:.0f} s"))
    clean = Index(Settings.load(home=clean_home))
    total = clean.store.count()

    crashed_home = home / "crashed"
    shutil.rmtree(crashed_home, ignore_errors=True)
    crashed = Index(Settings.load(home=crashed_home))  # a reader that stays open throughout, like the UI
    for fraction in [float(f) for f in args.kill_at.split(",")]:
        started = time.perf_counter()
        process = _start(crashed_home, "add", args.corpus, "--quiet")
        while crashed.store.count() < fraction * total:
            if process.poll() is not None:
                raise SystemExit(f"the ingest ended before {fraction:.0%} of the chunks: {process.communicate()}")
            time.sleep(0.2)
        process.send_signal(signal.SIGKILL)
        process.wait()
        stored = crashed.articles()
        whole = all(len(crashed.store.chunk_ids(r.id)) == r.chunk_count for r in stored)
        orphans = {m["article_id"] for _, _, m in crashed.store.all_chunks()} - {r.id for r in stored}
        state = (f"after {time.perf_counter() - started:.0f} s: {len(stored)} articles, {crashed.store.count()} chunks "
                 f"stored; all whole: {whole and not orphans}; unfinished session marked: {crashed.store.interrupted()}")
        rows.append((f"SIGKILL at ≥{fraction:.0%} of the chunks", state))
    seconds, out = _cli(crashed_home, "add", args.corpus, "--quiet")
    rows.append(("re-run to completion", f"{seconds:.0f} s — {out.strip()}"))

    crashed.store.sync()  # the reader that stayed open: its next question re-opens on what the re-run published
    seen_by_reader = crashed.store.count()
    resumed = Index(Settings.load(home=crashed_home))  # and a fresh process's view
    ours, theirs = _rows(resumed), _rows(clean)
    same_ids = sorted(ours) == sorted(theirs)
    same_rows = same_ids and all(ours[i][:2] == theirs[i][:2] for i in theirs)
    drift = max((float(np.max(np.abs(ours[i][2] - theirs[i][2]))) for i in theirs), default=0.0) if same_ids else float("nan")
    found = problems(resumed)
    records = resumed.articles()
    rows += [
        ("chunks: resumed / clean / seen by the reader that stayed open", f"{len(ours)} / {len(theirs)} / {seen_by_reader}"),
        ("same chunk ids", str(same_ids)),
        ("same texts and metadata", str(same_rows)),
        ("largest vector difference", f"{drift:.1e} (same model; batch composition differs)"),
        ("articles (distinct texts)", f"{len(records)} ({len({r.content_hash for r in records})})"),
        ("keyword index == Chroma, `index check`", "ok" if not found else "; ".join(found)),
    ]
    ok = same_rows and drift < 1e-5 and not found and seen_by_reader == len(theirs)
    table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    print("identical to a clean ingest" if ok else "NOT identical to a clean ingest")
    if not args.no_write:
        write_section("crash", "## Crash-safe ingest: SIGKILL half-way, run again (MultiHop-RAG corpus)\n\n"
                               f"Command: `python -m bench.crash {' '.join(sys.argv[1:])}` (commit {git_revision()})\n\n"
                               f"{table}\n\n**Result: {'identical to a clean ingest' if ok else 'NOT identical'}.**")
    return 0 if ok else 1


def _start(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")} | {"NEWSBOT_HOME": str(home.resolve())}
    return subprocess.Popen([sys.executable, "-m", "index", *args], cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _cli(home: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    process = _start(home, *args)
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"`python -m index {' '.join(args)}` failed: {err[-2000:]}")
    return time.perf_counter() - started, out


def _rows(index: Any) -> dict[str, tuple[str, dict[str, Any], np.ndarray]]:
    """Every chunk: id -> (text, metadata, vector), paged."""
    collection = index.store.client.get_collection(index.settings.collection)
    out: dict[str, tuple[str, dict[str, Any], np.ndarray]] = {}
    offset = 0
    while True:
        got = collection.get(include=["documents", "metadatas", "embeddings"], limit=1000, offset=offset)
        if not got["ids"]:
            return out
        for i, d, m, e in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True):
            out[i] = (d, m, np.asarray(e, dtype=np.float32))
        offset += len(got["ids"])


if __name__ == "__main__":
    sys.exit(main())
