"""Retrieval variants for the ablation: each is `query -> ranked chunk texts` (top 10).

- `dense`: LangChain's own Chroma retriever (langchain-chroma) over the same collection and
  model: the tutorial baseline;
- `hybrid`: + BM25, fused by reciprocal rank;
- `news`: + time and outlet awareness (dates and outlet names in the question);
- `full`: + diversity (per-article cap, syndicated duplicates collapsed) — what `NewsBot.retrieve` does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from langchain_core.embeddings import Embeddings

__all__ = ["VARIANTS", "build_variants", "ModelEmbeddings"]

Search = Callable[[str], list[str]]
K = 10


class ModelEmbeddings(Embeddings):
    """Our embedder as a LangChain `Embeddings` (for langchain-chroma)."""

    def __init__(self, embedder: Any) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [list(map(float, v)) for v in self.embedder.embed(texts)]

    def embed_query(self, text: str) -> list[float]:
        return list(map(float, self.embedder.embed([text])[0]))


def _dense(bot: Any) -> Search:
    from langchain_chroma import Chroma

    store = Chroma(client=bot.index.store.client, collection_name=bot.settings.collection,
                   embedding_function=ModelEmbeddings(bot.index.embedder))
    retriever = store.as_retriever(search_kwargs={"k": K})
    return lambda query: [d.page_content for d in retriever.invoke(query)]


def _hybrid(bot: Any) -> Search:
    from bot.retrieve import Retriever, Weights

    base = bot._part("retriever")
    plain = Retriever(base.index, base.embedder, replace(Weights(), per_article=0))
    return lambda query: [h.text for h in plain.search(query, K)]


def _news(bot: Any) -> Search:
    from bot.retrieve import Retriever

    base = bot._part("retriever")
    no_diversity = Retriever(base.index, base.embedder, replace(base.weights, per_article=0, collapse=False))
    reader = bot._part("reader")
    return lambda query: [h.text for h in no_diversity.search_plan(reader(query), K)]


def _full(bot: Any) -> Search:
    return lambda query: [h.text for h in bot.retrieve(query, k=K)]


VARIANTS: dict[str, Callable[[Any], Search]] = {
    "dense (LangChain Chroma retriever)": _dense,
    "+ BM25 (hybrid, RRF)": _hybrid,
    "+ time/outlet awareness": _news,
    "+ diversity (= NewsBot.retrieve)": _full,
}
_SHORT = dict(zip(["dense", "hybrid", "news", "full"], VARIANTS, strict=True))


def build_variants(bot: Any, names: list[str]) -> dict[str, Search]:
    """The chosen variants (full names or short ones: dense, hybrid, news, full), built on `bot`."""
    out = {}
    for name in names:
        full = _SHORT.get(name, name)
        if full not in VARIANTS:
            raise SystemExit(f"unknown variant {name!r}; choose from {', '.join(_SHORT)}")
        out[full] = VARIANTS[full](bot)
    return out
