"""`python -m bot`: ask questions from the terminal.

    python -m bot ask "What did Rubio say about Balochistan?" [--json] [--home DIR] [--since D] [--until D] [--source S]
    python -m bot chat          a conversation that keeps its history (empty line or Ctrl-D ends it)
    python -m bot timeline "FTX trial" [--since D] [--until D] [--source S] [--json]   a story's dated events, cited
"""

from __future__ import annotations

import argparse
import dataclasses
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
    args = parser.parse_args(argv)

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
            payload = dataclasses.asdict(answer)
            payload.pop("hits")
            print(json.dumps(payload, indent=2, ensure_ascii=False))
        else:
            print(render(answer))
        return 0
    return _chat(bot, filters)


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
    """An answer for the terminal: text, then what was searched, then numbered sources with quotes."""
    lines = [_marked(answer)] if text else []
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
    sys.exit(run(main))
