"""Evidence: the sentences of the retrieved chunks, read in context and scored for the question.

- `sentences_of(hit)`: a chunk's sentences with their offsets in the article, each with its
  leading pronoun resolved ("He described ..." after "Rubio expressed ..." reads "Rubio
  described ...") and its speaker (the named subject, if any). Headings, captions, fragments
  and the article's own questions are skipped. A "she said" before the chunk names anyone is
  whoever the chunk before it (when retrieved too) left speaking (`talker_after`); a post the
  article embeds ("… — Ilya Sutskever (@ilyasut) November 20, 2023") is its signer's words.
- `question_terms(text)`: stemmed content terms with weights (names 2, numbers 1.5, others 1).
- `Scorer.score(question, hits)`: every candidate sentence scored on weighted term overlap
  (with the sentence before it when it leans on it: "These resources ..."), the chunk's rank and,
  for "what did X say", whether X is the speaker; the best few also on embedding similarity to
  the question. Returns `Scored` items, best first.

Deliberately not here: what the question means (`question.py`), choosing and wording the
answer (`decide.py`, `compose.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

import numpy as np

from bot.attribution import QUOTE_MARK, also_known_as, attributed, continues, lead_subject, reporting
from bot.names import capitalised_words, named_pattern, names_in, opens_name, person_like
from index.chunk import split_sentences
from index.embed import Embedder
from index.keyword import fold, terms
from index.terms import sentence_terms as read_sentence_terms
from newsbot.types import Hit, Turn

__all__ = ["Sentence", "Scored", "Scorer", "Weights", "sentences_of", "sentence_terms", "question_terms", "Vocabulary",
           "speaker_words", "quotes", "quotes_words", "quoted_words", "SPEECH"]

_LEANS = re.compile(r"^(These|This|Those|That|They|Their|It|Its|Such|He|She|His|Her)\b")
_PRONOUN_START = re.compile(r"^(He|She)\b(?=\s+(?:also\s+|later\s+|then\s+|further\s+)?[a-z])")
_TITLED = re.compile(r"^(?:(?:US|U\.S\.|UK|Former|Secretary|Minister|Prime|President|State|Department|Deputy|Principal|"
                     r"Spokesperson|Chief|Executive|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|General|Gen\.|Dr\.|Mr\.|Mrs\.|"
                     r"Ms\.|of|the|The|Foreign|Defense|Defence|Finance|Interior|Vice|CEO|Chair|Chairman|Chairwoman)\s+)+")
_FILLER = frozenset(terms("what which who whom whose when where why how did does do say said says tell told describe described "
                          "report reported reports according article articles news mention mentioned talk talked think "
                          "thought anything something else also please summarize summarise explain list give show many much"))


class Vocabulary(Protocol):
    """Term statistics of the whole index (the keyword index provides them)."""

    unseen: float

    def idf(self, term: str) -> float: ...


@dataclass(frozen=True)
class Sentence:
    """A candidate answer sentence: the exact quote plus what it means in context."""

    text: str
    resolved: str
    start: int
    end: int
    hit: Hit
    rank: int
    speaker: str
    context: str = ""  # the previous sentence, when this one leans on it ("These resources ...")
    before: str = ""  # the sentence before it in the chunk, whatever it is
    after: str = ""  # the sentence after it in the chunk
    said_by: str = ""  # whose words it quotes, as the article names them (`attribution.py`), "" when it quotes no one


@dataclass
class Scored:
    """A sentence with its score for one question; `similarity` is the embedding cosine (shortlist only)."""

    sentence: Sentence
    score: float
    vector: np.ndarray
    overlap: float = 0.0
    similarity: float = 0.0


@dataclass(frozen=True)
class Weights:
    """Scoring weights (measured: docs/BENCHMARKS.md, seed questions and MultiHop-RAG dev)."""

    similarity: float = 0.55
    overlap: float = 0.35
    rank: float = 0.10
    speaker: float = 0.15
    quoted: float = 0.15  # "what did X say": a sentence quoting X's own words, attributed to X
    lede: float = 0.08  # a two- or three-word question: an article's opening sentence
    newest: float = 0.25  # "latest ...": the newest article's sentences
    reason: float = 0.15  # "why ...": a sentence giving a cause
    context: float = 0.8
    shortlist: int = 14


def sentences_of(hit: Hit, rank: int = 0, talker: str = "") -> list[Sentence]:
    """The chunk's sentences (headings and fragments skipped), pronouns resolved within the chunk; a "she said" before
    it names anyone is `talker`'s (who the chunk before it left speaking: `talker_after`)."""
    return [Sentence(text=text, resolved=resolved, start=hit.start + start, end=hit.start + end, hit=hit, rank=rank,
                     speaker=speaker, context=context, before=before, after=after, said_by=said_by)
            for text, resolved, start, end, speaker, context, before, after, said_by in _read(hit.body, talker)[0]]


def talker_after(hit: Hit) -> str:
    """Who a "he said" right after the chunk refers to: the person it last reported as speaking, or its last subject."""
    return _read(hit.body)[1]


@lru_cache(maxsize=8192)
def _read(body: str, talker: str = "") -> tuple[tuple[tuple[str, str, int, int, str, str, str, str, str], ...], str]:
    """`sentences_of` for a chunk body, offsets within the body, and who is speaking at its end: remembered per body
    (chunks recur across questions, and reading one costs ~0.2 ms of name finding)."""
    posted = _posts(body)
    spans = _whole_quotes(body, split_sentences(body))
    out = []
    subject = previous = ""
    known = capitalised_words(body)
    quoting = ""  # whose words the sentence before quoted; `talker`: who a "he said" refers to
    open_quote = False  # the sentence before left a quotation open ("“… a rain delay? It's ridiculous.”" goes on)
    for i, (start, end) in enumerate(spans):
        text, before = body[start:end], previous
        previous = text
        talker = _person(lead_subject(text, body, known)) or talker
        said_by = attributed(text, talker)
        if not said_by and quoting and (continues(text) or open_quote):
            said_by = quoting  # a quote with no attribution of its own, after one that had one: the same speaker's words
        quoting = said_by
        said_by = said_by or next((name for a, b, name in posted if a <= start < b), "")  # (a post is no quotation)
        open_quote = _still_quoting(text, open_quote)
        spoke = said_by or reporting(text)
        talker = _person(spoke) or talker  # a "she" is a person, not the EU
        lead = _lead_name(text)
        owner = re.sub(r"['’]s$", "", lead)  # "Bankman-Fried’s lawyers argued ...": a later "he" is him, the speaker is not
        if owner:
            subject = owner
        pronoun = _PRONOUN_START.match(text)
        quoted_by = _QUOTED_BY.search(text)  # '"... a home that stays warm," she told a briefing': the last person named
        speaker = (lead if lead == owner else "") or (subject if pronoun or quoted_by else "")
        if len(text.split()) < 4 or not re.search(r"[.!?\"”’)]$", _SIGNED.sub("", text)):
            continue  # headings, captions, fragments
        if text.rstrip(" \"”’')").endswith("?"):
            continue  # an article's own question answers nothing
        referent = said_by if pronoun and said_by and not any(word in text for word in said_by.split()) else subject
        resolved = (_surname(referent) + text[pronoun.end():]) if pronoun and referent else _SIGNED.sub("", text)
        # ("He said “…”": its speaker; a post's words without its signature)
        context = before if _LEANS.match(text) and not (pronoun and subject) else ""
        if said_by and not context and not any(word in text for word in said_by.split()):
            context = before  # "“…,” he told The Associated Press": what the words are about is said before them
        after = body[spans[i + 1][0]:spans[i + 1][1]] if i + 1 < len(spans) else ""
        out.append((text, resolved, start, end, speaker, context, before, after, said_by))
    return tuple(out), talker


def _posts(body: str) -> list[tuple[int, int, str]]:
    """(start, end, author) of each post the chunk embeds, signed at its end the way embedded posts are ("I deeply
    regret my participation in the board's actions. … — Ilya Sutskever (@ilyasut) November 20, 2023"): the author's
    own words, though no quotation marks hold them (a post that quotes someone is theirs, not the author's)."""
    out = []
    for paragraph in re.finditer(r"[^\n]+", body):
        signed = _SIGNED.search(paragraph.group(0))
        if signed and person_like(signed.group("name")) and not QUOTE_MARK.search(paragraph.group(0)):
            out.append((paragraph.start(), paragraph.end(), signed.group("name")))
    return out


_SIGNED = re.compile(r"\s*[—–-]\s*(?P<name>[^—–\n(]{3,60}?)\s*\(@\w+\)\s*[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}\s*$")


def _person(name: str) -> str:
    """`name` when it can be a person's (a full name, or one word not in capitals), else ""."""
    return name if person_like(name) or (" " not in name and not name.isupper()) else ""


def _whole_quotes(body: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences joined while a quotation runs on: '"A cut is not a foregone conclusion. Far from it," Powell said.'
    is one unit, so the words are quoted with who said them (at most three sentences)."""
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i
        while j + 1 < len(spans) and j - i < 2 and _open_quote(body[start:end]) and "\n" not in body[end:spans[j + 1][0]]:
            j += 1
            end = spans[j][1]
        out.append((start, end))
        i = j + 1
    return out


def _open_quote(text: str) -> bool:
    """A quotation opened and not closed ("“A cut is not certain." or '"A cut is not certain.')."""
    if text.count("“") > text.count("”"):
        return True
    return text.count('"') % 2 == 1 and text.lstrip().startswith('"')


@lru_cache(maxsize=8192)
def sentence_terms(body: str) -> tuple[frozenset[str], ...]:
    """The term set of each sentence of a chunk body, remembered per body (chunks recur across questions)."""
    return tuple(frozenset(said) for said in read_sentence_terms(body, remember=True))


def _lead_name(sentence: str) -> str:
    """The person named as the sentence's subject: 'US Secretary of State Marco Rubio met ...' -> 'Marco Rubio'."""
    stripped = _TITLED.sub("", sentence)
    if not opens_name(stripped):  # most sentences: "The company said ...", "In 2023, ..."
        return ""
    names = names_in(stripped, limit=1)
    if not names or not stripped.startswith(names[0]):
        return ""
    rest = stripped[len(names[0]):]
    possessive = re.match(r"['’]s?\b", rest)
    rest = rest[possessive.end():] if possessive else rest
    rest = rest.lstrip()
    if not rest or not rest[0].islower():
        return ""
    return names[0] + (possessive.group(0) if possessive else "")


def _surname(name: str) -> str:
    parts = name.split()
    return parts[-1] if 1 < len(parts) <= 3 else name


def question_terms(question: str) -> dict[str, float]:
    """Stemmed content terms of the question with weights: names 2, numbers 1.5, other words 1."""
    return dict(_question_terms(question))  # a copy: callers may change theirs


@lru_cache(maxsize=4096)
def _question_terms(question: str) -> tuple[tuple[str, float], ...]:
    """`question_terms`, remembered: an answer weighs the same question and claims several times (names found each time)."""
    name_terms = set(terms(" ".join(names_in(question))))
    weights: dict[str, float] = {}
    for term in terms(question):
        if term in _FILLER:
            continue
        weights[term] = 2.0 if term in name_terms else 1.5 if term.isdigit() else 1.0
    return tuple(weights.items())


class Scorer:
    """Scores candidate sentences for a question (lexical for all, embeddings for a shortlist)."""

    def __init__(self, embedder: Embedder, sentence_embedder: Embedder | None = None, vocabulary: Vocabulary | None = None,
                 weights: Weights | None = None) -> None:
        self.embedder = embedder
        self.sentence_embedder = sentence_embedder or embedder
        self.vocabulary = vocabulary
        self.weights = weights or Weights()

    def candidates(self, hits: Sequence[Hit], history: Sequence[Turn] = (), question: str = "") -> list[Sentence]:
        """Every sentence of `hits` once (from its best-ranked chunk), minus those earlier answers gave
        when the question asks for something else ("What else ...")."""
        skip = _already_cited(question, history)
        seen: set[tuple[str, int]] = set(skip)
        out = []
        placed = {(hit.article_id, hit.ordinal): hit for hit in hits}
        for rank, hit in enumerate(hits):
            before = placed.get((hit.article_id, hit.ordinal - 1))  # the chunk it goes on from: who is speaking
            for sentence in sentences_of(hit, rank, talker_after(before) if before else ""):
                key = (hit.article_id, sentence.start)
                if key not in seen:
                    seen.add(key)
                    out.append(sentence)
        return out

    def score(self, question: str, candidates: Sequence[Sentence], speaker: str = "", shortlist: int = 0,
              newest: bool = False, reason: bool = False) -> list[Scored]:
        """Lexical score for every candidate; the best `shortlist` also get embedding similarity. Best first.

        `speaker` favours X's own attributed words ("what did X say"); a question of two or three words favours
        an article's opening sentence (its news); `newest` favours newer articles ("latest on ..."); `reason`
        favours sentences giving a cause ("why ...").
        """
        w = self.weights
        weights = self.term_weights(question)
        total = sum(weights.values()) or 1.0
        speaker_terms = set(terms(speaker))
        said_by = _attribution(speaker, candidates) if speaker else None
        speaking = speaker_words(speaker, candidates) if speaker else set()
        short = len(weights) <= 3
        dates = sorted({c.hit.published_at for c in candidates}) if newest else []
        lexical = []
        for cand in candidates:
            own, leaned = _term_sets(cand.resolved, cand.speaker, cand.context)
            overlap = max(_overlap(weights, own, total), w.context * _overlap(weights, leaned, total))
            score = w.overlap * overlap + w.rank / (1 + cand.rank)
            topical = any(term in own for term in weights if term not in speaker_terms)
            if speaker and topical and cand.speaker and _surname(speaker).lower() in cand.speaker.lower():
                score += w.speaker
            if said_by is not None and _QUOTE_MARK.search(cand.text) and (quotes(cand, speaking) or
                                                                        said_by.search(fold(cand.text)) or
                                                                        said_by.search(fold(cand.after[:80]))):
                score += w.quoted
            if short and cand.start == cand.hit.start and cand.hit.ordinal <= 1:
                score += w.lede  # "fed?": the article's opening sentence says what happened
            if dates:
                score += w.newest * (dates.index(cand.hit.published_at) + 1) / len(dates)
            if reason and _CAUSE.search(cand.text):
                score += w.reason
            lexical.append((score, overlap, cand))
        lexical.sort(key=lambda item: -item[0])
        top = lexical[: shortlist or w.shortlist]
        if not top:
            return []
        qvec = self.embedder.embed([question])[0]
        vectors = self.sentence_embedder.embed([c.resolved for _, _, c in top])
        out = []
        for (score, overlap, cand), vec in zip(top, vectors, strict=True):
            similarity = float(qvec @ vec)
            out.append(Scored(cand, score + w.similarity * similarity, vec, overlap=overlap, similarity=similarity))
        return sorted(out, key=lambda s: -s.score)

    def term_weights(self, question: str) -> dict[str, float]:
        """Question terms weighted by rarity in the index (when known) times the name/number boost."""
        weights = question_terms(question)
        if self.vocabulary is not None and self.vocabulary.unseen > 0:
            unseen = self.vocabulary.unseen  # softened: common terms count half, the rarest one and a half
            weights = {term: w * (0.5 + self.vocabulary.idf(term) / unseen) for term, w in weights.items()}
        return weights


@lru_cache(maxsize=16384)
def _term_sets(resolved: str, speaker: str, context: str) -> tuple[frozenset[str], frozenset[str]]:
    """A candidate's own terms (its resolved text's and its speaker's) and those with the sentence it leans on added:
    remembered, as one answer scores the same candidates for the question and then for each of its claims."""
    own = frozenset(terms(resolved)).union(terms(speaker))
    return own, own | frozenset(terms(context))


_QUOTE_MARK = QUOTE_MARK
_QUOTED_BY = re.compile(r"[”\"],?\s+(?:he|she)\s+(?:said|says|told|added|wrote|explained|insisted|warned|argued)\b")
SPEECH = _SPEECH = (r"(?:said|says|say|told|tells|wrote|writes|added|adds|posted|tweeted|explained|insisted|argued|stated|noted|"
                   r"warned|replied)")


_CAUSE = re.compile(r"\b(?:because|due to|as a result|in order to|so that|to spend|to focus|citing|cited|reasons?|amid|blamed|"
                    r"over concerns|led to|caused|after failing|failed to|was leaving to|wanted to)\b", re.IGNORECASE)


def _still_quoting(text: str, was_open: bool) -> bool:
    """Whether a quotation is still open at the end of `text`, given whether one was open at its start."""
    state = was_open
    for char in text:
        if char == "“":
            state = True
        elif char == "”":
            state = False
        elif char == '"':
            state = not state
    return state


def speaker_words(speaker: str, candidates: Sequence[Sentence] = ()) -> set[str]:
    """The accent-free words that name a speaker in the articles: their name's words, and those of the same name
    given in another script ("Wang Jing (王静)" for "王静", and the other way round)."""
    forms = {speaker}
    for cand in candidates:
        if "known as" in cand.text:  # "Changpeng Zhao, also known as “CZ,”" for "cz"
            forms.update(other for name, alias in also_known_as(cand.text) for asked, other in ((name, alias), (alias, name))
                         if fold(asked.lower()) == fold(speaker.lower()) or fold(_surname(asked).lower()) == fold(speaker.lower()))
        if "(" not in cand.text:
            continue  # both forms need one; most sentences have none, and the pattern costs ~1 ms to compile
        for match in named_pattern(rf"([^\W\d_][\w'’-]+(?:\s+[^\W\d_][\w'’-]+){{0,2}})\s*\(\s*{re.escape(speaker)}\s*\)|"
                                   rf"{re.escape(speaker)}\s*\(\s*([^\W\d_][\w'’-]+(?:\s+[^\W\d_][\w'’-]+){{0,2}})\s*\)",
                                   re.IGNORECASE).finditer(cand.text):
            forms.add(match.group(1) or match.group(2))
    words = {fold(w.lower()) for form in forms for w in form.split() if len(w) >= 3 or not w.isascii()}
    words |= {fold(_surname(f).lower()) for f in forms}
    return words | {w.translate(_APOSTROPHES) for w in words} | {w.replace("'", "’") for w in words}  # "o'hara" is O’Hara


_APOSTROPHES = str.maketrans("’‘", "''")


def quotes(sentence: Sentence, words: set[str]) -> bool:
    """The sentence quotes the speaker whose name has `words` (`speaker_words`): the article attributes its quoted
    words to them, by name or by a "he said" that refers to them, or by the first name of theirs its chunk writes in
    full ("Travis said" for "kelce", the chunk naming Travis Kelce)."""
    said_by = fold(sentence.said_by.lower())
    if not said_by:
        return False
    if said_by.split()[-1] in words:  # their surname, not "Sam" alone
        return True
    return " " not in said_by and any(re.search(rf"\b{re.escape(said_by)}\s+{re.escape(w)}\b", _folded(sentence.hit.text))
                                      for w in words if w != said_by)


@lru_cache(maxsize=1024)
def _folded(text: str) -> str:
    return fold(text.lower())


def quotes_words(text: str) -> bool:
    """The sentence quotes someone's words, not only a title in quotation marks ("“Taylor Swift: The Eras Tour”"):
    a quoted stretch with a word in lower case."""
    return any(re.search(r"\b[a-z]{3,}", q) for q in _QUOTED_SPAN.findall(text))


def quoted_words(text: str) -> int:
    """How many words the sentence quotes: a speaker's words, or only a phrase of theirs (“schoolyard bullsh*t”)."""
    return sum(len(q.split()) for q in _QUOTED_SPAN.findall(text))


_QUOTED_SPAN = re.compile(r"[“\"]([^“”\"]*)(?:[”\"]|$)")  # the words between quotation marks (to the end, if unclosed)


def _attribution(speaker: str, candidates: Sequence[Sentence] = ()) -> re.Pattern[str]:
    """ "Brockman said", "said Brockman", "Brockman wrote in a post": X named next to a speech verb, in accent-free text."""
    words = speaker_words(speaker, candidates)
    name = "(?:" + "|".join(re.escape(w) + (r"\w{0,2}" if len(w) >= 5 else "") for w in sorted(words, key=len, reverse=True)) + ")"
    return named_pattern(rf"\b{name}\b[^.“”\"]{{0,40}}\b{_SPEECH}\b|\b{_SPEECH}\s+(?:\w+\s+){{0,3}}?{name}\b", re.IGNORECASE)


def _overlap(weights: dict[str, float], present: AbstractSet[str], total: float) -> float:
    return sum(w for term, w in weights.items() if term in present) / total


def _already_cited(question: str, history: Sequence[Turn]) -> set[tuple[str, int]]:
    """For "what else ..." questions, the sentences earlier answers already gave."""
    if not history or not re.search(r"\b(else|other|another|besides|more)\b", question, re.IGNORECASE):
        return set()
    return {(c.article_id, c.start) for turn in history for c in turn.answer.citations}
