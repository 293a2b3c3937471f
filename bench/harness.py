"""The app in a real server and a real browser: what the browser tests and `bench/ui*.py` share (not product code).

`AppServer(home)` runs `streamlit run ui/app.py` as a subprocess on a free port (bound to loopback
unless told another address) with NEWSBOT_HOME=home, waits for its health check, and stops it (its output is kept for error
messages). `chromium()` finds Debian's chromium (never downloads one); `launch(playwright)`
starts it headless with background networking off; `ask(page, question)` types a question
into the chat and waits for the answer to finish (`submit` and `wait_for_answer` are its two
halves, for several pages asking at once).

Deliberately not here: assertions (`tests/`) and figures (`bench/`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any, Self

__all__ = ["CHROMIUM_ARGS", "ROOT", "AppServer", "ask", "chromium", "free_port", "launch", "submit", "wait_for_answer"]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class AppServer:
    """`streamlit run ui/app.py` on a free loopback port, for the length of a `with` block."""

    def __init__(self, home: Path, env: dict[str, str] | None = None, timeout: float = 60.0,
                 address: str = "127.0.0.1") -> None:
        self.home = home
        self.address = address
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._env = env or {}
        self._timeout = timeout
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in __exit__)
        self._process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
        env.update(self._env, NEWSBOT_HOME=str(self.home), HF_HUB_OFFLINE="1")
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "ui" / "app.py"),
                   "--server.address", self.address, "--server.port", str(self.port), "--server.headless", "true",
                   "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        self._process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self._timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self._process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(f"{self.url}_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"streamlit did not answer on {self.url} within {self._timeout:g} s:\n{self.output()}")

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the server process has used so far (Linux; 0.0 elsewhere)."""
        try:
            fields = Path(f"/proc/{self._process.pid if self._process else 0}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def peak_rss_mb(self) -> float:
        """The server process's peak resident memory so far, in MB (Linux's VmHWM; 0.0 elsewhere)."""
        try:
            status = Path(f"/proc/{self._process.pid if self._process else 0}/status").read_text()
        except OSError:
            return 0.0
        kb = next((line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")), "0")
        return int(kb) / 1024

    def output(self) -> str:
        """What the server printed so far (for failure messages)."""
        if self._log.closed:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")[-5000:]


def chromium() -> str | None:
    """The path of the system's chromium, or None."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def launch(playwright: Any, path: str) -> Any:
    """Headless chromium at `path` through playwright (no browser download, no background traffic)."""
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)


def ask(page: Any, question: str, timeout_ms: float = 60_000) -> None:
    """Type `question` into the chat and wait until its answer has finished and the page is idle."""
    wait_for_answer(page, submit(page, question), timeout_ms)


def submit(page: Any, question: str) -> int:
    """Type `question` into the chat and press Enter; return the number of answers shown before it
    (for `wait_for_answer`). Lets several pages have a question in flight at once."""
    before = int(page.locator('[data-testid="stChatMessage"] .nb-answer').count())
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(question)
    box.press("Enter")
    return before


def wait_for_answer(page: Any, before: int, timeout_ms: float = 60_000) -> None:
    """Wait until the page shows more than `before` answers, the last one complete, and the page run idle."""
    page.wait_for_function(  # the new answer is complete and the page run that drew it has finished
        "n => { const a = document.querySelectorAll('[data-testid=\"stChatMessage\"] .nb-answer');"
        " return a.length > n && !a[a.length - 1].querySelector('.nb-thinking')"
        " && !!document.querySelector('[data-test-script-state=\"notRunning\"]')"
        " && !document.querySelector('[data-stale=\"true\"]'); }",
        arg=before, timeout=timeout_ms)
