"""Start a `chroma run` server: the venv's own binary, a free loopback port, a given --path.

Shared by the benchmarks (server mode) and the tests' server fixture.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["chroma_run"]


@contextmanager
def chroma_run(folder: Path) -> Iterator[str]:
    """Run `chroma run --path folder --host 127.0.0.1 --port N`; yield its URL; stop it afterwards.

    Its output goes to `folder`.log; a server that exits or does not answer within 120 s is a
    RuntimeError quoting the end of that log.
    """
    chroma = Path(sys.executable).parent / "chroma"
    if not chroma.is_file():
        raise RuntimeError(f"{chroma} is missing: install requirements.txt (chromadb ships the `chroma` command)")
    folder.mkdir(parents=True, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = folder.parent / f"{folder.name}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen([str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2).close()
                    break
                except OSError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        state = f"exited with {server.returncode}" if server.poll() is not None else "did not answer within 120 s"
                        raise RuntimeError(f"`chroma run` {state}: {log_path.read_text()[-2000:]}") from None
                    time.sleep(0.2)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
