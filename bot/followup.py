"""Follow-ups: does a question lean on the conversation, and what does it mean on its own?

`resolve(question, history)` returns a `Resolution`: the standalone query, the articles the last
answer cited (a preference for retrieval), and whether the reading is certain.

- A question with no history, or one whose pronouns have an antecedent inside it ("Why did Sam
  Altman say he was leaving?"), stands alone.
- "he/she" is the person the conversation was about whose gender (read from the pronouns the
  cited articles use for them) fits; "they" is a group or an organisation, or a plural noun the
  last question used ("the rescuers"), never a person plus a place; "it" is the last
  non-person name. "What else did he condemn?" -> "What else did Rubio condemn?".
- "And about security?", "what about X?" replace the last question's topic; a question too
  short to stand alone ("Why?", "when was that?") carries the last question's names.
- A question that has names of its own but also a pronoun without antecedent ("What did they
  find after the dams burst in Derna?" after a question about Rubio) is unclear: the resolution
  offers both forms (`alternative`), and the question reader keeps the one its own retrieval
  supports better.

Deliberately not here: running retrieval to settle an unclear case (`question.py`), LLM
rewriting (`llm.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.names import names_in, org_like, person_like, surname
from bot.outlets import known_outlets
from newsbot.types import Turn

__all__ = ["Resolution", "resolve", "gender_of"]

_PERSON = re.compile(r"\b(he|she|him|her|his|hers|himself|herself)\b", re.IGNORECASE)
_GROUP = re.compile(r"\b(they|them|their|theirs|themselves)\b", re.IGNORECASE)
_THING = re.compile(r"\b(it|its|itself|that|this|those|these|there)\b", re.IGNORECASE)
_ABOUT_ONLY = re.compile(r"^\s*(?:and|but|so|ok|okay)?[,\s]*(?:what|how)?\s*(?:about|on|regarding|concerning)\s+"
                         r"(?P<topic>.+?)\s*[?.!]*\s*$", re.IGNORECASE)
_AND_ONLY = re.compile(r"^\s*and\s+(?P<topic>[^?]{1,60})[?.!]*\s*$", re.IGNORECASE)
_LEADS = re.compile(r"^\s*(?:and|also|so|but|what else|anything else|any other|how about|what about|more on|tell me more|"
                    r"go on|how come|really|same for|and then)\b", re.IGNORECASE)
_MALE = re.compile(r"\b(he|him|his|himself)\b", re.IGNORECASE)
_FEMALE = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)
# Plural nouns for people acting ("the rescuers", "the protesters"): what "they" can mean; "the dams" can't act.
_AGENTS = re.compile(r"(?:ers|ors|ists|ians|ants|ents|people|officials|police|forces|troops|teams|fans|voters|leaders|"
                     r"members|staff|authorities|residents|families|volunteers|crews|players|doctors|judges|lawmakers)$")
_ANY_PRONOUN = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)
_PLACE_CUE = re.compile(r"\b(?:in|at|to|from|near|across|outside|inside|into)\s+(?:the\s+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Resolution:
    """A question read against the conversation. `alternative` is set when the reading is unclear."""

    query: str
    prefer: tuple[str, ...] = ()
    rewritten: bool = False
    alternative: str = ""
    keep_on_tie: bool = False  # "they" in a question with names of its own: as well supported, it stands alone


def resolve(question: str, history: Sequence[Turn]) -> Resolution:
    """The standalone form of `question` given the turns before it (see the module docstring)."""
    question = question.strip()
    if not history:
        return Resolution(question)
    last = history[-1]
    previous = last.answer.query or last.question
    prefer = tuple(dict.fromkeys(c.article_id for c in last.answer.citations))
    about = _ABOUT_ONLY.match(question) or _AND_ONLY.match(question)
    if about and not _PERSON.search(question) and len(about.group("topic").split()) <= 8:
        topic = about.group("topic").rstrip("?. ")
        if re.search(r"\babout\s+.+$", previous, re.IGNORECASE):
            query = re.sub(r"\babout\s+.+?(\?|$)", f"about {topic}?", previous, count=1, flags=re.IGNORECASE)
        else:
            query = f"{previous.rstrip('?. ')} — {topic}?"
        return Resolution(query, prefer, rewritten=True)
    own = names_in(question)
    loose = _loose_pronouns(question, own)
    short = len(re.findall(r"[^\W\d_]{3,}", question)) <= 3 and not own
    if not loose and not short and not _LEADS.search(question):
        return Resolution(question)
    query = _substitute(question, loose, last, previous)
    unresolved_group = any(m.group(1).lower() in ("they", "them", "their", "theirs", "themselves") for m in loose)
    if query == question and (short or _LEADS.search(question) or unresolved_group) and not own:
        carried = [n for n in names_in(previous) if n.lower() not in question.lower()]
        topic = _topic(previous)
        extra = carried + ([topic] if topic and topic.lower() not in " ".join(carried).lower() else [])
        if extra:
            query = f"{question.rstrip('?. ')} ({', '.join(extra)})?"
    if query == question:
        return Resolution(question)
    unclear = bool(own) and not _LEADS.search(question)
    group = any(m.group(1).lower() in ("they", "them", "their", "theirs", "themselves") for m in loose)
    return Resolution(query, prefer, rewritten=True, alternative=question if unclear else "", keep_on_tie=unclear and group)


def _loose_pronouns(question: str, own: list[str]) -> list[re.Match[str]]:
    """Pronouns in `question` with no antecedent before them inside the question itself."""
    loose = []
    for pattern, fits in ((_PERSON, _is_person_name), (_GROUP, lambda n: not _is_person_name(n)), (_THING, lambda n: True)):
        for match in pattern.finditer(question):
            before = question[: match.start()]
            if pattern is _THING and match.group(1).lower() in ("that", "this", "those", "these", "there") and \
                    not re.search(r"\b(?:was|is|were|are|did|does|do|of|about|after|before)\s*$", before, re.IGNORECASE):
                continue  # "that"/"this" as a determiner or conjunction ("this week", "said that ...") refers to nothing
            if pattern is _GROUP and re.search(r"\b(?:the\s+)?\w+s\b\s+(?:\w+\s+){0,4}$", before) and \
                    re.search(r"\bthe\s+[a-z]+s\b", before):
                continue  # "What did the rescuers say they found?": "the rescuers" is the antecedent
            if any(fits(name) and before.find(name) >= 0 for name in own):
                continue
            loose.append(match)
    return loose


def _is_person_name(name: str) -> bool:
    return person_like(name)


def _substitute(question: str, loose: list[re.Match[str]], last: Turn, previous: str) -> str:
    """`question` with each loose pronoun replaced by who or what it refers to in the conversation."""
    people = _people(last, previous)
    groups = _groups(last, previous)
    things = [n for n in names_in(previous) if not _is_person_name(n)] or groups
    out, cursor = [], 0
    for match in sorted(loose, key=lambda m: m.start()):
        word = match.group(1)
        lower = word.lower()
        if lower in ("he", "him", "his", "himself", "she", "her", "hers", "herself"):
            wanted = "male" if lower in ("he", "him", "his", "himself") else "female"
            name = next((p for p, g in people if g == wanted), "") or next((p for p, g in people if not g), "")
            name = surname(name) if name and " " in name and _said_alone(last, surname(name)) else name
            replacement = (_possessive(name) if lower in ("his", "hers") or (lower == "her" and _possessive_her(question, match))
                           else name)
        elif lower in ("they", "them", "their", "theirs", "themselves"):
            replacement = groups[0] if groups else ""
            if replacement and lower.startswith("their"):
                replacement = _possessive(replacement)
        else:
            if lower in ("there",):
                continue
            replacement = things[0] if things else ""
            if replacement and lower == "its":
                replacement = _possessive(replacement)
        if not replacement:
            continue
        out.append(question[cursor:match.start()])
        out.append(replacement)
        cursor = match.end()
    out.append(question[cursor:])
    return "".join(out)


def _people(last: Turn, previous: str) -> list[tuple[str, str]]:
    """(person, gender or "") the conversation is about, most likely first: the last question's speaker
    or person, the name its answer led with, then the people its answer talked about."""
    from bot.kinds import speaker_of

    candidates: list[str] = []
    speaker = speaker_of(previous)
    if speaker:
        candidates.append(speaker)
    if last.answer.verdict and person_like(last.answer.verdict):
        candidates.append(last.answer.verdict)
    candidates += [n for n in names_in(previous) if person_like(n)]
    text = last.answer.text
    answer_names = [n for n in names_in(text) if person_like(n)]
    recurring = [n for n in answer_names if len(re.findall(rf"(?<!\w){re.escape(surname(n))}(?!\w)", text)) > 1]
    candidates += [n for n in names_in(previous) if len(n.split()) == 1 and _mentioned_as_person(last, n)]
    asked = list(candidates)
    bodies = " ".join(dict.fromkeys(h.body for h in last.answer.hits))
    quoted = " ".join(re.findall(r"[“\"]([^”\"]{1,80})[”\"]", bodies + " " + text))
    candidates += [n for n in recurring + answer_names + [n for n in names_in(bodies) if person_like(n)]
                   if n not in quoted]  # the people the answer and its articles mention (not titles in quotes)
    seen: dict[str, str] = {}
    for name in candidates:
        full = _full_name(name, last)
        if full not in seen:
            seen[full] = gender_of(full, last)
    asked_full = {_full_name(n, last) for n in asked}
    return sorted(seen.items(), key=lambda item: item[0] not in asked_full and not item[1])  # asked about or gendered first


def _groups(last: Turn, previous: str) -> list[str]:
    """Organisations and groups "they" may mean: non-person, non-place names of the last question
    (then of its answer), else the last plural noun phrase it used ("the rescuers")."""
    outlets = {o.lower() for row in known_outlets() for o in row} | {h.source.lower() for h in last.answer.hits}
    names = [n for n in names_in(previous) if not _is_person_name(n) and not _is_place(n, last)]
    names += [n for n in names_in(last.answer.text) if not _is_person_name(n) and not _is_place(n, last) and n not in names
              and n.lower() not in outlets]
    names.sort(key=lambda n: not org_like(n))  # an organisation first: "they" is the Red Crescent, not the city
    plural = [p for p in re.findall(r"\bthe\s+((?:[a-z]+\s+)?[a-z]+s)\b", previous) if _AGENTS.search(p)]
    return names[:1] + ([f"the {plural[-1]}"] if plural else []) + names[1:]


def _is_place(name: str, last: Turn) -> bool:
    """Seen mostly after 'in/at/from ...' in the cited articles: a place, which 'they' never means."""
    text = " ".join(h.text for h in last.answer.hits) + " " + last.answer.text + " " + last.question
    cues = total = 0
    for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
        total += 1
        cues += bool(_PLACE_CUE.search(text[max(0, m.start() - 12):m.start()]))
    return total > 0 and cues / total >= 0.5


def gender_of(name: str, last: Turn) -> str:
    """'male', 'female' or '' for a person: the pronoun the last answer's articles use first after
    naming them (with no other person named in between), by majority."""
    text = " ".join(dict.fromkeys(h.body for h in last.answer.hits)) + " " + last.answer.text
    votes = {"male": 0, "female": 0}
    for form in {name, surname(name)}:
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
            window = text[m.end():m.end() + 200]
            pronoun = _ANY_PRONOUN.search(window)
            if not pronoun or any(person_like(n) and n != name for n in names_in(window[: pronoun.start()])):
                continue
            votes["male" if _MALE.fullmatch(pronoun.group(1)) else "female"] += 1
    if votes["male"] > 2 * votes["female"]:
        return "male"
    if votes["female"] > 2 * votes["male"]:
        return "female"
    return ""


def _full_name(name: str, last: Turn) -> str:
    """A surname alone ("Rubio") as the full name the cited text gives it ("Marco Rubio"), when there is one."""
    if " " in name:
        return name
    text = " ".join(h.body for h in last.answer.hits)
    match = re.search(rf"\b((?:[A-Z][\w'’\-]+\s+){{1,2}}){re.escape(name)}\b", text)
    if match:
        full = (match.group(1) + name).strip()
        return full if person_like(full) and names_in(full) == [full] else name
    return name


def _mentioned_as_person(last: Turn, name: str) -> bool:
    return gender_of(name, last) != ""


def _said_alone(last: Turn, word: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", last.answer.text + " " + (last.answer.query or last.question)))


def _possessive_her(question: str, match: re.Match[str]) -> bool:
    """'her' as a possessive ("her brother") rather than an object ("thank her")."""
    after = question[match.end():].lstrip()
    return bool(re.match(r"[a-z]", after)) and not re.match(r"(?:for|to|about|and|or|with|in|on|at|by|from|as|after|before|"
                                                           r"because|if|that|when|while)\b", after)


def _possessive(name: str) -> str:
    return name + ("’" if name.endswith("s") else "’s")


def _topic(question: str) -> str:
    match = re.search(r"\babout\s+(.+?)\??$", question, re.IGNORECASE)
    return match.group(1) if match else ""
