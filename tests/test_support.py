"""Yes/no questions in several parts, each tied to an outlet (bot/support.py), on real components: a real index in a
temporary folder, the real packaged model, articles written for the test."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import NewsBot
from bot.parts import asks_same, claims_of, sides_of
from bot.question import read_plain
from bot.stance import hypothetical
from bot.support import polarity
from newsbot.types import Question
from tests.conftest import ingested

STORIES = [
    ("Harbour Times", "2024-03-02", "Council backs stadium",
     "The city council approved the new stadium plan on Tuesday. Councillors voted 9 to 2 in favour of the riverside "
     "stadium, which will seat 30,000 fans."),
    ("Valley Gazette", "2024-04-10", "Stadium to open in 2027",
     "The riverside stadium will open in 2027, the mayor said on Wednesday. The stadium plan, approved by the council in "
     "March, includes a new tram stop. Construction begins in June."),
    ("Harbour Times", "2024-04-20", "Ferry cuts night service",
     "The ferry operator cancelled its night service because of rising fuel costs. Passengers will have to take the bus "
     "after 10pm."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_a_claim_its_source_contradicts(bot: NewsBot) -> None:
    """The question has the Harbour Times say the council did *not* approve the plan; its sentence says it did: no,
    naming that outlet and quoting it."""
    answer = bot.ask("Did the Harbour Times say the council did not approve the stadium plan, while the Valley Gazette "
                     "said the stadium will open in 2027?")
    assert answer.text.startswith("No — the Harbour Times article says otherwise [1].")
    assert "approved the new stadium plan" in answer.citations[0].quote


def test_a_claim_its_named_outlet_never_makes(bot: NewsBot) -> None:
    """Only the Harbour Times wrote about the ferry; the Valley Gazette's articles hold nothing close to it: no, saying
    which outlet doesn't say it and showing the nearest it comes."""
    answer = bot.ask("Did the Valley Gazette report that the ferry cancelled its night service, and did the Harbour "
                     "Times say the council approved the stadium plan?")
    assert answer.text.startswith("No — the Valley Gazette article doesn't say that")
    assert answer.citations[0].source == "Valley Gazette"


@pytest.mark.parametrize("question, verdict", [
    ("Did the Harbour Times report on the stadium vote before the Valley Gazette reported the opening date?", "Yes."),
    ("did the harbour times cover the ferry night service after the valley gazette reported the stadium opening date?",
     "Yes."),
])
def test_report_order_from_the_best_matching_articles(bot: NewsBot, question: str, verdict: str) -> None:
    """The dates of the best-matching article of each outlet decide it: the vote story is from March 2, the opening
    date from April 10, the ferry story from April 20 (lower-case outlets after 'before'/'after' are outlets too).
    A report is dated by its article, not by the event it reports."""
    answer = bot.ask(question)
    assert answer.text.startswith(verdict), answer.text


def test_one_claim_checked_on_each_outlet(bot: NewsBot) -> None:
    """Both outlets write that the council approved the plan, so "both say it rejected it" is no: approved is the
    opposite of rejected (an index this small has never seen "rejected", which the single-claim judge needs)."""
    answer = bot.ask("did the harbour times and the valley gazette both say the council rejected the stadium plan?")
    assert answer.text.startswith("No — the Harbour Times article says otherwise"), answer.text


@pytest.mark.parametrize("text, negated", [
    ("the council did not approve the plan", True),
    ("the operator failed to reach a deal", True),
    ("it wasn't just to join a contender", False),
    ("the council approved the plan", False),
])
def test_polarity(text: str, negated: bool) -> None:
    assert polarity(text) is negated


def _read(text: str, *outlets: str) -> Question:
    return replace(read_plain(text), routes=tuple((o,) for o in outlets))


def test_claims_of_a_two_part_question() -> None:
    """Two claims, the second from "the same publication"; the conclusion after ", indicating" is no claim."""
    parts = claims_of(_read("Does the Fortune article suggest that rates will stay high, while the same publication reports "
                            "that home sales fell, indicating a cooling market?", "Fortune"))
    assert [(p.text, p.sources) for p in parts] == [("rates will stay high", frozenset({"Fortune"})),
                                                   ("home sales fell", frozenset({"Fortune"}))]


def test_sides_of_one_outlet_on_two_days() -> None:
    """"The one on Oct 7" is the same outlet on another day: two sides."""
    question = _read("Between the TechCrunch report on October 6, 2023 and the one on Oct 7, was there consistency in "
                     "the portrayal of the trial?", "TechCrunch")
    assert [(p.sources, p.day) for p in sides_of(question)] == [(frozenset({"TechCrunch"}), "10-06"),
                                                                (frozenset({"TechCrunch"}), "10-07")]
    assert asks_same(question)


@pytest.mark.parametrize("text, same", [
    ("Was there a change in how TechCrunch and Fortune portrayed Altman?", False),
    ("Was there no change in how TechCrunch and Fortune portrayed Altman?", True),
    ("Were TechCrunch and Fortune inconsistent about Altman?", False),
    ("Do TechCrunch and Fortune agree on why Altman was fired?", True),
])
def test_asks_same(text: str, same: bool) -> None:
    assert asks_same(_read(text, "TechCrunch", "Fortune")) is same


@pytest.fixture(scope="module")
def match_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([("Mersey Post", "2024-03-07", "Everton thrash Newcastle",
                      "In the other match, Everton trounced Newcastle 3-0 to move clear of the relegation zone despite their "
                      "ten point penalty for financial irregularities. Dwight McNeil scored twice.")], embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict", [
    ("did everton beat newcastle despite the ten point penalty?", "Yes."),
    ("did newcastle beat everton?", "No"),
])
def test_one_claim_settled_by_the_sentence_that_makes_its_point(match_bot: NewsBot, question: str, verdict: str) -> None:
    """"Everton trounced Newcastle 3-0" makes the point of "did everton beat newcastle" in other words (the claim judge
    alone left it open): yes; with winner and loser swapped (names written lower case, read as the article writes them), no."""
    answer = match_bot.ask(question)
    assert answer.text.startswith(verdict), answer.text
    assert "Everton trounced Newcastle" in answer.citations[0].quote


def test_verdict_before_the_freshness_note(match_bot: NewsBot) -> None:
    """ "latest" asks for news; the only match report is months old, which the answer says, after its verdict (the
    verdict is the answer's first word)."""
    answer = match_bot.ask("did everton beat newcastle in their latest match?")
    assert answer.text.startswith("Yes. The newest indexed article on this is from about 3 months ago (7 March 2024)"), \
        answer.text


TRIAL = [("Harbour Times", "2024-04-25", "Ferry boss goes on trial",
          "The former ferry boss Dan Reilly could face up to 20 years in prison if convicted on all charges of fraud. "
          "His trial is expected to last six weeks, lawyers said.")]


@pytest.fixture(scope="module")
def trial_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(TRIAL, embedder, tmp_path_factory)


@pytest.mark.parametrize("question", ["was the ferry boss convicted?", "Did the Harbour Times report that Reilly was convicted?"])
def test_what_could_happen_is_no_yes(trial_bot: NewsBot, question: str) -> None:
    """'could face 20 years if convicted' says neither that he was convicted nor that he wasn't: no verdict from it."""
    answer = trial_bot.ask(question)
    assert answer.verdict not in ("yes", "no") and not answer.text.startswith(("Yes", "No")), answer.text


@pytest.mark.parametrize(("text", "hedged"), [
    ("Reilly could face up to 20 years in prison if convicted.", True),
    ("The company may cut 500 jobs.", True),
    ("Prosecutors say he is accused of fraud.", True),
    ("Reilly was convicted on all charges on May 3.", False),
    ("The council approved the plan.", False),
])
def test_hypothetical(text: str, hedged: bool) -> None:
    assert hypothetical(text) is hedged


@pytest.mark.parametrize(("text", "about", "hedged"), [
    ("Reilly could face up to 20 years in prison if convicted.", "was Reilly convicted?", True),
    ("The firm said it would cut 500 jobs after it was convicted of fraud.", "was the firm convicted?", False),
])
def test_hypothetical_about_the_claim(text: str, about: str, hedged: bool) -> None:
    """Only a hedge right before the claim's own words makes the sentence hypothetical about it."""
    assert hypothetical(text, about) is hedged


@pytest.fixture(scope="module")
def march_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([
        ("Reuters", "2024-04-13", "Thousands march in Gdansk", "GDANSK, April 13 (Reuters) - About 12,000 people marched "
         "through Gdansk on Saturday to demand cleaner air, police said."),
        ("Associated Press", "2024-04-13", "Gdansk clean air march", "GDANSK, Poland (AP) — Some 40,000 people joined a "
         "march through central Gdansk on Saturday calling for cleaner air, organisers said."),
    ], embedder, tmp_path_factory)


def test_outlets_that_give_different_figures_do_not_agree(march_bot: NewsBot) -> None:
    """Reuters counts about 12,000 marchers, AP (named by its two capitals) some 40,000: both report the march, but not
    the same number of people, so they don't agree on how many marched."""
    answer = march_bot.ask("Did Reuters and AP agree on how many people marched in Gdansk?")
    assert answer.text.startswith("No"), answer.text
    assert {c.source for c in answer.citations[:2]} == {"Reuters", "Associated Press"}
