"""Shared fixtures: every test gets its own NEWSBOT_HOME; the real packaged model is loaded once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from newsbot.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
DATA = Path(__file__).resolve().parent / "data"
# Before torch or llama.cpp load OpenMP: spinning worker threads crawl on a shared 2-core machine
# (measured: embedding 2.5x and SmolLM2 generation 5x slower with the default active waiting).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No NEWSBOT_* variable leaks in from the developer's shell; state goes to a temp folder."""
    for key in list(os.environ):
        if key.startswith("NEWSBOT_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("NEWSBOT_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def embedder():
    """The real all-MiniLM-L6-v2 from its PyPI package, on torch."""
    from index.embed import TorchEmbedder

    return TorchEmbedder()


@pytest.fixture(scope="session")
def onnx_model(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """An ONNX export of the same model, made once per test session."""
    path = tmp_path_factory.mktemp("models") / "all-MiniLM-L6-v2.onnx"
    embedder.export_onnx(path)
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.load(home=tmp_path / "home")


@pytest.fixture
def index(settings: Settings, embedder):
    from index import Index

    return Index(settings, embedder=embedder)


@pytest.fixture(scope="session")
def seed_home(tmp_path_factory: pytest.TempPathFactory, embedder, onnx_model: Path) -> Path:
    """A data folder with the seed article ingested (built once; copy it before writing to it)."""
    from index import Index

    home = tmp_path_factory.mktemp("seed-home")
    report = Index(Settings.load(home=home), embedder=embedder).add([str(SEEDS)])
    assert report.count("added") == 1
    (home / "models").mkdir(exist_ok=True)
    shutil.copy(onnx_model, home / "models" / "all-MiniLM-L6-v2.onnx")
    return home


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
