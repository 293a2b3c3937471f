"""Count and outlet questions over the whole index, typed as people type them (bot/lists.py, bot/kinds.py), on real
components: a real index in a temporary folder, the real packaged model, articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.lists import topic_words
from bot.question import read_plain
from tests.conftest import ingested

STORIES = [
    ("Game Wire", "2024-05-01", "Epic Games sues over store fees",
     "On Wednesday, Epic Games filed a new lawsuit over the fees charged by mobile app stores."),
    ("Play Weekly", "2024-05-03", "A big night for indie games",
     "It was an epic night for small studios: three indie games topped the charts. The final list had no big names."),
    ("Tech Daily", "2024-05-06", "Store fee fight goes on",
     "The fight over store fees goes on, with Epic Games asking the court for a quick ruling."),
    ("Game Wire", "2024-05-08", "World Cup final tickets sell out",
     "Tickets for the World Cup final sold out within an hour of going on sale on Monday."),
    ("Sport Daily", "2024-05-09", "World Cup squads named",
     "Coaches named their World Cup squads on Tuesday. The final decision on the captain comes next week."),
    ("", "2024-05-10", "Trade talks resume in Oslo",  # an article with no outlet, like a pasted text
     "Trade talks between Norland and Kestrel resumed in Oslo on Friday, officials said."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize(("question", "count"), [
    ("how many articles mention epic games?", "2"),  # not "an epic night for indie games"
    ("How many articles mention the World Cup final?", "1"),  # not squads named for the World Cup, with a "final decision"
    ("number of articles that mention epic games", "2"),
    ("how many outlets covered epic games?", "2"),  # Game Wire and Tech Daily, each once
    ("epic games - how many articles?", "2"),
    ("total articles mentioning epic games?", "2"),
])
def test_a_count_counts_what_the_question_names(bot: NewsBot, question: str, count: str) -> None:
    answer = bot.ask(question)
    assert answer.kind == "count" and answer.verdict == count, answer.text


@pytest.mark.parametrize("question", ["who covered epic games?", "which sites wrote about epic games?",
                                      "where can i read about epic games?", "what publications reported on epic games?",
                                      "which news organisations reported on epic games", "who's covering epic games?",
                                      "in which outlets did epic games appear?", "any coverage of epic games - from whom?",
                                      "epic games coverage: which outlets?"])
def test_the_outlets_that_covered_it(bot: NewsBot, question: str) -> None:
    answer = bot.ask(question)
    assert answer.kind == "list" and answer.verdict == "Game Wire; Tech Daily", answer.text


def test_an_article_with_no_outlet_is_said_so(bot: NewsBot) -> None:
    # the names in its sentence are no outlets; an article without an outlet is listed by its title and day
    answer = bot.ask("which outlets covered the trade talks?")
    assert answer.kind == "list" and answer.verdict == "(no outlet)", answer.text
    answer = bot.ask("how many articles mention the trade talks?")
    assert answer.kind == "count" and answer.verdict == "1" and "(," not in answer.text, answer.text



def test_talks_are_a_topic(bot: NewsBot) -> None:
    # "which outlets covered the talks?" on the seed: the talks are what was covered, not "talk about"
    assert topic_words(read_plain("which outlets covered the talks?"), (), bot.index.keywords) == ["talk"]
    assert topic_words(read_plain("which outlets talked about tariffs?"), (), bot.index.keywords) == ["tariff"]
