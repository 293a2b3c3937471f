"""The keyword index on disk: a chain of steps from an empty index to the collection's current version.

    NEWSBOT_HOME/keyword/manifest.json     {"steps": [...], "recent": [...], "collection", "tokenizer", "format"}
    NEWSBOT_HOME/keyword/segments/NAME/    a segment (`postings.py`), memory-mapped by readers
    NEWSBOT_HOME/keyword/segments/NAME.removed.json    the chunk ids a step removed

A step is {"from": version ("" = an empty index), "to": version, "chunks": count after it, "segment",
"removed"}. Files are written once and never changed; the manifest is replaced atomically under a
file lock (`.lock`), so readers need no lock. Merging (`compact`) replaces steps by one; the steps
it replaced stay listed under "recent" for `_GRACE_SECONDS`, so a reader that was between them can
still follow them, and their files are deleted after that.

Deliberately not here: deciding which way a reader catches up (`keyword.py`).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

from index.postings import Segment
from index.terms import TOKENIZER
from index.view import View

__all__ = ["FORMAT", "Steps"]

FORMAT = 2  # the on-disk layout: manifest of steps + memory-mapped segments
_MANIFEST = "manifest.json"
_OLD_FILES = ("bm25", "meta.npz", "state.json")  # the layout before FORMAT 2 (bm25s), removed when first replaced
_MAX_STEPS = 8  # steps after the base before they are merged
_MERGE_SHARE = 0.25  # steps holding this share of the base's rows: merge everything into one segment
_GRACE_SECONDS = 600  # merged-away segments stay this long for readers that mapped them

Step = dict[str, Any]


class Steps:
    """The saved chain of one `NEWSBOT_HOME` for the collection `collection()` names."""

    def __init__(self, folder: Path, collection: Callable[[], str]) -> None:
        self.folder = folder
        self.collection = collection

    @property
    def _segments(self) -> Path:
        return self.folder / "segments"

    def manifest(self) -> dict[str, Any] | None:
        """The saved chain, when it is for this collection and tokenizer."""
        try:
            manifest = json.loads((self.folder / _MANIFEST).read_text())
        except (OSError, ValueError):
            return None
        if (manifest.get("format"), manifest.get("tokenizer"), manifest.get("collection")) != \
                (FORMAT, TOKENIZER, self.collection()):
            return None
        return manifest if isinstance(manifest.get("steps"), list) else None

    def lock(self) -> Any:
        """The file lock writers of the manifest take (`with steps.lock(): ...`)."""
        from filelock import FileLock

        self.folder.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.folder / ".lock"), timeout=60)

    def write_step(self, start: str, end: str, count: int, removed: Iterable[str], segment: Segment | None) -> Step:
        """Save a step's files (not yet in the manifest: `write_manifest` publishes it)."""
        name = f"{int(time.time())}-{uuid.uuid4().hex[:12]}"
        self._segments.mkdir(parents=True, exist_ok=True)
        gone = sorted(removed)
        if gone:
            (self._segments / f"{name}.removed.json").write_text(json.dumps(gone))
        if segment is not None and len(segment):
            segment.save(self._segments / name)
        return {"from": start, "to": end, "chunks": count, "segment": name if segment is not None and len(segment) else None,
                "removed": f"{name}.removed.json" if gone else None}

    def write_manifest(self, steps: list[Step], recent: list[Step] | None = None) -> None:
        """Replace the manifest: `steps` the chain from an empty index, `recent` the steps merged away lately."""
        if recent is None:
            recent = (self.manifest() or {}).get("recent", [])
        recent = [r for r in recent if r.get("until", 0) > time.time()]
        body = {"format": FORMAT, "tokenizer": TOKENIZER, "collection": self.collection(), "steps": steps, "recent": recent}
        tmp = self.folder / f"{_MANIFEST}.tmp{os.getpid()}.{threading.get_ident()}"
        tmp.write_text(json.dumps(body))
        os.replace(tmp, self.folder / _MANIFEST)
        for old in _OLD_FILES:
            path = self.folder / old
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)

    @staticmethod
    def path(steps: list[Step], start: str, end: str) -> list[Step] | None:
        """The fewest steps from version `start` ("" = empty) to `end`, in order; None when none connect."""
        came: dict[str, Step | None] = {start: None}
        frontier = [start]
        while frontier and end not in came:
            following = []
            for at in frontier:
                for step in steps:
                    if step["from"] == at and step["to"] not in came:
                        came[step["to"]] = step
                        following.append(step["to"])
            frontier = following
        if end not in came:
            return None
        path = []
        while (last := came[end]) is not None:
            path.append(last)
            end = last["from"]
        return path[::-1]

    def follow(self, view: View, path: list[Step] | None) -> View | None:
        """`view` with the steps of `path` applied (None when a file is missing: merged away meanwhile)."""
        if path is None:
            return None
        try:
            for step in path:
                segment = Segment.load(self._segments / step["segment"]) if step["segment"] else None
                removed = json.loads((self._segments / step["removed"]).read_text()) if step["removed"] else []
                view = (View("") if not step["from"] else view).apply(step["to"], removed, segment)
        except (OSError, ValueError, KeyError):
            return None
        return view

    def compact(self, manifest: dict[str, Any]) -> None:
        """Merge the steps when they have piled up (the caller holds the file lock); drop unreferenced files."""
        steps = manifest["steps"]
        if len(steps) > 1 and not steps[0]["from"]:
            base_rows = _rows(self._segments, steps[0])
            tail_rows = sum(_rows(self._segments, s) for s in steps[1:])
            if tail_rows > _MERGE_SHARE * base_rows:
                merged = self.follow(View(""), steps)
                if merged is not None:
                    steps = [self.write_step("", merged.version, steps[-1]["chunks"], (), merged.merged())]
            elif len(steps) > 1 + _MAX_STEPS:
                tail = self.follow(View(""), steps[1:])  # the tail's rows, less those it removed itself
                if tail is not None:
                    removed = set()
                    for s in steps[1:]:
                        if s["removed"]:
                            removed.update(json.loads((self._segments / s["removed"]).read_text()))
                    steps = [steps[0], self.write_step(steps[1]["from"], steps[-1]["to"], steps[-1]["chunks"], removed,
                                                        tail.merged())]
            if steps is not manifest["steps"]:
                until = time.time() + _GRACE_SECONDS
                merged_away = [{**s, "until": until} for s in manifest["steps"] if s not in steps]
                self.write_manifest(steps, manifest.get("recent", []) + merged_away)
        recent = (self.manifest() or {}).get("recent", [])
        keep = {n for s in steps + recent for n in (s["segment"], s["removed"]) if n}
        for path in self._segments.iterdir() if self._segments.is_dir() else ():
            if path.name not in keep and time.time() - path.stat().st_mtime > _GRACE_SECONDS:
                shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)




def _rows(folder: Path, step: dict[str, Any]) -> int:
    if not step["segment"]:
        return 0
    try:
        return len(np.load(folder / step["segment"] / "ids.npy", mmap_mode="r"))
    except (OSError, ValueError):
        return 0

