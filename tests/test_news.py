"""News-aware retrieval (outlets, dates, unknown outlets) and the evaluation harness, on real components."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot import NewsBot
from bot.compose import lead_of
from bot.eval.metrics import names_answer, query_scores, same_name, score_retrieval
from bot.names import names_in
from bot.outlets import aliases as outlet_aliases
from bot.when import read_dates
from tests.conftest import DATA, REPO, ingested


def test_metrics_worked_example() -> None:
    """Two facts; ranks 2 and 5 are hits (spaces and newlines ignored), so by hand:
    Hits@4 = 1, Hits@10 = 1, RR = 1/2, AP = (1/2 + 2/5) / min(2, 10) = 0.45."""
    facts = ["The cat sat.", "Dogs   bark."]
    chunks = ["nothing", "header\nThe cat\nsat. more", "x", "y", "Dogsbark.", "z"]
    assert query_scores(chunks, facts) == (1.0, 1.0, 0.5, pytest.approx(0.45))
    assert query_scores(["a", "b", "c", "d", "The cat sat."], facts)[:2] == (0.0, 1.0)
    scores = score_retrieval([(chunks, facts), (["none"], ["missing"]), (["x"], [])])
    assert scores.queries == 2 and scores.mrr_at_10 == pytest.approx(0.25)


def test_outlet_aliases() -> None:
    assert outlet_aliases("The Independent - Sports") >= {"The Independent - Sports", "The Independent", "Independent"}
    assert "Age" not in outlet_aliases("The Age")  # too short to stand alone
    assert "CBSSports" in outlet_aliases("CBSSports.com")


@pytest.mark.parametrize("question, expected", [
    ("What happened on February 6, 2024?", ("2024-02-05", "2024-02-07")),
    ("What was reported in November 2023?", ("2023-11-01", "2023-11-30")),
    ("What happened last week?", ("2024-03-08", "2024-03-15")),
    ("What did they say before October 22, 2023?", (None, "2023-10-23")),
    ("Any news since March 2024?", ("2024-03-01", None)),
    ("Who scored in last week's game?", (None, None)),
    ("What is the latest on the strike?", (None, None)),
])
def test_question_dates(question: str, expected: tuple[str | None, str | None]) -> None:
    span = read_dates(question, date(2024, 3, 15))
    assert (span.since, span.until) == expected


def test_yearless_dates_fall_in_the_archive() -> None:
    """Asked in 2026 of an archive ending December 2023, "November" means November 2023; "last week" stays relative."""
    november = read_dates("What happened in November?", date(2026, 11, 27), anchor=date(2023, 12, 25))
    assert (november.since, november.until) == ("2023-11-01", "2023-11-30")
    week = read_dates("What happened last week?", date(2026, 11, 27), anchor=date(2023, 12, 25))
    assert (week.since, week.until) == ("2026-11-20", "2026-11-27")


@pytest.fixture(scope="module")
def news_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    """Two outlets covering the same story on different dates, plus an unrelated one."""
    return ingested([
        ("Harbour Times", "2024-03-02", "Port workers strike over pay", "Port workers walked out on Saturday demanding a pay rise. "
         "The union said the strike would continue until the operator improves its offer."),
        ("Valley Gazette", "2024-05-20", "Port strike ends with a pay deal", "The port strike ended after the operator agreed to "
         "a 7 percent pay rise. Union leaders called the agreement fair and said work resumes on Monday."),
        ("Coastal Wire", "2024-05-21", "Ferry timetable changes for summer", "Ferries will run every hour from June. "
         "The operator said demand had grown since the port reopened."),
    ], embedder, tmp_path_factory)


def test_outlet_named_in_question_comes_first(news_bot: NewsBot) -> None:
    hits = news_bot.retrieve("What did the Harbour Times report about the port strike?", k=3)
    assert hits[0].source == "Harbour Times"
    hits = news_bot.retrieve("What did the 'Valley Gazette' article say about the port strike?", k=3)
    assert hits[0].source == "Valley Gazette"
    answer = news_bot.ask("According to the Valley Gazette, how did the port strike end?")
    assert "outlets: Valley Gazette" in answer.searched and answer.citations[0].source == "Valley Gazette"


def test_dates_in_question_prefer_articles_from_then(news_bot: NewsBot) -> None:
    assert news_bot.retrieve("port strike pay in March 2024", k=3)[0].source == "Harbour Times"
    assert news_bot.retrieve("port strike pay in May 2024", k=3)[0].source == "Valley Gazette"
    answer = news_bot.ask("What happened with the port strike last week?")
    assert "dates: 2024-05-18 to 2024-05-25" in answer.searched


def test_question_citing_an_outlet_not_indexed_abstains(news_bot: NewsBot) -> None:
    answer = news_bot.ask("What did a Bloomberg article say about the port strike?")
    assert answer.abstained and "Bloomberg" in answer.text and not answer.citations
    assert not news_bot.ask("What did the Harbour Times say about the port strike?").abstained


def test_eval_harness_on_a_small_corpus(tmp_path: Path, seed_home: Path) -> None:
    home = tmp_path / "eval-home"
    done = subprocess.run([sys.executable, "-m", "bot.eval", "--corpus", str(DATA / "multihop-sample.json"),
                           "--queries", str(DATA / "multihop-queries-sample.json"), "--home", str(home)],
                          capture_output=True, text=True, cwd=REPO, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads((home / "results-multihop-queries-sample.json").read_text())
    assert results["counts"] == {"comparison_query": 1, "inference_query": 2, "null_query": 1}
    full = results["retrieval"]["+ diversity (= NewsBot.retrieve)"]["overall"]
    assert full["queries"] == 3 and full["hits_at_10"] == 1.0 and full["mrr_at_10"] > 0.5
    assert results["answers"]["null_abstained"] == 1.0 and results["answers"]["evidence_recall"] > 0
    assert results["seed_set"]["answer_accuracy"] >= 0.9
    assert results["answers"]["entity_accuracy"][1] == 2  # the two inference answers; the comparison one is "Yes"
    assert results["answers"]["yes_accuracy"][1] == 1 and results["answers"]["answerable"] == 3
    assert len((home / "answers-multihop-queries-sample.jsonl").read_text().splitlines()) == 4
    assert "| variant |" in (home / "results-multihop-queries-sample.md").read_text()


def test_a_question_after_one_name_opens_with_the_name_the_articles_share(embedder,
                                                                        tmp_path_factory: pytest.TempPathFactory) -> None:
    """MultiHop-RAG's inference questions ("Who is the individual ...?") join facts from several articles about one
    person; the answer opens with that person's full name, cited to a sentence that quotes it."""
    bot = ingested([
        ("Harbour Times", "2024-05-02", "Storm shuts the port", "Harbour master Dana Whitlock closed the port of Aldport on Thursday "
         "as the storm approached. Whitlock said the closure would last two days. Shipping agents Brook & Vale said "
         "cargo would wait offshore."),
        ("Valley Gazette", "2024-05-20", "New ferry terminal opens", "The new ferry terminal was opened on Friday by "
         "Dana Whitlock. Whitlock thanked the builders from Aldport Construction and said ferries start in June. "
         "Whitlock also thanked Ali Brennan, the deputy harbour master, for keeping the old pier open."),
        ("Coastal Wire", "2024-05-21", "Council budget approved", "Mayor Ravi Osei said the council budget was approved "
         "on Monday. Osei said the money would go to schools and roads."),
    ], embedder, tmp_path_factory)
    answer = bot.ask("Who is the official who closed the port before the storm and opened the new ferry terminal?")
    assert lead_of(answer.text) == "Dana Whitlock", answer.text
    n = int(answer.text.split("[", 1)[1].split("]", 1)[0])
    assert "Whitlock" in answer.citations[n - 1].quote
    assert lead_of(bot.ask("What did the mayor say about the budget?").text) == ""  # not a question after a name
    chat = bot.chat()  # "he" after a question without a name: the person the answer was about, not a capitalised word
    chat.ask("Who closed the port of Aldport as the storm approached?")
    assert "Whitlock" in chat.ask("What did he say about the closure?").query
    deputy = bot.ask("Who is the deputy harbour master?")  # the most-mentioned name is not the one next to "deputy"
    assert lead_of(deputy.text) != "Dana Whitlock" and "Brennan" in deputy.text, deputy.text
    single = bot.ask("Who is the official who approved the council budget?")  # one article only: no lead
    assert lead_of(single.text) == "" and "Osei" in single.text


def test_names_read_strictly_inside_sentences() -> None:
    known = frozenset({"Google", "Sundar", "Pichai", "OpenAI", "ChatGPT", "Sam"})
    assert names_in("Google CEO Sundar Pichai said the case was wrong.", known) == ["Google", "Sundar Pichai"]
    assert names_in("Loading Google results took a second.", known) == ["Google"]
    assert names_in("Users of OpenAI’s ChatGPT grew.", known) == ["OpenAI", "ChatGPT"]
    assert names_in("Google CEO Sundar Pichai said so.") == ["Google", "Sundar Pichai"]  # a title ends a name


def test_answer_metrics_for_short_gold_answers() -> None:
    assert names_answer("Sam Bankman-Fried [1]. The FTX founder ...", "Sam Bankman-Fried.")
    assert not names_answer("Bankman-Fried said ...", "Sam Bankman-Fried") and not names_answer("Samsung", "Sam")
    assert lead_of("Sam Altman [2]. Altman said ... [1] ... [2]") == "Sam Altman"
    assert lead_of("FTX was no Ponzi scheme. [1] It said ...") == ""
    assert same_name("The European Commission", "European Commission.") and not same_name("Google Play", "Google")
