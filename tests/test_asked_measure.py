"""The fact asked for, not a related one: a valuation is not a round's size, a 2030 target is not 2022's figure, a
sentence about the coach gives no score, "went up" is not "dropped", the assistant fired with the coach did not
replace him. Real components (a real index in a temporary folder, the real packaged model) over articles written for
the test; the readings they rest on are checked on their own below."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.amounts import amount_in
from bot.dating import date_in
from bot.kinds import read_kind
from bot.names import typed_names
from bot.roles import Role, role_asked
from bot.stance import _order
from tests.conftest import ingested

STORIES = [
    ("Harbour Tech", "2024-04-02", "Quillo toasts one year with a seed extension",
     "Quillo, the social app for film fans, has raised a $2 million seed extension. The startup now has 200,000 users."),
    ("Harbour Tech", "2024-04-03", "Brightpath raises at a higher valuation",
     "Brightpath raised $40 million in a round that valued the company at $1.2 billion."),
    ("Home Wire", "2024-04-04", "Home sales slide",
     "Existing-home sales dropped 15% in March from a year earlier, according to the National Association of Realtors."),
    ("Match Wire", "2024-04-06", "Kestrel crowd breaks the record",
     "A crowd of 61,204 was announced at Harbour Park for Kestrel against Norrvik, a club record."),
    ("Health Desk", "2024-04-07", "The fund's goal for 2030",
     "If the programme succeeds, the world would see 200,000 new infections in 2030, the fund said."),
    ("Match Wire", "2024-04-08", "Coach Alder stays on",
     "Coach Mia Alder, whose contract was extended for 20 months, said the qualifier against Tarn would be hard."),
    ("Markets Wire", "2024-04-09", "Analysts on the talks",
     "\"The focus will be on lowering tail risks,\" said Nora Vance, head of Asia research at Lindell Partners."),
    ("Motor Wire", "2024-04-11", "Racing series signs its TV deal",
     "The series signed a $7.7 billion deal with four networks, or about $1.1 billion a year on average. "
     "Coach Ada Lind will earn close to $2 million per year with the U.S. team."),
    ("Ice Wire", "2024-04-12", "Hawks fire their coaches",
     "The Harbour Hawks have relieved head coach Tom Reyes and assistant coach Ben Ashe of their duties."),
    ("Ice Wire", "2024-04-14", "Kestrels turn to Moss",
     "The Kestrels named Lena Moss as head coach on Monday, replacing Omar Grant, who was fired a week ago. Moss said she "
     "was honoured."),
    ("Court Wire", "2024-04-15", "Colt pleads guilty",
     "Mira Colt stood in grey jail clothing as she pleaded guilty to four counts of fraud. Colt wept as the counts were "
     "read. Judge Ann Ruiz scheduled sentencing for Feb. 20 after accepting the plea agreement."),
    ("Motor Wire", "2024-04-16", "Racing series picks its broadcasters",
     "The racing series signed its media deal with Pine Sports, NBC, Amazon and Warner Bros. on Thursday."),
    ("City Desk", "2024-04-10", "Caring notes for teens",
     "Harbour Children's Hospital sends handwritten notes to teens after a crisis visit. Social workers liked the idea "
     "of the Caring Notes programme in the fall of 2019. The programme was set to begin on May 1, 2020, weeks into "
     "the pandemic."),
    ("Ride Wire", "2024-04-17", "Zipcart's third quarter",
     "Zipcart reported Q3 2024 revenue of $2.1 billion, up 11% from a year earlier. Its chief executive said the "
     "fourth quarter would be harder."),
    ("Coin Wire", "2024-04-18", "Tokra founder steps down",
     "Pavel Orlov, also known as “PO,” the founder and CEO of Tokra, is stepping down after pleading guilty. "
     "Nadia Brook, Tokra’s former global head of regional markets, will be the exchange’s new CEO, Orlov said on "
     "Tuesday."),
    ("Ice Wire", "2024-04-19", "Falcons fire Dale Price",
     "The Falcons have relieved head coach Dale Price of his duties. A reporter for the Harbour Times says the Falcons "
     "will be naming former Owls bench boss Carl Wynn as Price’s successor."),
    ("Essential Sports", "2024-04-21", "Cycling tour picks its broadcasters",
     "The cycling tour finalized a $2 billion deal with Pine Sports, Telemundo and Vexa on Friday."),
    ("Tech Wire", "2024-04-20", "A timeline of Ola Berg's firing from Quanta",
     "Ida Lund, Quanta's CTO, was informed on Thursday night that Ola Berg would be fired as CEO of Quanta. In a "
     "dramatic turn of events late Friday, Berg was fired by the board."),
    ("Social Wire", "2024-04-22", "Pix launches an ad-free plan",
     "The ad-free subscription is only offered to people aged 18 and up, Pix said on Monday."),
    ("Freight Wire", "2024-04-23", "Dray's former chief speaks out",
     "Dray, valued at $8 billion last year, confirmed that its former chief executive Mark Lane left in September."),
    ("Harbour Tech", "2024-04-24", "Kafa extends its Series B",
     "Payments startup Kafa adds another $12.6 million to its Series B round."),
    ("Court Wire", "2024-04-25", "Ivo Dane testifies",
     "Ivo Dane faces up to 50 years in prison when he is sentenced after the trial."),
    ("Game Wire", "2024-04-26", "Bengals beat the Bills",
     "Cincinnati jumped out to a 21-7 lead, limiting the Bills to just 11 points the rest of the game as the Bengals "
     "won their fourth straight, beating the Bills 24-18 on Sunday night."),
    ("Jobs Wire", "2024-04-27", "Tunely cuts jobs",
     "Tunely is eliminating about 1,500 jobs, or roughly 17% of its workforce, in its third round of layoffs."),
    ("Money Wire", "2024-04-28", "Paying down student debt",
     "Rosa Fenn, 26, has approximately $145,000 in student loan debt. Since the payment pause ended in October, she has "
     "been paying back $300 a month."),
    ("Law Wire", "2024-04-20", "Publisher sues Seekly over AI",
     "A new class action lawsuit filed this week in a federal court accuses Seekly and its parent company of "
     "anticompetitive behaviour in its AI products. Harbour Evening Chronicle, a small newspaper publisher, filed the "
     "suit on behalf of news publishers."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_a_rounds_size_is_no_valuation(bot: NewsBot) -> None:
    answer = bot.ask("what's quillo valued at after its seed extension?")
    assert answer.abstained, answer.text
    answer = bot.ask("what's brightpath valued at?")
    assert not answer.abstained and answer.verdict == "$1.2 billion", answer.text


def test_went_up_is_not_dropped(bot: NewsBot) -> None:
    assert bot.ask("existing home sales went up 15% in march according to the realtors — true?").verdict == "no"
    assert bot.ask("existing home sales dropped 15% in march, right?").verdict == "yes"


def test_a_crowd_is_people(bot: NewsBot) -> None:
    answer = bot.ask("how many people showed up at harbour park for kestrel vs norrvik?")
    assert answer.verdict == "61,204", answer.text


def test_another_years_figure_is_no_answer(bot: NewsBot) -> None:
    answer = bot.ask("how many new infections were there worldwide in 2022?")
    assert "200,000" not in answer.text.split("nearest")[0], answer.text


def test_a_score_question_gets_a_score_or_nothing(bot: NewsBot) -> None:
    answer = bot.ask("what was the score in kestrel's qualifier against tarn, alder's last game?")
    assert answer.abstained and not answer.text.startswith("20 months"), answer.text


def test_the_head_of_a_team(bot: NewsBot) -> None:
    assert role_asked("who heads asia research at Lindell Partners?") == Role("head of asia research", "Lindell Partners")
    answer = bot.ask("who heads asia research at Lindell Partners?")
    assert answer.verdict == "Nora Vance", answer.text


def test_when_it_began_further_down_the_article(bot: NewsBot) -> None:
    """ "start" asked, "set to begin on May 1, 2020" written two sentences after the best match."""
    answer = bot.ask("when did harbour children's caring notes programme start?")
    assert answer.verdict == "2020-05-01" or answer.text.startswith("May 1, 2020"), answer.text


def test_who_took_someones_place(bot: NewsBot) -> None:
    """The assistant fired with the coach did not replace him; the coach named "replacing Omar Grant" did."""
    answer = bot.ask("who replaced tom reyes as the hawks' head coach?")
    assert answer.abstained and "Ben Ashe" not in answer.text.split("nearest")[0], answer.text
    answer = bot.ask("who replaced omar grant as kestrels coach?")
    assert answer.verdict == "Lena Moss", answer.text


def test_the_new_one_named_in_other_words(bot: NewsBot) -> None:
    """ "X, Tokra's former global head of regional markets, will be the exchange's new CEO" and "naming former Owls
    bench boss Carl Wynn as Price's successor" say who takes the place: a role after the name makes it a person's."""
    assert bot.ask("who replaces orlov as tokra ceo").verdict == "Nadia Brook"
    assert bot.ask("who replaced dale price as falcons coach?").verdict == "Carl Wynn"


def test_a_long_questions_name_given_in_the_next_sentence(bot: NewsBot) -> None:
    """The sentence that matches the question only describes the answer; the next one names it. A question of many
    words gets it too, not only a short one."""
    answer = bot.ask("which newspaper publisher filed the class action antitrust lawsuit accusing seekly of "
                     "anticompetitive behaviour in ai?")
    assert answer.verdict == "Harbour Evening Chronicle", answer.text


def test_a_name_sharing_a_word_with_the_outlet_is_listed(bot: NewsBot) -> None:
    """Essential Sports reports the deal with Pine Sports: not the outlet's own name, so listed."""
    answer = bot.ask("which networks are in the cycling tour's $2 billion deal")
    assert answer.kind == "list" and "Pine Sports" in answer.verdict.split("; "), answer.text


def test_the_day_it_happened_not_the_day_it_would(bot: NewsBot) -> None:
    """Told on Thursday night that he would be fired; fired late Friday: the day asked for is Friday's."""
    answer = bot.ask("when was ola berg fired")
    assert answer.verdict == "April 19, 2024", answer.text


def test_an_age_a_company_value_and_another_round_are_no_answers(bot: NewsBot) -> None:
    """"people aged 18 and up" says no number of people; a company's $8 billion value is not what its chief was paid; a
    Series B extension is not the Series A asked about."""
    assert bot.ask("how many people signed up for pix's ad-free subscription").abstained
    assert bot.ask("how much was mark lane paid as dray ceo").abstained
    assert bot.ask("how much did kafa raise in its series a?").abstained
    assert bot.ask("how much did kafa raise in its series b?").verdict == "$12.6 million"


def test_what_might_be_a_score_and_a_share_are_no_answers(bot: NewsBot) -> None:
    """"faces up to 50 years" is not the sentence he got; a score and "11 points" count no viewers; 17% of a workforce
    is no severance pay."""
    assert bot.ask("how many years did ivo dane get when he was sentenced?").abstained
    assert bot.ask("how many viewers did the bills-bengals sunday night game draw?").abstained
    assert bot.ask("how much severance is tunely giving the 1,500 people it laid off?").abstained


def test_a_figure_per_the_unit_asked(bot: NewsBot) -> None:
    """"each month": the $300 a month from the next sentence, not the $145,000 debt of the first."""
    answer = bot.ask("the 26-year-old with $145k in student debt, how much is she paying back each month?")
    assert answer.verdict == "$300", answer.text


def test_another_quarters_figure_is_no_answer(bot: NewsBot) -> None:
    """Q3 revenue does not answer a question about the fourth quarter's; asked with no "the", it is still an amount."""
    assert bot.ask("what was zipcart's q4 2024 revenue").abstained
    assert bot.ask("what was zipcart's q3 2024 revenue").verdict == "$2.1 billion"


def test_organisations_that_read_like_names_are_listed(bot: NewsBot) -> None:
    answer = bot.ask("which networks are in the racing series media deal")
    assert answer.kind == "list" and {"Pine Sports", "Warner Bros"} <= set(answer.verdict.split("; ")), answer.text


def test_an_amount_per_year(bot: NewsBot) -> None:
    answer = bot.ask("racing series tv deal how much a year on average")
    assert answer.verdict == "$1.1 billion", answer.text
    answer = bot.ask("roughly how much will ada lind earn per year with the US team")  # "US" in "the U.S. team"
    assert answer.verdict == "$2 million", answer.text


def test_a_date_to_come_further_down(bot: NewsBot) -> None:
    """ "getting sentenced": "scheduled sentencing for Feb. 20", two sentences down, in an April article: next February."""
    answer = bot.ask("when is mira colt getting sentenced")
    assert answer.text.startswith("February 20, 2025"), answer.text


@pytest.mark.parametrize("question, kind, target", [
    ("so ole miss upset georgia in week 11?", "yesno", ""),
    ("what are charlie sheens twins called", "entity", "thing"),
    ("what's spill valued at after its seed extension?", "entity", "number"),
    ("keep pill box price?", "entity", "number"),
    ("name the bank ceos menendez quizzed", "list", "person"),
    ("name the show netflix renewed", "entity", "thing"),
    ("which broadcasters are in the deal", "list", "organisation"),
    ("nascar tv deal how much a year on average", "entity", "number"),
    # a wh-question after a leading clause asks for a name, whatever verb follows it
    ("Considering the Verge and CNET reports, which executive, named in both, has stepped down?", "entity", "person"),
    ("when altman was fired, who took over as interim ceo?", "entity", "person"),
    ("After the merger, did prices rise?", "yesno", ""),
    # an amount or a date asked without the usual opening
    ("what was uber's q4 2023 revenue", "entity", "number"),
    ("price of gogoro's smartscooter in india", "entity", "number"),
    ("what jersey number will ohtani wear for the dodgers", "entity", "number"),
    ("binance fine amount?", "entity", "number"),
    ("Who is the official who approved the council budget?", "entity", "person"),  # ends with "budget", asks who
    ("exact launch date for gemini ultra in bard?", "when", "date"),
    ("what is discord calling its new set of teen safety features", "entity", "thing"),  # a name, not a quote
    ("the 26-year-old with $145k in student debt, how much is she paying back each month?", "entity", "number"),
    ("what was the crowd at the collingwood vs brisbane afl grand final", "entity", "number"),
    ("how many pieces of content did meta remove after october 7?", "entity", "number"),  # not a count of articles
])
def test_the_kind_read(question: str, kind: str, target: str) -> None:
    ask = read_kind(question)
    assert (ask.kind, ask.target) == (kind, target)


def test_readings() -> None:
    assert amount_in("Quillo has raised a $2 million seed extension.", "what's quillo valued at?") == ""
    assert amount_in("The round valued it at $1.2 billion.", "what's quillo valued at?") == "$1.2 billion"
    assert typed_names("how many streams has tate mcrae's greedy racked up?",
                       ["It made Tate McRae a star, then Greedy happened for McRae."]) == ["Tate McRae", "Greedy"]
    assert _order("Jim Jordan lost 25 Republican votes", ("Jim Jordan", "Republican")) == ("", "")  # a count, no opponent
    assert _order("England lost 3-2 to Belgium", ("England", "Belgium")) == ("Belgium", "England")
    # a date without a year, days after the article: this year's (a release date written ahead), not last year's
    assert date_in("Released in Australia on 5 October, the film won a prize.", "2023-10-01T14:00:00+00:00") == \
        ("5 October", "2023-10-05")
    assert date_in("Sales peaked on December 30.", "2024-01-05") == ("December 30", "2023-12-30")
    assert date_in("The judge scheduled sentencing for Feb. 20.", "2023-12-18") == ("Feb. 20", "2024-02-20")  # to come
