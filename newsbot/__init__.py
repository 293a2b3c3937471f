"""Shared core of newsbot: settings, errors and the plain data types every stage passes on."""

from newsbot.errors import (
    BackendError,
    ConfigError,
    EmptyIndexError,
    IndexMismatchError,
    IngestError,
    NewsbotError,
    QueryError,
)
from newsbot.settings import Settings
from newsbot.types import Answer, Article, ArticleRecord, Chunk, Citation, Filters, Hit, IngestReport, IngestResult, Turn

__all__ = [
    "Settings",
    "NewsbotError",
    "ConfigError",
    "IngestError",
    "IndexMismatchError",
    "EmptyIndexError",
    "QueryError",
    "BackendError",
    "Article",
    "Chunk",
    "ArticleRecord",
    "IngestResult",
    "IngestReport",
    "Hit",
    "Citation",
    "Answer",
    "Turn",
    "Filters",
]
