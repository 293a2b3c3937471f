"""Ingest benchmark: the MultiHop-RAG corpus into a fresh index, against the model's own floor.

    python -m bench.ingest ../shared/data/multihop-rag/corpus.json [--home bench/results/multihop] [--server]

Reports articles/s, chunks/s, total ingest time and its ratio to the pure model-encoding time
of the same chunk texts (measured in the same run, same process, same model: the physical floor
on this machine), peak RSS and index size on disk. Writes the figures to docs/BENCHMARKS.md.
With --server the chunks go to a `chroma run` server this benchmark starts (its --path is
HOME/server), and the figures go to their own section ("ingest-server").
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from contextlib import nullcontext
from pathlib import Path

from bench.report import folder_mb, git_revision, peak_rss_mb, write_section
from bench.server import chroma_run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", help="corpus file or folder (e.g. ../shared/data/multihop-rag/corpus.json)")
    parser.add_argument("--home", default="bench/results/multihop", help="data folder for the index (wiped first)")
    parser.add_argument("--server", action="store_true", help="store in a `chroma run` server instead of embedded Chroma")
    parser.add_argument("--no-write", action="store_true", help="print only; don't update docs/BENCHMARKS.md")
    args = parser.parse_args()
    shutil.rmtree(args.home, ignore_errors=True)
    with chroma_run(Path(args.home).resolve() / "server") if args.server else nullcontext("") as url:
        return run(args, url)


def run(args: argparse.Namespace, url: str) -> int:
    """Ingest into `args.home` (Chroma at `url` when given) and report."""
    from index import Index
    from index.embed import TorchEmbedder
    from newsbot.settings import Settings

    home = Path(args.home)
    settings = Settings.load(home=home, chroma_url=url)

    started = time.perf_counter()
    embedder = TorchEmbedder(settings.embed_model)  # model load counts as part of ingest
    index = Index(settings, embedder=embedder, batch=True)
    report = index.add([args.corpus])
    total = time.perf_counter() - started
    index.keywords.refresh()  # the keyword index is built lazily on first query; time it separately
    keyword_s = time.perf_counter() - started - total

    texts = [text for _, text, _ in index.store.all_chunks()]
    floor_started = time.perf_counter()
    embedder.embed(texts)
    floor = time.perf_counter() - floor_started

    articles, chunks = report.count("added"), report.chunks
    rows = [
        ("articles ingested", f"{articles} ({len(report.failed)} failed)"),
        ("chunks", f"{chunks}"),
        ("total ingest time", f"{total:.1f} s"),
        ("pure encoding of the same chunk texts (floor)", f"{floor:.1f} s"),
        ("**ratio ingest / floor** (target ≤ 1.25)", f"**{total / floor:.2f}**"),
        ("articles/s", f"{articles / total:.2f}"),
        ("chunks/s", f"{chunks / total:.1f}"),
        ("keyword index build (first query after ingest)", f"{keyword_s:.1f} s"),
        ("peak RSS", f"{peak_rss_mb():.0f} MB"),
        ("index size on disk (Chroma + keyword index)",
         f"{sum(folder_mb(home / part) for part in ('chroma', 'server', 'keyword')):.0f} MB"),
        ("  of which Chroma" + (" (the server's --path)" if url else ""), f"{folder_mb(home / ('server' if url else 'chroma')):.0f} MB"),
    ]
    table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    if not args.no_write:
        name, mode = ("ingest-server", ", Chroma server mode") if url else ("ingest", "")
        write_section(name, f"## Ingest: MultiHop-RAG corpus (609 articles, 1.06 M words){mode}\n\n"
                                f"Command: `python -m bench.ingest {' '.join(sys.argv[1:])}` (commit {git_revision()})\n\n{table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
