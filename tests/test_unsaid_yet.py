"""What isn't known yet is no answer: a sentence saying the thing asked is still unnamed ("a third city ...
yet-to-be-named", "two others, still unnamed"), one that speaks of what was asked only as what may come ("could
push it to offer remedies") and a fixture for "did A beat B?" ("will now have to defeat B in March") get "the
articles don't say". Real components (a real index in a temporary folder, the
real packaged model) over articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Sky Wire", "2024-04-02", "Harbour Air's drones reach Tarnby",
     "Starting this year, customers in Tarnby will be able to get parcels from Harbour Air delivered by drone. Next "
     "year, the drone delivery service will launch in a third city, as well as yet-to-be-named spots in the U.K. and Germany."),
    ("Deal Wire", "2024-04-03", "Vexa takes control of Quarto",
     "This effectively makes Quarto a subsidiary of Vexa. Lena Moss, Vexa's head of growth, plus two other "
     "Vexa-appointed people (still unnamed) will join Quarto's board, with the remaining seats held by existing "
     "investors."),
    ("Court Wire", "2024-04-04", "Regulator objects to the Zipcart-Lumo deal",
     "The regulator sent Zipcart a statement of objections over its purchase of Lumo. It could therefore push Zipcart "
     "to offer remedies to the regulator to settle the inquiry and avoid the risk of the acquisition being blocked. The "
     "regulator has been closely scrutinizing the Zipcart-Lumo deal since July when it opened an in-depth probe."),
    ("Match Wire", "2024-04-05", "Harbour FC's road to the Cup",
     "Harbour FC will now have to defeat Norrvik in a one-off playoff in March to reach the Coastal Cup."),
    ("Match Wire", "2024-04-06", "Tarn take the Shield",
     "Tarn beat Kestrel 2-1 in the Shield final on Sunday, with a late goal from Ada Lind."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.xfail(reason="known gap: a name of the kind asked elsewhere (Tarnby, the first city) is still taken as the lead",
                   strict=True)
def test_a_place_still_to_be_named_is_no_answer(bot: NewsBot) -> None:
    answer = bot.ask("which city will be the third to get harbour air drone delivery?")
    assert answer.abstained, answer.text


def test_people_still_unnamed_are_no_answer(bot: NewsBot) -> None:
    answer = bot.ask("who are the two other vexa people on quarto's board besides moss?")
    assert answer.abstained, answer.text


@pytest.mark.xfail(reason="known gap: the hedged sentence is not chosen here; the answer is sentences that don't carry "
                          "'remedies' at all", strict=True)
def test_what_may_be_offered_is_not_what_was(bot: NewsBot) -> None:
    answer = bot.ask("what remedies did zipcart offer the regulator to get the lumo deal through")
    assert answer.abstained, answer.text


def test_a_fixture_is_no_result(bot: NewsBot) -> None:
    answer = bot.ask("did harbour fc beat norrvik in the coastal cup playoff?")
    assert answer.abstained, answer.text
    answer = bot.ask("did tarn beat kestrel in the shield final?")
    assert answer.verdict == "yes", answer.text


def test_what_was_done_is_still_answered(bot: NewsBot) -> None:
    answer = bot.ask("what did the regulator send zipcart over its purchase of lumo?")
    assert not answer.abstained and "statement of objections" in answer.text, answer.text
