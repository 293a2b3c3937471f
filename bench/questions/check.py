"""Check the hand-written question set against the MultiHop-RAG corpus.

    python bench/questions/check.py /path/to/multihop-rag/corpus.json [questions.json]

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


def summary(questions: list[dict]) -> str:
    kinds = Counter(q["kind"] for q in questions)
    types = Counter(q["question_type"] for q in questions)
    yn = Counter(q["answer"] for q in questions if q["kind"] == "yesno")
    return (f"{len(questions)} questions; kinds {dict(sorted(kinds.items()))}; "
            f"types {dict(sorted(types.items()))}; yes/no {dict(yn)}")


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2].strip())
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
