"""The chat page, run once per visit and rerun on every interaction (served by `app.py`).

A sidebar (New chat, the Chat / Library / Timeline switch, the filters) and the chosen view, over the
shared NewsBot (`shared.current_bot`: its data folder comes from NEWSBOT_HOME like everywhere
else, so tests point the page at a temp copy). A `NewsbotError` reaching this level becomes one
message in the page, anything else one line too, with the traceback in the server log only.

Deliberately not here: the views (`chat.py`, `library.py` with `feeds.py`, `timeline.py`, `filters.py`), markup (`render.py`),
the shared bot (`shared.py`) and any retrieval or answer logic (`bot/`).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # Streamlit puts ui/ on the path, not the project
    sys.path.insert(0, str(ROOT))

import streamlit as st

from newsbot.errors import NewsbotError
from ui import chat, filters, library, render, timeline
from ui.shared import articles, current_bot

log = logging.getLogger("newsbot.ui")


def main() -> None:
    st.set_page_config(page_title="newsbot", layout="centered")  # no page_icon: a Material one is fetched from Google
    st.html(render.STYLE)
    try:
        bot = current_bot()
        view = _sidebar()
        if view == "Library":
            library.show(bot)
        elif view == "Timeline":
            timeline.show(bot)
        else:
            chat.show(bot, filters.current())
        with st.sidebar:  # last: listing the outlets opens the index, which the chat input need not wait for
            filters.show(filters.outlets_of(articles(bot)))
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
        view = st.radio("View", ["Chat", "Library", "Timeline"], key="view", horizontal=True, label_visibility="collapsed")
        st.divider()
    return str(view)


main()
