"""A draw is no win: "did Harbour City win?" against a sentence saying the match ended level ("claim a 2-2", "a goalless
draw", "drew with") is "No", citing it. Real components (a real index in a temporary folder, the real packaged model)
over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Coastal Sports", "2024-04-07", "Late penalty rescues Harbour City",
     "Tom Reyes scored a penalty in stoppage time as Harbour City came back to claim a 3-3 with Westport at Lakeside "
     "Stadium."),
    ("Coastal Sports", "2024-04-14", "Northfield held by Southbay",
     "Northfield were held to a goalless draw by Southbay on Saturday, their third in a row."),
    ("Coastal Sports", "2024-04-02", "Ridgeway too strong for Northfield",
     "Northfield lost 4-0 to Ridgeway in the cup on Tuesday."),
    ("Coastal Sports", "2024-04-21", "Ridgeway beat Eastbrook",
     "Ridgeway beat Eastbrook 2-1 on Sunday to stay top of the league."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict, settles", [
    ("did reyes's stoppage-time penalty win the game for harbour city against westport?", "no", "claim a 3-3"),
    ("did northfield beat southbay on saturday?", "no", "goalless draw"),
    ("did ridgeway beat eastbrook on sunday?", "yes", "Ridgeway beat Eastbrook 2-1"),
])
def test_a_draw_is_no_win(bot: NewsBot, question: str, verdict: str, settles: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
    assert settles in answer.text, answer.text


def test_a_claim_of_a_draw_is_not_denied_by_one(bot: NewsBot) -> None:
    """A claim that itself has a draw beside a loss ("lose 4-0 ... and then draw 0-0 with") is no win claimed."""
    answer = bot.ask("did northfield lose 4-0 to ridgeway and then draw 0-0 with southbay?")
    assert answer.verdict != "no", answer.text
