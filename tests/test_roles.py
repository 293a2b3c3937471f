"""Who holds a role (bot/roles.py): the question read, and the holder found in real articles through the real bot
(a real index in a temporary folder, the real packaged model)."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.kinds import read_kind
from bot.roles import Role, role_asked
from tests.conftest import ingested

STORIES = [
    ("Valley Tech Review", "2024-04-02", "Lumora cuts costs as sales slow",
     "Lumora will cut 300 jobs, the battery maker said on Tuesday. In a call with investors, CFO Priya Raman said the "
     "cuts would save $40 million a year. Quora CEO Adam Lindqvist, a Lumora board member, backed the plan."),
    ("Harbour Times", "2024-04-09", "Orbix names a new chief",
     "Orbix has appointed Marta Quist as its chief executive, replacing former CEO Tom Hale, who left in March. "
     "Quist joins from Kestrel Telecom."),
    ("Harbour Times", "2024-04-11", "Tallow Records keeps growing",
     "Tallow Records, founded in 2001 by former Intel programmer Ivo Brandt, now lists 18 million records. "
     "The marketplace has four employees."),
    ("Harbour Times", "2024-04-12", "Fernway bets on software",
     "In June, CEO Dana Pike of Larchmont wrote that Larchmont had cut 18% of its staff. In an interview with the Harbour "
     "Times, CEO and co-founder Ravi Osei said Fernway would stay focused on software companies."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, role", [
    ("spotify cfo?", Role("cfo", "spotify")),
    ("who's the ceo of rogers communications", Role("ceo", "rogers communications")),
    ("who's kick's ceo", Role("ceo", "kick")),
    ("boston dynamics cto name?", Role("cto", "boston dynamics")),
    ("who is the head coach at oregon state", Role("head coach", "oregon state")),
    ("who is the chief executive of openai", Role("ceo", "openai")),
    ("who founded discogs", Role("founder", "discogs")),
    ("who co-founded kick?", Role("co-founder", "kick")),
])
def test_the_role_asked(question: str, role: Role) -> None:
    assert role_asked(question) == role
    assert read_kind(question).kind == "entity"


@pytest.mark.parametrize("question", ["who fired the coach", "what did the coach say", "who won the cup final"])
def test_no_role_asked(question: str) -> None:
    assert role_asked(question) is None


def test_the_holder_written_before_the_name(bot: NewsBot) -> None:
    """ "CFO Priya Raman" in an article about Lumora; the Quora CEO in the same article is no Lumora CEO."""
    answer = bot.ask("lumora cfo?")
    assert answer.kind == "entity" and answer.verdict == "Priya Raman", answer.text
    assert "CFO Priya Raman" in answer.citations[0].quote
    assert bot.ask("who is lumora's ceo").verdict != "Adam Lindqvist"


def test_the_holder_now_not_the_former_one(bot: NewsBot) -> None:
    answer = bot.ask("who's the ceo of orbix")
    assert answer.verdict == "Marta Quist", answer.text


def test_the_founder_written_after_founded_by(bot: NewsBot) -> None:
    """ "founded in 2001 by former Intel programmer Ivo Brandt": what he did before is not whose founder he is."""
    answer = bot.ask("who founded tallow records")
    assert answer.verdict == "Ivo Brandt", answer.text


def test_the_holder_after_a_comma_and_a_second_role(bot: NewsBot) -> None:
    """ "with the Harbour Times, CEO and co-founder Ravi Osei": not the Times' CEO; "In June, CEO ..." is no name."""
    answer = bot.ask("who is the ceo of fernway?")
    assert answer.verdict == "Ravi Osei", answer.text
    assert "In June" not in answer.text.split(".")[0]
