"""Fetch an http(s) URL for ingest, with a timeout and a size limit.

Returns the body as text plus the format it should be parsed as (from the Content-Type, then
the URL's extension). Raises IngestError with the URL and a reason for timeouts, HTTP errors,
PDFs, binaries and oversized responses.

Deliberately not here: parsing (`parse.py`) and any crawling: one URL is one input.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

from index.clean import decode
from index.parse import format_for
from newsbot.errors import IngestError

__all__ = ["fetch"]

_USER_AGENT = "newsbot/1.0 (+https://github.com/newsbot; news Q&A indexer)"
_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "application/json": "json",
          "application/x-ndjson": "jsonl", "application/jsonl": "jsonl", "application/rss+xml": "feed",
          "application/atom+xml": "feed", "application/xml": "feed", "text/xml": "feed",
          "text/plain": "text", "text/markdown": "markdown"}


_ACCEPT = "text/html,application/xhtml+xml,application/json,application/rss+xml,text/plain;q=0.9,*/*;q=0.5"


def fetch(url: str, timeout: float, max_bytes: int) -> tuple[str, str, str]:
    """Download `url`; return (text, format, final_url). Raises IngestError on any failure."""
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            ctype = response.headers.get_content_type()
            if ctype == "application/pdf":
                raise IngestError(url, "the URL returns a PDF; save it as text or HTML first")
            data = response.read(max_bytes + 1)
            final_url = response.geturl()
    except IngestError:
        raise
    except urllib.error.HTTPError as exc:
        raise IngestError(url, f"the server answered HTTP {exc.code} {exc.reason}; check the address") from None
    except TimeoutError:
        raise IngestError(url, f"timed out after {timeout:g} s; try again later or raise NEWSBOT_FETCH_TIMEOUT") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise IngestError(url, f"timed out after {timeout:g} s; try again later or raise NEWSBOT_FETCH_TIMEOUT") from None
        raise IngestError(url, f"could not connect ({reason}); check the address and the network") from None
    except (OSError, ValueError) as exc:
        raise IngestError(url, f"could not fetch ({exc})") from None
    if len(data) > max_bytes:
        raise IngestError(url, f"the response is larger than {max_bytes // 1_000_000} MB; not one article (raise NEWSBOT_MAX_ARTICLE_MB)")
    text = decode(data, url)
    fmt = _TYPES.get(ctype) or format_for(url.split("?")[0]) or ("html" if "<html" in text[:2000].lower() else "text")
    return text, fmt, final_url
