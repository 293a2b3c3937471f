"""Misspelt names, as people type them: how often the question reader restores the name the articles write.

    python -m bench.typos --home HOME --corpus /work/shared/data/multihop-rag/corpus.json [--no-write]

HOME is an index of the corpus (read only). Names are drawn from the corpus itself, not from any question set:
capitalised words of 6 to 12 letters in at least 3 articles that are no everyday English word (`common_word`), 150 of
them in a fixed random order. Each is typed four ways, the slips people make: two neighbouring letters swapped
("nagelsamnn"), a doubled letter typed once ("nagelsman"), one vowel changed ("nagelsmenn"), and a final "y" typed
"ie" (or "ie" typed "y"). A name counts as restored when the reader's query ("what did <typed> say about it") holds it
as the articles write it (any case, accents aside: "Højlund" is "Hojlund"). Printed, and written to docs/BENCHMARKS.md
(section *typos*).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import unicodedata
from collections import Counter
from pathlib import Path

from bench.report import git_revision, write_section

SLIPS = ("swap", "undouble", "vowel", "y")


def slips(name: str, rng: random.Random) -> dict[str, str]:
    """The name typed with each slip that applies to it."""
    word = name.lower()
    out = {}
    i = rng.randrange(1, len(word) - 2)
    out["swap"] = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    doubled = [i for i in range(len(word) - 1) if word[i] == word[i + 1]]
    if doubled:
        out["undouble"] = word[:doubled[0]] + word[doubled[0] + 1:]
    vowels = [i for i in range(1, len(word)) if word[i] in "aeiou"]
    if vowels:
        i = rng.choice(vowels)
        out["vowel"] = word[:i] + rng.choice([c for c in "aeiou" if c != word[i]]) + word[i + 1:]
    if word.endswith("y"):
        out["y"] = word[:-1] + "ie"
    elif word.endswith("ie"):
        out["y"] = word[:-2] + "y"
    return out


def _folded(text: str) -> str:
    """`text` without accents: "Højlund" and "Hojlund" are the same name, and the articles write both."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.replace("ø", "o")) if not unicodedata.combining(c))


def names_of(corpus: Path, count: int = 150) -> list[str]:
    from bot.spelling import common_word

    articles = Counter(w for a in json.loads(corpus.read_text()) for w in set(re.findall(r"\b[A-Z][a-z]{5,11}\b", a["body"])))
    names = sorted(w for w, n in articles.items() if n >= 3 and not common_word(w.lower()))
    random.Random(7).shuffle(names)
    return names[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from bot import NewsBot
    from newsbot.settings import Settings

    reader = NewsBot(settings=Settings.load(home=args.home, reference_date="newest"))._part("reader")
    rng = random.Random(7)
    restored: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for name in names_of(args.corpus):
        for slip, text in slips(name, rng).items():
            query = _folded(reader(f"what did {text} say about it").query.lower())
            typed[slip] += 1
            restored[slip] += name.lower() in query
            wrong[slip] += name.lower() not in query and text not in query  # changed into another word
    rows = [f"| {slip} | {restored[slip]} of {typed[slip]} | {wrong[slip]} |" for slip in SLIPS if typed[slip]]
    total = sum(typed.values())
    body = (f"## Misspelt names ({total} typed names from the corpus)\n\n"
            f"`python -m bench.typos --home HOME --corpus corpus.json` at {git_revision()}: a corpus name typed with one "
            "slip, and whether the question reader gives it back as the articles write it (accents aside).\n\n"
            "| slip | restored | changed into another word |\n| --- | --- | --- |\n" + "\n".join(rows) +
            f"\n| all | {sum(restored.values())} of {total} ({sum(restored.values()) / total:.2f}) | {sum(wrong.values())} |\n")
    print(body)
    if not args.no_write:
        write_section("typos", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
