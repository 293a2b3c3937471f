"""Entity answers that no one sentence gives, or that a slip in the question hides: a name titled as asked further down
("X is a mechanical engineer at Y"), a name typed with two letters swapped ("Amercia"), and the name most articles
agree on for a question that describes its answer in many words. Real components (a real index in a temporary folder,
the real packaged model) over articles written for the test; the agreed name over hand-built hits."""

from __future__ import annotations

import numpy as np
import pytest

from bot import NewsBot
from bot.decide import Decider
from bot.evidence import Scored, sentences_of
from bot.roles import titles
from newsbot.types import Hit, Question
from tests.conftest import ingested

STORIES = [
    ("Coin Desk", "2024-05-02", "Varek trial opens",
     "The trial of Tomas Varek, the founder of the failed exchange Quillcoin, opened in Tarn City on Monday. Prosecutors "
     "say Varek built the exchange on a false front. Varek denies the charges."),
    ("Court Wire", "2024-05-03", "A colleague testifies",
     "Ada Roe, a former colleague, told the jury how her name was used as a front to move customer money. Roe said "
     "Varek knew of the missing funds. The defence called her account unreliable."),
    ("Money Desk", "2024-05-04", "Once the richest under 30",
     "Before the collapse, Tomas Varek was called the richest person under 30 in Tarnland. Varek lived in a penthouse "
     "with nine colleagues, and magazines put him on their covers."),
    ("Tech Wire", "2024-05-05", "Exchanges after Quillcoin",
     "Rival exchanges say customers have grown wary since Quillcoin failed. Tomas Varek's trial is expected to last six "
     "weeks. Regulators in Norrland plan new rules."),
    ("Science Desk", "2024-05-06", "A gel that drinks the air",
     "A new salty gel pulls drinking water out of dry air. Disks of the gel swell as they soak up moisture. The gel holds "
     "more water than earlier gels. It could help villages in deserts. Making it is cheap, the team says. The work "
     "appears in a materials journal this week. Lena Holm is a chemical engineer at Tarn University."),
    ("Money Wire", "2024-05-07", "Bank of America sees more turbulence",
     "A Bank of America team led by economist Ivo Brandt warned this week of more turbulence for home prices."),
    ("Money Daily", "2024-05-08", "Rates and homes",
     "Mortgage rates rose again, and Bank of America said buyers were waiting."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_what_a_sentence_says_a_name_is_titles_it() -> None:
    """ "Lena Holm is a chemical engineer at Tarn University": the title is what the sentence says she is, as in an
    apposition; "Lena Holm is working on it" gives none."""
    assert "engin" in titles("Lena Holm", "Lena Holm is a chemical engineer at Tarn University.")
    assert not titles("Lena Holm", "Lena Holm is working on it.")


def test_the_one_titled_as_asked_further_down(bot: NewsBot) -> None:
    """The sentences about the gel name no one; the last sentence of the story says who the engineer is."""
    answer = bot.ask("which tarn university engineer is behind the salty gel that pulls drinking water from air?")
    assert answer.verdict == "Lena Holm", answer.text


def test_a_name_typed_with_two_letters_swapped(bot: NewsBot) -> None:
    """ "Amercia" is one slip (two letters swapped) from "America", which the articles write: read as it."""
    answer = bot.ask("Which economist led the Bank of Amercia team that warned about more turbulence?")
    assert answer.verdict == "Ivo Brandt", answer.text


def test_a_name_typed_in_lower_case_is_covered_only_whole() -> None:
    """ "plain homes" is the start-up Plain Homes: a story about scarce homes has "plain", "homes" and "raise" apart,
    which made it the only one "about all of" the question (and it gives no amount); it covers only "raise" now, as
    the start-up's story, which says "secured" for "raise", covers the name."""
    query = "how much did plain homes raise"
    question = Question(text=query, query=query, kind="entity", target="number")
    scarce = _hit(20, "Home Desk", "Starter homes are scarce",
                  "Young couples who want to raise a family simply cannot find a plain starter home, agents said.")
    startup = _hit(21, "Startup Wire", "Plain Homes funding",
                   "Plain Homes, a rental start-up in Tarn City, has secured $12 million in funding to buy more houses.")
    decider = Decider()
    about_scarce, about_startup = (Scored(sentences_of(h)[0], 0.5, _unit(i)) for i, h in enumerate((scarce, startup)))
    assert decider._covers(question, about_scarce) == 1.0
    assert decider._covers(question, about_scarce, names=["Plain Homes"]) < 0.8
    assert decider._covers(question, about_startup, names=["Plain Homes"]) == decider._covers(question, about_startup)


def test_the_name_the_articles_agree_on() -> None:
    """A question describing its answer in many words: each article gives a part of the description and no sentence
    matches it well (all score below `Tuning.abstain_below`); three of the four articles name Tomas Varek, and together
    they say most of what the question describes: he answers. Articles that name a man but say little of what is
    described ("a penthouse", nothing of the exchange or the colleague) answer nothing."""
    question = Question(text=_DESCRIBED, query=_DESCRIBED, kind="entity", target="person")
    hits = [_hit(i, source, title, body) for i, (source, _, title, body) in enumerate(STORIES[:4])]
    scored = [Scored(s, 0.30 - 0.01 * i, _unit(i), overlap=0.2) for i, s in enumerate(s for h in hits for s in sentences_of(h))]
    decision = Decider().decide(question, hits, scored)
    assert decision.verdict == "Tomas Varek", decision
    elsewhere = [_hit(9, "Home Desk", "A penthouse for sale", "Tomas Varek sold his penthouse in Tarn City. Varek moved to "
                      "the coast."), _hit(10, "Home Daily", "Coast homes", "Tomas Varek bought a house on the coast.")]
    scored = [Scored(s, 0.30 - 0.01 * i, _unit(i), overlap=0.2) for i, s in enumerate(s for h in elsewhere for s in sentences_of(h))]
    assert Decider().decide(question, elsewhere, scored).abstained


_DESCRIBED = ("Who is the individual that, according to Coin Desk and Court Wire, built a crypto exchange on a false front, "
              "used a colleague's name to move customer money, and was once called the richest person under 30 in Tarnland?")


def _hit(i: int, source: str, title: str, body: str) -> Hit:
    return Hit(text=f"{title} | {source}\n{body}", score=1.0, article_id=f"a{i}", chunk_id=f"a{i}:0", title=title, source=source,
               url="", published_at="2024-05-02", body_offset=len(f"{title} | {source}\n"))


def _unit(i: int) -> np.ndarray:
    vector = np.zeros(64, dtype=np.float32)
    vector[i] = 1.0
    return vector
