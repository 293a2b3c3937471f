"""Chroma clients: one `Connection` per Chroma folder (or server URL) per process, shared by every `Store`.

Embedded mode (`PersistentClient` in `NEWSBOT_HOME/chroma`): once Chroma has loaded a
collection's HNSW graph it answers `query()` from that in-memory copy and never notices vectors
another process has added since (`get()` sees them, `query()` does not: chroma-core/chroma#3792),
and a second client on the same folder in the same process shares the stale copy. So every
`Store` on a folder shares one `Connection`, and `reopen()` closes the client (releasing Chroma's
shared system) and opens a fresh one, which replays the newer writes from Chroma's SQLite log.
Calls in flight finish on the old client; new calls wait the few milliseconds the swap takes.

Server mode (`HttpClient` against `chroma run`): the server holds the only copy, so there is
nothing to reopen; a server that cannot be reached becomes a `BackendError` naming the URL (with
any credentials in it redacted). `NEWSBOT_CHROMA_TOKEN` is sent with Chroma's own client token
authentication (`TokenAuthClientProvider`, header `X-Chroma-Token`), which Chroma Cloud and a
token-checking proxy in front of `chroma run` accept; `chroma run` itself (chromadb 1.5.9) checks
no token, so it should listen on loopback only (docs/SECURITY.md shows the proxy).

The damaged-graph check (`damaged_segments`) reads Chroma's private file layout, which newsbot
has checked for the chromadb versions in `LAYOUT_CHECKED` only. On those a damaged segment is
refused before Chroma can crash on it; on any other version it is only reported (a warning, and
one line from `python -m index add`), never acted on.

Deliberately not here: deciding when to reopen (`store.py` watches the collection's write stamp)
and anything about what is stored.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newsbot.errors import BackendError, IndexDamagedError
from newsbot.redact import redact_url
from newsbot.settings import Settings

__all__ = ["LAYOUT_CHECKED", "Connection", "check_segments", "connection", "damaged_segments", "layout_checked",
           "set_aside", "unchecked_warning", "version_of"]

LAYOUT_CHECKED = ("1.5.9",)  # chromadb versions whose HNSW segment files (link_lists.bin, data_level0.bin) we checked
log = logging.getLogger(__name__)

_registry: dict[str, Connection] = {}
_registry_lock = threading.Lock()


def version_of(metadata: dict[str, Any] | None) -> str:
    """The collection's write version: its `generation` counter and the random `stamp` every write session sets."""
    meta = metadata or {}
    return f"{int(meta.get('generation', 0))}.{meta.get('stamp', '')}"


def connection(settings: Settings) -> Connection:
    """The process's connection for `settings` (its Chroma folder, or its server URL and token)."""
    if settings.chroma_url:  # one per server and token (the token's digest, never the token, in the key)
        key = settings.chroma_url.rstrip("/") + "#" + hashlib.sha256(settings.chroma_token.encode()).hexdigest()[:16]
    else:
        key = str((settings.home / "chroma").resolve())
    with _registry_lock:
        if key not in _registry:
            path = None if settings.chroma_url else Path(key)
            _registry[key] = Connection(settings.chroma_url, path, settings.chroma_token)
        return _registry[key]


def damaged_segments(folder: Path) -> list[tuple[Path, int]]:
    """The HNSW segment folders under `folder` with the shape an interrupted graph write leaves, with their link-list sizes.

    A write killed in the middle of Chroma persisting its graph can tear a record of
    `link_lists.bin`; every later persist then seeks past the end of the file and grows it without
    bound (chroma-core/chroma#7510; measured here: 1.28 TB, sparse, after `bench/crash.py`), and
    loading it crashes the whole process (chroma-core/chroma#7238). Healthy link lists are a
    fraction of `data_level0.bin` (which holds every vector), so a larger file is damage.
    """
    found = []
    for segment in sorted(folder.iterdir()) if folder.is_dir() else ():
        links, data = segment / "link_lists.bin", segment / "data_level0.bin"
        if links.is_file() and data.is_file() and links.stat().st_size > 2 * data.stat().st_size + (1 << 20):
            found.append((segment, links.stat().st_size))
    return found


def set_aside(folder: Path, dest: Path) -> list[Path]:
    """Move the damaged segments of `folder` into `dest` (kept for inspection, out of Chroma's way); where they went."""
    moved = []
    for segment, _ in damaged_segments(folder):
        dest.mkdir(parents=True, exist_ok=True)
        target = dest / segment.name
        segment.rename(target)
        moved.append(target)
    return moved


def layout_checked() -> bool:
    """Whether the installed chromadb is a version whose segment file layout `damaged_segments` was checked against."""
    import chromadb

    return str(chromadb.__version__) in LAYOUT_CHECKED


def unchecked_warning(folder: Path) -> str:
    """One line for a folder that looks damaged under a chromadb version whose layout we haven't checked ('' if none)."""
    found = damaged_segments(folder)
    if not found:
        return ""
    import chromadb

    segment, size = found[0]
    return (f"{folder}: segment {segment.name} looks damaged (link_lists.bin is {size / 1e9:,.1f} GB, far larger than "
            f"its vectors), but newsbot has not checked the file layout of chromadb {chromadb.__version__}, so nothing "
            f"was changed; if Chroma fails to load the index, `python -m index rebuild` repairs it")


def check_segments(folder: Path) -> None:
    """Raise IndexDamagedError, saying how to rebuild, before Chroma can crash on a damaged segment
    (on a chromadb version with a checked layout; on others, log what looks wrong and go on)."""
    if not layout_checked():
        warning = unchecked_warning(folder)
        if warning:
            log.warning("%s", warning)
        return
    for segment, size in damaged_segments(folder)[:1]:
        raise IndexDamagedError(
            f"{folder}: Chroma's vector index is damaged (link_lists.bin of segment {segment.name} is {size / 1e9:,.1f} GB, "
            f"an interrupted write: chroma-core/chroma#7510); the stored texts are intact: run `python -m index rebuild` "
            f"to embed them again (or delete {folder.parent} and ingest the articles again)")


class Connection:
    """A Chroma client that can be swapped for a fresh one while other threads use it."""

    def __init__(self, url: str, path: Path | None, token: str = "") -> None:
        self.url, self.path, self._token = url, path, token
        self.embedded = path is not None
        self.where = redact_url(url) if url else str(path)
        self.seen: dict[str, str] = {}  # collection name -> the version the open client is known to reflect
        self.checked: dict[str, tuple[float, str]] = {}  # collection name -> (monotonic time, version) of the last check
        self._cond = threading.Condition()
        self._users = 0
        self._swapping = False
        self._collections: dict[str, Any] = {}
        self._client = self._open()

    @contextmanager
    def client(self) -> Iterator[Any]:
        """The current client, held open (not swapped) until the block ends."""
        with self._cond:
            while self._swapping:
                self._cond.wait()
            self._users += 1
            client = self._client
        try:
            with self._translate():
                yield client
        finally:
            with self._cond:
                self._users -= 1
                self._cond.notify_all()

    @contextmanager
    def collection(self, name: str) -> Iterator[Any]:
        """The named collection on the current client (looked up once per client)."""
        with self.client() as client:
            found = self._collections.get(name)
            if found is None or found[0] is not client:
                found = (client, client.get_collection(name))
                self._collections[name] = found
            yield found[1]

    def cached_id(self, name: str) -> str | None:
        """The id of the collection this process has cached under `name` (None when none is)."""
        with self._cond:
            found = self._collections.get(name)
        return str(found[1].id) if found else None

    def forget(self, name: str) -> None:
        """Drop what is cached about a collection that was deleted (and perhaps created again)."""
        with self._cond:
            self._collections.pop(name, None)
            self.seen.pop(name, None)

    def reopen(self) -> None:
        """Replace the embedded client by a fresh one that sees every process's writes (no-op for a server)."""
        if not self.embedded:
            return
        from chromadb.errors import NotFoundError

        with self._cond:
            if self._swapping:  # another thread is already doing it
                while self._swapping:
                    self._cond.wait()
                return
            self._swapping = True
            try:
                while self._users:
                    self._cond.wait()
                self._client.close()
                self._collections.clear()
                self._client = self._open()
                # Read the versions before any query can load a graph: the client reflects at least these.
                for name in list(self.seen):
                    try:
                        self.seen[name] = version_of(self._client.get_collection(name).metadata)
                    except NotFoundError:  # the collection was deleted meanwhile
                        del self.seen[name]
            finally:
                self._swapping = False
                self._cond.notify_all()

    def _open(self) -> Any:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if self.path is None:
            if self._token:
                chroma_settings = ChromaSettings(
                    anonymized_telemetry=False, chroma_client_auth_provider="chromadb.auth.token_authn.TokenAuthClientProvider",
                    chroma_client_auth_credentials=self._token, chroma_auth_token_transport_header="X-Chroma-Token")
            parts = urlsplit(self.url)
            try:
                return chromadb.HttpClient(host=parts.hostname or "localhost", port=parts.port or 8000,
                                           ssl=parts.scheme == "https", settings=chroma_settings)
            except Exception as exc:
                if _refused(exc):
                    raise BackendError(_refusal(self.where, bool(self._token))) from None
                reason = redact_url(str(exc)).replace(self._token, "***") if self._token else redact_url(str(exc))
                raise BackendError(f"cannot reach the Chroma server at {self.where} ({reason}); start it with "
                                   "`chroma run --path DIR --port N` or unset NEWSBOT_CHROMA_URL") from None
        self.path.mkdir(parents=True, exist_ok=True)
        check_segments(self.path)
        return chromadb.PersistentClient(path=str(self.path), settings=chroma_settings)

    @contextmanager
    def _translate(self) -> Iterator[None]:
        """A server that stops answering becomes a BackendError that says so."""
        try:
            yield
        except Exception as exc:
            import httpx

            if self.embedded:
                raise
            if _refused(exc):
                raise BackendError(_refusal(self.where, bool(self._token))) from None
            if not isinstance(exc, httpx.TransportError):
                raise
            raise BackendError(f"the Chroma server at {self.where} is not answering ({type(exc).__name__}); "
                               "check that `chroma run` is still up, then try again") from exc


def _refused(exc: BaseException) -> bool:
    """The server (or a proxy in front of it) refused our credentials: HTTP 401 or 403."""
    from chromadb.errors import AuthorizationError, ChromaAuthError

    if isinstance(exc, (ChromaAuthError, AuthorizationError)):
        return True
    status = getattr(getattr(exc, "response", None), "status_code", None)
    return status in (401, 403) or bool(re.search(r"\b(401|403)\b|Unauthori[sz]ed|Forbidden", str(exc)))


def _refusal(where: str, sent: bool) -> str:
    if sent:
        return f"the Chroma server at {where} refused the token (HTTP 401/403); check NEWSBOT_CHROMA_TOKEN"
    return f"the Chroma server at {where} requires a token (HTTP 401/403); set NEWSBOT_CHROMA_TOKEN"
