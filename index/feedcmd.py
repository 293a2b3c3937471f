"""The feed commands of `python -m index`: subscribe, unsubscribe, subscriptions, refresh, watch.

    python -m index subscribe URL [--every 30m]     a feed, or a page that links to one
    python -m index unsubscribe URL
    python -m index subscriptions [--json]          URL, title, last and next refresh, items added, last error
    python -m index refresh [URL ...] [--all]       one pass: the due feeds (or those named, or all); a line per feed
    python -m index watch                           refresh on schedule until SIGINT / SIGTERM

Deliberately not here: the work itself (`feeds.py`, `refresh.py`, `watch.py`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from newsbot.settings import Settings

__all__ = ["add_commands", "run_command", "COMMANDS"]

COMMANDS = ("subscribe", "unsubscribe", "subscriptions", "refresh", "watch")


def add_commands(commands: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:  # type: ignore[type-arg]
    """The feed subcommands' parsers."""
    subscribe = commands.add_parser("subscribe", help="subscribe to an RSS/Atom feed (or a page linking to one)")
    subscribe.add_argument("url")
    subscribe.add_argument("--every", default="30m", help="refresh interval, e.g. 30m, 2h, 1d (default 30m)")
    unsubscribe = commands.add_parser("unsubscribe", help="stop refreshing a feed (its articles stay indexed)")
    unsubscribe.add_argument("url")
    listing = commands.add_parser("subscriptions", help="list feed subscriptions and their state")
    listing.add_argument("--json", action="store_true")
    refresh = commands.add_parser("refresh", help="one refresh pass over the due feeds (or those named)")
    refresh.add_argument("urls", nargs="*", metavar="URL")
    refresh.add_argument("--all", action="store_true", help="every subscription, due or not")
    watch = commands.add_parser("watch", help="refresh feeds on schedule until stopped (Ctrl-C or SIGTERM)")
    return [subscribe, unsubscribe, listing, refresh, watch]


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    from index.feeds import Subscriptions, as_row, show_every, subscribe

    book = Subscriptions(settings)
    if args.command == "subscribe":
        sub = subscribe(book, args.url, settings, every=args.every)
        print(f"subscribed: {sub.feed} ({sub.title or 'untitled feed'}), every {show_every(sub.every)}; "
              "`python -m index refresh` fetches it now, `python -m index watch` (or the UI server) on schedule")
        return 0
    if args.command == "unsubscribe":
        sub = book.remove(args.url)
        print(f"unsubscribed: {sub.feed} ({sub.title or 'untitled feed'}); its {sub.items_added} articles stay indexed")
        return 0
    if args.command == "subscriptions":
        rows = [as_row(s) for s in book.all()]
        if args.json:
            print(json.dumps(rows, indent=2, ensure_ascii=False))
        elif not rows:
            print("no subscriptions; `python -m index subscribe URL` adds one")
        for row in rows if not args.json else []:
            print(f"{row['URL']}  {row['Title'] or '-'}\n    every {row['Every']}, last refresh {row['Last refresh']}, "
                  f"next {row['Next refresh']}, {row['Items added']} items added"
                  + (f"\n    last error: {row['Last error']}" if row["Last error"] else ""))
        return 0
    from index.ingest import Index
    from index.refresh import FeedResult, Refresher

    index = Index(settings, batch=True)
    if args.command == "refresh":
        from newsbot.errors import IndexBusyError

        try:
            results = Refresher(index).run(args.urls, everything=args.all, on_result=lambda r: print(r.line(), flush=True))
        except IndexBusyError as exc:
            print(f"skipped: {exc}", file=sys.stderr)
            return 0
        if not results:
            print("no feed is due; `--all` refreshes every one" if book.all() else
                  "no subscriptions; `python -m index subscribe URL` adds one")
        return 1 if any(r.status == "failed" for r in results) else 0
    from index.watch import stop_on_signals, watch

    def show(result: FeedResult) -> None:
        print(f"{time.strftime('%H:%M:%S')} {result.line()}", flush=True)

    with stop_on_signals() as stop:
        print(f"watching {len(book.all())} subscription(s) in {settings.home}; Ctrl-C or SIGTERM stops", flush=True)
        watch(index, stop, on_result=show, on_error=lambda message: print(f"{time.strftime('%H:%M:%S')} {message}",
                                                                          file=sys.stderr, flush=True))
    print("stopped", flush=True)
    return 0
