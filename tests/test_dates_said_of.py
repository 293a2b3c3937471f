"""A year contradicts a claim's year only when the sentence says it of what the claim says ("introduced in 2018"), not
of another event it recalls ("which the lawsuits say it has known about since 2014"). Real components (a real index in
a temporary folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Tech Desk", "2024-04-07", "Ride app faces lawsuits",
     "Rydex has tried to address assaults by drivers, which the lawsuits say Rydex has known about since 2014, through "
     "new safety features in its app, like a panic button and the ability to share location with a friend. Aside from "
     "the panic button and location sharing, which were both introduced in 2018, Rydex has added other features to the "
     "app over the last five years."),
    ("Tech Desk", "2024-04-14", "Harbour stadium opens",
     "The Harbour stadium opened in 2021 after three years of building work."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_a_year_of_another_event_is_no_contradiction(bot: NewsBot) -> None:
    answer = bot.ask("has rydex had a panic button in its app since 2018")
    assert answer.verdict == "yes", answer.text
    assert "introduced in 2018" in answer.text, answer.text


def test_a_year_said_of_the_claim_contradicts(bot: NewsBot) -> None:
    answer = bot.ask("did the harbour stadium open in 2019?")
    assert answer.verdict == "no", answer.text
    assert "opened in 2021" in answer.text, answer.text
