"""Who may call the HTTP API, how often, with how much: the checks before any route runs.

`Guard` is ASGI middleware, in this order for every HTTP request:

1. **Size**: a body larger than the limit gets 413 before it is read (by its Content-Length), or as
   soon as the limit is passed (a chunked body). POST /articles may send `NEWSBOT_API_MAX_BODY_MB`;
   everything else `SMALL_BODY` (1 MB: a question with a long chat history fits many times over).
2. **Key**: with `NEWSBOT_API_KEY` set, every endpoint but /health needs `Authorization: Bearer KEY`
   (one of the comma-separated keys; compared in constant time, hashed first so not even the length
   leaks); otherwise 401. The documentation (/docs, /openapi.json) is open, so a browser can show
   it and its Authorize button takes the key for the calls it makes.
3. **Rate**: `NEWSBOT_API_RATE_LIMIT` requests a minute per key (with no keys set: per client
   address), a token bucket holding one minute's worth; over it, 429 with Retry-After. Counted in
   this process: with several workers each counts its own share of the connections.

`require_write` is the dependency of the write endpoints: the library's one policy
(`newsbot.access.write_access`): read-only, then the admin password (header `X-Admin-Password`;
a wrong one costs a second), then a server bound beyond loopback with neither refuses.

Deliberately not here: the error format (`errors.py`) and CORS (Starlette's middleware, `app.py`).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import math
import threading
import time
from typing import Any

from fastapi import Request
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.server.errors import ApiError, error_response
from newsbot.access import password_matches, write_access
from newsbot.settings import Settings

__all__ = ["Guard", "RateLimiter", "SMALL_BODY", "PASSWORD_HEADER", "DOCS_STATIC", "require_write", "api_keys"]

SMALL_BODY = 1_000_000
PASSWORD_HEADER = "X-Admin-Password"
DOCS_STATIC = "/docs/static"
OPEN_PATHS = ("/health", "/docs", "/openapi.json")  # the API's documentation is no secret; everything it documents is
EXPOSED_REASON = ("This server can be reached from other machines, so the library can't be changed through it. To allow "
                  f"changes, set NEWSBOT_ADMIN_PASSWORD on the server and send it in the {PASSWORD_HEADER} header, or "
                  "serve on 127.0.0.1 only.")
_PRUNE_AT = 10_000


def api_keys(settings: Settings) -> list[str]:
    return [key.strip() for key in settings.api_key.split(",") if key.strip()]


def body_limit(settings: Settings, method: str, path: str) -> int:
    if method == "POST" and path.rstrip("/") == "/articles":
        return int(settings.api_max_body_mb * 1_000_000)
    return SMALL_BODY


class RateLimiter:
    """A token bucket per identity: `per_minute` tokens, refilled continuously; `take` says how long to wait (0 = go)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, identity: str, now: float | None = None) -> float:
        if self.per_minute <= 0:
            return 0.0
        now = time.monotonic() if now is None else now
        rate = self.per_minute / 60.0
        with self._lock:
            tokens, at = self._buckets.get(identity, (float(self.per_minute), now))
            tokens = min(float(self.per_minute), tokens + (now - at) * rate)
            if tokens < 1.0:
                self._buckets[identity] = (tokens, now)
                return (1.0 - tokens) / rate
            self._buckets[identity] = (tokens - 1.0, now)
            if len(self._buckets) > _PRUNE_AT:  # forget identities whose bucket has refilled
                self._buckets = {k: v for k, v in self._buckets.items() if v[0] + (now - v[1]) * rate < self.per_minute}
        return 0.0


class Guard:
    """Size limit, API key and rate limit in front of every route (see the module docstring)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._keys = [hashlib.sha256(k.encode("utf-8")).digest() for k in api_keys(settings)]
        self.limiter = RateLimiter(settings.api_rate_limit)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, method = scope.get("path", ""), scope.get("method", "GET")
        limit = body_limit(self.settings, method, path)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refusal(path, headers, scope, limit)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, _limited(receive, limit), send)

    def _refusal(self, path: str, headers: dict[str, str], scope: Scope, limit: int) -> Any:
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return _too_large(limit)
        if path in OPEN_PATHS or path.startswith(DOCS_STATIC + "/"):
            return None
        identity = self._identity(headers.get("authorization", ""))
        if identity is None:
            message = ("this server needs an API key: send `Authorization: Bearer KEY`" if "authorization" not in headers
                       else "the API key was not accepted; check the key after `Bearer `")
            return error_response(401, message, "Authorization", "invalid_api_key", {"WWW-Authenticate": "Bearer"})
        if identity == "":
            client = scope.get("client")
            identity = f"address:{client[0] if client else '?'}"
        wait = self.limiter.take(identity)
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            return error_response(429, f"too many requests: at most {self.settings.api_rate_limit} a minute; "
                                       f"try again in {seconds} s", code="rate_limited", headers={"Retry-After": str(seconds)})
        return None

    def _identity(self, authorization: str) -> str | None:
        """'' with no keys configured; 'key:N' for the Nth key; None when a key is needed and not given."""
        if not self._keys:
            return ""
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        offered = hashlib.sha256(token.strip().encode("utf-8")).digest()
        found = None
        for n, key in enumerate(self._keys):  # every key compared, so the time says nothing about which matched
            if hmac.compare_digest(offered, key):
                found = f"key:{n}"
        return found


def _too_large(limit: int) -> Any:
    return error_response(413, f"the request body is larger than the {limit / 1_000_000:g} MB this endpoint accepts",
                          "body", "too_large", {"Connection": "close"})


def _limited(receive: Receive, limit: int) -> Receive:
    """`receive` that stops a body (e.g. chunked, with no Content-Length) as soon as it passes `limit` bytes."""
    received = 0

    async def wrapped() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise HTTPException(413, f"the request body is larger than the {limit / 1_000_000:g} MB this endpoint accepts")
        return message

    return wrapped


async def require_write(request: Request) -> None:
    """Raise 403 unless this request may change the library (the policy in `newsbot.access`)."""
    settings: Settings = request.app.state.settings
    offered = request.headers.get(PASSWORD_HEADER)
    decision = write_access(settings, exposed=request.app.state.exposed, password=offered)
    if decision.allowed:
        return
    if not decision.visible:
        raise ApiError(403, decision.reason, code="read_only")
    if decision.needs_password:
        if offered is not None and not password_matches(settings, offered):
            await asyncio.sleep(1.0)  # a wrong guess costs a second
            raise ApiError(403, f"the admin password in {PASSWORD_HEADER} is wrong", PASSWORD_HEADER, "wrong_password")
        raise ApiError(403, f"changing the library needs the admin password: send it in the {PASSWORD_HEADER} header",
                       PASSWORD_HEADER, "password_required")
    raise ApiError(403, EXPOSED_REASON, code="exposed")
