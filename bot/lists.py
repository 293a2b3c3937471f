"""List and count answers: "Which outlets covered X?", "List the ...", "How many articles mention X?".

- outlets: every indexed article naming the question's topic (its names, lower-case words the
  articles write as a name, run together as one: "epic games" is "Epic Games"; its numbers) is
  found through the keyword index, not just the top chunks; a name of several words counts only
  where it is written whole; the answer lists each outlet once, cited to a sentence of one of its
  articles;
- names ("Name the bank CEOs Menendez questioned", "Who are the ..."): the names of the kind asked
  in the best-matching sentences, in the order they are written, each cited;
- counts: the number of indexed articles naming the topic (in the outlets the question names,
  when it names any), then the articles, each cited; "how many articles mention the world cup
  final" counts the articles that write those words, and "how many outlets ..." counts outlets.

Deliberately not here: scoring sentences (`evidence.py`) and wording (`compose.py`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np

from bot.compose import Decision
from bot.evidence import Scored, Sentence, Vocabulary, question_terms, sentences_of
from bot.names import typed_names
from bot.spans import candidates_in
from index.keyword import terms
from newsbot.types import Filters, Hit, Question

__all__ = ["Lists", "topic_words"]

Archive = Callable[[Sequence[str], Filters], list[Hit]]
_NOT_TOPIC = set(terms("which what who whom list name names outlet outlets source sources publication publications newspaper "
                       "newspapers media site sites cover covered covering coverage report reported reporting reports wrote "
                       "write written article articles story stories piece pieces mention mentioned mentions many number "
                       "count come came up there appear appeared discuss discussed about tell give all every "
                       "different indexed library how often times"))
_MAX_ITEMS = 12
_COVERAGE = re.compile(r"^(?:did|has|have|does|do)\s+(?:the\s+)?\S.{0,50}?\s+(?:cover|covered|report on|reported on|write about|"
                       r"wrote about|write on|publish anything on|run anything on|say anything about|mention|mentioned)\s+\S",
                       re.IGNORECASE)


def topic_words(question: Question, evidence: Sequence[Sentence] = (), vocabulary: Vocabulary | None = None) -> list[str]:
    """The words an article must contain to be about the question's topic: its names, the words the evidence
    writes capitalised ("ohtani" in a lower-case question), its numbers; else its two rarest content words."""
    outlet_words = set(terms(" ".join(question.outlets))) | set(terms(" ".join(question.missing_outlets)))
    words = [n for n in question.names if not set(terms(n)) <= outlet_words]
    chunks = list(dict.fromkeys(s.hit.text for s in evidence))
    for typed in typed_names(question.query, chunks):  # "epic games": the name "Epic Games", written together
        run = " ".join(w for w in typed.split() if not set(terms(w)) & (_NOT_TOPIC | outlet_words))
        if run and not any(run.lower() in n.lower() for n in words):
            words.append(run)
    for match in re.finditer(r"\d[\d,.]*", question.query):
        if not any(match.group(0) in w for w in words):
            words.append(match.group(0))
    words = [w for w in words if terms(w)]
    if not words and vocabulary is not None:  # no names: the two rarest content words ("shutdown talks")
        # "talks" is a topic ("which outlets covered the talks?") where it isn't "talk(ed) about"
        asked = re.sub(r"\btalk(?:s|ed|ing)?\s+(?:about|of)\b", " ", question.query, flags=re.IGNORECASE)
        candidates = set(question_terms(asked)) | ({"talk"} & set(terms(asked)))
        rare = sorted((t for t in candidates if t not in _NOT_TOPIC and t not in outlet_words),
                      key=lambda t: -vocabulary.idf(t))
        words = rare[:2]
    return words


# What a count question says the articles mention, written out: "how many articles mention the world cup final" (up to
# five words, before any "are there", "so far", ...); "about"/"cover" asks for a topic, not these words
_TOPIC = re.compile(r"\b(?:mention|mentions|mentioning|mentioned|name|names|naming|use the words?|say)\s+(?:the\s+|a\s+|an\s+)?"
                    r"(?P<topic>[^\W\d_][\w'’.&-]*(?:\s+[\w'’.&-]+){0,4}?)\s*(?:[?.!,]|$|\s+(?:are there|is there|do you have|have you got|"
                    r"so far|in (?:the|your) (?:index|archive|library)|come up|appear)\b)", re.IGNORECASE)


def literal_topic(query: str) -> str:
    """The words a count question says the articles mention ("the world cup final" -> "world cup final"), or ""."""
    match = _TOPIC.search(query.strip())
    if not match:
        return ""
    topic = re.sub(r"['’]s?$", "", match.group("topic")).strip()
    return "" if set(terms(topic)) <= _NOT_TOPIC else topic


class Lists:
    """Decides list and count questions."""

    def __init__(self, archive: Archive | None = None, vocabulary: Vocabulary | None = None) -> None:
        self.archive = archive
        self.vocabulary = vocabulary

    def outlets(self, question: Question, scored: list[Scored]) -> Decision | None:
        """Each outlet with an article about the question's topic, cited once."""
        if self.archive is None:
            return None
        words, hits = self._about(question, scored, question.filters)
        if not hits:
            return None
        items = _by_outlet(hits, words)
        return Decision(kind="list", verdict="; ".join(s for s, _ in items), items=items)

    def names(self, question: Question, scored: list[Scored]) -> Decision | None:
        """The names of the kind asked in the best sentences that name several, in the order written."""
        for item in scored[:4]:
            found = candidates_in(question, item)
            if len(found) >= 2:
                items = [(name, item) for name in dict.fromkeys(found)][:_MAX_ITEMS]
                return Decision(kind="list", verdict="; ".join(n for n, _ in items), items=items)
        return None

    def covered(self, question: Question, scored: list[Scored]) -> Decision | None:
        """ "Did the Guardian cover the Warsaw march?": yes when an indexed article of that outlet names the topic;
        no (quoting the outlets that did) when none does."""
        match = _COVERAGE.match(question.query.strip())
        if not match or len(question.routes) != 1 or self.archive is None:
            return None
        sources = question.routes[0]
        words = topic_words(question, [s.sentence for s in scored], self.vocabulary)
        if not words:
            return None
        mine = self.archive(words, Filters(sources=sources))
        if mine:
            return Decision(kind="yesno", verdict="yes", lead="Yes.", evidence=[_cited(hit, words) for hit in mine[:3]])
        others = self.archive(words, question.filters)
        lead = f"No. None of the indexed articles from {', '.join(sources)} mentions {' '.join(words)}" + \
            ("; these outlets did:" if others else ".")
        return Decision(kind="yesno", verdict="no", lead=lead, items=[(hit.source, _cited(hit, words)) for hit in others[:4]])

    def _about(self, question: Question, scored: list[Scored], filters: Filters) -> tuple[list[str], list[Hit]]:
        """The words an article must write to be about the question's topic, and those articles: what a count question
        says they mention, when articles write it so ("the world cup final", not every World Cup article), else the
        question's names and rarest words (`topic_words`: "the openai board fight" is about OpenAI)."""
        assert self.archive is not None
        words = topic_words(question, [s.sentence for s in scored], self.vocabulary)
        literal = literal_topic(question.query) if question.kind == "count" else ""
        if literal:
            hits = self.archive([literal], filters)
            if hits:  # shown as the articles write it, when it is one of the names ("rubio" -> "Rubio")
                return [next((w for w in words if w.lower() == literal.lower()), literal)], hits
        return words, (self.archive(words, filters) if words or filters.sources else [])

    def count(self, question: Question, scored: list[Scored]) -> Decision | None:
        """How many indexed articles are about the topic (in the outlets named), listed and cited."""
        if self.archive is None:
            return None
        filters = question.filters
        if question.routes and not filters.sources:
            filters = Filters(since=filters.since, until=filters.until, sources=question.outlets, article_ids=filters.article_ids)
        words, hits = self._about(question, scored, filters)
        if not words and not filters.sources:
            return None
        if question.target == "outlet":  # "how many outlets covered X": each outlet once, cited to its first article
            n = len({hit.source or "(no outlet)" for hit in hits})
            return Decision(kind="count", verdict=str(n), lead=_counted(n, "outlet", "", words), items=_by_outlet(hits, words))
        where = f" from {', '.join(filters.sources)}" if filters.sources else ""
        items = [(_titled(hit), _cited(hit, words)) for hit in hits[:_MAX_ITEMS]]
        return Decision(kind="count", verdict=str(len(hits)), lead=_counted(len(hits), "article", where, words), items=items)


def _counted(n: int, noun: str, where: str, words: Sequence[str]) -> str:
    """ "3 indexed articles from Reuters mention Derna.", "1 indexed outlet mentions Gogoro." """
    about = f" {'mention' if n != 1 else 'mentions'} {' '.join(words)}" if words else ""
    return f"{n} indexed {noun}{'s' if n != 1 else ''}{where}{about}."


def _titled(hit: Hit) -> str:
    """An article as a count lists it: its title, then its outlet and day when it has them."""
    about = ", ".join(part for part in (hit.source, hit.published_at[:10]) if part)
    return f"{hit.title} ({about})" if about else hit.title


def _by_outlet(hits: Sequence[Hit], words: Sequence[str]) -> list[tuple[str, Scored]]:
    """Each outlet of `hits` once, in name order, cited to its first article."""
    by_source: dict[str, Hit] = {}
    for hit in sorted(hits, key=lambda h: h.published_at):
        by_source.setdefault(hit.source or "(no outlet)", hit)
    return [(source, _cited(hit, words)) for source, hit in sorted(by_source.items())][:_MAX_ITEMS]


def _cited(hit: Hit, words: Sequence[str]) -> Scored:
    """The sentence of `hit` that names most of `words` (its first sentence when none does)."""
    wanted = set(terms(" ".join(words))) or set(question_terms(hit.title))
    sentences = sentences_of(hit) or []
    if not sentences:
        text = hit.body.strip()[:300]
        sentences = [Sentence(text=text, resolved=text, start=hit.start, end=hit.start + len(text), hit=hit, rank=0, speaker="")]
    best = max(sentences, key=lambda s: (len(set(terms(s.text)) & wanted), -s.start))
    return Scored(best, 0.0, np.zeros(1))
