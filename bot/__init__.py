"""Answering: hybrid retrieval, grounded answers with citations, conversations.

    from bot import NewsBot
    bot = NewsBot()
    answer = bot.ask("What did Rubio say about Balochistan?")
    print(answer.text, answer.citations)
"""

from bot.api import AnswerStream, Chat, NewsBot
from newsbot.types import Answer, Citation, Filters, Hit, Turn

__all__ = ["NewsBot", "Chat", "AnswerStream", "Answer", "Citation", "Hit", "Filters", "Turn"]
