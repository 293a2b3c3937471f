"""The writers' lock on one data folder: `NEWSBOT_HOME/.write.lock`, with a timeout that names the holder.

    with write_lock(settings):      # raises IndexBusyError after NEWSBOT_LOCK_TIMEOUT seconds
        ...write...

Writers (ingest, remove, rebuild, repairs) take turns on an OS file lock, so the CLI can ingest
while the UI serves; a lock held by a process that died is released by the OS. Whoever holds
it writes who they are next to it (`.write.lock.owner`: process id, host, command line with any
URL credentials redacted, since when), so a writer that gives up can say who it waited for.

`refresh_lock(settings)` is the same kind of lock on `.refresh.lock`: one feed refresher per data
folder (the CLI's `refresh`/`watch` and the UI's background refresher take turns; the one that
finds it held skips its pass). A refresher fetches under that lock only; it takes the write lock
just for writing what it fetched.

Deliberately not here: anything slow that needs no lock. Callers fetch URLs and read uploads
before taking it, so one slow server never blocks the other writers.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsbot.errors import IndexBusyError
from newsbot.redact import redact_args
from newsbot.settings import Settings

__all__ = ["holder", "refresh_lock", "write_lock"]


@contextmanager
def write_lock(settings: Settings, timeout: float | None = None) -> Iterator[None]:
    """Hold the data folder's write lock for the block; IndexBusyError when another writer keeps it past the timeout."""
    wait = settings.lock_timeout if timeout is None else timeout
    with _held(settings.home, "write", wait, "another writer", "try again when it has finished, or raise NEWSBOT_LOCK_TIMEOUT"):
        yield


@contextmanager
def refresh_lock(settings: Settings, timeout: float = 0.0) -> Iterator[None]:
    """Be the data folder's one feed refresher for the block; IndexBusyError (naming the other) when another
    refresher holds it past `timeout` (default: don't wait)."""
    with _held(settings.home, "refresh", timeout, "another feed refresher", "this pass is skipped; it refreshes the same feeds"):
        yield


@contextmanager
def _held(home: Path, name: str, wait: float, who: str, advice: str) -> Iterator[None]:
    from filelock import FileLock, Timeout

    home.mkdir(parents=True, exist_ok=True)
    path = home / f".{name}.lock"
    lock = FileLock(str(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise IndexBusyError(f"{who} has held {path} for more than {wait:g} s ({holder(home, name)}); {advice}") from None
    owner = _owner_path(home, name)
    try:
        owner.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(),
                                     "command": redact_args(sys.argv)[:200]}))
        yield
    finally:
        owner.unlink(missing_ok=True)
        lock.release()


def holder(home: Path, name: str = "write") -> str:
    """Who holds the lock, as written by them ('unknown holder' when it can't be read)."""
    try:
        info = json.loads(_owner_path(home, name).read_text())
        since = time.strftime("%H:%M:%S", time.localtime(float(info["since"])))
        return f"process {int(info['pid'])} on {info['host']}, `{info['command']}`, since {since}"
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown holder"


def _owner_path(home: Path, name: str) -> Path:
    return home / f".{name}.lock.owner"
