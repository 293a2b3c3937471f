"""Entity answers that no one sentence gives, or that a slip in the question hides: a name titled as asked further down
("X is a mechanical engineer at Y"), a name typed with two letters swapped ("Amercia"). Real components (a real index
in a temporary folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.roles import titles
from tests.conftest import ingested

STORIES = [
    ("Coin Desk", "2024-05-02", "Varek trial opens",
     "The trial of Tomas Varek, the founder of the failed exchange Quillcoin, opened in Tarn City on Monday. Prosecutors "
     "say Varek built the exchange on a false front. Varek denies the charges."),
    ("Court Wire", "2024-05-03", "A colleague testifies",
     "Ada Roe, a former colleague, told the jury how her name was used as a front to move customer money. Roe said "
     "Varek knew of the missing funds. The defence called her account unreliable."),
    ("Money Desk", "2024-05-04", "Once the richest under 30",
     "Before the collapse, Tomas Varek was called the richest person under 30 in Tarnland. Varek lived in a penthouse "
     "with nine colleagues, and magazines put him on their covers."),
    ("Tech Wire", "2024-05-05", "Exchanges after Quillcoin",
     "Rival exchanges say customers have grown wary since Quillcoin failed. Tomas Varek's trial is expected to last six "
     "weeks. Regulators in Norrland plan new rules."),
    ("Science Desk", "2024-05-06", "A gel that drinks the air",
     "A new salty gel pulls drinking water out of dry air. Disks of the gel swell as they soak up moisture. The gel holds "
     "more water than earlier gels. It could help villages in deserts. Making it is cheap, the team says. The work "
     "appears in a materials journal this week. Lena Holm is a chemical engineer at Tarn University."),
    ("Money Wire", "2024-05-07", "Bank of America sees more turbulence",
     "A Bank of America team led by economist Ivo Brandt warned this week of more turbulence for home prices."),
    ("Money Daily", "2024-05-08", "Rates and homes",
     "Mortgage rates rose again, and Bank of America said buyers were waiting."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_what_a_sentence_says_a_name_is_titles_it() -> None:
    """ "Lena Holm is a chemical engineer at Tarn University": the title is what the sentence says she is, as in an
    apposition; "Lena Holm is working on it" gives none."""
    assert "engin" in titles("Lena Holm", "Lena Holm is a chemical engineer at Tarn University.")
    assert not titles("Lena Holm", "Lena Holm is working on it.")


def test_the_one_titled_as_asked_further_down(bot: NewsBot) -> None:
    """The sentences about the gel name no one; the last sentence of the story says who the engineer is."""
    answer = bot.ask("which tarn university engineer is behind the salty gel that pulls drinking water from air?")
    assert answer.verdict == "Lena Holm", answer.text


def test_a_name_typed_with_two_letters_swapped(bot: NewsBot) -> None:
    """ "Amercia" is one slip (two letters swapped) from "America", which the articles write: read as it."""
    answer = bot.ask("Which economist led the Bank of Amercia team that warned about more turbulence?")
    assert answer.verdict == "Ivo Brandt", answer.text
