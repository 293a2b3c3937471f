""""What did X say?" where reading who said the quoted words takes more than a name next to "said": a speech verb inside
the quotation, a relative clause ("X, who admitted to being like a “drill sergeant”"), a name followed by where it was
said ("said executive X in a statement"), verbs such as "agreed" or "urged", a first name the chunk writes in full, the
speaker's own words in a chunk that no longer names the topic or in the chunk after the one found (whose "he said" is
whoever the chunk before left speaking), and a post the article embeds, signed "— Name (@handle) date". Real
components (a real index in a temporary folder, the real packaged model) over articles written for the test; the
readings are checked on their own below."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.attribution import attributed, lead_subject, reporting
from bot.evidence import sentences_of, talker_after
from bot.kinds import read_kind
from tests.conftest import ingested

_ACT = ("The Harbour Safety Act took years to pass through parliament, and the regulator Netwatch has now published its "
        "first guidelines for how platforms can comply with it. The proposals cover how social networks, search engines "
        "and games should deal with illegal posts, from fraud to threats. Platforms can follow the guidelines to the "
        "letter or take their own approach, so long as they show they comply with the rules. Netwatch will gather "
        "feedback before lawmakers approve the guidelines late next year, and even then the specifics will be "
        "voluntary. Some smaller sites have warned that the rules could still prove costly for them. Around 90,000 "
        "services may fall under the rules, though only the largest platforms will face the strictest checks. Critics "
        "say the first proposals avoid the hardest questions, such as encrypted messages, which Netwatch plans to "
        "consult on next year. The regulator says it wants a collaborative and proportionate approach.\n\n"
        "Lawyers expect months of consultation before anything changes for users, and several companies have asked "
        "for more time to prepare their systems and train their moderation teams. Industry groups said they would "
        "study the long documents closely in the coming weeks.\n\n"
        "“What this does for the first time is to put a duty of care on platforms for the safety of their users,” "
        "Netwatch’s online safety lead, Greta Whitlow, tells reporters in an interview. “When they become aware of "
        "illegal content, they have got to take it down.”")

_FINAL = ("South Africa beat New Zealand 12-11 in a tense final at the Stade de France on Saturday night, claiming a record "
          "fourth world title in front of 80,065 fans. Rain poured down on the stadium before kick-off, but nothing was going "
          "to dampen the evening.\n\n"
          "In a match of controversy, where yellow and red cards were handed out quicker than in a card game, thundering "
          "shots both legal and illegal were put on by the sport's two greatest sides. The All Blacks captain was forced to "
          "watch the match from the sidelines for 53 minutes after his yellow card for a high shot was upgraded to red. "
          "Siyan Kolani, the Springboks captain, was later shown a yellow card for a high shot, but returned. The winger who "
          "sealed their triumph four years earlier could not bear to watch from the sidelines after a yellow card for a "
          "deliberate knock-down in the 73rd minute. It was that kind of evening, where the margins were tiny and the "
          "outcomes almighty. They held on through the final ten minutes with fourteen men. When the final "
          "whistle went, the captain sank to his knees and wept.\n\n"
          "\"I want to give credit to the All Blacks. They took us to the end, they took us to a dark place,\" he said. "
          "\"It shows what kind of team they are, to fight with a man down from early in the game.\"\n\n"
          "The back-rower made 28 tackles, each as bone-crunching as the next, and was named player of the match. By "
          "claiming their third one-point knockout victory in a row, the Springboks moved into uncharted territory.")

STORIES = [
    ("Family Wire", "2024-04-02", "Stars who parent with tough love",
     "Hollywood is a tough place to raise kids, prompting some celebrities to take a tough-love approach. Stars like "
     "Dario Vellacourt, who admitted to being like a \"drill sergeant\" when his kids were young, Mira Sol, who "
     "recently said she wants kids to face failure more directly, and the comedian Tom Harlan, who lets his teenagers "
     "pay rent for their rooms and do their own laundry, have shared their harsher parenting styles in interviews "
     "with several magazines this spring.\n\n\"Dario Vellacourt was a strict dad when his kids were small,\" his "
     "former co-star Ana Ruiz said."),
    ("Ring Wire", "2024-04-03", "Ringside TV ends its boxing shows",
     "Ringside TV will broadcast its last boxing card in December, ending a series that began in 1986.\n\n"
     "“The company’s decision is not a reflection of the work we have done in recent years,” said Ringside TV "
     "executive Paolo Brenner in a statement to staff. “Unfortunately, the company has had to make difficult choices. "
     "While today’s news is certainly difficult and disappointing, it is entirely out of our control.”"),
    ("Health Wire", "2024-04-05", "A flu survivor's warning",
     "Lena Marsh nearly died of the flu a decade ago and now campaigns for vaccination.\n\n"
     "\"I had missed the memo that flu vaccines were for everyone,\" Marsh said.\n\n"
     "Dr. Paul Reyes, a county health officer, noted that her case was not typical. \"Most people recover within a "
     "week,\" he said.\n\n"
     "Overall, Marsh urged, \"don't dismiss the flu as just the flu.\" She continued, \"If you're sick and the "
     "symptoms are severe, don't waste time wondering if you should see a doctor.\""),
    ("Field Wire", "2024-04-06", "Is the coverage of Nora Vale and Travis Kell too much?",
     "The league is really digging into the coverage of the singer Nora Vale and Travis Kell, the tight end, and "
     "not everyone is a fan.\n\n\"I think it's fun when they show who's at the game,\" Travis said. \"But at the same "
     "time, they're overdoing it a little bit.\""),
    ("Tech Wire", "2024-04-08", "Netwatch sets out its first rules for platforms", _ACT),
    ("Social Wire", "2024-04-09", "Why Lumen is betting on its own social server",
     "In an interview, Lumen senior director of content Carla O’Hagan explained why Lumen has taken an interest in "
     "decentralised social networks and how it expects to experiment in the months ahead.\n\n"
     "“We’re not seeking to get, like, 2 billion users on our server. We want people to have choice and agency,” "
     "says O’Hagan, adding that choice is in line with Lumen’s values."),
    ("Rugby Wire", "2024-04-20", "Springboks win the final in the rain", _FINAL),
    ("Tech Wire", "2024-04-21", "A timeline of the week Lumora fired its chief executive",
     "Lumora's board fired chief executive Dana Pike on Friday.\n\nIvo Kestrel's regrets\n\n"
     "Kestrel publishes a post on X suggesting that he regrets his decision to remove Pike.\n\n"
     "I deeply regret my part in the board's actions. I never meant to harm Lumora. I will do all I can to reunite the "
     "company. — Ivo Kestrel (@ivokestrel) April 20, 2024\n\n"
     "\"Lumora is nothing without its people.\" Staff rallied behind Pike on Saturday. pic.twitter.com/x1 — Mara Quell "
     "(@maraquell) April 20, 2024\n\nNearly 500 employees signed a letter asking the board to resign."),
]


@pytest.fixture(scope="module")
def bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested(STORIES, embedder, tmp_path_factory)


def test_the_speaker_of_a_relative_clause_typed_misspelt(bot: NewsBot) -> None:
    """"Dario Vellacourt, who admitted to being like a "drill sergeant"": his words, though the sentence's verb of
    saying ("said") is Mira Sol's; they come before Ana Ruiz's words about him. "velacourt" as typed is no topic word
    of the question."""
    answer = bot.ask("tell me what dario velacourt said he was like as a dad when his kids were small")
    assert answer.kind == "quote" and not answer.abstained, answer.text
    assert answer.text.startswith("Stars like Dario Vellacourt"), answer.text


def test_said_by_a_name_then_where_it_was_said(bot: NewsBot) -> None:
    """"said Ringside TV executive Paolo Brenner in a statement to staff": Brenner's words, and so is the next quote,
    which has no attribution of its own."""
    answer = bot.ask("what did paolo brenner say about ringside tv ending its boxing shows")
    assert answer.kind == "quote", answer.text
    assert "entirely out of our control" in answer.text, answer.text


def test_words_after_urged_and_she_continued(bot: NewsBot) -> None:
    """"Marsh urged, "…"" is hers, so the "She continued" after it is too (not the doctor's, quoted before): her
    advice, not the quote about herself."""
    answer = bot.ask("what's lena marsh's advice to people with severe flu symptoms")
    assert answer.kind == "quote", answer.text
    assert answer.text.startswith("Marsh continued"), answer.text  # "She", resolved
    assert "don't waste time wondering" in answer.text, answer.text


def test_a_first_name_the_chunk_writes_in_full(bot: NewsBot) -> None:
    """"Travis said" is Travis Kell's, the chunk naming him in full: his words answer "what did kell say"."""
    answer = bot.ask("what did kell say about the coverage of nora vale")
    assert answer.kind == "quote", answer.text
    assert answer.text.startswith("\"I think it's fun"), answer.text


def test_their_words_in_a_chunk_that_no_longer_names_the_act(bot: NewsBot) -> None:
    """Whitlow's quote comes in the article's later chunk, which names neither the Harbour Safety Act nor her employer
    in full as typed; the article does."""
    answer = bot.ask("what did netwatch's greta whitlow say the harbour safety act does")
    assert answer.kind == "quote", answer.text
    assert answer.text.startswith("“What this does for the first time"), answer.text


def test_a_long_question_opens_with_their_words(bot: NewsBot) -> None:
    """A question of many words ("quote what …") still opens with the speaker's own words, "o'hagan" as typed being
    O’Hagan as written."""
    answer = bot.ask("quote what lumen's carla o'hagan said about not chasing billions of users on its own social "
                     "server for decentralised networks")
    assert answer.kind == "quote", answer.text
    assert answer.text.startswith("“We’re not seeking"), answer.text


def test_their_words_in_the_chunk_after_the_one_found(bot: NewsBot) -> None:
    """Only the chunk that sets the scene is found; the captain's words come in the next one, after "he said" (whom
    the chunk before names): read on into it, and the words are his."""
    article = next(a for a in bot.articles() if a.title == "Springboks win the final in the rain")
    first, following = bot.index.store.chunks_of(article.id)[:2]
    assert "dark place" not in first.text and "dark place" in following.text
    said = [s.said_by for s in sentences_of(following, talker=talker_after(first)) if "dark place" in s.text]
    assert said == ["Siyan Kolani"]
    answer = bot._part("answerer").answer(bot.read("what did siyan kolani say after the final?"), [first])
    assert answer.kind == "quote" and answer.text.startswith("\"I want to give credit"), answer.text


def test_a_post_the_article_embeds(bot: NewsBot) -> None:
    """The post, signed "— Ivo Kestrel (@ivokestrel) April 20, 2024", is his words though no quotation marks hold
    them; the one after it quotes someone else, and is not its signer's words."""
    answer = bot.ask("what did ivo kestrel post after the board fired dana pike")
    assert answer.kind == "quote" and answer.text.startswith("I deeply regret my part"), answer.text
    article = next(a for a in bot.articles() if a.title.startswith("A timeline of the week Lumora"))
    said = {s.text[:20]: s.said_by for hit in bot.index.store.chunks_of(article.id) for s in sentences_of(hit)}
    assert said["I deeply regret my p"] == said["I will do all I can "] == "Ivo Kestrel"
    assert said["\"Lumora is nothing w"] == ""


@pytest.mark.parametrize("sentence, subject, speaker", [
    ("\"He told me at the last minute,\" Rowe said when asked if he knew Vale was coming.", "Nora Vale", "Rowe"),
    ("“They’re overdoing it a little bit, for sure,” Kell agreed.", "", "Kell"),
    ("“We will appeal,” the company told Reuters.", "", ""),  # who was told, not who spoke
    ("“It’s over,” said executive Paolo Brenner in a statement to staff.", "", "Paolo Brenner"),
    ("Stars like Dario Vellacourt, who admitted to being like a \"drill sergeant\", have spoken.", "", "Dario Vellacourt"),
])
def test_who_a_quote_is_attributed_to(sentence: str, subject: str, speaker: str) -> None:
    assert attributed(sentence, subject) == speaker


def test_who_is_speaking() -> None:
    assert lead_subject("Dr. Joseph Antell, CEO and chairman of the nutrition company Vito, was also involved.") == \
        "Joseph Antell"  # an apposition opening with a title in capitals
    assert reporting("Rather, Lewin claims he was introduced to him in 2021 by a friend.") == "Lewin"


def test_a_quote_request_reads_as_a_quote_question() -> None:
    ask = read_kind("quote what lumen's carla o'hagan said about its server")
    assert (ask.kind, ask.speaker) == ("quote", "lumen's carla o'hagan")
