"""A stateless client's conversation turned back into `bot.chat()`'s history.

HTTP clients (the OpenAI API's `messages`, `/ask`'s `history`) send the earlier questions with every
request; `bot.chat()` keeps each earlier `Answer` (its citations, hits and short answer are what a
follow-up like "What else did he say?" is resolved against). So the server answers the earlier
questions again, in order, each with the turns before it, exactly as `Chat.ask` did, and remembers
the answers it gives, keyed by the conversation so far: a conversation that goes on with the same
server process costs one answer per request, and one that moves to another worker is answered again
there, with the same result. Only the last `MAX_REPLAY` questions are answered again.

Deliberately not here: reading messages out of a request (`chat.py`, `native.py`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from bot.api import MAX_QUESTION_CHARS, NewsBot
from newsbot.errors import NewsbotError
from newsbot.types import Answer, Turn

__all__ = ["Conversations", "MAX_REPLAY"]

MAX_REPLAY = 8
_CACHED = 1024

Key = tuple[tuple[str, ...], tuple[Any, ...]]


class Conversations:
    """Earlier questions -> `Turn`s, answered as `bot.chat()` would have, with the answers remembered."""

    def __init__(self, bot: NewsBot, size: int = _CACHED) -> None:
        self.bot = bot
        self.size = size
        self._answers: OrderedDict[Key, Answer] = OrderedDict()
        self._lock = threading.Lock()

    def history(self, questions: Sequence[str], filters: dict[str, Any]) -> list[Turn]:
        """The turns for `questions` (oldest first). A question that can't be asked (empty, too long) is left out."""
        asked = [q.strip() for q in questions if _askable(q)]
        turns: list[Turn] = []
        for n, question in enumerate(asked):
            key = _key(asked[:n + 1], filters)
            answer = self._get(key)
            if answer is None:
                if n < len(asked) - MAX_REPLAY:
                    continue  # too far back to answer again; a remembered answer is still used
                try:
                    answer = self.bot.ask(question, history=turns, **filters)
                except NewsbotError:
                    continue
                self._put(key, answer)
            turns.append(Turn(question=question, answer=answer))
        return turns

    def remember(self, questions: Sequence[str], question: str, filters: dict[str, Any], answer: Answer) -> None:
        """Keep the answer to `question` after `questions`, for the next request of this conversation."""
        asked = [q.strip() for q in questions if _askable(q)]
        self._put(_key([*asked, question.strip()], filters), answer)

    def _get(self, key: Key) -> Answer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is not None:
                self._answers.move_to_end(key)
            return answer

    def _put(self, key: Key, answer: Answer) -> None:
        with self._lock:
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)


def _askable(question: str) -> bool:
    text = (question or "").strip()
    return bool(text) and len(text) <= MAX_QUESTION_CHARS and any(c.isalnum() for c in text)


def _key(questions: Sequence[str], filters: dict[str, Any]) -> Key:
    return tuple(questions), tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items()))
