"""Ingest into a real Chroma on a temp dir with the real packaged model."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import Index
from index.chunk import chunk_article
from index.fetch import UNREACHABLE
from newsbot.errors import IndexMismatchError
from newsbot.settings import Settings
from tests.conftest import DATA, SEEDS, write

LONG_SENTENCE = " ".join(f"word{i} and clause{i}" for i in range(400))  # one 'sentence' far over the window


def chunk_texts(index: Index) -> dict[str, str]:
    return {cid: text for cid, text, _ in index.store.all_chunks()}


def test_seed_ingest_repairs_mojibake_in_every_chunk(index: Index) -> None:
    report = index.add([str(SEEDS)])
    assert report.count("added") == 1 and not report.failed
    texts = chunk_texts(index)
    assert len(texts) >= 2
    assert not any("\u0e42" in t for t in texts.values())
    assert any("Pakistan\u2019s" in t for t in texts.values())


def test_no_chunk_exceeds_the_model_window(embedder, tmp_path: Path) -> None:
    """Counted with the model's own tokenizer, special tokens included, on the seed and on long text (chunking: one backend)."""
    index = Index(Settings.load(home=tmp_path / "home"), embedder=embedder)
    long_text = "\n".join(
        [f"Paragraph {p}. " + " ".join(f"The committee met on day {p}-{s} and discussed the budget at length." for s in range(30))
         for p in range(12)] + [LONG_SENTENCE, "x" * 3000])
    write(tmp_path / "long.txt", "Long report\n\n" + long_text)
    report = index.add([str(SEEDS), str(tmp_path / "long.txt")])
    assert report.count("added") == 2
    texts = list(chunk_texts(index).values())
    counts = embedder.count_tokens(texts)
    assert len(texts) > 15
    assert max(counts) + 2 <= 256
    assert max(counts) + 2 > 200  # chunks are filled, not timid


def test_chunks_tile_the_article_and_keep_offsets(index: Index) -> None:
    index.add([str(SEEDS)])
    [record] = index.articles()
    text = index.article_text(record.id)
    for hit in index.chunks_of(record.id):
        assert text[hit.start:hit.end] == hit.body
        assert hit.text.startswith(record.title)
    assert "Pakistan\u2019s critical minerals" in text
    headings = {h.heading for h in index.chunks_of(record.id)}
    assert "Security, Counterterrorism, and Regional Stability" in headings


def test_heading_is_never_the_last_line_of_a_chunk(embedder) -> None:
    from index.load import load

    [article] = [a for a in load([str(SEEDS)], Settings.load())]
    for size in (96, 128, 160, 256):
        for chunk in chunk_article(article, embedder.count_tokens, size, 1):
            last_line = chunk.body.strip().split("\n")[-1]
            assert last_line not in article.headings, (size, chunk.ordinal)


def test_reingest_is_a_noop(index: Index) -> None:
    first = index.add([str(SEEDS), str(DATA / "feed.rss")])
    before = sorted(chunk_texts(index))
    generation = index.store.generation()
    again = index.add([str(SEEDS), str(DATA / "feed.rss")])
    assert first.count("added") == 3
    assert again.count("unchanged") == 3 and again.chunks == 0
    assert sorted(chunk_texts(index)) == before and index.store.generation() == generation


def test_edited_file_replaces_all_old_chunks(index: Index, tmp_path: Path) -> None:
    path = write(tmp_path / "story.txt", "Long story\n\n" + " ".join(f"Sentence number {i} is about the harbour." for i in range(200)))
    index.add([str(path)])
    [old] = index.articles()
    assert old.chunk_count > 3
    write(path, "Long story\n\nThe harbour story was cut down to one sentence.")
    report = index.add([str(path)])
    assert report.count("updated") == 1
    [new] = index.articles()
    assert new.id == old.id and new.chunk_count == 1
    assert list(chunk_texts(index)) == [f"{old.id}:0000"]
    assert [cid for cid, _ in index.keywords.search("harbour story cut down", 5)] == [f"{old.id}:0000"]
    assert index.keywords.search("number 150", 5) == []  # the old text is gone from the keyword index too


def test_same_text_under_two_names_is_stored_once(index: Index, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Ferry fares fall\n\nFerry fares fall by a tenth from May.")
    write(tmp_path / "copy-of-a.txt", "Ferry fares fall\n\nFerry fares fall by a tenth from May.")
    report = index.add([str(tmp_path)])
    assert (report.count("added"), report.count("duplicate")) == (1, 1)
    assert len(index.articles()) == 1


def test_remove_deletes_every_chunk_and_keyword_entry(index: Index, tmp_path: Path) -> None:
    index.add([str(SEEDS), str(DATA / "feed.atom")])
    seed = next(r for r in index.articles() if r.source == "")
    assert index.keywords.search("Balochistan", 5)
    removed = index.remove(seed.id)
    assert removed == seed.chunk_count
    assert index.store.chunk_ids(seed.id) == []
    assert index.keywords.search("Balochistan", 5) == []
    assert [r.source for r in index.articles()] == ["Coastal Wire"]


def test_keyword_index_agrees_with_chroma_and_survives_restart(index: Index, settings: Settings, embedder) -> None:
    index.add([str(SEEDS)] + [str(DATA / n) for n in ("article.html", "feed.rss", "feed.atom", "multihop-sample.json")])
    index.keywords.refresh()
    assert index.keywords.size == index.store.count()
    reopened = Index(settings, embedder=embedder)
    seed = next(r for r in index.articles() if r.source == "")
    top = reopened.keywords.search("Pigott spokesperson", 3)
    assert top[0][0].startswith(seed.id)
    assert reopened.keywords.size == index.store.count()


def test_two_collections_in_one_home_never_share_a_keyword_index(settings: Settings, embedder, tmp_path: Path) -> None:
    """The keyword cache in NEWSBOT_HOME/keyword is keyed by collection (and version), not just by generation
    and chunk count, which both collections here share."""
    first = Index(settings, embedder=embedder)
    second = Index(settings.replace(collection=settings.collection + "-b"), embedder=embedder)
    first.add([str(write(tmp_path / "a.txt", "Storm warning lifted\n\nForecasters lifted the storm warning on Sunday."))])
    second.add([str(write(tmp_path / "b.txt", "Library hours extended\n\nThe library stays open until nine on weekdays."))])
    assert (first.store.generation(), first.store.count()) == (second.store.generation(), second.store.count()) == (1, 1)
    for index, word, other in ((first, "storm", "library"), (second, "library", "storm")):
        reopened = Index(index.settings, embedder=embedder)
        [(chunk_id, _)] = reopened.keywords.search(word, 3)
        assert chunk_id == index.articles()[0].id + ":0000" and reopened.keywords.search(other, 3) == []


def test_check_names_half_articles_and_orphan_chunks(index: Index) -> None:
    """Mechanics of `python -m index check`: damage made by hand (a lost tail chunk, then a lost record)."""
    from index.check import problems

    index.add([str(SEEDS)])
    [record] = index.articles()
    assert problems(index) == [] and record.chunk_count >= 3
    index.store.delete([f"{record.id}:{record.chunk_count - 1:04d}"])  # behind the keyword index's back, too
    n = record.chunk_count
    assert problems(index) == [f"article {record.id} ({record.title!r}) has {n - 1} chunks, its record says {n}",
                               f"the keyword index covers {n} chunks, Chroma holds {n - 1} (1 extra, 0 missing)"]
    index.store.delete([f"{record.id}:0000"])
    index.store.publish()
    assert problems(index) == [f"{n - 2} chunks of article {record.id} have no article record (chunk 0)"]


def test_writes_larger_than_chromas_batch_limit_are_split(index: Index) -> None:
    index.store.max_batch = 2  # mechanics only: forces several upsert calls for one run
    report = index.add([str(SEEDS), str(DATA / "feed.rss"), str(DATA / "multihop-sample.json")])
    assert report.count("added") == 6
    assert index.store.count() == sum(r.chunk_count for r in index.articles())


def test_bad_inputs_fail_alone_with_a_clear_reason(index: Index, tmp_path: Path) -> None:
    bad = {
        "empty.txt": b"",
        "blank.txt": b"   \n\t\n  ",
        "binary.txt": bytes(range(256)) * 8,
        "broken.json": b'{"title": "x", "body": ',
        "menu.html": b"<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>",
        "paper.txt": b"%PDF-1.7 binary",
    }
    for name, data in bad.items():
        write(tmp_path / "in" / name, data)
    write(tmp_path / "in" / "legacy.txt", "Caf\xe9 owners protest\n\nThe caf\xe9 owners\u2019 group met on Monday.".encode("cp1252"))
    report = index.add([str(tmp_path / "in"), str(tmp_path / "missing.txt"), str(SEEDS)])
    reasons = {Path(r.source).name: r.reason for r in report.failed}
    assert set(reasons) == set(bad) | {"missing.txt"}
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.txt"]
    assert "binary" in reasons["binary.txt"] and "invalid JSON" in reasons["broken.json"]
    assert "no article text" in reasons["menu.html"] and "PDF" in reasons["paper.txt"]
    assert "no such file" in reasons["missing.txt"]
    titles = sorted(r.title for r in index.articles())
    assert "Café owners protest" in titles and len(titles) == 2
    legacy = next(r for r in index.articles() if r.title.startswith("Café"))
    assert "caf\u00e9 owners\u2019 group" in index.article_text(legacy.id)


def test_index_refuses_another_model(settings: Settings, index: Index) -> None:
    index.add([str(SEEDS)])

    class Other:
        name, dimension, max_tokens = "some-other-model", 768, 512

    with pytest.raises(IndexMismatchError, match="rebuild"):
        Index(settings, embedder=Other())  # type: ignore[arg-type]


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/story.html":
            self._send(200, "text/html; charset=utf-8", (DATA / "article.html").read_bytes())
        elif self.path == "/feed":
            self._send(200, "application/rss+xml", (DATA / "feed.rss").read_bytes())
        elif self.path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.4")
        elif self.path == "/disguised":
            self._send(200, "text/html", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary")
        elif self.path == "/photo":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, "text/plain", b"Too late\n\nThis arrives after the timeout.")
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, code: int, ctype: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_urls_are_fetched_and_failures_named(embedder, tmp_path: Path, server: str) -> None:
    """Loopback needs the opt-in (tests/test_fetch.py has every refused case); a server silent past the
    deadline is as unreachable as no server at all."""
    index = Index(Settings.load(home=tmp_path / "h", fetch_timeout=1.0, fetch_allow_private=True), embedder=embedder)
    report = index.add([f"{server}/story.html", f"{server}/feed", f"{server}/missing", f"{server}/report.pdf",
                        f"{server}/slow", "ftp://example.com/x", f"{server}/disguised", f"{server}/photo"])
    assert report.count("added") == 3
    reasons = {r.source.rsplit("/", 1)[-1]: r.reason for r in report.failed}
    assert "HTTP 404" in reasons["missing"] and "PDF" in reasons["report.pdf"]
    assert "this is a PDF" in reasons["disguised"] and "image/png, not a web page" in reasons["photo"]
    assert reasons["slow"] == UNREACHABLE and "http" in reasons["x"]
    story = next(r for r in index.articles() if r.source == "Harbour Times")
    assert story.url == "https://harbourtimes.example.com/news/port-strike-ends"


def test_sentences_do_not_end_at_a_name_abbreviation() -> None:
    """"Super Mario Bros. Wonder" and "Warner Bros. Discovery" are names, not two sentences each."""
    from index.chunk import split_sentences
    text = "Super Mario Bros. Wonder has six worlds. Warner Bros. Discovery signed the deal. Dr. Ruiz agreed."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Super Mario Bros. Wonder has six worlds.", "Warner Bros. Discovery signed the deal.", "Dr. Ruiz agreed."]
