"""Support and contradiction between a claim and a sentence (bot/stance.py), and the citation check using it.

Each pair is a claim a reader might ask about and a sentence an article could print; the expected
judgement is what a careful reader would say, and why.
"""

from __future__ import annotations

import re

import pytest

from bot.stance import Claims, strip_framing
from bot.verify import Verifier
from newsbot.types import Hit

CLAIMS = Claims()


@pytest.mark.parametrize("claim, sentence, why", [
    ("the Fed raised rates in October", "The Federal Reserve on Wednesday lowered its benchmark rate by a quarter point.", "predicate"),
    ("the Bank of England cut rates", "The Bank of England has left interest rates unchanged at 4%, but four members voted to cut.",
     "predicate"),
    ("Deontay Wilder beat Joseph Parker", "Joseph Parker beat Deontay Wilder on points in Riyadh.", "role"),
    ("Joseph Parker lost to Deontay Wilder", "Joseph Parker defeated Deontay Wilder in Riyadh on Saturday.", "role"),
    ("Amodei took the offer to replace Altman", "Amodei quickly turned down the offer to replace Altman.", "negation"),
    ("Nike beat revenue expectations", "Nike reported revenue that fell short of expectations.", "predicate"),
    ("the Fed cut rates by 50 basis points", "The Fed cut rates by 25 basis points on Wednesday.", "number"),
    ("the summit was held in March 2024", "The summit was held in Geneva in June 2024.", "date"),
    ("Marcus Obi is the permanent CEO", "Marcus Obi will serve as interim CEO while the board looks for a permanent replacement.",
     "predicate"),
    # leaving of one's own accord is not being fired, nor the other way round
    ("Dana Reyes quit Lumora on her own", "The Lumora board fired Dana Reyes as chief executive on Friday.", "predicate"),
    ("Dana Reyes was fired by Lumora", "Dana Reyes resigned as Lumora's chief executive on Friday.", "predicate"),
    # another score for the same match; a formation ("4-3-3") is no score
    ("Argentina beat Paraguay 3-0", "Argentina (4-3-3) beat Paraguay, and it was enough for a 1-0 victory.", "number"),
    ("Everton got a 12 point deduction", "Everton's appeal against the 10-point deduction will be heard in March.", "number"),
    # the loser said to lose: "fell 3-1", "a 3-1 defeat to Germany" (a defeat suffered, not inflicted)
    ("the USMNT beat Germany", "The USMNT blew an early lead against Germany and fell, 3-1, in Hartford.", "role"),
    ("the USMNT beat Germany", "The USMNT succumbed to a 3-1 defeat to Germany in Hartford.", "role"),
    ("Charlo beat Canelo", "The scores reflected that as Canelo won with tallies of 119-108 against Charlo.", "role"),
    # "yet to" negates; a 51% stake is no minority stake
    ("UTSA has won a bowl game", "UTSA are in their 13th season as a program but have yet to win a bowl game.", "negation"),
    ("SoftBank took a minority stake in Cubic Telecom", "SoftBank is taking a 51% stake in Cubic Telecom.", "number"),
    # the words before the unit say what is counted: 3,000 daily users; 20,000 is another count
    ("Chirp got to 20,000 daily active users", "Chirp peaked at 3,000 daily active users, out of 20,000 registered users.",
     "number"),
    # below what was expected, in other words than the claim's
    ("Uber beat revenue expectations", "Investors had expected Uber to report $9.5 billion, meaning it fell short of estimates.",
     "predicate"),
    ("Uber topped estimates", "Uber missed analysts' estimates for revenue.", "predicate"),
    # another of the claim's names is the one said to have won
    ("Google won the Epic Games antitrust trial", "The issue came up in the Epic Games lawsuit against Google over app store "
     "fees, which Epic won.", "role"),
    ("Wilder won the fight against Parker", "Parker won on points against Wilder in Riyadh.", "role"),
    # the result in other words: "topped", "demolishes", "a win against" (its loser named, its winner described), and
    # a claim's "won at" (the host lost)
    ("Westport beat Harbour City", "Harbour City topped Westport 28-16 at Lakeside Stadium.", "role"),
    ("Southbay won at Northfield", "No. 21 Northfield demolishes No. 10 Southbay in a 48-20 win.", "role"),
    ("Eastbrook upset Ridgeway", "The league champions make a statement win against Eastbrook to extend their streak.", "role"),
    ("a win for Eastbrook against Ridgeway", "Ridgeway routed Eastbrook on Saturday.", "role"),
    # "lost at times" is no "lost at" a venue: the result is the "home defeats to Argentina" after it
    ("the All Blacks beat Argentina", "The All Blacks looked lost at times this cycle as home defeats to Argentina piled up.",
     "role"),
    # a price in the same currency
    ("Vistagram charges €5.99 a month", "Vistagram will charge €9.99 a month for its ad-free plan.", "number"),
])
def test_contradictions(claim: str, sentence: str, why: str) -> None:
    judgement = CLAIMS.judge(CLAIMS.read(claim), sentence, similarity=0.7)
    assert judgement.related and judgement.contradicts and not judgement.supports, judgement
    assert judgement.why == why


@pytest.mark.parametrize("claim, sentence", [
    ("Deontay Wilder beat Joseph Parker", "Deontay Wilder knocked out and beat Joseph Parker in the seventh round."),
    ("Did Reuters report 18,000 marchers", "About 18,000 people marched through Warsaw on Saturday, police said."),
    ("the Fed cut rates", "The Federal Reserve on Wednesday lowered its benchmark rate by a quarter point."),
    ("Palo Alto is buying two Israeli security startups", "Palo Alto Networks is acquiring two Israeli security startups."),
    # the loser's words state the winner's win; "No. 3" is a ranking, not a negation
    ("the USMNT beat Germany", "Germany fell 3-1 to the USMNT in Hartford."),
    ("Belgium beat England 3-2", "Tessa Wullaert's brace fired Belgium to a dramatic 3-2 home win over England."),
    ("Michigan beat Ohio State", "No. 3 Michigan beat No. 2 Ohio State 30-24 on Saturday."),
    ("SoftBank took a majority stake in Cubic Telecom", "SoftBank is taking a 51% stake in Cubic Telecom."),
    # "10k" is 10,000; "close to" a figure is about it, not a closure
    ("Sony Music sent close to 10k deepfake takedowns", "Sony Music has sent close to 10,000 takedowns of deepfakes."),
    # the price is among the sentence's; "over $5,000" is a bound, not one figure
    ("Beeper Mini costs $1.99 a month", "Beeper Mini costs $1.99 per month, against $15 per month for Texts."),
    ("Sportsbooks offer new users over $5,000 in bonuses", "New users of sportsbooks can claim a bonus of up to $1,000 each, "
     "over $5,000 in bonuses in all."),
])
def test_support(claim: str, sentence: str) -> None:
    text, outlet = strip_framing(re.sub(r"^Did\s+", "", claim))  # "Reuters report 18,000 marchers": the claim is the figure
    judgement = CLAIMS.judge(CLAIMS.read(text, (outlet,) if outlet else ()), sentence, similarity=0.6)
    assert judgement.related and judgement.supports and not judgement.contradicts, judgement


@pytest.mark.parametrize("claim, sentence", [
    ("the drug works", "Neurologists were divided on Tuesday over whether the drug works."),  # hedged: asserts nothing
    ("the Fed raised rates", "The Bank of Japan kept its policy unchanged."),  # about someone else
    # another name in the sentence, but far from its "win": not in the loser's place, so no other winner
    ("Everton beat Newcastle despite the points deduction", "It was a sign of Newcastle's determination to win despite the "
     "points deduction row, not to settle for a draw, that Fabian Schar was pushed up front late on."),
    # one of the two, beating someone else: says nothing of this match
    ("Chelsea beat Manchester City", "Chelsea, who beat Blackburn thanks to goals from Badiashile and Sterling, face Newcastle."),
    # "top-line" describes sources; it reports no beating of anything
    ("Uber beat revenue expectations in the third quarter", "So let's understand where Uber's revenue came from in the "
     "third quarter, and how each of its top-line sources converted to bottom-line results."),
    # the name after the result word is not who lost: "defeat of Tennessee, Georgia clinches"
    ("Georgia beat Ole Miss", "With Missouri's defeat of Tennessee, Georgia clinches the SEC East title."),
    # a feeling, not a result; a negation inside an "if" clause, not of the claim
    ("Charlo beat Canelo", "Canelo looks upset as the fight against Charlo ends."),
    ("the Broncos beat the Vikings on Sunday Night Football", "If you missed any of the Sunday Night Football action with the "
     "Broncos and the Vikings, we had you covered."),
])
def test_neither(claim: str, sentence: str) -> None:
    judgement = CLAIMS.judge(CLAIMS.read(claim), sentence, similarity=0.6)
    assert not judgement.supports and not judgement.contradicts, judgement


@pytest.mark.parametrize("text", ["ohio state finally beat michigan in the rivalry game", "Penn State fired its head coach on Sunday"])
def test_a_name_ending_in_state_is_no_framing(text: str) -> None:
    """ "the Fortune article states that ..." frames a claim; "Ohio State beat Michigan" is the claim, its State a name's."""
    assert strip_framing(text) == (text, "")
    assert strip_framing("the Fortune article states the company lost money") == ("the company lost money", "Fortune")


def test_the_citation_check_rejects_a_contradicted_sentence(embedder) -> None:
    """The answer's sentence uses exactly the quote's words, with winner and loser swapped. Similar wording is not
    agreement: the check finds the quote, then the contradiction, and does not verify the sentence."""
    body = ("Joseph Parker beat Deontay Wilder on points in Riyadh on Saturday night. "
            "Wilder said he would consider retirement after the defeat.")
    hit = Hit(text=body, score=0.0, article_id="box", chunk_id="box:0001", title="Parker beats Wilder", source="BBC Sport", url="",
              published_at="2023-12-24T00:00:00+00:00", ordinal=1, start=0, end=len(body), body_offset=0)
    verifier = Verifier(embedder)
    right = verifier.check("Joseph Parker beat Deontay Wilder on points in Riyadh.", (1,), [hit])
    wrong = verifier.check("Deontay Wilder beat Joseph Parker on points in Riyadh.", (1,), [hit])
    assert right.verified and not right.contradicted
    assert wrong.supports and not wrong.verified and wrong.contradicted == "role"
