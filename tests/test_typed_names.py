"""Names typed in lower case, as people type them: an answer's figure or name must come from an article about the
name asked for, not from a nearby article about someone else. Real components: a real index in a temporary folder,
the real packaged model, articles written for the test."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.amounts import amount_in
from bot.kinds import read_kind
from bot.names import written_as_names
from bot.spelling import Vocabulary
from tests.conftest import ingested

STORIES = [
    ("Harbour Tech", "2024-04-02", "Scalable Capital raises again",
     "Scalable Capital raised $180 million at a valuation of $1.4 billion in a round led by Tencent. "
     "The Munich broker said it now serves two million clients across Europe."),
    ("Harbour Tech", "2024-04-03", "Lumora School wants to teach every child in Dhaka",
     "Lumora School, an edtech start-up from Dhaka, began as a YouTube channel for exam preparation. "
     "Its founders say access to education in Bangladesh is filled with inequalities. "
     "Lumora School now offers live classes in mathematics and physics."),
    ("Court Wire", "2024-04-05", "Vandermolen acquitted",
     "A jury acquitted Pieter Vandermolen of all fraud charges on Thursday. Vandermolen thanked his lawyers. A "
     "settlement with his investors is still being discussed."),
    ("Health Desk", "2024-04-10", "Clinic waits", "Patients at the Harbour clinic waited four hours on average."),
    ("Court Wire", "2024-04-20", "Harbour settlement", "The port reached a settlement with its dockers on Friday."),
    ("Health Desk", "2024-04-09", "Gene therapy trial moves on",
     "In 2023 the team showed that NVX-100, a precursor to NVX-101, removed the virus in primates. "
     "The trial of NVX-101 will next test higher doses in six patients."),
    ("Track Wire", "2024-04-12", "Blaney takes the title", "Ryan Blaney won the Cup Series title in Phoenix on Sunday. "
     "Fans from Blaine County travelled to see the race."),
    ("Track Wire", "2024-04-13", "Blaney's long road", "Blaney had waited eight seasons for a title. His team said Blaney "
     "would race again in February. Blaine County plans a parade."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_a_figure_about_another_company_is_no_answer(bot: NewsBot) -> None:
    """'lumora school' is typed in lower case; the only valuation nearby is Scalable Capital's."""
    answer = bot.ask("what valuation did lumora school raise at")
    assert answer.abstained and "$1.4 billion" not in answer.text.split("nearest")[0], answer.text
    answer = bot.ask("what valuation did scalable capital raise at")  # the same words about the company that did
    assert not answer.abstained and answer.text.startswith("$1.4 billion"), answer.text


def test_a_number_inside_a_name_is_no_amount(bot: NewsBot) -> None:
    assert amount_in("NVX-100, a precursor to NVX-101, removed the virus", "how many patients has nvx-101 cured") == ""
    assert amount_in("The trial will test higher doses in six patients and 12 patients more", "how many patients") == \
        "12 patients"
    answer = bot.ask("how many patients has nvx-101 cured so far")
    assert not answer.text.startswith("100"), answer.text


def test_words_the_articles_write_as_names() -> None:
    texts = ["Coach Victor Wembanyama made his debut in the NBA, and the Debut Night headline said so.",
             "The Spurs played the NBA champions; Wembanyama scored."]
    assert written_as_names("how many points did wembanyama score in his nba debut", texts) == ["wembanyama", "nba"]
    assert written_as_names("How many points did Wembanyama score?", texts) == []  # typed as a name already


@pytest.mark.parametrize(("question", "kind", "options"), [
    ("did pavlovich or aspinall win at ufc 295", "choice", ("pavlovich", "aspinall")),
    ("Did Pavlovich or Aspinall win?", "choice", ("Pavlovich", "Aspinall")),
    ("did prices rise or fall sharply", "yesno", ()),  # two verbs, not two names
    ("did he or she win the race", "yesno", ()),
])
def test_which_of_two_typed_in_lower_case(question: str, kind: str, options: tuple[str, ...]) -> None:
    ask = read_kind(question)
    assert (ask.kind, ask.options) == (kind, options)


def test_a_doubled_letter_typed_once_is_read_as_the_name() -> None:
    """'merick' is one edit from 'merck' and from 'merrick'; dropping one of a double letter is the likelier slip."""
    vocabulary = Vocabulary({"merck": 40, "merrick": 3, "garland": 5})
    assert vocabulary.closest("merick") == "merrick"
    assert vocabulary.closest("garlnd") == "garland"


def test_a_lower_case_name_question_is_answered_about_that_person(bot: NewsBot) -> None:
    answer = bot.ask("what happened to vandermolen")
    assert not answer.abstained and "acquitted" in answer.text, answer.text


@pytest.fixture(scope="module")
def preview_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    """A title fight previewed (nobody has won yet), a final that was played, a coach who may be hired."""
    return ingested([
        ("Ring Wire", "2024-05-02", "Okafor v Brandt preview", "Okafor and Brandt meet for the Harbour title on Saturday. "
         "Analyst Tom Vale expects a long, tactical fight between the two unbeaten heavyweights."),
        ("Pitch Report", "2024-05-10", "Islanders take the cup", "The Islanders beat the Rovers 3-1 in the cup final on "
         "Saturday. Captain Tane Horomona lifted the trophy."),
        ("Union Wire", "2024-05-12", "Harriers coach search", "The union is moving closer to naming a director of rugby, "
         "and the move could help land highly-regarded coach Tom Reyes for the vacant Harriers job."),
    ], embedder, tmp_path_factory)


def test_who_won_is_not_answered_by_a_preview(preview_bot: NewsBot) -> None:
    answer = preview_bot.ask("who won okafor vs brandt")
    assert not answer.text.startswith(("Tom Vale", "Okafor", "Brandt")), answer.text
    answer = preview_bot.ask("which team won the cup")
    assert not answer.abstained and "Islanders" in answer.text.split(".")[0], answer.text


def test_a_misspelt_name_that_starts_like_another_word_is_still_corrected(bot: NewsBot) -> None:
    """'blainey' is 'Blaine' plus a letter, but 'y' is no ending ('Pakistani' is 'Pakistan' plus one): read as Blaney."""
    answer = bot.ask("what title did ryan blainey win")
    assert not answer.abstained and "Cup Series" in answer.text, answer.text


def test_a_name_the_index_does_not_know_is_not_read_as_an_everyday_word(bot: NewsBot) -> None:
    """'Settleman' is two edits from 'settlement', but a capitalised name is no misspelt everyday word."""
    reader = bot._part("reader")
    assert reader("Did Jack Settleman settle his case?").query == "Did Jack Settleman settle his case?"


def test_an_inflected_word_is_corrected_by_its_stem(bot: NewsBot) -> None:
    """The index's words are stems ('patient'): 'pateints' is corrected through its stem and keeps its ending."""
    reader = bot._part("reader")
    assert reader("how many pateints are in the nvx-101 trial").query == "how many patients are in the nvx-101 trial"


def test_a_name_said_only_as_what_may_happen_does_not_lead(preview_bot: NewsBot) -> None:
    """'could help land coach Tom Reyes' does not say the Harriers named him."""
    answer = preview_bot.ask("who did the union name as the new harriers coach?")
    assert not answer.text.startswith("Tom Reyes"), answer.text


def test_a_name_respelled_as_the_articles_write_it() -> None:
    from bot.names import respelled
    texts = ["Michelle Jubelirer calls Ice Spice the breakout artist.", "Alanna Rizzo said the clubhouse is sacred."]
    assert respelled("michelle jubilerer", texts) == "michelle Jubelirer"  # two letters swapped apart
    assert respelled("alana rizzo", texts) == "Alanna rizzo"  # a doubled letter typed once
    assert respelled("rizzo", texts) == "rizzo"  # written as typed
    assert respelled("ice cube", texts) == "ice cube"  # nothing close
