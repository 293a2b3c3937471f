"""A person or club typed by their initials ("sbf") is searched and checked as the articles name them ("Sam
Bankman-Fried"), so the article that only writes the name answers. Real components (a real index in a temporary
folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Crypto Desk", "2024-03-01", "Bankman-Fried trial opens",
     "Sam Bankman-Fried, known as SBF, went on trial on Tuesday. SBF denies fraud, and Sam Bankman-Fried's lawyers spoke "
     "first. Paris Saint-Germain, or PSG, sponsored the exchange until Paris Saint-Germain ended the deal."),
    ("Crypto Desk", "2024-03-20", "Jury reaches a verdict",
     "A jury found Sam Bankman-Fried guilty on all seven counts of fraud on Thursday."),
    ("Pitch Report", "2024-03-21", "Paris Saint-Germain win again", "Paris Saint-Germain beat Lyon 3-0 on Sunday."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("typed, name", [
    ("was sbf found guilty?", "Sam Bankman-Fried"),
    ("did psg win?", "Paris Saint-Germain"),  # a hyphenated part counts: P, S, G
    ("what did us regulators say?", ""),  # everyday words are no initials
])
def test_initials_are_searched_as_the_articles_name_them(bot: NewsBot, typed: str, name: str) -> None:
    question = bot._part("reader")(typed)
    assert question.query == typed  # the question keeps its words (and its length: "is it one specific fact?")
    assert question.expansions == ((name,) if name else ())
    assert all(name in c.text for c in question.claims)  # a claim is checked against the name as written


def test_the_article_that_only_writes_the_name_answers(bot: NewsBot) -> None:
    answer = bot.ask("was sbf found guilty?")
    assert answer.verdict == "yes", answer.text
    assert "found Sam Bankman-Fried guilty" in answer.citations[0].quote
