"""Fetching URLs that anyone may type, against real loopback servers (IPv4, IPv6, a second loopback address).

With the opt-in off (the default) every address below is loopback, so every case is refused, with
the one neutral message, before any connection is made (the servers record no request). With
`NEWSBOT_FETCH_ALLOW_PRIVATE=1` the same addresses are fetched, and what remains refused is
refused for what the server does: a drip slower than the deadline, a body over the cap, a
type that isn't text. Redirects are checked hop by hop, and the connection goes to the address
that was checked, whatever the name resolves to afterwards.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from index import Index
from index.fetch import UNREACHABLE, fetch, fetch_checked, is_public
from newsbot.errors import IndexBusyError, IngestError
from newsbot.settings import Settings
from tests.conftest import DATA, REPO, write

PAGE = (DATA / "article.html").read_bytes()
FEED = (DATA / "feed.rss").read_bytes()


class _Site(BaseHTTPRequestHandler):
    """Every kind of page the tests need; records each request's path and Host header."""

    seen: ClassVar[list[tuple[str, str]]] = []
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        _Site.seen.append((self.path, self.headers.get("Host", "")))
        path, _, query = self.path.partition("?")
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if path == "/page":
                self._send(200, "text/html; charset=utf-8", PAGE)
            elif path == "/who":
                self._send(200, "text/plain", f"served by {self.server.server_address[0]}".encode())
            elif path == "/redirect":
                self._send(302, "text/plain", b"", {"Location": query.removeprefix("to=")})
            elif path == "/loop":
                self._send(302, "text/plain", b"", {"Location": "/loop"})
            elif path == "/drip":  # headers at once, then one byte every 0.3 s
                self._head(200, "text/plain", {"Content-Length": "200"})
                for _ in range(200):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.3)
            elif path == "/huge":  # says 50 MB up front
                self._head(200, "text/plain", {"Content-Length": str(50_000_000)})
                self.wfile.write(b"word " * 200_000)
            elif path == "/endless":  # no length: 1 MB blocks until the client hangs up
                self._head(200, "text/plain", {"Connection": "close"})
                for _ in range(100):
                    self.wfile.write(b"word " * 200_000)
            elif path == "/image":
                self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(100))
            elif path == "/feed":
                if self.headers.get("If-None-Match") == '"v1"':
                    self._send(304, "application/rss+xml", b"", {"ETag": '"v1"'})
                else:
                    self._send(200, "application/rss+xml", FEED, {"ETag": '"v1"'})
            else:
                self._send(404, "text/plain", b"not found")

    def _head(self, code: int, ctype: str, headers: dict[str, str]) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()

    def _send(self, code: int, ctype: str, body: bytes, headers: dict[str, str] | None = None) -> None:
        self._head(code, ctype, {"Content-Length": str(len(body)), **(headers or {})})
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client hanging up on /endless or /drip is the point of those pages


class _Server6(_Server):
    address_family = socket.AF_INET6


@contextlib.contextmanager
def serve(host: str, port: int = 0) -> Iterator[int]:
    server = (_Server6 if ":" in host else _Server)((host, port), _Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    with serve("127.0.0.1") as p:
        yield p


@pytest.fixture(scope="module")
def port6() -> Iterator[int]:
    with serve("::1") as p:
        yield p


def settings(allow: bool, **more: Any) -> Settings:
    return Settings.load(fetch_allow_private=allow, fetch_timeout=more.pop("fetch_timeout", 5.0), max_article_mb=1.0, **more)


ADDRESSES = {  # name -> URL template; every one of them reaches the same loopback server
    "loopback by IP": "http://127.0.0.1:{p}/page",
    "loopback by name": "http://localhost:{p}/page",
    "IPv6 literal": "http://[::1]:{p6}/page",
    "decimal IP": "http://2130706433:{p}/page",
    "hex IP": "http://0x7f000001:{p}/page",
    "short IP": "http://127.1:{p}/page",
    "redirect to loopback": "http://127.0.0.1:{p}/redirect?to=http://127.0.0.1:{p}/page",
}
BEHAVIOURS = {  # refused with the opt-in on too, for what the server does
    "slow drip": ("/drip", "timed out after 1.5 s; try again later or raise NEWSBOT_FETCH_TIMEOUT"),
    "huge body (declared)": ("/huge", "the response is larger than 1 MB; not one article (raise NEWSBOT_MAX_ARTICLE_MB)"),
    "huge body (undeclared)": ("/endless", "the response is larger than 1 MB; not one article (raise NEWSBOT_MAX_ARTICLE_MB)"),
    "non-text type": ("/image", "the URL returns image/png, not a web page, text or feed; only HTML, plain text, JSON "
                                "and RSS/Atom are read"),
}


@pytest.mark.parametrize("case", [*ADDRESSES, *BEHAVIOURS])
def test_with_the_opt_in_off_every_local_address_is_refused_before_connecting(case: str, port: int, port6: int) -> None:
    url = ADDRESSES[case] if case in ADDRESSES else f"http://127.0.0.1:{{p}}{BEHAVIOURS[case][0]}"
    url = url.format(p=port, p6=port6)
    _Site.seen.clear()
    with pytest.raises(IngestError) as refused:
        fetch(url, settings(allow=False))
    assert refused.value.reason == UNREACHABLE
    assert _Site.seen == []  # refused on the address: the server never heard of it


@pytest.mark.parametrize("case", list(ADDRESSES))
def test_with_the_opt_in_on_the_same_addresses_are_fetched(case: str, port: int, port6: int) -> None:
    url = ADDRESSES[case].format(p=port, p6=port6)
    got = fetch(url, settings(allow=True))
    assert got.status == 200 and got.content_type == "text/html" and got.body == PAGE
    assert got.url.endswith("/page")


@pytest.mark.parametrize("case", list(BEHAVIOURS))
def test_with_the_opt_in_on_drips_huge_bodies_and_binaries_are_still_refused(case: str, port: int) -> None:
    path, reason = BEHAVIOURS[case]
    started = time.monotonic()
    with pytest.raises(IngestError) as refused:
        fetch(f"http://127.0.0.1:{port}{path}", settings(allow=True, fetch_timeout=1.5))
    assert refused.value.reason == reason
    assert time.monotonic() - started < 3.0  # the deadline is for the whole fetch, not per read


def test_one_message_for_refused_unknown_and_closed_addresses(port: int) -> None:
    """A visitor can't tell a refused address from a name that doesn't resolve or a port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    reasons = set()
    for url, allow in ((f"http://127.0.0.1:{port}/page", False), ("http://169.254.169.254/latest/meta-data/", False),
                       ("http://no-such-host.invalid/", True), (f"http://127.0.0.1:{closed}/", True),
                       ("http://10.255.255.1:81/", False), ("http://[fd00::1]/", False), ("http://[::ffff:127.0.0.1]/", False)):
        with pytest.raises(IngestError) as failed:
            fetch(url, settings(allow=allow, fetch_timeout=2.0))
        reasons.add(failed.value.reason)
    assert reasons == {UNREACHABLE}


@pytest.mark.parametrize("address, public", [
    ("93.184.215.14", True), ("2606:4700::6810:84e5", True),
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("240.0.0.1", False), ("255.255.255.255", False), ("::1", False), ("::", False), ("fd12:3456::1", False),
    ("fe80::1", False), ("ff02::1", False), ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False),
    ("::ffff:93.184.215.14", True), ("2002:7f00:1::", False), ("64:ff9b::a9fe:a9fe", False), ("2001:db8::1", False),
])
def test_which_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(address) is public


def test_every_redirect_hop_is_checked_again(port: int) -> None:
    """A redirector the rule allows (127.0.0.2 here) sends us to an address it refuses (127.0.0.1): refused at hop 2."""
    only_2 = lambda address: address == "127.0.0.2"  # noqa: E731
    with serve("127.0.0.2") as redirector:
        ok = fetch_checked(f"http://127.0.0.2:{redirector}/who", only_2, 5.0, 1_000_000)
        assert ok.body == b"served by 127.0.0.2"
        _Site.seen.clear()
        with pytest.raises(IngestError) as refused:
            fetch_checked(f"http://127.0.0.2:{redirector}/redirect?to=http://127.0.0.1:{port}/who", only_2, 5.0, 1_000_000)
    assert refused.value.reason == UNREACHABLE
    assert [path for path, _ in _Site.seen] == ["/redirect?to=http://127.0.0.1:" + f"{port}/who"]  # hop 1 only
    with pytest.raises(IngestError, match="more than 5 redirects"):
        fetch(f"http://127.0.0.1:{port}/loop", settings(allow=True))


def test_the_connection_goes_to_the_address_that_was_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    """DNS rebinding: `rebind.test` resolves to an allowed address once, then to a refused one. Two real
    servers listen on one port, one per address; the page must come from the one that was checked."""
    with serve("127.0.0.1") as p, serve("127.0.0.2", p):
        answers = iter(["127.0.0.1"] + ["127.0.0.2"] * 10)
        real = socket.getaddrinfo

        def resolver(host: str, *args: Any, **kwargs: Any) -> Any:
            if host == "rebind.test":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), p))]
            return real(host, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        _Site.seen.clear()
        got = fetch_checked(f"http://rebind.test:{p}/who", lambda a: a == "127.0.0.1", 5.0, 1_000_000)
    assert got.body == b"served by 127.0.0.1"
    assert _Site.seen == [("/who", f"rebind.test:{p}")]  # the name still went in the Host header


def test_a_conditional_get_returns_304_to_the_caller(port: int) -> None:
    first = fetch(f"http://127.0.0.1:{port}/feed", settings(allow=True))
    assert first.status == 200 and first.header("etag") == '"v1"' and first.content_type == "application/rss+xml"
    again = fetch(f"http://127.0.0.1:{port}/feed", settings(allow=True), headers={"If-None-Match": first.header("ETag")})
    assert again.status == 304 and again.body == b""


@pytest.mark.parametrize("url, reason", [
    ("file:///etc/passwd", "only http:// and https:// URLs can be fetched"),
    ("http://user:secret@127.0.0.1/", "URLs with a user name or password are not fetched; give the address without them"),
    ("http://", "the URL has no host name; check the address"),
])
def test_other_schemes_and_credentials_are_refused(url: str, reason: str) -> None:
    with pytest.raises(IngestError) as refused:
        fetch(url, settings(allow=True))
    assert refused.value.reason == reason and "secret" not in str(refused.value)


def test_the_url_path_for_people_never_reads_a_file(tmp_path: Path, embedder: Any) -> None:
    """`Index.add_urls` (the UI's URL box) refuses a path, even one that exists, with one line."""
    folder = tmp_path / "private"
    write(folder / "notes.txt", "Private notes\n\nThe safe code is 1234 and the spare key is under the mat.\n")
    index = Index(Settings.load(home=tmp_path / "home"), embedder=embedder)
    report = index.add_urls([str(folder), f"file://{folder}/notes.txt", "~/notes.txt"])
    assert [r.status for r in report.results] == ["failed"] * 3
    assert all("only http:// and https:// addresses can be added here" in r.reason for r in report.results)
    assert index.articles() == []


def test_a_slow_fetch_holds_no_lock_and_a_busy_lock_names_its_holder(tmp_path: Path, port: int, embedder: Any) -> None:
    """URLs are fetched before the write lock: while one writer waits on a dripping server, another writes.
    A writer that can't get the lock in time says who holds it."""
    home = tmp_path / "home"
    slow = Index(Settings.load(home=home, fetch_allow_private=True, fetch_timeout=4.0), embedder=embedder)
    outcome: list[Any] = []
    worker = threading.Thread(target=lambda: outcome.append(slow.add([f"http://127.0.0.1:{port}/drip"])))
    worker.start()
    time.sleep(0.5)
    quick = Index(Settings.load(home=home, lock_timeout=1.0), embedder=embedder)
    started = time.monotonic()
    assert quick.add([str(write(tmp_path / "in" / "ferry.txt", "Ferry back\n\nThe ferry runs again from Monday.\n"))]).count("added") == 1
    assert time.monotonic() - started < 3.0 and worker.is_alive()
    worker.join()
    assert "timed out" in outcome[0].failed[0].reason

    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from index.lock import write_lock; "
                               "from newsbot.settings import Settings\nwith write_lock(Settings.load(home=sys.argv[1])):\n"
                               "    print('held', flush=True); time.sleep(30)", str(home), "--marker"],
                              cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(IndexBusyError) as busy:
            quick.remove(quick.articles()[0].id)
    finally:
        holder.kill()
        holder.wait()
    message = str(busy.value)
    assert f"process {holder.pid} on {socket.gethostname()}" in message and "--marker" in message
    assert "for more than 1 s" in message and "raise NEWSBOT_LOCK_TIMEOUT" in message
