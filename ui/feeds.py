"""The Library's Feeds part: the subscriptions, adding and removing one, refreshing now.

A table of subscriptions (URL, title, interval, last and next refresh, items added, last error)
anyone may read; with write access (`library.access`, the same policy and the same re-check on
every action as uploads, URLs and removals) a form to subscribe to a feed or a page linking to
one (fetched under `index/fetch.py`'s rules: private addresses refused unless
NEWSBOT_FETCH_ALLOW_PRIVATE=1), a remove button, and "Refresh now" (the chosen feed, or every
one) with a line per feed. The server's background refresher (`shared.py`, NEWSBOT_REFRESH_IN_UI)
keeps them fresh on schedule; "Refresh now" while it runs says so instead of waiting.

Deliberately not here: subscribing and refreshing themselves (`index/feeds.py`, `index/refresh.py`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from bot import NewsBot
from index.feeds import Subscriptions, as_row, subscribe
from index.load import is_url
from newsbot.access import Access
from newsbot.errors import IndexBusyError, NewsbotError
from newsbot.redact import redact_url
from ui.render import md_escape

__all__ = ["show"]

_MESSAGE = "feeds_message"
_ALL = "every feed"
log = logging.getLogger(__name__)


def show(bot: NewsBot, decision: Access, allowed: Callable[[], bool]) -> None:
    """The Feeds part; `allowed()` re-checks write access when an action runs."""
    st.subheader("Feeds")
    book = Subscriptions(bot.settings)
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        kind, lines = message
        (st.success if kind == "success" else st.warning if kind == "warning" else st.error)(md_escape("\n\n".join(lines)))
    try:
        subs = book.all()
    except NewsbotError as exc:
        st.error(md_escape(str(exc)))
        return
    if subs:
        st.dataframe([as_row(s) for s in subs], hide_index=True, width="stretch", key="feeds_table")
    else:
        st.caption("No feed subscriptions yet." + (" Subscribe to an RSS/Atom feed, or a page that links to one, below."
                                                   if decision.allowed else ""))
    if not decision.allowed:
        return
    with st.form("subscribe", clear_on_submit=True, border=False):
        left, right = st.columns([3, 1])
        url = left.text_input("Feed, or a page that links to one", key="feed_url", placeholder="https://example.com/feed.xml")
        every = right.text_input("Every", value="30m", key="feed_every", help="e.g. 30m, 2h, 1d")
        submitted = st.form_submit_button("Subscribe")
    if submitted and allowed():
        _subscribe(bot, book, (url or "").strip(), every or "30m")
    if not subs:
        return
    feeds = {s.feed: s for s in subs}
    choice = st.selectbox("Feed", options=[_ALL, *feeds], key="feed_choice",
                          format_func=lambda f: f if f == _ALL else f"{feeds[f].title or 'untitled'} ({redact_url(f)})")
    left, right = st.columns(2)
    if left.button("Refresh now", key="feed_refresh") and allowed():
        _refresh(bot, [] if choice == _ALL else [choice])
    if choice != _ALL and right.button("Unsubscribe", key="feed_remove") and allowed():
        try:
            gone = book.remove(choice)
            st.session_state[_MESSAGE] = ("success", [f"Unsubscribed from {gone.title or redact_url(gone.feed)}; its "
                                                      f"{gone.items_added} articles stay in the library."])
        except NewsbotError as exc:
            st.session_state[_MESSAGE] = ("error", [str(exc)])
        st.rerun()


def _subscribe(bot: NewsBot, book: Subscriptions, url: str, every: str) -> None:
    if not is_url(url):
        st.error("Type a web address starting with http:// or https://.")
        return
    try:
        with st.spinner("Looking for the feed…"):
            sub = subscribe(book, url, bot.settings, every=every)
    except NewsbotError as exc:
        st.error(md_escape(str(exc)))
        return
    st.session_state[_MESSAGE] = ("success", [f"Subscribed to {sub.title or redact_url(sub.feed)}; its articles come in "
                                              "with the next refresh (or press Refresh now)."])
    st.rerun()


def _refresh(bot: NewsBot, feeds: list[str]) -> None:
    from index.refresh import Refresher

    try:
        with st.spinner("Refreshing…"):
            results = Refresher(bot.index).run(feeds, everything=not feeds)
    except IndexBusyError:
        st.session_state[_MESSAGE] = ("warning", ["The feeds are being refreshed right now (by the server in the "
                                                  "background, or `python -m index watch`); the new articles appear when "
                                                  "it is done."])
    except NewsbotError as exc:
        st.session_state[_MESSAGE] = ("error", [str(exc)])
    except Exception as exc:  # the edge: one line here, the traceback in the server log
        log.exception("refreshing feeds failed")
        st.session_state[_MESSAGE] = ("error", [f"Refreshing failed ({type(exc).__name__}: {exc})."])
    else:
        failed = any(r.status == "failed" for r in results)
        st.session_state[_MESSAGE] = ("warning" if failed else "success", [r.line() for r in results] or ["Nothing to refresh."])
    st.rerun()
