"""Safe markup for what the chat shows from articles and answers: pure functions, no Streamlit.

Article text is data. Every piece of it (titles, outlets, quotes, paragraphs, answer text, which
quotes articles) goes through `esc`: the HTML specials (`< > & " '`) and the characters Markdown
and Streamlit's Markdown extensions give meaning to (`[ ] ( ) ! * _ ` ~ # | $ : \\`) all become
numeric character references, so a `<script>`, an `<img src=...>` or a `![x](http://...)` inside
an article can create neither a tag nor a link nor an image, whatever renders it. The only tags in the output are this module's fixed
templates; the one attribute built from data is a source's link, which must be http(s) and is
escaped. The results are meant for `st.html` (no Markdown, DOMPurify-sanitised, no scripts).
`md_escape` is for the few places where Streamlit insists on Markdown (alerts, captions).

Deliberately not here: Streamlit calls (`chat.py`, `library.py`) and anything about choosing
what to retrieve or cite (`bot/`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.markers import headline, pieces, verdict_lead
from newsbot.types import Answer, Citation

__all__ = [
    "CONTEXT_CHARS",
    "STYLE",
    "SourceView",
    "answer_html",
    "esc",
    "md_escape",
    "notice_html",
    "searched_html",
    "sentences",
    "source_view",
    "sources_html",
]

CONTEXT_CHARS = 320  # at most this much paragraph is shown on each side of a quote
_UNSUPPORTED = "no cited source supports this sentence"
_ENTITIES = str.maketrans({c: f"&#{ord(c)};" for c in "<>&\"'[]()!*_`~#|$:\\{}+="})
_MARKER = re.compile(r"\[(\d+)\]")

STYLE = """<style>
.nb-answer { white-space: pre-wrap; line-height: 1.6; }
.nb-answer.nb-abstained { color: #6b6f76; }
.nb-verdict { display: block; font-weight: 700; margin-bottom: 0.2rem; overflow-wrap: anywhere; }
.nb-cite { font-size: 0.75em; font-weight: 600; color: #1f6feb; margin-left: 1px; }
.nb-unverified { color: #6b6f76; text-decoration: line-through; }
.nb-flag { color: #c2410c; font-size: 0.8em; }
.nb-pending { color: #6b6f76; font-style: italic; }
.nb-unverified-box { margin-top: 0.4rem; font-size: 0.9em; }
.nb-unverified-box summary { color: #c2410c; cursor: pointer; }
.nb-searched { color: #6b6f76; font-size: 0.82em; margin-top: 0.2rem; }
.nb-notice { color: #8a5a00; font-size: 0.85em; background: #fff7e0; padding: 0.3rem 0.6rem; border-radius: 0.4rem; }
.nb-source { margin: 0 0 0.9rem 0; }
.nb-source-title { font-weight: 600; }
.nb-source-meta { color: #6b6f76; font-size: 0.85em; }
.nb-context { white-space: pre-wrap; border-left: 3px solid #d0d7de; padding-left: 0.7rem; margin-top: 0.3rem; }
.nb-context mark { background: #fff3b0; padding: 0 1px; }
.nb-thinking { color: #6b6f76; font-style: italic; }
</style>"""


def esc(text: str) -> str:
    """`text` as inert HTML: tags, entities and Markdown syntax all shown as the characters they are."""
    return text.translate(_ENTITIES)


def md_escape(text: str) -> str:
    """`text` for Streamlit's Markdown (alerts, captions): every ASCII punctuation mark backslash-escaped,
    so nothing in it becomes a link, an image, a tag, emphasis, math or a directive."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text).replace("\n", " ")


def _with_markers(text: str) -> str:
    """Escaped text with its `[n]` citation markers set as superscripts."""
    out, at = [], 0
    for match in _MARKER.finditer(text):
        out.append(esc(text[at:match.start()]))
        out.append(f'<sup class="nb-cite">&#91;{int(match.group(1))}&#93;</sup>')
        at = match.end()
    out.append(esc(text[at:]))
    return "".join(out)


def sentences(text: str) -> list[str]:
    """The answer's sentences, each with the markers that follow it (joined back, they give `text`): the one
    sentence split of answers (`bot.markers`), so they line up with `Answer.verified`."""
    return pieces(text)


_KINDS = {"yesno": "a yes/no question", "choice": "a choice between two", "when": "a date", "count": "a count",
          "list": "a list", "entity": "a name or an amount", "quote": "what someone said"}
_LEAD_STOP = re.compile(r"(?<![A-Z.])\.(?=(?:\s*\[\d+\])*\s*$)")  # the lead sentence's final full stop ("Derna." -> "Derna")


def answer_html(text: str, verified: Sequence[bool] = (), abstained: bool = False, streaming: bool = False,
                pending: bool = False, verdict: str = "", kind: str = "") -> str:
    """An answer's text with [n] markers. Sentences `verified` marks False are never shown as answer text:
    they go, struck through with the reason, into a collapsed box under it.

    `verified` holds one flag per sentence; when it doesn't line up with the text's sentences the
    whole answer goes into the box. `pending` (a model's answer still streaming, not yet checked)
    shows the text greyed as being checked. A `verdict` (the short answer; `kind` says what kind)
    becomes the bold first line: the text's own opening when it gives the verdict ("Cisza [1]."),
    else the verdict alone above the text; never when the sentence giving it is unverified.
    """
    parts = sentences(text)
    checked = bool(verified) and not all(verified)  # some sentence is unsupported
    flags = list(verified) if checked and len(verified) == len(parts) else None
    head = ""
    if verdict.strip() and not abstained and not streaming and (flags is not None or not checked):
        head, parts, flags = _verdict_line(text, parts, flags, verdict, kind)
    text = "".join(parts)
    kind_class = "nb-answer nb-abstained" if abstained else "nb-answer"
    cursor = '<span class="nb-thinking"> ▍</span>' if streaming else ""
    if not checked:
        body = head + _with_markers(text).rstrip()
        if pending:
            return (f'<div class="{kind_class}"><span class="nb-pending">{body}</span>{cursor}</div>'
                    '<div class="nb-searched">Checking each sentence against its sources…</div>')
        return f'<div class="{kind_class}">{body}{cursor}</div>'
    if flags is not None:
        kept = "".join(_with_markers(s) for s, ok in zip(parts, flags, strict=True) if ok).rstrip()
        unsupported = [s for s, ok in zip(parts, flags, strict=True) if not ok]
    else:
        kept, unsupported = "", [text]
    body = head + kept if head or kept else \
        '<span class="nb-abstained">No sentence of this answer is supported by the indexed articles.</span>'
    n = len(unsupported)
    items = "".join(f'<li><s class="nb-unverified">{esc(s.strip())}</s> <span class="nb-flag">— {_UNSUPPORTED}</span></li>'
                    for s in unsupported)
    label = (f"⚠ {n} unverified sentence{'s' if n != 1 else ''} left out of the answer" if flags is not None
             else "⚠ This answer could not be checked sentence by sentence")
    return (f'<div class="{kind_class}">{body}{cursor}</div>'
            f'<details class="nb-unverified-box"><summary>{esc(label)}</summary><ul>{items}</ul></details>')


def _verdict_line(text: str, parts: list[str], flags: list[bool] | None, verdict: str,
                  kind: str) -> tuple[str, list[str], list[bool] | None]:
    """The bold verdict line, and the sentences (with their flags) left to show after it."""
    lead = verdict_lead(text, verdict, kind)
    rest: list[str] = []
    rest_flags: list[bool] = []
    used, supported = 0, True
    for i, part in enumerate(parts):
        ok = flags[i] if flags is not None else True
        if used < max(lead, 1):  # the sentence that gives the verdict (the first one when the text doesn't open with it)
            supported = supported and ok
            taken = min(len(part), lead - used)
            used += len(part)
            part = part[max(taken, 0):]
            if not part.strip():
                continue
        if lead and not rest:  # what follows the verdict, without the space, dash or colon that ended it
            part = re.sub(r"^\s*(?:[—–:]\s*)?", "", part)
        rest.append(part)
        rest_flags.append(ok)
    if not supported:
        return "", parts, flags
    shown = _with_markers(_LEAD_STOP.sub("", text[:lead].strip())) if lead else esc(headline(verdict, kind))
    about = f' title="Short answer to {_KINDS[kind]}"' if kind in _KINDS else ""
    return f'<span class="nb-verdict"{about}>{shown}</span>', rest, (rest_flags if flags is not None else None)


@dataclass(frozen=True)
class SourceView:
    """One cited source as shown: who published it and the quote inside its paragraph."""

    n: int
    title: str
    outlet: str
    date: str
    url: str
    before: str
    quote: str
    after: str


def source_view(citation: Citation, article_text: str) -> SourceView:
    """Place `citation.quote` in its paragraph of `article_text` (by its offsets, else by search)."""
    text, start, end = article_text, citation.start, citation.end
    if not (0 <= start < end <= len(text) and text[start:end] == citation.quote):
        start = text.find(citation.quote) if citation.quote else -1
        end = start + len(citation.quote)
    before = after = ""
    if start >= 0:
        para_start = text.rfind("\n", 0, start) + 1
        para_end = text.find("\n", end)
        before = _trim_left(text[para_start:start])
        after = _trim_right(text[end:para_end if para_end >= 0 else len(text)])
    url = citation.url if re.match(r"^https?://", citation.url, re.IGNORECASE) else ""
    return SourceView(n=citation.n, title=citation.title, outlet=citation.source, date=citation.published_at[:10],
                      url=url, before=before, quote=citation.quote, after=after)


def _trim_left(text: str) -> str:
    if len(text) <= CONTEXT_CHARS:
        return text
    cut = text[-CONTEXT_CHARS:]
    return "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut


def _trim_right(text: str) -> str:
    if len(text) <= CONTEXT_CHARS:
        return text
    cut = text[:CONTEXT_CHARS]
    return (cut[:cut.rfind(" ")] if " " in cut else cut) + "…"


def sources_html(views: Sequence[SourceView]) -> str:
    """The sources panel: per citation, its title, outlet, date, link and highlighted quote."""
    blocks = []
    for v in views:
        meta = [esc(v.outlet) if v.outlet else "unknown outlet", esc(v.date) if v.date else "undated"]
        meta.append(f'<a href="{html.escape(v.url, quote=True)}" target="_blank" rel="noopener noreferrer nofollow">'
                    f'{esc(v.url)}</a>' if v.url else "no link")
        blocks.append(
            f'<div class="nb-source"><div class="nb-source-title"><span class="nb-cite">&#91;{v.n}&#93;</span> {esc(v.title)}</div>'
            f'<div class="nb-source-meta">{" · ".join(meta)}</div>'
            f'<div class="nb-context">{esc(v.before)}<mark>{esc(v.quote)}</mark>{esc(v.after)}</div></div>')
    return "".join(blocks)


def searched_html(answer: Answer) -> str:
    """A discreet line saying what was searched, when it differs from what was asked ('' otherwise)."""
    parts = []
    if answer.query and answer.query.strip() != answer.question.strip():
        parts.append(f"Searched: “{esc(answer.query)}”")
    if answer.searched:
        parts.append(("filters: " if parts else "Searched with ") + esc(answer.searched))
    if answer.backend and answer.backend != "offline":
        parts.append(f"answered by {esc(answer.backend)}")
    return f'<div class="nb-searched">{" · ".join(parts)}</div>' if parts else ""


def notice_html(notice: str) -> str:
    return f'<div class="nb-notice">{esc(notice)}</div>' if notice else ""
