"""int8 indexes: a new index's default, their own model id, refused when mixed, converted by `index rebuild`.

The int8 copy of the model (`index.embed.quantize_onnx`) makes vectors of its own: an index records
`all-MiniLM-L6-v2+int8` and its questions are embedded by the same int8 model. Real Chroma (both
backends), the real packaged model and its real ONNX export.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from bot import NewsBot
from index import Index
from index.embed import OnnxEmbedder, load_ahead, model_id
from newsbot.errors import IndexMismatchError
from newsbot.settings import Settings
from tests.conftest import DATA, REPO, SEEDS, assert_whole, backend_env

RUBIO = "What did Rubio say about Balochistan?"


def vectors(index: Index) -> dict[str, np.ndarray]:
    with index.store.conn.collection(index.settings.collection) as collection:
        got = collection.get(include=["embeddings", "documents"])
    return {i: np.asarray(e) for i, e in zip(got["ids"], got["embeddings"], strict=True)}


def test_model_ids() -> None:
    """auto keeps what an index holds (either precision of the configured model), and makes int8 for a new one."""
    auto, fp32, int8 = (Settings.load(embed_precision=p) for p in ("auto", "float32", "int8"))
    assert [model_id(auto, None), model_id(auto, "all-MiniLM-L6-v2"), model_id(auto, "all-MiniLM-L6-v2+int8")] == \
        ["all-MiniLM-L6-v2+int8", "all-MiniLM-L6-v2", "all-MiniLM-L6-v2+int8"]
    assert model_id(fp32, "all-MiniLM-L6-v2+int8") == "all-MiniLM-L6-v2"
    assert model_id(int8, "all-MiniLM-L6-v2") == "all-MiniLM-L6-v2+int8"


def test_a_new_index_is_int8_and_its_questions_use_the_same_model(settings: Settings, onnx_model: Path) -> None:
    assert onnx_model.is_file()  # made once, in the session's model cache
    bot = NewsBot(settings=settings)
    report = bot.ingest([SEEDS, DATA / "feed.rss"])
    assert report.count("added") == 3 and not report.failed  # the seed and the feed's two
    assert bot.index.store.model == "all-MiniLM-L6-v2+int8" and bot.stats().model == "all-MiniLM-L6-v2+int8"
    int8 = OnnxEmbedder("all-MiniLM-L6-v2", onnx_model.with_name("all-MiniLM-L6-v2.int8.onnx"))
    stored = vectors(bot.index)
    texts = {cid: text for cid, text, _ in bot.index.store.all_chunks()}
    expected = int8.embed([texts[c] for c in stored])
    assert np.allclose(np.stack(list(stored.values())), expected, atol=1e-5)
    assert "horrific" in bot.ask(RUBIO).text
    assert bot.retrieve("How much did the bridge repairs cost?", k=1)[0].source == "Valley Gazette"
    assert_whole(bot.index, expected_articles=3)


@pytest.mark.parametrize("precision", ["int8", "float32"])
def test_the_model_loaded_ahead_is_taken_only_by_an_index_of_its_vectors(settings: Settings, embedder: Any,
                                                                          onnx_model: Path, precision: str) -> None:
    """A cold NewsBot loads a new index's model (int8) while Chroma opens (`load_ahead`); `Index.adopt` takes it for an
    int8 index and refuses it for a float32 one, which loads its own: questions are embedded by the model that made the
    stored vectors."""
    assert onnx_model.is_file()
    Index(settings, embedder=embedder if precision == "float32" else None).add([str(SEEDS)])
    ahead = load_ahead(settings)
    assert ahead is not None and ahead.name == "all-MiniLM-L6-v2+int8"
    index = Index(settings)
    assert index.adopt(ahead) is (precision == "int8")
    assert (index.embedder is ahead) is (precision == "int8")
    assert index.embedder.name == index.store.model == {"int8": "all-MiniLM-L6-v2+int8", "float32": "all-MiniLM-L6-v2"}[precision]
    bot = NewsBot(settings=settings)
    assert "horrific" in bot.ask(RUBIO).text and bot.index.embedder.name == index.store.model


def test_mixing_precisions_is_refused_with_the_way_out(settings: Settings, embedder: Any) -> None:
    Index(settings, embedder=embedder).add([str(SEEDS)])  # float32, as every index was made before
    assert Index(settings).store.model == "all-MiniLM-L6-v2"  # auto: the index's own precision
    with pytest.raises(IndexMismatchError, match=r"holds float32 vectors of all-MiniLM-L6-v2 but NEWSBOT_EMBED_PRECISION=int8 "
                                                 r"makes int8 ones: run `python -m index rebuild`"):
        Index(settings.replace(embed_precision="int8"))


def test_index_rebuild_converts_a_float32_index_to_int8(settings: Settings, embedder: Any, onnx_model: Path) -> None:
    """`NEWSBOT_EMBED_PRECISION=int8 python -m index rebuild`: the same rows, int8 vectors, the new model id; then
    the index answers with its own model, and the keyword index still agrees with Chroma."""
    assert onnx_model.is_file()  # made once, in the session's model cache
    old = Index(settings, embedder=embedder)
    old.add([str(SEEDS), str(DATA / "feed.atom")])
    rows = {cid: (text, meta) for cid, text, meta in old.store.all_chunks()}
    env = backend_env(settings) | {"NEWSBOT_EMBED_PRECISION": "int8"}
    done = subprocess.run([sys.executable, "-m", "index", "rebuild"], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0 and f"rebuilt: {len(rows)} chunks" in done.stdout, done.stderr

    index = Index(settings.replace(embed_precision="int8"))
    assert index.store.model == "all-MiniLM-L6-v2+int8"
    assert {cid: (text, meta) for cid, text, meta in index.store.all_chunks()} == rows
    int8 = OnnxEmbedder("all-MiniLM-L6-v2", onnx_model.with_name("all-MiniLM-L6-v2.int8.onnx"))
    stored = vectors(index)
    assert np.allclose(np.stack(list(stored.values())), int8.embed([rows[c][0] for c in stored]), atol=1e-5)
    assert_whole(index, expected_articles=2)
    index.keywords.refresh()  # the rebuild saved the keyword index with the sentences' vectors too
    from index.chunk import split_sentences

    body = index.chunks_of(index.articles()[0].id)[0].body
    sentence = next(body[a:b] for a, b in split_sentences(body) if len(body[a:b].split()) >= 4)
    assert np.allclose(index.keywords.sentence_vectors([sentence])[sentence], int8.embed([sentence])[0], atol=2e-3)
    assert "horrific" in NewsBot(settings=settings).ask(RUBIO).text  # auto follows the converted index
    with pytest.raises(IndexMismatchError, match="float32"):
        Index(settings.replace(embed_precision="float32"))


def test_an_int8_ingest_never_loads_torch(tmp_path: Path) -> None:
    """The ONNX export needs torch once per model cache: it runs in a child process, so the ingest process
    itself stays small (bench: ingest measures its peak RSS)."""
    script = ("import sys; from index import Index; from newsbot.settings import Settings; "
              f"r = Index(Settings.load(home={str(tmp_path / 'home')!r}), batch=True).add([{str(SEEDS)!r}]); "
              "print(r.count('added'), 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    env = {**os.environ, "NEWSBOT_MODEL_CACHE": str(tmp_path / "cache")}  # empty: this ingest must export
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "False", "False"]
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["all-MiniLM-L6-v2.int8.onnx", "all-MiniLM-L6-v2.onnx"]
    assert not (tmp_path / "home" / "models").exists()  # shared by every data folder, not copied into each


def test_an_int8_ingest_keeps_its_sentences_vectors_for_answering(settings: Settings, onnx_model: Path) -> None:
    """The sentences of each new chunk are embedded once, at ingest, and kept with the keyword index (float16):
    answering looks them up instead of embedding them again, and answers exactly as if it had embedded them."""
    from index.chunk import split_sentences
    from index.embed import CachingEmbedder

    assert onnx_model.is_file()  # made once, in the session's model cache
    bot = NewsBot(settings=settings)
    bot.ingest([SEEDS, DATA / "feed.rss"])
    body = next(h.body for h in bot.index.chunks_of(bot.articles()[-1].id))
    sentences = [body[a:b] for a, b in split_sentences(body) if len(body[a:b].split()) >= 4]
    stored = bot.index.keywords.sentence_vectors([*sentences, "A sentence no article has."])
    assert set(stored) == set(sentences)
    int8 = OnnxEmbedder("all-MiniLM-L6-v2", onnx_model.with_name("all-MiniLM-L6-v2.int8.onnx"))
    assert np.allclose(np.stack([stored[s] for s in sentences]), int8.embed(sentences), atol=2e-3)

    class Refuses:  # mechanics only: the stored vectors are used, the model is not asked for them
        name, dimension, max_tokens = int8.name, int8.dimension, int8.max_tokens

        def embed(self, texts: Any) -> np.ndarray:
            raise AssertionError(f"embedded again: {texts}")

    cached = CachingEmbedder(Refuses(), known=bot.index.keywords.sentence_vectors)  # type: ignore[arg-type]
    assert np.array_equal(cached.embed(sentences[:2]), np.stack([stored[s] for s in sentences[:2]]))

    plain = NewsBot(settings=settings)
    plain.index.keywords.sentence_vectors = lambda texts: {}  # type: ignore[method-assign]
    for question in (RUBIO, "How much did the bridge repairs cost?", "What did Rubio thank Pakistan for?"):
        ours, theirs = bot.ask(question), plain.ask(question)
        assert (ours.text, ours.citations) == (theirs.text, theirs.citations), question


def test_the_export_lives_in_the_model_cache_unless_the_data_folder_has_its_own(tmp_path: Path) -> None:
    """One export per machine (NEWSBOT_MODEL_CACHE), shared by every data folder; a folder made before the cache,
    with the export in its own models/, keeps using that one."""
    from index.export import onnx_path

    settings = Settings.load(home=tmp_path / "home", model_cache=str(tmp_path / "cache"))
    assert onnx_path(settings) == tmp_path / "cache" / "all-MiniLM-L6-v2.onnx"
    own = tmp_path / "home" / "models" / "all-MiniLM-L6-v2.onnx"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"onnx")
    assert onnx_path(settings) == own
    assert onnx_path(Settings.load(home=tmp_path / "other", model_cache="")).parent.name == "models"  # ~/.cache/newsbot/models
