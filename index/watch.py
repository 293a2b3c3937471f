"""Refreshing feeds on schedule until stopped: `python -m index watch`, and the UI server's background refresher.

    with stop_on_signals() as stop:          # SIGINT / SIGTERM set `stop`
        watch(index, stop, on_result=print_line)
    background = Background(index); background.start(); ...; background.close()

`watch` runs a refresh pass (`refresh.py`), sleeps until the next subscription is due (looking
again at least every `POLL` seconds, so a new subscription is picked up), and ends when `stop` is
set: a pass under way stops early and cleanly (what was fetched is written, the rest stays due).
When another refresher holds this data folder (a `watch` in a terminal while the UI runs its own),
passes are skipped until it is gone: one refresher per home.

Deliberately not here: what a pass does (`refresh.py`).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from index.feeds import Subscriptions
from index.refresh import FeedResult, Refresher
from newsbot.errors import IndexBusyError, NewsbotError

__all__ = ["POLL", "Background", "stop_on_signals", "watch"]

POLL = 60.0
log = logging.getLogger("newsbot.feeds")


def watch(index: Any, stop: threading.Event, on_result: Callable[[FeedResult], None] | None = None,
          on_error: Callable[[str], None] | None = None, poll: float = POLL) -> None:
    """Refresh due subscriptions of `index` on schedule until `stop` is set."""
    refresher = Refresher(index, stop)
    busy = False
    while not stop.is_set():
        try:
            refresher.run(on_result=on_result)
            busy = False
        except IndexBusyError as exc:
            if not busy and on_error:  # say it once, not every poll
                on_error(str(exc))
            busy = True
        except NewsbotError as exc:
            if on_error:
                on_error(str(exc))
        except Exception:  # a watcher must outlive one bad pass; the next one tries again
            log.exception("a feed refresh pass failed")
        stop.wait(_until_due(refresher.book, poll))


def _until_due(book: Subscriptions, poll: float) -> float:
    try:
        subs = book.all()
    except NewsbotError:
        return poll
    soonest = min((s.next_refresh for s in subs), default=time.time() + poll)
    return min(poll, max(1.0, soonest - time.time()))


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An Event that SIGINT and SIGTERM set (main thread only); the previous handlers come back afterwards."""
    stop = threading.Event()

    def handler(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


class Background:
    """`watch` in a daemon thread (the UI server's refresher while it is up)."""

    def __init__(self, index: Any, poll: float = POLL) -> None:
        self.index = index
        self.stop = threading.Event()
        self.poll = poll
        self.thread = threading.Thread(target=self._run, name="newsbot-feeds", daemon=True)

    def start(self) -> Background:
        self.thread.start()
        return self

    def _run(self) -> None:
        watch(self.index, self.stop, on_result=lambda r: log.info("feeds: %s", r.line()),
              on_error=lambda message: log.info("feeds: %s", message), poll=self.poll)

    def close(self, timeout: float = 30.0) -> None:
        """Stop after the current pass's in-flight requests (each bounded by NEWSBOT_FETCH_TIMEOUT)."""
        self.stop.set()
        self.thread.join(timeout)
