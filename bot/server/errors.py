"""Every error the HTTP API sends, in one JSON shape: OpenAI's, so its clients show the message as is.

    {"error": {"message": "question: at most 2000 characters ...", "type": "invalid_request_error",
               "param": "question", "code": "too_long"}}

`ApiError(status, message, param)` is what the routes and the guard raise; `install(app)` turns it,
FastAPI's validation errors (422, naming the field), HTTP errors (404, 405 ...), newsbot's own errors
(a question in no words: 400; no articles: 409; a store or lock that is busy or down: 503) and anything
unexpected (500, logged here, never a traceback in the response) into that shape.

Deliberately not here: deciding who may do what (`guard.py`).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from newsbot.errors import BackendError, EmptyIndexError, IndexBusyError, IndexDamagedError, NewsbotError, QueryError

__all__ = ["ApiError", "error_body", "error_response", "install", "field_name", "stream_error"]

log = logging.getLogger("newsbot.server")

_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error", 404: "not_found_error",
          405: "invalid_request_error", 409: "invalid_request_error", 413: "invalid_request_error",
          415: "invalid_request_error", 422: "invalid_request_error", 429: "rate_limit_error", 500: "server_error",
          503: "server_error"}


class ApiError(Exception):
    """An error for the client: HTTP status, one-line message, the request field it is about (if any)."""

    def __init__(self, status: int, message: str, param: str | None = None, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.param = param
        self.code = code
        self.headers = headers or {}


def error_body(status: int, message: str, param: str | None = None, code: str | None = None) -> dict[str, Any]:
    return {"error": {"message": message, "type": _TYPES.get(status, "invalid_request_error"), "param": param, "code": code}}


def error_response(status: int, message: str, param: str | None = None, code: str | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, param, code), status_code=status, headers=headers)


def field_name(loc: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'messages', 0, 'content') -> 'messages[0].content'; ('query', 'k') -> 'k'."""
    out = ""
    for part in list(loc)[1:] if loc and loc[0] in ("body", "query", "path", "header") else list(loc):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def _validation_message(error: dict[str, Any]) -> tuple[str, str]:
    """(field, message) for one pydantic error, worded for people."""
    loc = tuple(error.get("loc") or ())
    if error.get("type") == "json_invalid":
        at = loc[1] if len(loc) > 1 else "?"
        why = (error.get("ctx") or {}).get("error", "invalid JSON")
        return "body", f"the request body is not valid JSON ({why} at character {at})"
    name = field_name(loc)
    kind = error.get("type", "")
    if kind == "missing":
        return name, f"{name}: required"
    if kind == "extra_forbidden":
        return name, f"{name}: unknown field"
    if name == "body" and kind in ("dict_type", "model_attributes_type"):
        return name, "the request body must be a JSON object (send Content-Type: application/json)"
    return name, f"{name}: {error.get('msg', 'invalid value')}"


def _from_newsbot(exc: NewsbotError) -> ApiError:
    if isinstance(exc, QueryError):
        return ApiError(400, str(exc), code="bad_question")
    if isinstance(exc, EmptyIndexError):
        return ApiError(409, str(exc), code="empty_index")
    if isinstance(exc, IndexBusyError):
        return ApiError(503, str(exc), code="busy", headers={"Retry-After": "5"})
    if isinstance(exc, BackendError | IndexDamagedError):
        return ApiError(503, str(exc), code="unavailable")
    return ApiError(400, str(exc))


def stream_error(exc: BaseException) -> dict[str, Any]:
    """The error body for a failure after a streamed response has started (its status can't change any more)."""
    if isinstance(exc, NewsbotError):
        error = _from_newsbot(exc)
        return error_body(error.status, error.message, error.param, error.code)
    log.error("unexpected %s while streaming", type(exc).__name__, exc_info=exc)
    return error_body(500, f"internal error ({type(exc).__name__}); the server log has the details")


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the one JSON shape."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message, exc.param, exc.code, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [_validation_message(e) for e in exc.errors()]
        param = errors[0][0] if errors else None
        message = "; ".join(dict.fromkeys(m for _, m in errors)) or "invalid request"
        return error_response(422, message, param, "invalid_request")

    @app.exception_handler(HTTPException)
    async def _http(_: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
        if exc.status_code == 404:
            message = "no such endpoint; /docs lists them"
        elif exc.status_code == 405:
            message = f"method not allowed here; use {(exc.headers or {}).get('Allow', 'another method')}"
        return error_response(exc.status_code, message, headers=dict(exc.headers or {}))

    @app.exception_handler(NewsbotError)
    async def _newsbot(_: Request, exc: NewsbotError) -> JSONResponse:
        error = _from_newsbot(exc)
        return error_response(error.status, error.message, error.param, error.code, error.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc)
        return error_response(500, f"internal error ({type(exc).__name__}); the server log has the details")
