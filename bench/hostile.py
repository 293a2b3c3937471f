"""Hostile inputs through the real CLI: one line each, the good article still goes in, and the peak memory.

    python -m bench.hostile [--keep DIR]

Builds a folder of inputs made to hurt (`hostile_inputs`): a 1 GB sparse file, JSON nested 100,000
levels deep, an HTML page of 10^6 nested tags, an RSS feed of 10^5 items, a file that starts as
UTF-16 but isn't, NUL bytes in a title (a .txt and a .json), beside one ordinary article. Then runs
`python -m index add` on that folder in a fresh data folder, and on the ordinary article alone,
and reports each input's line and both processes' peak RSS (from the kernel's rusage for that
child), and the same for the reading and parsing alone (no model, no Chroma). Writes the
`hostile` section of docs/BENCHMARKS.md. `tests/test_bad_input.py` runs the same inputs and
asserts the lines and the bound.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.report import write_section

__all__ = ["GOOD", "EXPECTED", "hostile_inputs", "run_cli"]

ROOT = Path(__file__).resolve().parents[1]
GOOD = "Harbour reopens\n\nThe harbour reopened on Friday after three weeks of dredging, the port authority said.\n"
EXPECTED = {  # input -> (result, the start of its one line)
    "huge.txt": ("failed", "the file is 1000.0 MB, larger than the 5 MB limit for one article"),
    "nested.json": ("failed", "the JSON is nested too deeply to be an article"),
    "nested.html": ("failed", "no article text found in this HTML page"),
    "flood.rss": ("failed", "the feed has 100000 entries, more than the 5000 read from one feed"),
    "broken-utf16.txt": ("failed", "the file starts as UTF-16 but is not valid UTF-16"),
    "nul-title.txt": ("added", "Ferry back"),
    "nul-title.json": ("added", "Museum reopens"),
    "good.txt": ("added", "Harbour reopens"),
}


def hostile_inputs(folder: Path) -> Path:
    """Write the inputs into `folder` (about 17 MB on disk: the 1 GB file is sparse); return it."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "huge.txt").open("wb") as huge:
        huge.truncate(1_000_000_000)
    (folder / "nested.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "nested.html").write_text("<html><body>" + "<b>" * 1_000_000 + "The harbour reopened.</body></html>")
    items = "".join(f"<item><title>Item {i}</title><link>https://flood.example/{i}</link>"
                    f"<description>Short item number {i}.</description></item>" for i in range(100_000))
    (folder / "flood.rss").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>{items}</channel></rss>')
    (folder / "broken-utf16.txt").write_bytes(b"\xff\xfe" + "Harbour news\n\n".encode("utf-16-le") + b"\x00\xdc" * 4)
    (folder / "nul-title.txt").write_bytes(b"Title: Ferry\x00 back\x00\n\nThe ferry runs again from Monday, the operator said.\n")
    (folder / "nul-title.json").write_text(json.dumps({"title": "Museum\u0000 reopens", "source": "Town\u0000 Wire",
                                                       "body": "The museum reopened after a new roof was fitted."}))
    (folder / "good.txt").write_text(GOOD)
    return folder


_LOAD_ONLY = "import sys; from index.load import load; from newsbot.settings import Settings; list(load(sys.argv[1:], Settings.load()))"


def run_cli(home: Path, *sources: Path, load_only: bool = False) -> tuple[int, str, str, float]:
    """`python -m index add SOURCES` in a fresh process on `home`: (exit code, stdout, stderr, peak RSS in MB).
    `load_only` runs only the reading and parsing (`index.load.load`), without the model or Chroma."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")} | {"NEWSBOT_HOME": str(home),
                                                                                   "HF_HUB_OFFLINE": "1"}
    command = ["-c", _LOAD_ONLY] if load_only else ["-m", "index", "add"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, *command, *map(str, sources)], cwd=ROOT, env=env,
                                   stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return process.returncode, out.read().decode(), err.read().decode(), usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="build the inputs and data folders here (default: a temp folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        folder = hostile_inputs(work / "inputs")
        started = time.perf_counter()
        code, out, err, peak = run_cli(work / "home-hostile", folder)
        seconds = time.perf_counter() - started
        _, _, _, baseline = run_cli(work / "home-good", folder / "good.txt")
        _, _, _, parse_peak = run_cli(work / "home-parse", folder, load_only=True)
        _, _, _, parse_base = run_cli(work / "home-parse", folder / "good.txt", load_only=True)
    lines = [line for line in err.splitlines() if line.startswith("failed:")]
    print(out.strip())
    print("\n".join(lines))
    print(f"peak RSS: {peak:.0f} MB with the hostile inputs, {baseline:.0f} MB for the one good article alone; {seconds:.1f} s")
    print(f"reading and parsing only: {parse_peak:.0f} MB with the hostile inputs, {parse_base:.0f} MB for the good article")
    rows = []
    for name in EXPECTED:
        said = [line.split(": ", 2)[2] for line in lines if line.startswith(f"failed: {folder / name}: ")]
        rows.append(f"| `{name}` | " + (f"failed | {said[0]} |" if said else "went in | — |"))
    table = "\n".join(rows)
    write_section("hostile", f"""## Hostile inputs (`python -m bench.hostile`)

`python -m index add` on a folder of inputs made to hurt, in a fresh process (exit code {code}):

| input | result | its line (as printed) |
| --- | --- | --- |
{table}

Peak RSS of that process: **{peak:.0f} MB**, against **{baseline:.0f} MB** for the same command on the one
good article alone ({peak - baseline:+.0f} MB; the embedding model dominates both); {seconds:.1f} s in all.
Reading and parsing alone (`index.load.load` in a fresh process, no model, no Chroma): **{parse_peak:.0f} MB**
with the hostile folder against **{parse_base:.0f} MB** for the good article. Summary line:
`{out.strip().splitlines()[-1]}`.""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
