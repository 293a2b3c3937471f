"""The rest of issue 7's bad-input list, on real components: each bad input gets a clear reason, the
good inputs next to it all go in, and the index stays whole.

Already covered elsewhere, not repeated here: empty, whitespace-only, binary and PDF files, broken
JSON, menu-only HTML, a cp1252 file, URLs that time out / 404 / return a PDF, and the same text
under two file names (test_ingest.py); JSONL line numbers and `../` upload names (test_load.py);
empty, punctuation-only and over-long questions and an inverted date range (test_bot.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index import Index
from index.load import load
from newsbot.errors import IngestError
from newsbot.settings import Settings
from newsbot.types import Article
from tests.conftest import REPO, SEEDS, assert_whole, write

GOOD = "Harbour reopens\n\nThe harbour reopened on Friday after three weeks of dredging, the port authority said.\n"
MB50 = 50 * 1_000_000


def loaded(path: Path) -> list[Article | IngestError]:
    return list(load([str(path)], Settings.load()))


def test_50_mb_inputs_are_refused_and_the_rest_still_goes_in(index: Index, tmp_path: Path) -> None:
    """A 50 MB text file is refused by its size (never read); a JSON file holding one 50 MB body is read
    (JSON files hold many articles) and that article is refused; an upload of 50 MB likewise."""
    sentence = b"The council met again and talked about the harbour for a long time. "
    write(tmp_path / "in" / "huge.txt", sentence * (MB50 // len(sentence) + 1))
    body = (sentence * (MB50 // len(sentence) + 1)).decode()
    write(tmp_path / "in" / "huge.json", json.dumps([{"title": "Endless minutes", "body": body},
                                                     {"title": "Short one", "body": "The ferry runs again from Monday."}]))
    write(tmp_path / "in" / "good.txt", GOOD)
    report = index.add([str(tmp_path / "in")])
    reasons = {Path(r.source).name: r.reason for r in report.failed}
    assert set(reasons) == {"huge.txt", "huge.json (Endless minutes)"}
    assert reasons["huge.txt"].startswith("the file is 50.0 MB, larger than the 5 MB limit for one article")
    assert "raise NEWSBOT_MAX_ARTICLE_MB" in reasons["huge.txt"]
    assert "larger than the 5 MB limit" in reasons["huge.json (Endless minutes)"]
    [upload] = index.add_bytes("huge.txt", sentence * (MB50 // len(sentence) + 1)).failed
    assert upload.source == "huge.txt" and "50.0 MB" in upload.reason
    assert sorted(r.title for r in index.articles()) == ["Harbour reopens", "Short one"]
    assert_whole(index, expected_articles=2)


CYRILLIC = ("Городской совет утвердил бюджет на следующий год. Мэр заявил, что расходы на транспорт вырастут на десять "
            "процентов, а новые школы откроются осенью. Жители района обсудили планы на собрании в пятницу.")
GREEK = ("Το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό για το επόμενο έτος και τις νέες γραμμές λεωφορείων. "
         "Ο δήμαρχος είπε ότι τα νέα σχολεία θα ανοίξουν το φθινόπωρο.")
JAPANESE = "市議会は来年度の予算を承認した。市長は交通費が一割増えると述べた。新しい学校は秋に開校する。"
CHINESE = "市议会批准了明年的预算。市长说交通支出将增加百分之十，新学校将在秋季开学。"
LATIN = "The caf\u00e9 owners\u2019 group met in Z\u00fcrich on Monday \u2014 \u201cna\u00efve\u201d plans, they said."


def as_cp1252(text: str) -> str:
    """What a Windows program shows for UTF-8 text it takes for cp1252 (the 5 undefined bytes pass through)."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))


ENCODED = [
    ("cp1251 (Windows Cyrillic)", CYRILLIC.encode("cp1251"), CYRILLIC),
    ("KOI8-R", CYRILLIC.encode("koi8_r"), CYRILLIC),
    ("ISO-8859-7 (Greek)", GREEK.encode("iso8859_7"), GREEK),
    ("Shift-JIS", JAPANESE.encode("shift_jis"), JAPANESE),
    ("GB18030", CHINESE.encode("gb18030"), CHINESE),
    ("cp1252 with curly quotes", LATIN.encode("cp1252"), LATIN),
    ("UTF-16 LE with BOM", LATIN.encode("utf-16"), LATIN),
    ("UTF-16 BE with BOM", b"\xfe\xff" + LATIN.encode("utf-16-be"), LATIN),
    ("UTF-8 with BOM", LATIN.encode("utf-8-sig"), LATIN),
    ("mojibake: UTF-8 read as cp1252", as_cp1252(LATIN).encode("utf-8"), LATIN),
    ("mojibake: UTF-8 read as latin-1 (C1 controls)", "na\u00efve caf\u00e9 plans".encode("utf-8").decode("latin-1").encode("utf-8"),
     "na\u00efve caf\u00e9 plans"),
    ("mojibake: twice", as_cp1252(as_cp1252(LATIN)).encode("utf-8"), LATIN),
    ("mojibake: Cyrillic UTF-8 read as cp1251", CYRILLIC.encode("utf-8").decode("cp1251").encode("utf-8"), CYRILLIC),
]


@pytest.mark.parametrize("label, data, expected", ENCODED, ids=[label for label, _, _ in ENCODED])
def test_legacy_encodings_and_mojibake_come_out_as_clean_text(label: str, data: bytes, expected: str, tmp_path: Path) -> None:
    bom = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    [article] = loaded(write(tmp_path / "story.txt", data if bom else b"Council news\n\n" + data))
    assert isinstance(article, Article), article
    assert expected in article.text, label


def test_text_whose_encoding_cannot_be_told_is_refused_with_the_fix(tmp_path: Path) -> None:
    [error] = loaded(write(tmp_path / "mystery.txt", bytes(range(0x80, 0x100)) * 8))
    assert isinstance(error, IngestError)
    assert error.reason == "cannot tell which text encoding this file uses; save it as UTF-8 and add it again"


@pytest.mark.parametrize("name, content, reasons", [
    ("empty.rss", ('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet Times</title>'
                   "<link>https://quiet.example.org/</link><description>Nothing today</description></channel></rss>"),
     {"empty.rss": "the feed has no entries; nothing to ingest"}),
    ("empty.atom", ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Still Wire</title>'
                    "<id>urn:uuid:1</id><updated>2024-06-02T12:00:00Z</updated></feed>"),
     {"empty.atom": "the feed has no entries; nothing to ingest"}),
    ("titles-only.rss", ('<?xml version="1.0"?><rss version="2.0"><channel><title>Headlines</title>'
                         "<item><title>Only a headline</title><link>https://h.example.org/1</link></item></channel></rss>"),
     {"titles-only.rss entry 1": "entry 'Only a headline' has no text"}),
    ("not-a-feed.xml", "<config><setting name='x'>1</setting></config>",
     {"not-a-feed.xml": "not a readable RSS/Atom feed (and not another format we read)"}),
])
def test_feeds_without_entries_say_so(name: str, content: str, reasons: dict[str, str], tmp_path: Path) -> None:
    out = loaded(write(tmp_path / name, content))
    assert {Path(e.source).name: e.reason for e in out if isinstance(e, IngestError)} == reasons
    assert not [a for a in out if isinstance(a, Article)]


def test_broken_records_are_reported_by_place_and_the_good_ones_stored(index: Index, tmp_path: Path) -> None:
    lines = ['{"title": "Tram line extended", "body": "The tram line now reaches the airport."}',
             '{"title": "Half a record", "body": ',
             '{"title": "Museum reopens", "text": "The museum reopened after a new roof was fitted."}',
             'not json at all',
             '{"title": "No body here"}']
    write(tmp_path / "in" / "wire.jsonl", "\n".join(lines) + "\n")
    write(tmp_path / "in" / "list.json", json.dumps([{"title": "Ferry fares fall", "body": "Ferry fares fall by a tenth."},
                                                     {"title": "Empty item", "body": "   "}, "a string"]))
    report = index.add([str(tmp_path / "in")])
    failed = {Path(r.source).name: r.reason for r in report.failed}
    assert failed == {
        "wire.jsonl line 2": "invalid JSON (Expecting value); fix or remove the line",
        "wire.jsonl line 4": "invalid JSON (Expecting value); fix or remove the line",
        "wire.jsonl line 5": "no article text: expected a body, text or content field",
        "list.json item 2": "no article text: expected a body, text or content field",
        "list.json item 3": "expected an article object with a title and a body/text/content field",
    }
    assert sorted(r.title for r in index.articles()) == ["Ferry fares fall", "Museum reopens", "Tram line extended"]
    assert_whole(index, expected_articles=3)


def test_upload_names_are_never_paths_and_the_same_upload_is_stored_once(index: Index) -> None:
    data = GOOD.encode()
    first = index.add_bytes("/etc/cron.d/harbour.txt", data)
    assert first.count("added") == 1 and first.results[0].source == "upload:harbour.txt"
    again = index.add_bytes("C:\\Users\\ed\\..\\Desktop\\harbour copy.txt", data)
    assert again.count("unchanged") == 1 and again.results[0].article_id == first.results[0].article_id  # id from content
    for name in ("../", "/", ".."):
        [bad] = index.add_bytes(name, data).failed
        assert bad.source == "upload" and "unsupported file type" in bad.reason
    assert not Path("/etc/cron.d/harbour.txt").exists()
    [record] = index.articles()
    assert record.path == "upload:harbour.txt" and record.title == "Harbour reopens"
    assert_whole(index, expected_articles=1)
    # Anyone can call a file harbour.txt: another one is another article, never a replacement.
    other = index.add_bytes("harbour.txt", b"Harbour closes\n\nThe harbour closed on Sunday for a storm, the port authority said.\n")
    assert other.count("added") == 1 and other.results[0].article_id != record.id
    assert sorted(r.title for r in index.articles()) == ["Harbour closes", "Harbour reopens"]
    assert_whole(index, expected_articles=2)


def test_a_damaged_chroma_folder_is_one_clear_line_then_rebuilt_from_its_own_texts(seed_home: Path, tmp_path: Path) -> None:
    """The shape an interrupted HNSW write leaves (chroma-core/chroma#7510): a link-lists file far larger than
    the vectors it links. Loading it crashes the process inside Chroma; newsbot refuses it first and says how
    to rebuild (measured after a SIGKILL half-way through the MultiHop-RAG ingest: 1.28 TB, sparse). Then
    `python -m index rebuild` moves it aside and embeds every stored chunk again: the same rows, the same vectors."""
    home = tmp_path / "home"
    shutil.copytree(seed_home, home)
    seed = Index(Settings.load(home=seed_home))
    before = {cid: (text, meta) for cid, text, meta in seed.store.all_chunks()}
    segment = damage(home)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_in(home, *args)

    done = run("bot", "ask", "What did Rubio say about Balochistan?")
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "vector index is damaged" in line and "link_lists.bin" in line and "chroma-core/chroma#7510" in line
    assert "python -m index rebuild" in line and f"delete {home}" in line

    rebuilt = run("index", "rebuild")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert f"moved the damaged segment to {home / 'damaged' / segment.name}" in rebuilt.stdout
    assert f"rebuilt: {len(before)} chunks embedded again" in rebuilt.stdout
    assert not segment.exists() and (home / "damaged" / segment.name / "link_lists.bin").exists()
    index = Index(Settings.load(home=home))
    assert {cid: (text, meta) for cid, text, meta in index.store.all_chunks()} == before
    ours, theirs = _vectors(index), _vectors(seed)
    assert ours.keys() == theirs.keys() and all(np.allclose(ours[c], theirs[c], atol=1e-5) for c in ours)
    assert_whole(index)
    assert run("index", "check").returncode == 0
    again = run("bot", "ask", "What did Rubio say about Balochistan?")
    assert again.returncode == 0 and "horrific" in again.stdout, again.stderr


def _vectors(index: Index) -> dict[str, np.ndarray]:
    got = index.store.client.get_collection(index.settings.collection).get(include=["embeddings"])
    return dict(zip(got["ids"], got["embeddings"], strict=True))


def damage(home: Path) -> Path:
    """Give `home`'s Chroma folder a segment with the torn-graph shape (the link-lists file sparse, 50 GB)."""
    segment = home / "chroma" / "0b7c1f0e-5a4e-4d6b-9a51-damaged00000"
    segment.mkdir()
    (segment / "data_level0.bin").write_bytes(b"\0" * 1676 * 100)  # 100 vectors of 384 floats with their links
    with (segment / "link_lists.bin").open("wb") as links:
        links.truncate(50 * 1_000_000_000)  # sparse: no disk used
    return segment


def run_in(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=REPO,
                          env={**os.environ, "NEWSBOT_HOME": str(home)}, timeout=300)


def test_running_the_killed_ingest_again_repairs_a_damaged_graph_first(seed_home: Path, tmp_path: Path) -> None:
    """"Run the same command again" is the recovery after a kill, even when the kill tore Chroma's graph."""
    home = tmp_path / "home"
    shutil.copytree(seed_home, home)
    segment = damage(home)
    done = run_in(home, "index", "add", str(SEEDS))
    assert done.returncode == 0, done.stderr
    assert "rebuilding it first" in done.stdout and "rebuilt: 3 chunks embedded again" in done.stdout
    assert "1 unchanged" in done.stdout and not segment.exists()
    assert_whole(Index(Settings.load(home=home)), expected_articles=1)


def test_hostile_inputs_get_one_line_each_in_bounded_memory(tmp_path: Path) -> None:
    """bench/hostile.py's inputs through the real CLI: a 1 GB sparse file, JSON nested 10^5 deep, 10^6 nested
    HTML tags, a feed of 10^5 items, broken UTF-16, NUL bytes in titles. Each refused input gets exactly one
    line; the NULs are cleaned out and those articles go in, like the ordinary one; the peak RSS stays within
    250 MB of the same command on the ordinary article alone (docs/BENCHMARKS.md, section hostile)."""
    from bench.hostile import EXPECTED, hostile_inputs, run_cli

    folder = hostile_inputs(tmp_path / "inputs")
    code, _, err, peak = run_cli(tmp_path / "home", folder)
    assert code == 1 and "Traceback" not in err
    failed = [line for line in err.splitlines() if line.startswith("failed:")]
    for name, (result, start) in EXPECTED.items():
        mine = [line for line in failed if line.startswith(f"failed: {folder / name}: ")]
        if result == "failed":
            assert len(mine) == 1 and mine[0].split(": ", 2)[2].startswith(start), (name, mine)
        else:
            assert not mine, mine
    assert len(failed) == sum(1 for result, _ in EXPECTED.values() if result == "failed")
    index = Index(Settings.load(home=tmp_path / "home"))
    assert sorted((r.title, r.source) for r in index.articles()) == [
        ("Ferry back", ""), ("Harbour reopens", ""), ("Museum reopens", "Town Wire")]
    assert_whole(index, expected_articles=3)
    _, _, _, baseline = run_cli(tmp_path / "home-good", folder / "good.txt")
    assert peak < baseline + 250, (peak, baseline)
