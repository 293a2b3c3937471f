"""Scale benchmark: one index grown from a real corpus to 100k and 1M chunks, embedded and on `chroma run`.

    python -m bench.scale --source HOME --queries ../shared/data/multihop-rag/queries-dev.json
                          [--home bench/results/scale] [--sizes 100000,1000000] [--modes embedded,server]

The first chunks are the real ones of a built int8 index (`--source`, e.g. the MultiHop-RAG corpus:
its 8,112 chunks with the real model's vectors). Beyond them every chunk is synthetic, labelled
so in the figures: a header like the real ones and a body of 6-10 sentences drawn at random from
the corpus's own sentences (so the keyword index sees the corpus's vocabulary and lengths), in
articles of 13 chunks (the corpus's mean), with a random unit vector (embedding a million chunks
takes this machine days: docs/SCALING.md). Chunks are written as an ingest writes them (whole
articles, 256-chunk upserts, the keyword index grown by each step, a checkpoint every 20,000
chunks) but without the model. At the real size and at each of `--sizes`:

- vector query p50: Chroma's k=50 and k=300 nearest ids (what retrieval asks), real questions;
- keyword query p50: BM25 scoring and the top 50;
- retrieve p50: `NewsBot.retrieve(question, k=10)`, warm;
- a reader's RSS: a fresh process that opens the index and retrieves 40 questions (VmHWM), and, in
  server mode, the server's;
- adding one real article with `python -m index add` (model load included), and how long a reader
  that was already open takes to find it with its next question;
- disk per 1,000 articles (Chroma, keyword index).

Each mode builds its own copy (HOME/MODE). Figures are kept in HOME/results.json as they come (each
row with its commit and time), so a run stopped by time or disk still reports how far it got; a run
replaces only the modes it builds (HOME/MODE and their rows), so `--modes server` after `--modes
embedded` in one HOME leaves the embedded rows for --report, which writes the section from them all.
Each checkpoint prints the chunks written and the write rate so far (stderr).
Writes section "scale".
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
from collections.abc import Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np

from bench.keyword import chain_mb
from bench.report import folder_mb, git_revision, write_section
from bench.server import chroma_run

_STEP = 256  # chunks per upsert, as in an ingest
_CHECKPOINT = 20_000  # chunks between published versions (an ingest publishes every minute)
_PER_ARTICLE = 13
_NEW_WORD = "Zorbelwick"  # in the article added at each size: no corpus article has it


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", help="a built int8 index whose chunks and vectors start the corpus")
    parser.add_argument("--queries", help="MultiHop-RAG query file (the questions timed)")
    parser.add_argument("--home", default="bench/results/scale")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--modes", default="embedded,server")
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--report", action="store_true", help="only write the section from HOME/results.json")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.child:
        return _reader(args)
    home = Path(args.home).resolve()
    if not args.report:
        modes = args.modes.split(",")
        home.mkdir(parents=True, exist_ok=True)
        for mode in modes:
            shutil.rmtree(home / mode, ignore_errors=True)
        _forget(home, modes)
        for mode in modes:
            with chroma_run(home / mode / "server") if mode == "server" else nullcontext("") as url:
                _grow(args, home, mode, url)
    return _write(args, home)


# -- growing the index ---------------------------------------------------------------------------


def _grow(args: argparse.Namespace, home: Path, mode: str, url: str) -> None:
    from index import Index
    from newsbot.settings import Settings

    settings = Settings.load(home=home / mode, chroma_url=url, embed_precision="int8")
    source = Index(Settings.load(home=Path(args.source)))
    index = Index(settings)
    real = _real(source)
    sentences = [s for _, text, meta, _ in real for s in _sentences(text, meta)]
    targets = [len(real), *(int(s) for s in args.sizes.split(","))]
    written, started = 0, time.perf_counter()
    index.keywords.begin(index.store.sync(), 0)
    since_checkpoint = 0
    for target in targets:
        for ids, vectors, texts, metas in _batches(real, sentences, written, target):
            index.store.write_rows(ids, vectors, texts, metas)
            index.keywords.stage(rows=zip(ids, texts, metas, strict=True))
            written += len(ids)
            since_checkpoint += len(ids)
            if since_checkpoint >= _CHECKPOINT:
                index.store.publish(finished=False, announce=index.keywords.commit)
                since_checkpoint = 0
                elapsed = time.perf_counter() - started
                print(f"{mode}: {written:,} chunks, {elapsed:.0f} s writing, {written / elapsed:.0f} chunks/s",
                      file=sys.stderr, flush=True)
        write_s = time.perf_counter() - started
        index.store.publish(announce=index.keywords.commit)
        index.keywords.end()
        figures = _measure(args, settings, url, written, write_s)
        figures.update(mode=mode, chunks=written, real=len(real), articles=_articles(written, len(real), source),
                       commit=git_revision(), measured=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()))
        _save(home, figures)
        print(json.dumps(figures), flush=True)
        index.keywords.begin(index.store.sync(), written)
        started = time.perf_counter() - write_s


def _real(source: Any) -> list[tuple[str, str, dict[str, Any], np.ndarray]]:
    rows: list[Any] = []
    with source.store.conn.collection(source.settings.collection) as collection:
        offset = 0
        while True:
            got = collection.get(include=["documents", "metadatas", "embeddings"], limit=2000, offset=offset)
            if not got["ids"]:
                break
            rows.extend(zip(got["ids"], got["documents"], got["metadatas"], np.asarray(got["embeddings"], np.float32),
                            strict=True))
            offset += len(got["ids"])
    return rows  # type: ignore[return-value]


def _sentences(text: str, meta: dict[str, Any]) -> list[str]:
    from index.chunk import split_sentences

    body = text[int(meta["body_offset"]):]
    return [body[a:b] for a, b in split_sentences(body) if len(body[a:b].split()) >= 4]


def _articles(chunks: int, real: int, source: Any) -> int:
    return len(source.articles()) + max(0, chunks - real) // _PER_ARTICLE


def _batches(real: list[Any], sentences: list[str], start: int, stop: int
             ) -> Iterator[tuple[list[str], np.ndarray, list[str], list[dict[str, Any]]]]:
    """Rows `start`..`stop` of the corpus: the real ones first, then synthetic articles (whole, in 256-chunk steps)."""
    rng = np.random.default_rng(start)
    at = start
    while at < stop:
        if at < len(real):
            part = real[at:min(stop, at + _STEP)]
            yield [r[0] for r in part], np.stack([r[3] for r in part]), [r[1] for r in part], [r[2] for r in part]
            at += len(part)
            continue
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, Any]] = []
        while len(ids) < _STEP and at + len(ids) < stop:
            number = (at + len(ids) - len(real)) // _PER_ARTICLE
            template = real[int(rng.integers(len(real)))][2]
            for ordinal in range(_PER_ARTICLE):
                chunk_id, text, meta = _synthetic(number, ordinal, template, sentences, rng)
                ids.append(chunk_id)
                texts.append(text)
                metas.append(meta)
        vectors = rng.standard_normal((len(ids), 384), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        yield ids, vectors, texts, metas
        at += len(ids)


def _synthetic(number: int, ordinal: int, template: dict[str, Any], sentences: list[str],
               rng: np.random.Generator) -> tuple[str, str, dict[str, Any]]:
    article_id = f"s-{number:09d}"
    title = f"{template['title']} ({number})"
    header = " | ".join(p for p in (title, template["source"], str(template["published_at"])[:10]) if p)
    body = " ".join(sentences[i] for i in rng.integers(len(sentences), size=int(rng.integers(6, 11))))
    meta = {**template, "article_id": article_id, "ordinal": ordinal, "title": title, "chunk_count": _PER_ARTICLE,
            "content_hash": f"synthetic-{number}", "url": "", "path": f"synthetic/{number}", "start": 0,
            "end": len(body), "body_offset": len(header) + 1, "heading": "", "headings": ""}
    return f"{article_id}:{ordinal:04d}", f"{header}\n{body}", meta


# -- measuring -----------------------------------------------------------------------------------


def _measure(args: argparse.Namespace, settings: Any, url: str, chunks: int, write_s: float) -> dict[str, Any]:
    """A fresh reader process times questions, then an article is added by the CLI and the reader finds it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")} | {"NEWSBOT_HOME": str(settings.home)}
    if url:
        env["NEWSBOT_CHROMA_URL"] = url
    reader = subprocess.Popen([sys.executable, "-m", "bench.scale", "--child", "reader", "--queries", args.queries,
                               "--questions", str(args.questions), "--home", str(settings.home), "--url", url],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    assert reader.stdout is not None and reader.stdin is not None
    figures = json.loads(reader.stdout.readline())
    article = _new_article(settings.home, chunks)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "index", "add", str(article), "--quiet"], env=env, capture_output=True,
                          text=True, check=False)
    figures["add_cli_s"] = time.perf_counter() - started
    figures["add_summary"] = done.stdout.strip() or done.stderr.strip()[-300:]
    reader.stdin.write("added\n")
    reader.stdin.flush()
    figures.update(json.loads(reader.stdout.readline()))
    reader.wait(timeout=600)
    figures["write_s"] = write_s
    figures["chroma_mb"] = folder_mb(settings.home / ("server" if url else "chroma"))
    figures["keyword_mb"] = chain_mb(settings.home / "keyword")
    figures["server_rss_mb"] = _server_rss(settings.home / "server") if url else 0.0
    return figures


def _new_article(home: Path, chunks: int) -> Path:
    body = " ".join(f"The {_NEW_WORD} harbour board met on day {d} and agreed to rebuild the {_NEW_WORD} pier for "
                    f"{chunks} pounds, the council said." for d in range(1, 40))
    path = home / f"add-{chunks}.json"
    path.write_text(json.dumps({"title": f"{_NEW_WORD} pier to be rebuilt ({chunks})", "body": body,
                                "source": "Scale Test", "published_at": "2023-12-20", "url": f"https://example.com/{chunks}"}))
    return path


def _reader(args: argparse.Namespace) -> int:
    from bot import NewsBot

    questions = [q["query"] for q in json.loads(Path(args.queries).read_text())][: args.questions]
    started = time.perf_counter()
    bot = NewsBot()
    bot.retrieve(questions[0], k=10)
    first = time.perf_counter() - started
    index = bot.index
    vectors = [index.embedder.embed([q])[0] for q in questions]

    def p50(call: Any, items: list[Any]) -> float:
        times = []
        for item in items:
            t = time.perf_counter()
            call(item)
            times.append((time.perf_counter() - t) * 1000)
        return statistics.median(times)

    for q, v in zip(questions, vectors, strict=True):  # every code path and page warm before timing
        index.store.nearest(v, 300)
        bot.retrieve(q, k=10)
    figures = {
        "first_retrieve_s": first,
        "vector50_ms": p50(lambda v: index.store.nearest(v, 50), vectors),
        "vector300_ms": p50(lambda v: index.store.nearest(v, 300), vectors),
        "keyword_ms": p50(lambda q: index.keywords.top(index.keywords.scores(q), 50), questions),
        "retrieve_ms": p50(lambda q: bot.retrieve(q, k=10), questions),
        "reader_rss_mb": _status("VmHWM"),
    }
    print(json.dumps(figures), flush=True)
    sys.stdin.readline()  # the CLI has added the article
    started = time.perf_counter()
    found = bot.retrieve(f"{_NEW_WORD} pier rebuilt", k=3)
    seen = time.perf_counter() - started
    ok = bool(found) and _NEW_WORD in found[0].title
    again = p50(lambda q: bot.retrieve(q, k=10), questions[:10])
    print(json.dumps({"seen_s": seen, "seen": ok, "retrieve_after_ms": again}), flush=True)
    return 0


def _status(field: str, pid: str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _server_rss(path: Path) -> float:
    for pid in (p for p in os.listdir("/proc") if p.isdigit()):
        try:
            if str(path) in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " "):
                return _status("VmRSS", pid)
        except OSError:
            continue
    return 0.0


# -- results -------------------------------------------------------------------------------------


def _forget(home: Path, modes: list[str]) -> None:
    """Drop the rows of `modes` from HOME/results.json (they are about to be measured again); keep the others."""
    path = home / "results.json"
    if path.exists():
        path.write_text(json.dumps([r for r in json.loads(path.read_text()) if r["mode"] not in modes], indent=1))


def _save(home: Path, figures: dict[str, Any]) -> None:
    path = home / "results.json"
    results = json.loads(path.read_text()) if path.exists() else []
    results.append(figures)
    path.write_text(json.dumps(results, indent=1))


def _write(args: argparse.Namespace, home: Path) -> int:
    results = json.loads((home / "results.json").read_text())
    rows = ["| mode | chunks (real + synthetic) | articles | vector query k=50 / k=300 p50 | keyword query p50 | "
            "retrieve p50 | reader peak RSS | server RSS | add one article: CLI / reader finds it | write (chunks/s) | "
            "Chroma + keyword disk per 1,000 articles |", "| --- |" + " --- |" * 10]
    for r in results:
        per_k = 1000 / max(1, r["articles"])
        rows.append(
            f"| {r['mode']} | {r['chunks']:,} ({r['real']:,} + {r['chunks'] - r['real']:,}) | {r['articles']:,} | "
            f"{r['vector50_ms']:.1f} / {r['vector300_ms']:.1f} ms | {r['keyword_ms']:.1f} ms | {r['retrieve_ms']:.0f} ms | "
            f"{r['reader_rss_mb']:.0f} MB | {(str(round(r['server_rss_mb'])) + ' MB') if r['mode'] == 'server' else '—'} | "
            f"{r['add_cli_s']:.1f} s / {r['seen_s'] * 1000:.0f} ms{'' if r['seen'] else ' (not found!)'} | "
            f"{r['chunks'] / max(r['write_s'], 1e-9):.0f} | "
            f"{r['chroma_mb'] * per_k:.0f} + {r['keyword_mb'] * per_k:.0f} MB |")
    table = "\n".join(rows)
    print(table)
    runs: dict[str, tuple[str, str, str]] = {}  # mode -> (commit, first and last measured), rows that recorded them
    for r in results:
        if "commit" in r:
            commit, first, _ = runs.get(r["mode"], (r["commit"], r["measured"], ""))
            runs[r["mode"]] = (commit, first, r["measured"])
    measured = "; ".join(f"{mode} rows at commit {commit}, {first} to {last[-9:]}"
                        for mode, (commit, first, last) in runs.items())
    if not args.no_write:
        command = "python -m bench.scale " + " ".join(a for a in sys.argv[1:] if a != "--report")
        write_section("scale", f"## Scale: 8k real chunks grown to 100k and 1M (synthetic beyond the real ones)\n\n"
                               f"Command: `{command}` (commit {git_revision()}"
                               f"{'; ' + measured if measured else ''})\n\n{table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
