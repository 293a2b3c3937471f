"""`python -m bot serve` as a real subprocess on a free port: what the tests and `bench/http.py` share.

    with ApiServer(home, env={"NEWSBOT_API_KEY": "k"}, workers=2) as server:
        httpx.get(server.url + "/health")

Waits until the server answers /health (the index may still be warming up), stops it afterwards
(SIGTERM, then SIGKILL), and keeps its output for failure messages. `worker_pids()` lists the
uvicorn worker processes (with `--workers` above 1), and `serving_pid(port)` which of them holds a
given client connection, so a test can prove that two workers served it.

Deliberately not here: assertions (`tests/`) and figures (`bench/`).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

__all__ = ["ApiServer", "free_port"]

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ApiServer:
    """`python -m bot serve --host HOST --port N` over `home`, for the length of a `with` block."""

    def __init__(self, home: Path, env: dict[str, str] | None = None, workers: int = 1, host: str = "127.0.0.1",
                 timeout: float = 120.0) -> None:
        self.home = home
        self.host = host
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self._env = env or {}
        self._timeout = timeout
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
        env.update(self._env, NEWSBOT_HOME=str(self.home), HF_HUB_OFFLINE="1")
        env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        command = [sys.executable, "-m", "bot", "serve", "--host", self.host, "--port", str(self.port),
                   "--workers", str(self.workers), "--no-access-log"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the API server exited with {self.process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=5):
                    return self
            except urllib.error.HTTPError:
                return self  # it answers (a 503 says the index isn't usable yet; the test decides)
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"the API server did not answer on {self.url} within {self._timeout:g} s:\n{self.output()}")

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()

    def output(self) -> str:
        """What the server printed so far."""
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-8000:]

    def worker_pids(self) -> list[int]:
        """The uvicorn worker processes (children of the server); just the server itself with one worker."""
        pid = self.process.pid if self.process else 0
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        workers = [int(c) for c in children if "spawn_main" in _cmdline(int(c))]
        return workers or [pid]

    def serving_pid(self, client_port: int) -> int | None:
        """Which worker holds the server side of the loopback connection from `client_port` (Linux /proc)."""
        inodes = _socket_inodes(self.port, client_port)
        for pid in self.worker_pids():
            try:
                fds = list(Path(f"/proc/{pid}/fd").iterdir())
            except OSError:
                continue
            for fd in fds:
                try:
                    target = os.readlink(fd)
                except OSError:
                    continue
                if target.startswith("socket:[") and target[8:-1] in inodes:
                    return pid
        return None


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return ""


def _socket_inodes(local_port: int, remote_port: int) -> set[str]:
    """Inodes of TCP sockets from `local_port` to `remote_port` (either address family)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if int(local.rsplit(":", 1)[1], 16) == local_port and int(remote.rsplit(":", 1)[1], 16) == remote_port:
                found.add(inode)
    return found
