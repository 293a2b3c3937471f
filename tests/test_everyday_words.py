"""Questions typed with everyday words the index lacks, contractions, an outlet's name written as one word, and a
statement asked with an irregular past tense: none of them is a misspelt name, and each is read as the question it is.
Real components (a real index in a temporary folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import numpy as np
import pytest

from bot import NewsBot
from bot.evidence import Scored, Sentence
from bot.kinds import read_kind
from bot.outlets import aliases
from bot.policy import content
from bot.question import read_plain
from bot.verdicts import _Finding
from newsbot.types import Hit
from tests.conftest import ingested

STORIES = [
    ("Wedding Wire", "2024-04-02", "Bride picks her mother",
     "A bride-to-be has been defended after choosing her mother to walk her down the aisle instead of her stepfather. "
     "Stephan, the stepfather, said he was hurt. Stephan later said he understood."),
    ("Wedding Wire", "2024-04-03", "Head of the family",
     "The head of the family said the wedding went ahead. Stephan gave a toast. Marketlink sponsored the party."),
    ("Market Line", "2024-04-04", "Portfolio call pays off",
     "Since our accumulate rating on Norvale Power dated August 13, 2023, the stock has gained around 48 per cent. "
     "The head of research at Marketlink agreed."),
    ("Ring Report", "2024-04-05", "Danner v Pauls is set",
     "Dillon Danner has been going back and forth with the Pauls family long before his upcoming fight against Lucas "
     "Pauls, scheduled for October 14th."),
    ("Wedding Wire", "2024-04-05", "Games night", "The Whits played bingo with the Thais at the wedding, dressed as zombies."),
    ("Wedding Wire", "2024-04-06", "Bingo again", "The Whits and the Thais met for bingo on Friday. No zombies this time."),
    ("Gridiron Daily", "2024-04-07", "Barkley runs wild",
     "Saquon Barkley ran for 120 yards as the Giants beat the Jets. Coach Holowaty praised the line."),
    ("Gridiron Daily", "2024-04-08", "Barkley's contract",
     "Barkley wants a new deal, and Holowaty said the club would talk to his agent."),
    ("Rugby Desk", "2024-04-09", "Dumont names his side",
     "Coach Rassie Dumont named his side on Tuesday, with Raheem Okafor at fly-half."),
    ("Rugby Desk", "2024-04-10", "Okafor fit to start",
     "Okafor trained fully and Dumont said Raheem would kick. Rassie Dumont called it a good week."),
    ("Screen Talk", "2023-10-16", "Jana Pinkard opens up",
     "In an interview with People published on 10 October, Jana Pinkard first revealed that she and her husband were "
     "living separately. Jana furthered that belief during a preview for an interview with Today's Hoda Kotb, which "
     "aired on 13 October."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question", [
    "so the bride chose her stepdad to walk her down the aisle?",  # "stepdad" is no misspelt "Stephan"
    "did the stepfather say he'd walk her?",  # "he'd" is no misspelt "head"
    "what did MarketLine say about norvale power?",  # a name with a capital inside is written on purpose
    "whats the show thats on tonight?",  # everyday words, one slip from names ("Whits", "Thais")
    "the bride wasn't at bingo?",
    "what did the Zambia report say?",  # a name the index lacks is not turned into the everyday word "zombies"
])
def test_everyday_words_and_contractions_are_not_respelled(bot: NewsBot, question: str) -> None:
    assert bot._part("reader")(question).query == question


def test_a_misspelt_name_is_still_respelled(bot: NewsBot) -> None:
    assert "stephan" in bot._part("reader")("what did stephna say about the wedding?").query


@pytest.mark.parametrize("typed, meant", [
    ("barkely", "barkley"),  # its stem is "bark", an everyday word the name is not
    ("holowatty", "holowaty"),  # the index keeps the stem "holowati"; the question gets the name as written
    ("rahem", "raheem"),  # a doubled letter typed once, in a short name
    ("holowatie", "holowaty"),  # a final "y" typed "ie": the same stem as the name, but never written so
    ("rassy", "rassie"),  # and "ie" typed "y"
])
def test_a_misspelt_name_is_respelled_as_the_articles_write_it(bot: NewsBot, typed: str, meant: str) -> None:
    assert f"what did {meant} say" in bot._part("reader")(f"what did {typed} say about the jets?").query


def test_an_outlet_written_as_one_word_is_the_outlet() -> None:
    assert "MarketLine" in aliases("Market Line") and "BusinessLine" in aliases("Business Line")
    assert "TheVerge" not in aliases("The Verge")  # "The" is no part of a name run together


def test_a_statement_with_an_irregular_past_tense_is_a_yes_no_question(bot: NewsBot) -> None:
    assert read_kind("so the bride chose her stepdad to walk her down the aisle?").kind == "yesno"
    answer = bot.ask("so the bride chose her stepfather to walk her down the aisle?")
    assert answer.kind == "yesno", answer.text


def test_supposed_to_is_no_content_of_a_when_question(bot: NewsBot) -> None:
    assert not any(t.startswith("suppos") for t in content(read_plain("when is danner supposed to fight pauls?")))
    answer = bot.ask("hey, when is dillon danner supposed to fight lucas pauls?")
    assert answer.kind == "when" and "October 14" in answer.text, answer.text


def test_each_event_is_dated_by_the_sentences_that_name_it(bot: NewsBot) -> None:
    """The People interview (10 October) must not date the Hoda Kotb interview (13 October) too."""
    answer = bot.ask("did jana pinkard's people interview come out before her hoda kotb interview aired?")
    assert answer.verdict == "yes", answer.text
    body = STORIES[-1][3]
    hit = Hit(text=body, score=1.0, article_id="a", chunk_id="a:0", title="", source="Screen Talk", url="",
              published_at="2023-10-16")
    people, hoda = (Scored(Sentence(text, text, body.index(text), body.index(text) + len(text), hit, 0, ""), 1.0,
                           np.zeros(1)) for text in body.split(". ", 1))
    finding = _Finding(related=(0.86, hoda), all_related=[(0.86, hoda), (0.66, people)], claim="her hoda kotb interview aired")
    found = finding.when()
    assert found is not None and found[0].startswith("2023-10-13"), found  # not the People interview's 10 October
