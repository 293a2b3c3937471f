"""Server mode's own edges: a `chroma run` server that cannot be reached, or that goes away, is one clear error;
one behind a token check is used with NEWSBOT_CHROMA_TOKEN, and refuses newsbot without it."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from bench.server import chroma_run, nginx, token_proxy
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


def test_a_chroma_server_behind_a_token_check(tmp_path: Path, embedder, caplog: pytest.LogCaptureFixture) -> None:
    """`chroma run` (which checks no token itself in chromadb 1.5.9) on loopback behind nginx configured as in
    docs/SECURITY.md: newsbot with NEWSBOT_CHROMA_TOKEN ingests and answers through it; without the token, or
    with another, it gets one line saying which setting to fix, and the token is in no message or log line."""
    if nginx() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing in CI: .ci/run installs it")
        pytest.skip("nginx is missing: `apt-get install nginx` (.ci/run does) to test token authentication")
    token = "s3cret-" + "x" * 24
    caplog.set_level(logging.DEBUG)
    with chroma_run(tmp_path / "data") as upstream, token_proxy(upstream, token, tmp_path / "nginx") as url:
        good = Settings.load(home=tmp_path / "home", chroma_url=url, chroma_token=token)
        bot = NewsBot(settings=good, embedder=embedder)
        assert bot.ingest([DATA / "feed.atom"]).count("added") == 1
        assert "Monday" in bot.ask("When will ferry services resume?").text
        messages = []
        for env, expected in (({}, "requires a token (HTTP 401/403); set NEWSBOT_CHROMA_TOKEN"),
                              ({"NEWSBOT_CHROMA_TOKEN": "wrong-" + token}, "refused the token (HTTP 401/403); check NEWSBOT_CHROMA_TOKEN")):
            settings = Settings.load(home=tmp_path / "other", chroma_url=url)
            done = subprocess.run([sys.executable, "-m", "index", "stats"], cwd=REPO, env=backend_env(settings) | env,
                                  capture_output=True, text=True, timeout=120, check=False)
            assert done.returncode == 2 and done.stderr.strip() == f"error: the Chroma server at {url} {expected}"
            messages.append(done.stderr)
        with_credentials = url.replace("http://", "http://admin:hunter2@")
        done = subprocess.run([sys.executable, "-m", "index", "stats"], cwd=REPO, capture_output=True, text=True, timeout=120,
                              env=backend_env(Settings.load(home=tmp_path / "third", chroma_url=with_credentials)), check=False)
        assert done.returncode == 2 and "hunter2" not in done.stderr and url.replace("http://", "http://***@") in done.stderr
    assert not [m for m in messages + [r.getMessage() for r in caplog.records] if token in m]
    assert "s3cret" not in repr(good)
