"""newsbot's chat UI: `streamlit run ui/app.py` (or `make run`, which also ingests the seeds first).

The page: a sidebar (New chat, the Chat / Library switch, the filters) and the chosen view.
One `NewsBot` per data folder serves every session through `st.cache_resource` (it is
thread-safe); the data folder comes from NEWSBOT_HOME like everywhere else, so tests point the
app at a temp copy. The first page view also warms the bot up in a background thread (model,
keyword index) while the user reads the page. A `NewsbotError` reaching this level becomes one
message in the page, anything else one line too, with the traceback in the server log only.

Deliberately not here: the views (`chat.py`, `library.py`, `filters.py`), markup (`render.py`)
and any retrieval or answer logic (`bot/`).
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `streamlit run ui/app.py` puts ui/ on the path, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st

from bot import NewsBot
from newsbot.errors import NewsbotError
from newsbot.settings import Settings
from ui import chat, filters, library, render

log = logging.getLogger("newsbot.ui")
_WARM_TEXT = "Officials said the talks covered energy, security and trade, and more meetings are planned."


@st.cache_resource(show_spinner=False, max_entries=4)
def get_bot(key: str, _settings: Settings) -> NewsBot:
    """The shared NewsBot for these settings (`key` is their repr), warming up in the background."""
    bot = NewsBot(settings=_settings)
    threading.Thread(target=_warm, args=(bot,), name="newsbot-warm-up", daemon=True).start()
    return bot


def _warm(bot: NewsBot) -> None:
    """Load the model and build the keyword index now rather than on the first question."""
    try:
        bot.retrieve(_WARM_TEXT, k=1)
        bot.index.embedder.embed([_WARM_TEXT] * 32)
    except Exception:  # an empty or broken index: the page says so when it is used
        log.debug("warm-up skipped", exc_info=True)


def main() -> None:
    st.set_page_config(page_title="newsbot", layout="centered")  # no page_icon: a Material one is fetched from Google
    st.html(render.STYLE)
    try:
        settings = Settings.load()
        bot = get_bot(repr(settings), settings)
        view = _sidebar()
        if view == "Library":
            library.show(bot)
        else:
            chat.show(bot, filters.current())
        with st.sidebar:  # last: listing the outlets opens the index, which the chat input need not wait for
            filters.show(filters.outlets_of(bot.articles()))
    except NewsbotError as exc:
        st.error(render.md_escape(str(exc)))
    except Exception as exc:  # the edge: one line in the page, the traceback in the server log
        log.exception("the page failed")
        st.error(render.md_escape(f"Something went wrong ({type(exc).__name__}: {exc}). Reload the page; if it "
                                  "keeps failing, check the server log."))


def _sidebar() -> str:
    """The top of the sidebar; returns the chosen view."""
    with st.sidebar:
        st.title("newsbot")
        st.caption("Answers from the indexed news articles, each sentence cited.")
        st.button("New chat", key="new_chat", on_click=chat.new_chat, icon=":material/add_comment:", width="stretch")
        view = st.radio("View", ["Chat", "Library"], key="view", horizontal=True, label_visibility="collapsed")
        st.divider()
    return str(view)


main()
