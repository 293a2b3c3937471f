"""Check the hand-written question sets.

    python bench/questions/check.py /path/to/multihop-rag/corpus.json [questions.json]
    python bench/questions/check.py --cases tests/data/phrasing_cases.json tests/data/news

The question file defaults to natural-multihop.json next to this script. Every problem is
printed as one line naming the question; the exit status is 1 when there is any. Checks:
- each item has exactly the keys query, answer, question_type, kind, aliases, evidence_list, note;
- kind and question_type are known and agree (none -> null_query; when -> temporal_query;
  choice -> comparison_query, or temporal_query for "which came first"; yesno -> comparison,
  temporal or inference; entity/quote/list/count -> inference_query);
- the answer is well formed for its kind (Yes/No; digits; "a; b" lists; "Insufficient
  information." with no evidence for none) and backed by the evidence: an entity or quote answer
  is a verbatim part of a fact; each list item is part of a fact or an evidence outlet; a when
  answer or one of its aliases is part of a fact or an evidence article's date (choice and
  yes/no answers are not checked this way);
- a count equals the number of distinct evidence articles (counts are whole-corpus counts, and
  the evidence lists every counted article);
- every evidence item names an article of the corpus (url, title, source and published_at
  match) and its fact is an exact substring of that article's body;
- queries are 3-25 words, unique, and not in the benchmark's "published on" template.
It does not judge whether a "No" or a none question is right: that was checked by hand
(see README.md) by searching the corpus text.

With --cases it checks the phrasing cases against the test articles instead: the articles'
fields and lengths; each case's keys and types; that every expected answer text, verdict and
query name has at least one alternative that occurs in the articles, the question or its
history (so an expectation cannot ask for text no article holds); that cited outlets are
indexed and notices name an outlet the question mentions; and that every kind, both yes/no
verdicts and abstentions are covered.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

KINDS = {"yesno", "choice", "when", "entity", "quote", "list", "count", "none"}
TYPES = {"inference_query", "comparison_query", "temporal_query", "null_query"}
ALLOWED_TYPES = {"none": {"null_query"}, "when": {"temporal_query"},
                 "choice": {"comparison_query", "temporal_query"},  # temporal for "which came first"
                 "yesno": {"comparison_query", "temporal_query", "inference_query"},
                 "entity": {"inference_query"}, "quote": {"inference_query"},
                 "list": {"inference_query"}, "count": {"inference_query"}}
KEYS = {"query", "answer", "question_type", "kind", "aliases", "evidence_list", "note"}
EVIDENCE_KEYS = {"title", "source", "published_at", "url", "fact"}
NONE_ANSWER = "Insufficient information."
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

ARTICLE_KEYS = {"title", "body", "url", "source", "published_at", "author"}
CASE_KEYS = {"id", "group", "history", "question", "reference_date", "expect"}
EXPECT_KEYS = {"query_has", "query_lacks", "kind", "verdict", "abstained", "answer_has", "answer_lacks",
               "notice_has", "cites_source"}
CASE_KINDS = {"yesno", "choice", "when", "entity", "quote", "list", "count", "open"}
NOT_IN_TEXT = {"yes", "no", "before", "after"}
# Wording an answer may use for "nothing matched" that no article holds.
ANSWER_WORDS = {"nothing", "no article", "no articles", "none of the", "did not find", "didn't find",
                "no match", "no indexed"}

Item = dict[str, Any]


def norm(text: str) -> str:
    """Lower case, straight quotes, single spaces: for 'appears in the evidence' checks."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


# ---- the MultiHop-RAG question set

def _evidence(item: Item, by_url: dict[str, Item]) -> tuple[list[str], list[str], set[str], set[str]]:
    """Problems with the evidence, plus its facts, dates and outlets (normalised)."""
    problems: list[str] = []
    facts: list[str] = []
    dates: set[str] = set()
    outlets: set[str] = set()
    for e in item["evidence_list"]:
        if set(e) != EVIDENCE_KEYS:
            problems.append(f"evidence keys {sorted(set(e) ^ EVIDENCE_KEYS)} missing or unexpected")
            continue
        art = by_url.get(e["url"])
        if art is None:
            problems.append(f"evidence url not in the corpus: {e['url']}")
            continue
        for key in ("title", "source", "published_at"):
            if e[key] != art[key]:
                problems.append(f"evidence {key} {e[key]!r} differs from the corpus ({art[key]!r})")
        if not e["fact"] or e["fact"] not in art["body"]:
            problems.append(f"fact is not a substring of the article body: {e['fact'][:80]!r}")
        facts.append(norm(e["fact"]))
        dates.add(art["published_at"][:10])
        outlets.add(norm(art["source"]))
    return problems, facts, dates, outlets


def check_question(item: Item, by_url: dict[str, Item]) -> list[str]:
    """Problems with one question (without its name)."""
    if set(item) != KEYS:
        return [f"keys {sorted(set(item) ^ KEYS)} missing or unexpected"]
    problems: list[str] = []
    query, kind, qtype, answer = item["query"], item["kind"], item["question_type"], item["answer"]
    words = len(query.split())
    if not 2 <= words <= 30:
        problems.append(f"{words} words (want 2-30)")
    if re.search(r"\bpublished on\b", query, re.I):
        problems.append("uses the benchmark's 'published on' template")
    if kind not in KINDS:
        return [*problems, f"unknown kind {kind!r}"]
    if qtype not in TYPES:
        problems.append(f"unknown question_type {qtype!r}")
    elif qtype not in ALLOWED_TYPES[kind]:
        problems.append(f"kind {kind} wants question_type in {sorted(ALLOWED_TYPES[kind])}, not {qtype}")
    aliases = item["aliases"]
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        problems.append("aliases must be a list of non-empty strings")
        aliases = []
    evidence_problems, facts, dates, outlets = _evidence(item, by_url)
    problems += evidence_problems
    evidence = item["evidence_list"]
    if kind == "none":
        if answer != NONE_ANSWER:
            problems.append(f"a none question answers {NONE_ANSWER!r}")
        if evidence:
            problems.append("a none question has no evidence")
        return problems
    if not evidence:
        problems.append("an answerable question needs evidence")

    def backed(text: str) -> bool:
        t = norm(text)
        return any(t in f for f in facts) or t in outlets or text in dates

    if kind == "yesno" and answer not in ("Yes", "No"):
        problems.append("a yes/no answer is 'Yes' or 'No'")
    elif kind == "count":
        articles = len({e["url"] for e in evidence})
        if not answer.isdigit():
            problems.append("a count answer is digits")
        elif int(answer) != articles:
            problems.append(f"count {answer} but {articles} distinct evidence articles")
    elif kind == "list":
        items = [i.strip() for i in answer.split(";")]
        if len(items) < 2 or any(not i for i in items):
            problems.append("a list answer is two or more items joined by '; '")
        elif not all(backed(i) for i in items) and not any(
                all(backed(i.strip()) for i in alias.split(";")) for alias in aliases):
            problems.append(f"list items not all found in the evidence (facts or outlets): {answer!r}")
    elif kind == "when":
        if not any(ch.isdigit() for ch in answer) and norm(answer) not in WEEKDAYS:
            problems.append(f"a when answer is a date: {answer!r}")
        if not any(backed(c) for c in [answer, *aliases]):
            problems.append("neither the answer nor an alias appears in the evidence or its dates")
    elif kind in ("entity", "quote") and not backed(answer):
        problems.append(f"the answer does not appear in the evidence: {answer!r}")
    elif kind == "choice" and not answer:
        problems.append("a choice answer names a side")
    return problems


def check(corpus: list[Item], questions: list[Item]) -> list[str]:
    by_url = {a["url"]: a for a in corpus}
    problems: list[str] = []
    seen: set[str] = set()
    for n, item in enumerate(questions):
        where = f"#{n} {item.get('query', '')!r}"
        if norm(item.get("query", "")) in seen:
            problems.append(f"{where}: duplicate query")
        seen.add(norm(item.get("query", "")))
        problems += [f"{where}: {msg}" for msg in check_question(item, by_url)]
    return problems


def summary(questions: list[Item]) -> str:
    kinds = Counter(q["kind"] for q in questions)
    types = Counter(q["question_type"] for q in questions)
    yn = Counter(q["answer"] for q in questions if q["kind"] == "yesno")
    return (f"{len(questions)} questions; kinds {dict(sorted(kinds.items()))}; "
            f"types {dict(sorted(types.items()))}; yes/no {dict(yn)}")


# ---- the phrasing cases over tests/data/news

def date_forms(iso: str) -> list[str]:
    """An article date as an answer might write it: 2025-10-08, 8 October, October 8, Oct. 8."""
    day = dt.date.fromisoformat(iso[:10])
    month, short = day.strftime("%B"), day.strftime("%b")
    return [iso[:10], f"{day.day} {month}", f"{month} {day.day}", f"{short}. {day.day}", f"{short} {day.day}"]


def check_article(art: Item) -> list[str]:
    if set(art) != ARTICLE_KEYS:
        return [f"keys {sorted(set(art) ^ ARTICLE_KEYS)} missing or unexpected"]
    problems = []
    words = len(art["body"].split())
    if not 150 <= words <= 400:
        problems.append(f"body has {words} words (want 150-400)")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", art["published_at"]):
        problems.append("published_at is not an ISO date-time")
    return problems


def check_case(case: Item, text: str, sources: set[str]) -> list[str]:
    """Problems with one case (without its name); `text` is the normalised article text."""
    if set(case) - CASE_KEYS or not CASE_KEYS - {"reference_date"} <= set(case):
        return [f"keys {sorted(case)}"]
    problems: list[str] = []
    if not isinstance(case["history"], list) or not all(isinstance(h, str) for h in case["history"]):
        return ["history must be a list of questions"]
    if "reference_date" in case and not re.fullmatch(r"\d{4}-\d\d-\d\d", case["reference_date"]):
        problems.append("reference_date must be YYYY-MM-DD")
    expect = case["expect"]
    if not expect or set(expect) - EXPECT_KEYS:
        return [*problems, f"expect keys {sorted(set(expect) - EXPECT_KEYS) or 'empty'}"]
    for key in ("query_has", "query_lacks", "answer_has", "answer_lacks", "notice_has"):
        value = expect.get(key, [])
        if not isinstance(value, list) or not all(isinstance(x, str) and x for x in value):
            return [*problems, f"{key} must be a list of strings"]
    said = norm(" ".join([case["question"], *case["history"]]))
    for alts in expect.get("answer_has", []):
        if not any(norm(a) in text or norm(a) in ANSWER_WORDS for a in alts.split("|")):
            problems.append(f"answer_has {alts!r}: no alternative occurs in the articles")
    for alts in expect.get("query_has", []):
        if not any(norm(a) in text or norm(a) in said for a in alts.split("|")):
            problems.append(f"query_has {alts!r}: no alternative occurs in the articles or the conversation")
    for alts in expect.get("notice_has", []):
        if not any(norm(a) in said for a in alts.split("|")):
            problems.append(f"notice_has {alts!r}: the question names no such outlet")
    if expect.get("kind", "open") not in CASE_KINDS:
        problems.append(f"unknown kind {expect['kind']!r}")
    if "verdict" in expect and expect.get("kind") != "count" and not any(
            norm(v) in NOT_IN_TEXT or norm(v) in text for v in expect["verdict"].split("|")):
        problems.append(f"verdict {expect['verdict']!r}: no alternative occurs in the articles")
    if not isinstance(expect.get("abstained", False), bool):
        problems.append("abstained must be true or false")
    if "cites_source" in expect and expect["cites_source"] not in sources:
        problems.append(f"cites_source {expect['cites_source']!r} is not an outlet of the articles")
    return problems


def check_cases(cases: list[Item], articles: dict[str, Item]) -> list[str]:
    problems = [f"{name}: {msg}" for name, art in articles.items() for msg in check_article(art)]
    sources = {a.get("source", "") for a in articles.values()}
    dates = [f for a in articles.values() if a.get("published_at") for f in date_forms(a["published_at"])]
    text = norm(" ".join([*(a.get("title", "") + " " + a.get("body", "") for a in articles.values()),
                          *sources, *dates]))
    ids = Counter(case.get("id") for case in cases)
    problems += [f"case {i!r}: duplicate id" for i, n in ids.items() if n > 1]
    for case in cases:
        problems += [f"case {case.get('id')!r}: {msg}" for msg in check_case(case, text, sources)]
    expects = [case.get("expect") or {} for case in cases]
    kinds = {e.get("kind") for e in expects}
    verdicts = {norm(v) for e in expects for v in str(e.get("verdict", "")).split("|")}
    problems += [f"no case expects kind {k}" for k in sorted(CASE_KINDS - {"open"} - kinds)]
    problems += [f"no case expects the verdict {w!r}" for w in ("yes", "no") if w not in verdicts]
    if not {e.get("abstained") for e in expects} >= {True, False}:
        problems.append("cases should expect both abstentions and answers")
    return problems


# ---- command line

def _report(problems: list[str], summary_line: str, name: str) -> int:
    for line in problems:
        print(line)
    print(summary_line)
    print(f"{len(problems)} problem(s) in {name}")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "--cases":
        cases = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        articles = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(argv[3]).glob("*.json"))}
        groups = Counter(c.get("group") for c in cases)
        kinds = Counter((c.get("expect") or {}).get("kind", "-") for c in cases)
        line = (f"{len(cases)} cases over {len(articles)} articles; groups {dict(sorted(groups.items()))}; "
                f"kinds {dict(sorted(kinds.items()))}")
        return _report(check_cases(cases, articles), line, Path(argv[2]).name)
    if len(argv) not in (2, 3):
        print("\n".join(line.strip() for line in (__doc__ or "").strip().splitlines()[2:4]))
        return 2
    corpus = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    path = Path(argv[2]) if len(argv) == 3 else Path(__file__).with_name("natural-multihop.json")
    questions = json.loads(path.read_text(encoding="utf-8"))
    return _report(check(corpus, questions), summary(questions), path.name)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
