"""Several real processes on one index, on both backends: a reader that never restarts, writers that
overlap, and an ingest killed with SIGKILL half-way then run again."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from bot import NewsBot
from index import Index
from index.check import problems
from index.lock import write_lock
from newsbot.settings import Settings
from tests.conftest import (
    DATA,
    REPO,
    SEEDS,
    assert_whole,
    backend_env,
    backend_settings,
    write,
)

RUBIO = "What did Rubio say about Balochistan?"
_PLACES = ["Aldport", "Brennick", "Calloway", "Dunmere", "Eastwick", "Farrowby", "Glenholt", "Harwick", "Ivybridge",
           "Jesmond", "Kelbrook", "Linthorpe"]


def make_corpus(folder: Path, names: list[str], sentences: int = 6) -> list[Path]:
    """One local-news article per place name: distinct titles and bodies, a few chunks each at 64 tokens."""
    paths = []
    for name in names:
        body = " ".join(f"The {name} council met on day {d} to discuss the {name} harbour wall, ferry fares and "
                        f"the new {name} library roof, and agreed to publish the minutes." for d in range(1, sentences + 1))
        paths.append(write(folder / f"{name.lower()}.txt", f"{name} council approves harbour plan\n\n{body}\n"))
    return paths


def cli(settings: Settings, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "index", *args], cwd=REPO, env=backend_env(settings),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str], timeout: float = 300) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out, err


def dense_finds(index: Index, embedder: Any, article_id: str) -> bool:
    """A pure vector search for an article's first chunk returns that chunk (no keyword help)."""
    first = index.chunks_of(article_id)[0]
    return index.store.query(embedder.embed([first.text])[0], 1)[0].chunk_id == first.chunk_id


def test_a_reader_that_never_restarts_sees_another_process_s_articles(tmp_path: Path, embedder) -> None:
    """Chroma's embedded client keeps the HNSW graph it loaded; without a re-open the new vectors stay invisible.
    (Embedded only: a server has one copy of the graph. The writers test below covers this for both.)"""
    settings = Settings.load(home=tmp_path / "home")
    bot = NewsBot(settings=settings, embedder=embedder)
    bot.ingest([SEEDS])
    assert "horrific" in bot.ask(RUBIO).text  # graph and keyword index now loaded in this process
    code, out, err = finish(cli(settings, "add", str(DATA / "feed.rss"), "--quiet"))
    assert code == 0 and "2 added" in out, err
    top = bot.retrieve("Bridge reopens after repairs", k=3)[0]
    assert top.source == "Valley Gazette" and top.title == "Bridge reopens after repairs"
    for record in bot.articles():
        assert dense_finds(bot.index, embedder, record.id), record.title
    answer = bot.ask("How much did the bridge repairs cost?")
    assert "12 million" in answer.text and answer.citations[0].source == "Valley Gazette"


def test_an_article_edited_by_another_process_is_answered_from_its_new_text(settings: Settings, embedder,
                                                                             tmp_path: Path) -> None:
    """The retriever keeps chunks it has read in memory; a published write (here an edit, from another process)
    must retire them, so the same chunk id comes back with its new text."""
    path = write(tmp_path / "ferry.txt", "Ferry fares rise\n\nThe Aldport ferry fare rises to 4 pounds in May, the council said.\n")
    code, _, err = finish(cli(settings, "add", str(path), "--quiet"))
    assert code == 0, err
    bot = NewsBot(settings=settings)  # the CLI made an int8 index (a new one's default): its own model answers
    assert bot.index.store.model == "all-MiniLM-L6-v2+int8"
    before = bot.retrieve("Aldport ferry fare", k=1)[0]
    assert "4 pounds" in before.text and "4 pounds" in bot.ask("What will the Aldport ferry fare be?").text
    write(path, "Ferry fares rise\n\nThe Aldport ferry fare rises to 9 pounds in June, the council said.\n")
    code, out, err = finish(cli(settings, "add", str(path), "--quiet"))
    assert code == 0 and "1 updated" in out, (out, err)
    after = bot.retrieve("Aldport ferry fare", k=1)[0]
    assert after.chunk_id == before.chunk_id and "9 pounds" in after.text and "4 pounds" not in after.text
    assert "9 pounds" in bot.ask("What will the Aldport ferry fare be?").text


def test_writers_in_two_processes_take_turns_while_a_reader_keeps_answering(settings: Settings, embedder, tmp_path: Path) -> None:
    bot = NewsBot(settings=settings, embedder=embedder)
    bot.ingest([SEEDS])
    expected = bot.ask(RUBIO).text
    make_corpus(tmp_path / "ours", _PLACES[:5], sentences=1)
    make_corpus(tmp_path / "theirs", _PLACES[5:10], sentences=1)

    # While this process holds the write lock, the CLI's ingest must wait: nothing of theirs appears.
    with write_lock(settings):
        other = cli(settings, "add", str(tmp_path / "theirs"), "--quiet", "--write-batch", "2")
        count = bot.index.store.count()
        deadline = time.monotonic() + 6  # the CLI reaches the lock after ~3 s of imports
        while time.monotonic() < deadline:
            assert bot.index.store.count() == count
            time.sleep(0.5)
        assert other.poll() is None

    # Then both write at once (the CLI process and a thread here) while another thread keeps asking.
    errors: list[BaseException] = []
    answers: list[str] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                answers.append(bot.ask(RUBIO).text)
                bot.retrieve("harbour wall ferry fares", k=5)
            except BaseException as exc:
                errors.append(exc)
            time.sleep(0.1)  # two cores: leave the writers some

    reader = threading.Thread(target=read)
    reader.start()
    try:
        report = bot.ingest([tmp_path / "ours"])
        code, out, err = finish(other)
    finally:
        stop.set()
        reader.join()
    assert report.count("added") == 5
    assert code == 0 and "5 added" in out, err
    assert not errors, errors[:3]
    assert len(answers) >= 2 and set(answers) == {expected}

    bot.ask(RUBIO)  # picks up the last published version
    assert_whole(bot.index, expected_articles=11)
    assert set(bot.index.keywords.chunk_ids) == {cid for cid, _, _ in bot.index.store.all_chunks()}
    for record in bot.articles():
        assert dense_finds(bot.index, embedder, record.id), record.title
    listed = subprocess.run([sys.executable, "-m", "index", "list", "--json"], cwd=REPO, env=backend_env(settings),
                            capture_output=True, text=True, timeout=120, check=True)
    assert len(json.loads(listed.stdout)) == 11  # a fresh process sees the same index


def snapshot(index: Index) -> dict[str, tuple[str, dict[str, Any], np.ndarray]]:
    got = index.store.client.get_collection(index.settings.collection).get(include=["documents", "metadatas", "embeddings"])
    return {i: (d, m, np.asarray(e)) for i, d, m, e in zip(got["ids"], got["documents"], got["metadatas"], got["embeddings"], strict=True)}


def test_sigkill_half_way_then_run_again_ends_like_a_clean_ingest(settings: Settings, embedder, tmp_path: Path,
                                                                  request) -> None:
    """Kill -9 the CLI mid-ingest: whole articles or none are stored, and the next write session (even one
    with nothing to write) publishes them; running the ingest again completes the corpus, and the index
    (ids, texts, metadata, vectors, keyword index) equals a clean ingest of the same corpus."""
    settings = settings.replace(chunk_tokens=64)
    names = _PLACES
    corpus = tmp_path / "corpus"
    make_corpus(corpus, names, sentences=3)
    backend = "server" if settings.chroma_url else "embedded"
    clean = Index(backend_settings(backend, tmp_path / "clean-home", request, chunk_tokens=64), embedder=embedder)
    assert clean.add([str(corpus)]).count("added") == len(names)
    total = clean.store.count()

    index = Index(settings, embedder=embedder)
    version = index.store.sync()
    crashed = cli(settings, "add", str(corpus), "--quiet", "--write-batch", "4")
    while index.store.count() < total // 2:
        assert crashed.poll() is None, crashed.communicate()
        time.sleep(0.05)
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(timeout=60)

    # A batch the writer logged in Chroma but had not applied when killed is seen by a fresh client
    # only (as `index check` below is): re-open this process's client before counting.
    index.store.conn.reopen()
    stored = index.articles()
    assert 0 < len(stored) < len(names)
    assert_whole(index)  # no half-ingested article
    assert index.store.interrupted() and index.store.sync() == version  # marked, and nothing published yet
    check = subprocess.run([sys.executable, "-m", "index", "check"], cwd=REPO, env=backend_env(settings),
                           capture_output=True, text=True, timeout=120, check=False)
    assert check.returncode == 1 and check.stdout.startswith("problem: a write session did not finish (killed?)")
    assert f"not consistent: {len(stored)} articles" in check.stdout

    # The next write session has nothing to write, yet publishes what the killed one left.
    assert index.add([stored[0].path]).count("unchanged") == 1
    assert not index.store.interrupted() and index.store.sync() != version and problems(index) == []
    assert sorted(index.keywords.chunk_ids) == sorted(cid for cid, _, _ in index.store.all_chunks())

    report = index.add([str(corpus)])  # run it again
    assert (report.count("added"), report.count("unchanged")) == (len(names) - len(stored), len(stored))
    ours, theirs = snapshot(index), snapshot(clean)
    assert sorted(ours) == sorted(theirs)
    for chunk_id, (text, meta, vector) in theirs.items():
        assert ours[chunk_id][:2] == (text, meta)
        assert np.allclose(ours[chunk_id][2], vector, atol=1e-5)
    assert_whole(index, expected_articles=len(names))
    fresh = Index(settings, embedder=embedder)
    fresh.keywords.refresh()
    assert sorted(fresh.keywords.chunk_ids) == sorted(ours)
