"""Every error newsbot raises on purpose.

    NewsbotError
     ├── ConfigError          a setting is unknown or malformed
     ├── IngestError          one input could not be turned into an article
     ├── IndexMismatchError   the index was built by another embedding model or schema
     ├── EmptyIndexError      a question was asked of an index with no articles
     ├── QueryError           a question or a filter cannot be searched as given
     ├── BackendError         a configured LLM or Chroma server failed
     ├── IndexDamagedError    Chroma's files are damaged (an interrupted write); rebuild
     └── IndexBusyError       another writer held the write lock past NEWSBOT_LOCK_TIMEOUT

The library raises these with a message that says what to do next; the edges (the CLIs and
the UI) print that message as one line and never show a traceback. Nothing here catches.
"""

from __future__ import annotations

__all__ = [
    "NewsbotError",
    "ConfigError",
    "IngestError",
    "IndexMismatchError",
    "EmptyIndexError",
    "QueryError",
    "BackendError",
    "IndexDamagedError",
    "IndexBusyError",
]


class NewsbotError(Exception):
    """Base class: its message is meant for the user, as is."""


class ConfigError(NewsbotError):
    """A setting (argument or NEWSBOT_* variable) is unknown or malformed."""


class IngestError(NewsbotError):
    """One input (file, URL, record) could not be ingested; the others still are.

    `source` names the file or URL, `reason` says why and what to do.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class IndexMismatchError(NewsbotError):
    """The index on disk was built with another embedding model, dimension or schema."""


class EmptyIndexError(NewsbotError):
    """No articles are indexed yet."""


class QueryError(NewsbotError):
    """A question or filter cannot be searched (empty question, impossible date range...)."""


class BackendError(NewsbotError):
    """A configured backend (LLM server, Chroma server) failed or timed out."""


class IndexDamagedError(NewsbotError):
    """Chroma's files in the data folder are damaged (an interrupted write); the index must be rebuilt."""


class IndexBusyError(NewsbotError):
    """Another writer held the index's write lock for longer than `NEWSBOT_LOCK_TIMEOUT`; the message names it."""
