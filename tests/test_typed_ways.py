"""One question typed the ways different people type it gets the same reading and the same answer: "is it true X"
with no question mark, "X — yes or no?", a terse "X sentencing date?" / "X 2023 sales?" / "X new head coach after Y",
"X on Y - what did she say", "X's joke about Y", names capitalised or not. Real components (a real index in a temporary folder, the real
packaged model) over articles written for the test; the readings they rest on are checked on their own below."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.kinds import read_kind
from tests.conftest import ingested

STORIES = [
    ("Match Wire", "2024-04-06", "Kestrel beat Norrvik",
     "Kestrel beat Norrvik 3-1 at Harbour Park on Saturday, their first win of the season."),
    ("Court Wire", "2024-04-15", "Colt pleads guilty",
     "Mira Colt pleaded guilty to four counts of fraud. Judge Ann Ruiz scheduled sentencing for Feb. 20 after accepting "
     "the plea agreement."),
    ("Bike Wire", "2024-04-16", "Velo's year",
     "Velo, the e-bike maker, said its sales reached $40 million in 2023, double the year before."),
    ("Ice Wire", "2024-04-14", "Kestrels turn to Moss",
     "The Kestrels named Lena Moss as head coach on Monday, replacing Omar Grant, who was fired a week ago."),
    ("Boat Wire", "2024-04-20", "Rowing club chairman dies",
     "Otto Brandt, chairman of the Harbour Rowing Club for 20 years, has died aged 81, the club said on Friday."),
    ("City Desk", "2024-04-18", "Brandt after the flood",
     "\"We will rebuild every bridge the river took,\" Mayor Ida Brandt said after the Harbour flood on Tuesday."),
    ("Game Wire", "2024-04-10", "Velo's new handheld",
     "The Velo Glide OLED will go on sale on March 3 at 9am, and Velo has units ready to ship that same day."),
    ("Court Wire", "2024-04-19", "A screen fails in court",
     "When the courtroom screen failed during his testimony, Quanta executive Omar Diaz joked: \"You should buy a "
     "better projector.\""),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_a_statement_put_to_be_confirmed_is_a_yes_no_question() -> None:
    """ "is it true (that) X" typed without a question mark, and "X — yes or no?", ask whether X is so."""
    for question in ("is it true kestrel beat norrvik", "is it true that norrvik lost to kestrel",
                     "Kestrel beat Norrvik — yes or no?", "kestrel won against norrvik - true?"):
        ask = read_kind(question)
        assert ask.kind == "yesno" and ask.claims and "—" not in ask.claims[0].text, question


def test_confirmed_statements_are_answered(bot: NewsBot) -> None:
    assert bot.ask("is it true kestrel beat norrvik").verdict == "yes"
    assert bot.ask("Kestrel beat Norrvik — yes or no?").verdict == "yes"


def test_a_terse_question_reads_by_its_last_noun() -> None:
    """ "X sentencing date?" asks when; "X 2023 sales?" asks an amount; "X new head coach after Y" asks who."""
    assert read_kind("mira colt sentencing date?").kind == "when"
    assert read_kind("velo 2023 sales?").target == "number"
    assert read_kind("kestrels new head coach after grant firing").target == "person"
    assert read_kind("taylor swift's date up to date?").kind != "when"


def test_terse_questions_are_answered(bot: NewsBot) -> None:
    assert bot.ask("mira colt sentencing date?").text.startswith("February 20")
    assert bot.ask("velo 2023 sales?").verdict == "$40 million"
    for question in ("who is the harbour rowing club's new chairman now that brandt has died?",
                     "harbour rowing club new chairman after brandt died?"):  # a who-question the articles don't answer
        assert bot.ask(question).abstained, question


def test_the_speaker_named_before_the_question() -> None:
    """ "brandt on the flood - what did she say": "she" is Brandt; "omar diaz's joke" is his words."""
    ask = read_kind("brandt on the flood - what did she say")
    assert ask.kind == "quote" and ask.speaker == "brandt"
    ask = read_kind("omar diaz's joke about the courtroom screen?")
    assert ask.kind == "quote" and ask.speaker == "omar diaz"
    ask = read_kind("What joke did Omar Diaz make about the courtroom screen?")
    assert ask.kind == "quote" and ask.speaker == "Omar Diaz"


def test_their_words_are_answered(bot: NewsBot) -> None:
    """Answered as their words (the speaker's own quote first), not as a passage about the topic."""
    for question, words in (("brandt on the flood - what did she say", "rebuild every bridge"),
                            ("omar diaz's joke about the courtroom screen?", "better projector")):
        answer = bot.ask(question)
        assert answer.kind == "quote" and words in answer.text, answer.text


def test_capitals_change_nothing(bot: NewsBot) -> None:
    """A question typed with its names capitalised is read as the same question in lower case: the sentence about
    the device going on sale answers when it was released either way."""
    lower = bot.ask("when was the velo glide oled released?")
    capitalised = bot.ask("When was the Velo Glide OLED released?")
    assert lower.text.startswith("March 3") and capitalised.text.startswith("March 3"), capitalised.text
