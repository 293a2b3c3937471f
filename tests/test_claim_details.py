"""A sentence on a claim's story that leaves out the detail the claim turns on: it doesn't name who the claim is about
("a 1-0 victory" for "did Moss score the goal?", "beat Tarn and Osterby" for "did Harbour City beat Eastbrook?"). Real
components (a real index in a temporary folder, the real packaged model) over articles written for the test; the
readings they rest on are checked on their own below."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.stance import Claims, unnamed
from tests.conftest import ingested

STORIES = [
    ("Court Sports", "2024-04-20", "Harbour City end their trip in Las Vegas",
     "Harbour City beat Tarn and Osterby in Las Vegas in November, and came into the weekend unbeaten. "
     "Eastbrook outscored Harbour City 21-8 on fast breaks on Saturday."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict, settles", [
    ("Did Harbour City beat Eastbrook in Las Vegas?", "no", "Eastbrook outscored"),
])
def test_a_sentence_short_of_the_claims_detail_does_not_carry_it(bot: NewsBot, question: str, verdict: str,
                                                                  settles: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
    assert settles in answer.text, answer.text


def test_the_sentence_must_name_who_the_claim_is_about() -> None:
    claim = Claims().read("Lena Moss scored the goal in the 1-0 win over Norrvik")
    assert unnamed(claim, "it was enough for a 1-0 victory") == ["Lena Moss", "Norrvik"]
    assert unnamed(claim, "Moss scored the only goal against Norrvik") == []
    # a place the claim sets it in may be the article's dateline alone
    assert unnamed(Claims().read("Joshua stopped Wallin in Riyadh"), "Joshua stopped Wallin in the fifth round") == []
