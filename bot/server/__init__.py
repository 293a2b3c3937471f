"""newsbot's HTTP API: an OpenAI-compatible chat endpoint and a native REST API, served by uvicorn.

    python -m bot serve [--host 127.0.0.1] [--port 8000] [--workers N]

    from bot.server import create_app            # the FastAPI app, for tests or another ASGI server
    app = create_app(Settings.load(), host="127.0.0.1")

Modules: `app.py` (the application), `chat.py` (`/v1/...`), `native.py` (`/ask`, `/retrieve`,
`/articles`, `/health`), `guard.py` (key, rate and size limits, write access), `errors.py` (one JSON
error shape), `schema.py` (request bodies), `conversation.py` (a client's history as `bot.chat()`'s),
`library.py` (POST /articles bodies; cached lists), `harness.py` (a real server for tests and benchmarks).

Deliberately not here: answering (`bot.api.NewsBot` does it all; the server only translates).
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["create_app", "serve"]


def create_app(*args: Any, **kwargs: Any) -> Any:
    """See `bot.server.app.create_app` (imported lazily: FastAPI loads only when a server is wanted)."""
    from bot.server.app import create_app as create

    return create(*args, **kwargs)


def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1, access_log: bool = True) -> None:
    """Run uvicorn with `workers` processes, each building its app from the environment (`app.from_env`)."""
    import uvicorn

    from bot.server.app import HOST_ENV

    os.environ[HOST_ENV] = host
    uvicorn.run("bot.server.app:from_env", factory=True, host=host, port=port, workers=workers,
                access_log=access_log, timeout_graceful_shutdown=10, server_header=False)
