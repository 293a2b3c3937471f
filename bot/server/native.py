"""The native REST API: questions (`/ask`, `/ask/stream`, `/read`, `/retrieve`), the library (`/articles`), `/health`.

`/ask` returns what `python -m bot ask --json` prints (`bot.serialize.answer_json`); `/ask/stream`
sends the same answer as Server-Sent Events: `delta` events (`{"text": ...}`, joining to the answer
text) and then one `answer` event with the whole JSON (or an `error` event). `/read` says how a
question is understood without answering it (`NewsBot.read`); `/retrieve` returns the ranked chunks.
The library's write endpoints go through `guard.require_write` (read-only, admin password, loopback).
POST /articles takes JSON articles in the ingest formats (one, a list, or `{"articles": [...]}`),
`{"url": ...}` / `{"urls": [...]}` (fetched with the safe fetcher: public addresses only unless
NEWSBOT_FETCH_ALLOW_PRIVATE=1), or a feed, page or text file as the body with its Content-Type; a
URL or text in it never becomes a path on the server.

Deliberately not here: the OpenAI-compatible endpoints (`chat.py`), keys and limits (`guard.py`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from bot.api import MAX_QUESTION_CHARS, AnswerStream
from bot.serialize import answer_json, hit_json, question_json, record_json, report_json
from bot.server.chat import SSE_HEADERS
from bot.server.errors import ApiError, stream_error
from bot.server.guard import require_write
from bot.server.library import ingest_body
from bot.server.schema import AskRequest, filters_of

__all__ = ["router"]

router = APIRouter()
ArticleId = Annotated[str, Path(min_length=1, max_length=200, pattern=r"^[A-Za-z0-9_.:-]+$",
                                 description="an article id, as `GET /articles` lists it")]


@router.post("/ask", tags=["questions"], summary="Answer a question (the JSON of `python -m bot ask --json`)")
def ask(body: AskRequest, request: Request) -> dict[str, Any]:
    state = request.app.state
    filters = filters_of(body)
    history = state.conversations.history(body.earlier(), filters)
    answer = state.bot.ask(body.question, history=history, **filters)
    state.conversations.remember(body.earlier(), body.question, filters, answer)
    return answer_json(answer)


@router.post("/ask/stream", tags=["questions"], summary="The same as /ask, as Server-Sent Events (delta ..., then answer)")
def ask_stream(body: AskRequest, request: Request) -> StreamingResponse:
    state = request.app.state
    filters = filters_of(body)
    history = state.conversations.history(body.earlier(), filters)
    stream = state.bot.stream(body.question, history=history, **filters)  # a bad question or empty index raises here

    def events(stream: AnswerStream) -> Iterator[str]:
        try:
            for piece in stream:
                yield _event("delta", {"text": piece})
        except Exception as exc:  # the response has started: the error is an event
            yield _event("error", stream_error(exc))
            return
        if stream.answer is None:
            yield _event("error", stream_error(RuntimeError("the answer stream ended without an answer")))
            return
        state.conversations.remember(body.earlier(), body.question, filters, stream.answer)
        yield _event("answer", answer_json(stream.answer))

    return StreamingResponse(events(stream), media_type="text/event-stream", headers=SSE_HEADERS)


@router.post("/read", tags=["questions"], summary="How a question is read (standalone query, kind, names, outlets, dates), "
                                                  "without answering it")
def read(body: AskRequest, request: Request) -> dict[str, Any]:
    state = request.app.state
    filters = filters_of(body)
    history = state.conversations.history(body.earlier(), filters)
    return question_json(state.bot.read(body.question, history=history, **filters))


def _event(name: str, data: dict[str, Any]) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.get("/retrieve", tags=["questions"], summary="The best-matching chunks for a query, best first")
def retrieve(request: Request,
             q: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION_CHARS, description="what to search for")],
             k: Annotated[int, Query(ge=1, le=100, description="how many chunks")] = 10,
             since: Annotated[date | None, Query(description="published on or after (YYYY-MM-DD)")] = None,
             until: Annotated[date | None, Query(description="published on or before (YYYY-MM-DD)")] = None,
             source: Annotated[list[str] | None, Query(max_length=50, description="only this outlet (repeatable)")] = None,
             ) -> dict[str, Any]:
    hits = request.app.state.bot.retrieve(q, k=k, since=since, until=until, sources=source)
    return {"query": q, "hits": [hit_json(h) for h in hits]}


@router.get("/articles", tags=["library"], summary="The indexed articles, newest first")
def articles(request: Request,
             q: Annotated[str | None, Query(max_length=200, description="only titles containing this (any case)")] = None,
             source: Annotated[str | None, Query(max_length=200, description="only this outlet")] = None,
             limit: Annotated[int, Query(ge=1, le=1000)] = 100,
             offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
    records = request.app.state.library.articles()
    if q:
        records = [r for r in records if q.casefold() in r.title.casefold()]
    if source:
        records = [r for r in records if r.source.casefold() == source.casefold()]
    return {"total": len(records), "offset": offset, "articles": [record_json(r) for r in records[offset:offset + limit]]}


@router.get("/articles/{article_id}", tags=["library"], summary="One article's record and its cleaned text")
def article(article_id: ArticleId, request: Request) -> dict[str, Any]:
    bot = request.app.state.bot
    record = bot.article(article_id)
    if record is None:
        raise ApiError(404, f"no article with id {article_id!r}; GET /articles lists them", "article_id", "not_found")
    return record_json(record) | {"text": bot.article_text(article_id)}


@router.post("/articles", tags=["library"], dependencies=[Depends(require_write)],
             summary="Add articles: JSON in the ingest formats, {url} or {urls}, or a feed, page or text as the body",
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": {"type": "object"}, "examples": {
                     "article": {"value": {"title": "Bridge reopens", "body": "The bridge reopened on Monday ...",
                                           "source": "Valley Gazette", "published_at": "2025-11-20",
                                           "url": "https://example.com/bridge"}},
                     "url": {"value": {"url": "https://example.com/story.html"}}}},
                 "text/plain": {}, "text/markdown": {}, "text/html": {}, "application/rss+xml": {},
                 "application/atom+xml": {}, "application/x-ndjson": {}}}})
async def add(request: Request) -> JSONResponse:
    body = await request.body()
    report = await run_in_threadpool(ingest_body, request.app.state.bot.index, request.headers.get("content-type", ""), body)
    payload = report_json(report)
    changed = report.count("added") + report.count("updated")
    if report.results and len(report.failed) == len(report.results):
        first = report.failed[0]
        message = f"nothing was added: {first.source}: {first.reason}" if first.source else f"nothing was added: {first.reason}"
        return JSONResponse({"error": {"message": message, "type": "invalid_request_error", "param": "body",
                                       "code": "ingest_failed"}} | payload, status_code=422)
    return JSONResponse(payload, status_code=201 if changed else 200)


@router.delete("/articles/{article_id}", tags=["library"], dependencies=[Depends(require_write)],
               summary="Remove an article and its chunks")
def remove(article_id: ArticleId, request: Request) -> dict[str, Any]:
    bot = request.app.state.bot
    if bot.article(article_id) is None:
        raise ApiError(404, f"no article with id {article_id!r}; GET /articles lists them", "article_id", "not_found")
    return {"id": article_id, "removed_chunks": bot.remove(article_id)}


@router.get("/health", tags=["service"], summary="Index counts, models and backends (no key needed)")
def health(request: Request) -> dict[str, Any]:
    return dict(request.app.state.library.health())
