"""The library view: what is indexed, adding files and URLs, removing articles.

Counts (articles, chunks, outlets, date span); an upload form (.txt .md .html .json .jsonl,
RSS/Atom .xml) and a URL box, each with a progress bar and a per-input result table (added,
updated, unchanged, duplicate, or failed with the reason); a searchable list of the articles and
a remove button. Uploaded bytes go to `Index.add_bytes`, which uses the name only for the format
and messages, never as a path (the id comes from the content); a file over `UPLOAD_MB` is refused
without being read. The URL box takes http(s) addresses only (`Index.add_urls`, never a path).

The Feeds part (`feeds.py`) lists the feed subscriptions and, with write access, adds, removes
and refreshes them.

Who may change the library is `newsbot.access.write_access`: read-only mode hides upload, add-URL
and remove; an admin password is asked once per browser session (the session keeps only that
it was given); a server bound beyond loopback with neither setting says how to allow changes.
Every change re-checks it, not just the drawing of the controls.
After a change the results are kept in session state and the page reruns, so the counts, the
list and the outlet filter all show it.

Deliberately not here: reading, cleaning and storing articles (`index/`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import streamlit as st

from bot import NewsBot
from index.load import is_url
from newsbot.access import Access, is_exposed, password_matches, write_access
from newsbot.errors import NewsbotError
from newsbot.redact import redact_url
from newsbot.settings import Settings
from newsbot.types import ArticleRecord, IngestReport, IngestResult
from ui import feeds
from ui.render import md_escape
from ui.shared import articles

__all__ = ["UPLOAD_MB", "UPLOAD_TYPES", "access", "show"]

UPLOAD_MB = 25
UPLOAD_TYPES = ["txt", "md", "html", "htm", "json", "jsonl", "xml", "rss", "atom"]
_RESULTS = "library_results"
_MESSAGE = "library_message"
_ADMIN = "library_admin"  # this session gave the right admin password (the password itself is never kept)
_WRONG_PASSWORD_DELAY = 1.0
log = logging.getLogger(__name__)


def access(settings: Settings) -> Access:
    """May this session change the library now (`newsbot.access` with this server's bind address)?"""
    exposed = is_exposed(st.get_option("server.address"))
    return write_access(settings, exposed, proven=bool(st.session_state.get(_ADMIN)))


def show(bot: NewsBot) -> None:
    """The whole library page."""
    st.header("Library")
    records = articles(bot)
    _counts(records)
    _last_change()
    decision = access(bot.settings)
    if decision.allowed:
        left, right = st.columns(2)
        with left:
            _upload(bot)
        with right:
            _add_url(bot)
    elif decision.needs_password:
        _unlock(bot.settings)
    elif decision.visible:
        st.info(md_escape(decision.reason))
    else:
        st.caption(md_escape(decision.reason))
    feeds.show(bot, decision, lambda: access(bot.settings).allowed)
    _articles(bot, records, can_change=decision.allowed)


def _unlock(settings: Settings) -> None:
    """The admin password box; asked once per browser session."""
    st.caption("Adding and removing articles needs the admin password.")
    with st.form("unlock", clear_on_submit=True, border=False):
        offered = st.text_input("Admin password", type="password", key="admin_password_box")
        submitted = st.form_submit_button("Unlock")
    if not submitted:
        return
    if password_matches(settings, offered):
        st.session_state[_ADMIN] = True
        st.rerun()
    time.sleep(_WRONG_PASSWORD_DELAY)  # slows guessing down; the password itself is never logged
    log.warning("a wrong admin password was entered in the library")
    st.error("Wrong password.")


def _counts(records: Sequence[ArticleRecord]) -> None:
    cols = st.columns(3)
    cols[0].metric("Articles", len(records))
    cols[1].metric("Chunks", sum(r.chunk_count for r in records))
    cols[2].metric("Outlets", len({r.source for r in records if r.source}))
    dates = sorted(r.published_at[:10] for r in records if r.published_at)
    if dates:
        st.caption(md_escape(f"Published {dates[0]} to {dates[-1]}"))


def _last_change() -> None:
    """What the last upload, URL or removal did (kept across the rerun that refreshed the counts)."""
    message = st.session_state.pop(_MESSAGE, None)
    if message:
        kind, text = message
        (st.success if kind == "success" else st.error)(md_escape(text))
    rows = st.session_state.pop(_RESULTS, None)
    if rows:
        failed = sum(1 for r in rows if r["Result"] == "failed")
        summary = ", ".join(f"{sum(1 for r in rows if r['Result'] == s)} {s}"
                            for s in ("added", "updated", "unchanged", "duplicate", "failed")
                            if any(r["Result"] == s for r in rows))
        (st.warning if failed else st.success)(f"Done: {summary}.")
        st.dataframe(rows, hide_index=True, width="stretch", key="ingest_results")


def _upload(bot: NewsBot) -> None:
    st.subheader("Upload files")
    with st.form("upload", clear_on_submit=True, border=False):
        files = st.file_uploader(f"Articles: .txt .md .html .json .jsonl, RSS/Atom .xml (up to {UPLOAD_MB} MB each)",
                                 type=UPLOAD_TYPES, accept_multiple_files=True, max_upload_size=UPLOAD_MB, key="files")
        submitted = st.form_submit_button("Add files")
    if not submitted or not access(bot.settings).allowed:
        return
    if not files:
        st.warning("Choose one or more files first.")
        return
    rows: list[dict[str, Any]] = []
    bar = st.progress(0.0, text=f"Adding {len(files)} file(s)…")
    for i, upload in enumerate(files):
        where = f"File {i + 1} of {len(files)}"
        if upload.size > UPLOAD_MB * 1_000_000:
            rows.append(_row(upload.name, IngestResult(source=upload.name, status="failed",
                                                        reason=f"larger than the {UPLOAD_MB} MB upload limit")))
            continue
        report = _run(partial(_add_upload, bot, upload), upload.name, bar, where, i / len(files), 1 / len(files))
        rows.extend(_row(upload.name, r) for r in report.results)
    _finish(bar, rows)


def _add_upload(bot: NewsBot, upload: Any, on_result: Callable[[IngestResult], None]) -> IngestReport:
    report: IngestReport = bot.index.add_bytes(upload.name, upload.getvalue(), on_result=on_result)
    return report


def _add_url(bot: NewsBot) -> None:
    st.subheader("Add a web page or feed")
    with st.form("url", clear_on_submit=True, border=False):
        url = st.text_input("URL (http or https)", placeholder="https://example.com/story.html", key="url")
        submitted = st.form_submit_button("Add URL")
    if not submitted or not access(bot.settings).allowed:
        return
    url = (url or "").strip()
    if not url:
        st.warning("Type the address of an article or a feed first.")
        return
    if not is_url(url):
        st.error("Type a web address starting with http:// or https://. Files and folders on the server can't be "
                 "added here.")
        return
    bar = st.progress(0.0, text="Fetching…")
    shown = redact_url(url)
    report = _run(partial(bot.index.add_urls, [url]), shown, bar, "URL", 0.0, 1.0)
    _finish(bar, [_row(shown, r) for r in report.results])


def _run(add: Callable[..., IngestReport], name: str, bar: Any, where: str,
         done: float, share: float) -> IngestReport:
    """Call `add(on_result)`, moving the bar as articles finish; any error becomes a failed result."""
    count = 0

    def tick(_: IngestResult) -> None:
        nonlocal count
        count += 1
        bar.progress(min(done + share * 0.95, 1.0), text=f"{where}: {count} article(s) processed…")

    try:
        return add(on_result=tick)
    except NewsbotError as exc:
        reason = str(exc)
    except Exception as exc:  # the edge: a reason in the table, the traceback in the server log
        log.exception("adding %r failed", name)
        reason = f"unexpected {type(exc).__name__}: {exc}"
    return IngestReport(results=(IngestResult(source=name, status="failed", reason=reason),), seconds=0.0)


def _row(name: str, result: IngestResult) -> dict[str, Any]:
    return {"Input": name, "Result": result.status, "Title": result.title, "Chunks": result.chunks,
            "Reason": result.reason}


def _finish(bar: Any, rows: list[dict[str, Any]]) -> None:
    bar.progress(1.0, text="Done")
    st.session_state[_RESULTS] = rows
    st.rerun()


def _articles(bot: NewsBot, records: Sequence[ArticleRecord], can_change: bool) -> None:
    st.subheader("Articles")
    if not records:
        st.info("No articles yet: upload some above or add a URL.")
        return
    query = st.text_input("Search titles and outlets", key="library_search", placeholder="e.g. Rubio, Reuters")
    matches = [r for r in records if _matches(r, query or "")]
    st.caption(f"{len(matches)} of {len(records)} articles")
    st.dataframe([{"Title": r.title, "Outlet": r.source, "Date": r.published_at[:10], "Chunks": r.chunk_count,
                   "Link": r.url, "Id": r.id, "Text": "feed summary" if r.summary else "article"} for r in matches],
                 hide_index=True, width="stretch", key="articles")
    if not matches or not can_change:
        return
    titles = {r.id: r for r in matches}
    chosen = st.selectbox("Article to remove", options=list(titles), key="remove_choice",
                          format_func=lambda i: _label(titles[i]))
    st.button("Remove article", key="remove", type="secondary", on_click=_remove, args=(bot, chosen, titles[chosen].title))


def _matches(record: ArticleRecord, query: str) -> bool:
    words = query.casefold().split()
    haystack = f"{record.title} {record.source} {record.published_at[:10]} {record.id}".casefold()
    return all(w in haystack for w in words)


def _label(record: ArticleRecord) -> str:
    where = " · ".join(x for x in (record.source, record.published_at[:10]) if x)
    return f"{record.title} ({where})" if where else record.title


def _remove(bot: NewsBot, article_id: str, title: str) -> None:
    """Button callback: remove the article before the page reruns."""
    if not access(bot.settings).allowed:
        st.session_state[_MESSAGE] = ("error", "Changing the library is not allowed here.")
        return
    try:
        chunks = bot.remove(article_id)
    except NewsbotError as exc:
        st.session_state[_MESSAGE] = ("error", str(exc))
    except Exception as exc:
        log.exception("removing %s failed", article_id)
        st.session_state[_MESSAGE] = ("error", f"Could not remove the article ({type(exc).__name__}: {exc}).")
    else:
        st.session_state[_MESSAGE] = ("success", f"Removed “{title}” ({chunks} chunks).")
