"""The chat's example questions come from the library, in AppTest on real indexes of different news.

Each library gets its own examples (built from its newest stories, by `ui/examples.py`), and
every example is a question the library answers: clicking it gives an answer, not "the articles
don't say". They follow the library as it changes, are never empty on a non-empty library, and
article text in them (titles) reaches the page as text.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from bot import NewsBot
from index import Index
from newsbot.settings import Settings
from tests.conftest import DATA
from tests.ui.conftest import answer_part, bubbles, plain, start
from ui import examples as ex
from ui import render

TRAP = "http://127.0.0.1:9"


@pytest.fixture(scope="module")
def news_library(seed_home: Path, embedder: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 19 test articles of tests/data/news (Reuters, BBC, AP, CNBC, The Verge, The Guardian; Sept-Nov 2025)."""
    home = tmp_path_factory.mktemp("news-library")
    report = Index(Settings.load(home=home), embedder=embedder).add(sorted(str(p) for p in (DATA / "news").glob("*.json")))
    assert report.count("added") == 19
    return home


def library(source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of `source` for the app (NEWSBOT_HOME)."""
    copy = tmp_path / "app-home"
    shutil.copytree(source, copy, symlinks=True)
    monkeypatch.setenv("NEWSBOT_HOME", str(copy))
    return copy


def shown_examples(at: AppTest) -> list[str]:
    return [plain(b.label) for b in at.button if b.key and b.key.startswith("example-")]


def answers_every_example(at: AppTest, count: int) -> None:
    """Click each example on a new chat: the question asked is the example, and the library answers it."""
    for i in range(count):
        at.button(key="new_chat").click().run()
        example = shown_examples(at)[i]
        at.button(key=f"example-{i}").click().run()
        assert not at.exception
        (_, question), (_, answer) = bubbles(at)
        assert question == example
        assert "The indexed articles don" not in answer_part(answer), (example, answer)


def test_examples_on_the_seed_library(seed_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The seed names Pakistan 12 times, in its title too: the latest on Pakistan. Rubio is the person it quotes
    most, by surname ("Rubio expressed condolences … He also condemned the February 6 suicide bombing at a mosque
    in Islamabad"), and Islamabad is what comes up most around him (Pakistan is taken). Tommy Pigott is the
    other person it quotes ("spokesperson Tommy Pigott said"); Shehbaz Sharif is only named once, never quoted."""
    library(seed_home, tmp_path, monkeypatch)
    at = start()
    assert shown_examples(at) == ["What's the latest on Pakistan?", "What did Rubio say about Islamabad?",
                                  "Who is Tommy Pigott?"]
    answers_every_example(at, 3)


def test_examples_on_a_library_of_other_news(news_library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The newest of the 19 stories is BBC's Derna inquiry ("Libya opens inquiry into Derna dam collapse": Libya 3
    times, Derna twice), which quotes no one by name (the Abu Mansour dam is no person: never called "Mansour",
    never quoted). The next, Reuters on Ukraine's imports, quotes its energy minister Olena Kovalchuk ("Kovalchuk
    said Ukraine had agreed …"); the next, The Verge on Halden's cuts, quotes its interim chief executive ("Obi
    said …"). Nothing of the seed (Rubio's story here is the oldest, not recent)."""
    library(news_library, tmp_path, monkeypatch)
    at = start()
    assert shown_examples(at) == ["What's the latest on Libya?", "What did Kovalchuk say about Ukraine?",
                                  "Who is Marcus Obi?"]
    answers_every_example(at, 3)


def test_examples_follow_the_library_and_are_computed_once_per_change(seed_home: Path, embedder: Any, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    home = library(seed_home, tmp_path, monkeypatch)
    bot = NewsBot(home=home, embedder=embedder)
    before = ex.examples(bot)
    assert ex.examples(bot) is before  # the same index generation: the cached tuple, nothing re-read
    story = ("Title: Harbour reopens after dredging\nSource: Coastal Wire\nDate: 2030-01-02\n\n"
             "The harbour in Port Elwyn reopened on Friday. The harbour master, Ines Calder, said ships could return.\n"
             "Calder told reporters that the dredging of Port Elwyn had cost less than planned.\n")
    assert bot.index.add_bytes("harbour.txt", story.encode()).count("added") == 1
    after = ex.examples(bot)
    assert after[0] == "What's the latest on Port Elwyn?" and "What did Calder say about Port Elwyn?" not in after
    assert "What did Calder say?" in after or "Who is Ines Calder?" in after
    assert after != before


def test_a_library_that_names_nothing_still_has_examples_and_they_are_inert(tmp_path: Path, embedder: Any,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """No capitalised name anywhere: the titles become the examples. A title is article text: the button shows its
    characters (no link, image or emphasis) and asks exactly them."""
    home = tmp_path / "plain"
    monkeypatch.setenv("NEWSBOT_HOME", str(home))
    title = f"storm warning **lifted** ![x]({TRAP}/x.png) for the northern coast"
    story = f"Title: {title}\nDate: 2024-06-02\n\nforecasters lifted the storm warning on sunday as winds eased.\n"
    assert Index(Settings.load(home=home), embedder=embedder).add_bytes("storm.txt", story.encode()).count("added") == 1
    at = start()
    [button] = [b for b in at.button if b.key and b.key.startswith("example-")]
    expected = f"Summarize “{title}”"
    assert button.label == render.md_escape(expected) and plain(button.label) == expected
    assert "![" not in button.label and "**" not in button.label
    button.click().run()
    assert bubbles(at)[0] == ("user", expected)


def test_stories_are_read_for_names_not_for_capitalised_words() -> None:
    """Sentence openers, nationalities, headings in Title Case, outlets and datelines are not names; a person is
    someone the story calls by surname, quotes or titles (two capitalised words alone are a place or a thing)."""
    from newsbot.types import ArticleRecord

    record = ArticleRecord(id="a", title="Dockers strike in Valport as talks stall", source="Harbour Wire", url="", path="",
                           published_at="2030-01-01", author="", category="", headings=(), chunk_count=1, content_hash="")
    text = ("VALPORT, Jan 1 (Harbour Wire) - Officials in Valport said the strike would go on.\n"
            "Talks With Union Leaders Stall Again\n"
            "Swedish shipping firms rerouted cargo to Norrhamn, and Norrhamn's port was full by noon.\n"
            "Union leader Mara Quist said members would not return. Quist told the Valport Gazette the offer was an insult.\n"
            "Christmas Day and Christmas Day again: Getty Images showed the empty quays of Valport.\n")
    story = ex.read_story(record, text, outlets={"Harbour Wire", "Valport Gazette"})
    assert set(story.people) == {"Mara Quist"} and story.speakers["Mara Quist"] == 2
    # no Officials, Jan, Swedish, Talks With …, Valport Gazette, VALPORT
    assert story.topics == {"Valport": 3, "Norrhamn": 1, "Christmas Day": 1, "Getty Images": 1}
    assert story.referred["Mara Quist"] == 1
    assert ex.suggest([story]) == ("What's the latest on Valport?",
                                   "What did Quist say?",  # she speaks about nothing named: no topic made up for her
                                   "Summarize “Dockers strike in Valport as talks stall”")
    assert ex.suggest([]) == ()
