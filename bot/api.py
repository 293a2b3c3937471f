"""`NewsBot`, the Python API, and `Chat`, a conversation that keeps its history.

    bot = NewsBot()                          # NEWSBOT_HOME or ./data, embedded Chroma, offline answers
    bot.ingest(["seeds/"])
    answer = bot.ask("What did Rubio say about Balochistan?")
    chat = bot.chat(); chat.ask("..."); chat.ask("What else did he condemn?")
    for piece in bot.stream("..."): print(piece, end="")

One NewsBot serves many threads (the UI runs every session through one): the heavy parts load
once, lazily and under a lock, and everything after that is read-only or guarded.

Deliberately not here: how questions are read, searched and answered (`question.py`,
`retrieve.py`, `answer.py`), and printing (`__main__.py`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from newsbot.errors import EmptyIndexError, QueryError
from newsbot.settings import Settings
from newsbot.types import Answer, ArticleRecord, Filters, Hit, IngestReport, Question, Turn

__all__ = ["NewsBot", "Chat", "AnswerStream", "MAX_QUESTION_CHARS"]

MAX_QUESTION_CHARS = 2000
DateLike = str | date | None


class NewsBot:
    """Questions answered from the indexed articles, with citations."""

    def __init__(self, home: str | Path | None = None, settings: Settings | None = None, embedder: Any = None) -> None:
        if settings is None:
            settings = Settings.load(home=Path(home)) if home is not None else Settings.load()
        elif home is not None:
            settings = settings.replace(home=Path(home))
        self.settings = settings
        self._embedder = embedder
        self._lock = threading.RLock()
        self._index: Any = None
        self._parts: dict[str, Any] = {}

    # -- lazily built parts ------------------------------------------------------------------

    @property
    def index(self) -> Any:
        """The `index.Index` (Chroma + keyword index)."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    from index import Index

                    self._index = Index(self.settings, embedder=self._embedder)
        return self._index

    def _part(self, name: str) -> Any:
        if name not in self._parts:
            with self._lock:
                if not self._parts:
                    self._build()
                if name not in self._parts:  # the LangChain parts: built when first asked for (`_langchain`)
                    self._langchain()
        return self._parts[name]

    def _build(self) -> None:
        # On a cold start, Python's imports hold the GIL and take two cores no faster than one; what the rest can do
        # alongside is work outside the GIL. So: a thread loads the ONNX model (C++) meanwhile; this thread opens Chroma
        # (chromadb's import is ~0.5 s of Python, the longest step: nothing else competes with it), then imports the
        # answering code while another thread has Chroma load the collection (Rust, outside the GIL) and refreshes the
        # keyword index.
        failed: list[BaseException] = []
        ahead: list[Any] = []
        model = None
        if self._embedder is None and self._index is None:
            model = threading.Thread(target=self._load_model, args=(ahead,), name="newsbot-model", daemon=True)
            model.start()
        self.index  # noqa: B018 (opened here: see above)
        loader = threading.Thread(target=self._load, args=(failed, model, ahead), name="newsbot-load", daemon=True)
        loader.start()
        from bot.answer import Answerer, OfflineAnswerer
        from bot.pipeline import Pipeline
        from bot.question import Reader
        from bot.retrieve import Retriever
        from bot.timeline import Timelines
        from index.embed import INT8, CachingEmbedder, load_sentence_embedder

        loader.join()
        if failed:
            raise failed[0]
        embedder = CachingEmbedder(self.index.embedder)
        retriever = Retriever(self.index, embedder)
        if embedder.name.endswith(INT8):  # the index's own model is the int8 one: it scores sentences too, and the
            sentences: Any = CachingEmbedder(self.index.embedder, known=self.index.keywords.sentence_vectors)  # ingest kept theirs
        else:
            quantized = load_sentence_embedder(self.settings)
            sentences = CachingEmbedder(quantized) if quantized else None
        answerer: Answerer = OfflineAnswerer(embedder, vocabulary=self.index.keywords, archive=retriever.articles_with,
                                             sentence_embedder=sentences, following=self.index.store.following)
        if self.settings.llm != "none":
            from bot.llm import LLMAnswerer

            answerer = LLMAnswerer(self.settings, fallback=answerer)
        reader = Reader(self.index, self.settings, support=retriever.support)
        top_k = self.settings.top_k
        timelines = Timelines(retriever)
        pipeline = Pipeline(lambda question, k: retriever.search_plan(question, k or top_k), answerer, reader, timelines)
        self._parts.update(retriever=retriever, answerer=answerer, reader=reader, pipeline=pipeline, timelines=timelines)
        if self.settings.llm != "none":
            self._langchain()

    def _langchain(self) -> None:
        """The LangChain retriever and chain (see `chain.py`): what an LLM answer runs through."""
        from bot.chain import NewsRetriever, build_chain

        lc_retriever = NewsRetriever(retriever=self._parts["retriever"], k=self.settings.top_k)
        self._parts.update(lc_retriever=lc_retriever, chain=build_chain(lc_retriever, self._parts["answerer"], self._parts["reader"]))

    def _load(self, failed: list[BaseException], model: threading.Thread | None, ahead: list[Any]) -> None:
        try:
            index = self._index  # opened by `_build`, which holds the lock `index` would wait for
            index.store.warm()
            index.keywords.refresh()
            if model is not None:
                model.join()
            if not (ahead and index.adopt(ahead[0])):  # not the model loaded ahead: this index's own, loaded now
                index.embedder.embed(["warm-up"])  # the first call allocates onnxruntime's buffers
        except BaseException as exc:  # raised by `_build`, in the caller's thread
            failed.append(exc)

    def _load_model(self, ahead: list[Any]) -> None:
        """The model the index most likely holds, loaded and warmed up before the index says which it holds."""
        try:
            from index.embed import load_ahead

            embedder = load_ahead(self.settings)
            if embedder is not None:
                embedder.embed(["warm-up"])
                ahead.append(embedder)
        except Exception:  # a guess: the index's own model is loaded (and any error raised) once it is known
            return

    @property
    def chain(self) -> Any:
        """The LangChain Runnable doing what `ask` does: `.invoke({"question": ..., "history": [...]})` -> Answer.
        (`ask` runs it when an LLM answers; the offline answer runs the same steps without LangChain.)"""
        return self._part("chain")

    @property
    def retriever(self) -> Any:
        """The LangChain retriever (`bot.chain.NewsRetriever`)."""
        return self._part("lc_retriever")

    def _runner(self) -> Any:
        """What answers: the LangChain chain when an LLM does (its model is a LangChain one), else the plain steps."""
        return self._part("pipeline") if self.settings.llm == "none" else self.chain

    # -- the API -----------------------------------------------------------------------------

    def ingest(self, sources: Sequence[str | Path]) -> IngestReport:
        """Add files, folders and URLs to the index (see `index.Index.add`)."""
        return self.index.add([str(s) for s in sources])

    def ask(self, question: str, history: Sequence[Turn] = (), since: DateLike = None, until: DateLike = None,
            sources: Sequence[str] | None = None, article_ids: Sequence[str] | None = None) -> Answer:
        """Answer `question` from the indexed articles. Raises QueryError or EmptyIndexError."""
        question, notice = self._check(question, articles=False)  # counting costs ~2 ms: only when nothing was found
        try:
            answer: Answer = self._runner().invoke({"question": question, "history": list(history),
                                                    "filters": _filters(since, until, sources, article_ids)})
        except Exception:
            self._require_articles()
            raise
        if answer.abstained and not answer.hits:
            self._require_articles()
        return replace(answer, notice=" ".join(n for n in (notice, answer.notice) if n))

    def stream(self, question: str, history: Sequence[Turn] = (), since: DateLike = None, until: DateLike = None,
               sources: Sequence[str] | None = None, article_ids: Sequence[str] | None = None) -> AnswerStream:
        """Like `ask`, but iterate the returned stream for text pieces; `.answer` holds the Answer afterwards."""
        question, notice = self._check(question)
        answerer = self._part("answerer")
        inputs = {"question": question, "history": list(history), "filters": _filters(since, until, sources, article_ids)}
        if hasattr(answerer, "stream_chain"):
            return AnswerStream(answerer.stream_chain(self.chain, inputs), notice)
        return AnswerStream(_pieces_of(self._runner().invoke(inputs)), notice)

    def retrieve(self, query: str, k: int = 10, since: DateLike = None, until: DateLike = None,
                 sources: Sequence[str] | None = None, article_ids: Sequence[str] | None = None) -> list[Hit]:
        """The k best chunks for `query` (hybrid dense + keyword, outlet- and date-aware), best first."""
        query, _ = self._check(query)
        question = self._part("reader")(query, (), _filters(since, until, sources, article_ids))
        return list(self._part("retriever").search_plan(question, k))

    def read(self, question: str, history: Sequence[Turn] = (), since: DateLike = None, until: DateLike = None,
             sources: Sequence[str] | None = None) -> Question:
        """How newsbot understands `question` (standalone query, kind, names, outlets, dates), without answering it."""
        question, _ = self._check(question, articles=False)
        return self._part("reader")(question, history, _filters(since, until, sources, None))  # type: ignore[no-any-return]

    def timeline(self, topic: str, since: DateLike = None, until: DateLike = None, sources: Sequence[str] | None = None,
                 limit: int | None = None) -> Any:
        """The dated events of a story (`bot.timeline.Timeline`): one per distinct development, oldest first, each
        with its citations (syndicated copies and other outlets' reports of it merged). Raises QueryError or
        EmptyIndexError."""
        from bot.timeline import DEFAULT_EVENTS

        topic, _ = self._check(topic)
        filters = _filters(since, until, sources, None)
        return self._part("timelines").build(topic, filters.since, filters.until, filters.sources, limit or DEFAULT_EVENTS)

    def chat(self) -> Chat:
        """A conversation: each `ask` sees the turns before it."""
        return Chat(self)

    def articles(self) -> list[ArticleRecord]:
        return list(self.index.articles())

    def article(self, article_id: str) -> ArticleRecord | None:
        return self.index.article(article_id)  # type: ignore[no-any-return]

    def article_text(self, article_id: str) -> str:
        """The cleaned article text; `Citation.start/end` index into it."""
        return str(self.index.article_text(article_id))

    def remove(self, article_id: str) -> int:
        return int(self.index.remove(article_id))

    def stats(self) -> Any:
        return self.index.stats()

    def _check(self, question: str, articles: bool = True) -> tuple[str, str]:
        """The question as asked (cut to the limit, with a notice when it was); `articles` also requires an index."""
        question = (question or "").strip()
        if not re.search(r"\w", question):
            raise QueryError("Ask a question in words, e.g. “What did Rubio say about Balochistan?”")
        notice = ""
        if len(question) > MAX_QUESTION_CHARS:
            question = question[:MAX_QUESTION_CHARS]
            notice = f"Your question was cut to its first {MAX_QUESTION_CHARS} characters."
        if articles:
            self._require_articles()
        return question, notice

    def _require_articles(self) -> None:
        if self.index.store.count() == 0:
            raise EmptyIndexError("No articles are indexed yet: run `python -m index add seeds/` (or upload some in the UI).")


class Chat:
    """A conversation with history; follow-ups are rewritten into standalone queries."""

    def __init__(self, bot: NewsBot) -> None:
        self.bot = bot
        self.history: list[Turn] = []

    def ask(self, question: str, **filters: Any) -> Answer:
        answer = self.bot.ask(question, history=self.history, **filters)
        self.history.append(Turn(question=question, answer=answer))
        return answer

    def stream(self, question: str, **filters: Any) -> AnswerStream:
        stream = self.bot.stream(question, history=self.history, **filters)
        stream.on_done = lambda answer: self.history.append(Turn(question=question, answer=answer))
        return stream

    def reset(self) -> None:
        self.history.clear()


class AnswerStream:
    """Iterate for text pieces as they come; `.answer` is the full Answer once iteration ends."""

    def __init__(self, source: Iterator[str | Answer], notice: str = "") -> None:
        self._source = source
        self._notice = notice
        self.answer: Answer | None = None
        self.on_done: Any = None

    def __iter__(self) -> Iterator[str]:
        for item in self._source:
            if isinstance(item, Answer):
                self.answer = replace(item, notice=" ".join(n for n in (self._notice, item.notice) if n))
            else:
                yield item
        if self.answer is not None and self.on_done:
            self.on_done(self.answer)


def _pieces_of(answer: Answer) -> Iterator[str | Answer]:
    """An already-built answer, sentence by sentence (each with its marker), then the Answer itself."""
    from bot.markers import pieces

    yield from pieces(answer.text)
    yield answer


def _filters(since: DateLike, until: DateLike, sources: Sequence[str] | None, article_ids: Sequence[str] | None) -> Filters:
    return Filters(since=str(since) if since else None, until=str(until) if until else None,
                   sources=tuple(sources or ()), article_ids=tuple(article_ids or ()))
