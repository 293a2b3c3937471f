"""A loopback HTTP server that speaks the OpenAI chat-completions and Ollama /api/chat wire protocols.

Not a model: what it answers comes from a `reply(request_body) -> str` function the test gives
it, streamed word by word (SSE for OpenAI, NDJSON for Ollama) or sent whole. It records every
request (path, headers, JSON body) so tests can check what newsbot sent. `behaviour` makes it
fail the ways real servers do: an HTTP status, a malformed body, a stall past the client's
timeout, or a connection cut mid-stream. Every wait is bounded and ends when the server stops.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["FakeLLMServer", "Recorded", "dead_port", "serve", "sources_in"]

MAX_STALL = 20.0


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeLLMServer:
    reply: Callable[[dict[str, Any]], str] = lambda body: "The indexed articles don't say."
    behaviour: str = "ok"  # ok | status:NNN | malformed | stall | cut
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""
    stopping: threading.Event = field(default_factory=threading.Event)

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = json.loads(handler.rfile.read(length) or b"{}")
        self.requests.append(Recorded(handler.path, {k.lower(): v for k, v in handler.headers.items()}, body))
        if self.behaviour == "stall":
            self.stopping.wait(MAX_STALL)
            return
        if self.behaviour.startswith("status:"):
            code = int(self.behaviour.split(":")[1])
            _send(handler, code, "application/json", [json.dumps({"error": {"message": "nope", "type": "error", "code": code}})])
            return
        if self.behaviour == "malformed":
            _send(handler, 200, "application/json", ["{'this is': not json"])
            return
        text = self.reply(body)
        ollama = handler.path.startswith("/api/")
        model = body.get("model", "")
        if not body.get("stream", False):
            payload = _ollama_done(model, text) if ollama else _openai_whole(model, text)
            _send(handler, 200, "application/json", [json.dumps(payload)])
            return
        words = re.findall(r"\S+\s*|\s+", text)
        if self.behaviour == "cut":
            words = words[: max(1, len(words) // 2)]
        lines = [_ollama_line(model, w) if ollama else _openai_line(model, w) for w in words]
        if self.behaviour != "cut":
            lines += [json.dumps(_ollama_done(model, "")) + "\n"] if ollama else [
                "data: " + json.dumps(_openai_chunk(model, {}, "stop")) + "\n\n", "data: [DONE]\n\n"]
        _send(handler, 200, "application/x-ndjson" if ollama else "text/event-stream", lines, cut=self.behaviour == "cut")


def _send(handler: BaseHTTPRequestHandler, code: int, kind: str, parts: list[str], cut: bool = False) -> None:
    handler.send_response(code)
    handler.send_header("Content-Type", kind)
    if not cut:
        handler.send_header("Content-Length", str(sum(len(p.encode()) for p in parts)))
    else:
        handler.send_header("Content-Length", str(10 * sum(len(p.encode()) for p in parts)))  # promises more than it sends
    handler.end_headers()
    for part in parts:
        handler.wfile.write(part.encode())
        handler.wfile.flush()
        time.sleep(0.002)
    handler.close_connection = True


def _openai_chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


def _openai_line(model: str, word: str) -> str:
    return "data: " + json.dumps(_openai_chunk(model, {"role": "assistant", "content": word})) + "\n\n"


def _openai_whole(model: str, text: str) -> dict[str, Any]:
    return {"id": "chatcmpl-1", "object": "chat.completion", "created": 0, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def _ollama_line(model: str, word: str) -> str:
    return json.dumps({"model": model, "created_at": "2026-01-01T00:00:00Z",
                       "message": {"role": "assistant", "content": word}, "done": False}) + "\n"


def _ollama_done(model: str, text: str) -> dict[str, Any]:
    return {"model": model, "created_at": "2026-01-01T00:00:00Z", "message": {"role": "assistant", "content": text},
            "done": True, "done_reason": "stop", "total_duration": 1, "load_duration": 1, "prompt_eval_count": 1,
            "prompt_eval_duration": 1, "eval_count": 1, "eval_duration": 1}


@contextmanager
def serve(server: FakeLLMServer) -> Iterator[FakeLLMServer]:
    """Run `server` on 127.0.0.1 (a free port) for the duration of the block."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            server.handle(self)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        httpd.shutdown()
        httpd.server_close()


def dead_port() -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def sources_in(body: dict[str, Any]) -> dict[int, str]:
    """The numbered source blocks of an answer request's question (the last message): {n: block text}."""
    messages = body.get("messages") or [{}]
    text = str(messages[-1].get("content", ""))
    return {int(n): block for n, block in re.findall(r'<source id="(\d+)">\n(.*?)\n</source>', text, re.DOTALL)}
