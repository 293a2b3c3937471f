"""The OpenAI-compatible endpoints: `POST /v1/chat/completions` (plain and streamed) and `GET /v1/models`.

Any OpenAI client (the official `openai` package, Open WebUI, LangChain's ChatOpenAI ...) talks to
newsbot as to a model called `newsbot`. The last user message is the question; the user messages
before it are the conversation, so a follow-up is rewritten as `bot.chat()` does (`conversation.py`);
system and assistant messages are not read. The reply's text is the answer with its `[n]` markers,
then any note, then a numbered sources list; the structured answer (citations with their quotes,
`verdict`, `kind`, `query`, `abstained` ...) is in an extra top-level `newsbot` field that OpenAI
clients ignore (the last chunk carries it when streaming).

Clients render replies as Markdown, so the article text in them is made inert: an image (`![`), an
inline link (`](`) or an HTML tag (`<`) inside an article never becomes one. The `newsbot` field
holds the text as stored.

Deliberately not here: the native API (`native.py`), keys and limits (`guard.py`).
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from bot.api import MAX_QUESTION_CHARS, AnswerStream
from bot.markers import split_answer
from bot.serialize import answer_json
from bot.server.errors import ApiError, error_body, stream_error
from bot.server.schema import MODEL, ChatMessage, ChatRequest, filters_of
from newsbot.types import Answer

__all__ = ["router", "reply_text", "sources_text", "inert", "SSE_HEADERS"]

router = APIRouter(tags=["OpenAI-compatible"])
CREATED = 1767225600  # 2026-01-01: when the `newsbot` model "was created", for /v1/models
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


def _model() -> dict[str, Any]:
    return {"id": MODEL, "object": "model", "created": CREATED, "owned_by": "newsbot"}


@router.get("/v1/models", summary="The one model: newsbot")
def models() -> dict[str, Any]:
    return {"object": "list", "data": [_model()]}


@router.get("/v1/models/{model}", summary="One model")
def model(model: str) -> dict[str, Any]:
    if model != MODEL:
        raise ApiError(404, f"no model {model!r} here; this server has one: {MODEL}", "model", "model_not_found")
    return _model()


@router.post("/v1/chat/completions", summary="Answer the last user message, with the earlier ones as the conversation")
def completions(body: ChatRequest, request: Request) -> Any:
    if body.model != MODEL:
        raise ApiError(404, f"no model {body.model!r} here; use model={MODEL!r}", "model", "model_not_found")
    question, earlier = _question(body.messages)
    state = request.app.state
    filters = filters_of(body.newsbot)
    history = state.conversations.history(earlier, filters)
    ident, created = f"chatcmpl-{uuid.uuid4().hex}", int(time.time())
    if body.stream:
        stream = state.bot.stream(question, history=history, **filters)  # a bad question or empty index raises here
        chunks = _chunks(stream, ident, created, lambda a: state.conversations.remember(earlier, question, filters, a))
        return StreamingResponse(chunks, media_type="text/event-stream", headers=SSE_HEADERS)
    answer = state.bot.ask(question, history=history, **filters)
    state.conversations.remember(earlier, question, filters, answer)
    return {"id": ident, "object": "chat.completion", "created": created, "model": MODEL,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": reply_text(answer)},
                         "finish_reason": "stop", "logprobs": None}],
            "newsbot": answer_json(answer)}


def _question(messages: list[ChatMessage]) -> tuple[str, list[str]]:
    """The question (the last message, which must be the user's) and the user's earlier messages."""
    last = len(messages) - 1
    if messages[last].role != "user":
        raise ApiError(422, f"messages[{last}]: the last message must be the user's question (role \"user\")",
                       f"messages[{last}].role", "invalid_request")
    question = messages[last].text().strip()
    if not question:
        raise ApiError(422, f"messages[{last}].content: the question is empty", f"messages[{last}].content", "invalid_request")
    if len(question) > MAX_QUESTION_CHARS:
        raise ApiError(422, f"messages[{last}].content: the question is {len(question)} characters; at most "
                            f"{MAX_QUESTION_CHARS} are read", f"messages[{last}].content", "too_long")
    return question, [m.text() for m in messages[:last] if m.role == "user"]


def _chunks(stream: AnswerStream, ident: str, created: int, done: Any) -> Iterator[str]:
    """OpenAI's `chat.completion.chunk` events: the role, the answer's pieces, the sources, then the `newsbot` field."""

    def event(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        chunk = {"id": ident, "object": "chat.completion.chunk", "created": created, "model": MODEL,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
        return f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n"

    yield event({"role": "assistant", "content": ""})
    escape = Inert()
    try:
        for piece in stream:
            yield event({"content": escape(piece)})
    except Exception as exc:  # the response has started: the error goes in the stream, as OpenAI sends it
        yield f"data: {json.dumps(stream_error(exc), ensure_ascii=False)}\n\n"
        return
    answer = stream.answer
    if answer is None:
        yield f"data: {json.dumps(error_body(500, 'the answer stream ended without an answer'))}\n\n"
        return
    done(answer)
    tail = _tail(answer)
    if tail:
        yield event({"content": tail})
    yield event({}, "stop", newsbot=answer_json(answer))
    yield "data: [DONE]\n\n"


def reply_text(answer: Answer) -> str:
    """The whole reply: the answer text (markup made inert), then any note, then the numbered sources."""
    return Inert()(answer.text) + _tail(answer)


def _tail(answer: Answer) -> str:
    parts = []
    if answer.notice:
        parts.append(f"Note: {answer.notice}")
    unverified = [answer.text[s:e].strip() for (s, e), ok in zip(split_answer(answer.text), answer.verified, strict=False)
                  if not ok]
    if unverified:
        parts.append("Not supported by the cited sources (shown above, but unverified):\n"
                     + "\n".join(f"- {sentence}" for sentence in unverified))
    if answer.citations:
        parts.append(sources_text(answer))
    return inert("".join(f"\n\n{p}" for p in parts))


def sources_text(answer: Answer) -> str:
    """`Sources:` then one line per citation: `[n] Title (Outlet, YYYY-MM-DD) URL`."""
    lines = ["Sources:"]
    for c in answer.citations:
        where = ", ".join(x for x in (c.source, c.published_at[:10]) if x)
        lines.append(f"[{c.n}] {c.title}{f' ({where})' if where else ''}{f' {c.url}' if c.url else ''}")
    return "\n".join(lines)


class Inert:
    """Article text made inert for Markdown renderers, piece by piece (a `![` split over two pieces is still caught)."""

    def __init__(self) -> None:
        self._last = ""

    def __call__(self, text: str) -> str:
        out = []
        for ch in text:
            if ch == "<" or (ch == "[" and self._last == "!") or (ch == "(" and self._last == "]"):
                out.append("\\")
            out.append(ch)
            self._last = ch
        return "".join(out)


def inert(text: str) -> str:
    return Inert()(text)

