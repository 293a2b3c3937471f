"""The one `NewsBot` every session shares, and its warm-up.

`current_bot()` returns the NewsBot for the current settings (NEWSBOT_HOME and the rest, read
on each call so tests can point the app elsewhere): one per distinct settings, kept by
`st.cache_resource` (the bot is thread-safe). Creating one is cheap; it then warms up in a
background thread (libraries, model, keyword index) so the first question doesn't pay for it.
`preload` is the server's lifespan hook (`app.py`): it starts that warm-up as the server starts,
before anyone opens the page, and the feed refresher (`index/watch.py`: due subscriptions refreshed
on schedule in a background thread, one refresher per data folder) until the server stops, unless
NEWSBOT_REFRESH_IN_UI=0. `articles(bot)` is the article list every page run needs (outlets
for the filter, the library), re-read only when the index has changed: any write, from this
app or another process, moves the index's generation number.

Deliberately not here: anything a page shows (`page.py` and its parts).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any

import streamlit as st

from bot import NewsBot
from newsbot.errors import NewsbotError
from newsbot.settings import Settings
from newsbot.types import ArticleRecord

__all__ = ["articles", "current_bot", "preload"]

log = logging.getLogger("newsbot.ui")
_WARM_TEXT = "warm-up search of the news"


def current_bot() -> NewsBot:
    """The shared NewsBot for the current settings. Raises ConfigError for bad NEWSBOT_* settings."""
    settings = Settings.load()
    return _bot(repr(settings), settings)


@st.cache_resource(show_spinner=False, max_entries=4)
def _bot(key: str, _settings: Settings) -> NewsBot:
    """One NewsBot per settings (`key` is their repr), warming up in the background from its creation."""
    bot = NewsBot(settings=_settings)
    threading.Thread(target=_warm, args=(bot,), name="newsbot-warm-up", daemon=True).start()
    return bot


def articles(bot: NewsBot) -> tuple[ArticleRecord, ...]:
    """Every indexed article, newest first (a cached copy while the index is unchanged)."""
    return _articles(bot, bot.index.store.generation())


@lru_cache(maxsize=8)
def _articles(bot: NewsBot, generation: int) -> tuple[ArticleRecord, ...]:
    return tuple(bot.articles())


def _warm(bot: NewsBot) -> None:
    """Import the libraries, load the model and build the keyword index now rather than on the first question."""
    try:
        bot.retrieve(_WARM_TEXT, k=1)
    except Exception:  # an empty or broken index: the page says so when it is used
        log.debug("warm-up skipped", exc_info=True)


@asynccontextmanager
async def preload(app: Any) -> AsyncIterator[None]:
    """Server lifespan: start the bot's warm-up when the server starts (a settings error waits for the page), and
    the feed refresher while the server is up (unless NEWSBOT_REFRESH_IN_UI=0)."""
    from index.watch import Background

    feeds = None
    try:
        bot = current_bot()
        if bot.settings.refresh_in_ui:
            feeds = Background(bot.index).start()
    except NewsbotError:
        log.debug("not preloading", exc_info=True)
    try:
        yield
    finally:
        if feeds is not None:
            feeds.close()
