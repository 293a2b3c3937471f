"""Load articles from files, folders, URLs and uploaded bytes.

`load(sources, settings)` yields one `Article` per article found, or an `IngestError` per input
(or per bad record inside an input) that could not be read, so one bad file never stops the
others. Each article is cleaned here (`clean.py`) and given its stable id, title, headings,
normalised date and content hash.

Ids: from the canonical URL when there is one, else from the local path, so an edited file
replaces its earlier version; multi-article files (JSON lists, feeds) add the record's title to
the path key. An upload has no path that means anything (anyone can name a file `story.txt`), so
its id comes from its content: another file with the same name is another article, never a
replacement. URLs are fetched by `fetch.py` (`load_url`), which callers may run before taking the
write lock.

Deliberately not here: chunking, embedding, storing, and deciding whether an article is new,
changed or a duplicate (`ingest.py` and `store.py` do that).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from index.clean import clean_text, decode
from index.fetch import FORMATS_BY_TYPE, fetch
from index.parse import FORMATS, HEADING_MARK, Raw, format_for, parse
from newsbot.dates import to_iso
from newsbot.errors import IngestError
from newsbot.redact import redact_url
from newsbot.settings import Settings
from newsbot.types import Article

__all__ = ["load", "load_bytes", "load_url", "is_url", "article_id_for_url", "safe_name"]

_TERMINAL = tuple('.!?:;,"”’)…')
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[A-Z“\"‘'(])")
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_|ref$|cmpid$)")
_CONTAINERS = ("json", "jsonl", "feed")  # formats holding many articles: the size limit applies per article
_CONTAINER_FACTOR = 50


def is_url(source: str) -> bool:
    """True for an http:// or https:// address."""
    return bool(re.match(r"^https?://", source.strip(), re.IGNORECASE))


def load(sources: Iterable[str], settings: Settings) -> Iterator[Article | IngestError]:
    """Yield articles (or errors) for each file, folder (recursively) or http(s) URL in `sources`."""
    max_bytes = int(settings.max_article_mb * 1_000_000)
    for source in sources:
        if is_url(source):
            yield from load_url(source, settings)
            continue
        if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
            yield IngestError(redact_url(source), "only http:// and https:// URLs can be fetched")
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and format_for(p.name) and not _hidden(p, path))
            if not files:
                yield IngestError(source, f"the folder holds no article files ({', '.join(sorted(FORMATS))})")
            for file in files:
                yield from _load_file(file, max_bytes)
        elif path.is_file():
            yield from _load_file(path, max_bytes)
        else:
            yield IngestError(source, "no such file or folder; check the path")


def load_url(url: str, settings: Settings) -> list[Article | IngestError]:
    """The articles of one http(s) URL (never a path: anything else is an error), fetched now."""
    url = url.strip()
    if not is_url(url):
        return [IngestError(redact_url(url)[:200], "only http:// and https:// addresses can be added here, never a file or folder")]
    max_bytes = int(settings.max_article_mb * 1_000_000)
    shown = redact_url(url)
    try:
        got = fetch(url, settings)
        text = decode(got.body, shown)
    except IngestError as exc:
        return [exc]
    fmt = (FORMATS_BY_TYPE.get(got.content_type) or format_for(urlsplit(got.url).path)
           or ("html" if "<html" in text[:2000].lower() else "text"))
    return list(_articles(parse(fmt, text, shown, got.url), key=got.url, path="", name=shown, max_bytes=max_bytes))


def load_bytes(name: str, data: bytes, settings: Settings) -> list[Article | IngestError]:
    """Articles from uploaded bytes. `name` is only used for the format, messages and the id, never as a path."""
    clean_name = safe_name(name)
    max_bytes = int(settings.max_article_mb * 1_000_000)
    fmt = format_for(clean_name)
    if fmt is None:
        return [IngestError(clean_name, f"unsupported file type; upload one of {', '.join(sorted(FORMATS))}")]
    if len(data) > max_bytes * (_CONTAINER_FACTOR if fmt in _CONTAINERS else 1):
        return [_too_big(clean_name, len(data), max_bytes)]
    try:
        text = decode(data, clean_name)
    except IngestError as exc:
        return [exc]
    return list(_articles(parse(fmt, text, clean_name), key="", path=f"upload:{clean_name}", name=clean_name,
                          max_bytes=max_bytes))


def safe_name(name: str) -> str:
    """The last path component of `name`, stripped of anything but safe characters."""
    base = re.split(r"[\\/]", name.strip())[-1]
    base = re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(" .") or "upload"
    return base[:120]


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _too_big(name: str, size: int, max_bytes: int) -> IngestError:
    return IngestError(name, f"the file is {size / 1_000_000:.1f} MB, larger than the {max_bytes / 1_000_000:g} MB "
                             "limit for one article; split it or raise NEWSBOT_MAX_ARTICLE_MB")


def _load_file(path: Path, max_bytes: int) -> Iterator[Article | IngestError]:
    name = str(path)
    fmt = format_for(path.name)
    if fmt is None:
        yield IngestError(name, f"unsupported file type {path.suffix or '(none)'}; use one of {', '.join(sorted(FORMATS))}")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes * (_CONTAINER_FACTOR if fmt in _CONTAINERS else 1):
            yield _too_big(name, size, max_bytes)
            return
        text = decode(path.read_bytes(), name)
    except IngestError as exc:
        yield exc
        return
    except OSError as exc:
        yield IngestError(name, f"cannot read the file ({exc.strerror})")
        return
    key = str(path.resolve())
    yield from _articles(parse(fmt, text, name), key=key, path=key, name=name, max_bytes=max_bytes)


def _articles(records: list[Raw | IngestError], key: str, path: str, name: str, max_bytes: int) -> Iterator[Article | IngestError]:
    many = len(records) > 1
    for index, record in enumerate(records):
        if isinstance(record, IngestError):
            yield record
            continue
        record_key = (f"{key}#{record.get('title') or index}" if many else key) if key else ""
        where = f"{name} ({record.get('title') or f'item {index + 1}'})" if many else name
        if len(record.get("body", "").encode("utf-8")) > max_bytes:
            yield _too_big(where, len(record["body"].encode("utf-8")), max_bytes)
            continue
        try:
            yield build_article(record, record_key, path, where)
        except IngestError as exc:
            yield exc


def build_article(record: Raw, key: str, path: str, name: str) -> Article:
    """Clean one raw record and give it an id, title, headings, ISO date and content hash.

    The id comes from the record's canonical URL, else from `key` (a path), else (an empty `key`:
    uploads) from the cleaned text itself."""
    body = clean_text(record.get("body", ""))
    if not body.strip(HEADING_MARK + " \n"):
        raise IngestError(name, "no text: the file or record is empty or whitespace only")
    lines = [line for line in body.split("\n")]
    title = clean_text(record.get("title", "")).replace("\n", " ")
    if not title and record.get("format") == "text" and _is_headline(lines):
        title = lines.pop(0).strip()
    headings: list[str] = []
    out: list[str] = []
    for i, line in enumerate(lines):
        if line.startswith(HEADING_MARK) or _is_heading(lines, i):
            line = line.lstrip(HEADING_MARK).strip()
            if not line:
                continue
            headings.append(line)
        out.append(line)
    text = "\n".join(out).strip("\n")
    if not text.strip():
        raise IngestError(name, "no article text after cleaning")
    if not title:
        title = _title_from_lead(text, headings)
    url = canonical_url(record.get("url", ""))
    content_hash = _digest(text, 32)
    article_id = article_id_for_url(url) if url else "f-" + _digest(key or "content:" + content_hash)
    return Article(
        id=article_id, title=title, text=text, source=_field(record.get("source", "")) or _outlet_from_url(url),
        url=url, path=path, published_at=to_iso(record.get("published_at", "")), author=_field(record.get("author", "")),
        category=_field(record.get("category", "")), headings=tuple(headings), content_hash=content_hash,
    )


def _field(value: str) -> str:
    """A one-line metadata field, cleaned like the text (no control characters, one line, a sane length)."""
    return clean_text(value).replace("\n", " ")[:300] if value else ""


def _is_headline(lines: list[str]) -> bool:
    """The first line is a headline when it is short, unpunctuated and followed by more text."""
    first = lines[0].strip() if lines else ""
    rest = [line for line in lines[1:] if line.strip()]
    return bool(first and rest and len(first.split()) <= 20 and not first.endswith(_TERMINAL[:3]))


def _is_heading(lines: list[str], i: int) -> bool:
    """A section heading: a short, unpunctuated, capitalised line between paragraphs."""
    line = lines[i].strip()
    words = line.split()
    if not (2 <= len(words) <= 12) or line.endswith(_TERMINAL) or not line[0].isupper():
        return False
    following = next((n.strip() for n in lines[i + 1:] if n.strip()), "")
    capitalised = sum(1 for w in words if w[0].isupper() or not w[0].isalpha())
    return len(following.split()) > len(words) and following.endswith(_TERMINAL) and capitalised / len(words) >= 0.6


def _title_from_lead(text: str, headings: list[str]) -> str:
    lead = next((line for line in text.split("\n") if line.strip() and line not in headings), text)
    sentence = _SENTENCE_END.split(lead.strip(), maxsplit=1)[0].rstrip(". ")
    words = sentence.split()
    return " ".join(words[:16]) + ("…" if len(words) > 16 else "")


def canonical_url(url: str) -> str:
    """The URL with a lower-case host, no user name or password, no fragment, no tracking parameters and no
    trailing slash ('' for anything but a valid http(s) URL)."""
    url = url.strip()
    if not re.match(r"^https?://", url, re.IGNORECASE):
        return ""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
        _ = parts.port
    except ValueError:
        return ""
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), netloc.lower(), path, query, ""))


def article_id_for_url(url: str) -> str:
    """The stable article id for a canonical URL."""
    return "u-" + _digest(canonical_url(url) or url)


def _outlet_from_url(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _digest(text: str, length: int = 16) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
