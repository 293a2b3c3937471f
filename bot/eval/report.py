"""Record benchmark figures in docs/BENCHMARKS.md, one replaceable section per benchmark."""

from __future__ import annotations

import platform
import re
import resource
import subprocess
from datetime import UTC, datetime
from pathlib import Path

__all__ = ["write_section", "peak_rss_mb", "folder_mb", "machine", "git_revision"]

DOC = Path(__file__).resolve().parents[2] / "docs" / "BENCHMARKS.md"
_HEAD = "# Benchmarks\n\nFigures measured on this project's machine (2 cores, no GPU; shared and noisy, so each\n" \
        "section quotes medians and ratios from one run). Each section says the command that produced it.\n"


def write_section(name: str, body: str) -> None:
    """Replace (or append) the section `name` of docs/BENCHMARKS.md with `body`."""
    DOC.parent.mkdir(exist_ok=True)
    text = DOC.read_text() if DOC.exists() else _HEAD
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{start}\n{body.strip()}\n\n_Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}._\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: block, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def machine() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    import os

    return f"{os.cpu_count()} × {cpu}, Python {platform.python_version()}"


def git_revision() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
