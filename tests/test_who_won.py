"""Yes/no questions about who won: the result is read from the sentence, winner and loser, in the usual phrasings
("X topped Y", "X demolishes Y", "a statement win against Y", "X won at Y"), so a question with the sides the other
way round gets "No" citing that sentence, and its twin with the sides right gets "Yes". Real components (a real index
in a temporary folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Coastal Sports", "2024-04-07", "Harbour City too good for Westport",
     "Harbour City topped Westport 28-16 at Lakeside Stadium in the only meeting of the two coaches this season. "
     "Westport's quest for a playoff place continues after dropping to 4-4."),
    ("Coastal Sports", "2024-04-14", "Northfield rout Southbay",
     "No. 21 Northfield demolishes No. 10 Southbay in a 48-20 win. The Sporting Desk tracked updates from Saturday's "
     "game between Southbay and Northfield. After being sacked nine times, Lee Park may not have much more time on the "
     "field tonight. In all, Northfield sacked Southbay quarterback Lee Park 11 times."),
    ("Coastal Sports", "2024-04-21", "Ridgeway stay perfect",
     "The league champions make a statement win against Eastbrook to extend their win streak to 27. Coach Ana "
     "Silva said Ridgeway defended well."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict, settles", [
    # "topped": Harbour City won, so Westport beat no one here
    ("did westport beat harbour city at lakeside stadium?", "no", "Harbour City topped Westport"),
    ("did harbour city beat westport at lakeside stadium?", "yes", "Harbour City topped Westport"),
    # "demolishes": Northfield won its home game; Southbay did not win there
    ("did southbay win at northfield on saturday?", "no", "Northfield demolishes"),
    ("northfield beat southbay on saturday, right?", "yes", "Northfield demolishes"),
    # "a statement win against Eastbrook": Eastbrook lost, whoever the champions are
    ("so eastbrook upset ridgeway?", "no", "statement win against Eastbrook"),
])
def test_the_winner_read_from_the_sentence(bot: NewsBot, question: str, verdict: str, settles: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
    assert settles in answer.text, answer.text


def test_a_count_is_no_predicate_to_negate(bot: NewsBot) -> None:
    """ "may not have much more time" negates having time, not the sacks the claim counts in "times": the sentence that
    gives the count, 11, settles it (read as a negation, it left the question unsettled)."""
    answer = bot.ask("did northfield sack lee park 11 times?")
    assert answer.verdict == "yes", answer.text
    assert "sacked Southbay quarterback Lee Park 11 times" in answer.text


FIGHT = [
    ("Ring Desk", "2024-05-05", "Vega vs. Moreno: round by round",
     "Marco Vega vs. Luis Moreno for Vega's undisputed middleweight championship. "
     "Round One: Vega and Moreno trade jabs in the centre of the ring. "
     "Round Two: Moreno circles away as Vega stalks him. "
     "Round Three: Vega chops Moreno with a short right. "
     "Round Four: Moreno lands a clean left hook on Vega. "
     "Vega pursued Moreno and realized very quickly that his opponent was overmatched. "
     "With Moreno spending most of the fight on the ropes, Vega slugged away at the body. "
     "There wasn't much that Vega could do aside from following Moreno around the ring. "
     "Vega appeared annoyed with Moreno's unwillingness to engage in the later rounds. "
     "Moreno's corner urged him to open up against Vega in round ten. "
     "The crowd booed Moreno as Vega chased him in the final round. "
     "The scores reflected that as Vega won with tallies of 119-108, 118-109 and 118-109."),
]


@pytest.fixture(scope="module")
def fight_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(FIGHT, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict", [("did moreno beat vega", "no"), ("did vega beat moreno", "yes")])
def test_the_result_stated_the_other_way_round(fight_bot: NewsBot, question: str, verdict: str) -> None:
    """Eleven sentences name both fighters; only the last says who won ("Vega won with tallies of 119-108"), so it is
    not among the sentences that best match the question. It settles it both ways: Moreno did not beat Vega (No, citing
    it first, as [1]); Vega did beat Moreno (Yes). Moreno, written capitalised in the title only after "vs.", is a name of
    the lower-case question by the article's text."""
    answer = fight_bot.ask(question)
    assert answer.verdict == verdict, answer.text
    assert "Vega won with tallies" in answer.text
    if verdict == "no":
        assert "Vega won with tallies" in answer.citations[0].quote, answer.text
