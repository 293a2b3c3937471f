"""What `NewsBot.ask` runs: read -> retrieve -> answer, as plain functions.

    pipeline = Pipeline(search, answerer, reader, timelines)
    pipeline.invoke({"question": "...", "history": [Turn, ...], "filters": Filters(...)})  -> Answer

1. read: the question reader (`question.py`) turns the text and the conversation into a
   `Question`: the standalone query (an LLM answerer rewrites follow-ups with its model), names,
   outlets, dates and the kind of answer wanted;
2. retrieve: `search(question, k)` (the hybrid retriever, `retrieve.py`) searches as the Question
   says; `k` is None for the configured depth;
3. answer: the configured `Answerer` (offline by default; an LLM one when configured). The
   answer carries what was searched (`query`, `searched`) and what the reader must be told
   (`notice`: an outlet that isn't indexed, dates nothing matched), and, before its text, how old
   the evidence is when the question wanted newer news (`freshness.py`).

"What's new about X since D?" skips both steps for the story's timeline after D (`whats_new.py`).

Deliberately not here: LangChain. `chain.py` wraps these same steps as a Runnable (callbacks,
tracing, LLM answerers); the offline answer runs them directly, because importing LangChain
(~0.4 s, most of it langsmith) was a fifth of a cold `python -m bot ask`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from bot.answer import Answerer
from bot.freshness import freshness_note
from bot.parts import event_sides
from bot.question import range_warning
from bot.roles import role_asked
from bot.timeline import Timelines
from bot.whats_new import asks_whats_new, whats_new_answer
from newsbot.types import Answer, Filters, Hit, Question

__all__ = ["Pipeline", "Search", "LIST_DEPTH"]

LIST_DEPTH = 16  # chunks retrieved for list and count questions (more items to find)
SIDE_DEPTH = 4  # chunks searched for each event of "was A before B?", the best two of them added

Search = Callable[[Question, int | None], list[Hit]]


class Pipeline:
    """The ask steps over one retriever, answerer and reader; each step takes and returns the inputs dict."""

    def __init__(self, search: Search, answerer: Answerer, reader: Callable[..., Question], timelines: Timelines) -> None:
        """`search(question, k)`: the chunks for a read question (k None: the configured depth); `reader(text,
        history, filters, rewriter)` -> Question; `timelines` answers "what's new" questions."""
        self.search = search
        self.answerer = answerer
        self.reader = reader
        self.timelines = timelines
        self.rewriter = getattr(answerer, "rewrite", None)
        self.today: Callable[[], date] = getattr(reader, "reference", None) or (lambda: datetime.now(UTC).date())

    def invoke(self, inputs: dict[str, Any]) -> Answer:
        """The answer to `inputs["question"]` (with `history` and `filters`, both optional)."""
        inputs = self.read(inputs)
        return self.answer({**inputs, "hits": self.retrieve(inputs)})

    def read(self, inputs: dict[str, Any]) -> dict[str, Any]:
        question = self.reader(inputs["question"], inputs.get("history") or (), inputs.get("filters") or Filters(), self.rewriter)
        # "today" as the question was read: its check of the index version (a Chroma call) is still fresh now, not
        # after the answer
        return {**inputs, "read": question, "today": self.today()}

    def retrieve(self, inputs: dict[str, Any]) -> list[Hit]:
        question: Question = inputs["read"]
        if asks_whats_new(question):
            return []  # it searches the story's timeline itself
        # "who founded discogs": the founding may be further down. A deeper search keeps the usual chunks first, as they
        # are (the ranking does not depend on k), so the answer reads the same 8 and looks for the role in the rest
        deep = question.kind in ("list", "count") or (question.target == "person" and role_asked(question.query) is not None)
        hits = self.search(question, LIST_DEPTH if deep else None)
        sides = event_sides(question)
        if not sides:
            return hits
        # "was A before B?": one search for both may find only one of them; each event's best chunks go in near the top
        # (the answer reads the first few), after the whole question's best
        added: list[Hit] = []
        for side in sides:
            seen = {h.chunk_id for h in (*hits[:SIDE_DEPTH * 2], *added)}
            added += [h for h in self.search(replace(question, query=side, expansions=()), SIDE_DEPTH)
                      if h.chunk_id not in seen][:SIDE_DEPTH // 2]
        return hits[:SIDE_DEPTH] + added + [h for h in hits[SIDE_DEPTH:] if h not in added]

    def answer(self, inputs: dict[str, Any]) -> Answer:
        question: Question = inputs["read"]
        topic = asks_whats_new(question)
        result = whats_new_answer(self.timelines, question, topic) if topic else \
            self.answerer.answer(question, inputs["hits"], inputs.get("history") or ())
        notice = " ".join(n for n in (*question.warnings, result.notice) if n)
        # the reader must see these before the answer, not beside it
        dates = freshness_note(question, result, inputs["hits"], inputs["today"]) or \
            range_warning(question, result.hits or inputs["hits"], inputs["hits"])
        text = f"{dates} {result.text}" if dates and not result.abstained else result.text
        if dates and not result.abstained and result.kind == "yesno" and result.verdict:
            lead, _, rest = result.text.partition(". ")  # the verdict stays the first word: "Yes. <note> <evidence>"
            text = f"{lead}. {dates} {rest}".strip()
        return replace(result, text=text, question=inputs["question"], query=question.query, searched=question.describe(),
                       notice=" ".join(n for n in (dates if result.abstained else "", notice) if n))
