"""A "Yes" needs a sentence that states the claim, not one on its subject only: the sentence writes every figure of it
("three goals"; "3" and "three" alike). A sentence on the subject that lacks them leaves the question open. (The claim's
names are not required: that cost right answers on unseen questions.) Real components (a real index in a temporary
folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Mersey Post", "2024-03-07", "Everton thrash Newcastle",
     "In the other match, Everton trounced Newcastle to move clear of the relegation zone despite their ten point "
     "penalty for financial irregularities. Dwight McNeil was the best player on the pitch."),
    ("Mersey Post", "2024-03-08", "Liverpool held at Anfield",
     "Liverpool were held to a draw at Anfield by Brighton on Saturday."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question", [
    "did everton beat newcastle by three goals despite the ten point penalty?",  # the match report gives no margin
])
def test_a_sentence_on_the_subject_is_no_yes(bot: NewsBot, question: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict != "yes", answer.text


def test_the_claim_stated_is_a_yes(bot: NewsBot) -> None:
    """ "ten point penalty" is in the sentence, as the claim writes it."""
    answer = bot.ask("did everton beat newcastle despite the ten point penalty?")
    assert answer.verdict == "yes", answer.text
    assert "Everton trounced Newcastle" in answer.text, answer.text
