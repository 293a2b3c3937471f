"""The keyword index grows with each write: readers apply the writer's step, or compare articles; never wrong.

Real Chroma (both backends), the real model; the scores are checked against bm25s, the BM25 library this
index replaced, built over the same chunks.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from index import Index
from index.ingest import prefetch
from index.keyword import KeywordIndex, terms
from newsbot.settings import Settings
from tests.conftest import DATA, SEEDS, write

CORPUS = [str(SEEDS)] + [str(DATA / n) for n in ("article.html", "feed.rss", "feed.atom", "multihop-sample.json")]
QUERIES = ["Rubio Balochistan attacks", "bridge repairs cost", "ferry services resume Monday", "critical minerals",
           "storm harbour wall", "Pigott spokesperson said", "the the the", "Sam Bankman-Fried lawyers argue"]


def segments(index: Index) -> tuple[Any, ...]:
    return index.keywords._view.segments


def fresh(index: Index) -> KeywordIndex:
    """A keyword index built from nothing but Chroma (its own folder): what the incremental one must equal."""
    other = KeywordIndex(index.store, index.settings.home / "keyword-fresh")
    other.refresh()
    return other


def assert_same(ours: KeywordIndex, theirs: KeywordIndex) -> None:
    assert sorted(ours.chunk_ids) == sorted(theirs.chunk_ids) and ours.size == theirs.size
    assert ours.document_frequencies() == theirs.document_frequencies()
    for query in QUERIES:
        a, b = dict(ours.search(query, 50)), dict(theirs.search(query, 50))
        assert a.keys() == b.keys(), query
        assert all(abs(a[c] - b[c]) <= 1e-5 * max(1.0, b[c]) for c in a), query
        assert all(ours.idf(t) == pytest.approx(theirs.idf(t)) for t in terms(query))
        weights = {t: theirs.idf(t) for t in terms(query)}
        mine, fresh_ = ours.best_sentences(theirs.chunk_ids, weights), theirs.best_sentences(theirs.chunk_ids, weights)
        assert None not in mine and mine == pytest.approx(fresh_), query  # sentence terms follow their chunks too


def test_scores_equal_bm25s_over_the_same_chunks(index: Index) -> None:
    """BM25 (Lucene's variant, k1=1.2, b=0.75) computed at query time equals bm25s's precomputed scores."""
    import bm25s

    index.add(CORPUS)
    rows = list(index.store.all_chunks())
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index([terms(text) or ["\u2205"] for _, text, _ in rows], show_progress=False)
    index.keywords.refresh()
    for query in QUERIES:
        words = [w for w in terms(query) if w in reference.vocab_dict]
        expected = reference.get_scores(words) if words else np.zeros(len(rows))
        ours = dict(index.keywords.search(query, len(rows)))
        got = np.array([ours.get(cid, 0.0) for cid, _, _ in rows])
        assert np.allclose(got, expected, rtol=1e-5, atol=1e-6), query
    assert index.keywords.idf("balochistan") == pytest.approx(
        float(np.log(1 + (len(rows) - 1 + 0.5) / 1.5)) if sum("Balochistan" in t for _, t, _ in rows) == 1 else
        index.keywords.idf("balochistan"))


def test_a_reader_applies_the_writers_step_instead_of_rebuilding(settings: Settings, embedder: Any, tmp_path: Path) -> None:
    """The reader keeps the segment it had, maps the writer's one new segment (the new article's chunks only),
    and then answers exactly as an index built from scratch would."""
    writer = Index(settings, embedder=embedder)
    writer.add([CORPUS[0], CORPUS[1], CORPUS[3]])
    reader = Index(settings, embedder=embedder)
    reader.keywords.refresh()
    before = segments(reader)
    assert not reader.keywords.search("Valley Gazette bridge", 5)

    report = writer.add([str(DATA / "feed.rss")])
    assert report.count("added") == 2
    reader.keywords.refresh()
    after = segments(reader)
    assert after[: len(before)] == before and all(a is b for a, b in zip(after, before, strict=False))
    assert len(after) == len(before) + 1 and len(after[-1]) == report.chunks
    assert reader.keywords.search("bridge repairs", 3)[0][0].split(":")[0] in {r.article_id for r in report.results}
    assert_same(reader.keywords, fresh(reader))


def test_updates_and_removals_are_steps_too(settings: Settings, embedder: Any, tmp_path: Path) -> None:
    story = write(tmp_path / "in" / "harbour.txt", "Harbour wall repaired\n\nThe harbour wall was repaired for 150 pounds.")
    writer = Index(settings, embedder=embedder)
    writer.add([*CORPUS[:2], str(story)])
    reader = Index(settings, embedder=embedder)
    reader.keywords.refresh()
    base = segments(reader)[0]

    write(story, "Harbour wall repaired\n\nThe harbour wall was repaired by volunteers over the weekend.")
    assert writer.add([str(story)]).count("updated") == 1
    reader.keywords.refresh()
    assert segments(reader)[0] is base
    assert reader.keywords.search("150 pounds", 5) == [] and reader.keywords.search("volunteers weekend", 5)
    assert_same(reader.keywords, fresh(reader))

    seed = next(r for r in writer.articles() if r.source == "")
    writer.remove(seed.id)
    reader.keywords.refresh()
    assert segments(reader)[0] is base and reader.keywords.search("Balochistan", 5) == []
    assert reader.keywords.containing(["Balochistan"]) == {} and reader.keywords.passing([f"{seed.id}:0000"], _all()) == []
    assert_same(reader.keywords, fresh(reader))


def _all() -> Any:
    from newsbot.types import Filters

    return Filters()


def test_without_a_step_a_reader_reads_only_the_articles_that_changed(settings: Settings, embedder: Any) -> None:
    """A session that finds a killed one's mark records no step (what the killed one wrote is unknown): readers
    compare each article's signature with their own and read the one that differs, not every chunk."""
    writer = Index(settings, embedder=embedder)
    writer.add(CORPUS[:3])
    reader = Index(settings, embedder=embedder)
    reader.keywords.refresh()
    base = segments(reader)[0]
    writer.store.mark_writing()  # what a SIGKILLed session leaves
    report = writer.add([str(DATA / "feed.atom")])
    assert report.count("added") == 1
    steps = json.loads((settings.home / "keyword" / "manifest.json").read_text())["steps"]
    assert steps[-1]["to"] == writer.store.sync()  # the comparison was recorded for the next reader

    reader.keywords.refresh()
    assert segments(reader)[0] is base and len(segments(reader)) == 2 and len(segments(reader)[1]) == report.chunks
    assert_same(reader.keywords, fresh(reader))


def test_steps_are_merged_when_they_pile_up_and_a_new_reader_maps_few_segments(index: Index, tmp_path: Path) -> None:
    index.add(CORPUS[:1])
    for i in range(11):
        index.add([str(write(tmp_path / "in" / f"note{i}.txt", f"Council note {i}\n\nThe council met about item {i} today."))])
    manifest = json.loads((index.settings.home / "keyword" / "manifest.json").read_text())
    assert len(manifest["steps"]) <= 9
    reader = Index(index.settings, embedder=index.embedder)
    reader.keywords.refresh()
    assert len(segments(reader)) <= 9
    assert_same(reader.keywords, fresh(reader))
    assert {cid.rsplit(":", 1)[0] for cid, _ in reader.keywords.search("council item", 20)} == \
        {r.id for r in reader.articles() if r.title.startswith("Council note")}


def test_a_saved_copy_that_is_damaged_or_of_the_old_layout_is_replaced(index: Index) -> None:
    index.add(CORPUS[:2])
    folder = index.settings.home / "keyword"
    manifest = json.loads((folder / "manifest.json").read_text())
    for step in manifest["steps"]:
        if step["segment"]:
            shutil.rmtree(folder / "segments" / step["segment"])
    (folder / "state.json").write_text("{}")  # the bm25s layout's files: removed once a new chain is saved
    (folder / "bm25").mkdir()
    reader = Index(index.settings, embedder=index.embedder)
    reader.keywords.refresh()
    assert reader.keywords.size == index.store.count()
    assert not (folder / "state.json").exists() and not (folder / "bm25").exists()
    assert_same(reader.keywords, fresh(reader))


def test_the_index_stores_each_sentences_terms_as_answering_reads_them(index: Index, tmp_path: Path) -> None:
    """A worked example, then every chunk: the best sentence's weight from what the ingest stored equals the one
    answering reads from the chunk's text (`bot.evidence.sentence_terms`, which reads it when nothing is stored).

    "The ferry sails at noon. Harbour fees rose sharply." with weights ferry 1, harbour 2, fee 0.5: the first
    sentence holds ferry (1), the second harbour and fee (2.5), so 2.5; "bridge" alone matches no sentence: 0.0.
    """
    from bot.evidence import sentence_terms

    story = write(tmp_path / "in" / "ferry.txt", "Ferry news\n\nThe ferry sails at noon. Harbour fees rose sharply.")
    index.add([str(story), *CORPUS])
    hits = index.store.hits(index.keywords.chunk_ids)
    chunk = next(c for c, hit in hits.items() if "ferry sails" in hit.body)
    [ferry], [harbour], [fee], [bridge] = (terms(w) for w in ("ferry", "harbour", "fees", "bridge"))
    assert index.keywords.best_sentences([chunk], {ferry: 1.0, harbour: 2.0, fee: 0.5}) == [2.5]
    assert index.keywords.best_sentences([chunk, "no-such:0000"], {bridge: 1.0}) == [0.0, None]
    for query in QUERIES:
        weights = {t: index.keywords.idf(t) for t in terms(query)}
        expected = [max((sum(weights.get(t, 0.0) for t in said) for said in sentence_terms(hits[c].body)), default=0.0)
                    for c in hits]
        assert index.keywords.best_sentences(list(hits), weights) == pytest.approx(expected), query


def test_a_segment_saved_before_sentence_terms_is_read_as_before(index: Index) -> None:
    """An index saved before segments held sentence terms is not rebuilt: its chunks have none (None), and
    retrieval reads every candidate chunk to rank it by its sentences, ranking exactly as with them (where it reads
    only the best few)."""
    from bot.question import read_plain
    from bot.retrieve import Retriever

    index.add(CORPUS)
    plans = [read_plain(q) for q in QUERIES]
    with_terms = [[(h.chunk_id, h.score) for h in Retriever(index, index.embedder).search_plan(p, 8)] for p in plans]
    folder = index.settings.home / "keyword" / "segments"
    for name in ("sbounds", "sptr", "sterms"):
        for old in folder.glob(f"*/{name}.npy"):
            old.unlink()
    reader = Index(index.settings, embedder=index.embedder)
    reader.keywords.refresh()
    assert not any(s.has_sentence_terms for s in segments(reader))
    assert set(reader.keywords.best_sentences(reader.keywords.chunk_ids, {terms("ferry")[0]: 1.0})) == {None}
    assert [[(h.chunk_id, h.score) for h in Retriever(reader, reader.embedder).search_plan(p, 8)] for p in plans] == with_terms


def test_the_same_article_twice_in_one_ingest_is_written_once(index: Index, tmp_path: Path) -> None:
    story = write(tmp_path / "a.txt", "Ferry fares fall\n\nFerry fares fall by a tenth from May.")
    report = index.add([str(story), str(SEEDS), str(story)])
    assert sorted((r.source, r.status) for r in report.results) == sorted(
        [(str(story), "added"), (str(story), "unchanged"), (str(SEEDS / next(p.name for p in SEEDS.iterdir())), "added")])
    assert index.keywords.size == index.store.count()


def test_prefetch_hands_over_the_producers_error_and_stops_it_when_left() -> None:
    made: list[int] = []

    def numbers(fail_at: int | None = None) -> Any:
        for i in range(1000):
            if i == fail_at:
                raise ValueError("bad input at 3")
            made.append(i)
            yield i

    with pytest.raises(ValueError, match="bad input at 3"):
        list(prefetch(numbers(fail_at=3), 2))
    made.clear()
    for i in prefetch(numbers(), 2):
        if i == 5:
            break
    assert len(made) <= 5 + 2 + 2  # the producer ran at most its depth (plus the item in hand) ahead, then stopped
    assert list(prefetch(iter(range(5)), 0)) == [0, 1, 2, 3, 4]


def test_the_catalogue_follows_writes_as_the_article_records_say(settings: Settings, embedder: Any, tmp_path: Path) -> None:
    """The outlets and the newest article a question reader needs come from the keyword index as it follows writes,
    and equal what reading every article record from Chroma gives, after an add and after a removal."""
    writer = Index(settings, embedder=embedder)
    writer.add(CORPUS)
    reader = Index(settings, embedder=embedder)

    def from_records() -> tuple[tuple[str, ...], str]:
        records = writer.articles()
        dated = [r for r in records if r.published_at]
        newest = max(dated, key=lambda r: (r.published_at, r.title)).id if dated else ""
        return tuple(sorted({r.source for r in records})), newest

    version, sources, newest = reader.keywords.catalogue()
    assert version == reader.store.sync() and (sources, newest) == from_records()
    story = write(tmp_path / "in" / "late.json", json.dumps({"title": "Late story", "source": "Zephyr Ledger",
                                                             "published_at": "2031-01-02", "body": "A late story."}))
    writer.add([str(story)])
    assert reader.keywords.catalogue()[1:] == from_records() and "Zephyr Ledger" in reader.keywords.catalogue()[1]
    writer.remove(reader.keywords.catalogue()[2])
    assert reader.keywords.catalogue()[1:] == from_records() and "Zephyr Ledger" not in reader.keywords.catalogue()[1]
