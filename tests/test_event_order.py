"""Yes/no questions that order two events in time ("was A before B?"), on real components: a real index in a temporary
folder, the real packaged model, articles written for the test. Each event is searched on its own as well as the whole
question (`parts.event_sides`, `pipeline.Pipeline.retrieve`), so both can be dated."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.parts import event_sides, split_order
from tests.conftest import ingested

# Many articles on the recall, each naming the stadium its maker sponsors, crowd the one on the stadium's opening out
# of a search for the whole question.
RECALL = [("Valley Tech Review", f"2024-04-{day:02d}", f"Lumora battery recall, day {n}",
           f"Lumora, the sponsor of the Harbour stadium, recalled its Volt battery packs after overheating reports. "
           f"Update {n}: Lumora said {1000 * n} Volt battery packs have now been returned under the recall, and the "
           f"Harbour stadium's open days will go on.")
          for n, day in enumerate(range(10, 20), start=1)]
STADIUM = [("Harbour Times", "2024-02-03", "Harbour stadium opens",
            "The new Harbour stadium opened on Saturday with a sold-out concert by the Tidewater Choir.")]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(RECALL + STADIUM, embedder, tmp_path_factory)


@pytest.mark.parametrize(("question", "verdict"), [
    ("Did the Harbour stadium open before Lumora recalled its Volt battery packs?", "yes"),
    ("did lumora recall its volt battery packs before the harbour stadium opened", "no"),
])
def test_both_events_are_found_and_dated(bot: NewsBot, question: str, verdict: str) -> None:
    """The stadium opened on February 3; the recall articles are from April 10 on: the stadium came first. Ten recall
    articles outrank the one stadium article for the whole question, so it is found by its own search, and the answer
    cites both events."""
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
    assert answer.text.startswith(verdict.capitalize()), answer.text
    quotes = " ".join(c.quote for c in answer.citations)
    assert "stadium opened" in quotes and "recalled" in quotes, answer.text


def test_which_came_first_finds_both(bot: NewsBot) -> None:
    """"Which came first, A or B?": each option is searched in the question without the other, so the stadium's one
    article is read beside the ten on the recall, and the earlier side is named."""
    answer = bot.ask("which came first, the harbour stadium opening or lumora's volt battery recall?")
    assert answer.kind == "choice" and "stadium" in answer.verdict.lower(), answer.text
    assert any(c.source == "Harbour Times" for c in answer.citations), answer.text


def test_each_event_is_searched_near_the_top(bot: NewsBot) -> None:
    """The stadium article is among the first chunks the answer reads (8), though the whole question's search puts ten
    recall chunks above it."""
    read = bot.read("Did the Harbour stadium open before Lumora recalled its Volt battery packs?")
    hits = bot._part("pipeline").retrieve({"read": read})
    assert any(h.source == "Harbour Times" for h in hits[:8])


@pytest.mark.parametrize(("question", "sides"), [
    ("Was Altman fired after OpenAI held its first DevDay?", ["Altman fired", "OpenAI held its first DevDay"]),
    ("Did the Fed raise rates in November?", []),  # no order
    ("which raised more, simply homes or starnews mobile", ["which raised more, simply homes",
                                                            "which raised more, starnews mobile"]),
])
def test_event_sides(bot: NewsBot, question: str, sides: list[str]) -> None:
    assert event_sides(bot.read(question)) == sides


def test_split_order() -> None:
    assert split_order("A won the cup prior to B retiring") == ["A won the cup", "B retiring"]
    assert split_order("A won the cup") == ["A won the cup"]
