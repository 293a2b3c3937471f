"""Yes/no questions whose right answer is "No": the article gives another figure for the same thing, says a result
fell short of what was expected, or that another of the question's names won (a headline in capitals included; a
side's wish to win is no result). Real
components (a real index in a temporary folder, the real packaged model) over articles written for the test; each
"no" has its "yes" twin, so a rule that only says "no" fails."""

from __future__ import annotations

import pytest

from bot import NewsBot
from tests.conftest import ingested

STORIES = [
    ("Harbour Tech", "2024-04-02", "Chirp shuts down after a year",
     "Chirp, the microblogging app started by former Twitter staff, is shutting down. The app peaked at 3,000 daily "
     "active users, out of 20,000 registered users, its founder said."),
    ("Harbour Tech", "2024-04-03", "Vistagram launches an ad-free plan in Europe",
     "Vistagram will charge European users €9.99 a month for an ad-free version of its photo app, starting in May."),
    ("Markets Wire", "2024-04-04", "Rideway results",
     "Analysts had expected Rideway to report revenue of $9.5 billion for the quarter; it fell short of those estimates."),
    ("Markets Wire", "2024-04-05", "Parcelo results",
     "Parcelo's quarterly revenue came in well above analysts' expectations, at $2.1 billion."),
    ("Court Desk", "2024-04-06", "Zentro faces new suit",
     "Zentro faces a new antitrust suit over its search deals. The claims echo the Brio antitrust trial against Zentro "
     "over app store fees, which Brio won in December."),
    ("Cricket Desk", "2024-04-08", "Kestrel Isles beat Norland in the decider",
     "Kestrel Isles were 21 runs away from a hat-trick of T20 series wins this year: Sandmark away, Ostria and Norland "
     "at home. KESTREL ISLES WIN THE SERIES 3-2! The hosts chased 133 with an over to spare in the fifth match. "
     "Norland captain Amos Vey had said before the decider: \"I want to win every T20 series I can for Norland.\""),
    ("Cup Weekly", "2024-04-09", "Brinmoor through on away goals",
     "Talvon took a big step as Idris Kane's 85th-minute strike gave them victory in the first leg of the quarterfinal in "
     "Brinmoor. Brinmoor's first-ever win in Talvon, 1-0 in the second leg, sees them advance on away goals."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict", [
    # another figure for the same thing: 20,000 is the count of registered users; daily active users peaked at 3,000
    ("did chirp peak at 20k daily active users", "no"),
    ("did chirp peak at 3,000 daily active users", "yes"),
    # a price in the same currency that is not the one asked about
    ("vistagram's ad-free plan in europe is €5.99 a month, isn't it", "no"),
    ("is vistagram's ad-free plan in europe €9.99 a month", "yes"),
    # "fell short of those estimates": the expectations were not beaten; "came in well above" them: they were
    ("did rideway beat revenue expectations for the quarter", "no"),
    ("did parcelo's revenue beat analysts' expectations", "yes"),
    # "which Brio won": the other side of the trial won it
    ("did zentro win the brio antitrust trial", "no"),
    ("did brio win the antitrust trial against zentro", "yes"),
    # a headline's "KESTREL ISLES WIN THE SERIES": the other side won it; a captain's "I want to win" is a wish, no result
    ("did norland win the t20 series in the kestrel isles", "no"),
    ("norland won the t20 series in the kestrel isles, yes?", "no"),
    ("did the kestrel isles win the series against norland", "yes"),
    # "Brinmoor's first-ever win": the side whose win it is won, which a sentence not saying who won doesn't outweigh
    ("did talvon win both legs of the quarterfinal against brinmoor", "no"),
    ("brinmoor won in talvon, right?", "yes"),
])
def test_the_verdict(bot: NewsBot, question: str, verdict: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
