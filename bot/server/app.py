"""The FastAPI application: one NewsBot per server process, the routes, the guard, CORS and the error shape.

    app = create_app(Settings.load(), host="127.0.0.1")     # what `python -m bot serve` runs (via `from_env`)

Each uvicorn worker is a process with its own NewsBot over the same `NEWSBOT_HOME`, kept consistent
by the index's multi-process design (docs/SCALING.md): a worker's write holds the file lock and
publishes a new collection version; every other worker compares that version before each question
(and before listing articles) and re-opens its Chroma client when it moved, so the next request
sees the write whichever worker gets it. The model and keyword index load in a background thread
as the server starts, so the first question doesn't wait for them.

Deliberately not here: the routes (`chat.py`, `native.py`), the checks (`guard.py`), starting
uvicorn (`__init__.py`).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from bot.api import NewsBot
from bot.server import chat, errors, native
from bot.server.conversation import Conversations
from bot.server.guard import DOCS_STATIC, PASSWORD_HEADER, Guard
from bot.server.library import Library
from newsbot.access import is_exposed
from newsbot.settings import Settings

__all__ = ["create_app", "from_env", "HOST_ENV"]

HOST_ENV = "_NEWSBOT_SERVE_HOST"  # how `python -m bot serve` tells its workers the address it binds (not a setting)
log = logging.getLogger("newsbot.server")
_DESCRIPTION = """Questions about the indexed news articles, answered from the articles with citations.

* **OpenAI-compatible**: `POST /v1/chat/completions` with `model: "newsbot"` (streaming too); the
  structured answer is in the extra `newsbot` field.
* **Native**: `/ask`, `/ask/stream`, `/read`, `/retrieve`, `/articles`, `/health`.

With `NEWSBOT_API_KEY` set, send `Authorization: Bearer KEY` (use *Authorize* above). Changing the
library may also need the admin password in the `X-Admin-Password` header."""


def create_app(settings: Settings | None = None, host: str = "127.0.0.1", bot: NewsBot | None = None) -> FastAPI:
    """The API over `settings` (default: the environment) as served on `host` (which decides write access)."""
    settings = settings or Settings.load()
    bot = bot or NewsBot(settings=settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=_warm, args=(bot,), name="newsbot-warm-up", daemon=True).start()
        yield

    app = FastAPI(title="newsbot", version="1", description=_DESCRIPTION, lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.bot = bot
    app.state.exposed = is_exposed(host)
    app.state.conversations = Conversations(bot)
    app.state.library = Library(bot)
    errors.install(app)
    app.include_router(chat.router)
    app.include_router(native.router)
    app.add_middleware(Guard, settings=settings)
    origins = [o.strip() for o in settings.api_cors_origins.split(",") if o.strip()]
    if origins:  # added last, so outermost: preflights and refusals carry the CORS headers too
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST", "DELETE"],
                           allow_headers=["Authorization", "Content-Type", PASSWORD_HEADER], max_age=600)
    _docs(app)
    return app


def from_env() -> FastAPI:
    """uvicorn's factory for each worker: settings from the environment, the address from `HOST_ENV`."""
    return create_app(Settings.load(), host=os.environ.get(HOST_ENV, "127.0.0.1"))


def _warm(bot: NewsBot) -> None:
    """Load the libraries, the model and the keyword index now rather than on the first question."""
    try:
        bot.retrieve("warm-up search of the news", k=1)
    except Exception:  # an empty or broken index: requests say so when they come
        log.debug("warm-up skipped", exc_info=True)


def _docs(app: FastAPI) -> None:
    """/docs: Swagger UI from the files the fastapi-offline package ships (no CDN: it works offline), with the
    bearer key in the OpenAPI document so the page has an Authorize button."""
    import fastapi_offline

    app.mount(DOCS_STATIC, StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="newsbot API", swagger_js_url=f"{DOCS_STATIC}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_STATIC}/swagger-ui.css", swagger_favicon_url=f"{DOCS_STATIC}/favicon.png",
                                   swagger_ui_parameters={"persistAuthorization": True})

    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        schema.setdefault("components", {})["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        schema["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
