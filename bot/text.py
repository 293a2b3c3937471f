"""Reading questions and sentences without a language model: names, speakers, pronouns, key terms.

- `sentences_of(hit)`: a chunk's sentences with their offsets in the article, each with its
  leading pronoun resolved ("He described ..." after "Rubio expressed ..." reads "Rubio
  described ...") and its speaker (the named subject, if any).
- `names_in(text)`: capitalised names ("Marco Rubio", "Balochistan Liberation Army").
- `speaker_of(question)`: X in "what did X say / announce / condemn", "X's remarks", "according to X".
- `question_terms(question)`: stemmed content terms with weights (names count double).

Heuristics for English news prose; deliberately not a parser (spaCy NER was measured and not
adopted: docs/BENCHMARKS.md, section entities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.chunk import split_sentences
from index.keyword import terms
from newsbot.types import Hit

__all__ = ["Sentence", "sentences_of", "sentence_terms", "names_in", "speaker_of", "question_terms", "answer_type", "fits_type", "lead_of",
           "PRONOUN_START"]

_LEANS = re.compile(r"^(These|This|Those|That|They|Their|It|Its|Such|He|She|His|Her)\b")
PRONOUN_START = re.compile(r"^(He|She)\b(?=\s+(?:also\s+|later\s+|then\s+|further\s+)?[a-z])")
_NAME = re.compile(r"\b(?:[A-Z][a-zA-Z'’\-]+|[A-Z]{2,})(?:\s+(?:of\s+|de\s+|al-\s*|bin\s+)?(?:[A-Z][a-zA-Z'’\-]+|[A-Z]{2,}))*")
_NOT_NAMES = {
    "what", "who", "whom", "whose", "which", "when", "where", "why", "how", "did", "does", "do", "is", "are", "was",
    "were", "the", "a", "an", "and", "or", "but", "in", "on", "at", "of", "for", "to", "by", "with", "from", "as",
    "i", "he", "she", "they", "we", "it", "his", "her", "their", "its", "this", "that", "these", "those", "there",
    "according", "after", "before", "between", "both", "also", "can", "could", "would", "should", "has",
    "have", "had", "tell", "me", "please", "say", "said", "if", "then", "than", "yes", "no", "not", "all", "any",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
    "secretary", "minister", "prime", "president", "state", "department", "spokesperson", "principal", "deputy",
    "mr", "mrs", "ms", "dr", "i’m", "i'm", "i’ve", "i've", "i’d", "i'd", "i’ll", "i'll", "ceo", "cto", "cfo", "coo",
    "article", "articles", "report", "reports", "news", "news.", "headline", "while", "although", "though", "because",
    "despite", "meanwhile", "however", "since", "until", "during", "some", "many", "most", "our", "my", "your", "you", "so",
}
_ROLES = {"judge", "district", "attorney", "chief", "executive", "officer", "founder", "co-founder", "chairman", "chair",
          "chairwoman", "commissioner", "coach", "senator", "governor", "mayor", "director", "manager", "quarterback",
          "spokesman", "spokeswoman", "prosecutor", "analyst", "reporter", "editor", "correspondent", "professor",
          "general", "justice", "rep", "sen", "gov", "former", "interim", "acting", "vice"}
_TITLES = re.compile(r"^(?:(?:US|U\.S\.|UK|Former|Secretary|Minister|Prime|President|State|Department|Deputy|Principal|"
                     r"Spokesperson|Chief|Executive|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|General|Gen\.|Dr\.|Mr\.|Mrs\.|"
                     r"Ms\.|of|the|The|Foreign|Defense|Defence|Finance|Interior|Vice|CEO|Chair|Chairman|Chairwoman)\s+)+")
_SPEECH = r"say|said|says|tell|told|announce|announced|condemn|condemned|describe|described|call|called|claim|claimed|" \
          r"warn|warned|welcome|welcomed|thank|thanked|note|noted|express|expressed|stress|stressed|praise|praised|" \
          r"criticize|criticise|criticized|criticised|think|thought|believe|argue|argued|reveal|revealed|state|stated|" \
          r"discuss|discussed|mention|mentioned|promise|promised|admit|admitted|deny|denied|suggest|suggested|" \
          r"respond|responded|react|reacted|comment|commented|add|added|write|wrote|do|did|want|wanted|plan|planned"
_SPEAKER_PATTERNS = [
    re.compile(rf"\b(?:did|does|do|has|have|had|will|would)\s+(?P<who>.+?)\s+(?:{_SPEECH})\b", re.IGNORECASE),
    re.compile(r"\baccording to\s+(?P<who>.+?)(?:[,?.]|$)", re.IGNORECASE),
    re.compile(r"\b(?P<who>[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+)*)['’]s\s+"
               r"(?:remarks|comments|statement|words|view|position|response|reaction)", re.IGNORECASE),
    re.compile(rf"^(?:how|what)\s+(?:has|have|did|does)\s+(?P<who>.+?)\s+(?:{_SPEECH})", re.IGNORECASE),
]
_FILLER = set(terms("what which who whom whose when where why how did does do say said says tell told describe described "
                    "report reported reports according article articles news mention mentioned talk talked think "
                    "thought anything something else also please"))


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


def sentences_of(hit: Hit, rank: int = 0) -> list[Sentence]:
    """The chunk's sentences (headings and fragments skipped), pronouns resolved within the chunk."""
    body = hit.body
    out: list[Sentence] = []
    subject = previous = ""
    for start, end in split_sentences(body):
        text, before = body[start:end], previous
        previous = text
        words = text.split()
        lead = _lead_name(text)
        owner = re.sub(r"['’]s$", "", lead)  # "Bankman-Fried’s lawyers argued ...": a later "he" is him, the speaker is not
        if owner:
            subject = owner
        pronoun = PRONOUN_START.match(text)
        speaker = (lead if lead == owner else "") or (subject if pronoun else "")
        if len(words) < 4 or not re.search(r"[.!?\"”’)]$", text):
            continue  # headings, captions, fragments
        resolved = (_surname(subject) + text[pronoun.end():]) if pronoun and subject else text
        context = before if _LEANS.match(text) and not (pronoun and subject) else ""
        out.append(Sentence(text=text, resolved=resolved, start=hit.start + start, end=hit.start + end, hit=hit,
                            rank=rank, speaker=speaker, context=context))
    return out


@lru_cache(maxsize=8192)
def sentence_terms(body: str) -> tuple[frozenset[str], ...]:
    """The term set of each sentence of a chunk body, remembered per body (chunks recur across questions)."""
    return tuple(frozenset(terms(body[a:b])) for a, b in split_sentences(body))


def _lead_name(sentence: str) -> str:
    """The person named as the sentence's subject: 'US Secretary of State Marco Rubio met ...' -> 'Marco Rubio'."""
    stripped = _TITLES.sub("", sentence)
    match = _NAME.match(stripped)
    if not match:
        return ""
    name = match.group(0)
    rest = stripped[match.end():].lstrip()
    first = name.split()[0].lower()
    if first in _NOT_NAMES or not rest or not rest[0].islower():
        return ""
    return name


def _surname(name: str) -> str:
    parts = name.split()
    return parts[-1] if len(parts) > 1 and len(parts) <= 3 else name


def names_in(text: str, known: frozenset[str] | None = None) -> list[str]:
    """Capitalised names in `text`, longest form first, question words and titles dropped.

    `known`, when given, says `text` is a sentence and holds the words seen capitalised inside
    sentences nearby. Then names are read strictly: the sentence's first word counts only if
    known ("Loading Google ..." names "Google"), and a title, a stop word or a possessive ends a
    name instead of being dropped from it ("Google CEO Sundar Pichai" names "Google" and "Sundar
    Pichai"; "OpenAI's ChatGPT" names "OpenAI" and "ChatGPT").
    """
    names: list[str] = []
    opening = len(text) - len(text.lstrip(" \"“‘'("))
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        if known is None:
            groups = [[w for w in words if re.sub(r"['’]s?$", "", w.lower()) not in _NOT_NAMES]]
        else:
            groups = [[]]
            for i, word in enumerate(words):
                bare = re.sub(r"['’]s?$", "", word)
                if (i == 0 and match.start() == opening and word not in known) or bare.lower() in _NOT_NAMES | _ROLES:
                    groups.append([])
                    continue
                groups[-1].append(bare)
                if bare != word:
                    groups.append([])
        for group in groups:
            while group and group[0].lower() in ("of", "de"):
                group.pop(0)
            name = re.sub(r"['’]s?$", "", " ".join(group).strip())
            if name and len(name) > 2 and name not in names:
                names.append(name)
    return names


def speaker_of(question: str) -> str:
    """Who the question asks about as a speaker or actor, if anyone."""
    for pattern in _SPEAKER_PATTERNS:
        match = pattern.search(question)
        if match:
            names = names_in(match.group("who"))
            if names:
                return names[-1]
    return ""


def question_terms(question: str) -> dict[str, float]:
    """Stemmed content terms of the question with weights: names 2, numbers 1.5, other words 1."""
    name_terms = set(terms(" ".join(names_in(question))))
    weights: dict[str, float] = {}
    for term in terms(question):
        if term in _FILLER:
            continue
        weights[term] = 2.0 if term in name_terms else 1.5 if term.isdigit() else 1.0
    return weights


_NUMBER_WORDS = r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|" \
                r"thousand|million|billion|trillion|dozen|half|percent)\b"
_DATE_WORDS = r"\d|\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|" \
              r"tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|week|month|year|decade|" \
              r"century|morning|evening|night|spring|summer|autumn|fall|winter|ago|earlier|later|since|until|before|after)\b"


_ENTITY_QUESTION = re.compile(
    r"^\s*(?:who\b(?!\s+(?:did|does|do|will|would|should|can|could|else|other|are|were)\b)(?!\s+(?:is|was)\s+(?-i:[A-Z]))"
    r"|(?:which|what)\s+(?:[\w-]+\s+){0,2}?(?:company|organi[sz]ation|entity|firm|person|individual|player|club|team|"
    r"platform|celebrity|figure|group|brand|startup|exchange|agency|artist|athlete|manufacturer|retailer|"
    r"network|band|singer|actor|actress|director|author)\b"
    r"|what\s+is\s+the\s+name\s+of\b)", re.IGNORECASE)


def answer_type(question: str) -> str:
    """'number' for how much/many questions, 'date' for when questions, 'entity' for questions after
    one name ("Who is the individual ...", "Which company ..."; not "Who did X meet?"), else ''."""
    q = question.lower()
    if re.search(r"\bhow (much|many|long|old|far|big|large)\b|\bwhat (percentage|share|amount|number)\b", q):
        return "number"
    if re.search(r"^\s*(and\s+)?when\b|\bwhat (date|day|year|month|time)\b|\bon which (date|day)\b", q):
        return "date"
    if _ENTITY_QUESTION.search(question):
        return "entity"
    return ""


def fits_type(kind: str, text: str) -> bool:
    """Whether `text` could answer a question of that kind (a number, a date)."""
    if kind == "number":
        return bool(re.search(_NUMBER_WORDS, text, re.IGNORECASE))
    if kind == "date":
        return bool(re.search(_DATE_WORDS, text, re.IGNORECASE))
    return True  # an entity question's answer may be a sentence about the entity that doesn't name it


def lead_of(answer_text: str) -> str:
    """The one name an offline answer opens with ("Sam Altman [1]. ..."; see `answer._lead`), or ""."""
    match = re.match(r"([^.\[\]]{1,80}) \[\d+\]\.", answer_text)
    return match.group(1) if match else ""
