"""Yes/no questions answered "No" because the article fills one of the claim's slots with another value: the same
head word with another modifier ("the final pick" for "the first pick"), another name ("Army Reserve" for "navy
reserve"), or another letter ("pre-Series A" for "Series B"). Real components (a real index in a temporary folder, the real
packaged model) over articles written for the test; each "no" has its "yes" twin, so a rule that only says "no"
fails, and the "no" cites the sentence that says otherwise."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.align import other_filler
from tests.conftest import ingested

STORIES = [
    ("Gridiron Daily", "2024-04-20", "Mr. Irrelevant goes to Tulsa",
     "Mr. Irrelevant is the nickname given to the final pick of the league's draft. This year the honour went to "
     "Tulsa safety Dane Orrick, who was taken with pick 262."),
    ("Gridiron Daily", "2024-04-19", "Chicago takes Caleb Jones first",
     "Chicago made quarterback Caleb Jones the first pick of the league's draft on Thursday night."),
    ("Country Beat", "2024-05-02", "Wade Hollis returns to service",
     "Singer Wade Hollis says he has been re-enlisting in the Army Reserve while recording his new album. The "
     "album, Drill Sergeant, comes out in June."),
    ("Screen Desk", "2024-05-12", "Nightfall at Mabel's: what to know",
     "Unlike older slasher films, Nightfall at Mabel's is rated PG-13, rather than R. The film opens in theaters on "
     "Friday and streams on Peacock the same day."),
    ("Startup Ledger", "2024-05-10", "Brightbook raises a round",
     "Brightbook, the Lagos tutoring app, has raised $4 million in a pre-Series A round led by Kestrel Ventures."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


@pytest.mark.parametrize("question, verdict, cited", [
    # "final pick": the same head, another rank
    ("is mr irrelevant the first pick of the league's draft", "no", "final pick"),
    ("is mr irrelevant the final pick of the league's draft", "yes", "final pick"),
    # "Army Reserve": the same head, another name
    ("wade hollis re-enlisted in the navy reserve, is that correct?", "no", "Army Reserve"),
    ("did wade hollis re-enlist in the army reserve", "yes", "Army Reserve"),
    # "pre-Series A": the same head, another letter
    ("did brightbook raise a series b", "no", "pre-Series A"),
    ("did brightbook raise a pre-series a round", "yes", "pre-Series A"),
    # "rated PG-13, rather than R": the value it rules out is not one it gives
    ("is the nightfall at mabel's movie rated R?", "no", "rated PG-13"),
    ("is the nightfall at mabel's movie rated PG-13?", "yes", "rated PG-13"),
])
def test_the_verdict(bot: NewsBot, question: str, verdict: str, cited: str) -> None:
    answer = bot.ask(question)
    assert answer.verdict == verdict, answer.text
    assert cited in answer.text.split("[1]")[0] or cited in answer.citations[0].quote, answer.text  # the sentence it rests on


@pytest.mark.parametrize("claim, sentence, expected", [
    ("the first pick in the draft", "the final pick of the draft", "final"),
    ("the first ODI World Cup", "the inaugural ODI World Cup", ""),  # a synonym of the rank
    ("Swift won eight Grammys", "Swift has won 8 Grammys in total", ""),  # the same count, written in figures
    ("Swift won six Grammys", "Swift has won eight times", ""),  # another count of another thing
    ("the Fed raised rates", "The Fed hiked rates by a quarter point", ""),  # another verb, not another value
    ("the most downloaded app in the US", "the most downloaded app in the U.S.", ""),
    ("sent close to 10k takedowns", "sent close to 10,000 takedowns", ""),
    ("the movie is rated R", "the movie is rated PG-13, rather than R", "PG"),  # the value ruled out is not given
    ("the Chronicle is a Texas newspaper", "The Chronicle publishes two weekly newspapers in Arkansas", "Arkansas"),
    ("the Chronicle is a newspaper in Texas", "The Chronicle is an Arkansas newspaper", "Arkansas"),
    ("the Chronicle is a Texas newspaper", "The Chronicle publishes newspapers in Texas", ""),  # the same place
    ("the Chronicle is a weekly newspaper", "The Chronicle sells newspapers in bulk", ""),  # no place after "in"
])
def test_other_filler(claim: str, sentence: str, expected: str) -> None:
    """The slot check alone, without embeddings: values of one kind differ; synonyms, the same value written another
    way and added words don't."""
    assert other_filler(claim, sentence) == expected
