"""Start a `chroma run` server: the venv's own binary, a free loopback port, a given --path.

Shared by the benchmarks (server mode) and the tests' server fixture; `token_proxy` puts nginx in front of
it so only requests with the token get through (`chroma run` itself checks none).
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

__all__ = ["NGINX_CONF", "chroma_run", "nginx", "token_proxy"]


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


NGINX_CONF = """# `chroma run` on loopback, and only requests carrying the token reach it.
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    map $http_x_chroma_token $chroma_token_ok {{
        default 0;
        "{token}" 1;
    }}
    server {{
        listen {listen};
        client_max_body_size 64m;
        client_body_buffer_size 64m;
        location / {{
            if ($chroma_token_ok = 0) {{ return 401; }}
            proxy_pass {upstream};
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
}}
"""


def nginx() -> str | None:
    """Debian's nginx binary, or None."""
    import shutil

    return next((p for p in ("/usr/sbin/nginx", shutil.which("nginx") or "") if p and Path(p).is_file()), None)


@contextmanager
def token_proxy(upstream: str, token: str, folder: Path) -> Iterator[str]:
    """nginx on a free loopback port in front of `upstream` (a `chroma run` URL), passing only requests whose
    X-Chroma-Token header is `token` (others get HTTP 401); yield its URL. The config is `NGINX_CONF`,
    the one docs/SECURITY.md shows."""
    binary = nginx()
    if binary is None:
        raise RuntimeError("nginx is missing: apt-get install nginx (.ci/run does)")
    folder.mkdir(parents=True, exist_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(folder=folder, token=token, listen=f"127.0.0.1:{port}", upstream=upstream))
    server = subprocess.Popen([binary, "-e", str(folder / "error.log"), "-p", str(folder), "-c", str(conf),
                               "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = (folder / "error.log").read_text() if (folder / "error.log").exists() else ""
                    raise RuntimeError(f"nginx did not start: {log[-2000:]}") from None
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
