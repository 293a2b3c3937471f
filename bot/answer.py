"""The offline answerer: evidence -> decision -> answer, with no LLM and no network.

    OfflineAnswerer(embedder, vocabulary=index.keywords).answer(question, hits, history) -> Answer

It takes the sentences of the retrieved chunks (`evidence.py`), keeps those that could hold an
answer of the kind asked (a number for "how much", a date for "when"), scores them for the
question, decides (`decide.py`) and writes the answer (`compose.py`). For "what did X say" it
reads on into the chunk after each of the first ones naming X: reporters set the scene, then
quote. `Answerer` is what the chain needs from any answerer (this one, or an LLM one).

Deliberately not here: reading the question (`question.py`) and retrieval (`retrieve.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from bot.compose import ABSTAIN_PREFIX, compose, refusal
from bot.decide import Decider, Tuning, match_names, tells_result
from bot.evidence import Scorer, Vocabulary, Weights
from bot.lists import Archive, Lists
from bot.names import respelled, surname
from bot.policy import refusal_reason
from bot.roles import role_asked
from bot.stance import Claims, asks_result
from bot.verdicts import Verdicts
from index.embed import Embedder
from index.keyword import fold
from newsbot.types import Answer, Hit, Question, Turn

__all__ = ["OfflineAnswerer", "Answerer", "Tuning", "ABSTAIN_PREFIX"]

CHUNKS = 8  # retrieved chunks whose sentences are candidates
_QUOTE_SHORTLIST = 24  # "what did X say": their quoted words share few of the question's words, so look further
_NUMBER_WORDS = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                           r"hundred|thousand|million|billion|trillion|dozen|half|percent)\b", re.IGNORECASE)
_DATE_WORDS = re.compile(r"\d|\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|"
                         r"tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|week|month|year|decade|"
                         r"century|morning|evening|night|spring|summer|autumn|fall|winter|ago|earlier|later|since|until|before|"
                         r"after)\b", re.IGNORECASE)


Following = Callable[[Sequence[Hit]], list[Hit]]
_READ_ON = 2  # "what did X say": the best-ranked chunks naming X, whose next chunk is read too


class Answerer:
    """What the chain needs from an answerer (the offline one, or an LLM one)."""

    name = "answerer"

    def answer(self, question: Question, hits: Sequence[Hit], history: Sequence[Turn] = ()) -> Answer:
        raise NotImplementedError


class OfflineAnswerer(Answerer):
    """Extractive, cited answers from retrieved chunks, the short answer first."""

    name = "offline"

    def __init__(self, embedder: Embedder, tuning: Tuning | None = None, vocabulary: Vocabulary | None = None,
                 sentence_embedder: Embedder | None = None, weights: Weights | None = None, archive: Archive | None = None,
                 following: Following | None = None) -> None:
        """`embedder` embeds the question (the retriever's, so its vector is usually cached);
        `sentence_embedder`, when given, the candidate sentences (the int8 copy: `load_sentence_embedder`);
        `following(hits)`, the chunk after each of them in its article (the store's)."""
        self.embedder = embedder
        self.following = following
        self.vocabulary = vocabulary
        self.scorer = Scorer(embedder, sentence_embedder, vocabulary, weights)
        claims = Claims(vocabulary)
        self.decider = Decider(vocabulary, tuning, Verdicts(self.scorer, claims, archive=archive), Lists(archive, vocabulary))

    @property
    def tuning(self) -> Tuning:
        return self.decider.tuning

    def answer(self, question: Question, hits: Sequence[Hit], history: Sequence[Turn] = ()) -> Answer:
        why = refusal_reason(question, self.vocabulary)
        if why:
            return refusal(question, why)
        wide, hits = hits, hits[: 2 * CHUNKS if question.kind in ("list", "count") else CHUNKS]
        hits = [*hits, *self._read_on(question, hits)]
        candidates = self.scorer.candidates(hits, history, question.query)
        if question.kind == "when":
            candidates = [c for c in candidates if _DATE_WORDS.search(c.text)] or candidates
        elif question.kind in ("open", "entity") and asks_result(question.query):  # "final score ...?": how it ended
            names = match_names(question, hits)
            candidates = [c for c in candidates if tells_result(names, c)] or candidates
        elif question.target == "number":
            candidates = [c for c in candidates if _NUMBER_WORDS.search(c.text)]
        if not candidates:
            return refusal(question, "I found nothing that answers it in them")
        scored = self.scorer.score(question.search_text, candidates, question.speaker, newest=question.recent,
                                   shortlist=_QUOTE_SHORTLIST if question.kind == "quote" else 0,
                                   reason=bool(re.search(r"\b(?:why|how come|reason)\b", question.query, re.IGNORECASE)))
        if question.kind == "entity" and question.target == "person" and role_asked(question.query) and len(wide) > len(hits):
            # a role's holder may be named in any chunk retrieved ("founded in 2000 by ..."); the rest is scored as usual
            candidates = candidates + self.scorer.candidates(wide[CHUNKS:], history, question.query)
        decision = self.decider.decide(question, hits, scored, candidates)
        return compose(question, decision)

    def _read_on(self, question: Question, hits: Sequence[Hit]) -> list[Hit]:
        """For "what did X say", the chunk after each of the first chunks naming X, where not retrieved: the article sets
        the scene ("Kolisi, was later shown a yellow card") and quotes X in the next paragraph ("“…,” Kolisi said")."""
        if question.kind != "quote" or not question.speaker or self.following is None:
            return []
        name = fold(surname(respelled(question.speaker, [h.text for h in hits])).lower())
        naming = [h for h in hits if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", fold(h.text.lower()))][:_READ_ON]
        have = {h.chunk_id for h in hits}
        return [h for h in dict((h.chunk_id, h) for h in self.following(naming)).values() if h.chunk_id not in have]
