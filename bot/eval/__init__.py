"""Evaluation harness: retrieval and answer metrics on a corpus and a query file (`python -m bot.eval`)."""

from bot.eval.metrics import RetrievalScores, is_hit, score_retrieval

__all__ = ["RetrievalScores", "is_hit", "score_retrieval"]
