"""The library as the HTTP API sees it: what a POST /articles body becomes, and cached lists and counts.

`ingest_body(index, content_type, body)` turns a request body into an ingest: JSON articles in the
ingest formats go through the same parser as an uploaded `.json` file (`Index.add_bytes`, ids from
the URL or the content, never a path), `{"url": ...}` or `{"urls": [...]}` through `Index.add_urls`
(the safe fetcher), and a feed, page, Markdown or text body by its Content-Type as an upload of that
type. `Library` keeps the article list and `/health`'s counts for the index version they were read
at: any write, by this process or another, moves the version (`Store.sync`), so a worker never lists
a stale library and an unchanged one costs one metadata read.

Deliberately not here: who may write (`guard.py`), and the routes (`native.py`).
"""

from __future__ import annotations

import json
import threading
from typing import Any

from bot.api import NewsBot
from bot.server.errors import ApiError
from newsbot.types import ArticleRecord, IngestReport

__all__ = ["ingest_body", "Library", "MAX_URLS", "BODY_TYPES"]

MAX_URLS = 20
BODY_TYPES = {"text/plain": "request.txt", "text/markdown": "request.md", "text/x-markdown": "request.md",
              "text/html": "request.html", "application/xhtml+xml": "request.html", "application/x-ndjson": "request.jsonl",
              "application/jsonl": "request.jsonl", "application/rss+xml": "request.xml", "application/atom+xml": "request.xml",
              "application/xml": "request.xml", "text/xml": "request.xml", "application/json": "request.json"}


def ingest_body(index: Any, content_type: str, body: bytes) -> IngestReport:
    """Ingest a POST /articles body. Raises ApiError (422, 415) when the body is not one of the accepted shapes."""
    kind = content_type.split(";", 1)[0].strip().lower() or "application/json"
    if not body.strip():
        raise ApiError(422, "the request body is empty: send an article as JSON, {\"url\": ...}, or a feed or page",
                       "body", "invalid_request")
    if kind not in BODY_TYPES and not kind.endswith("+json"):
        raise ApiError(415, f"can't read a body of type {kind}; send one of: {', '.join(sorted(BODY_TYPES))}", "Content-Type",
                       "unsupported_type")
    if BODY_TYPES.get(kind, "request.json") != "request.json":
        return index.add_bytes(BODY_TYPES[kind], body)  # type: ignore[no-any-return]
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        where = f" at character {exc.pos}" if isinstance(exc, json.JSONDecodeError) else ""
        raise ApiError(422, f"the request body is not valid JSON{where}", "body", "invalid_request") from None
    if isinstance(data, dict) and set(data) in ({"url"}, {"urls"}):
        urls = [data["url"]] if "url" in data else data["urls"]
        name = next(iter(data))
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls) or not urls:
            raise ApiError(422, f"{name}: give an http(s) address as text" + (" (a list of them)" if name == "urls" else ""),
                           name, "invalid_request")
        if len(urls) > MAX_URLS:
            raise ApiError(422, f"urls: at most {MAX_URLS} per request, not {len(urls)}", "urls", "too_many")
        return index.add_urls(urls)  # type: ignore[no-any-return]
    if isinstance(data, dict) and set(data) == {"articles"}:
        if not isinstance(data["articles"], list):
            raise ApiError(422, "articles: give a list of articles", "articles", "invalid_request")
        body = json.dumps(data["articles"], ensure_ascii=False).encode("utf-8")
    elif not isinstance(data, dict | list):
        raise ApiError(422, "the body must be an article object, a list of them, {\"articles\": [...]} or {\"url\": ...}",
                       "body", "invalid_request")
    return index.add_bytes("request.json", body)  # type: ignore[no-any-return]


class Library:
    """The article list (and the health figures drawn from it), re-read only when the index version moves."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self._lock = threading.Lock()
        self._version: str | None = None
        self._records: list[ArticleRecord] = []

    def articles(self) -> list[ArticleRecord]:
        return self._current()

    def health(self) -> dict[str, Any]:
        records = self._current()
        settings, store = self.bot.settings, self.bot.index.store
        dates = sorted(r.published_at for r in records if r.published_at)
        return {"status": "ok", "articles": len(records), "chunks": sum(r.chunk_count for r in records),
                "sources": len({r.source for r in records if r.source}), "oldest": dates[0] if dates else "",
                "newest": dates[-1] if dates else "", "embed_model": store.model,
                "store": "server" if settings.chroma_url else "embedded",
                "backend": "offline" if settings.llm == "none" else settings.llm,
                "llm_model": settings.llm_model if settings.llm != "none" else "", "read_only": settings.read_only}

    def _current(self) -> list[ArticleRecord]:
        version = self.bot.index.store.sync()
        with self._lock:
            if version != self._version:
                self._records = self.bot.articles()
                self._version = version
            return self._records
