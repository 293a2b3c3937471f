"""The sidebar filters: a publication date range and outlets, passed as is to `NewsBot.stream`.

`current()` gives the bot's keyword arguments (`since`, `until`, `sources`) from the widgets'
state, so the chat can use them before `show()` draws the widgets at the end of the page run
(the outlet list needs the index open; the chat input must not wait for it). The bot applies
them as hard filters on retrieval and describes them in `Answer.searched`, which the chat shows.

Deliberately not here: applying the filters (`bot/`), and the rest of the sidebar (`app.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from newsbot.types import ArticleRecord

__all__ = ["current", "outlets_of", "show"]


def outlets_of(records: Sequence[ArticleRecord]) -> list[str]:
    """The distinct non-empty outlets of the indexed articles, sorted."""
    return sorted({r.source for r in records if r.source}, key=str.casefold)


def current() -> dict[str, Any]:
    """The bot's filter arguments from the widgets' state (empty when nothing is chosen)."""
    state = st.session_state
    filters: dict[str, Any] = {}
    if state.get("since"):
        filters["since"] = state["since"]
    if state.get("until"):
        filters["until"] = state["until"]
    if state.get("outlets"):
        filters["sources"] = list(state["outlets"])
    return filters


def show(outlets: list[str]) -> None:
    """Draw the filters (their values are read with `current`)."""
    st.subheader("Filters")
    since = st.date_input("Published from", value=None, key="since", format="YYYY-MM-DD")
    until = st.date_input("Published until", value=None, key="until", format="YYYY-MM-DD")
    if since and until and since > until:
        st.warning("The start date is after the end date: nothing can match. Swap or clear one of them.")
    if any(o not in outlets for o in st.session_state.get("outlets", [])):
        st.session_state["outlets"] = [o for o in st.session_state["outlets"] if o in outlets]  # an outlet was removed
    st.multiselect("Outlets", options=outlets, key="outlets", placeholder="All outlets",
                   help="Only articles from these outlets are searched; articles without an outlet are left out "
                        "when any is chosen.")
    if not outlets:
        st.caption("No article names its outlet yet.")
