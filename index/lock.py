"""The writers' lock on one data folder: `NEWSBOT_HOME/.write.lock`, with a timeout that names the holder.

    with write_lock(settings):      # raises IndexBusyError after NEWSBOT_LOCK_TIMEOUT seconds
        ...write...

Writers (ingest, remove, rebuild, repairs) take turns on an OS file lock, so the CLI can ingest
while the UI serves; a lock held by a process that died is released by the OS. Whoever holds
it writes who they are next to it (`.write.lock.owner`: process id, host, command line with any
URL credentials redacted, since when), so a writer that gives up can say who it waited for.

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

__all__ = ["holder", "write_lock"]


@contextmanager
def write_lock(settings: Settings, timeout: float | None = None) -> Iterator[None]:
    """Hold the data folder's write lock for the block; IndexBusyError when another writer keeps it past the timeout."""
    from filelock import FileLock, Timeout

    settings.home.mkdir(parents=True, exist_ok=True)
    path = settings.home / ".write.lock"
    wait = settings.lock_timeout if timeout is None else timeout
    lock = FileLock(str(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise IndexBusyError(f"another writer has held {path} for more than {wait:g} s ({holder(settings.home)}); "
                             "try again when it has finished, or raise NEWSBOT_LOCK_TIMEOUT") from None
    owner = _owner_path(settings.home)
    try:
        owner.write_text(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": time.time(),
                                     "command": redact_args(sys.argv)[:200]}))
        yield
    finally:
        owner.unlink(missing_ok=True)
        lock.release()


def holder(home: Path) -> str:
    """Who holds the lock, as written by them ('unknown holder' when it can't be read)."""
    try:
        info = json.loads(_owner_path(home).read_text())
        since = time.strftime("%H:%M:%S", time.localtime(float(info["since"])))
        return f"process {int(info['pid'])} on {info['host']}, `{info['command']}`, since {since}"
    except (OSError, ValueError, KeyError, TypeError):
        return "unknown holder"


def _owner_path(home: Path) -> Path:
    return home / ".write.lock.owner"
