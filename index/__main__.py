"""`python -m index`: add, list, remove and inspect indexed articles.

    python -m index add PATH_OR_URL... [--home DIR] [--write-batch N]   progress bar, then a summary; exit 1 if any input failed
    python -m index list [--json]
    python -m index remove ID...
    python -m index stats
    python -m index check                             consistency (whole articles, keyword index); exit 1 if not
    python -m index rebuild                           embed every stored chunk again into a new collection, then switch
    python -m index subscribe URL [--every 30m] | unsubscribe URL | subscriptions | refresh [URL...] [--all] | watch
                                                      feed subscriptions (`feedcmd.py`)
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time

from index.feedcmd import COMMANDS, add_commands, run_command
from newsbot.cli import add_common, run, settings_from
from newsbot.settings import Settings

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index", description="Manage newsbot's article index.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="ingest files, folders or http(s) URLs")
    add.add_argument("sources", nargs="+", metavar="PATH_OR_URL")
    add.add_argument("--quiet", action="store_true", help="no progress bar, no per-input lines")
    add.add_argument("--write-batch", type=int, default=256, metavar="CHUNKS",
                     help="chunks embedded and written per step (default 256; smaller uses less memory)")
    listing = commands.add_parser("list", help="list indexed articles")
    listing.add_argument("--json", action="store_true")
    remove = commands.add_parser("remove", help="remove articles by id")
    remove.add_argument("ids", nargs="+", metavar="ID")
    commands.add_parser("stats", help="counts, date range, model")
    commands.add_parser("check", help="check the index is consistent (after a crash, say)")
    commands.add_parser("rebuild", help="embed every stored chunk again from its stored text (a damaged vector index)")
    feeds = add_commands(commands)
    for sub in (add, listing, remove, *(commands.choices[name] for name in ("stats", "check", "rebuild")), *feeds):
        add_common(sub)
    args = parser.parse_args(argv)
    if args.command in COMMANDS:
        return run_command(args, settings_from(args))

    from index.client import damaged_segments, layout_checked, unchecked_warning
    from index.ingest import Index

    settings = settings_from(args)
    if args.command == "rebuild":
        return _rebuild(settings)
    if args.command == "add":
        folder = settings.home / "chroma"
        if not settings.chroma_url and damaged_segments(folder):  # a killed ingest may have torn Chroma's graph
            if layout_checked():
                print("the vector index was damaged by an interrupted write (chroma-core/chroma#7510): rebuilding it first")
                _rebuild(settings)
            else:
                print(f"warning: {unchecked_warning(folder)}", file=sys.stderr)
        return _add(Index(settings, batch=True, write_batch=args.write_batch), args.sources, args.quiet)
    index = Index(settings)
    if args.command == "list":
        records = index.articles()
        if args.json:
            print(json.dumps([dataclasses.asdict(r) for r in records], indent=2, ensure_ascii=False))
        for r in records if not args.json else []:
            print(f"{r.id}  {r.published_at[:10] or '----------'}  {r.source or '-':<20.20}  {r.title}")
        return 0
    if args.command == "remove":
        for article_id in args.ids:
            print(f"removed {article_id} ({index.remove(article_id)} chunks)")
        return 0
    if args.command == "check":
        from index.check import problems

        found = problems(index)
        for problem in found:
            print(f"problem: {problem}")
        stats = index.stats()
        print(f"{'ok' if not found else 'not consistent'}: {stats.articles} articles, {stats.chunks} chunks in {stats.location}")
        return 1 if found else 0
    stats = index.stats()
    for key, value in dataclasses.asdict(stats).items():
        print(f"{key:>10}: {value}")
    return 0


def _rebuild(settings: Settings) -> int:
    from tqdm import tqdm

    from index.client import layout_checked, set_aside
    from index.ingest import Index

    if not settings.chroma_url and layout_checked():
        for moved in set_aside(settings.home / "chroma", settings.home / "damaged"):
            print(f"moved the damaged segment to {moved}")
    started = time.perf_counter()
    with tqdm(unit="chunk", disable=not sys.stderr.isatty()) as bar:
        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        count = Index(settings, batch=True, converting=True).rebuild(progress)
    print(f"rebuilt: {count} chunks embedded again from their stored texts into a new collection, "
          f"switched to it in {time.perf_counter() - started:.1f} s")
    return 0


def _add(index: object, sources: list[str], quiet: bool) -> int:
    from tqdm import tqdm

    from index.ingest import Index
    from newsbot.types import IngestResult

    assert isinstance(index, Index)
    bar = tqdm(unit=" articles", disable=quiet, file=sys.stderr, dynamic_ncols=True)

    def on_result(result: IngestResult) -> None:
        bar.update(1)
        if result.status == "failed":
            bar.write(f"failed: {result.source}: {result.reason}", file=sys.stderr)
        elif not quiet and result.status in ("duplicate",):
            bar.write(f"{result.status}: {result.source}: {result.reason}", file=sys.stderr)

    report = index.add(sources, on_result=on_result)
    bar.close()
    print(report.summary())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(run(main))
