"""The LangChain Runnable behind `NewsBot.ask`: plan -> retrieve -> answer.

    chain.invoke({"question": "...", "history": [Turn, ...], "filters": Filters(...)})  -> Answer

1. plan: rewrite a follow-up into a standalone query (`rewrite.py`, or the answerer's own
   `rewrite` when it has one: an LLM answerer rewrites with its model) and read dates and outlets
   out of it (`news.py`), giving filters, boosts and a human description of what was searched;
2. retrieve: the `NewsRetriever` (a LangChain `BaseRetriever`) with those filters;
3. answer: the configured `Answerer` (offline by default; an LLM one when configured).

Built from `langchain_core` Runnables so callbacks and tracing work and a LangChain chat model
can stand in for the offline answerer.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from langchain_core.runnables import Runnable, RunnableLambda

from bot.answer import Answerer, not_indexed
from bot.news import Plan, plan_query
from bot.retrieve import NewsRetriever, from_document
from bot.rewrite import rewrite
from newsbot.types import Answer, Filters

__all__ = ["build_chain"]


def build_chain(retriever: NewsRetriever, answerer: Answerer, planner: Any = plan_query) -> Runnable:
    """The ask chain over `retriever` and `answerer`. `planner(query, filters)` returns a `Plan`."""
    rewriter = getattr(answerer, "rewrite", rewrite)

    def plan(inputs: dict[str, Any]) -> Plan:
        query, prefer = rewriter(inputs["question"], inputs.get("history") or ())
        filters = inputs.get("filters") or Filters()
        return planner(query, filters, prefer)

    def retrieve(inputs: dict[str, Any]) -> list:
        p: Plan = inputs["plan"]
        documents = retriever.invoke(p.search_text, filters=p.filters, prefer=p.prefer, plan=p)
        return [from_document(d) for d in documents]

    def answer(inputs: dict[str, Any]) -> Answer:
        p: Plan = inputs["plan"]
        if p.unknown_outlets:
            result = not_indexed(p.query, p.unknown_outlets)
        else:
            result = answerer.answer(p.query, inputs["hits"], inputs.get("history") or ())
        return replace(result, question=inputs["question"], query=p.query, searched=p.describe())

    return (_adding("plan", plan) | _adding("hits", retrieve, "retrieve") | RunnableLambda(answer, name="answer")
            ).with_config(run_name="newsbot")


def _adding(key: str, step: Any, name: str = "") -> Runnable:
    """A step that adds `key: step(inputs)` to the inputs, like `RunnablePassthrough.assign`.

    Not `assign` itself: that runs its one step through a new thread pool on every call, which
    cost ~9 ms per question here (measured with bench/ask).
    """
    return RunnableLambda(lambda inputs: {**inputs, key: step(inputs)}, name=name or key)
