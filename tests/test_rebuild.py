"""`python -m index rebuild` killed by a real SIGKILL at every step of the copy and the switch, on both backends.

The rebuild writes a new collection, then switches names (index/rebuild.py). At each step the CLI
process SIGKILLs itself (`NBTEST_REBUILD_KILL_AT`, read nowhere else): after the first batch of the
copy, with the copy complete, between the two renames (no collection has the live name), and
after the switch. Each time a reader that opens the index afterwards finds every chunk with its
text and metadata, the index consistent and answering, and the next rebuild finishes the job and
leaves no extra collection behind.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot import NewsBot
from index import Index
from index.check import problems
from index.rebuild import RETIRED, STAGING
from newsbot.settings import Settings
from tests.conftest import DATA, REPO, SEEDS, assert_whole, backend_env


def rows(index: Index) -> dict[str, tuple[str, dict[str, Any]]]:
    return {chunk_id: (text, meta) for chunk_id, text, meta in index.store.all_chunks()}


def collections(index: Index) -> set[str]:
    name = index.settings.collection
    return {n for n in (name, name + STAGING, name + RETIRED) if index.store.find(n) is not None}


def rebuild(settings: Settings, kill_at: str = "") -> subprocess.CompletedProcess[str]:
    env = backend_env(settings) | ({"NBTEST_REBUILD_KILL_AT": kill_at} if kill_at else {})
    return subprocess.run([sys.executable, "-m", "index", "rebuild"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.mark.parametrize("step, left", [
    ("copying", {"", STAGING}),       # a half copy beside the untouched live collection
    ("staged", {"", STAGING}),        # a complete copy beside it
    ("retired", {STAGING, RETIRED}),  # between the renames: nothing has the live name
    ("switched", {"", RETIRED}),      # switched; the old copy not yet deleted
])
def test_a_rebuild_killed_at_any_step_loses_nothing(step: str, left: set[str], settings: Settings, embedder: Any) -> None:
    index = Index(settings, embedder=embedder)
    assert index.add([str(SEEDS), str(DATA / "feed.rss"), str(DATA / "feed.atom")]).count("added") == 4
    before = rows(index)

    killed = rebuild(settings, kill_at=step)
    assert killed.returncode == -9, killed.stderr  # a real SIGKILL, at that step
    assert collections(index) == {settings.collection + suffix for suffix in left}

    reader = Index(settings, embedder=embedder)  # opening settles an interrupted switch
    assert settings.collection in collections(reader)
    assert rows(reader) == before
    assert_whole(reader, expected_articles=4) and problems(reader) == []
    bot = NewsBot(settings=settings, embedder=embedder)
    assert "horrific" in bot.ask("What did Rubio say about Balochistan?").text

    again = rebuild(settings)
    assert again.returncode == 0 and f"rebuilt: {len(before)} chunks" in again.stdout, again.stderr
    after = Index(settings, embedder=embedder)
    assert collections(after) == {settings.collection} and rows(after) == before
    assert_whole(after, expected_articles=4)
    assert "Monday" in NewsBot(settings=settings, embedder=embedder).ask("When will ferry services resume?").text


def test_a_reader_in_another_process_follows_a_rebuild(settings: Settings, embedder: Any) -> None:
    """A NewsBot that stays open while another process rebuilds picks up the new collection on its next question."""
    bot = NewsBot(settings=settings, embedder=embedder)
    bot.ingest([SEEDS, DATA / "feed.rss"])
    assert "horrific" in bot.ask("What did Rubio say about Balochistan?").text
    old = bot.index.store.id
    assert rebuild(settings).returncode == 0
    assert "horrific" in bot.ask("What did Rubio say about Balochistan?").text
    assert bot.index.store.id != old
    assert "12 million" in bot.ask("How much did the bridge repairs cost?").text


def test_damage_guesses_are_acted_on_only_for_a_checked_chromadb(seed_home: Path, tmp_path: Path) -> None:
    """On a chromadb version whose file layout newsbot hasn't checked, a segment that looks damaged is reported
    in one line naming the repair, and nothing is moved or rebuilt."""
    import shutil

    from tests.test_bad_input import damage

    home = tmp_path / "home"
    shutil.copytree(seed_home, home)
    segment = damage(home)
    code = ("import sys, chromadb; chromadb.__version__ = '9.9.9'; from newsbot.cli import run; "
            "from index.__main__ import main; sys.exit(run(main, sys.argv[1:]))")
    done = subprocess.run([sys.executable, "-c", code, "add", str(SEEDS)], cwd=REPO, capture_output=True, text=True,
                          env={**backend_env(Settings.load(home=home))}, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    [warning] = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert f"segment {segment.name} looks damaged" in warning and "chromadb 9.9.9" in warning
    assert "nothing was changed" in warning and "`python -m index rebuild` repairs it" in warning
    assert "rebuilding" not in done.stdout and "1 unchanged" in done.stdout
    assert segment.exists() and not (home / "damaged").exists()


def test_a_rebuild_gives_an_index_saved_before_sentence_terms_them(settings: Settings, embedder: Any) -> None:
    """A keyword index saved before it stored each sentence's terms is read as it was (answering reads the chunks'
    sentences itself); `python -m index rebuild` writes one that stores them for every chunk."""
    from index.keyword import terms

    index = Index(settings, embedder=embedder)
    index.add([str(SEEDS)])
    for name in ("sbounds", "sptr", "sterms"):
        for saved in (settings.home / "keyword" / "segments").glob(f"*/{name}.npy"):
            saved.unlink()
    before = Index(settings, embedder=embedder)
    before.keywords.refresh()
    weights = {terms("Rubio")[0]: 1.0}
    assert set(before.keywords.best_sentences(before.keywords.chunk_ids, weights)) == {None}
    assert rebuild(settings).returncode == 0
    after = Index(settings, embedder=embedder)
    after.keywords.refresh()
    best = after.keywords.best_sentences(after.keywords.chunk_ids, weights)
    assert None not in best and max(best) == 1.0  # the seed article's sentences name Rubio
