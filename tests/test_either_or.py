"""Yes/no questions that end in two sides ("did he sign with the gulls or the foxes?") answered with the side, on real
components: a real index in a temporary folder, the real packaged model, articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.kinds import read_kind
from tests.conftest import ingested

STORIES = [
    ("Coast Sports", "2024-05-11", "Arata picks the Gulls",
     "Star pitcher Kenji Arata announced on Saturday that he is signing with the Harbor City Gulls, spurning the Bay "
     "Foxes and leaving the city where he became a star with the Valley Hawks. The deal runs for six seasons."),
    ("Harbor Ledger", "2024-05-12", "Gulls confirm Arata deal",
     "The Gulls have officially announced their signing of Arata, calling him a once-in-a-generation pitcher. Tickets "
     "for his first home start sold out within an hour."),
    ("Capital Wire", "2024-05-14", "Minister meets envoys",
     "Trade minister Olga Brant met Ambassador Sato and the Indian envoy at the ministry on Tuesday to discuss tariffs."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize(("question", "sides"), [
    ("did arata sign with the gulls or the foxes?", ("gulls", "foxes")),  # each side after "the"
    ("Did Brant meet Sato or Ramos?", ("Sato", "Ramos")),  # each side a name
    ("did the march end outside the Sejm or the Palace of Culture", ("Sejm", "Palace of Culture")),
])
def test_a_yes_no_question_ending_in_two_sides_is_a_choice(question: str, sides: tuple[str, str]) -> None:
    ask = read_kind(question)
    assert ask.kind == "choice" and ask.options == sides, ask


@pytest.mark.parametrize("question", ["did prices rise or fall?", "is he guilty or innocent?", "was he fired or did he quit?",
                                      "did the fed cut rates or not?"])
def test_two_words_that_are_no_sides_keep_the_yes_no_question(question: str) -> None:
    assert read_kind(question).kind == "yesno"


@pytest.mark.parametrize("question", ["did arata sign with the gulls or the foxes?", "did Arata sign with the Gulls or the Hawks?"])
def test_the_side_written_where_the_question_puts_it(bot: NewsBot, question: str) -> None:
    # both sides are in the first article's sentence; only the Gulls follow "signing with"
    answer = bot.ask(question)
    assert answer.kind == "choice" and answer.verdict.lower() == "gulls", answer.text


def test_a_side_the_articles_never_name_is_no_reason_to_abstain(bot: NewsBot) -> None:
    answer = bot.ask("did Brant meet Sato or Ramos?")
    assert answer.kind == "choice" and answer.verdict == "Sato", answer.text
