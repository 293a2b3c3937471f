"""Article text is data: markup inside an article reaches the page as text, never as HTML or Markdown.

Unit checks on `ui/render.py` (every tag in its output is one of its own; decoding the output gives
back the article's characters exactly), how a quote is placed in its paragraph, and the same
through the running app: an uploaded article full of `<img>`, `<script>` and Markdown images
is asked about, and no element the app sends carries any of it as live markup. The real-browser
check (nothing is fetched) is in `test_browser.py`.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsbot.types import Answer, Citation
from tests.ui.conftest import ask, evil_article, start, table
from ui import render

TRAP = "http://127.0.0.1:9"
PAYLOADS = [
    f'<img src="{TRAP}/a.png" onerror="alert(1)">',
    f"<script>fetch('{TRAP}/s.js')</script>",
    f"![pic]({TRAP}/md.png) and [a link]({TRAP}/l) and <{TRAP}/autolink>",
    "**bold** _it_ `code` ~~gone~~ # heading | a | b | $x^2$ :red[alert] :material/warning: &amp; &lt;b&gt;",
    '"><svg onload=alert(1)> \\[escaped\\] {{template}}',
]
EVIL = evil_article(TRAP)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text between tags (references decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text += data


def parse(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    parser.close()
    return parser


def allowed_only(markup: str, links: tuple[str, ...] = ()) -> None:
    """Only render.py's own tags and attributes; the only URLs are `links`, as hrefs."""
    for tag, attrs in parse(markup).tags:
        assert tag in {"div", "span", "sup", "mark", "a", "details", "summary", "ul", "li", "s"}, (tag, markup)
        assert set(attrs) <= {"class", "title", "href", "target", "rel"}, (tag, attrs)
        if tag == "a":
            assert attrs["href"] in links and attrs["rel"] == "noopener noreferrer nofollow"
    assert not re.search(r"[<>\[\]()!`*_$]", re.sub(r"<[^<>]*>", "", markup)), "Markdown or HTML syntax left in text"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_is_inert_and_shows_every_character(payload: str) -> None:
    out = render.esc(payload)
    assert html.unescape(out) == payload  # the reader sees exactly the article's characters...
    allowed_only(out)  # ...and none of them is markup
    assert parse(out).tags == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_escaping_leaves_no_syntax(payload: str) -> None:
    out = render.md_escape(payload)
    assert re.sub(r"\\(.)", r"\1", out) == payload.replace("\n", " ")
    assert not re.search(r"(?<!\\)[\[\]()!<>`*_$:#|~]", out)


def citation(quote: str, start: int, url: str = "https://harbour.example/story", n: int = 1) -> Citation:
    return Citation(n=n, title=f"Harbour <img src={TRAP}/t.png> ![t]({TRAP}/t.png)", source="Harbour <b>Wire</b>",
                    url=url, published_at="2024-06-03T00:00:00+00:00", quote=quote, article_id="a", chunk_id="a:0000",
                    start=start, end=start + len(quote))


def test_sources_panel_marks_only_the_quote_and_keeps_the_article_inert() -> None:
    body = EVIL.split("\n\n", 1)[1].rstrip("\n")
    quote = body.split("\n")[1]
    view = render.source_view(citation(quote, body.index(quote)), body)
    markup = render.sources_html([view])
    allowed_only(markup, links=("https://harbour.example/story",))
    shown = parse(markup)
    assert [t for t, _ in shown.tags].count("mark") == 1
    assert html.unescape(re.search(r"<mark>(.*?)</mark>", markup).group(1)) == quote  # type: ignore[union-attr]
    assert view.before == "" and view.after == ""  # the quote is its whole paragraph (one line)
    assert "Harbour <b>Wire</b> · 2024-06-03 · https://harbour.example/story" in shown.text


def test_quote_is_placed_in_its_paragraph_by_offsets_or_by_search() -> None:
    """Paragraphs are lines: the context is the rest of the quote's line, never the next line."""
    text = "First paragraph.\nBefore it. The quoted sentence. After it.\nNext paragraph."
    quote = "The quoted sentence."
    exact = render.source_view(citation(quote, text.index(quote)), text)
    assert (exact.before, exact.quote, exact.after) == ("Before it. ", quote, " After it.")
    assert render.source_view(citation(quote, 3), text) == exact  # stale offsets: found by search
    gone = render.source_view(citation(quote, 3), "The article changed since.")
    assert (gone.before, gone.quote, gone.after) == ("", quote, "")
    long = "word " * 400 + quote + " more" * 400
    trimmed = render.source_view(citation(quote, long.index(quote)), long)
    assert trimmed.before.startswith("…") and trimmed.after.endswith("…")
    assert len(trimmed.before) <= render.CONTEXT_CHARS + 1 and len(trimmed.after) <= render.CONTEXT_CHARS + 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>x</script>", "//evil.example/x", ""])
def test_only_http_links_become_links(url: str) -> None:
    view = render.source_view(citation("Quote.", 0, url=url), "Quote.")
    assert view.url == "" and "<a " not in render.sources_html([view]) and "no link" in render.sources_html([view])


def test_answer_markers_verified_flags_and_searched_line() -> None:
    """An unverified sentence is never answer text: it sits, struck through with the reason, in a collapsed box."""
    text = f"The dredging <img src={TRAP}/x.png> was finished on Monday. [1] Ships return ![p]({TRAP}/p.png) Friday. [2]"
    markup = render.answer_html(text, verified=(True, False))
    allowed_only(markup)
    answer_part, box = markup.split('<details class="nb-unverified-box">')
    assert parse(answer_part).text == f"The dredging <img src={TRAP}/x.png> was finished on Monday. [1]"
    assert answer_part.count('<sup class="nb-cite">') == 1 and "Ships return" not in answer_part
    assert "<details" in markup and "open" not in box  # collapsed until opened
    assert parse(box).text == (f"⚠ 1 unverified sentence left out of the answer"
                               f"Ships return ![p]({TRAP}/p.png) Friday. [2] — no cited source supports this sentence")
    assert '<s class="nb-unverified">' in box
    whole = render.answer_html(text, verified=(False,))  # misaligned flags: the whole answer goes in the box
    assert "could not be checked sentence by sentence" in whole and "No sentence of this answer is supported" in whole
    none = render.answer_html(text, verified=(False, False))
    assert parse(none.split("<details")[0]).text == "No sentence of this answer is supported by the indexed articles."
    assert "nb-unverified" not in render.answer_html(text, verified=(True, True))
    pending = render.answer_html("The dredging was finished", streaming=True, pending=True)
    assert '<span class="nb-pending">The dredging was finished</span>' in pending and "Checking each sentence" in pending
    answer = Answer(text=text, citations=(), abstained=False, query="What did the <b>harbour</b> say?",
                    question="what did it say?", searched="outlets: Harbour <b>Wire</b>", backend="openai")
    line = render.searched_html(answer)
    allowed_only(line)
    assert parse(line).text == ("Searched: “What did the <b>harbour</b> say?” · filters: outlets: Harbour <b>Wire</b> · "
                                "answered by openai")
    assert render.searched_html(Answer(text="x", citations=(), abstained=False, query="Q?", question="Q?")) == ""
    notice = render.notice_html(f"The LLM failed; this is the offline answer ![x]({TRAP}/n.png)")
    allowed_only(notice)
    assert parse(notice).text == f"The LLM failed; this is the offline answer ![x]({TRAP}/n.png)"
    assert render.notice_html("") == ""


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_verdict_line_is_bold_and_inert(payload: str) -> None:
    """The verdict is article text too: as the text's own opening or on its own line above it, it is one bold
    span of the verdict's characters, never markup, and the rest of the answer follows it once."""
    rest = f"The harbour <b>authority</b> confirmed it ![p]({TRAP}/p.png) on Monday. [2]"
    opening = render.answer_html(f"{payload} [1]. {rest}", verdict=payload, kind="entity")
    above = render.answer_html(rest, verdict=payload, kind="entity")
    for markup in (opening, above):
        allowed_only(markup)
        spans = re.findall(r'<span class="nb-verdict"[^>]*>(.*?)</span>(.*)</div>$', markup)
        assert len(spans) == 1 and markup.count("nb-verdict") == 1, markup
        line, after = spans[0]
        assert html.unescape(re.sub(r"<[^<>]*>", "", line)) == (f"{payload} [1]" if markup is opening else payload)
        assert parse(after).text == rest  # the answer's text, once, after the verdict line
    assert parse(render.answer_html(rest, verdict="yes", kind="yesno")).text == "Yes" + rest
    assert "nb-verdict" not in render.answer_html(rest, verdict=payload, abstained=True)
    assert "nb-verdict" not in render.answer_html(rest, verdict=payload, streaming=True)  # only once the answer is whole


def test_the_verdict_line_follows_the_citation_check() -> None:
    """With a model's checked answer: the verdict's sentence unsupported means no verdict line at all; a later
    unsupported sentence still goes to the box, and the verdict line stays."""
    text = ("Yes. The central bank lowered its benchmark rate on Wednesday. [1] "
            "Officials said more cuts would follow before the spring. [2]")
    assert len(render.sentences(text)) == 3
    later = render.answer_html(text, verified=(True, True, False), verdict="yes", kind="yesno")
    assert '<span class="nb-verdict" title="Short answer to a yes/no question">Yes</span>The central bank' in later
    assert "Officials said" in later.split("<details")[1] and "Officials said" not in later.split("<details")[0]
    first = render.answer_html(text, verified=(False, True, True), verdict="yes", kind="yesno")
    assert "nb-verdict" not in first and "<s class=\"nb-unverified\">Yes.</s>" in first
    long = render.answer_html("Reported by many. [1]", verdict="; ".join(f"Outlet {i}" for i in range(9)), kind="list")
    assert ">Outlet 0, Outlet 1, Outlet 2, Outlet 3, Outlet 4 and 4 more</span>" in long


def test_an_article_full_of_markup_reaches_the_app_as_text(home: Path) -> None:
    """Uploaded through the library, then asked about: the answer, the sources panel, the library
    table and the outlet filter all carry the article's markup as characters, never as tags."""
    at = start()
    at.radio(key="view").set_value("Library").run()
    at.file_uploader(key="files").set_value(("harbour.txt", EVIL.encode(), "text/plain"))
    next(b for b in at.button if b.label == "Add files").click().run()
    assert [r["Result"] for r in table(at, "Result")] == ["added"]
    assert f'Harbour <img src="{TRAP}/title.png"> reopens ![t]({TRAP}/title-md.png)' in [r["Title"] for r in table(at, "Id")]
    at.radio(key="view").set_value("Chat").run()
    assert "Harbour <b>Wire</b>" in at.multiselect(key="outlets").options  # a select option: plain text
    for question, shown in (("When was the harbour dredging finished?", f'<img src="{TRAP}/body.png"'),
                            ("When could container ships return to the harbour?", f"![pic]({TRAP}/md.png)")):
        assert shown in ask(at, question)  # decoded, the bubble holds the article's characters
    bodies = [h.value for h in at.get("html") if not h.value.startswith("<style>")]
    for body in bodies:
        allowed_only(body, links=())
    raw = "\n".join(bodies)
    assert "&#60;script&#62;window.&#95;&#95;pwned&#61;2" in raw and "&#60;img src&#61;" in raw
    for element in [*at.markdown, *at.caption, *at.error, *at.warning, *at.success, *at.info]:
        assert TRAP not in element.value  # nothing from the article in Streamlit's Markdown
