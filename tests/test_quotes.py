""""What did X say (about Y)?": the answer opens with X's own words, as the article attributes them. Real components
(a real index in a temporary folder, the real packaged model) over articles written for the test; the readings they
rest on (who a quote is attributed to, who a "he" is, the question's speaker) are checked on their own below."""

from __future__ import annotations

import re

import pytest

from bot import NewsBot
from bot.attribution import also_known_as, attributed, continues, lead_subject
from bot.kinds import read_kind
from tests.conftest import ingested

STORIES = [
    ("Capitol Wire", "2024-04-02", "Republicans drop Harlow as speaker nominee",
     "Republicans dropped Rep. Dan Harlow on Friday as their nominee for House speaker, after he failed on a third ballot. "
     "“He doesn’t have the votes to be speaker,” Rep. Carla Mendez said after a late meeting when Harlow sought to hear "
     "his detractors out. Afterward, Harlow said simply of his colleagues, “We put the question to them, they made a "
     "different decision.”"),
    ("Science Desk", "2024-04-04", "Chemistry prize winner slept through the call",
     "Tomas Vell shared this year's chemistry prize for his work on glowing crystals.\n\n"
     "Vell, a professor emeritus at Harbour University, said he didn’t pick up the phone when the early morning call "
     "came from the prize committee.\n\n"
     "“It was ringing during the night, but I didn’t answer it because I’m trying to get some sleep, basically,” he told "
     "reporters.\n\n"
     "“I certainly was not expecting this,” Vell said."),
    ("Robot Wire", "2024-04-06", "Robot makers see a huge market",
     "Rival robot makers, like Botwork, are taking a purist approach to humanoid machines.\n\n"
     "“There’s not enough people doing these jobs, so the market’s massive,” said Botwork CEO Lena Okafor. “If we can "
     "just get humanoids to do work that humans are not wanting to do, we can sell millions of humanoids, billions "
     "maybe.”"),
    ("Ring Wire", "2024-04-07", "Varo shrugs off the leaked sparring clip",
     "Contender Liam Varo says he’s got no time for “schoolyard games” after a clip of him sparring Tomas Kell leaked. "
     "“That’s a video from 2019. It makes him look stupid, I believe,” Varo told reporters."),
    ("Film Wire", "2024-04-09", "Concert film opens big",
     "The debut is the second-largest ever for a concert film, behind the $92.8 million opening of \"Nora Vale: The "
     "Lights Tour\" in 2023, and well ahead of the $21 million opening of Mira Sol's own \"Radiance\" film that year."),
    ("Tech Wire", "2024-04-10", "Kestrel Labs to cut jobs",
     "Kestrel Labs will cut 220 jobs, about 15 percent of its staff, interim chief executive Ravi Menon told employees "
     "on Wednesday.\n\nIn a memo, Menon said the company would concentrate on its industrial glasses.\n\n"
     "\"These are good people, and this is the hardest decision I have made here,\" he wrote."),
    ("Coin Desk", "2024-04-08", "Coinvale founder steps down",
     "Renard Okoye, also known as “Rook,” the founder of Coinvale, is stepping down after pleading guilty. "
     "In response to stepping down, Okoye said, “I made mistakes, and I must take responsibility.”"),
    ("Ball Wire", "2024-04-12", "Host Rena Holt takes aim at a podcaster",
     '"First of all, this guy is not even a reporter," Holt said. "That is taking away from true reporters. Where were '
     'you in April when this team was playing? Where were you on a rain delay? It\'s ridiculous."\n\n"And then somebody '
     'comes in at the end of the season with a credential, God only knows why. And the locker room is a sacred '
     'space." Holt later apologised on air.'),
    ("Court Wire", "2024-04-11", "Orchard executive defends search deal in court",
     "Ned Harrow, in a dark suit, peered down at the monitor in front of him. The courtroom screens had briefly "
     "malfunctioned and left witnesses with only binders, but now showed three phones side by side. "
     "Harrow squinted at the screen. “The resolution on this is terrible,” he said. “You should get a Lumen.” That got "
     "some laughs in an otherwise staid courtroom. “Certainly there wasn’t a valid alternative to Seekly at the time,” "
     "Harrow said of the search deal."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_their_own_words_not_anothers_quote_naming_them(bot: NewsBot) -> None:
    """Two quotes in the article name Harlow: Mendez's ("when Harlow sought ...") and his own ("Harlow said ..., “We
    put the question to them ...”"). The answer opens with his, though the sentence that he was dropped matches more of
    the question's words."""
    answer = bot.ask("what did dan harlow say after republicans dropped him as speaker nominee")
    assert answer.kind == "quote", answer.text
    assert answer.text.startswith("Afterward, Harlow said simply"), answer.text
    assert "they made a different decision" in answer.text


def test_a_he_said_quote_is_the_person_before_it(bot: NewsBot) -> None:
    """"…,” he told reporters." is Vell's (the paragraph before opens with him, an apposition between his name and
    his verb); what the words are about (the phone call) is said in that paragraph, not in the quote itself."""
    answer = bot.ask("what did tomas vell say about missing the prize phone call?")
    assert answer.kind == "quote", answer.text
    assert "trying to get some sleep" in answer.text, answer.text
    assert answer.text.startswith("“"), answer.text  # a quote opens the answer


def test_a_described_speaker_and_a_quote_across_sentences(bot: NewsBot) -> None:
    """"Botwork's CEO" is Lena Okafor ("said Botwork CEO Lena Okafor"); the number is in her next quoted sentence,
    which has no attribution of its own. "How many" inside a quote question does not make it an amount question."""
    answer = bot.ask("what did botwork's ceo say about how many humanoids they could sell")
    assert answer.kind == "quote", answer.text
    assert "millions of humanoids" in answer.text, answer.text


def test_their_words_go_on_in_the_next_sentence(bot: NewsBot) -> None:
    """"“The resolution on this is terrible,” he said. “You should get a Lumen.”": the joke is the next sentence,
    which names no one; it follows his first words in the answer."""
    answer = bot.ask("what did ned harrow joke about the bad courtroom screen")
    assert answer.kind == "quote", answer.text
    assert re.search(r"“The resolution on this is terrible,” he said\. \[\d\] “You should get a Lumen\.”", answer.text), \
        answer.text


def test_a_quote_that_goes_on_is_still_theirs(bot: NewsBot) -> None:
    """Holt's quote runs on over sentences with no marks of their own ("Where were you …? It's ridiculous."") and
    into the next paragraph, which opens a new quote without saying whose: it is all hers."""
    answer = bot.ask("what did rena holt say about the locker room")
    assert answer.kind == "quote" and answer.text.startswith('"And then somebody comes in'), answer.text  # hers, first


def test_a_misspelt_speaker(bot: NewsBot) -> None:
    """"renard okoey" is Renard Okoye, as the article spells him: his words, not "the articles don't say"."""
    answer = bot.ask("what did renard okoey say about stepping down")
    assert answer.kind == "quote" and "I made mistakes" in answer.text, answer.text


def test_a_speaker_asked_by_another_name(bot: NewsBot) -> None:
    """The article gives Okoye's other name ("also known as “Rook,”"); his own words are quoted under his surname."""
    answer = bot.ask("what did rook say when he stepped down from coinvale?")
    assert answer.kind == "quote", answer.text
    assert answer.text.startswith("In response to stepping down, Okoye said"), answer.text


def test_their_words_before_a_phrase_they_used(bot: NewsBot) -> None:
    """Both sentences are Varo's, but the first only quotes two words of his inside the reporter's sentence; the answer
    opens with what he said in full."""
    answer = bot.ask("what did liam varo say the leaked sparring clip does")
    assert answer.kind == "quote", answer.text
    assert answer.text.startswith("“That’s a video from 2019"), answer.text


def test_their_words_in_their_own_terms(bot: NewsBot) -> None:
    """Menon's quote never says "layoffs" ("cut 220 jobs" does, in the reporter's words); it is his, by "he wrote" after
    the paragraph that names him, in the article the search puts first for the question."""
    answer = bot.ask("what did ravi menon say about the layoffs")
    assert answer.kind == "quote", answer.text
    assert answer.text.startswith("\"These are good people"), answer.text


def test_named_is_not_said(bot: NewsBot) -> None:
    """The only sentence naming Mira Sol and Nora Vale quotes no one's words (the quotation marks hold film titles) and
    has her say nothing: the articles don't say what she said."""
    answer = bot.ask("What did Mira Sol say about Nora Vale?")
    assert answer.abstained, answer.text


@pytest.mark.parametrize("sentence, subject, speaker", [
    ("“It’s amazing you don’t know the number,” Menendez said.", "", "Menendez"),
    ("“He doesn’t have the votes,” Rep. Carla Mendez, R-Fla., said after a meeting when Harlow sought to hear them.", "",
     "Carla Mendez"),
    ("Afterward, Harlow said simply of his colleagues, “We put the question to them.”", "", "Harlow"),
    ("“Jim Jordan will be a great speaker,” Trump had said outside a courthouse.", "", "Trump"),
    ("“The market’s massive,” said Botwork CEO Lena Okafor.", "", "Lena Okafor"),
    ("“It’s unacceptable,” said captain Heung-Min Son.", "", "Heung-Min Son"),
    ("“It was ringing,” he told reporters.", "Tomas Vell", "Tomas Vell"),
    ("He said \"Silent Night,\" which he performs on the album, \"was my mother's favorite song.\"", "Don McLean", "Don McLean"),
    ("They were honored for work that “spread light,” according to the academy, which announced the award in Stockholm.", "", ""),
    ("The chairman said House Republicans need to “figure out who our speaker is going to be.”", "", ""),
    ("Vell said he was glad.", "", ""),  # no quote: reported speech, not their words
    ("“It puts a duty of care on tech firms,” Ofcom’s online safety lead, Gill Whitehead, tells The Verge.", "", "Gill Whitehead"),
    ("\"We did not expect such profound effects,\" she went on.", "Paula Desplats", "Paula Desplats"),
])
def test_who_a_quote_is_attributed_to(sentence: str, subject: str, speaker: str) -> None:
    assert attributed(sentence, subject) == speaker


def test_who_a_he_refers_to_and_other_names() -> None:
    body = "Plus get unlimited access!\nBrus, a professor, said he slept. Brus said more."
    assert lead_subject("Brus, a professor emeritus at Columbia, said he didn’t pick up.", body) == "Brus"
    assert lead_subject("Plus get unlimited access to thousands of articles!", body) == ""  # a capitalised word, once
    assert lead_subject("Don McLean, the artist behind \"American Pie\" and other hits, has released an album.") == "Don McLean"
    assert also_known_as("Changpeng Zhao, also known as “CZ,” the founder of Binance, is stepping down.") == [("Changpeng Zhao", "CZ")]
    assert continues("“If we can just get humanoids to work, we can sell millions.”")
    assert not continues("“No, Senator,” Fraser answered.")


@pytest.mark.parametrize("question, speaker", [
    ("what did ilya sutskever post after the board fired altman", "ilya sutskever"),
    ("opetaia quote after the zorro knockout", "opetaia"),
    ("what did eddy cue joke about the bad courtroom screen", "eddy cue"),
    ("what did figure ai's ceo say about how many humanoids they could sell", "figure ai's ceo"),
])
def test_quote_questions_read(question: str, speaker: str) -> None:
    ask = read_kind(question)
    assert (ask.kind, ask.speaker) == ("quote", speaker)


@pytest.mark.parametrize("question", ["what did nvidia post in revenue", "how many times did harlow say fraud"])
def test_not_quote_questions(question: str) -> None:
    assert read_kind(question).kind != "quote"
