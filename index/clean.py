"""Clean article text: decode bytes, repair mojibake, normalise Unicode and whitespace, drop boilerplate.

`decode(data, name)` turns raw bytes into text (UTF-8, UTF-16 with BOM; else, for text that is
mostly non-ASCII, the legacy encoding charset-normalizer detects (cp1251, KOI8-R, Shift-JIS,
GBK, ...); else cp1252/latin-1) and refuses binary data. Latin-script legacy encodings other than
cp1252 (e.g. cp1250) cannot be told apart reliably and are read as cp1252.
`clean_text(text)` repairs and normalises; it keeps quotes curly and
sentences intact, so a sentence quoted from the original still matches the cleaned text (apart
from whitespace and repaired characters).

Deliberately not here: HTML extraction (trafilatura, in `parse.py`) and sentence splitting
(`chunk.py`).
"""

from __future__ import annotations

import re
import unicodedata

import ftfy

from newsbot.errors import IngestError

__all__ = ["decode", "clean_text", "repair_thai_quotes"]

_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=False, normalization="NFC")

# UTF-8 punctuation (E2 80 xx) read as cp874/TIS-620: the lead byte E2 becomes "โ" (U+0E42) and
# the continuation bytes are dropped or become "€" plus a cp1252 leftover. ftfy does not know this
# route. Inside a Latin word the lost character is almost always a right single quote.
_THAI_SEQ = {"โ€™": "\u2019", "โ€˜": "\u2018", "โ€œ": "\u201c", "โ€\x9d": "\u201d", "โ€”": "\u2014", "โ€“": "\u2013", "โ€¦": "\u2026"}
_LATIN = r"A-Za-z\u00c0-\u024f"
_THAI_IN_WORD = re.compile(rf"(?<=[{_LATIN}0-9])\u0e42(?=[{_LATIN}])")
_THAI_OPEN = re.compile(rf"(?<![{_LATIN}0-9])\u0e42(?=[{_LATIN}0-9])")
_THAI_CLOSE = re.compile(rf"(?<=[{_LATIN}0-9.,!?])\u0e42(?![{_LATIN}0-9])")
_THAI_DASH = re.compile(r"(?<= )\u0e42(?= )")
_THAI_BLOCK = re.compile(r"[\u0e01-\u0e3a\u0e40\u0e41\u0e43-\u0e4e]")  # Thai letters other than the stray U+0E42

_BOILERPLATE = re.compile(
    r"^(advertisement|advertisements|sponsored( content)?|share (this|on) .{0,40}|subscribe( now| to .{0,60})?|"
    r"sign up( for| to) .{0,80}|click here .{0,80}|read more:?.{0,120}|follow us( on)? .{0,60}|"
    r"(all rights reserved|copyright ©?).{0,80}|©.{0,80}|related( articles| stories)?:?|"
    r"(skip to (main )?content)|(cookie|cookies) (policy|settings)|story continues below( advertisement)?)$",
    re.IGNORECASE,
)
_NON_LATIN_SHARE = 0.3  # Latin-script text has a few accented bytes; Cyrillic, Greek or CJK text is mostly non-ASCII
_DETECT_BYTES = 65536
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_MANY_BLANKS = re.compile(r"\n{3,}")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # C0 controls but tab, newlines and form feed; and DEL


def decode(data: bytes, name: str) -> str:
    """Decode file bytes to text.

    Tries UTF-8 (with or without BOM), UTF-16 with a BOM, a detected legacy encoding when most
    bytes are non-ASCII, then cp1252 with latin-1 for the five bytes cp1252 leaves undefined.
    Raises IngestError for empty, binary or PDF data, or a non-Latin text whose encoding
    cannot be told.
    """
    if not data.strip():
        raise IngestError(name, "the file is empty; nothing to ingest")
    if data.startswith(b"%PDF"):
        raise IngestError(name, "this is a PDF; convert it to text or HTML first")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(name, f"the file starts as UTF-16 but is not valid UTF-16 (at byte {exc.start}: "
                                    f"{exc.reason}); save it as UTF-8 and add it again") from None
    head = data[:8192]
    if head.count(b"\x00") > max(8, len(head) // 100) or _control_share(head) > 0.05:  # a stray NUL is not binary
        raise IngestError(name, "this looks like a binary file, not text; ingest .txt, .md, .html, .json, .jsonl or feed files")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= len(text) // 1000:  # UTF-8 with a stray broken byte or two
        return text
    if sum(1 for b in head if b >= 0x80) > _NON_LATIN_SHARE * len(head):
        return _legacy(data, name)
    return "".join(_cp1252_char(b) for b in data)


def _legacy(data: bytes, name: str) -> str:
    """Mostly non-ASCII bytes that are not UTF-8: a non-Latin script in a legacy encoding."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(data[:_DETECT_BYTES]).best()
    if best is None:
        raise IngestError(name, "cannot tell which text encoding this file uses; save it as UTF-8 and add it again")
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        raise IngestError(name, f"the text looks like {best.encoding} but is not valid {best.encoding} throughout; "
                                "save it as UTF-8 and add it again") from None


def _control_share(head: bytes) -> float:
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / max(1, len(head))


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def repair_thai_quotes(text: str) -> str:
    """Repair UTF-8 punctuation mis-decoded as Thai ("Pakistanโs" -> "Pakistan’s").

    Text that is really Thai (other Thai letters present) is left alone.
    """
    if "\u0e42" not in text or _THAI_BLOCK.search(text):
        return text
    for bad, good in _THAI_SEQ.items():
        text = text.replace(bad, good)
    text = _THAI_IN_WORD.sub("\u2019", text)
    text = _THAI_DASH.sub("\u2014", text)
    text = _THAI_OPEN.sub("\u201c", text)
    return _THAI_CLOSE.sub("\u201d", text)


def clean_text(text: str) -> str:
    """Repair and normalise article text; paragraphs stay one per line.

    Steps: ftfy mojibake repair (quotes kept curly), the Thai-quote repair, NFC, zero-width
    characters and control characters (NUL...) removed, runs of spaces collapsed, lines stripped, boilerplate lines dropped,
    at most one blank line between paragraphs.
    """
    text = ftfy.fix_text(text, _FTFY)
    text = repair_thai_quotes(text)
    text = unicodedata.normalize("NFC", text)
    text = _CONTROLS.sub("", _ZERO_WIDTH.sub("", text)).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = []
    for line in text.split("\n"):
        line = _SPACES.sub(" ", line).strip()
        if line and _BOILERPLATE.match(line):
            continue
        lines.append(line)
    return _MANY_BLANKS.sub("\n\n", "\n".join(lines)).strip()
