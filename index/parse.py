"""Turn one input's text into raw article records, by format.

Each parser takes the decoded text and the input's name and returns a list of `Raw` records
(plain field dicts: title, body, url, source, published_at, author, category) or `IngestError`s
for records that could not be read (a bad JSONL line, a feed entry without text). Formats:
plain text, Markdown, HTML (trafilatura), JSON / JSONL (one object or a list), RSS/Atom
(feedparser).

Deliberately not here: cleaning, ids and hashes (`load.py`), fetching URLs (`fetch.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from newsbot.errors import IngestError

__all__ = ["Raw", "parse", "FORMATS", "MAX_FEED_ENTRIES", "format_for", "HEADING_MARK", "html_fragment_text"]

Raw = dict[str, str]

# Extensions we read; anything else in a folder is skipped, anything else named explicitly fails.
FORMATS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
           ".htm": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xml": "feed",
           ".rss": "feed", ".atom": "feed"}

_BODY_KEYS = ("body", "text", "content", "article", "description", "summary")
_DATE_KEYS = ("published_at", "date", "published", "pubDate", "datetime", "time", "created_at")
_HEADER_LINE = re.compile(
    r"^(title|headline|source|outlet|publisher|url|link|date|published|published_at|author|byline|category|section)\s*:\s*(.+)$",
    re.IGNORECASE)
_HEADER_FIELDS = {"headline": "title", "outlet": "source", "publisher": "source", "link": "url", "date": "published_at",
                  "published": "published_at", "byline": "author", "section": "category"}
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")
_MIN_HTML_WORDS = 20
MAX_FEED_ENTRIES = 5000  # real feeds hold tens to hundreds; past this it is a dump, not a feed (JSON Lines is for those)
_FEED_ENTRY = re.compile(r"<(?:item|entry)[\s>/]", re.IGNORECASE)
_TOO_DEEP = "the JSON is nested too deeply to be an article (over a thousand levels); fix the file"
HEADING_MARK = "\ue000"  # private-use character marking a heading line; survives cleaning


def format_for(name: str) -> str | None:
    """The format of a file name by its extension, or None when we don't read it."""
    lowered = name.lower()
    for ext, fmt in FORMATS.items():
        if lowered.endswith(ext):
            return fmt
    return None


def parse(fmt: str, text: str, name: str, url: str = "") -> list[Raw | IngestError]:
    """Parse `text` in format `fmt`; `name` is used in messages, `url` is the fetched address if any."""
    parser: Callable[[str, str, str], list[Raw | IngestError]] = _PARSERS[fmt]
    return parser(text, name, url)


def _text(text: str, name: str, url: str) -> list[Raw | IngestError]:
    """Plain text: optional `Key: value` header lines, then the body. The title is derived later."""
    fields, body = _header_block(text)
    if url and "url" not in fields:
        fields["url"] = url
    return [{**fields, "body": body, "format": "text"}]


def _markdown(text: str, name: str, url: str) -> list[Raw | IngestError]:
    """Markdown: front matter or header lines, `# Title`, `##` headings; links and emphasis become plain text."""
    fields: Raw = {}
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            fields, _ = _header_block(text[4:end] + "\n\n")
            text = text[end + 4:]
    more, text = _header_block(text)
    fields = {**more, **fields}
    lines = []
    for line in text.splitlines():
        stripped = line.strip()
        heading = re.match(r"^(#{1,6})\s+(.*?)\s*#*$", stripped)
        if heading:
            title = _plain_md(heading.group(2))
            if len(heading.group(1)) == 1 and "title" not in fields:
                fields["title"] = title
                continue
            lines.append(HEADING_MARK + title)
            continue
        lines.append(_plain_md(re.sub(r"^(\s*[-*+]\s+|\s*>\s?)", "", line)))
    if url and "url" not in fields:
        fields["url"] = url
    return [{**fields, "body": "\n".join(lines), "format": "markdown"}]


def _plain_md(line: str) -> str:
    return _MD_EMPHASIS.sub("", _MD_LINK.sub(r"\1", line))


def _html(text: str, name: str, url: str) -> list[Raw | IngestError]:
    """HTML: the main text and metadata through trafilatura (headings kept via its Markdown output)."""
    import trafilatura

    doc = trafilatura.bare_extraction(text, url=url or None, with_metadata=True, include_comments=False)
    body = trafilatura.extract(text, url=url or None, output_format="markdown", include_comments=False,
                               include_links=False, include_images=False, include_tables=True) or ""
    if doc is None or len(body.split()) < _MIN_HTML_WORDS:
        return [IngestError(name, "no article text found in this HTML page (is it a menu, index or login page?)")]
    parsed = _markdown(body, name, url)[0]
    assert not isinstance(parsed, IngestError)  # _markdown never fails
    record: Raw = {**parsed, "format": "html"}
    for key, attr in (("title", "title"), ("author", "author"), ("published_at", "date"), ("source", "sitename"),
                      ("url", "url"), ("category", "categories")):
        value = getattr(doc, attr, None)
        if value:
            record[key] = ", ".join(value) if isinstance(value, list) else str(value)
    hostname = getattr(doc, "hostname", None)
    if not record.get("source") and hostname:
        record["source"] = str(hostname)
    return [record]


def _json(text: str, name: str, url: str) -> list[Raw | IngestError]:
    """JSON: one article object, a list of them, or an object holding a list under articles/items/data."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [IngestError(name, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
    except RecursionError:
        return [IngestError(name, _TOO_DEEP)]
    if isinstance(data, dict):
        for key in ("articles", "items", "data", "results", "entries"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    items = data if isinstance(data, list) else [data]
    return [_record(item, f"{name} item {i + 1}") for i, item in enumerate(items)]


def _jsonl(text: str, name: str, url: str) -> list[Raw | IngestError]:
    """JSON Lines: one article object per line; broken lines are reported by line number."""
    out: list[Raw | IngestError] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            out.append(IngestError(f"{name} line {number}", f"invalid JSON ({exc.msg}); fix or remove the line"))
            continue
        except RecursionError:
            out.append(IngestError(f"{name} line {number}", _TOO_DEEP))
            continue
        out.append(_record(item, f"{name} line {number}"))
    if not out:
        out.append(IngestError(name, "the file holds no JSON lines"))
    return out


def _record(item: Any, where: str) -> Raw | IngestError:
    if not isinstance(item, dict):
        return IngestError(where, "expected an article object with a title and a body/text/content field")
    body = next((item[k] for k in _BODY_KEYS if isinstance(item.get(k), str) and item[k].strip()), "")
    if not body:
        return IngestError(where, "no article text: expected a body, text or content field")
    record: Raw = {"body": body, "format": "json"}
    for key in ("title", "url", "source", "author", "category"):
        value = item.get(key) or item.get({"title": "headline", "url": "link", "source": "outlet",
                                           "author": "byline", "category": "section"}[key])
        if isinstance(value, dict):
            value = value.get("name") or value.get("title") or ""
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if value:
            record[key] = str(value)
    date = next((item[k] for k in _DATE_KEYS if item.get(k)), "")
    if date:
        record["published_at"] = str(date)
    if "<p" in body or "<div" in body or "<br" in body:
        record["body"] = html_fragment_text(body)
    return record


def _feed(text: str, name: str, url: str) -> list[Raw | IngestError]:
    """RSS / Atom: one article per entry, its full content when given, else its summary."""
    import feedparser

    entries = len(_FEED_ENTRY.findall(text))
    if entries > MAX_FEED_ENTRIES:
        return [IngestError(name, f"the feed has {entries} entries, more than the {MAX_FEED_ENTRIES} read from one feed; "
                                  "split it, or import the articles as JSON Lines")]
    feed = feedparser.parse(text)
    if not feed.entries:
        if not feed.version or (feed.bozo and not feed.feed):
            return [IngestError(name, "not a readable RSS/Atom feed (and not another format we read)")]
        return [IngestError(name, "the feed has no entries; nothing to ingest")]
    source = str(feed.feed.get("title", "") or "")
    out: list[Raw | IngestError] = []
    for i, entry in enumerate(feed.entries, start=1):
        html = ""
        if entry.get("content"):
            html = " ".join(str(c.get("value", "")) for c in entry.content)
        html = html or str(entry.get("summary", "") or "")
        body = html_fragment_text(html)
        title = str(entry.get("title", "") or "")
        if not body.strip():
            out.append(IngestError(f"{name} entry {i}", f"entry {title!r} has no text"))
            continue
        own = entry.get("source") or {}  # an aggregated item names its own outlet (RSS <source>, Atom <source><title>)
        outlet = str(own.get("title", "") or "").strip() if isinstance(own, dict) else ""
        out.append({"body": body, "title": title, "url": str(entry.get("link", "") or ""), "source": outlet or source,
                    "published_at": str(entry.get("published", "") or entry.get("updated", "") or ""),
                    "author": str(entry.get("author", "") or ""), "format": "feed"})
    return out


def html_fragment_text(fragment: str) -> str:
    """Text of a small HTML fragment (a feed summary, a JSON body), paragraphs on their own lines."""
    import lxml.html

    if "<" not in fragment:
        return fragment
    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # lxml raises several types on junk markup; plain text is the fallback
        return re.sub(r"<[^>]+>", " ", fragment)
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for block in root.xpath("//p|//br|//div|//li|//h1|//h2|//h3|//h4"):
        block.tail = "\n" + (block.tail or "")
    return str(root.text_content())


def _header_block(text: str) -> tuple[Raw, str]:
    """Split leading `Key: value` lines (Title:, Source:, Date:, URL:, Author:) from the body."""
    fields: Raw = {}
    lines = text.splitlines()
    i = 0
    while i < len(lines) and i < 8:
        match = _HEADER_LINE.match(lines[i].strip())
        if not match:
            break
        key = match.group(1).lower()
        fields[_HEADER_FIELDS.get(key, key)] = match.group(2).strip()
        i += 1
    if fields and (i == len(lines) or lines[i].strip() == ""):
        return fields, "\n".join(lines[i:])
    return {}, text


_PARSERS: dict[str, Callable[[str, str, str], list[Raw | IngestError]]] = {
    "text": _text, "markdown": _markdown, "html": _html, "json": _json, "jsonl": _jsonl, "feed": _feed,
}
