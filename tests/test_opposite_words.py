"""Claims a sentence denies in words the checks must read: a comparison ("more powerful than") against a statement of
equality ("identical to the original"), "most of them" against a part under half of the whole ("of 402,000 ...
fewer than 164,000"), "still applying" against "stop applying", and a rise against a fall written in the -ing form ("jumping" against
"sinking"). Each gets "No" citing the sentence; the twin the sentence states gets "Yes". Real components (a real index
in a temporary folder, the real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Gadget Desk", "2024-04-07", "Nova Deck 2 review",
     "In terms of raw power, the Nova Deck 2 is identical to the original Nova Deck. Its battery lasts two hours longer."),
    ("Gadget Desk", "2024-04-14", "Zen Pad review",
     "The Zen Pad is much faster than the Zen Slate, thanks to its new chip."),
    ("Market Wire", "2024-04-21", "Miner slumps",
     "Lumora Mining was the worst performer on the index on Monday, its shares sinking a mammoth 13 per cent after a "
     "production downgrade."),
    ("Tech Desk", "2024-04-23", "Pixa ignored reports of child accounts",
     "Of 402,000 reports of accounts owned by users under 13 in 2021, fewer than 164,000 were disabled by Pixa. "
     "Of 90,000 reports in 2022, more than 80,000 were disabled by Pixa."),
    ("Music Wire", "2024-04-24", "Quota rule falls",
     "In Norland, the first country to stop applying the airplay quota rule, local performers saw a clear drop in "
     "revenue, the musicians' union said."),
    ("Market Wire", "2024-04-22", "Retailer rallies",
     "Bexley Retail ended the day with its shares jumping 9 per cent after strong holiday sales."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict, settles", [
    ("is the nova deck 2 more powerful than the original nova deck?", "no", "identical to the original"),
    ("is the zen pad faster than the zen slate?", "yes", "much faster than the Zen Slate"),
    ("did lumora mining shares jump 13 per cent on monday?", "no", "sinking a mammoth 13 per cent"),
    ("did bexley retail shares fall 9 per cent?", "no", "jumping 9 per cent"),
    # "still applying" against "stop applying"
    ("is norland still applying the airplay quota rule?", "no", "stop applying the airplay quota rule"),
    # "most of" against "fewer than 164,000" of 402,000
    ("did pixa actually disable most of the under-13 accounts that were reported to it in 2021?", "no", "fewer than 164,000"),
])
def test_the_opposite_in_other_words(bot: NewsBot, question: str, verdict: str, settles: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
    assert settles in answer.text, answer.text


def test_stopping_is_no_contradiction_of_stopping(bot: NewsBot) -> None:
    answer = bot.ask("did norland stop applying the airplay quota rule?")
    assert answer.verdict != "no", answer.text
