"""Server mode's own edges: a `chroma run` server that cannot be reached, or that goes away, is one clear error."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench.server import chroma_run
from bot import NewsBot
from newsbot.errors import BackendError
from newsbot.settings import Settings
from tests.conftest import DATA, REPO, backend_env


def test_an_unreachable_server_is_one_line_that_says_what_to_do(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe closes
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    settings = Settings.load(home=tmp_path / "home", chroma_url=url)
    done = subprocess.run([sys.executable, "-m", "index", "stats"], cwd=REPO, env=backend_env(settings),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: cannot reach the Chroma server at {url}")
    assert "start it with `chroma run --path DIR --port N` or unset NEWSBOT_CHROMA_URL" in done.stderr


def test_a_server_that_goes_away_is_a_backend_error_not_a_traceback(tmp_path: Path, embedder) -> None:
    with chroma_run(tmp_path / "data") as url:
        bot = NewsBot(settings=Settings.load(home=tmp_path / "home", chroma_url=url), embedder=embedder)
        assert bot.ingest([DATA / "feed.atom"]).count("added") == 1
        assert "Monday" in bot.ask("When will ferry services resume?").text
        assert bot.stats().location == url
    with pytest.raises(BackendError, match=f"the Chroma server at {url} is not answering .*check that `chroma run` is still up"):
        bot.ask("When will ferry services resume?")
