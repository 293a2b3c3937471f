"""Fetch one http(s) URL safely, for anyone's input: the CLI, the UI's URL box, feed subscriptions.

    got = fetch(url, settings, headers={"If-None-Match": etag})   # -> Fetched (frozen)
    got.status  # 200 (body read) or 304 (not modified: the caller's conditional GET)

Every hop of the fetch is checked the same way:

- http:// and https:// only, with no user name or password in the URL;
- the host is resolved once and every address it resolves to must be global: loopback, private,
  link-local (cloud metadata), CGNAT, multicast, reserved and unspecified IPv4 ranges are refused,
  and so are IPv6 loopback, ULA and link-local, and IPv4 addresses wrapped in IPv6 (mapped, 6to4,
  NAT64) whose IPv4 part would be refused. `NEWSBOT_FETCH_ALLOW_PRIVATE=1` allows them;
- the connection goes to the address that was checked (the Host header and TLS name are the
  URL's), so a name cannot be re-resolved to another address in between (DNS rebinding);
- redirects are followed by hand, each new URL checked again, at most `MAX_HOPS` of them.

The whole fetch has one deadline (`NEWSBOT_FETCH_TIMEOUT`): a watchdog shuts the socket when it
passes, so a server dripping one byte at a time cannot hold it. The body is read up to a size
cap (Content-Length checked first), only with a text or feed content type, never compressed.
Every refused or unreachable address gets the same message (`UNREACHABLE`), so the errors
cannot be used to map a network or scan ports.

Deliberately not here: decoding and parsing the body (`clean.py`, `parse.py`, `load.py`) and any
crawling: one URL is one input.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from newsbot.errors import IngestError
from newsbot.redact import redact_url
from newsbot.settings import Settings

__all__ = ["FORMATS_BY_TYPE", "MAX_HOPS", "UNREACHABLE", "Fetched", "fetch", "fetch_checked", "is_public"]

MAX_HOPS = 5
UNREACHABLE = ("could not fetch: the address can't be reached or may not be fetched (local and private addresses "
               "are refused); check the URL")
USER_AGENT = "newsbot/1.0 (news Q&A indexer)"
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,"
          "application/json;q=0.9,text/plain;q=0.8")
FORMATS_BY_TYPE = {
    "text/html": "html", "application/xhtml+xml": "html", "text/plain": "text", "text/markdown": "markdown",
    "application/json": "json", "application/feed+json": "json", "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl", "application/rss+xml": "feed", "application/atom+xml": "feed",
    "application/rdf+xml": "feed", "application/xml": "feed", "text/xml": "feed",
}
_REDIRECTS = (301, 302, 303, 307, 308)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_resolver = ThreadPoolExecutor(max_workers=4, thread_name_prefix="newsbot-dns")


@dataclass(frozen=True)
class Fetched:
    """What one fetch returned: the final URL (after redirects), its status (200-299, or 304), the
    content type without parameters ('' when the server sent none), the headers, and the body."""

    url: str
    status: int
    content_type: str
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str, default: str = "") -> str:
        """The first header called `name` (any case), e.g. `ETag`, `Last-Modified`, `Content-Type`."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), default)


def is_public(address: str) -> bool:
    """True when `address` (an IP literal) is a global unicast address that any fetch may reach."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.teredo:
            return False
        inner = ip.ipv4_mapped or ip.sixtofour or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if ip in _NAT64 else None)
        if inner is not None:
            return is_public(str(inner))
    if isinstance(ip, ipaddress.IPv4Address) and ip in _CGNAT:
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_private or ip.is_reserved or ip.is_loopback
                                 or ip.is_link_local or ip.is_unspecified)


def fetch(url: str, settings: Settings, headers: Mapping[str, str] | None = None, max_bytes: int | None = None) -> Fetched:
    """GET `url` under the rules in the module docstring; `headers` are sent with every hop
    (If-None-Match, If-Modified-Since...). Returns a 2xx or 304 response; raises IngestError
    (named by the redacted URL) for anything else: refused, unreachable, HTTP errors, too slow,
    too big, or not text."""
    limit = max_bytes if max_bytes is not None else int(settings.max_article_mb * 1_000_000)
    allow = _any_address if settings.fetch_allow_private else is_public
    return fetch_checked(url, allow, settings.fetch_timeout, limit, headers)


def fetch_checked(url: str, allow: Callable[[str], bool], timeout: float, max_bytes: int,
                  headers: Mapping[str, str] | None = None) -> Fetched:
    """`fetch` with the address rule given: `allow(ip)` must be true for every address of every hop."""
    shown = redact_url(url)
    deadline = time.monotonic() + timeout
    extra = {k: v for k, v in (headers or {}).items() if k.lower() not in ("host", "accept-encoding")}
    current = url
    for _ in range(MAX_HOPS + 1):
        got = _hop(current, shown, allow, extra, deadline, max_bytes, timeout)
        if isinstance(got, Fetched):
            return got
        current = got
    raise IngestError(shown, f"more than {MAX_HOPS} redirects; give the final address of the page")


def _any_address(address: str) -> bool:
    return True


def _hop(url: str, shown: str, allow: Callable[[str], bool], headers: dict[str, str], deadline: float, limit: int,
         timeout: float) -> Fetched | str:
    """One request: a Fetched, or the next URL to try when the answer is a redirect."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise IngestError(shown, "not a valid URL; check the address") from None
    scheme, host = parts.scheme.lower(), parts.hostname or ""
    if scheme not in ("http", "https"):
        raise IngestError(shown, "only http:// and https:// URLs can be fetched")
    if parts.username is not None or parts.password is not None:
        raise IngestError(shown, "URLs with a user name or password are not fetched; give the address without them")
    if not host:
        raise IngestError(shown, "the URL has no host name; check the address")
    addresses = _resolve(host, port, deadline)
    if not addresses or not all(allow(a) for a in addresses):
        raise IngestError(shown, UNREACHABLE)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    hostport = (f"[{host}]" if ":" in host else host) + ("" if parts.port is None else f":{parts.port}")
    sent = {"Host": hostport, "User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "identity", **headers}
    connection = _connect(addresses, port, scheme == "https", host, deadline, shown)
    watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), _cut, args=(connection,))
    watchdog.daemon = True
    watchdog.start()
    try:
        try:
            connection.request("GET", path, headers=sent)
            response = connection.getresponse()
        except (OSError, http.client.HTTPException):
            raise IngestError(shown, UNREACHABLE) from None  # nothing was answered: say no more than for a refusal
        return _answer(response, url, shown, deadline, limit, timeout)
    finally:
        watchdog.cancel()
        connection.close()


def _answer(response: http.client.HTTPResponse, url: str, shown: str, deadline: float, limit: int,
            timeout: float) -> Fetched | str:
    status = response.status
    if status in _REDIRECTS:
        location = response.getheader("Location", "")
        if not location:
            raise IngestError(shown, f"the server answered HTTP {status} without saying where to; check the address")
        return urljoin(url, location.strip())
    if status == 304:
        return Fetched(url=url, status=304, content_type="", headers=tuple(response.getheaders()), body=b"")
    if not 200 <= status < 300:
        raise IngestError(shown, f"the server answered HTTP {status} {response.reason}; check the address")
    raw_type = response.getheader("Content-Type", "")
    ctype = raw_type.split(";", 1)[0].strip().lower()
    if ctype == "application/pdf":
        raise IngestError(shown, "the URL returns a PDF; save it as text or HTML first")
    if ctype and ctype not in FORMATS_BY_TYPE:
        raise IngestError(shown, f"the URL returns {ctype[:60]}, not a web page, text or feed; only HTML, plain text, "
                                 "JSON and RSS/Atom are read")
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise IngestError(shown, _too_big(limit))
    body = _read(response, shown, deadline, limit, timeout)
    return Fetched(url=url, status=status, content_type=ctype, headers=tuple(response.getheaders()), body=body)


def _read(response: http.client.HTTPResponse, shown: str, deadline: float, limit: int, timeout: float) -> bytes:
    """The body, one socket read at a time, until the end, the size cap or the deadline."""
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            piece = response.read1(65536)
            if not piece or time.monotonic() >= deadline:
                break
            size += len(piece)
            if size > limit:
                raise IngestError(shown, _too_big(limit))
            chunks.append(piece)
    except (OSError, http.client.HTTPException):
        if time.monotonic() < deadline:
            raise IngestError(shown, "the connection broke off before the page was complete; try again later") from None
    if time.monotonic() >= deadline:
        raise IngestError(shown, f"timed out after {timeout:g} s; try again later or raise NEWSBOT_FETCH_TIMEOUT")
    return b"".join(chunks)


def _too_big(limit: int) -> str:
    return f"the response is larger than {limit / 1_000_000:g} MB; not one article (raise NEWSBOT_MAX_ARTICLE_MB)"


def _resolve(host: str, port: int, deadline: float) -> list[str]:
    """Every address `host` resolves to ([] when it doesn't, in time)."""
    job = _resolver.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        infos = job.result(timeout=max(0.0, deadline - time.monotonic()))
    except (OSError, UnicodeError, FutureTimeout):
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class _Pinned(http.client.HTTPConnection):
    """An HTTP(S) connection to one already-checked address, whatever the URL's host name resolves to later."""

    def __init__(self, address: str, port: int, tls: bool, server_name: str, timeout: float) -> None:
        super().__init__(address, port, timeout=timeout)
        self._address, self._tls, self._server_name = address, tls, server_name

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), timeout=self.timeout)
        if self._tls:
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self._server_name)
        self.sock = sock


def _connect(addresses: list[str], port: int, tls: bool, host: str, deadline: float, shown: str) -> _Pinned:
    for address in addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        connection = _Pinned(address, port, tls, host, timeout=remaining)
        try:
            connection.connect()
            return connection
        except (OSError, ssl.SSLError):
            connection.close()
    raise IngestError(shown, UNREACHABLE)


def _cut(connection: _Pinned) -> None:
    """The deadline passed: end whatever read or write is blocked on the socket."""
    sock = connection.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
