"""The LangChain edge: the ask steps as a Runnable, the hybrid retriever as a `BaseRetriever`.

    chain.invoke({"question": "...", "history": [Turn, ...], "filters": Filters(...)})  -> Answer

The Runnable is `pipeline.py`'s read -> retrieve -> answer, with retrieval through the
`NewsRetriever`, so callbacks and tracing work and a LangChain chat model can stand in for the
offline answerer (an LLM answerer runs `ask` through it). `to_document`/`from_document` are the
one place Hits become LangChain Documents and back.

Deliberately not here: the steps themselves (`pipeline.py`), and anything the offline answer
needs: importing this module costs ~0.4 s (langchain_core pulls in langsmith), so `NewsBot`
builds it only when asked for `chain`/`retriever` or when an LLM answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import ConfigDict

from bot.answer import Answerer
from bot.pipeline import Pipeline
from bot.retrieve import Retriever
from bot.timeline import Timelines
from newsbot.types import Filters, Hit, Question

__all__ = ["build_chain", "NewsRetriever", "to_document", "from_document"]


class NewsRetriever(BaseRetriever):
    """The hybrid retriever as a LangChain retriever (callbacks and tracing work as usual)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Retriever
    k: int = 8
    filters: Filters | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun,
                                filters: Filters | None = None, prefer: Sequence[str] = (), plan: Question | None = None,
                                k: int | None = None, **_: object) -> list[Document]:
        if plan is not None:
            hits = self.retriever.search_plan(plan, k or self.k)
        else:
            hits = self.retriever.search(query, self.k, filters if filters is not None else self.filters, prefer)
        return [to_document(h) for h in hits]


def build_chain(retriever: NewsRetriever, answerer: Answerer, reader: Callable[..., Question]) -> Runnable:
    """The ask chain: `reader(text, history, filters, rewriter)` -> Question, then `retriever`, then `answerer`."""

    def search(question: Question, k: int | None) -> list[Hit]:
        return [from_document(d) for d in retriever.invoke(question.query, plan=question, k=k)]

    steps = Pipeline(search, answerer, reader, Timelines(retriever.retriever))
    return (RunnableLambda(steps.read, name="read") | _adding("hits", steps.retrieve, "retrieve")
            | RunnableLambda(steps.answer, name="answer")).with_config(run_name="newsbot")


def _adding(key: str, step: Any, name: str = "") -> Runnable:
    """A step that adds `key: step(inputs)` to the inputs, like `RunnablePassthrough.assign`.

    Not `assign` itself: that runs its one step through a new thread pool on every call, which
    cost ~9 ms per question here (measured with bench/ask).
    """
    return RunnableLambda(lambda inputs: {**inputs, key: step(inputs)}, name=name or key)


def to_document(hit: Hit) -> Document:
    """A LangChain Document for a hit: the chunk text as content, every other field as metadata."""
    metadata = asdict(hit)
    text = metadata.pop("text")
    return Document(page_content=text, metadata=metadata, id=hit.chunk_id)


def from_document(document: Document) -> Hit:
    """The Hit a `to_document` Document came from."""
    return Hit(text=document.page_content, **document.metadata)
