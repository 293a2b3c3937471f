"""The one place that reads a question: text + conversation -> `Question`.

`Reader(index, settings)(text, history, filters)` turns what was typed into a `Question`:

1. the standalone query (`followup.resolve`; an unclear follow-up keeps the form its own
   retrieval supports better);
2. misspelt words the index doesn't know, corrected to the close index word ("Rubioo" ->
   "Rubio"), shown in the notes;
3. the key names (`names.names_in`: Unicode, a sentence opener only if the index knows it);
4. the outlets it names, indexed (routes) or not (a notice), and whether it asks nothing but
   what such an outlet said;
5. the dates it mentions, relative to the reference date, with a warning naming the nearest
   dates when no indexed article falls in the range;
6. the kind of answer it wants (`kinds.read_kind`).

What was read is in `Question.notes` (shown as `Answer.searched`) and `Question.warnings`
(shown in `Answer.notice`).

Deliberately not here: searching (`retrieve.py`) and deciding whether to answer (`decide.py`).
"""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import OSA

from bot.followup import resolve
from bot.kinds import read_kind
from bot.names import NOT_NAMES, OPENERS, names_in
from bot.outlets import Outlets
from bot.spelling import Spelling, Vocabulary, common_word
from bot.stance import mentions
from bot.when import read_dates
from index.keyword import STOPWORDS, terms
from newsbot.settings import Settings
from newsbot.types import Claim, Filters, Hit, Question, Turn

__all__ = ["Reader", "read_plain", "range_warning"]

Rewriter = Callable[[str, Sequence[Turn]], tuple[str, tuple[str, ...]]]
_QUOTE_OUTLET = re.compile(r"^\s*(?:what|how|and what)\s+(?:did|does|do|has|have|had|is|was)\s+(?:the\s+)?(?P<outlet>.+?)\s+"
                           r"(?:say|said|report|reported|write|wrote|cover|covered|publish|published|claim|claimed|think|"
                           r"describe|described|saying|reporting|writing)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _State:
    version: str
    outlets: Outlets
    newest: date | None  # the newest indexed article's publication day


class Reader:
    """Reads questions against one index (its outlets, dates and vocabulary)."""

    def __init__(self, index: Any, settings: Settings, support: Callable[[str], float] | None = None) -> None:
        """`support(query)` scores how well the index supports a query (for unclear follow-ups)."""
        self.index = index
        self.settings = settings
        self.support = support
        self.refuse_unindexed = True  # a question about nothing but an unindexed outlet's words is refused
        self._lock = threading.Lock()
        self._state = _State("", Outlets(()), None)
        self.spelling = Spelling()

    def __call__(self, text: str, history: Sequence[Turn] = (), filters: Filters | None = None,
                 rewriter: Rewriter | None = None) -> Question:
        filters = filters or Filters()
        state = self._refresh()
        notes: list[str] = []
        warnings: list[str] = []
        query, prefer = self._standalone(text, history, rewriter)
        query, fixed = self._spelling(query, state.outlets)
        if fixed:
            notes.append("read " + ", ".join(f"“{a}” as “{b}”" for a, b in fixed))
        known = self._known_word
        names = tuple(names_in(query, known))
        mentions = state.outlets.read(query)
        routes = () if filters.sources else mentions.routes
        if mentions.named and not filters.sources:
            notes.append("outlets: " + ", ".join(mentions.named))
        if filters.sources:
            notes.append("outlets: " + ", ".join(filters.sources))
        if mentions.missing:
            warnings.append(f"No articles from {_join(mentions.missing)} are indexed; "
                            + ("the answer comes from the outlets that are." if routes or not self._outlet_only(query, mentions.spans)
                               else "I can't tell what it reported."))
        today = self.reference(state.newest)
        span = read_dates(query, today, anchor=min(today, state.newest) if state.newest else today)
        if span:
            notes.append(span.describe())
        if filters.since or filters.until:
            notes.append(f"dates: {filters.since or '…'} to {filters.until or '…'}")
        recent = span.latest and not span
        if recent:
            notes.append("newest first")
        ask = read_kind(query)
        short = len(re.findall(r"[^\W\d_]{2,}", query)) <= 8  # in a long question a short form is one word among many
        initials = self._spelt_out(query, state.outlets) if short else {}
        expansions = () if not short else _expansions(query) + tuple(initials.values())
        claims = tuple(Claim(_spelt(c.text, initials), c.outlet) for c in ask.claims)  # "sbf found guilty" is checked
        # against "A jury found Sam Bankman-Fried guilty"
        outlet_spans = mentions.spans
        names = tuple(n for n in names if not any(query.find(n) >= a and query.find(n) < b for a, b in outlet_spans))
        return Question(text=text, query=query, kind=ask.kind, target=ask.target, names=names, speaker=ask.speaker,
                        claims=claims, options=ask.options, compare=ask.compare, relation=ask.relation, routes=routes,
                        missing_outlets=mentions.missing,
                        outlet_only=bool(mentions.missing) and not routes and self._outlet_only(query, mentions.spans),
                        since=span.since, until=span.until, recent=recent, filters=filters, prefer=prefer,
                        notes=tuple(notes), warnings=tuple(warnings), expansions=expansions,
                        date_words=re.sub(r"^(?:in|on|during|of|since|from|until|before|after|by)\s+", "", span.text))

    # -- the steps ---------------------------------------------------------------------------

    def _standalone(self, text: str, history: Sequence[Turn], rewriter: Rewriter | None) -> tuple[str, tuple[str, ...]]:
        if rewriter is not None:
            return rewriter(text, history)
        resolution = resolve(text, history)
        if resolution.alternative and self.support is not None:
            own, rewritten = self.support(resolution.alternative), self.support(resolution.query)
            if own > rewritten + 0.05 or (resolution.keep_on_tie and own >= rewritten - 0.05):
                return resolution.alternative, ()  # the question's own words are supported as well as the rewrite
        return resolution.query, resolution.prefer

    def _spelling(self, query: str, outlets: Outlets) -> tuple[str, list[tuple[str, str]]]:
        """`query` with words the index doesn't know replaced by a close word it does ("Rubioo" -> "Rubio"); an
        outlet's name is no misspelling ("businessline")."""
        keywords = self.index.keywords
        if keywords.unseen <= 0 or keywords.size == 0:
            return query, []
        vocabulary = self.spelling.for_index(keywords)
        fixed: list[tuple[str, str]] = []
        for match in re.finditer(r"[^\W\d_][\w'’]{3,}", query):  # each part of a hyphenated name ("ruiz-whitfeld")
            word = re.sub(r"['’](?:d|ll|re|ve|m)$", "", match.group(0))  # "he'd" is "he" (not "head")
            lower = word.lower()
            bare = re.sub(r"['’]s$", "", lower)  # "when's": a small word, contracted ("he'd" lost its "'d" above)
            if len(lower) < 4 or re.search(r"[a-z][A-Z]", word) or outlets.names(lower):
                continue  # a name written with a capital inside it ("BusinessLine") or an outlet's is written on purpose
            if bare in STOPWORDS or bare in NOT_NAMES or bare in OPENERS or \
                    any(lower[n:] in _ENDINGS and self._known_term(lower[:n]) for n in range(len(lower) - 1, 5, -1)):
                continue  # known, or a known word with an ending ("Pakistani" where "Pakistan" is; not "Blainey" for "Blaine")
            if self._known_name(lower):
                ending = self._ending_typed(lower)
                if ending:
                    fixed.append((word, ending.capitalize() if word[0].isupper() else ending))
                continue
            close = _restemmed(vocabulary, lower) or vocabulary.closest(lower)
            close = self._written(close) if close and close != lower else close
            if close and word[0].isupper() and common_word(close) and (OSA.distance(close, lower) > 1 or common_word(lower)):
                continue  # a name the index doesn't know is not an everyday word misspelt ("Settleman" is no "settlement",
                # "Hindu" no "hindi"); one slip from one, and no word itself ("Amercia", two letters swapped), it is
            if close and word.islower() and (common_word(lower, split=False) or
                                             (common_word(lower, head=4) and OSA.distance(close, lower) > 1)):
                continue  # an everyday word the index lacks is no misspelling ("whats" is no "whits"), nor are two of
                # them two slips away ("stepdad" is no "stephan"; "barkely" is one slip from "barkley")
            if close and close != lower:
                replacement = close.capitalize() if word[0].isupper() else close
                fixed.append((word, replacement))
        for word, replacement in fixed:
            query = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", replacement, query)
        return query, fixed

    def _spelt_out(self, query: str, outlets: Outlets) -> dict[str, str]:
        """The names that initials in `query` stand for in the articles ("sbf": Sam Bankman-Fried, "psg": Paris
        Saint-Germain), searched beside the question: an article that only writes the name is found too."""
        found: dict[str, str] = {}
        for token in dict.fromkeys(re.findall(r"(?<![\w'’-])[A-Za-z]{2,4}(?![\w'’-])", query)):
            lower = token.lower()
            if lower in STOPWORDS or lower in NOT_NAMES or common_word(lower) or outlets.names(lower) or \
                    not self._known_term(lower):
                continue
            name = self._initialled(lower)
            if name and name.lower() not in query.lower():
                found[token] = name
        return found

    def _initialled(self, initials: str) -> str:
        """The name that chunks writing `initials` in capitals spell with those first letters (a hyphenated part counts:
        Sam Bankman-Fried is SBF); the commonest, when it is written at least twice; "" otherwise."""
        names: Counter[str] = Counter()
        chunk_ids = list(self.index.keywords.containing([initials]).values())[:6]  # one chunk of each article using them
        for hit in self.index.store.hits(chunk_ids).values() if chunk_ids else ():
            text = hit.body
            if not re.search(rf"\b{initials.upper()}\b", text):
                continue
            for run in _CAPITALISED_RUN.finditer(text):
                parts = list(re.finditer(r"[A-Z][a-z]+", run.group(0)))
                for i in range(len(parts) - len(initials) + 1):
                    window = parts[i:i + len(initials)]
                    if "".join(p.group(0)[0] for p in window).lower() == initials:
                        names[run.group(0)[window[0].start():window[-1].end()]] += 1
        best = names.most_common(1)
        return best[0][0] if best and best[0][1] >= 2 else ""

    def _known_name(self, word: str) -> bool:
        """The index knows `word`: its stem, unless the stemmer cut a name down to an everyday word ("barkely" is no
        form of "bark"; "binge" is "bing" with an ending, "azrieli" a name cut to "azri")."""
        stems = terms(word)
        cut = word[len(stems[0]):] if len(stems) == 1 and word.startswith(stems[0]) else ""
        return self._known_term(word) and (cut in _INFLECTIONS or "'" in word or "’" in word or not common_word(stems[0])
                                           or common_word(word, split=False))

    def _written(self, stem: str) -> str:
        """A word of the index as its articles write it: the index keeps stems ("holowati", "shopifi"), a reader wants
        "holowaty"; the stem itself when no chunk shows another form."""
        forms = self._forms(stem)
        return forms.most_common(1)[0][0] if forms else stem

    def _forms(self, stem: str) -> Counter[str]:
        """How the first of the articles using `stem` that write it at all write it, with how often."""
        found = self.index.keywords.containing([stem])
        for article_id in list(found)[:2]:
            forms = Counter(w.lower() for hit in self.index.chunks_of(article_id)
                            for w in re.findall(r"[^\W\d_][\w'’-]*", hit.body) if terms(w) == [stem])
            if forms:
                return forms
        return Counter()

    def _ending_typed(self, word: str) -> str:
        """A name whose final "y" was typed "ie" or "ie" typed "y" ("holowatie", "mooky"): the stemmer makes both the
        same known stem, so the word reads as known; the articles' own spelling when they never write it as typed."""
        stems = terms(word)
        if not word.endswith(("ie", "y")) or len(stems) != 1 or not stems[0].endswith("i") or common_word(word, split=False):
            return ""
        forms = self._forms(stems[0])
        written = forms.most_common(1)[0][0] if forms else word
        return written if word not in forms and written.endswith(("ie", "y")) and written != word else ""

    def _known_term(self, word: str) -> bool:
        keywords = self.index.keywords
        found = terms(word)
        return bool(found) and all(keywords.idf(t) < keywords.unseen for t in found)

    def _known_word(self, word: str) -> bool:
        """A question's first word is a name when the index knows it (and it is no instruction verb)."""
        return self._known_term(word)

    def _outlet_only(self, query: str, spans: tuple[tuple[int, int], ...]) -> bool:
        """The question asks nothing but what an outlet said ("What did Bloomberg report about the trial?")."""
        if not self.refuse_unindexed:
            return False
        match = _QUOTE_OUTLET.match(query)
        if match is None:
            return False
        return any(a < match.end("outlet") and b > match.start("outlet") for a, b in spans)

    def _refresh(self) -> _State:
        version = self.index.store.sync()
        if version != self._state.version:
            with self._lock:
                if version != self._state.version:
                    version, sources, newest_id = self.index.keywords.catalogue()  # one record read, not every article's
                    record = self.index.article(newest_id) if newest_id else None
                    newest = datetime.fromisoformat(record.published_at).date() if record and record.published_at else None
                    self._state = _State(version, Outlets(sources), newest)
        return self._state

    def reference(self, newest: date | None = None) -> date:
        """The date relative dates count from: the configured one, the newest article's ("newest"), or today."""
        if self.settings.reference_date:
            return self.settings.reference_date
        if self.settings.reference_newest:
            newest = newest or self._refresh().newest
            if newest:
                return newest
        return datetime.now(UTC).date()


def _spelt(text: str, initials: dict[str, str]) -> str:
    """`text` with each of the `initials` written as the name it stands for."""
    for token, name in initials.items():
        text = re.sub(rf"(?<![\w'’-]){re.escape(token)}(?![\w'’-])", name, text)
    return text


def _restemmed(vocabulary: Vocabulary, word: str) -> str:
    """`word` corrected by its stem, its ending kept ("artciles" -> "articles", "pateints" -> "patients"): the index's
    words are stems, so an inflected word is too far from any of them as written."""
    stem = terms(word)
    if len(stem) != 1 or stem[0] == word or not word.startswith(stem[0]):
        return ""
    close = vocabulary.closest(stem[0])
    return close + word[len(stem[0]):] if close and close != stem[0] else ""


_CAPITALISED_RUN = re.compile(r"\b[A-Z][a-z]+(?:(?:\s+|-)[A-Z][a-z]+)+\b")  # "Sam Bankman-Fried", "Changpeng Zhao"
_INFLECTIONS = frozenset("e s es ed d ing er ers ly y ies ied ion ions ment ments ness al ally ity ive ful able ible".split()) | {""}
_ENDINGS = frozenset("i is s es ed ing er ers n an ans ian ians ese ish ist ists ism ite ites ly al".split())  # "Pakistani", "Trumpism"


def range_warning(question: Question, hits: Sequence[Hit], retrieved: Sequence[Hit] = ()) -> str:
    """When the question asks about dates that none of its evidence (`hits`) is from, says so and names the nearest
    dates of the articles about it (the `retrieved` ones naming what it names): "Nothing indexed on this is dated
    2025-08-01 to 2025-08-31; the nearest is from 2025-09-30 …"; "" otherwise."""
    if not (question.since or question.until) or not hits or question.kind in ("yesno", "choice"):
        return ""  # a yes/no question's date is part of its claim ("did he die on Monday?"), not a search range
    if all(re.fullmatch(r"(?:19|20)\d\d", w) or not w for w in re.split(r"\s*,\s*", question.date_words)):
        return ""  # a bare year ("pitch in 2024") is what the question is about, not when the articles were written
    low, high = question.since or "0000-00-00", question.until or "9999-99-99"
    if any(low <= h.published_at[:10] <= high for h in hits if h.published_at):
        return ""
    about = [h for h in retrieved if all(mentions(n, h.title + " " + h.text) for n in question.names)] or list(hits)
    days = sorted({h.published_at[:10] for h in about if h.published_at})
    if not days:
        return ""
    i = bisect.bisect_left(days, low)
    nearest = [d for d in (days[i - 1] if i > 0 else "", days[i] if i < len(days) else "") if d]
    said = f"{question.since or 'the start'} to {question.until or 'now'}" if question.since != question.until else question.since
    near = " and ".join(nearest)
    return (f"Nothing indexed on this is dated {said}; the nearest {'are' if len(nearest) > 1 else 'is'} from {near}, "
            "so this answer is from then.")


def _expansions(query: str) -> tuple[str, ...]:
    """The full names of the short forms `query` uses and doesn't spell out ("Federal Reserve" for "fed")."""
    out = []
    for short, full in _abbreviations():
        # "US", not "us"; "WHO", not the "who" of "who's the ceo"
        flags = 0 if short.isupper() and (len(short) <= 2 or short.lower() in STOPWORDS) else re.IGNORECASE
        if re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", query, flags) and full.lower() not in query.lower():
            out.append(full)
    return tuple(out)


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[str, str], ...]:
    """(short form, full name) from data/abbreviations.txt."""
    rows = []
    for line in (Path(__file__).resolve().parent / "data" / "abbreviations.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "|" in line:
            short, full = (part.strip() for part in line.split("|", 1))
            rows.append((short, full))
    return tuple(rows)


def _join(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def read_plain(text: str, filters: Filters | None = None) -> Question:
    """A question read without an index: its kind and names; no outlets, dates or follow-ups."""
    ask = read_kind(text)
    return Question(text=text, query=text, kind=ask.kind, target=ask.target, names=tuple(names_in(text)), speaker=ask.speaker,
                    claims=ask.claims, options=ask.options, compare=ask.compare, relation=ask.relation, filters=filters or Filters())

