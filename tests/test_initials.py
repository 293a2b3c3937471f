"""A person typed by their initials ("sbf") is read as the articles name them ("Sam Bankman-Fried"), so the article
that only writes the name answers. Real components (a real index in a temporary folder, the real packaged model) over
articles written for the test."""

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


@pytest.mark.parametrize("typed, read", [
    ("was sbf found guilty?", "was Sam Bankman-Fried found guilty?"),
    ("did psg win?", "did Paris Saint-Germain win?"),  # a hyphenated part counts: P, S, G
    ("what did us regulators say?", "what did us regulators say?"),  # everyday words are no initials
])
def test_initials_are_read_as_the_articles_name_them(bot: NewsBot, typed: str, read: str) -> None:
    assert bot._part("reader")(typed).query == read


def test_the_article_that_only_writes_the_name_answers(bot: NewsBot) -> None:
    answer = bot.ask("was sbf found guilty?")
    assert answer.verdict == "yes", answer.text
    assert "found Sam Bankman-Fried guilty" in answer.citations[0].quote
