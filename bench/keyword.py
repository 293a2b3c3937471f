"""Keyword index benchmark: what one added or removed article costs, until a reader in another process sees it.

    python -m bench.keyword --source bench/results/multihop [--home bench/results/keyword] [--repeat 5]

On a copy of a built index (HOME; the source is only read), with a reader process that stays open:
- building the keyword index from every chunk in Chroma (what every reader did after each write before);
- a fresh process mapping the saved index (what a restart costs now);
- one article added by `Index.add` in this process (the writer: embedding, Chroma, the keyword step),
  then the reader's next `refresh()`: following the writer's step (its own keyword folder shares the
  writer's) and, for a second keyword index with a folder of its own, comparing article signatures
  instead (what a reader on another machine does); the same for removing the article;
- the reader's `store.sync()` alone (embedded: re-opening Chroma's client, not the keyword index's cost).
Medians of `--repeat` rounds, in one run. Writes section "keyword".
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.report import folder_mb, git_revision, write_section

_WORD = "Quillarmouth"  # in the added article only


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--home", default="bench/results/keyword")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.child:
        return _reader(Path(args.home))
    home = Path(args.home).resolve()
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(args.source, home, ignore=shutil.ignore_patterns("keyword", "*.jsonl", "results.*"))
    return run(args, home)


def run(args: argparse.Namespace, home: Path) -> int:
    from index import Index
    from index.keyword import KeywordIndex
    from newsbot.settings import Settings

    settings = Settings.load(home=home)
    index = Index(settings)
    started = time.perf_counter()
    index.keywords.refresh()  # nothing saved: read every chunk from Chroma, build, save
    build_s = time.perf_counter() - started
    loads = [_child_time(home) for _ in range(3)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")} | {"NEWSBOT_HOME": str(home)}
    reader = subprocess.Popen([sys.executable, "-m", "bench.keyword", "--child", "reader", "--source", "-", "--home",
                               str(home)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert reader.stdin is not None and reader.stdout is not None
    json.loads(reader.stdout.readline())
    rounds: dict[str, list[float]] = {}
    for n in range(args.repeat):
        article = home / f"add-{n}.json"
        article.write_text(json.dumps({"title": f"{_WORD} ferry returns ({n})", "url": f"https://example.com/k{n}",
                                       "body": " ".join(f"The {_WORD} ferry sailed on day {d} after the repairs, the "
                                                        f"harbour master said." for d in range(40)),
                                       "source": "Bench Wire", "published_at": "2023-12-20"}))
        for action in ("add", "remove"):
            started = time.perf_counter()
            if action == "add":
                report = index.add([str(article)])
                article_id = report.results[0].article_id
            else:
                index.remove(article_id)
            rounds.setdefault(f"{action}_writer_s", []).append(time.perf_counter() - started)
            reader.stdin.write(f"{action} {time.time()}\n")  # the wall clock both processes share
            reader.stdin.flush()
            for key, value in json.loads(reader.stdout.readline()).items():
                rounds.setdefault(f"{action}_{key}", []).append(value)
    reader.stdin.close()
    reader.wait(timeout=120)
    other = KeywordIndex(index.store, home / "keyword-other")
    other.refresh()
    index.keywords.refresh()
    count = index.store.count()
    m = {k: statistics.median(v) for k, v in rounds.items()}
    rows = [
        ("chunks / articles", f"{count:,} / {len(index.articles()):,}"),
        ("build from every chunk in Chroma (before: every reader, after every write)", f"{build_s:.2f} s"),
        ("a fresh process maps the saved index (median of 3)", f"{statistics.median(loads) * 1000:.0f} ms"),
        ("saved index on disk (postings and chunk fields; built from Chroma, so no sentence vectors)",
         f"{chain_mb(home / 'keyword'):.1f} MB"),
        ("one article added: the writer's whole `Index.add` (embedding, Chroma, keyword step)",
         f"{m['add_writer_s'] * 1000:.0f} ms"),
        ("**… until a reader that asks every 5 ms finds it by keyword** (target ≤ 100 ms)", f"**{m['add_seen_ms']:.0f} ms**"),
        ("… of which its keyword index following the writer's step", f"{m['add_step_ms']:.1f} ms"),
        ("… a reader with its own keyword folder comparing article signatures instead", f"{m['add_compare_ms']:.0f} ms"),
        ("… the reader's Chroma version check, client re-open and first count (embedded; Chroma's work)",
         f"{m['add_chroma_ms']:.0f} ms"),
        ("one article removed: the writer / until the reader no longer finds it / following the step / comparing",
         f"{m['remove_writer_s'] * 1000:.0f} ms / {m['remove_seen_ms']:.0f} ms / {m['remove_step_ms']:.1f} ms / "
         f"{m['remove_compare_ms']:.0f} ms"),
        ("every round: found after adding, gone after removing, in both readers",
         "yes" if all(rounds["add_found"]) and not any(rounds["remove_found"]) else "NO"),
        ("keyword index of another folder, caught up from scratch at the end, agrees",
         "yes" if sorted(other.chunk_ids) == sorted(index.keywords.chunk_ids) else "NO"),
    ]
    table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    if not args.no_write:
        write_section("keyword", "## Keyword index: one article added or removed, until a reader sees it\n\n"
                                 f"Command: `python -m bench.keyword {' '.join(sys.argv[1:])}` (commit {git_revision()}); "
                                 f"medians of {args.repeat} rounds\n\n{table}")
    return 0


def chain_mb(folder: Path) -> float:
    """The files the saved chain uses (not merged-away ones still kept for readers that mapped them)."""
    manifest = json.loads((folder / "manifest.json").read_text())
    names = {n for s in manifest["steps"] for n in (s["segment"], s["removed"]) if n}
    return sum(folder_mb(p) if p.is_dir() else p.stat().st_size / 1e6 for p in (folder / "segments").iterdir()
               if p.name in names)


def _child_time(home: Path) -> float:
    script = ("import time, sys; from index import Index; from newsbot.settings import Settings; "
              f"i = Index(Settings.load(home={str(home)!r})); i.store.sync(); i.store.count(); t = time.perf_counter(); "
              "i.keywords.refresh(); print(time.perf_counter() - t)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def _reader(home: Path) -> int:
    from index import Index
    from index.keyword import KeywordIndex
    from newsbot.settings import Settings

    index = Index(Settings.load(home=home))
    index.keywords.refresh()
    other = KeywordIndex(index.store, home / "keyword-other")
    other.refresh()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        action, written = line.split()
        wanted = action == "add"
        out: dict[str, Any] = {}
        while True:  # a question every 5 ms until the change shows (or 10 s)
            version = index.keywords.version
            started = time.perf_counter()
            index.store.sync()
            index.store.count()  # Chroma's lazy work after a re-open, timed apart from the keyword index's
            chroma = time.perf_counter() - started
            started = time.perf_counter()
            index.keywords.refresh()
            step = time.perf_counter() - started
            found = bool(index.keywords.containing([_WORD]))
            if found == wanted or time.time() - float(written) > 10:
                out.update(seen_ms=(time.time() - float(written)) * 1000, found=found)
                if index.keywords.version != version:
                    out.update(step_ms=step * 1000, chroma_ms=chroma * 1000)
                break
            if index.keywords.version != version:
                out.update(step_ms=step * 1000, chroma_ms=chroma * 1000)
            time.sleep(0.005)
        out.setdefault("step_ms", 0.0)
        out.setdefault("chroma_ms", 0.0)
        started = time.perf_counter()
        other.refresh()
        out["compare_ms"] = (time.perf_counter() - started) * 1000
        out["found"] = out["found"] and bool(other.containing([_WORD])) if wanted else \
            out["found"] or bool(other.containing([_WORD]))
        print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
