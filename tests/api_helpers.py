"""What the HTTP API tests share: a data folder with the 19 test articles, a loopback web site, SSE reading.

Not fixtures themselves (each test module makes its own, scoped as it needs), so importing this
module never starts anything.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from newsbot.settings import Settings
from tests.conftest import DATA

REFERENCE_DATE = "2025-11-20"  # the test articles run to 2025-11-18 (tests/data/news/README.md)
NEWS = sorted((DATA / "news").glob("*.json"))
FERRY = {"title": "Harwick ferry fares frozen until 2027",
         "body": "The Harwick ferry company said on Tuesday that fares on its island routes will stay frozen until "
                 "January 2027. Chief executive Priya Ramanathan said the freeze was paid for by a new contract to "
                 "carry mail to the islands. The company carried 1.2 million passengers last year.",
         "source": "Harwick Herald", "published_at": "2025-11-19", "url": "https://harwick-herald.example.com/ferry-fares"}


def build_news_home(home: Path, embedder: Any, onnx_model: Path) -> Path:
    """`home` with the 19 test articles ingested and the serving models (ONNX export, int8 copy) in place."""
    from index import Index

    report = Index(Settings.load(home=home, reference_date=REFERENCE_DATE), embedder=embedder).add([str(p) for p in NEWS])
    assert report.count("added") == len(NEWS) == 19, report.summary()
    return home


def sse_events(lines: Iterator[str]) -> list[tuple[str, Any]]:
    """(event name, parsed data) for each Server-Sent Event; data `[DONE]` stays a string."""
    events, name, data = [], "message", []
    for line in lines:
        if line.startswith("event:"):
            name = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].strip())
        elif not line and data:
            text = "\n".join(data)
            events.append((name, text if text == "[DONE]" else json.loads(text)))
            name, data = "message", []
    return events


class _Site(BaseHTTPRequestHandler):
    """A news site on loopback: /article.html is tests/data/article.html; every request is recorded."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Site.seen.append(self.path)
        body = (DATA / "article.html").read_bytes()
        self.send_response(200 if self.path == "/article.html" else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def news_site() -> Iterator[tuple[str, list[str]]]:
    """(base URL, the paths requested so far) of a loopback site serving the test HTML article."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Site.seen = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", _Site.seen
    finally:
        server.shutdown()
        server.server_close()
