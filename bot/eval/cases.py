"""Phrasing cases: questions as people type them, each with what a careful reader expects of the answer.

A case is `{"id", "group", "history": [...], "question", "reference_date"?, "expect": {...}}` (the
format of tests/data/phrasing_cases.json). `failures(case, answer)` lists what the answer gets
wrong: the standalone query searched (`query_has` / `query_lacks`), `abstained`, `kind`, `verdict`,
what the answer says or must not say (`answer_has` / `answer_lacks`), the notice, the outlet cited
(`cites_source`). Alternatives are written "a|b"; text checks ignore case and accents.

    python -m bot.eval.cases --articles tests/data/news --cases tests/data/phrasing_cases.json [--write-docs]

asks every case of a file of articles (in a temporary index) and prints the share passed per group.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from index.keyword import fold
from newsbot.cli import run

__all__ = ["failures", "has", "main"]


def has(text: str, alternatives: str) -> bool:
    """Whether `text` contains one of the "|"-separated alternatives, ignoring case and accents."""
    folded = fold(text.lower())
    return any(fold(alt.lower()) in folded for alt in alternatives.split("|"))


def failures(case: dict[str, Any], answer: Any) -> list[str]:
    """What `answer` gets wrong against `case["expect"]` (empty when it passes)."""
    expect = case["expect"]
    out = [f"query lacks {w!r}" for w in expect.get("query_has", []) if not has(answer.query, w)]
    out += [f"query has {w!r}" for w in expect.get("query_lacks", []) if has(answer.query, w)]
    if "abstained" in expect and answer.abstained != expect["abstained"]:
        out.append(f"abstained is {answer.abstained}")
    if "kind" in expect and not answer.abstained and answer.kind != expect["kind"]:
        out.append(f"kind is {answer.kind}")
    if "verdict" in expect and not any(fold(alt.lower()) == fold(answer.verdict.lower()) or has(answer.verdict, alt)
                                       for alt in expect["verdict"].split("|")):
        out.append(f"verdict is {answer.verdict!r}")
    out += [f"answer lacks {w!r}" for w in expect.get("answer_has", []) if not has(answer.text, w)]
    out += [f"answer has {w!r}" for w in expect.get("answer_lacks", []) if has(answer.text, w)]
    seen = answer.notice + " " + answer.searched + " " + answer.text
    out += [f"notice lacks {w!r}" for w in expect.get("notice_has", []) if not has(seen, w)]
    if "cites_source" in expect and not any(c.source == expect["cites_source"] for c in answer.citations):
        out.append(f"no citation from {expect['cites_source']}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.eval.cases", description="Ask phrasing cases of a set of articles.")
    parser.add_argument("--articles", required=True, help="folder of articles in the ingest formats")
    parser.add_argument("--cases", required=True, help="phrasing cases (JSON)")
    parser.add_argument("--today", default="2025-11-20", help="reference date for cases that don't give one")
    parser.add_argument("--write-docs", action="store_true", help="record the figures in docs/BENCHMARKS.md")
    args = parser.parse_args(argv)

    from bot import NewsBot
    from newsbot.settings import Settings

    cases = json.loads(Path(args.cases).read_text(encoding="utf-8"))
    by_group: dict[str, list[bool]] = defaultdict(list)
    missed = []
    with tempfile.TemporaryDirectory() as home:
        articles = sorted(p for p in Path(args.articles).iterdir() if p.suffix in (".json", ".jsonl", ".txt", ".html", ".xml"))
        NewsBot(settings=Settings.load(home=Path(home))).ingest(articles)
        bots: dict[str, Any] = {}
        for case in cases:
            day = case.get("reference_date", args.today)
            bot = bots.setdefault(day, NewsBot(settings=Settings.load(home=Path(home), reference_date=day)))
            chat = bot.chat()
            for earlier in case.get("history", []):
                chat.ask(earlier)
            wrong = failures(case, chat.ask(case["question"]))
            by_group[case["group"]].append(not wrong)
            if wrong:
                missed.append(f"{case['id']}: {'; '.join(wrong)}")
    passed = sum(ok for oks in by_group.values() for ok in oks)
    lines = [f"Cases passed: **{passed} of {len(cases)}** ({passed / max(1, len(cases)):.2f}).", "",
             "| group | passed |", "| --- | --- |"]
    lines += [f"| {group} | {sum(oks)} of {len(oks)} |" for group, oks in sorted(by_group.items())]
    table = "\n".join(lines) + "\n"
    print(table)
    print("\n".join(missed))
    if args.write_docs:
        from bot.eval.report import git_revision, write_section

        command = "python -m bot.eval.cases " + " ".join(a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write-docs")
        write_section("phrasing", f"## Questions as people type them: the phrasing cases\n\nCommand: `{command}` (commit "
                                  f"{git_revision()}). Each case is a question (after its conversation) over {len(articles)} articles "
                                  f"written for the tests, with what a careful reader expects (tests/data/phrasing_cases.json; "
                                  f"the same cases run as tests in tests/test_phrasing.py).\n\n{table}")
    return 0


if __name__ == "__main__":
    sys.exit(run(main))
