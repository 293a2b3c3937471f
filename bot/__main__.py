"""`python -m bot`: ask questions from the terminal.

    python -m bot ask "What did Rubio say about Balochistan?" [--json] [--home DIR] [--since D] [--until D] [--source S]
    python -m bot chat          a conversation that keeps its history (empty line or Ctrl-D ends it)
    python -m bot serve [--host 127.0.0.1] [--port 8000] [--workers N]   the HTTP API (OpenAI-compatible + native)
    python -m bot timeline "FTX trial" [--since D] [--until D] [--source S] [--json]   a story's dated events, cited
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import sys
from typing import Any

from newsbot.cli import add_common, run, settings_from

__all__ = ["main", "render"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Ask newsbot about the indexed news articles.")
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    chat = commands.add_parser("chat", help="a conversation in the terminal")
    timeline = commands.add_parser("timeline", help="the dated events of a story, each cited")
    timeline.add_argument("topic")
    timeline.add_argument("--json", action="store_true", help="print the timeline as JSON")
    for sub in (ask, chat, timeline):
        add_common(sub)
        sub.add_argument("--since", help="only articles published on or after this date (YYYY-MM-DD)")
        sub.add_argument("--until", help="only articles published on or before this date (YYYY-MM-DD)")
        sub.add_argument("--source", action="append", help="only this outlet (repeatable)")
    serve = commands.add_parser("serve", help="the HTTP API: OpenAI-compatible /v1/chat/completions and a REST API")
    add_common(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="server processes sharing the index (default 1)")
    serve.add_argument("--no-access-log", action="store_true", help="don't log each request")
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)

    from bot.api import NewsBot

    bot = NewsBot(settings=settings_from(args))
    filters: dict[str, Any] = {"since": args.since, "until": args.until, "sources": args.source}
    if args.command == "timeline":
        from bot.timeline import show_timeline

        found = bot.timeline(args.topic, **filters)
        print(json.dumps(dataclasses.asdict(found), indent=2, ensure_ascii=False) if args.json else show_timeline(found))
        return 0
    if args.command == "ask":
        answer = bot.ask(args.question, **filters)
        if args.json:
            from bot.serialize import answer_json

            print(json.dumps(answer_json(answer), indent=2, ensure_ascii=False))
        else:
            print(render(answer))
        return 0
    return _chat(bot, filters)


def _serve(args: argparse.Namespace) -> int:
    """Check the settings here (one line if they are wrong), say how the server is set up, then run it."""
    import os

    from newsbot.access import is_exposed, write_access

    if not 1 <= args.port <= 65535 or args.workers < 1:
        print("error: --port must be 1-65535 and --workers at least 1", file=sys.stderr)
        return 2
    if args.home:
        os.environ["NEWSBOT_HOME"] = args.home  # the workers read their settings from the environment
    settings = settings_from(args)
    exposed = is_exposed(args.host)
    access = write_access(settings, exposed=exposed)
    writes = ("allowed" if access.allowed else "read-only" if not access.visible
              else "with the admin password (X-Admin-Password)" if access.needs_password else "refused (reachable from other machines)")
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"newsbot API on http://{shown}:{args.port} (docs: /docs; OpenAI base URL: /v1) over {settings.home}; "
          f"API key: {'required' if settings.api_key else 'none'}; library changes: {writes}", file=sys.stderr)
    if exposed and not settings.api_key:
        print("warning: reachable from other machines with no NEWSBOT_API_KEY: anyone who can reach it can ask questions",
              file=sys.stderr)
    from bot.server import serve

    serve(args.host, args.port, workers=args.workers, access_log=not args.no_access_log)
    return 0


def _chat(bot: Any, filters: dict[str, Any]) -> int:
    from newsbot.errors import NewsbotError

    conversation = bot.chat()
    print("Ask about the indexed news (empty line to quit).")
    while True:
        try:
            question = input("\nyou> ").strip()
        except EOFError:
            print()
            return 0
        if not question:
            return 0
        try:
            stream = conversation.stream(question, **filters)
            print("bot> ", end="", flush=True)
            for piece in stream:
                print(piece, end="", flush=True)
            print()
            if stream.answer is not None:
                print(render(stream.answer, text=False))
        except NewsbotError as exc:
            print(f"error: {exc}")


def _marked(answer: Any) -> str:
    """The answer text with sentences a cited source does not support marked (LLM answers)."""
    if not answer.verified or all(answer.verified):
        return str(answer.text)
    from bot.markers import split_answer

    out, last = [], 0
    for (_start, end), ok in zip(split_answer(answer.text), answer.verified, strict=False):
        out.append(answer.text[last:end] + ("" if ok else " (unverified)"))
        last = end
    return "".join(out) + answer.text[last:]


def render(answer: Any, text: bool = True) -> str:
    """An answer for the terminal: the verdict (when the text doesn't open with it), the text, then what was
    searched, then numbered sources with quotes."""
    from bot.markers import headline, verdict_lead

    lines = [_marked(answer)] if text else []
    if text and answer.verdict and not answer.abstained and not verdict_lead(answer.text, answer.verdict, answer.kind):
        lines.insert(0, headline(answer.verdict, answer.kind))
    if answer.notice:
        lines.append(f"note: {answer.notice}")
    if answer.query and answer.query != answer.question:
        lines.append(f"(searched: {answer.query}{'; ' + answer.searched if answer.searched else ''})")
    elif answer.searched:
        lines.append(f"(searched: {answer.searched})")
    for c in answer.citations:
        where = ", ".join(x for x in (c.source, c.published_at[:10]) if x)
        lines.append(f"[{c.n}] {c.title}{f' ({where})' if where else ''}{f' {c.url}' if c.url else ''}\n    “{c.quote}”")
    return "\n".join(lines)


if __name__ == "__main__":
    command = sys.argv[1:2]
    # A one-shot answer's process makes millions of objects (chromadb's import, mostly) and little garbage: collecting
    # as it goes cost ~0.1 s of a cold `ask`, and the interpreter's final full collection 0.2-0.4 s more, spent after
    # the answer is printed. Frozen objects are skipped by that one; output is still flushed. Not after `serve`,
    # whose Chroma may have been written to.
    if command in (["ask"], ["timeline"]):
        gc.disable()
    status = run(main)
    if command != ["serve"]:
        gc.freeze()
    sys.exit(status)
