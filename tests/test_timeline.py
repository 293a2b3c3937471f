"""Timelines, "what's new since", and how old the evidence is, over articles written here with known dates.

The story: the Harbourford bridge. It collapsed on 2 October 2023 (reported by two outlets, one a
syndicated copy of the other's wire text), an inquiry opened on 5 October, the inquiry blamed the
contractor on 12 October, and the council approved a new bridge on 22 October. An article about
another town's library, and one about Harbourford's football club, are not part of the story.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot import NewsBot
from newsbot.settings import Settings
from tests.conftest import REPO, write

WIRE = ("The Harbourford bridge collapsed into the river on Monday morning, injuring four people in cars on the deck. "
        "Engineers said the central span gave way after months of cracks in its supports. "
        "Police closed the roads on both banks of the river.")
ARTICLES = [
    ("2023-10-02", "Coastal Wire", "Harbourford bridge collapses", WIRE),
    ("2023-10-02", "Valley Gazette", "Bridge falls into river at Harbourford", "HARBOURFORD (Wire) - " + WIRE +
     " This article was distributed by the Wire news service."),
    ("2023-10-05", "Valley Gazette", "Inquiry into Harbourford bridge collapse opens",
     "A public inquiry into the Harbourford bridge collapse opened on Thursday with evidence from the engineers. "
     "The inquiry chair said the hearings would last a week. Families of the injured drivers attended the first hearing."),
    ("2023-10-12", "Coastal Wire", "Harbourford bridge inquiry blames contractor",
     "The inquiry into the Harbourford bridge collapse blamed the contractor for skipping repairs to the cracked supports. "
     "Its report said inspectors had warned the contractor twice. The contractor said it would study the findings."),
    ("2023-10-22", "Valley Gazette", "Council approves new Harbourford bridge",
     "Harbourford council approved a new bridge to replace the one that collapsed, at a cost of 40 million pounds. "
     "Construction of the new Harbourford bridge starts in the spring. A ferry will carry drivers across the river until then."),
    ("2023-10-15", "Coastal Wire", "Dunmere library reopens",
     "The Dunmere library reopened on Saturday after a year of building work. "
     "Readers queued outside before the doors opened. The library now has a cafe and a children's room."),
    ("2023-10-18", "Valley Gazette", "Harbourford Rovers win the cup",
     "Harbourford Rovers won the county cup on Sunday with a late goal. "
     "The team paraded the trophy through the town centre. Fans lined the streets near the market square."),
]


@pytest.fixture(scope="module")
def story_home(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Path:
    folder = tmp_path_factory.mktemp("story")
    for i, (day, outlet, title, body) in enumerate(ARTICLES):
        write(folder / f"{i}.json", json.dumps({"title": title, "source": outlet, "published_at": day, "body": body,
                                                "url": f"https://news.example/{i}"}))
    home = tmp_path_factory.mktemp("story-home")
    report = NewsBot(settings=Settings.load(home=home), embedder=embedder).ingest([folder])
    assert report.count("added") == len(ARTICLES)
    return home


def bot_on(home: Path, embedder: Any, reference: str | None = None) -> NewsBot:
    return NewsBot(settings=Settings.load(home=home, reference_date=reference), embedder=embedder)


def test_a_timeline_has_one_dated_cited_event_per_development(story_home: Path, embedder: Any) -> None:
    """Four developments, oldest first; the syndicated copy of the collapse report is merged into its event (two
    outlets, two citations, dated 2 October); the library and the football articles are not in it. Every citation
    quotes its article at its offsets."""
    bot = bot_on(story_home, embedder)
    timeline = bot.timeline("Harbourford bridge collapse")
    assert [e.day for e in timeline.events] == ["2023-10-02", "2023-10-05", "2023-10-12", "2023-10-22"]
    collapse = timeline.events[0]
    assert set(collapse.outlets) == {"Coastal Wire", "Valley Gazette"} and len(collapse.citations) == 2
    assert "collapsed into the river" in collapse.text
    assert "blamed the contractor" in timeline.events[2].text
    titles = {c.title for c in timeline.citations}
    assert "Dunmere library reopens" not in titles and "Harbourford Rovers win the cup" not in titles
    assert [c.n for c in timeline.citations] == list(range(1, len(timeline.citations) + 1))
    for citation in timeline.citations:
        assert bot.article_text(citation.article_id)[citation.start:citation.end] == citation.quote
    assert ("2023-10-02", "Coastal Wire", 1) in timeline.coverage and ("2023-10-02", "Valley Gazette", 1) in timeline.coverage

    later = bot.timeline("Harbourford bridge collapse", since="2023-10-10", until="2023-10-20")
    assert [e.day for e in later.events] == ["2023-10-12"]
    town = bot.timeline("Harbourford")  # one word: every Harbourford story, the football club's too
    assert "2023-10-18" in [e.day for e in town.events] and "2023-10-15" not in [e.day for e in town.events]


def test_what_s_new_since_a_date_lists_the_later_developments_newest_first(story_home: Path, embedder: Any) -> None:
    bot = bot_on(story_home, embedder, reference="2023-10-25")
    answer = bot.ask("What's new about the Harbourford bridge since October 10?")
    assert answer.kind == "timeline" and not answer.abstained
    text = answer.text
    assert text.startswith("What's new about Harbourford bridge since October 10, newest first:")
    assert text.index("22 October 2023 (Valley Gazette): ") < \
        text.index("12 October 2023 (Coastal Wire): The inquiry into the Harbourford bridge collapse blamed")
    assert ": 2 October" not in text and ": 5 October" not in text and "collapsed into the river" not in text
    assert [c.published_at[:10] for c in answer.citations] == ["2023-10-22", "2023-10-12"]
    assert "[1]" in text and "[2]" in text

    nothing = bot_on(story_home, embedder, reference="2023-11-10").ask("Any news on the Harbourford bridge since November 1, 2023?")
    assert nothing.text.startswith("Nothing indexed about Harbourford bridge is dated since November 1, 2023; the newest "
                                   "report is from 22 October 2023 (Valley Gazette):")
    assert nothing.citations[0].published_at.startswith("2023-10-22")


@pytest.mark.parametrize(("reference", "question", "expected"), [
    ("2023-11-03", "What is the latest on the Harbourford bridge?", "from 12 days ago (22 October 2023)"),
    ("2023-11-03", "What happened to the Harbourford bridge this week?", "Nothing indexed on this is dated from 30 October "
                   "2023 on; the newest indexed article on this is from 12 days ago (22 October 2023)"),
    ("2023-10-23", "What is the latest on the Harbourford bridge?", None),
    ("2023-11-03", "What did the inquiry say about the Harbourford bridge?", None),
    ("2023-11-03", "will the harbourford bridge reopen in 2024?", None),  # a plan for the future, reported before
])
def test_answers_say_how_old_the_evidence_is_when_the_question_wanted_newer(story_home: Path, embedder: Any,
                                                                          reference: str, question: str,
                                                                          expected: str | None) -> None:
    """'latest' and 'this week' count from the reference date (today by default): evidence 12 days old gets a
    note before the answer, cited to the newest article when the answer cites it; fresh evidence, or a question
    that asks for no freshness (or asks about the future), gets none."""
    answer = bot_on(story_home, embedder, reference=reference).ask(question)
    if expected is None:
        assert "newest indexed article" not in answer.text
        return
    assert answer.text.startswith(expected if expected.startswith("Nothing") else f"The newest indexed article on this is {expected}")
    newest = [c for c in answer.citations if c.published_at.startswith("2023-10-22")]
    if newest:
        assert f"(22 October 2023) [{newest[0].n}]." in answer.text


def test_relative_dates_count_from_today_by_default(story_home: Path, embedder: Any) -> None:
    """With no NEWSBOT_REFERENCE_DATE, 'the latest' means now: articles from 2023 are years old."""
    answer = bot_on(story_home, embedder).ask("What is the latest on the Harbourford bridge?")
    years = round((date.today() - date(2023, 10, 22)).days / 365.25)
    assert answer.text.startswith(f"The newest indexed article on this is from about {years} years ago (22 October 2023)")


def test_the_timeline_command(story_home: Path) -> None:
    env = {"NEWSBOT_HOME": str(story_home), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run([sys.executable, "-m", "bot", "timeline", "Harbourford bridge collapse"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Harbourford bridge collapse: 4 events, 2023-10-02 to 2023-10-22"
    assert lines[1].startswith("2023-10-02  ") and lines[1].endswith("[1][2]")
    assert any(line.startswith("[5] Council approves new Harbourford bridge (Valley Gazette, 2023-10-22)") for line in lines)
