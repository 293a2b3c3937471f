"""One `Settings` object for all of newsbot, and the one place the environment is read.

Precedence: an explicit argument, then the `NEWSBOT_*` environment variable, then the default.
Every field is listed in `FIELDS` with its variable and help text; the README's settings table
is generated from (and tested against) that list. Unknown `NEWSBOT_*` variables and malformed
values fail at start-up with a `ConfigError` naming the setting.

Secrets (the LLM API key, the Chroma token, the admin password, the HTTP API keys) are read from the environment like
everything else but never included in `repr()` or logs, and credentials inside URL settings are
redacted there (`newsbot.redact`).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from newsbot.errors import ConfigError

__all__ = ["Settings", "FIELDS", "settings_table"]

PREFIX = "NEWSBOT_"


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with its default. Build with `Settings.load(**overrides)`."""

    home: Path = field(default=Path("data"), metadata={"help": "Folder holding all state: the Chroma index and the keyword index."})
    chroma_url: str = field(default="",
        metadata={"help": "URL of a `chroma run` server (e.g. http://127.0.0.1:8000); empty = embedded Chroma in `home`."})
    chroma_token: str = field(default="", repr=False,
        metadata={"help": "Token sent to the Chroma server with Chroma's own token authentication (`X-Chroma-Token` header; "
                          "read from the environment; never logged)."})
    collection: str = field(default="newsbot", metadata={"help": "Chroma collection name."})
    embed_model: str = field(default="all-MiniLM-L6-v2",
        metadata={"help": "Embedding model: the packaged all-MiniLM-L6-v2, or a local sentence-transformers folder."})
    embed_precision: str = field(default="auto",
        metadata={"help": "Vectors of the index: int8 (an int8 ONNX copy of the model: a quarter of the CPU per chunk, "
                          "retrieval within 0.01) or float32; auto = int8 for a new index, else what the index was built "
                          "with. A value the index wasn't built with is refused until `python -m index rebuild` re-embeds it."})
    model_cache: str = field(default="",
        metadata={"help": "Folder for the ONNX export of the embedding model and its int8 copy (about 150 MB, made once "
                          "and shared by every data folder); empty = `$XDG_CACHE_HOME/newsbot/models` (else "
                          "`~/.cache/newsbot/models`). A data folder that already holds them in `models/` keeps using those."})
    chunk_tokens: int = field(default=256,
        metadata={"help": "Chunk size limit in model word pieces, header and special tokens included (at most the model window)."})
    chunk_overlap: int = field(default=1, metadata={"help": "Sentences repeated at the start of the next chunk."})
    max_article_mb: float = field(default=5.0, metadata={"help": "Inputs larger than this (MB) are refused as not being one article."})
    fetch_timeout: float = field(default=15.0,
        metadata={"help": "Seconds allowed to fetch one URL, redirects included (a total deadline, not per read)."})
    fetch_allow_private: bool = field(default=False,
        metadata={"help": "Also fetch URLs whose host resolves to a private, loopback or link-local address (an intranet, "
                          "tests); off by default, in the CLI too."})
    lock_timeout: float = field(default=30.0,
        metadata={"help": "Seconds a writer waits for another writer's lock (`NEWSBOT_HOME/.write.lock`) before giving up "
                          "with a message naming the holder."})
    read_only: bool = field(default=False,
        metadata={"help": "The UI hides and refuses every change to the library (upload, add URL, remove), and the HTTP "
                          "API refuses its write endpoints (403)."})
    admin_password: str = field(default="", repr=False,
        metadata={"help": "When set, the UI asks for it once per browser session before upload, add URL or remove, and the "
                          "HTTP API's write endpoints require it in the `X-Admin-Password` header (compared in constant "
                          "time; never logged or shown)."})
    refresh_in_ui: bool = field(default=True,
        metadata={"help": "The UI server refreshes due feed subscriptions in the background while it is up; 0 = leave it "
                          "to `python -m index watch` (or cron with `index refresh`)."})
    feed_host_delay: float = field(default=1.0,
        metadata={"help": "Seconds between two requests to one host when refreshing feeds (a robots.txt Crawl-delay, "
                          "when longer, wins)."})
    feed_host_connections: int = field(default=2,
        metadata={"help": "Requests one host gets at once when refreshing feeds."})
    feed_workers: int = field(default=8,
        metadata={"help": "Feeds refreshed at once (each fetches its new pages itself, at most "
                          "NEWSBOT_FEED_HOST_CONNECTIONS at a time)."})
    keep_days: int = field(default=0,
        metadata={"help": "Feed articles published more than this many days ago are removed at each refresh; 0 = keep "
                          "everything (articles added by hand are never removed)."})
    top_k: int = field(default=8, metadata={"help": "Chunks retrieved per question."})
    quantized_sentences: bool = field(default=True,
        metadata={"help": "Score answer sentences with an int8 copy of the model (about a quarter less time for that step; "
                          "answers measured equal); 0 = the exact model."})
    reference_date: date | None = field(default=None,
        metadata={"help": "'Today' for relative dates in questions (YYYY-MM-DD or 'newest' = newest article); empty = today."})
    reference_newest: bool = field(default=False, metadata={"help": "Internal: set when reference_date is 'newest'."})
    llm: str = field(default="none", metadata={"help": "Answer backend: none (offline), openai, ollama or llamacpp."})
    llm_model: str = field(default="", metadata={"help": "Model name (openai/ollama) or GGUF file path (llamacpp)."})
    llm_url: str = field(default="", metadata={"help": "Base URL of the OpenAI-compatible or Ollama server."})
    llm_api_key: str = field(default="", repr=False,
        metadata={"help": "API key for the openai backend (read from the environment only; never logged)."})
    llm_timeout: float = field(default=60.0,
        metadata={"help": "Seconds allowed for one LLM call before falling back to the offline answer."})
    llm_max_tokens: int = field(default=400, metadata={"help": "Most tokens an LLM may write for one answer."})
    llm_check: str = field(default="flag",
        metadata={"help": "An LLM answer sentence its sources don't support is flagged (kept, marked unverified) "
                          "or dropped: flag or drop."})
    api_key: str = field(default="", repr=False,
        metadata={"help": "Key the HTTP API (`python -m bot serve`) requires as `Authorization: Bearer KEY` on every "
                          "endpoint but /health; several keys separated by commas, each with its own rate limit; empty = "
                          "no key (read from the environment; never logged)."})
    api_rate_limit: int = field(default=120,
        metadata={"help": "Requests per minute the HTTP API accepts from one key (or, with no key set, one client "
                          "address) before answering 429; counted per server process; 0 = no limit."})
    api_cors_origins: str = field(default="",
        metadata={"help": "Web origins allowed to call the HTTP API from a browser (comma-separated, e.g. "
                          "https://chat.example.org, or *); empty = CORS off."})
    api_max_body_mb: float = field(default=10.0,
        metadata={"help": "Largest request body the HTTP API reads for POST /articles (MB); every other request is "
                          "capped at 1 MB. Larger ones get 413."})

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Build settings from explicit `overrides`, then `env` (default `os.environ`), then defaults.

        Raises ConfigError for an unknown NEWSBOT_* variable, an unknown override, or a value
        that does not parse.
        """
        env = os.environ if env is None else env
        known = {f.name: f for f in dataclasses.fields(cls)}
        for key in env:
            if key.startswith(PREFIX) and key[len(PREFIX):].lower() not in known:
                raise ConfigError(
                    f"unknown setting {key}; valid ones: "
                    + ", ".join(PREFIX + n.upper() for n in known if n != "reference_newest")
                )
        for key in overrides:
            if key not in known:
                raise ConfigError(f"unknown setting {key!r}; valid ones: {', '.join(known)}")
        values: dict[str, Any] = {}
        for name, f in known.items():
            if name in overrides and overrides[name] is not None:
                raw = overrides[name]
            elif PREFIX + name.upper() in env:
                raw = env[PREFIX + name.upper()]
            else:
                continue
            values.update(_parse(name, f.type, raw))
        settings = cls(**values)
        settings.validate()
        return settings

    def __repr__(self) -> str:
        """Every field but the secrets (`repr=False`), with credentials in URLs redacted: safe to log."""
        from newsbot.redact import redact_url

        parts = []
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if f.repr:
                parts.append(f"{f.name}={(redact_url(value) if f.name.endswith('_url') and value else value)!r}")
        return f"Settings({', '.join(parts)})"

    def validate(self) -> None:
        """Raise ConfigError when values are out of range."""
        if not 32 <= self.chunk_tokens <= 512:
            raise ConfigError(f"NEWSBOT_CHUNK_TOKENS must be between 32 and 512, not {self.chunk_tokens}")
        if not 0 <= self.chunk_overlap <= 5:
            raise ConfigError(f"NEWSBOT_CHUNK_OVERLAP must be between 0 and 5 sentences, not {self.chunk_overlap}")
        if self.top_k < 1:
            raise ConfigError(f"NEWSBOT_TOP_K must be at least 1, not {self.top_k}")
        if self.embed_precision not in ("auto", "int8", "float32"):
            raise ConfigError(f"NEWSBOT_EMBED_PRECISION must be auto, int8 or float32, not {self.embed_precision!r}")
        if self.llm not in ("none", "openai", "ollama", "llamacpp"):
            raise ConfigError(f"NEWSBOT_LLM must be one of none, openai, ollama, llamacpp, not {self.llm!r}")
        if self.llm in ("openai", "ollama") and not self.llm_model:
            raise ConfigError(f"NEWSBOT_LLM={self.llm} needs NEWSBOT_LLM_MODEL (the model's name on the server)")
        if self.llm_check not in ("flag", "drop"):
            raise ConfigError(f"NEWSBOT_LLM_CHECK must be flag or drop, not {self.llm_check!r}")
        if not 16 <= self.llm_max_tokens <= 8192:
            raise ConfigError(f"NEWSBOT_LLM_MAX_TOKENS must be between 16 and 8192, not {self.llm_max_tokens}")
        if self.api_rate_limit < 0:
            raise ConfigError(f"NEWSBOT_API_RATE_LIMIT must be 0 (no limit) or more requests per minute, not {self.api_rate_limit}")
        if self.feed_host_delay < 0 or self.keep_days < 0:
            raise ConfigError("NEWSBOT_FEED_HOST_DELAY and NEWSBOT_KEEP_DAYS can't be negative")
        if self.feed_host_connections < 1 or self.feed_workers < 1:
            raise ConfigError("NEWSBOT_FEED_HOST_CONNECTIONS and NEWSBOT_FEED_WORKERS must be at least 1")
        for name in ("max_article_mb", "fetch_timeout", "llm_timeout", "lock_timeout", "api_max_body_mb"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"NEWSBOT_{name.upper()} must be positive")

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (validated)."""
        new = dataclasses.replace(self, **changes)
        new.validate()
        return new


def _parse(name: str, type_name: Any, raw: Any) -> dict[str, Any]:
    """Parse one raw value (string from the environment, or any typed override)."""
    setting = PREFIX + name.upper()
    type_name = str(type_name)
    try:
        if name == "reference_date":
            if isinstance(raw, date) or raw in ("", None):
                return {name: raw or None}
            if str(raw).strip().lower() == "newest":
                return {name: None, "reference_newest": True}
            return {name: date.fromisoformat(str(raw).strip())}
        if type_name == "Path":
            return {name: Path(raw).expanduser()}
        if type_name == "int":
            return {name: int(raw)}
        if type_name == "float":
            return {name: float(raw)}
        if type_name == "bool":
            if isinstance(raw, bool):
                return {name: raw}
            return {name: str(raw).strip().lower() in ("1", "true", "yes", "on")}
        return {name: str(raw).strip()}
    except (TypeError, ValueError):
        raise ConfigError(f"{setting}={raw!r} is not a valid {type_name.replace(' | None', '')}") from None


FIELDS = [f for f in dataclasses.fields(Settings) if f.name != "reference_newest"]


def settings_table() -> str:
    """The README's settings table, in Markdown."""
    rows = ["| Variable | Default | What it does |", "| --- | --- | --- |"]
    for f in FIELDS:
        default = f.default if f.default is not None else ""
        rows.append(f"| `{PREFIX}{f.name.upper()}` | `{default}` | {f.metadata['help']} |")
    return "\n".join(rows)
