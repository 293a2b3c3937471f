"""The plain data that flows through newsbot: Article -> Chunk -> Hit -> Answer.

Small frozen dataclasses with no Chroma or LangChain types inside. Conversions to and from
Chroma metadata live in `index/store.py`, to and from LangChain `Document` in `bot/retrieve.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
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
    "Claim",
    "Question",
]


@dataclass(frozen=True)
class Article:
    """One cleaned news article, ready to chunk.

    `id` is stable: derived from the canonical URL when there is one, else from the local path.
    `published_at` is ISO 8601 text or "" when unknown. `headings` are the section headings
    found in the body, in order. `summary` marks a feed item kept as the feed's own summary.
    """

    id: str
    title: str
    text: str
    source: str = ""
    url: str = ""
    path: str = ""
    published_at: str = ""
    author: str = ""
    category: str = ""
    headings: tuple[str, ...] = ()
    content_hash: str = ""
    summary: bool = False  # the text is a feed's summary of the article, not the article (its page could not be read)


@dataclass(frozen=True)
class Chunk:
    """A piece of an article that fits the embedding model's window.

    `text` is what gets embedded and stored: a short header line (title, outlet, date) followed by
    the body slice `article.text[start:end]`. `body_offset` is where that slice starts in `text`.
    """

    id: str
    article_id: str
    ordinal: int
    text: str
    start: int
    end: int
    body_offset: int
    heading: str = ""

    @property
    def body(self) -> str:
        return self.text[self.body_offset:]


@dataclass(frozen=True)
class ArticleRecord:
    """What the index knows about one stored article (no text)."""

    id: str
    title: str
    source: str
    url: str
    path: str
    published_at: str
    author: str
    category: str
    headings: tuple[str, ...]
    chunk_count: int
    content_hash: str
    summary: bool = False


@dataclass(frozen=True)
class IngestResult:
    """The outcome for one input: status is added, updated, unchanged, duplicate or failed."""

    source: str
    status: str
    article_id: str = ""
    title: str = ""
    chunks: int = 0
    reason: str = ""


@dataclass(frozen=True)
class IngestReport:
    """The outcome of one ingest run."""

    results: tuple[IngestResult, ...]
    seconds: float

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> tuple[IngestResult, ...]:
        return tuple(r for r in self.results if r.status == "failed")

    @property
    def chunks(self) -> int:
        return sum(r.chunks for r in self.results if r.status in ("added", "updated"))

    def summary(self) -> str:
        parts = [f"{self.count(s)} {s}" for s in ("added", "updated", "unchanged", "duplicate", "failed")]
        return f"articles: {', '.join(parts)}; {self.chunks} chunks written in {self.seconds:.1f} s"


@dataclass(frozen=True)
class Filters:
    """Restrictions on what may be retrieved. Dates are ISO 8601 text, inclusive."""

    since: str | None = None
    until: str | None = None
    sources: tuple[str, ...] = ()
    article_ids: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.since or self.until or self.sources or self.article_ids)


@dataclass(frozen=True)
class Claim:
    """A statement a yes/no question asks about; `outlet` when the question ties it to one ("Did A report X?")."""

    text: str
    outlet: str = ""


@dataclass(frozen=True)
class Question:
    """A question as newsbot understood it: what is searched, and what kind of answer it wants.

    `text` is what was typed; `query` the standalone form searched (a follow-up rewritten, a
    misspelt name corrected). `kind` is one of yesno, choice, when, count, list, quote, entity,
    open; `target` what an entity or list question asks for (person, organisation, place,
    number, thing, outlet). `names` are the key proper names, as the index spells them.
    `routes` hold, per outlet the question names, the indexed sources it stands for;
    `missing_outlets` well-known outlets it names that have no indexed articles. `since`/`until`
    come from dates in the question (a preference, unlike `filters`, which always apply).
    `notes` say how it was read (shown as `Answer.searched`); `warnings` what the reader must be
    told (shown in `Answer.notice`).
    """

    text: str
    query: str
    kind: str = "open"
    target: str = ""
    names: tuple[str, ...] = ()
    speaker: str = ""
    claims: tuple[Claim, ...] = ()
    options: tuple[str, ...] = ()
    compare: str = ""
    relation: str = ""
    routes: tuple[tuple[str, ...], ...] = ()
    missing_outlets: tuple[str, ...] = ()
    outlet_only: bool = False
    since: str | None = None
    until: str | None = None
    recent: bool = False
    filters: Filters = field(default_factory=Filters)
    prefer: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    expansions: tuple[str, ...] = ()  # full names of short forms the question uses ("Federal Reserve" for "fed")
    date_words: str = ""  # the words that gave `since`/`until` ("last week", "in August 2025")

    @property
    def search_text(self) -> str:
        """What is searched and matched: the query, plus the full names of its short forms."""
        return " ".join((self.query, *self.expansions))

    @property
    def outlets(self) -> tuple[str, ...]:
        """The indexed sources the question names."""
        return tuple(dict.fromkeys(s for route in self.routes for s in route))

    def describe(self) -> str:
        return "; ".join(self.notes)


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk and how well it matched."""

    text: str
    score: float
    article_id: str
    chunk_id: str
    title: str
    source: str
    url: str
    published_at: str
    ordinal: int = 0
    start: int = 0
    end: int = 0
    body_offset: int = 0
    heading: str = ""

    @property
    def body(self) -> str:
        return self.text[self.body_offset:]


@dataclass(frozen=True)
class Citation:
    """Where an answer sentence came from: the article and the exact quote.

    `start`/`end` locate the quote in the cleaned article text (see `NewsBot.article_text`).
    """

    n: int
    title: str
    source: str
    url: str
    published_at: str
    quote: str
    article_id: str
    chunk_id: str
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Answer:
    """What `NewsBot.ask` returns.

    `text` carries [n] markers that index into `citations`. `query` is the standalone query
    actually searched; `searched` describes the filters and boosts applied, for display.
    `verified` holds, per answer sentence, whether a cited source supports it (LLM answers);
    `notice` explains a fallback or other caveat the user should see. `kind` is the kind of
    answer given (yesno, choice, when, count, list, quote, entity, open; "none" when the articles
    don't answer it) and `verdict` its short answer ("yes", "no", a name, a date, a number; ""
    when there is none).
    """

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    query: str
    question: str = ""
    searched: str = ""
    hits: tuple[Hit, ...] = ()
    verified: tuple[bool, ...] = ()
    notice: str = ""
    backend: str = "offline"
    kind: str = "open"
    verdict: str = ""


@dataclass(frozen=True)
class Turn:
    """One exchange of a conversation."""

    question: str
    answer: Answer
    entities: tuple[str, ...] = field(default=())
