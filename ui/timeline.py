"""The timeline view: a story's coverage over time by outlet, its dated events, and their sources.

Type a story ("FTX trial"), optionally a date range: a bar chart of the articles about it per day,
stacked by outlet (Altair, drawn by Streamlit's own chart element: nothing is fetched), then the
events oldest first, each with its day, outlets, the sentence that states it and `[n]` markers that
link to the sources panel under it (title, outlet, date, link, the quote in its paragraph).
Everything shown comes from `NewsBot.timeline`; article text is shown as text (`render.esc`).

Deliberately not here: building timelines (`bot/timeline.py`).
"""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from bot import NewsBot
from bot.timeline import Timeline, day_words
from newsbot.errors import NewsbotError
from ui import render

__all__ = ["show", "chart"]

_KEY = "timeline_shown"
log = logging.getLogger(__name__)


def show(bot: NewsBot) -> None:
    st.header("Timeline")
    with st.form("timeline", border=False):
        topic = st.text_input("Story", key="timeline_topic", placeholder="e.g. FTX trial, OpenAI board")
        left, right = st.columns(2)
        since = left.date_input("From", value=None, key="timeline_since")
        until = right.date_input("To", value=None, key="timeline_until")
        submitted = st.form_submit_button("Show timeline")
    if submitted:
        if not (topic or "").strip():
            st.warning("Type the story first, e.g. “FTX trial”.")
            return
        try:
            with st.spinner("Reading the coverage…"):
                found = bot.timeline(topic, since=since, until=until)
                st.session_state[_KEY] = (found, _sources(bot, found))
        except NewsbotError as exc:
            st.error(render.md_escape(str(exc)))
            return
    shown = st.session_state.get(_KEY)
    if shown:
        _draw(*shown)


def _sources(bot: NewsBot, timeline: Timeline) -> tuple[render.SourceView, ...]:
    texts: dict[str, str] = {}
    for citation in timeline.citations:
        if citation.article_id not in texts:
            try:
                texts[citation.article_id] = bot.article_text(citation.article_id)
            except Exception:  # removed meanwhile: the quote is still shown, without its paragraph
                log.warning("could not read article %s", citation.article_id, exc_info=True)
                texts[citation.article_id] = ""
    return tuple(render.source_view(c, texts[c.article_id]) for c in timeline.citations)


def chart(timeline: Timeline) -> Any:
    """The coverage chart: articles per day, stacked by outlet (an Altair chart)."""
    import altair as alt
    import pandas as pd

    frame = pd.DataFrame(list(timeline.coverage), columns=["day", "outlet", "articles"])
    return (alt.Chart(frame, title=f"Coverage of “{timeline.topic}”").mark_bar()
            .encode(x=alt.X("day:T", title="Published"), y=alt.Y("sum(articles):Q", title="Articles"),
                    color=alt.Color("outlet:N", title="Outlet"),
                    tooltip=[alt.Tooltip("day:T", title="Day"), "outlet:N", "articles:Q"]))


def _draw(timeline: Timeline, sources: tuple[render.SourceView, ...]) -> None:
    if not timeline.events:
        st.info(render.md_escape(f"No dated developments of “{timeline.topic}” in the indexed articles"
                                 + (" in that date range." if timeline.since or timeline.until else ".")))
        return
    if timeline.coverage:
        st.altair_chart(chart(timeline), width="stretch")
    st.caption(render.md_escape(f"{len(timeline.events)} developments, {day_words(timeline.events[0].day)} to "
                                f"{day_words(timeline.events[-1].day)}; each [n] leads to its source below."))
    st.html(events_html(timeline))
    with st.expander(f"Sources ({len(sources)})", expanded=True):
        st.html("".join(f'<div id="nb-tl-src-{v.n}">{render.sources_html([v])}</div>' for v in sources))


def events_html(timeline: Timeline) -> str:
    """The event list: day, outlets, the sentence, and markers linking to the sources panel."""
    items = []
    for event in timeline.events:
        links = "".join(f'<a class="nb-cite" href="#nb-tl-src-{c.n}">&#91;{c.n}&#93;</a>' for c in event.citations)
        outlets = render.esc(", ".join(event.outlets)) if event.outlets else "unknown outlet"
        items.append(f'<li class="nb-event"><div class="nb-source-meta"><b>{render.esc(day_words(event.day))}</b> · '
                     f'{outlets}</div><div>{render.esc(event.text)} {links}</div></li>')
    return f'<ol class="nb-timeline" style="padding-left:1.2rem">{"".join(items)}</ol>'
