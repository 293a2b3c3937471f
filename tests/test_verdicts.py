"""One-claim yes/no verdicts (bot/verdicts.py) on real components: a real index in a temporary folder, the real packaged
model, articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Midwest Sports Daily", "2024-03-02", "Michigan beat Ohio State again",
     "On Saturday, Michigan beat Ohio State 30-24 for the third straight season. The Wolverines now lead the rivalry "
     "series by 18 games."),
    ("Valley Tech Review", "2024-04-10", "Lumora board removes its chief executive",
     "The Lumora board fired Dana Reyes as chief executive on Friday, saying she had not been candid with directors. "
     "Reyes had led the battery maker for six years."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question", ["ohio state finally beat michigan on saturday?", "did ohio state beat michigan on saturday"])
def test_a_lower_case_question_with_winner_and_loser_swapped(bot: NewsBot, question: str) -> None:
    """Typed in lower case, "ohio state" and "michigan" are still the names the article writes capitalised, so the claim
    has a winner and a loser: the article has them the other way round, so no. (Read as "the Ohio article states
    that ...", or without its names, the claim "beat michigan on saturday" looked carried.)"""
    answer = bot.ask(question)
    assert answer.text.startswith("No"), answer.text
    assert "Michigan beat Ohio State" in answer.citations[0].quote


def test_quitting_is_not_being_fired(bot: NewsBot) -> None:
    """The board fired her; the question has her leave on her own: no, quoting the firing."""
    answer = bot.ask("Did Dana Reyes quit Lumora on her own?")
    assert answer.text.startswith("No"), answer.text
    assert "fired Dana Reyes" in answer.citations[0].quote


@pytest.fixture(scope="module")
def trial_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([("Harbour Times", "2024-03-04", "Former mayor goes on trial",
                      "Former mayor Tom Reilly went on trial on Monday on bribery charges over the harbour contract. "
                      "The trial is expected to last three weeks, prosecutors said.")], embedder, tmp_path_factory)


def test_a_result_the_evidence_never_states_is_no_yes(trial_bot: NewsBot) -> None:
    """The article is about Reilly's bribery trial, close in words to "was he convicted of bribery?", but says only that
    the trial began: no verdict, so no "Yes" (the answer shows what it does say)."""
    answer = trial_bot.ask("Was Tom Reilly convicted of bribery?")
    assert not answer.text.startswith("Yes"), answer.text
    assert answer.verdict != "yes"
    assert "went on trial" in answer.text


@pytest.fixture(scope="module")
def earnings_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([("Valley Tech Review", "2024-03-22", "Lumora misses on sales",
                      "Lumora reported revenue Thursday that fell short of Wall Street's sales expectations for the first "
                      "time in two years, but it beat on earnings estimates, sending its stock higher.")], embedder,
                    tmp_path_factory)


def test_falling_short_is_not_beating(earnings_bot: NewsBot) -> None:
    """ "fell short of Wall Street's sales expectations" says revenue did not beat them (the "beat" in the sentence is
    about earnings): the outlet's own sentence says otherwise, so no, naming it and quoting it."""
    answer = earnings_bot.ask("Did the Valley Tech Review report that Lumora beat revenue expectations?")
    assert answer.text.startswith("No — the Valley Tech Review article says otherwise"), answer.text
    assert "fell short" in answer.citations[0].quote


@pytest.fixture(scope="module")
def rates_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([("Harbour Times", "2024-11-07", "Harbour Bank holds rates",
                      "The Harbour Bank left interest rates unchanged at 4% on Thursday. Mortgage lenders said fixed-rate "
                      "deals had already priced in a rate cut by the Harbour Bank in December.")], embedder, tmp_path_factory)


def test_a_sentence_naming_another_month_is_about_that_month(rates_bot: NewsBot) -> None:
    """Published in November, the article says the bank held rates; "a rate cut ... in December" is about December,
    not the November the article was published in: so it doesn't back "cut in November" against the hold. No."""
    answer = rates_bot.ask("Did the Harbour Bank cut rates in November?")
    assert answer.text.startswith("No"), answer.text
    assert "unchanged" in answer.citations[0].quote


@pytest.fixture(scope="module")
def order_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([
        ("Harbour Times", "2024-03-01", "Stadium plan heads to council",
         "The city council could approve the riverside stadium plan next month, the mayor said."),
        ("Harbour Times", "2024-03-20", "Ferry cuts night service",
         "The ferry operator cancelled its night service because of rising fuel costs."),
        ("Valley Gazette", "2024-04-10", "Council backs stadium",
         "The city council approved the riverside stadium plan on Tuesday, voting 9 to 2 in favour."),
    ], embedder, tmp_path_factory)


def test_an_event_is_dated_by_a_sentence_saying_it_happened(order_bot: NewsBot) -> None:
    """The council approved the plan in April (the March 1 article only says it *could*); the ferry cut came on March
    20: the approval was not before the cut. Dated by the March 1 "could approve", it looked as if it were."""
    answer = order_bot.ask("Was the stadium plan approved by the council before the ferry cancelled its night service?")
    assert answer.text.startswith("No"), answer.text
    assert any("approved the riverside stadium plan" in c.quote for c in answer.citations)


@pytest.mark.parametrize("question, claim", [
    ("I heard joshua stopped otto wallin in riyadh, is that true?", "joshua stopped otto wallin in riyadh"),
    ("I read that the Fed cut rates, is it true?", "the Fed cut rates"),
    ("did the fed cut rates, right?", "the fed cut rates"),
])
def test_chat_framing_is_no_part_of_the_claim(question: str, claim: str) -> None:
    """ "I heard ..." and "..., is that true?" wrap the claim; its words ("heard", "true") are not what is checked."""
    from bot.kinds import read_kind

    ask = read_kind(question)
    assert ask.kind == "yesno"
    assert [c.text for c in ask.claims] == [claim]



@pytest.mark.parametrize("question, kind", [
    ("altman fired?", "yesno"),  # a name and what was done to it: the shortest statement asked as a question
    ("stadium approved?", "yesno"),
    ("rubio said?", "open"),  # what someone said is no yes/no
    ("taylor swift?", "open"),
    ("sbf trial?", "open"),
])
def test_a_two_word_statement_is_a_yes_no_question(question: str, kind: str) -> None:
    from bot.kinds import read_kind

    assert read_kind(question).kind == kind


def test_a_two_word_statement_gets_a_verdict(order_bot: NewsBot) -> None:
    answer = order_bot.ask("stadium approved?")
    assert answer.verdict == "yes", answer.text
    assert "approved the riverside stadium plan" in answer.citations[0].quote
