"""How a match ended, amounts of the kind asked, dates that are there or not, and statements asked with a tag: real
components (a real index in a temporary folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.kinds import read_kind
from tests.conftest import ingested

STORIES = [
    ("Coastal Sports", "2024-04-06", "Northfield v Southbay: odds, picks and prediction",
     "Northfield host Southbay on Saturday night in the league's last regular-season game. The odds favour Northfield by "
     "seven points. Southbay is 7-2 in its final season in the conference."),
    ("Coastal Sports", "2024-04-14", "Westport too strong for Harbour City",
     "Harbour City blew an early lead and fell, 3-1, to Westport in a friendly on Saturday. Westport scored twice after "
     "the break through Ana Silva."),
    ("Valley Tech Review", "2024-04-20", "Regulator publishes its online safety guidance",
     "The regulator's first guidance under the Online Safety Act runs to 1,500 pages. It can fine companies up to 10% of "
     "their global turnover. Regulators will consider approving the Lumora vaccine after reviewing more trial data."),
    ("Valley Tech Review", "2024-04-22", "Orbix takes a majority stake in Kestrel",
     "Orbix has taken a 51% stake in Kestrel Telecom, making the network maker a subsidiary of the Japanese group."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_a_preview_gives_no_final_score(bot: NewsBot) -> None:
    """Only the preview names the game: its odds and a team's 7-2 record are no result, so the articles don't say."""
    answer = bot.ask("final score northfield vs southbay?")
    assert answer.abstained, answer.text
    assert answer.text.startswith("The indexed articles don't say")


@pytest.mark.parametrize("question", ["what was the score of the harbour city westport game", "how did harbour city do against westport"])
def test_a_result_in_the_losers_words(bot: NewsBot, question: str) -> None:
    """ "fell, 3-1, to Westport" says how it ended, in other words than the question's."""
    answer = bot.ask(question)
    assert not answer.abstained, answer.text
    assert "fell, 3-1" in answer.citations[0].quote
    if "score" in question:
        assert answer.verdict == "3-1" and answer.text.startswith("3-1 [1].")


def test_the_loser_did_not_win(bot: NewsBot) -> None:
    assert bot.ask("did harbour city beat westport?").verdict == "no"
    assert bot.ask("Westport beat Harbour City 3-1, right?").verdict == "yes"


def test_another_score_is_a_no(bot: NewsBot) -> None:
    answer = bot.ask("did westport beat harbour city 2-0")
    assert answer.verdict == "no", answer.text
    assert "3-1" in answer.citations[0].quote


def test_a_fine_is_money_not_pages(bot: NewsBot) -> None:
    """ "How big a fine" asks for money; "1,500 pages" and "up to 10%" are not a fine handed out."""
    answer = bot.ask("how big a fine has the regulator handed out under the online safety act")
    assert answer.abstained, answer.text
    assert "1,500 pages" not in answer.verdict


def test_a_when_question_with_no_date_in_the_evidence(bot: NewsBot) -> None:
    """The sentence is about the approval but gives no date: the articles don't say when."""
    answer = bot.ask("when will regulators approve the lumora vaccine")
    assert answer.abstained, answer.text
    assert "reviewing more trial data" in answer.text


@pytest.mark.parametrize("question", ["orbix only took a minority stake in kestrel telecom, yes?",
                                      "orbix took a minority stake in kestrel right",
                                      "orbix took a minority stake in kestrel, didn't it?"])
def test_a_statement_with_a_question_tag_is_a_yes_no_question(question: str) -> None:
    ask = read_kind(question)
    assert ask.kind == "yesno"
    assert ask.claims[0].text.startswith("orbix") and "," not in ask.claims[0].text and not ask.claims[0].text.endswith("right")


@pytest.mark.parametrize("question", ["which way is right", "who is right"])
def test_a_wh_question_ending_in_right_is_not_a_tag(question: str) -> None:
    assert read_kind(question).kind != "yesno"
