"""Entity answers open with the name asked for (issue 14), on real components: real Chroma, the real model."""

from __future__ import annotations

import pytest

from bot import NewsBot
from bot.compose import lead_of
from bot.kinds import read_kind
from tests.conftest import ingested


@pytest.fixture(scope="module")
def trial_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    """Three outlets on one trader's trial (named in full twice, by surname everywhere), a rugby final, a coach, a deal."""
    return ingested([
        ("Harbour Times", "2024-05-02", "Kestrel founder on trial", "Nils Ekdahl, the founder of the Kestrel exchange, went on "
         "trial on Monday. Prosecutors said Ekdahl built Kestrel on lies and spent customer money on himself. "
         "Ekdahl has pleaded not guilty."),
        ("Valley Gazette", "2024-05-03", "Colleague testifies against Ekdahl", "After Ekdahl left his old trading desk, he "
         "persuaded Ida Moss to join him as a trader at Kestrel. Moss told the jury that Nils Ekdahl ordered her to move "
         "customer funds. Ekdahl's lawyers said she acted alone."),
        ("Coastal Wire", "2024-05-04", "Ekdahl's defence opens", "Ekdahl said the growth of Kestrel overwhelmed him. "
         "His lawyers called two witnesses on Friday."),
        ("Pitch Report", "2024-05-10", "Islanders lose the final", "Tane Horomona – the Islanders captain – was sent off in "
         "the final for a high tackle in the 28th minute. Rua Kereama – the winger who scored twice in the semi-final – "
         "was kept quiet all afternoon."),
        ("Rink Daily", "2024-05-12", "Wolves part with coach", "Petra Lindahl announced her retirement on Sunday after nine "
         "seasons as the Wolves coach. The club said a successor would be named in June."),
        ("Games Wire", "2024-05-15", "Merger cleared", "That is because Arcadia has signed a deal giving it cloud gaming "
         "rights for every Brightlane game for 15 years. Regulators cleared the merger on Tuesday."),
    ], embedder, tmp_path_factory)


def test_the_name_the_articles_share_leads_when_the_best_sentence_names_another(trial_bot: NewsBot) -> None:
    """Three articles are about Nils Ekdahl (the full name in two of them, "Ekdahl" throughout); the sentence that best
    matches the question says "After Ekdahl left his old trading desk, he persuaded Ida Moss to join him as a trader".
    Moss is nearer the question's words ("persuaded", "join"), but nothing there describes her with them (no "Moss,
    the ..."), so the name the articles agree on leads: a name of the best sentence vetoes the agreed one only when the
    question's words are its title or apposition (before, this answer opened with "Ida Moss")."""
    answer = trial_bot.ask("Who is the trader who persuaded a colleague to join him at his exchange?")
    assert lead_of(answer.text) == "Nils Ekdahl", answer.text


def test_a_person_named_with_an_apposition_answers(trial_bot: NewsBot) -> None:
    """ "Tane Horomona – the Islanders captain – was sent off": a dash apposition makes Horomona a person (no other
    sentence names him), and as the sentence opens with him it describes no one else: the next sentence's "Rua Kereama"
    is not the answer."""
    answer = trial_bot.ask("which islanders player was sent off in the final")
    assert not answer.abstained and "Tane Horomona" in answer.text, answer.text
    assert lead_of(answer.text) in ("", "Tane Horomona"), answer.text


def test_one_article_names_the_person_who_did_it(trial_bot: NewsBot) -> None:
    """ "Petra Lindahl announced her retirement": "her" after her verb makes Lindahl a person (no title, no "said"), so
    the sentence answers instead of the articles "not saying" which coach retired."""
    answer = trial_bot.ask("which wolves coach announced her retirement")
    assert not answer.abstained and "Petra Lindahl" in answer.text, answer.text


def test_a_plain_who_is_answered_by_a_company(trial_bot: NewsBot) -> None:
    """ "Who got the rights?" asks for whoever got them: no person is named, so the company that did answers
    ("Arcadia has signed a deal giving it cloud gaming rights") instead of the articles "not saying"."""
    answer = trial_bot.ask("who got the cloud gaming rights to brightlane's games")
    assert not answer.abstained and "Arcadia" in answer.text, answer.text


@pytest.mark.parametrize("question, kind, target", [
    ("who is replacing dean evason as wild coach", "entity", "person"),
    ("whats the name of the utah youtube mom who pleaded guilty", "entity", "person"),
    ("mayo clinic's new chief AI officer - who is it", "entity", "person"),
    ("which team signed the quarterback", "entity", "organisation"),
    ("Which company, led by its co-CEO, cut 600 jobs?", "entity", "organisation"),
    ("Which platform offers new users a $1,000 bonus bet?", "entity", "organisation"),  # one name, not a list
    ("Which platforms offer new users a bonus bet?", "list", "organisation"),
    ("Who is Tommy Pigott?", "open", "person"),  # a description of someone named, not a name
    ("which mit engineer is behind the hydrogel that pulls water from air", "entity", "person"),  # any role a title can be
    ("which analyst downgraded the stock", "entity", "person"),
    ("which chevy drivers did blaney hold off", "list", "person"),  # a role's plural asks for a list
    ("which former minister resigned", "entity", "person"),  # "former" is no noun of its own
])
def test_questions_as_typed_ask_for_a_name(question: str, kind: str, target: str) -> None:
    ask = read_kind(question)
    assert (ask.kind, ask.target) == (kind, target)


@pytest.fixture(scope="module")
def prize_bot(embedder, tmp_path_factory: pytest.TempPathFactory) -> NewsBot:
    return ingested([
        ("Science Wire", "2024-05-08", "Quantum dot pioneers share the chemistry prize",
         "Chemist Ilse Varga (left) and physicist Tomas Brandt (right) have split the 2024 Halvorsen prize in chemistry "
         "for their work on quantum dots. The prize carries an award of one million kronor."),
    ], embedder, tmp_path_factory)


def test_people_introduced_by_their_profession_answer(prize_bot: NewsBot) -> None:
    """ "Chemist Ilse Varga", "physicist Tomas Brandt": a profession introduces a person, as a title does."""
    answer = prize_bot.ask("who won the halvorsen prize in chemistry")
    assert not answer.abstained, answer.text
    assert "Ilse Varga" in answer.text and "Tomas Brandt" in answer.text

