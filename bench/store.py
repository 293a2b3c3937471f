"""Store benchmark: the same chunks and vectors written to embedded Chroma and to a `chroma run` server.

    python -m bench.store --source bench/results/multihop [--home bench/results/store]

Takes every chunk (text, metadata, vector) of a built index (copied to HOME/source first; the
source is only read) and writes them again through `index.store.Store`, in the steps an ingest
uses (whole articles, ~256 chunks per step), into (a) a fresh embedded folder and (b) a fresh
collection on a `chroma run` server this benchmark starts. Embedding is left out on purpose: it
costs the same in both modes (see the ingest section), so what differs is measured alone.
Also: vector query latency (k=50) and the per-question version check in both modes, the cost
of re-opening an embedded client, the keyword index build, and index size per 1,000 articles.
Writes the figures to docs/BENCHMARKS.md (section "store").
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from bench.report import folder_mb, git_revision, write_section
from bench.server import chroma_run

_STEP = 256  # chunks per write step, as in index.ingest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", required=True, help="a built index (e.g. bench/results/multihop)")
    parser.add_argument("--home", default="bench/results/store", help="working folder (wiped first)")
    parser.add_argument("--queries", type=int, default=200, help="vector queries timed per mode")
    parser.add_argument("--no-write", action="store_true", help="print only; don't update docs/BENCHMARKS.md")
    args = parser.parse_args()

    from index.keyword import KeywordIndex
    from index.store import Store
    from newsbot.settings import Settings

    home = Path(args.home).resolve()
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(Path(args.source) / "chroma", home / "source" / "chroma")
    source = Store(Settings.load(home=home / "source"), "all-MiniLM-L6-v2", 384)
    items = _articles(source)
    articles, chunks = len(items), sum(len(c) for _, c, _ in items)
    print(f"{articles} articles, {chunks} chunks read from {args.source}", flush=True)

    results: dict[str, dict[str, float]] = {}
    with chroma_run(home / "server") as url:
        for mode, settings in (("embedded", Settings.load(home=home / "embedded")),
                               ("server", Settings.load(home=home / "server-home", chroma_url=url))):
            store = Store(settings, "all-MiniLM-L6-v2", 384)
            started = time.perf_counter()
            for step in _steps(items):
                store.upsert(step)
            store.publish()
            write_s = time.perf_counter() - started
            assert store.count() == chunks
            rng = np.random.default_rng(0)
            picks = rng.choice(chunks, size=args.queries, replace=False)
            vectors = _vectors(items, picks)
            store.query(vectors[0], 50)  # load the graph
            query_ms = [_ms(lambda v=v, store=store: store.query(v, 50)) for v in vectors]
            sync_ms = [_ms(store.sync) for _ in range(args.queries)]
            results[mode] = {"write_s": write_s, "q50": _pct(query_ms, 50), "q95": _pct(query_ms, 95),
                             "sync": statistics.median(sync_ms)}
            if mode == "embedded":
                reopen = []
                for _ in range(5):
                    started = time.perf_counter()
                    store.conn.reopen()
                    store.query(vectors[0], 50)
                    reopen.append(time.perf_counter() - started)
                results[mode]["reopen"] = statistics.median(reopen)
                keywords = KeywordIndex(store, settings.home / "keyword")
                started = time.perf_counter()
                keywords.refresh()
                results[mode]["keyword_s"] = time.perf_counter() - started
        server_mb = folder_mb(home / "server")

    embedded_mb = folder_mb(home / "embedded" / "chroma")
    keyword_mb = folder_mb(home / "embedded" / "keyword")
    per_k = 1000 / articles
    e, s = results["embedded"], results["server"]
    rows = [
        ("chunks written (articles)", f"{chunks} ({articles}), {_STEP}-chunk steps of whole articles"),
        ("write time embedded / server", (f"{e['write_s']:.1f} s / {s['write_s']:.1f} s "
                                          f"({chunks / e['write_s']:.0f} / {chunks / s['write_s']:.0f} chunks/s; "
                                          f"server/embedded {s['write_s'] / e['write_s']:.2f}×)")),
        ("vector query k=50, p50 / p95, embedded", f"{e['q50']:.1f} / {e['q95']:.1f} ms"),
        ("vector query k=50, p50 / p95, server", f"{s['q50']:.1f} / {s['q95']:.1f} ms"),
        ("version check per question (median) embedded / server", f"{e['sync']:.2f} / {s['sync']:.2f} ms"),
        ("re-open an embedded client + first query (another process wrote)", f"{e['reopen'] * 1000:.0f} ms"),
        ("keyword index build (BM25 over every chunk)", f"{e['keyword_s']:.1f} s"),
        ("Chroma size embedded / server", f"{embedded_mb:.0f} MB / {server_mb:.0f} MB"),
        ("keyword index size", f"{keyword_mb:.0f} MB"),
        ("**per 1,000 articles** (Chroma + keyword index, embedded)",
         f"**{(embedded_mb + keyword_mb) * per_k:.0f} MB** ({chunks * per_k:.0f} chunks)"),
    ]
    table = "| measure | value |\n| --- | --- |\n" + "\n".join(f"| {k} | {v} |" for k, v in rows)
    print(table)
    if not args.no_write:
        write_section("store", "## Store: embedded vs `chroma run` server, same chunks and vectors (MultiHop-RAG)\n\n"
                               f"Command: `python -m bench.store {' '.join(sys.argv[1:])}` (commit {git_revision()})\n\n"
                               f"{table}")
    return 0


def _articles(store: Any) -> list[tuple[Any, list[Any], np.ndarray]]:
    """(Article, chunks, vectors) per stored article, rebuilt from Chroma rows; checks the rebuild is faithful."""
    from index.store import chunk_metadata
    from newsbot.types import Article, Chunk

    collection = store.client.get_collection(store.name)
    rows: dict[str, list[tuple[str, str, dict[str, Any], np.ndarray]]] = {}
    offset = 0
    while True:
        got = collection.get(include=["documents", "metadatas", "embeddings"], limit=1000, offset=offset)
        if not got["ids"]:
            break
        for i, d, m, e in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True):
            rows.setdefault(str(m["article_id"]), []).append((i, d, m, np.asarray(e, dtype=np.float32)))
        offset += len(got["ids"])
    items = []
    for article_id, chunk_rows in rows.items():
        chunk_rows.sort(key=lambda r: int(r[2]["ordinal"]))
        m = chunk_rows[0][2]
        article = Article(id=article_id, title=m["title"], text="", source=m["source"], url=m["url"], path=m["path"],
                          published_at=m["published_at"], author=m["author"], category=m["category"],
                          headings=tuple(h for h in str(m["headings"]).split("\n") if h), content_hash=m["content_hash"])
        chunks = [Chunk(id=i, article_id=article_id, ordinal=int(mm["ordinal"]), text=d, start=int(mm["start"]),
                        end=int(mm["end"]), body_offset=int(mm["body_offset"]), heading=str(mm["heading"]))
                  for i, d, mm, _ in chunk_rows]
        for chunk, (_, _, meta, _) in zip(chunks, chunk_rows, strict=True):
            assert chunk_metadata(article, chunk, len(chunks)) == meta, f"rebuilt metadata differs for {chunk.id}"
        items.append((article, chunks, np.stack([e for _, _, _, e in chunk_rows])))
    return items


def _steps(items: list[tuple[Any, list[Any], np.ndarray]]) -> Iterator[list[tuple[Any, list[Any], np.ndarray]]]:
    step: list[tuple[Any, list[Any], np.ndarray]] = []
    for item in items:
        step.append(item)
        if sum(len(c) for _, c, _ in step) >= _STEP:
            yield step
            step = []
    if step:
        yield step


def _vectors(items: list[tuple[Any, list[Any], np.ndarray]], picks: np.ndarray) -> list[np.ndarray]:
    every = np.concatenate([v for _, _, v in items])
    return [every[i] for i in picks]


def _ms(call: Any) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def _pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


if __name__ == "__main__":
    sys.exit(main())
