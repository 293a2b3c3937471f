"""Credentials out of everything shown or logged: `redact_url` is the one place URLs are cleaned.

A URL can carry secrets in two places: its user-info (`https://user:pass@host/`) and its query
(`?api_key=...`, `?token=...`). `redact_url` replaces both with `***` and keeps the rest, so a
message still says which server was meant. `redact_args` applies it to a command line.

Deliberately not here: deciding what to log (each module does); secrets that are not in URLs
(`Settings` keeps those out of its `repr`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["redact_args", "redact_url"]

_SECRET_PARAM = re.compile(r"(key|token|secret|passw|pwd|auth|sig|credential|session)", re.IGNORECASE)
_USERINFO = re.compile(r"(?<=://)[^/?#@]*@")


def redact_url(url: str) -> str:
    """`url` with any user name, password and secret-looking query values replaced by `***`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # unparseable: still never show what precedes an '@' in the authority
        return _USERINFO.sub("***@", url)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = "***@" + (f"[{host}]" if ":" in host else host) + (f":{port}" if port else "")
    query = parts.query
    if query and _SECRET_PARAM.search(query):
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, "***" if _SECRET_PARAM.search(k) else v) for k, v in pairs], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def redact_args(args: Sequence[str]) -> str:
    """A command line as one string, each URL in it redacted."""
    return " ".join(redact_url(a) if "://" in a else a for a in args)
