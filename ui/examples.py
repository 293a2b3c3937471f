"""The chat's example questions, built from the library: its recent stories and the people in them.

`examples(bot)` reads the newest `RECENT` articles (title and opening `READ_CHARS` of text) once per
index generation and `suggest` turns them into up to three questions a reader could ask of this
library, e.g. on the seed article:

- "What's the latest on Pakistan?": the main name (place, organisation, thing) of the newest story;
- "What did Marco Rubio say about Pakistan?": the person quoted most in recent stories, and the name
  that comes up most beside them;
- "Who is Shehbaz Sharif?": another person named in a recent story.

A name is a run of capitalised words (`bot.names.names_in`, any script) that the text also uses
mid-sentence (so "Officials" opening a sentence is no name), is no outlet of the library, and no
nationality ("Swedish"). A person is a two- or three-word name that the story refers back to by
surname, quotes, or gives a title ("Mayor Lena Ortiz"). When recent stories name no one and
nothing, the examples fall back to their titles ("Summarize “Storm warning lifted for the
northern coast”"), so a non-empty library always has at least one example.

Deliberately not here: showing them (`chat.py`), and answering them (`bot/`).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot import NewsBot
from bot.names import TITLES, names_in, person_like, surname
from bot.outlets import aliases, known_outlets
from index.chunk import split_sentences
from newsbot.types import ArticleRecord
from ui.shared import articles

__all__ = ["READ_CHARS", "RECENT", "Story", "examples", "suggest"]

RECENT = 8  # the newest articles examples come from
READ_CHARS = 4000  # of each, the title and this much text are read
_TITLE_CHARS = 80
_SPEECH = re.compile(r"\b(?:said|says|told|tells|added|adds|warned|described|announced|stated|argued|urged|wrote|posted|"
                     r"insisted|explained|noted|condemned|critici[sz]ed|denied|according to)\b")
_DATELINE = re.compile(r"^[A-ZÀ-Ý][A-ZÀ-Ý .,'’-]{1,40}(?:,[^\n]{0,40}?)?(?:\([^()\n]{1,40}\))?\s*[-—–]\s")  # "KYIV, Nov 14 (Reuters) - "
_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_PRONOUN = re.compile(r"\s*(?:He|She)\b")
_NATIONALITY = re.compile(r"(?:ian|ean|ese|ish|ic|i|ch)s?$")  # "Ukrainian", "European", "Chinese", "Swedish", "Dutch"
_MIN_PERSON_SCORE = 2
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Story:
    """What one article offers examples: its names with how often they occur, and the people among them."""

    record: ArticleRecord
    topics: Counter[str]  # places, organisations, things -> sentences naming them
    people: Counter[str]  # full name -> sentences naming them (full name or surname)
    speakers: Counter[str]  # full name -> sentences quoting them
    beside: dict[str, Counter[str]]  # full name -> topics in the sentences about them
    referred: Counter[str]  # full name -> sentences calling them by surname alone
    in_title: frozenset[str]
    with_the: frozenset[str]  # names the text mostly gives an article ("the United States")


def examples(bot: NewsBot) -> tuple[str, ...]:
    """Example questions for the library `bot` serves (recomputed only when the index has changed)."""
    return _examples(bot, bot.index.store.generation())


@lru_cache(maxsize=8)
def _examples(bot: NewsBot, generation: int) -> tuple[str, ...]:
    records = articles(bot)
    outlets = {r.source for r in records if r.source}
    stories = []
    for record in records[:RECENT]:
        try:
            text = bot.article_text(record.id)[:READ_CHARS]
        except Exception:  # removed meanwhile: its title still serves
            log.warning("could not read article %s for the examples", record.id, exc_info=True)
            text = ""
        stories.append(read_story(record, text, outlets))
    return suggest(stories)


def read_story(record: ArticleRecord, text: str, outlets: Collection[str] = ()) -> Story:
    """The names in one article's title and text, sorted into topics and people."""
    body = _DATELINE.sub("", text.lstrip(), count=1)
    sentences = [record.title] + [line[a:b] for line in body.split("\n") if not _heading(line)
                                  for a, b in split_sentences(line)]
    whole = "\n".join(sentences)
    lower = set(re.findall(r"(?<![\w'’-])[a-z][\w'’-]*", whole))
    outlet_names = {a.lower() for o in outlets for a in aliases(o)} | {n.lower() for row in known_outlets() for n in row}
    found: list[list[str]] = []
    mid: set[str] = set()  # names seen after a sentence's first word
    for sentence in sentences:
        names = [n for n in names_in(sentence, known=lambda word: word not in lower) if _fits(n, lower, outlet_names)]
        found.append(names)
        mid.update(n for n in names if not sentence.lstrip(" \"“‘'(").startswith(n))
    counts = Counter(n for names in found for n in names if n in mid or " " in n)
    candidates = {n for n in counts if person_like(n)}
    titled = {n for n in candidates if re.search(rf"\b(?:{'|'.join(TITLES)})\.? {re.escape(n)}", whole, re.IGNORECASE)}
    _, speakers, _, referred = _attribute(sentences, found, candidates, counts)
    people = {n for n in candidates  # not "Christmas Day", "Port Elwyn": never called by surname, quoted or titled
              if referred[n] + speakers[n] + (n in titled) >= _MIN_PERSON_SCORE}
    surnames = {surname(n) for n in people}
    topics = Counter({n: k for n, k in counts.items() if n not in people and n not in surnames})
    mentions, speakers, beside, referred = _attribute(sentences, found, people, topics)
    with_the = {n for n, k in topics.items() if len(re.findall(rf"\bthe {re.escape(n)}\b", whole, re.IGNORECASE)) * 2 > k}
    return Story(record, topics, mentions, speakers, beside, referred, frozenset(found[0]), frozenset(with_the))


def _attribute(sentences: list[str], found: list[list[str]], people: set[str], topics: Collection[str]
               ) -> tuple[Counter[str], Counter[str], dict[str, Counter[str]], Counter[str]]:
    """Per person: sentences naming them, quoting them, the topics of the sentences about them (quoted ones
    three times), and sentences calling them by surname alone. A sentence is about its first person, or
    about the one before when it opens with "He"/"She" ("He described the attacks …")."""
    surnames = {surname(n): n for n in people}
    mentions: Counter[str] = Counter()
    speakers: Counter[str] = Counter()
    referred: Counter[str] = Counter()
    beside: dict[str, Counter[str]] = {}
    last = ""
    for sentence, names in zip(sentences, found, strict=True):
        named = [surnames.get(n, n) for n in names if n in people or n in surnames]
        referred.update(surnames[n] for n in names if n in surnames and surnames[n] not in names)
        mentions.update(set(named))
        about = named[:1] or ([last] if last and _PRONOUN.match(sentence) else [])
        last = named[0] if named else last if about else ""
        speech = bool(_SPEECH.search(sentence))
        for person in about:
            speakers[person] += speech
            for _ in range(1 + 2 * speech):
                beside.setdefault(person, Counter()).update(n for n in names if n in topics)
    return mentions, speakers, beside, referred


def suggest(stories: Sequence[Story], count: int = 3) -> tuple[str, ...]:
    """Up to `count` questions about `stories` (newest first): the latest on a story, what a person said
    about something, who someone is; titles when the stories name nothing. Empty only for no stories."""
    out: list[str] = []
    used: set[str] = set()
    newest = next((s for s in stories if s.topics), None)
    if newest:
        topic = _best(newest.topics, newest.in_title)
        out.append(f"What's the latest on {_the(topic, newest)}?")
        used.add(topic)
    # the newest story's most quoted person first (anyone quoted before anyone merely named)
    speakers = sorted(((s.speakers[p] > 0, -i, s.speakers[p] * 2 + s.people[p], p, s) for i, s in enumerate(stories)
                       for p in s.people), key=lambda c: c[:3], reverse=True)
    if speakers:
        *_, person, story = speakers[0]
        beside = Counter({t: n * 3 + story.topics[t] for t, n in story.beside.get(person, Counter()).items()
                          if t not in used and story.topics[t] > 1})  # not a name said once beside them (their employer)
        topic = _best(beside, story.in_title)  # what they spoke about; nothing else (a question they can't answer)
        said = surname(person) if story.referred[person] else person  # as the story (and a reader) calls them
        out.append(f"What did {said} say about {_the(topic, story)}?" if topic else f"What did {said} say?")
        used.update((person, topic))
        others = [p for *_, p, _ in speakers if p not in used and surname(p) != surname(person)]
        if others:
            out.append(f"Who is {others[0]}?")
    for story in stories:  # nothing named: the titles themselves
        if len(out) >= count:
            break
        title = _short(story.record.title)
        if title and not any(title in q for q in out):
            out.append(f"Summarize “{title}”")
    return tuple(dict.fromkeys(out))[:count]


def _fits(name: str, lower: set[str], outlet_names: set[str]) -> bool:
    """A name worth asking about: not an outlet's, not an ordinary word capitalised, not a nationality."""
    words = name.split()
    if len(words) > 4 or name.lower() in outlet_names:
        return False
    if len(words) == 1 and (name.lower() in lower or _NATIONALITY.search(name) or _MONTH.fullmatch(name)
                            or (name.isupper() and len(name) > 4)):
        return False
    return not (name.isascii() and len(name) < 2)


def _heading(line: str) -> bool:
    """A section heading in Title Case ("Focus on Critical Minerals and Energy Cooperation"): not prose."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and not re.search(r"[.!?]\s*$", line.strip()) and \
        sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _best(counts: Counter[str], preferred: Collection[str]) -> str:
    """The most frequent name, one in the title first among equals."""
    if not counts:
        return ""
    return max(counts, key=lambda n: (counts[n] + (1.5 if n in preferred else 0), len(n)))


def _the(name: str, story: Story) -> str:
    """'the United States' where the story says so ("United States" alone reads wrong in a question)."""
    return f"the {name}" if name in story.with_the else name


def _short(title: str) -> str:
    title = " ".join(title.split()).rstrip(".")
    if len(title) <= _TITLE_CHARS:
        return title
    cut = title[:_TITLE_CHARS]
    return (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(",;:") + "…"
