"""A sentence on a claim's story that leaves out or changes the detail the claim turns on: it doesn't name who the claim
is about ("a 1-0 victory" for "did Moss score the goal?", "beat Tarn and Osterby" for "did Harbour City beat
Eastbrook?"), gives another code ("a strong G3" for "was the storm a G4?", "Category 3" for "Category 4"), or rules
out what the claim says behind a frame ("brushed off attempts to take the job" for "is he pushing to keep the job?"). Real
components (a real index in a temporary folder, the real packaged model) over articles written for the test; the
readings they rest on are checked on their own below."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.align import other_filler
from bot.stance import Claims, unnamed
from bot.support import _negates
from tests.conftest import ingested

STORIES = [
    ("Court Sports", "2024-04-20", "Harbour City end their trip in Las Vegas",
     "Harbour City beat Tarn and Osterby in Las Vegas in November, and came into the weekend unbeaten. "
     "Eastbrook outscored Harbour City 21-8 on fast breaks on Saturday."),
    ("Capital Wire", "2024-04-23", "Lind keeps the chair for now",
     "Lind himself has brushed off attempts to take the speaker job more permanently after he was appointed to the role."),
    ("Sky Desk", "2024-04-22", "Northern lights after the storm",
     "The aurora displays were triggered by a geomagnetic storm that peaked as a strong G3 on Nov. 5."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict, settles", [
    ("Did Harbour City beat Eastbrook in Las Vegas?", "no", "Eastbrook outscored"),
    ("was the nov 5 geomagnetic storm a g4?", "no", "G3"),
    ("did capital wire say lind is pushing to keep the speaker job permanently?", "no", "brushed off attempts"),
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


@pytest.mark.parametrize("claim, sentence, other", [
    ("the nov 5 solar storm was a g4", "a geomagnetic storm that peaked as a strong G3 on Nov. 5", "G3"),
    ("Hurricane Ida was a category 4 storm", "Ida made landfall as a Category 3 hurricane", "Category 3"),
    ("the Hawks won 6 games", "the Hawks won 5 games", "5"),  # a count stays a figure
])
def test_a_number_naming_a_code_is_a_name(claim: str, sentence: str, other: str) -> None:
    assert other_filler(claim, sentence) == other


def test_a_negation_reaches_past_its_frame() -> None:
    claim = "Lind is pushing to keep the speaker job permanently"
    assert _negates("Lind has brushed off attempts to take the speaker job more permanently", claim)
    assert _negates("Lind ruled out talk of keeping the speaker job", claim)
    assert not _negates("Lind brushed off the criticism and kept the speaker job", "Lind was criticised")

