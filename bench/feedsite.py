"""A news site on a loopback address, for the feed tests and `bench/feeds.py`: RSS feeds, article pages,
robots.txt, every request recorded.

    with FeedSite("127.0.0.1") as site:
        link = site.article("/news/1", "Harbour reopens", "The harbour reopened on Monday ...", "2024-06-03")
        site.feed("/feed.xml", "Coastal Wire", [Item(link, "Harbour reopens", "2024-06-03", "Short summary.")])
        site.page("/robots.txt", "User-agent: *\\nDisallow: /private/\\n", "text/plain")
        site.requests   # [(path, headers), ...]

Feeds answer conditional GETs (ETag and Last-Modified from their content) with 304; any path can be
made slow (`delay`) or failing (`status`). Not part of the product.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import threading
import time
from dataclasses import dataclass
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from newsbot.dates import to_iso

__all__ = ["FeedSite", "Item", "article_html", "rss"]


@dataclass(frozen=True)
class Item:
    link: str
    title: str
    date: str = ""
    summary: str = ""
    author: str = ""
    source: str = ""  # the item's own outlet (RSS <source>)
    guid: str = ""


@dataclass
class _Page:
    status: int
    content_type: str
    body: bytes
    delay: float = 0.0


def article_html(title: str, body: str, date: str = "", author: str = "") -> str:
    """A plain news page trafilatura reads: a headline, a byline, paragraphs, a menu and a footer to skip."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n") if p.strip())
    meta = f'<meta name="date" content="{html.escape(date)}">' if date else ""
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>{meta}</head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{html.escape(title)}</h1><p class='byline'>By {html.escape(author or 'Staff')}</p>{paragraphs}"
            "</article><footer>Copyright the site. All rights reserved.</footer></body></html>")


def rss(title: str, items: list[Item]) -> str:
    def one(item: Item) -> str:
        date = format_datetime(_dt(item.date)) if item.date else ""
        return ("<item>" + f"<title>{html.escape(item.title)}</title><link>{html.escape(item.link)}</link>"
                + (f"<guid>{html.escape(item.guid)}</guid>" if item.guid else "")
                + (f"<pubDate>{date}</pubDate>" if date else "")
                + (f"<author>{html.escape(item.author)}</author>" if item.author else "")
                + (f"<source url=\"http://example.org/\">{html.escape(item.source)}</source>" if item.source else "")
                + f"<description>{html.escape(item.summary)}</description></item>")

    return ('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>{html.escape(title)}</title><link>http://example.org/</link><description>news</description>"
            + "".join(one(i) for i in items) + "</channel></rss>")


def _dt(text: str) -> Any:
    from datetime import datetime

    return datetime.fromisoformat(to_iso(text))


class FeedSite:
    """A threaded HTTP server on `host` (any 127.0.0.0/8 address: each is its own host to a refresher)."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.pages: dict[str, _Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                with site._lock:
                    site.requests.append((self.path, dict(self.headers.items())))
                    page = site.pages.get(self.path)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    if page is None:
                        return self._send(404, "text/plain", b"not found")
                    if page.delay:
                        time.sleep(page.delay)
                    tag = '"' + hashlib.sha256(page.body).hexdigest()[:16] + '"'
                    if page.status == 200 and self.headers.get("If-None-Match") == tag:
                        return self._send(304, "", b"", {"ETag": tag})
                    self._send(page.status, page.content_type, page.body,
                               {"ETag": tag, "Last-Modified": "Mon, 04 Dec 2023 10:00:00 GMT"} if page.status == 200 else {})

            def _send(self, status: int, ctype: str, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.host, self.port = host, self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FeedSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def page(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", status: int = 200,
             delay: float = 0.0) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self.pages[path] = _Page(status, content_type, data, delay)
        return self.url(path)

    def article(self, path: str, title: str, body: str, date: str = "", author: str = "") -> str:
        return self.page(path, article_html(title, body, date, author))

    def feed(self, path: str, title: str, items: list[Item], delay: float = 0.0) -> str:
        return self.page(path, rss(title, items), "application/rss+xml; charset=utf-8", delay=delay)

    def fetched(self, path: str) -> int:
        """How many times `path` was requested."""
        with self._lock:
            return sum(1 for p, _ in self.requests if p == path)
