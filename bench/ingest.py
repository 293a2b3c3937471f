"""Ingest benchmark: a corpus into fresh indexes, each way newsbot can embed it, against the float32 floor.

    python -m bench.ingest ../shared/data/multihop-rag/corpus.json [--home bench/results/ingest] [--server]
                           [--modes int8,int8-sequential,float32] [--sample 600]

Each mode ingests the whole corpus into its own fresh folder (HOME/MODE), in a fresh process, so its
peak RSS is its own:
- `int8`: what `python -m index add` does for a new index: the int8 ONNX copy of the model, articles
  read, cleaned, classified and chunked in a thread one step ahead of the embedding, the keyword
  index grown by each write;
- `int8-sequential`: the same with preparation and embedding taking turns (what overlapping buys);
- `float32`: the model on torch, as every index was made before (`NEWSBOT_EMBED_PRECISION=float32`).

The floor is pure float32 encoding of the same chunk texts (sentence-transformers on torch, batches
of 32 sorted by length), timed in the same run; the target is int8 ingest ≤ 0.75 × floor. The ONNX
export and its int8 copy are made once beforehand (in a child process, as `ensure_onnx` does) and
timed apart. A last part encodes a sample of chunks each way a batch can be formed: one chunk
per call, 32 per call sorted by length, 32 per call in
stored order (padded to the longest), and torch's 32. (newsbot's int8 model embeds one text per call:
its quantisation makes a text's vector depend on the texts batched with it, see `index.embed`.) Writes section "ingest" (or "ingest-server"
with --server: every mode stores into its own `chroma run` server).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from bench.keyword import chain_mb
from bench.report import folder_mb, git_revision, peak_rss_mb, write_section
from bench.server import chroma_run

MODES = ("int8", "int8-sequential", "float32")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="corpus file or folder (e.g. ../shared/data/multihop-rag/corpus.json)")
    parser.add_argument("--home", default="bench/results/ingest", help="working folder (wiped first)")
    parser.add_argument("--server", action="store_true", help="store in `chroma run` servers instead of embedded Chroma")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--sample", type=int, default=600, help="chunks encoded per batching variant")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the int8 modes, interleaved (medians reported)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true", help="print only; don't update docs/BENCHMARKS.md")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args)))
        return 0
    return run(args)


def run(args: argparse.Namespace) -> int:
    home = Path(args.home).resolve()
    shutil.rmtree(home, ignore_errors=True)
    modes = [m for m in args.modes.split(",") if m]
    started = time.perf_counter()
    os.environ["NEWSBOT_MODEL_CACHE"] = str(home / "_models" / "cache")  # a fresh export, measured; then every run's
    export = _spawn(args, "export", home / "_models")
    export_s = time.perf_counter() - started
    runs: dict[str, list[dict[str, Any]]] = {m: [] for m in modes}
    order = [m for r in range(args.repeat) for m in (modes if r % 2 == 0 else modes[::-1]) if r == 0 or m.startswith("int8")]
    for mode in order:  # the int8 modes each round, in turn (the machine's load drifts); float32 once
        shutil.rmtree(home / mode, ignore_errors=True)
        with chroma_run(home / mode / "server") if args.server else nullcontext("") as url:
            run = _spawn(args, mode, home / mode, url)
            run["chroma_mb"] = folder_mb(home / mode / ("server" if url else "chroma"))
            run["keyword_mb"] = chain_mb(home / mode / "keyword")
        runs[mode].append(run)
        print(mode, run, flush=True)
    results = {m: {**r[0], "seconds": statistics.median(x["seconds"] for x in r), "cpu": statistics.median(x["cpu"] for x in r),
                   "rss": max(x["rss"] for x in r), "all": [x["seconds"] for x in r]} for m, r in runs.items()}
    source = home / modes[0]
    floor = _spawn(args, "floor", source)
    print("floor", floor, flush=True)
    batching = _spawn(args, "batching", source)
    print("batching", batching, flush=True)

    def cells(fn: Any) -> str:
        return " | ".join(fn(results[m]) for m in modes)

    rows = [
        ("articles ingested (failed)", cells(lambda r: f"{r['articles']} ({r['failed']})")),
        ("chunks", cells(lambda r: str(r["chunks"]))),
        ("ingest time (median; each run)", cells(lambda r: f"{r['seconds']:.1f} s ({', '.join(f'{x:.0f}' for x in r['all'])})")),
        ("**ingest ÷ float32 encoding floor** (target ≤ 0.75)", cells(lambda r: f"**{r['seconds'] / floor['seconds']:.2f}**")),
        ("articles/s", cells(lambda r: f"{r['articles'] / r['seconds']:.2f}")),
        ("chunks/s", cells(lambda r: f"{r['chunks'] / r['seconds']:.1f}")),
        ("CPU time of the ingest process (user + system)", cells(lambda r: f"{r['cpu']:.0f} s")),
        ("**peak RSS of the ingest process** (target ≤ 1.0 GB)", cells(lambda r: f"**{r['rss']:.0f} MB**")),
        ("Chroma / keyword index on disk", cells(lambda r: f"{r['chroma_mb']:.0f} MB / {r['keyword_mb']:.1f} MB")),
    ]
    head = "| measure | " + " | ".join(f"`{m}`" for m in modes) + " |\n| --- |" + " --- |" * len(modes)
    table = head + "\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    extra = [
        ("float32 encoding floor: the same chunk texts, sentence-transformers on torch (batches of 32 by length)",
         f"{floor['seconds']:.1f} s ({floor['chunks']} chunks, {floor['chunks'] / floor['seconds']:.1f}/s)"),
        ("ONNX export + int8 copy, once per model cache (a child process; peak RSS)",
         f"{export_s:.1f} s ({export['rss']:.0f} MB)"),
        *[(f"encoding {batching['chunks']} chunks: {name}", f"{rate:.1f} chunks/s ({cpu:.1f} per CPU-second)")
          for name, (rate, cpu) in batching["variants"].items()],
    ]
    table2 = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in extra)
    print(table + "\n\n" + table2)
    if not args.no_write:
        name, mode = ("ingest-server", ", every mode storing into a `chroma run` server") if args.server else ("ingest", "")
        write_section(name, f"## Ingest: {Path(args.corpus).name}{mode}\n\n"
                            f"Command: `python -m bench.ingest {' '.join(sys.argv[1:])}` (commit {git_revision()})\n\n"
                            f"{table}\n\n{table2}")
    return 0


def _spawn(args: argparse.Namespace, child: str, home: Path, url: str = "") -> dict[str, Any]:
    command = [sys.executable, "-m", "bench.ingest", args.corpus, "--child", child, "--home", str(home),
               "--sample", str(args.sample), "--url", url]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{child} failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _child(args: argparse.Namespace) -> dict[str, Any]:
    from newsbot.settings import Settings

    home = Path(args.home)
    precision = "float32" if args.child == "float32" else "int8"
    settings = Settings.load(home=home, chroma_url=args.url, embed_precision=precision)
    if args.child == "export":
        from index.embed import ensure_onnx

        ensure_onnx(settings, int8=True)
        return {"rss": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
    if args.child == "floor":
        return _floor(settings)
    if args.child == "batching":
        return _batching(settings, args.sample)
    from index import Index

    cpu = time.process_time()
    started = time.perf_counter()
    index = Index(settings, batch=True)
    if args.child == "int8-sequential":
        index.prefetch = 0
    report = index.add([args.corpus])
    return {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu, "rss": peak_rss_mb(),
            "articles": report.count("added"), "failed": len(report.failed), "chunks": report.chunks}


def _texts(settings: Any) -> list[str]:
    from index import Index

    return [text for _, text, _ in Index(settings).store.all_chunks()]


def _floor(settings: Any) -> dict[str, Any]:
    from index.embed import TorchEmbedder

    texts = _texts(settings)
    embedder = TorchEmbedder(settings.embed_model)
    embedder.embed(texts[:8])
    started = time.perf_counter()
    embedder.embed(texts)
    return {"seconds": time.perf_counter() - started, "chunks": len(texts)}


def _batching(settings: Any, sample: int) -> dict[str, Any]:
    import numpy as np

    from index.embed import OnnxEmbedder, TorchEmbedder, ensure_onnx

    texts = _texts(settings)
    texts = [texts[i] for i in sorted(np.random.default_rng(0).choice(len(texts), min(sample, len(texts)), replace=False))]
    int8 = OnnxEmbedder(settings.embed_model, ensure_onnx(settings, int8=True))
    torch = TorchEmbedder(settings.embed_model)

    def batched(size: int, ordered: bool) -> None:
        int8.batch_tokens = 10**9
        try:
            if ordered:
                int8.embed(texts, batch_size=size)
            else:
                for i in range(0, len(texts), size):
                    int8.embed(texts[i:i + size], batch_size=size)  # one call per batch: padded to its longest
        finally:
            int8.batch_tokens = 0

    variants = {
        "int8, one chunk per call (newsbot)": lambda: int8.embed(texts),
        "int8, 32 per call, sorted by length": lambda: batched(32, True),
        "int8, 32 per call, stored order": lambda: batched(32, False),
        "float32 torch, 32 per call, sorted by length": lambda: torch.embed(texts),
    }
    int8.embed(texts[:4])
    torch.embed(texts[:4])
    out = {}
    for name, call in variants.items():
        cpu, started = time.process_time(), time.perf_counter()
        call()
        out[name] = (len(texts) / (time.perf_counter() - started), len(texts) / (time.process_time() - cpu))
    return {"chunks": len(texts), "variants": out}


if __name__ == "__main__":
    sys.exit(main())
