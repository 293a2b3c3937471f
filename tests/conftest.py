"""Shared fixtures: every test gets its own NEWSBOT_HOME; the real packaged model is loaded once.

`settings` (and `index`, built on it) come in two backends: embedded Chroma in the test's temp
home, and a fresh collection on a real `chroma run` server started once per session on a free
loopback port with a temp `--path` (`chroma_server`). Tests that take them run on both.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.server import chroma_run
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


@pytest.fixture(scope="session", autouse=True)
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One model cache (NEWSBOT_MODEL_CACHE) for the session, this process and its children: the ONNX export
    (150 MB) is made once, not once per data folder."""
    folder = tmp_path_factory.mktemp("model-cache")
    before = os.environ.get("NEWSBOT_MODEL_CACHE")
    os.environ["NEWSBOT_MODEL_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("NEWSBOT_MODEL_CACHE", None)
    else:
        os.environ["NEWSBOT_MODEL_CACHE"] = before


@pytest.fixture(scope="session")
def onnx_model(model_cache: Path, embedder) -> Path:
    """The ONNX export of the same model and its int8 copy next to it, in the session's model cache."""
    from index.embed import quantize_onnx

    path = model_cache / "all-MiniLM-L6-v2.onnx"
    if not path.is_file():
        embedder.export_onnx(path)
    quantize_onnx(path)
    return path


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real Chroma server for the session's server-mode tests (each uses its own collection)."""
    with chroma_run(tmp_path_factory.mktemp("chroma-server") / "data") as url:
        yield url


BACKENDS = ["embedded", "server"]


def backend_settings(backend: str, home: Path, request: pytest.FixtureRequest, **overrides: object) -> Settings:
    """Settings for a fresh, empty index on `backend`: embedded in `home`, or a new collection on the test server."""
    if backend == "server":
        url = request.getfixturevalue("chroma_server")
        return Settings.load(home=home, chroma_url=url, collection=f"test-{uuid.uuid4().hex[:12]}", **overrides)
    return Settings.load(home=home, **overrides)


def backend_env(settings: Settings) -> dict[str, str]:
    """The environment a child process needs to open the same index as `settings` (every non-default setting)."""
    from newsbot.settings import FIELDS, PREFIX

    env = {k: v for k, v in os.environ.items() if not k.startswith(PREFIX)}
    for f in FIELDS:
        value = getattr(settings, f.name)
        if value != f.default or f.name == "home":
            env[PREFIX + f.name.upper()] = str(value)
    return env


@pytest.fixture(params=BACKENDS)
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    """A fresh index's settings, once per backend."""
    return backend_settings(request.param, tmp_path / "home", request)


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
    return home


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_whole(index: Any, expected_articles: int | None = None) -> None:
    """Every stored article has exactly its chunks; no chunk lacks its article; the keyword index agrees."""
    records = index.articles()
    chunks = {chunk_id: meta["article_id"] for chunk_id, _, meta in index.store.all_chunks()}
    assert set(chunks.values()) == {r.id for r in records}
    for record in records:
        assert len(index.store.chunk_ids(record.id)) == record.chunk_count, record.title
    assert index.store.count() == sum(r.chunk_count for r in records)
    assert len({r.content_hash for r in records}) == len(records)  # no article stored twice
    index.keywords.refresh()
    assert sorted(index.keywords.chunk_ids) == sorted(chunks)
    if expected_articles is not None:
        assert len(records) == expected_articles


def ingested(stories: list[tuple[str, str, str, str]], embedder: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A NewsBot over (source, date, title, body) articles, 'today' being 2024-05-25."""
    from bot import NewsBot

    folder = tmp_path_factory.mktemp("news")
    for i, (source, day, title, body) in enumerate(stories):
        write(folder / f"{i}.json", json.dumps({"title": title, "source": source, "published_at": day, "body": body}))
    bot = NewsBot(settings=Settings.load(home=tmp_path_factory.mktemp("news-home"), reference_date="2024-05-25"),
                  embedder=embedder)
    assert bot.ingest([folder]).count("added") == len(stories)
    return bot
