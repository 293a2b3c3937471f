"""What may come neither says nor denies what happened: "the bank may not raise rates further" and "cannot keep raising
rates" do not deny that it raised them, and "traders expect the bank to hold next week" says nothing against a hold
in another month. Real components (a real index in a temporary folder, the real packaged model) over articles written
for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Harbour Times", "2024-11-02", "Harbour Bank raises rates again",
     "The Harbour Bank has raised interest rates three times this year. Economists said the Harbour Bank may not raise "
     "interest rates further. “The Harbour Bank simply cannot keep raising interest rates with growth this weak,” one said."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_a_maybe_does_not_deny_what_happened(bot: NewsBot) -> None:
    answer = bot.ask("did the harbour bank raise interest rates this year?")
    assert answer.verdict == "yes", answer.text
    assert "has raised interest rates three times" in answer.citations[0].quote  # the sentence the Yes rests on, first


@pytest.fixture(scope="module")
def expecting_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([("Harbour Times", "2024-12-05", "Markets look to the Harbour Bank meeting",
                      "Traders widely expect the Harbour Bank to hold interest rates steady at its meeting next week. "
                      "Shares rose.")], embedder, tmp_path_factory)


def test_what_traders_expect_is_no_answer_about_another_month(expecting_bot: NewsBot) -> None:
    answer = expecting_bot.ask("did the harbour bank hold interest rates in november?")
    assert answer.verdict != "no", answer.text


@pytest.fixture(scope="module")
def plea_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([("Court Wire", "2024-01-12", "Dalton pleads not guilty",
                      "Mark Dalton pleaded not guilty to seven counts of fraud in a Manhattan court on Friday. A trial "
                      "starting in October will determine whether Mark Dalton is guilty.")], embedder, tmp_path_factory)


@pytest.mark.parametrize("question", ["was dalton found guilty?", "was mark dalton convicted?"])
def test_a_plea_is_no_verdict(plea_bot: NewsBot, question: str) -> None:
    """ "pleaded not guilty" says how he pleaded, not how the trial ended, and "will determine whether he is guilty"
    is what may come: neither a yes nor a no."""
    answer = plea_bot.ask(question)
    assert answer.verdict not in ("yes", "no"), answer.text


@pytest.fixture(scope="module")
def board_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([("Valley Tech Review", "2024-02-10", "Lumora's board fires Dana Reyes",
                      "In a surprise move late on Friday, Dana Reyes was fired as chief executive of Lumora, the maker of "
                      "the Orbix phone."),
                     ("Valley Tech Review", "2024-02-12", "Investors push back",
                      "Investors are exerting pressure on Lumora's board to reinstate Dana Reyes.")],
                    embedder, tmp_path_factory)


def test_a_call_to_undo_it_does_not_deny_it(board_bot: NewsBot) -> None:
    """ "pressure on the board to reinstate her" asks for what has not happened; it does not deny she was fired."""
    answer = board_bot.ask("did lumora's board fire dana reyes?")
    assert answer.verdict == "yes", answer.text
    assert "Dana Reyes was fired" in answer.citations[0].quote
