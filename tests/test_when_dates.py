""""When ...?" answered with the day the evidence gives: a weekday said of what is to come is the coming one ("is
scheduled to report on Wednesday" in a Sunday article), a day written as a day comes before one written as a week
("last week", said of another release), and a date announced for a plan ("said it would impose a ban starting ...") is
no hypothetical. "When's" and "start date?" ask when. Real components (a real index in a temporary folder, the real packaged model)
over articles written for the test; the dates read are checked on their own below."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.dating import date_in, precision
from bot.kinds import read_kind
from tests.conftest import ingested

STORIES = [
    ("Market Wire", "2024-04-07", "Orchard Platforms earnings preview",
     "Orchard Platforms (ORCH) is scheduled to announce its first-quarter results after the close on Wednesday. "
     "Analysts expect revenue of $3.1 billion."),
    ("Music Wire", "2024-04-12", "Nilo Vard's Sin Ti keeps topping the charts",
     "Nilo Vard's Sin Ti rose to the top of the global chart in late March and has refused to leave it since. "
     "Having only been released on March 2, Sin Ti has racked up over 300 million plays. "
     "Nilo Vard, who last week released Sin Ti's follow-up track, is touring Spain."),
    ("Court Wire", "2024-05-19", "Lumen Watch faces an import ban",
     "As a result, the trade commission said it would impose an import ban on the Lumen Watch starting May 26th. "
     "Case in point, the company shocked everyone yesterday when it pulled the watches from its online store "
     "starting May 21st."),
    ("City Wire", "2024-05-02", "Council to vote on the harbour plan",
     "The harbour council will vote on the new harbour plan on May 14, the council said. Residents can speak "
     "whenever the council meets."),
    ("City Wire", "2024-05-03", "Harbour residents plan a protest",
     "Residents say they will protest whenever the harbour plan comes up."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_a_weekday_to_come(bot: NewsBot) -> None:
    answer = bot.ask("when is orchard platforms scheduled to report its first-quarter results?")
    assert answer.kind == "when" and answer.verdict == "April 10, 2024", answer.text


def test_a_day_before_a_week(bot: NewsBot) -> None:
    """"last week" is said of the follow-up track, and names a week, not a day: the day Sin Ti came out is March 2."""
    answer = bot.ask("when was sin ti by nilo vard released")
    assert answer.kind == "when" and answer.verdict == "March 2, 2024", answer.text


def test_a_date_announced_for_what_is_planned(bot: NewsBot) -> None:
    """"said it would impose an import ban ... starting May 26th" is the ban's date, though "would": a plan announced,
    not a hypothetical; the other date is the store's."""
    answer = bot.ask("lumen watch import ban start date?")
    assert answer.kind == "when" and answer.verdict == "May 26, 2024", answer.text


def test_when_s_is_no_misspelt_word(bot: NewsBot) -> None:
    """"when's" is "when is", not a misspelling of a word the index knows ("whenever")."""
    answer = bot.ask("when's the harbour council vote on the harbour plan?")
    assert answer.kind == "when" and answer.verdict == "May 14, 2024", answer.text


@pytest.mark.parametrize("question", ["epic v lumen trial start date?", "from when does orchard charge extra for more accounts",
                                      "until when is the harbour bridge closed"])
def test_when_questions_read(question: str) -> None:
    assert read_kind(question).kind == "when"


@pytest.mark.parametrize("sentence, published, day", [
    ("Orchard is scheduled to announce its results on Wednesday.", "2024-04-07", "2024-04-10"),
    ("We'll have full coverage of the event on Monday.", "2024-04-11", "2024-04-15"),
    ("The company said on Wednesday it will cut jobs.", "2024-04-07", "2024-04-03"),  # said, not to come
    ("He will resign, he said on Monday.", "2024-04-07", "2024-04-01"),
])
def test_which_weekday(sentence: str, published: str, day: str) -> None:
    found = date_in(sentence, published)
    assert found is not None and found[1] == day


def test_a_week_is_no_day() -> None:
    assert precision("last week", "2024-04-05") < precision("March 2", "2024-03-02") == 2
    assert precision("two weeks ago", "2024-03-29") == precision("March 2024", "2024-03") == 1
