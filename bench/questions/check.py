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

import json
import re
import sys
from collections import Counter
from pathlib import Path

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


def norm(text: str) -> str:
    """Lower case, straight quotes, single spaces: for 'appears in the evidence' checks."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def check(corpus: list[dict], questions: list[dict]) -> list[str]:
    by_url = {a["url"]: a for a in corpus}
    problems: list[str] = []
    seen: set[str] = set()
    for n, item in enumerate(questions):
        q = item.get("query", "")
        where = f"#{n} {q!r}"

        def bad(msg: str) -> None:
            problems.append(f"{where}: {msg}")

        if set(item) != KEYS:
            bad(f"keys {sorted(set(item) ^ KEYS)} missing or unexpected")
            continue
        kind, qtype, answer, aliases, evidence = (item["kind"], item["question_type"], item["answer"],
                                                   item["aliases"], item["evidence_list"])
        words = len(q.split())
        if not 3 <= words <= 25:
            bad(f"{words} words (want 3-25)")
        if norm(q) in seen:
            bad("duplicate query")
        seen.add(norm(q))
        if re.search(r"\bpublished on\b", q, re.I):
            bad("uses the benchmark's 'published on' template")
        if kind not in KINDS:
            bad(f"unknown kind {kind!r}")
            continue
        if qtype not in TYPES:
            bad(f"unknown question_type {qtype!r}")
        elif qtype not in ALLOWED_TYPES[kind]:
            bad(f"kind {kind} wants question_type in {sorted(ALLOWED_TYPES[kind])}, not {qtype}")
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
            bad("aliases must be a list of non-empty strings")
            aliases = []

        facts, dates, outlets = [], set(), set()
        for e in evidence:
            if set(e) != EVIDENCE_KEYS:
                bad(f"evidence keys {sorted(set(e) ^ EVIDENCE_KEYS)} missing or unexpected")
                continue
            art = by_url.get(e["url"])
            if art is None:
                bad(f"evidence url not in the corpus: {e['url']}")
                continue
            for key in ("title", "source", "published_at"):
                if e[key] != art[key]:
                    bad(f"evidence {key} {e[key]!r} differs from the corpus ({art[key]!r})")
            if not e["fact"] or e["fact"] not in art["body"]:
                bad(f"fact is not a substring of the article body: {e['fact'][:80]!r}")
            facts.append(norm(e["fact"]))
            dates.add(art["published_at"][:10])
            outlets.add(norm(art["source"]))

        if kind == "none":
            if answer != NONE_ANSWER:
                bad(f"a none question answers {NONE_ANSWER!r}")
            if evidence:
                bad("a none question has no evidence")
            continue
        if not evidence:
            bad("an answerable question needs evidence")
        candidates = [answer, *aliases]

        def backed(text: str) -> bool:
            t = norm(text)
            return any(t in f for f in facts) or t in outlets or text in dates

        if kind == "yesno":
            if answer not in ("Yes", "No"):
                bad("a yes/no answer is 'Yes' or 'No'")
        elif kind == "count":
            if not answer.isdigit():
                bad("a count answer is digits")
            elif int(answer) != len({e["url"] for e in evidence}):
                bad(f"count {answer} but {len({e['url'] for e in evidence})} distinct evidence articles")
        elif kind == "list":
            items = [i.strip() for i in answer.split(";")]
            if len(items) < 2 or any(not i for i in items):
                bad("a list answer is two or more items joined by '; '")
            elif not all(backed(i) for i in items) and not any(
                    all(backed(i.strip()) for i in alias.split(";")) for alias in aliases):
                bad(f"list items not all found in the evidence (facts or outlets): {answer!r}")
        elif kind == "when":
            if not any(ch.isdigit() for ch in answer) and norm(answer) not in WEEKDAYS:
                bad(f"a when answer is a date: {answer!r}")
            if not any(backed(c) for c in candidates):
                bad("neither the answer nor an alias appears in the evidence or its dates")
        elif kind in ("entity", "quote"):
            if not backed(answer):
                bad(f"the answer does not appear in the evidence: {answer!r}")
        elif kind == "choice" and not answer:
            bad("a choice answer names a side")
    return problems


ARTICLE_KEYS = {"title", "body", "url", "source", "published_at", "author"}
EXPECT_KEYS = {"query_has", "query_lacks", "kind", "verdict", "abstained", "answer_has", "answer_lacks",
               "notice_has", "cites_source"}
CASE_KINDS = {"yesno", "choice", "when", "entity", "quote", "list", "count", "open"}
NOT_IN_TEXT = {"yes", "no", "before", "after"}
# Wording an answer may use for "nothing matched" that no article holds.
ANSWER_WORDS = {"nothing", "no article", "no articles", "none of the", "did not find", "didn't find",
                "no match", "no indexed"}


def date_forms(iso: str) -> list[str]:
    """An article date as an answer might write it: 2025-10-08, 8 October, October 8, Oct. 8."""
    import datetime as dt
    day = dt.date.fromisoformat(iso[:10])
    month, short = day.strftime("%B"), day.strftime("%b")
    return [iso[:10], f"{day.day} {month}", f"{month} {day.day}", f"{short}. {day.day}", f"{short} {day.day}"]


def check_cases(cases: list[dict], articles: dict[str, dict]) -> list[str]:
    problems: list[str] = []
    for name, art in articles.items():
        if set(art) != ARTICLE_KEYS:
            problems.append(f"{name}: keys {sorted(set(art) ^ ARTICLE_KEYS)} missing or unexpected")
            continue
        words = len(art["body"].split())
        if not 150 <= words <= 400:
            problems.append(f"{name}: body has {words} words (want 150-400)")
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", art.get("published_at", "")):
            problems.append(f"{name}: published_at is not an ISO date-time")
    sources = {a.get("source", "") for a in articles.values()}
    dates = [f for a in articles.values() if a.get("published_at") for f in date_forms(a["published_at"])]
    text = norm(" ".join([*(a.get("title", "") + " " + a.get("body", "") for a in articles.values()),
                          *sources, *dates]))
    ids: set[str] = set()
    seen_kinds: set[str] = set()
    verdicts: set[str] = set()
    abstains: set[bool] = set()
    for case in cases:
        where = f"case {case.get('id')!r}"

        def bad(msg: str) -> None:
            problems.append(f"{where}: {msg}")

        if set(case) - {"id", "group", "history", "question", "reference_date", "expect"} or not {
                "id", "group", "history", "question", "expect"} <= set(case):
            bad(f"keys {sorted(case)}")
            continue
        if case["id"] in ids:
            bad("duplicate id")
        ids.add(case["id"])
        if not isinstance(case["history"], list) or not all(isinstance(h, str) for h in case["history"]):
            bad("history must be a list of questions")
        if "reference_date" in case and not re.fullmatch(r"\d{4}-\d\d-\d\d", case["reference_date"]):
            bad("reference_date must be YYYY-MM-DD")
        expect = case["expect"]
        if not expect or set(expect) - EXPECT_KEYS:
            bad(f"expect keys {sorted(set(expect) - EXPECT_KEYS) or 'empty'}")
            continue
        said = norm(" ".join([case["question"], *case["history"]]))
        for key in ("query_has", "query_lacks", "answer_has", "answer_lacks", "notice_has"):
            if key in expect and (not isinstance(expect[key], list) or not all(isinstance(x, str) and x for x in expect[key])):
                bad(f"{key} must be a list of strings")
        for alts in expect.get("answer_has", []):
            if not any(norm(a) in text or norm(a) in ANSWER_WORDS for a in alts.split("|")):
                bad(f"answer_has {alts!r}: no alternative occurs in the articles")
        for alts in expect.get("query_has", []):
            if not any(norm(a) in text or norm(a) in said for a in alts.split("|")):
                bad(f"query_has {alts!r}: no alternative occurs in the articles or the conversation")
        for alts in expect.get("notice_has", []):
            if not any(norm(a) in said for a in alts.split("|")):
                bad(f"notice_has {alts!r}: the question names no such outlet")
        if "kind" in expect:
            if expect["kind"] not in CASE_KINDS:
                bad(f"unknown kind {expect['kind']!r}")
            seen_kinds.add(expect["kind"])
        if "verdict" in expect:
            alts = [v.strip() for v in expect["verdict"].split("|")]
            verdicts.update(norm(v) for v in alts)
            if expect.get("kind") != "count" and not any(
                    norm(v) in NOT_IN_TEXT or norm(v) in text for v in alts):
                bad(f"verdict {expect['verdict']!r}: no alternative occurs in the articles")
        if "abstained" in expect:
            if not isinstance(expect["abstained"], bool):
                bad("abstained must be true or false")
            abstains.add(expect["abstained"])
        if "cites_source" in expect and expect["cites_source"] not in sources:
            bad(f"cites_source {expect['cites_source']!r} is not an outlet of the articles")
    for kind in sorted(CASE_KINDS - {"open"} - seen_kinds):
        problems.append(f"no case expects kind {kind}")
    for word in ("yes", "no"):
        if word not in verdicts:
            problems.append(f"no case expects the verdict {word!r}")
    if abstains != {True, False}:
        problems.append("cases should expect both abstentions and answers")
    return problems


def main_cases(cases_path: Path, news_dir: Path) -> int:
    cases = json.loads(cases_path.read_text(encoding="utf-8"))
    articles = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted(news_dir.glob("*.json"))}
    problems = check_cases(cases, articles)
    for line in problems:
        print(line)
    groups = Counter(c.get("group") for c in cases)
    kinds = Counter(c.get("expect", {}).get("kind", "-") for c in cases)
    print(f"{len(cases)} cases over {len(articles)} articles; groups {dict(sorted(groups.items()))}; kinds {dict(sorted(kinds.items()))}")
    print(f"{len(problems)} problem(s) in {cases_path.name}")
    return 1 if problems else 0


def summary(questions: list[dict]) -> str:
    kinds = Counter(q["kind"] for q in questions)
    types = Counter(q["question_type"] for q in questions)
    yn = Counter(q["answer"] for q in questions if q["kind"] == "yesno")
    return (f"{len(questions)} questions; kinds {dict(sorted(kinds.items()))}; "
            f"types {dict(sorted(types.items()))}; yes/no {dict(yn)}")


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[1] == "--cases":
        return main_cases(Path(argv[2]), Path(argv[3]))
    if len(argv) not in (2, 3):
        print("\n".join(line.strip() for line in __doc__.strip().splitlines()[2:4]))
        return 2
    corpus = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    path = Path(argv[2]) if len(argv) == 3 else Path(__file__).with_name("natural-multihop.json")
    questions = json.loads(path.read_text(encoding="utf-8"))
    problems = check(corpus, questions)
    for line in problems:
        print(line)
    print(summary(questions))
    print(f"{len(problems)} problem(s) in {path.name}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
