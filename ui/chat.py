"""The conversation view: history, example questions, streamed answers, citations and sources.

On an empty chat, example questions built from the library's recent stories (`examples.py`).
The conversation lives in `st.session_state` as a list of `Exchange`s (question, answer, the
sources as shown, or the error that stopped it); the turns the bot sees as history are the
answered ones. Each answer streams into its bubble, then gets the line saying what was searched
(when that differs from what was typed), any notice, and a sources panel quoting each citation
in its paragraph. Errors land in the bubble as one clear message, never a traceback.

Deliberately not here: how questions are answered (`bot/`), markup (`render.py`), the page
layout and filters (`page.py`, `filters.py`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

import streamlit as st

from bot import Answer, NewsBot, Turn
from bot.api import MAX_QUESTION_CHARS
from newsbot.errors import NewsbotError
from ui import render
from ui.examples import examples
from ui.shared import articles

__all__ = ["Exchange", "exchanges", "new_chat", "show"]

_REDRAW_S = 0.08
_LOG = "exchanges"
_PENDING = "pending_question"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Exchange:
    """One question and what came of it: an answer with its sources as shown, or an error message."""

    question: str
    answer: Answer | None = None
    sources: tuple[render.SourceView, ...] = ()
    error: str = ""


def exchanges() -> list[Exchange]:
    """This session's conversation (created empty on first use)."""
    if _LOG not in st.session_state:
        st.session_state[_LOG] = []
    return st.session_state[_LOG]  # type: ignore[no-any-return]


def new_chat() -> None:
    """Forget the conversation (a button callback)."""
    st.session_state[_LOG] = []
    st.session_state.pop(_PENDING, None)


def show(bot: NewsBot, filters: dict[str, Any]) -> None:
    """The chat: past exchanges, the input, and the answer to a new question if one was asked.

    Nothing before the input touches the index, so it shows at once while the bot still loads.
    """
    history = exchanges()
    for exchange in history:
        _show(exchange)
    question = st.chat_input("Ask about the news…", max_chars=MAX_QUESTION_CHARS, key="question")
    question = question or st.session_state.pop(_PENDING, None)
    if not history and not question:
        _welcome(bot)
    if question:
        history.append(_ask(bot, question, filters, [Turn(e.question, e.answer) for e in history if e.answer]))


def _welcome(bot: NewsBot) -> None:
    if not articles(bot):
        st.info("No articles are indexed yet. Open **Library** in the sidebar to upload articles or add a URL "
                "(or run `make run`, which adds the seed articles).")
        return
    st.markdown("##### Ask about the indexed news")
    st.caption("Answers quote the articles, with a numbered citation for every sentence. Try:")
    for i, example in enumerate(examples(bot)):  # from the library's recent stories: article text, so inert Markdown
        st.button(render.md_escape(example), key=f"example-{i}", on_click=_queue, args=(example,))


def _queue(question: str) -> None:
    st.session_state[_PENDING] = question


def _ask(bot: NewsBot, question: str, filters: dict[str, Any], turns: list[Turn]) -> Exchange:
    """Stream the answer to `question` into a new bubble; return what to keep in the conversation."""
    with st.chat_message("user"):
        st.text(question)
    with st.chat_message("assistant"):
        placeholder = st.empty()
        placeholder.html('<div class="nb-thinking">Searching the articles…</div>')
        try:
            stream = bot.stream(question, history=turns, **filters)
            shown, drawn = "", 0.0
            checking = bot.settings.llm != "none" and bot.settings.llm_check == "flag"  # words shown before their check
            for piece in stream:
                shown += piece
                if time.monotonic() - drawn > _REDRAW_S:  # token streams: redraw a few times a second, not per token
                    placeholder.html(render.answer_html(shown, streaming=True, pending=checking))
                    drawn = time.monotonic()
            answer = stream.answer
            if answer is None:
                raise RuntimeError("the answer stream ended without an answer")
        except NewsbotError as exc:
            exchange = Exchange(question=question, error=str(exc))
        except Exception as exc:  # the edge: one line in the page, the traceback in the server log
            log.exception("answering %r failed", question)
            exchange = Exchange(question=question, error=f"Something went wrong while answering ({type(exc).__name__}: "
                                                          f"{exc}). Try again; if it keeps failing, check the server log.")
        else:
            exchange = Exchange(question=question, answer=answer, sources=_sources(bot, answer))
        placeholder.empty()
        _answer(exchange)
    return exchange


def _sources(bot: NewsBot, answer: Answer) -> tuple[render.SourceView, ...]:
    """Each citation placed in its article's text (fetched once per article, at answer time)."""
    texts: dict[str, str] = {}
    for article_id in {c.article_id for c in answer.citations}:
        try:
            texts[article_id] = bot.article_text(article_id)
        except Exception:  # an article removed meanwhile: its quote is still shown, without context
            log.warning("could not read article %s for its citation context", article_id, exc_info=True)
            texts[article_id] = ""
    return tuple(render.source_view(c, texts[c.article_id]) for c in answer.citations)


def _show(exchange: Exchange) -> None:
    with st.chat_message("user"):
        st.text(exchange.question)
    with st.chat_message("assistant"):
        _answer(exchange)


def _answer(exchange: Exchange) -> None:
    """An answer (or error) and its details, inside the current bubble."""
    answer = exchange.answer
    if answer is None:
        st.error(render.md_escape(exchange.error))
        return
    st.html(render.answer_html(answer.text, answer.verified, abstained=answer.abstained, verdict=answer.verdict,
                               kind=answer.kind))
    details = render.notice_html(answer.notice) + render.searched_html(answer)
    if details:
        st.html(details)
    if exchange.sources:
        with st.expander(f"Sources ({len(exchange.sources)})"):
            st.html(render.sources_html(exchange.sources))
