"""The ONNX export of the model and its int8 copy, made once per machine in the model cache (`NEWSBOT_MODEL_CACHE`).

    path = ensure_onnx(settings, int8=True)     # exported (in a child process) and quantised if missing

Exporting needs torch and transformers (about 10 s and 700 MB to import), so it runs in a child
process (`python -m index.export MODEL PATH [int8]`) unless this process has them loaded already;
an int8 ingest or question never imports torch. `quantize_onnx` makes the int8 copy: dynamic
quantisation of the matrix products' weights, per output channel. Deliberately not here: running
the models (`embed.py`).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from newsbot.errors import ConfigError
from newsbot.settings import Settings

__all__ = ["ensure_onnx", "model_cache", "onnx_path", "quantize_onnx"]


_WAY_OUT = "point NEWSBOT_MODEL_CACHE at a writable folder, or set NEWSBOT_EMBED_PRECISION=float32 to embed with torch instead"


def onnx_path(settings: Settings) -> Path:
    """Where the ONNX export of the configured model lives (its int8 copy: `.int8.onnx` next to it).

    The model cache, shared by every data folder (the export is about 150 MB); a data folder that
    already holds the export in `models/` (as before the cache) keeps using its own.
    """
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in settings.embed_model)[-80:] + ".onnx"
    own = settings.home / "models" / name
    return own if own.is_file() else model_cache(settings) / name


def model_cache(settings: Settings) -> Path:
    """The folder `NEWSBOT_MODEL_CACHE` names, else `$XDG_CACHE_HOME/newsbot/models`, else `~/.cache/newsbot/models`."""
    if settings.model_cache:
        return Path(settings.model_cache).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsbot" / "models"


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
        done = subprocess.run([sys.executable, "-m", "index.export", settings.embed_model, str(path), "int8" if int8 else ""],
                              env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise ConfigError(f"could not export {settings.embed_model} to ONNX in {path.parent} ({reason}); {_WAY_OUT}")
    if not wanted.is_file():
        raise ConfigError(f"could not export {settings.embed_model} to ONNX in {path.parent}; {_WAY_OUT}")
    return wanted


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




def _export(name: str, path: Path, int8: bool) -> None:
    from index.embed import TorchEmbedder

    if not path.is_file():
        TorchEmbedder(name).export_onnx(path)
    if int8:
        quantize_onnx(path)


if __name__ == "__main__":  # `python -m index.export MODEL PATH [int8]`: the export `ensure_onnx` runs in a child
    _export(sys.argv[1], Path(sys.argv[2]), len(sys.argv) > 3 and sys.argv[3] == "int8")
