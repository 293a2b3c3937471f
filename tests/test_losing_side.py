"""A yes/no claim that one side won, voted as one or did something on a day, against sentences that say otherwise in
other words: the side beaten by another ("Westport beat Harbour City in the final", "Westport beating Harbour City"), the
side's own defeat ("Northfield's second home league defeat"), a vote with some against ("voted 296 against three"), and
a month written short ("Oct. 7" is October, not the article's month). Real components (a real index in a temporary
folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.stance import Claims
from tests.conftest import ingested

STORIES = [
    ("Coastal Sports", "2024-04-07", "Westport take the county cup",
     "Westport beat Harbour City in the county cup final on Friday, and that knocks Harbour City out of the league "
     "play-off picture."),
    ("Coastal Sports", "2024-04-08", "What the cup final means",
     "Ridgeway did get help with Westport beating Harbour City in the county cup final on Friday."),
    ("Coastal Sports", "2024-04-14", "Northfield booed off after Eastbrook visit",
     "It was 13 April, Northfield’s second home Premier League defeat on the spin after the one against Ridgeway, and they were "
     "booed off again."),
    ("Capital Desk", "2024-03-28", "Assembly passes the budget",
     "The 310-strong assembly voted 296 against three, with zero abstentions, to approve the 2025 budget on third "
     "reading."),
    ("Capital Desk", "2024-03-29", "Council backs the plan",
     "The council approved the harbour plan unanimously on Thursday."),
    ("Market Wire", "2024-05-02", "Norvale makes cuts",
     "Norvale makes cuts: Norvale is eliminating about 1,500 jobs, or roughly 17% of its workforce, in its third round "
     "of layoffs this year."),
    ("Market Wire", "2024-05-03", "A year of layoffs",
     "Ridgeway, announced on January 23, impacting around 6% of its global workforce, around 600 employees. "
     "Eastbrook, announced on January 30, slashing 50% of its workforce, 800 employees."),
    ("Harbour Post", "2024-11-20", "A birthday in captivity",
     "Young Mara Lind should be celebrating her ninth birthday on Friday. "
     "Mara was taken from the village of Osterby on Oct. 7 after a sleepover at a friend's house."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict, settles", [
    ("did harbour city win the county cup final?", "no", "Westport"),
    ("did northfield beat eastbrook at home on 13 april?", "no", "second home Premier League defeat"),
    ("was the assembly vote on the 2025 budget unanimous?", "no", "296 against three"),
    ("was the council vote on the harbour plan unanimous?", "yes", "unanimously"),
    ("so norvale is cutting something like 17% of its workforce, right?", "yes", "17%"),
    ("so norvale is cutting 30% of its workforce, right?", "no", "17%"),
])
def test_the_other_side_of_a_claim_settles_it(bot: NewsBot, question: str, verdict: str, settles: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
    assert settles in answer.text, answer.text


def test_the_winner_beating_the_claimed_side_contradicts_it() -> None:
    claims = Claims()
    claim = claims.read("Harbour City win the county cup final")
    for sentence in ("Westport beat Harbour City in the county cup final on Friday.",
                     "Ridgeway did get help with Westport beating Harbour City in the county cup final.",
                     "Harbour City lost to Westport in the county cup final."):
        judged = claims.judge(claim, sentence, similarity=0.7)
        assert judged.contradicts and judged.why in ("role", "predicate"), (sentence, judged)
    judged = claims.judge(claim, "Harbour City beat Westport in the county cup final on Friday.", similarity=0.7)
    assert not judged.contradicts and judged.supports, judged


def test_a_side_s_own_defeat_contradicts_its_win() -> None:
    claims = Claims()
    judged = claims.judge(claims.read("Northfield beat Eastbrook at home on 13 April"),
                          "It was 13 April, Northfield’s second home Premier League defeat on the spin after the one against Ridgeway.",
                          "Northfield booed off after Eastbrook visit", 0.7)
    assert judged.contradicts and judged.why == "role", judged


def test_a_month_written_short_is_that_month() -> None:
    """ "Oct. 7" is October; a sentence about something else ("her birthday on Friday") is not given the article's month
    to contradict the claim's date with."""
    claims = Claims()
    claim = claims.read("Mara Lind taken from the village of Osterby on October 7")
    short = claims.judge(claim, "Mara was taken from the village of Osterby on Oct. 7 after a sleepover.", "Mara Lind",
                         0.7, "2024-11-20")
    assert not short.contradicts, short
    birthday = claims.judge(claim, "Young Mara Lind should be celebrating her ninth birthday on Friday in Osterby.", "",
                            0.6, "2024-11-20")
    assert birthday.why != "date", birthday
    same_act = claims.judge(claim, "Mara Lind was taken from the village of Osterby on Friday.", "", 0.8, "2024-11-20")
    assert same_act.why == "date", same_act  # said of the claim's own act, "on Friday" is in the article's November
