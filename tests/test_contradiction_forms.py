"""The ways news says a claim is wrong, each read as a contradiction by the judge (`stance.Claims`), and the same
sentence forms that agree read as support: "20%" against "50 percent", "were up 12.6%" against "dropped", another side
declared the winner,
another side doing what the claim's subject did, another day of the same month, reopened against remains closed."""

from __future__ import annotations

import pytest

from bot.stance import Claims

CONTEXT = "Smith v Wilson; Harbour City, with Reyes"


@pytest.mark.parametrize("claim, sentence, why", [
    ("the tax rises by 50%", "The tax rises by 20 percent next year.", "number"),
    ("the tax rises by 50 percent", "The tax rises by 20% next year.", "number"),
    ("Norvale deliveries dropped", "Norvale's deliveries were up 12.6% on the year.", "predicate"),
    ("Smith won the bout", "Wilson was declared the winner of the bout by unanimous decision.", "role"),
    ("Smith won the bout", "The judges declared Wilson the winner.", "role"),
    ("the film came out on 25 October", "The film was released on 24 October.", "date"),
    ("the film came out on October 25", "The film was released Oct. 24.", "date"),
    ("the bridge reopened", "The bridge remains closed.", "predicate"),
    ("Reyes scored the winner", "Cole scored the winner in the 89th minute.", "name"),
])
def test_a_sentence_saying_otherwise_contradicts(claim: str, sentence: str, why: str) -> None:
    claims = Claims()
    judged = claims.judge(claims.read(claim), sentence, CONTEXT, similarity=0.7)
    assert judged.contradicts and judged.why == why, judged


@pytest.mark.parametrize("claim, sentence", [
    ("the tax rises by 20%", "The tax rises by 20 percent next year."),
    ("Norvale deliveries rose", "Norvale's deliveries were up 12.6% on the year."),
    ("Norvale's profit rose", "Norvale's profit rose 10% in the quarter."),
    ("the bill passed", "The bill passed the Senate after a failed first vote."),
    ("Reyes scored the winner", "Reyes scored the winner after Cole hit the post."),
    ("the film came out on 24 October", "The film was released on 24 October."),
])
def test_the_same_forms_agreeing_support(claim: str, sentence: str) -> None:
    claims = Claims()
    judged = claims.judge(claims.read(claim), sentence, CONTEXT, similarity=0.7)
    assert judged.supports and not judged.contradicts, judged


def test_another_agent_fills_the_claim_s_slot() -> None:
    """ "directed by Lind" against "directed by Ross": the judge supports it by its words, the slot check (`align.py`,
    which the answer path applies to every judged sentence) finds another value after "by"."""
    from bot.align import other_filler
    assert other_filler("the movie was directed by Lind", "The movie was directed by Ross.") == "Ross"
    assert other_filler("the movie was directed by Lind", "The movie was directed by Lind in 2019.") == ""


def test_the_claimed_side_declared_the_winner_is_no_contradiction() -> None:
    claims = Claims()
    judged = claims.judge(claims.read("Smith won the bout"), "Smith was declared the winner of the bout.", CONTEXT, 0.7)
    assert not judged.contradicts, judged
