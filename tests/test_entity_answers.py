"""Entity answers: the name of the kind asked, from the party on the right side of the verb, and no ordinary word read
as a name. Real components (a real index in a temporary folder, the real packaged model) over articles written for the
test; the readings they rest on are checked on their own below."""

from __future__ import annotations

import numpy as np
import pytest

from bot import NewsBot
from bot.compose import lead_of
from bot.evidence import Scored, sentences_of
from bot.kinds import read_kind
from bot.spans import candidates_in, described_name
from newsbot.types import Hit, Question
from tests.conftest import ingested

STORIES = [
    ("Bet Wire", "2024-05-02", "A sportsbook for Tarnland",
     "A new sportsbook will offer new users in Tarnland a $500 bonus bet when it launches in June. Depending on the "
     "state, the bonus bet may be smaller."),
    ("Clip Wire", "2024-05-03", "A director takes a slang quiz",
     "Director Karl Ostrand has put his knowledge of internet slang to the test in a video posted by none other than "
     "his daughter, Mia Ostrand. The clip has been viewed two million times."),
    ("Air Wire", "2024-05-04", "Fake engine parts",
     "Norrtek, an engine maker owned by two aerospace groups, is suing Skyparts in the High Court over fake parts. "
     "Skyparts was founded in 2015 in a rented house."),
    ("Money Desk", "2024-05-05", "Fundio buys a pension business",
     "Fund manager Fundio, which manages $30 billion, reached an agreement to acquire Halden Bank’s pension business. "
     "Fundio said the deal was part of a longer-term plan."),
    ("Ball Wire", "2024-05-08", "Live: Game 2",
     "21.05 GMT Hawks win Game 2. The Hawks, on the back of a strong start by Leo Varga, beat the Owls 9-1 in Tarn City. "
     "The Hawks travel home next."),
    ("Diamond Daily", "2024-05-09", "Hawks level the series",
     "The Hawks levelled the series in Tarn City. Varga threw seven innings for the Hawks, and the Hawks scored six in "
     "the fifth."),
    ("Sport Desk", "2024-05-09", "Owls look ahead",
     "The Owls lost Game 2 to the Hawks. The Hawks were too strong, the Owls coach said."),
    ("Pharma Wire", "2024-05-10", "Norvex faces a patent cliff",
     "Analyst focus for Halden Pharma will start shifting to Norvex's likely patent loss in 2028. While rival launches "
     "will hurt Norvex's sales in 2028, the decline may be slow. Doctors like Norvex. Norvex, approved in 2014, is Halden "
     "Pharma's first big antibody drug. The drug has won approvals for several cancers and has generated $20 billion in "
     "sales in 2023."),
    ("Coin Desk", "2024-05-11", "Tokra settles",
     "Tokra, the largest crypto exchange, has agreed to pay about $4.3 billion to resolve the Justice Department's "
     "investigations, the agency said on Tuesday. Tokra's founder will step down."),
    ("Weather Desk", "2024-05-12", "A fine week",
     "The weather was fine all week, and the amount of rain was small. Farmers said a fine spell would bring in a good "
     "harvest."),
    ("Retail Wire", "2024-05-13", "Shops count the takings",
     "Shops bring in more sales in December than in any other month. The amount spent online rose again, and one chain "
     "paid a fine for late deliveries."),
    ("Tech Wire", "2024-05-14", "Pix defends its $1 fee",
     "Critics, including Quill founder Maya Dorn, have said the $1 fee will not stop spammers, but a Pix engineer took to "
     "the platform to defend it. On Pix, director of engineering Omar Tate wrote that the fee was one tool among many. "
     "Maya Dorn said the fee was a tax."),
    ("Summit Wire", "2024-05-15", "Tarnland pulls out of the summit",
     "Summit chief Paddy Kerr angered Tarnland with a post about the war. Paddy Kerr later apologised. Then the Tarnish "
     "ambassador to Norrland, Ilse Varga, waded in. Kerr declined to comment."),
    ("Norr Wire", "2024-05-16", "Norrland stays away",
     "Norrland foreign minister Ada Lind said Norrland will not attend the summit in June. The summit opens on June 3."),
    ("People Wire", "2024-05-17", "A spokesman's childhood",
     "As a kid in London, Eli Ross dreamed of speaking for Tarnland. He would sit and watch the then Tarnish ambassador "
     "to the UK Mark Lowe on television."),
    ("Fantasy Wire", "2024-05-18", "Week 14 receivers",
     "Omar Diallo (@ Hawks) faces a defence that has been shredded. The league's leading receiver, Leo Hart (vs. Owls in "
     "Week 14), stands as the top receiver for Week 14."),
    ("Harbour Times", "2024-05-19", "The new bridge opens",
     "The new harbour bridge opened to traffic last week. Engineers praised its design, its low cost and its speed of "
     "construction. A ribbon was cut at a short ceremony by the water, and the crowd cheered."),
    ("Rugby Wire", "2024-05-21", "Tarn Rugby nears its pick",
     "Tarn Rugby is moving closer to naming its new director of performance, with Norrland Rugby's director of "
     "performance Ida Vale set to take on the role, and the move could help land coach Leo Brand for the vacant Tarn "
     "job."),
    ("Word Wire", "2024-05-06", "Not a whit",
     "The coach did not care a whit about the rankings. The players, who cared not a whit either, won the cup."),
    ("Word Daily", "2024-05-07", "Whits and bits",
     "Critics found the film's script lacking in whits and wit. A whit of humour would have helped."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_an_ordinary_word_opening_a_sentence_is_no_name(bot: NewsBot) -> None:
    """The best sentence describes a sportsbook without naming it; the next one opens with "Depending", a word the chunk
    never capitalises inside a sentence and everyday English: not the sportsbook's name."""
    answer = bot.ask("which company will give new users in tarnland a $500 bonus bet?")
    assert lead_of(answer.text) != "Depending", answer.text


def test_a_person_asked_for_is_a_persons_name(bot: NewsBot) -> None:
    """ "21.05 GMT Hawks win Game 2": a live blog's time stamp runs into the team's name, and "Hawks" alone is its short
    form, as a surname is a person's; but "GMT Hawks" reads as no person's name, so Leo Varga, named in two articles,
    answers who pitched."""
    answer = bot.ask("who started on the mound for tarn city's team in game 2?")
    assert answer.verdict == "Leo Varga", answer.text


def test_another_of_the_family_answers(bot: NewsBot) -> None:
    """ "Mia Ostrand" shares the surname the question gives with "karl ostrand", but her first name is new: she is
    another person, the one asked for."""
    answer = bot.ask("who put karl ostrand to the test on internet slang?")
    assert answer.verdict == "Mia Ostrand", answer.text


def test_a_plain_who_is_answered_by_a_company(bot: NewsBot) -> None:
    """ "Norrtek, an engine maker ..., is suing Skyparts": no person does it; a company described in apposition does."""
    answer = bot.ask("who is suing skyparts?")
    assert answer.verdict == "Norrtek", answer.text


def test_the_other_side_of_a_converse_verb(bot: NewsBot) -> None:
    """ "Fundio ... reached an agreement to acquire Halden Bank’s pension business" says Halden Bank sells it to Fundio:
    "acquire" is the opposite word of "selling", but with Fundio before it and the bank after it, it answers."""
    answer = bot.ask("who is selling their pension business to fundio?")
    assert not answer.abstained and "Halden Bank" in answer.verdict, answer.text


def test_the_occupation_asked_for(bot: NewsBot) -> None:
    """ "which pix engineer": "Quill founder Maya Dorn" is titled with another occupation, so not her; "director of
    engineering Omar Tate" is titled with the one asked. "who's the tarnish ambassador": not "Summit chief Paddy Kerr",
    the most named, but "the Tarnish ambassador to Norrland, Ilse Varga"."""
    assert bot.ask("which pix engineer defended the $1 fee?").verdict == "Omar Tate"
    assert bot.ask("who's the tarnish ambassador who waded in after kerr's post?").verdict == "Ilse Varga"


def test_a_person_introduced_by_a_role_held_somewhere(bot: NewsBot) -> None:
    """ "the then Tarnish ambassador to the UK Mark Lowe": the role, where it is held, then the person (the country's
    initials run into his name); "Leo Hart (vs. Owls in Week 14)": a player's next opponent in brackets."""
    assert bot.ask("which former tarnish ambassador did eli ross watch on tv as a kid?").verdict == "Mark Lowe"
    assert bot.ask("which player is the top receiver for week 14?").verdict == "Leo Hart"


def test_no_one_named_to_the_role_asked(bot: NewsBot) -> None:
    """The sentence names a director of performance (another occupation than the coach asked for) and a coach the move
    "could help land": nobody is said to have been named coach."""
    answer = bot.ask("who did tarn rugby name as the new tarn coach?")
    assert answer.abstained, answer.text


def test_wont_asks_no_win(bot: NewsBot) -> None:
    """ "won't" is "will not": the question asks who said it, not who won, so a sentence with no win in it answers."""
    assert bot.ask("who said norrland won't attend the summit?").verdict == "Ada Lind"


def test_a_long_question_with_no_name_of_its_kind_is_not_answered(bot: NewsBot) -> None:
    """A long question matches the sentences about the bridge word for word, but none of them names anyone: they don't
    say who cut the ribbon, and the answer says so instead of showing them as if they did."""
    answer = bot.ask("Which person, according to the report on the new harbour bridge that opened to traffic last week and "
                     "was praised by engineers for its design and its low cost, cut the ribbon at the ceremony by the water?")
    assert answer.abstained, answer.text


def test_an_amount_for_the_year_asked_further_down(bot: NewsBot) -> None:
    """ "bring in" asks for money; the sentences that best match the question give other years (2014, 2028) and no
    amount, and the one giving 2023's sales scores well below them: a sentence naming the year asked is read further down."""
    answer = bot.ask("how much did halden pharma's norvex bring in in 2023")
    assert answer.verdict == "$20 billion", answer.text


def test_paying_to_resolve_an_investigation_is_a_fine(bot: NewsBot) -> None:
    """ "agreed to pay about $4.3 billion to resolve the Justice Department's investigations": a penalty, in other words."""
    answer = bot.ask("tokra fine amount?")
    assert answer.verdict == "$4.3 billion", answer.text


def test_a_question_word_typed_without_its_apostrophe(bot: NewsBot) -> None:
    """ "whats" is "what's", not a misspelling of the indexed "whits"."""
    assert bot.read("whats the name of the sportsbook launching in tarnland?").kind == "entity"


@pytest.mark.parametrize("question, kind, target", [
    ("how did the philippine senate vote on the 2024 budget", "open", ""),  # a vote, not an amount
    ("what is the crispr hiv therapy being tested in people called", "entity", "thing"),  # a therapy, not "people"
    ("Which Blue Jays slugger got picked off by the Twins in the wild card round?", "entity", "person"),
])
def test_the_kind_read(question: str, kind: str, target: str) -> None:
    ask = read_kind(question)
    assert (ask.kind, ask.target) == (kind, target)


def test_a_weak_match_describes_nothing() -> None:
    """A long question's best sentence, covering a fifth of it, is no description of the answer: the name opening the
    next sentence ("Kelmar Group said ...") is not what it describes; a sentence covering most of it is."""
    body = ("The new ferry terminal opened to passengers on Monday after three years of work. Kelmar Group said ticket "
            "sales for its connecting trains had been strong.")
    hit = Hit(text=body, score=1.0, article_id="a", chunk_id="a:0", title="A ferry terminal opens", source="Port Wire",
              url="", published_at="2024-05-20")
    first = sentences_of(hit)[0]
    query = ("Which construction company, praised in reports from several outlets for finishing on budget and known for its "
             "earlier work on stadiums and bridges across the region, built the new ferry terminal that opened on Monday?")
    question = Question(text=query, query=query, kind="entity", target="organisation")
    assert described_name(question, Scored(first, 0.5, np.zeros(1), overlap=0.2)) is None
    assert described_name(question, Scored(first, 0.5, np.zeros(1), overlap=0.6))[0] == "Kelmar Group"


def test_a_place_is_where_something_is() -> None:
    """Medicines come "from Vexa Pharmacy", a company; customers are "in Harlow", a place: only Harlow can answer which
    city."""
    body = "Starting this year, customers in Harlow will be able to get medicines from Vexa Pharmacy delivered by drone."
    hit = Hit(text=body, score=1.0, article_id="a", chunk_id="a:0", title="Drone deliveries spread", source="Drone Wire",
              url="", published_at="2024-05-21")
    query = "which city will be the third to get drone delivery?"
    question = Question(text=query, query=query, kind="entity", target="place")
    assert candidates_in(question, Scored(sentences_of(hit)[0], 0.5, np.zeros(1))) == ["Harlow"]


def _described_after(body: str, query: str, target: str = "thing", at: int = 0) -> tuple[str, Scored] | None:
    hit = Hit(text=body, score=1.0, article_id="a", chunk_id="a:0", title="A study", source="Science Wire", url="",
              published_at="2024-05-20")
    question = Question(text=query, query=query, kind="entity", target=target)
    return described_name(question, Scored(sentences_of(hit)[at], 0.5, np.zeros(1), overlap=0.6))


def test_no_ordinary_word_or_spoken_sentence_is_what_a_sentence_describes() -> None:
    """ "Again" opens a sentence after a heading's line break, not inside a sentence: still an ordinary word; a mother's
    quoted words are something she said, not the title of a thing."""
    assert _described_after("The study used an eyeless species of cave fish to test the diet.\n\nSurprisingly effective"
                            "\n\nAgain, the team was skeptical.", "which fish did the diet study use?") is None
    assert _described_after('A boy with a rare liver disease is fighting for his life. "He was on the brink of death, unable '
                            'to walk," said his mother.', "what rare liver disease does the boy have?") is None


def test_a_person_described_is_named_in_full() -> None:
    """The sentence after the description gives the guard's surname; the chunk names him in full earlier."""
    body = ("Omar Zell has started every game this season. Harbour lost their senior guard to a broken leg in the third "
            "quarter. Zell was carted off in what could have been a turning point.")
    found = _described_after(body, "which harbour guard broke his leg?", target="person", at=1)
    assert found is not None and found[0] == "Omar Zell", found
