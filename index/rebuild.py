"""Rebuild a collection without ever being without one: copy into a new collection, then switch names.

    count = rebuild(store, embed)       # the caller holds the write lock (`Index.rebuild` does)

1. Every chunk (id, text, metadata as stored) is embedded again and written to `NAME-rebuild`,
   page by page (memory stays one page); the live collection `NAME` is only read.
2. When the copy is complete its metadata says so (`rebuild: complete`, a new version).
3. The switch: `NAME` is renamed `NAME-retired`, `NAME-rebuild` renamed `NAME`, the retired one
   deleted. Readers in other processes notice the new collection id on their next sync.

A SIGKILL at any point leaves one complete copy: before step 3 the live collection is untouched
(the next rebuild deletes the half copy and starts again); between the two renames there is no
`NAME`, and `recover` (the next writer, or any store that opens to find `NAME` missing, under
the write lock) renames the complete copy, or else the retired one, back to `NAME`; after them
only the retired leftover remains, which `recover` deletes.

Works the same on embedded Chroma and a `chroma run` server (collection renames are part of
Chroma's API). Deliberately not here: moving a damaged HNSW segment aside (`client.set_aside`)
and the lock itself (`lock.py`).
"""

from __future__ import annotations

import logging
import os
import signal
import uuid
from collections.abc import Callable
from typing import Any

import numpy as np

from index.client import version_of
from index.lock import write_lock
from index.store import CONFIGURATION, Store

__all__ = ["RETIRED", "STAGING", "rebuild", "recover", "recover_if_interrupted"]

STAGING, RETIRED = "-rebuild", "-retired"  # suffixes of the two collections a rebuild switches through
_BATCH = 256
_CRASH_AT = "NBTEST_REBUILD_KILL_AT"  # tests only: a real SIGKILL at one named step of the switch
log = logging.getLogger(__name__)


def rebuild(store: Store, embed: Callable[[list[str]], np.ndarray], on_progress: Callable[[int, int], None] | None = None,
            on_copied: Callable[[list[tuple[str, str, dict[str, Any]]]], None] | None = None) -> int:
    """Copy every chunk of `store` into a new collection with vectors from `embed(texts)`, then switch to it;
    the number of chunks. `on_copied(rows)` sees each batch of (id, text, metadata) once written. The caller
    holds the write lock."""
    recover(store)
    staging, retired = store.name + STAGING, store.name + RETIRED
    meta, total = store.metadata(), store.count()
    meta.update(embed_model=store.model, dimension=store.dimension)  # the vectors `embed` makes (another precision, say)
    with store.conn.client() as client:
        client.create_collection(staging, embedding_function=None, configuration=CONFIGURATION,  # type: ignore[arg-type]
                                 metadata={**meta, "rebuild": "copying"})
    done = 0
    rows: list[tuple[str, str, dict[str, Any]]] = []

    def flush() -> None:
        nonlocal done
        texts = [r[1] for r in rows]
        store.write_rows([r[0] for r in rows], embed(texts), texts, [r[2] for r in rows], collection=staging)
        if on_copied:
            on_copied(list(rows))
        done += len(rows)
        rows.clear()
        if on_progress:
            on_progress(done, total)
        _crash_point("copying")

    for row in store.all_chunks():
        rows.append(row)
        if len(rows) >= _BATCH:
            flush()
    if rows:
        flush()
    meta.update(generation=int(meta.get("generation", 0)) + 1, stamp=uuid.uuid4().hex[:12], writing=False, rebuild="complete")
    with store.conn.collection(staging) as collection:
        collection.modify(metadata=meta)
    _crash_point("staged")
    _rename(store, store.name, retired)
    _crash_point("retired")
    _rename(store, staging, store.name)
    _crash_point("switched")
    _drop(store, retired)
    _reopen(store)
    store.stored_model = store.model
    return done


def recover(store: Store) -> str:
    """Settle what an interrupted rebuild left (the caller holds the write lock); what was done, or ''."""
    staging, retired = store.name + STAGING, store.name + RETIRED
    done = ""
    if store.find(store.name) is None:
        copy = store.find(staging)
        if copy is not None and (copy.metadata or {}).get("rebuild") == "complete":
            _rename(store, staging, store.name)
            done = "finished switching to the rebuilt collection"
        elif store.find(retired) is not None:
            _rename(store, retired, store.name)
            done = "put back the collection an interrupted rebuild had set aside"
    for leftover in (staging, retired):
        if store.find(leftover) is not None:
            _drop(store, leftover)
            done = done or f"removed {leftover}, left by an interrupted rebuild"
    if done:
        log.warning("%s: %s", store.location, done)
        _reopen(store)
    return done


def recover_if_interrupted(store: Store) -> None:
    """For a store that found no live collection: when a rebuild's leftovers exist, settle them under the write lock."""
    if store.find(store.name + STAGING) is None and store.find(store.name + RETIRED) is None:
        return
    with write_lock(store.settings):
        recover(store)


def _rename(store: Store, old: str, new: str) -> None:
    with store.conn.collection(old) as collection:
        collection.modify(name=new)
    store.conn.forget(old)
    store.conn.forget(new)


def _drop(store: Store, name: str) -> None:
    try:
        with store.conn.client() as client:
            client.delete_collection(name)
    except Exception:  # a damaged collection's files may be gone already: its name is what matters
        log.warning("could not delete collection %s at %s", name, store.location, exc_info=True)
    store.conn.forget(name)


def _reopen(store: Store) -> None:
    """After a switch: forget the old collection and take the live one's id and version."""
    store.conn.forget(store.name)
    if store.find(store.name) is not None:
        store.conn.seen[store.name] = version_of(store.reopen())


def _crash_point(step: str) -> None:
    """Tests only: die here, by a real SIGKILL, when the environment names this step (never set in use)."""
    if os.environ.get(_CRASH_AT) == step:
        os.kill(os.getpid(), signal.SIGKILL)
