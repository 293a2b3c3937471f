"""A question about what happened is not answered by a sentence about what may happen ("could push Orbix to offer
remedies", "is set to report"): the articles don't say, and the sentence is shown as the nearest evidence. Real
components (a real index in a temporary folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Brussels Desk", "2024-04-10", "Regulators weigh Orbix's bid for Kestrel",
     "The review could push Orbix to offer remedies to the commission to settle the case and avoid a ban. "
     "Kestrel makes network equipment in four countries."),
    ("Brussels Desk", "2024-04-12", "Harbour Bank results preview",
     "Harbour Bank is set to report its first-quarter earnings before the bell on Tuesday. "
     "The bank has beaten estimates in three of its last eight quarters."),
    ("Brussels Desk", "2024-04-20", "Lumora settles the data case",
     "Lumora offered to delete five years of old customer records to settle the data case. "
     "The commission accepted the offer on Friday."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, nearest", [
    ("what remedies did orbix offer the commission?", "could push Orbix"),
    ("how did harbour bank's first-quarter earnings come in?", "is set to report"),
])
def test_what_may_happen_does_not_answer_what_did(bot: NewsBot, question: str, nearest: str) -> None:
    answer = bot.ask(question)
    assert answer.abstained, answer.text
    assert answer.text.startswith("The indexed articles don't")
    assert any(nearest in c.quote for c in answer.citations), answer.text  # shown, marked as no answer


def test_what_did_happen_is_answered(bot: NewsBot) -> None:
    answer = bot.ask("what did lumora offer to settle the data case?")
    assert not answer.abstained, answer.text
    assert "delete five years of old customer records" in answer.citations[0].quote


def test_a_question_about_what_may_happen_is_answered_by_it(bot: NewsBot) -> None:
    answer = bot.ask("what could orbix offer the commission?")
    assert not answer.abstained, answer.text
    assert "could push Orbix" in answer.citations[0].quote
