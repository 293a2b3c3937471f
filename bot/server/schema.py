"""The HTTP API's request bodies, as pydantic models: what FastAPI validates (422 naming the field) and /docs shows.

The native requests forbid unknown fields (a typo like `questoin` is an error, not a silently
empty question); the OpenAI-compatible one ignores the many options OpenAI clients send
(`temperature`, `max_tokens`, `user` ...) that mean nothing to newsbot.

Deliberately not here: responses (built from `bot.serialize`) and the routes.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.api import MAX_QUESTION_CHARS

__all__ = ["AskRequest", "HistoryTurn", "Filters", "ChatMessage", "ChatRequest", "MODEL", "MAX_HISTORY", "filters_of"]

MODEL = "newsbot"
MAX_HISTORY = 100
MAX_SOURCES = 50


class Filters(BaseModel):
    """Restrictions every search of the request obeys: publication dates (inclusive) and outlets."""

    model_config = ConfigDict(extra="forbid")
    since: date | None = Field(default=None, description="only articles published on or after this day (YYYY-MM-DD)")
    until: date | None = Field(default=None, description="only articles published on or before this day (YYYY-MM-DD)")
    sources: list[str] | None = Field(default=None, max_length=MAX_SOURCES,
                                      description="only these outlets, as `GET /articles` names them (e.g. Reuters)")


class HistoryTurn(BaseModel):
    """An earlier turn: its `question` (an earlier `/ask` response can be sent back as it is; the rest is ignored)."""

    model_config = ConfigDict(extra="ignore")
    question: str = Field(max_length=MAX_QUESTION_CHARS)


class AskRequest(Filters):
    """A question, with the conversation before it."""

    question: str = Field(min_length=1, max_length=MAX_QUESTION_CHARS, description="what to ask, in words",
                          examples=["What did Rubio say about Balochistan?"])
    history: list[str | HistoryTurn] = Field(
        default_factory=list, max_length=MAX_HISTORY,
        description="the conversation's earlier questions, oldest first (strings, or earlier /ask responses): a "
                    "follow-up such as “What else did he say?” is rewritten against them, as in `bot.chat()`")

    def earlier(self) -> list[str]:
        return [h if isinstance(h, str) else h.question for h in self.history]


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """The message's text (text parts joined; other parts, such as images, are not read)."""
        if isinstance(self.content, list):
            return "\n".join(p.text or "" for p in self.content if p.type in ("text", "input_text"))
        return self.content or ""


class ChatRequest(BaseModel):
    """OpenAI's chat completion request; `newsbot` (sent with the openai client's `extra_body`) adds filters."""

    model_config = ConfigDict(extra="ignore")
    model: str = Field(examples=[MODEL])
    messages: list[ChatMessage] = Field(min_length=1, max_length=2 * MAX_HISTORY + 10)
    stream: bool = False
    newsbot: Filters | None = None


def filters_of(request: Filters | None) -> dict[str, Any]:
    """The keyword arguments `NewsBot.ask` takes for these filters (empty when none)."""
    if request is None:
        return {}
    out: dict[str, Any] = {}
    if request.since:
        out["since"] = request.since.isoformat()
    if request.until:
        out["until"] = request.until.isoformat()
    if request.sources:
        out["sources"] = [s.strip() for s in request.sources if s.strip()]
    return out
