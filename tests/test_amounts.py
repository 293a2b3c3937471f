"""How-much and how-many questions answered with the amount as the article writes it (bot/amounts.py), on real
components: a real index in a temporary folder, the real packaged model, articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.amounts import amount_in, quantity
from tests.conftest import ingested

STORIES = [
    ("Tel Aviv Ledger", "2024-03-02", "Zimmer buys Harbour Investment House",
     "Dana Zimmer bought Harbour Investment House for NIS 405 million from Shaham Partners. The deal closed in March."),
    ("Northern Sport", "2024-03-05", "Holt's offer for Rovers",
     "Holt’s £1.3billion offer for a 25 per cent stake in Rovers will be discussed by the board on Thursday."),
    ("Lagos Wire", "2024-03-07", "ClipStar grows in West Africa",
     "ClipStar boasts an active subscriber base of over 4 million through its partnerships with two mobile networks."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize(("question", "amount"), [
    ("how much did dana zimmer pay for harbour investment house", "NIS 405 million"),  # a currency code before the number
    ("how much is holt offering for 25% of rovers", "£1.3billion"),  # "offering" asks for money; the question's 25% is no answer
    ("how many subscribers does clipstar have", "4 million"),  # the noun before the number
])
def test_the_amount_as_the_article_writes_it(bot: NewsBot, question: str, amount: str) -> None:
    answer = bot.ask(question)
    assert not answer.abstained and answer.text.startswith(amount), answer.text


@pytest.mark.parametrize(("question", "kind"), [
    ("how much are the sisters suing for", "money"), ("how much did it sell for", "money"),
    ("how much is he offering", "money"), ("how much rain fell", "number"), ("how many goals did he score", "count"),
])
def test_what_a_question_counts(question: str, kind: str) -> None:
    assert quantity(question)[0] == kind


def test_amounts_in_text() -> None:
    assert amount_in("it sold for NIS 405 million in 2021", "how much did it sell for") == "NIS 405 million"
    assert amount_in("a subscriber base of over 4 million", "how many subscribers") == "4 million"
