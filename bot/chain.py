"""The LangChain Runnable behind `NewsBot.ask`: read -> retrieve -> answer.

    chain.invoke({"question": "...", "history": [Turn, ...], "filters": Filters(...)})  -> Answer

1. read: the question reader (`question.py`) turns the text and the conversation into a
   `Question`: the standalone query (an LLM answerer rewrites follow-ups with its model), names,
   outlets, dates and the kind of answer wanted;
2. retrieve: the `NewsRetriever` (a LangChain `BaseRetriever`) searches as the Question says;
3. answer: the configured `Answerer` (offline by default; an LLM one when configured). The
   answer carries what was searched (`query`, `searched`) and what the reader must be told
   (`notice`: an outlet that isn't indexed, dates nothing matched), and, before its text, how old
   the evidence is when the question wanted newer news (`freshness.py`).

"What's new about X since D?" skips both steps for the story's timeline after D (`whats_new.py`).

Built from `langchain_core` Runnables so callbacks and tracing work and a LangChain chat model
can stand in for the offline answerer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from bot.answer import Answerer
from bot.freshness import freshness_note
from bot.question import range_warning
from bot.retrieve import NewsRetriever, from_document
from bot.timeline import Timelines
from bot.whats_new import asks_whats_new, whats_new_answer
from newsbot.types import Answer, Filters, Question

__all__ = ["build_chain", "LIST_DEPTH"]

LIST_DEPTH = 16  # chunks retrieved for list and count questions (more items to find)


def build_chain(retriever: NewsRetriever, answerer: Answerer, reader: Callable[..., Question]) -> Runnable:
    """The ask chain: `reader(text, history, filters, rewriter)` -> Question, then `retriever`, then `answerer`."""
    rewriter = getattr(answerer, "rewrite", None)
    timelines = Timelines(retriever.retriever)
    today = getattr(reader, "reference", None) or (lambda: datetime.now(UTC).date())

    def read(inputs: dict[str, Any]) -> dict[str, Any]:
        question = reader(inputs["question"], inputs.get("history") or (), inputs.get("filters") or Filters(), rewriter)
        # "today" as the question was read: its check of the index version (a Chroma call) is still fresh now, not
        # after the answer
        return {**inputs, "read": question, "today": today()}

    def retrieve(inputs: dict[str, Any]) -> list:
        question: Question = inputs["read"]
        if asks_whats_new(question):
            return []  # it searches the story's timeline itself
        documents = retriever.invoke(question.query, plan=question, k=LIST_DEPTH if question.kind in ("list", "count") else None)
        return [from_document(d) for d in documents]

    def answer(inputs: dict[str, Any]) -> Answer:
        question: Question = inputs["read"]
        topic = asks_whats_new(question)
        result = whats_new_answer(timelines, question, topic) if topic else \
            answerer.answer(question, inputs["hits"], inputs.get("history") or ())
        notice = " ".join(n for n in (*question.warnings, result.notice) if n)
        # the reader must see these before the answer, not beside it
        dates = freshness_note(question, result, inputs["hits"], inputs["today"]) or \
            range_warning(question, result.hits or inputs["hits"], inputs["hits"])
        text = f"{dates} {result.text}" if dates and not result.abstained else result.text
        if dates and not result.abstained and result.kind == "yesno" and result.verdict:
            lead, _, rest = result.text.partition(". ")  # the verdict stays the first word: "Yes. <note> <evidence>"
            text = f"{lead}. {dates} {rest}".strip()
        return replace(result, text=text, question=inputs["question"], query=question.query, searched=question.describe(),
                       notice=" ".join(n for n in (dates if result.abstained else "", notice) if n))

    return (RunnableLambda(read, name="read") | _adding("hits", retrieve, "retrieve") | RunnableLambda(answer, name="answer")
            ).with_config(run_name="newsbot")


def _adding(key: str, step: Any, name: str = "") -> Runnable:
    """A step that adds `key: step(inputs)` to the inputs, like `RunnablePassthrough.assign`.

    Not `assign` itself: that runs its one step through a new thread pool on every call, which
    cost ~9 ms per question here (measured with bench/ask).
    """
    return RunnableLambda(lambda inputs: {**inputs, key: step(inputs)}, name=name or key)
