"""Who holds a role: "spotify cfo?", "who's the ceo of rogers communications", "kick's co-founder?".

`role_asked(question)` reads the role and the organisation a question asks after, or None;
`role_holder(asked, sentences)` finds the person the articles give that role at that organisation, written the way
news writes it: "CFO Paul Vogel", "Rogers CEO Tony Staffieri", "Joshua Silver, Rainforest's chief executive",
"the company's founder, Kevin Lewandowski". The organisation must be named by the sentence, the one before it or its
article's title; the holder is the name written most often so (a tie goes to the better-ranked sentence).

`asked_occupation(question)` reads the occupation of the person a question asks for ("which x engineer", "who's the
israeli ambassador", "... as the new wallabies coach?"), `titles(name, text)` the words a text writes as a name's
title, and `role_clash(question, name, item)` says when a chunk titles a name only with other occupations than the one
asked ("WordPress founder Matt Mullenweg" is no engineer).

Deliberately not here: which sentences to read (`answer.py`), what the answer says (`decide.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.evidence import Scored, Sentence
from bot.names import OPENERS, named_pattern, person_like
from bot.stance import mentions
from index.keyword import STOPWORDS, terms
from newsbot.types import Question

__all__ = ["Role", "asked_occupation", "held_elsewhere", "role_asked", "role_clash", "role_holder", "titles"]

_ROLE = (r"chief executive(?: officer)?|chief financial officer|chief technology officer|chief operating officer|"
         r"chief product officer|chief marketing officer|ceo|cfo|cto|coo|cpo|cmo|co-?founder|founder|chairman|chairwoman|"
         r"chair|president|head coach|coach|manager|owner|editor-in-chief|editor|spokesperson|spokesman|spokeswoman|"
         r"general manager|director")
_SHORT = {"chief executive": "ceo", "chief executive officer": "ceo", "chief financial officer": "cfo",
          "chief technology officer": "cto", "chief operating officer": "coo", "cofounder": "co-founder"}
_ASKED = (
    # "who's the ceo of rogers communications", "who is the current head coach at oregon state"
    re.compile(rf"^(?:who(?:['’]s|s| is| was| are| were)?|name|tell me|what(?:['’]s| is) the name of)\s+(?:the\s+)?(?:current\s+|new\s+)?"
               rf"(?P<role>{_ROLE})\s+(?:of|at|for)\s+(?:the\s+)?(?P<org>[^,?]+?)(?:,.*)?\??$", re.IGNORECASE),
    # "who founded discogs", "who started rainforest"
    re.compile(r"^who\s+(?P<role>founded|co-?founded|started|created)\s+(?:the\s+)?(?P<org>[^,?]+?)(?:,.*)?\??$", re.IGNORECASE),
    # "who heads china research at 22V Research?": the head of a team, named by what it does
    re.compile(r"^who\s+(?:heads|leads|is (?:the\s+)?head of|is in charge of)\s+(?:the\s+)?(?P<role>[^,?]+?)\s+(?:at|for)\s+(?:the\s+)?"
               r"(?P<org>[^,?]+?)(?:,.*)?\??$", re.IGNORECASE),
    # "spotify cfo?", "who's kick's ceo", "boston dynamics cto name?"
    re.compile(rf"^(?:(?:who(?:['’]s|s| is| was)?|name|what(?:['’]s| is) the name of)\s+)?(?:the\s+)?(?P<org>[^,?]+?)(?:['’]s)?\s+"
               rf"(?:current\s+|new\s+)?(?P<role>{_ROLE})(?:['’]s name|\s+name)?(?:,.*)?\??$", re.IGNORECASE),
)
_NAME = r"(?P<name>[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|da|di|bin|al)){1,3})"


@dataclass(frozen=True)
class Role:
    role: str  # "ceo", "co-founder", "head coach"
    org: str  # as typed: "spotify", "rogers communications"


def role_asked(question: str) -> Role | None:
    """The role and the organisation `question` asks the holder of, or None."""
    text = " ".join(question.strip().split())
    for pattern in _ASKED:
        match = pattern.match(text)
        if match and _organisation(match.group("org")):
            role = match.group("role").lower()
            if role in ("founded", "started", "created", "cofounded", "co-founded"):
                role = "co-founder" if role.startswith("co") else "founder"
            elif not re.fullmatch(_ROLE, role, re.IGNORECASE):
                role = "head of " + role  # "who heads china research": "head of China research"
            return Role(_SHORT.get(role, role), match.group("org").strip(" '’\""))
    return None


def _organisation(text: str) -> bool:
    """`text` can be an organisation's name as typed: one to five words, none a small word or a verb form ("did they
    fire the" is not one)."""
    words = text.lower().split()
    return 1 <= len(words) <= 5 and not re.fullmatch(r"\w+(?:ed|ing)", words[0]) and not any(
        (w in STOPWORDS and w not in ("of", "and", "&")) or w in OPENERS for w in words)


def role_holder(asked: Role, sentences: Sequence[Sentence]) -> tuple[str, Sentence] | None:
    """The person `sentences` name as `asked.role` of `asked.org`, with the first sentence that says so, or None."""
    found: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        around = sentence.resolved + " " + sentence.context + " " + sentence.hit.title
        if not _names_org(asked.org, around):
            continue
        for name, match in _holders(asked, sentence.text):
            if not mentions(name, asked.org) and _of_the_org(asked, sentence.text, match):
                found.setdefault(name, []).append(sentence)
    if not found:
        return None
    name = max(found, key=lambda n: (len(found[n]), -sentences.index(found[n][0])))
    return name, found[name][0]


def _names_org(org: str, text: str) -> bool:
    """`text` names the organisation as typed: whole, by each of its words, or by its first word in any case ("Rogers"
    for "rogers communications", "Spotify" for "spotify")."""
    words = org.split()
    return mentions(org, text) or all(mentions(word, text) for word in words if len(word) > 2) or \
        (len(words[0]) >= 3 and bool(named_pattern(rf"(?<!\w){re.escape(words[0])}(?!\w)", re.IGNORECASE).search(text)))


def held_elsewhere(asked: Role, name: str, text: str) -> bool:
    """`text` gives `name` the role asked at another organisation, or formerly ("Quora CEO Adam Lindqvist" when the
    question asks for Lumora's)."""
    return any(found == name and not _of_the_org(asked, text, match) for found, match in _holders(asked, text))


def _holders(asked: Role, text: str) -> list[tuple[str, re.Match[str]]]:
    """(name, match) for each person `text` writes with the role asked."""
    role = _role_pattern(asked.role)
    patterns: tuple[re.Pattern[str], ...] = (  # compiled once per role (named_pattern remembers them): runs per candidate
        # "CFO Paul Vogel", "Rogers CEO Tony Staffieri", "CEO and co-founder Joshua Silver"
        named_pattern(rf"\b(?:{role})(?:\s+and\s+(?:co-?founder|founder|president|chair(?:man|woman)?))?\s+{_NAME}"),
        # "Joshua Silver, Rainforest's CEO"
        named_pattern(rf"{_NAME},\s+(?:the\s+|its\s+|their\s+|an?\s+)?(?:[\w’'.&-]+\s+){{0,4}}?(?:{role})\b"),
        named_pattern(rf"\b(?:{role})(?:\s+of\s+[\w’'.& -]{{1,40}}?)?,\s+{_NAME}"),  # "the company's founder, Kevin Lewandowski"
        named_pattern(rf"{_NAME}\s+\((?:[^)]*\s)?(?:{role})\b"),  # "Eddie Craven (Kick co-founder)"
        named_pattern(rf"{_NAME}\s+as\s+(?:its\s+|the\s+|their\s+)?(?:new\s+|permanent\s+)?(?:{role})\b"),  # "appointed X as its CEO"
    )
    if asked.role in ("founder", "co-founder"):  # "founded in 2000 by Intel programmer Kevin Lewandowski"
        patterns += (named_pattern(rf"\b(?:co-?)?founded(?:\s+in\s+\d{{4}})?\s+by\s+(?P<desc>(?:[\w’'.&-]+\s+){{0,3}}?){_NAME}"),)
    out = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            name = match.group("name").strip(" .,")
            if person_like(name) and name.split()[0].lower() not in STOPWORDS:  # not "In June, CEO X said"
                out.append((name, match))
    return out


def _of_the_org(asked: Role, text: str, match: re.Match[str]) -> bool:
    """The role in `match` is held at the organisation asked about, now: the names written with it (in the match and the
    two words before it) are that organisation's ("Quora CEO Adam D'Angelo" is no OpenAI CEO), and it is no former
    role ("former FTX CEO")."""
    before = re.split(r"[,;:(—–]", text[: match.start()])[-1].split()[-2:]  # "with TechCrunch, CEO X": not TechCrunch's
    if re.search(r"\b(?:former|ex-|then|interim|acting|outgoing|previous|late)\b", " ".join(before), re.IGNORECASE):
        return False
    said = re.sub(_role_pattern(asked.role), " ", " ".join(before) + " " + match.group(0).replace(match.group("name"), " "))
    after = re.match(r"\s+(?:of|at)\s+(?:the\s+)?([A-Z][\w’'&.-]*(?:\s+[A-Z][\w’'&.-]*)*)", text[match.end():])
    if after and not (mentions(after.group(1), asked.org) or _names_org(asked.org, after.group(1))):
        return False  # "CEO Dana Pike of Larchmont": Larchmont's
    if "desc" in match.groupdict() and match.group("desc"):
        said = said.replace(match.group("desc"), " ")  # "by Intel programmer X": what X did before, not whose founder
    written = [w for w in re.findall(r"\b[A-Z][\w’'&.-]*", said) if not _role_word(w)]
    return all(mentions(w.rstrip("’'s"), asked.org) or mentions(w, asked.org) for w in written)


def _role_word(word: str) -> bool:
    return bool(re.fullmatch(rf"(?:{_ROLE})", word, re.IGNORECASE)) or \
        word.lower() in {"chief", "executive", "officer", "the", "its", "in", "on", "at", "a", "an", "and", "but"}


def _role_pattern(role: str) -> str:
    """The ways news writes `role` ("ceo": "CEO", "chief executive", "chief executive officer")."""
    spelled = {"ceo": r"CEO|[Cc]hief [Ee]xecutive(?: [Oo]fficer)?", "cfo": r"CFO|[Cc]hief [Ff]inancial [Oo]fficer",
               "cto": r"CTO|[Cc]hief [Tt]echnology [Oo]fficer", "coo": r"COO|[Cc]hief [Oo]perating [Oo]fficer",
               "co-founder": r"[Cc]o-?founder", "founder": r"(?:[Cc]o-?)?[Ff]ounder"}
    if role in spelled:
        return spelled[role]
    if role.startswith("head of "):  # "head of China research", "Head of Research": as the article cases it
        return rf"(?i:head of (?:the\s+)?{re.escape(role[len('head of '):])})"
    return "|".join(re.escape(form) for form in {role, role.capitalize(), role.title()})


# Occupations a question asks for and a name's title gives ("which engineer", "WordPress founder Matt Mullenweg"); not a
# player's position or a word as loose as "star" or "figure".
_OCCUPATIONS = frozenset(terms("ceo cfo cto coo founder cofounder engineer economist scientist chemist physicist biologist lawyer "
                               "attorney judge ambassador analyst president director editor professor researcher senator governor "
                               "mayor minister secretary spokesperson spokesman spokeswoman coach manager owner commissioner "
                               "producer priest bishop pastor chairman chairwoman investor journalist reporter doctor nurse teacher chief"))
# the words naming whom a question asks for: "which x engineer", "who's the israeli ambassador (who ...)"
_ASKED_HEAD = re.compile(r"\W*(?:which|what|who(?:['’]s|\s+is|\s+was))\s+(?:the\s+|a\s+|an\s+)?((?:(?!(?:that|who|whom|whose|which|"
                         r"in|of|at|for|to|did|does|do|is|was|has|had)\b)[\w’'.-]+\s+){1,4})", re.IGNORECASE)
# or the role a "who" question ends on: "who did rugby australia name as the new wallabies coach?"
_ASKED_AS = re.compile(r"^\W*who\b.*\bas\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|a\s+|an\s+)?((?:[\w’'.-]+\s+){0,3}[\w’'.-]+)\W*$",
                       re.IGNORECASE)
_TITLE_BEFORE = re.compile(r"((?:[\w’'.-]+,?\s+){1,4})$")  # "the Israeli ambassador to Portugal, Dor Shapiro"
# its apposition, or what the sentence says the name is ("Carlos Díaz-Marín is a mechanical engineer at MIT")
_TITLE_AFTER = re.compile(r"(?:['’]?s?\s*[,–—(]\s*|\s+(?:is|was)\s+(?=the\s|a\s|an\s|its\s|his\s|her\s))"
                          r"(?:the\s+|a\s+|an\s+|its\s+|his\s+|her\s+)?([^,–—()]{1,60})")


def role_clash(question: Question, name: str, item: Scored) -> bool:
    """The question asks for someone by occupation ("which engineer fixed the bug") and the chunk gives `name` only
    other occupations ("WordPress founder Matt Mullenweg", "FTX founder Sam Bankman-Fried"): not the one asked for."""
    asked = asked_occupation(question)
    given = titles(name, item.sentence.hit.body) & _OCCUPATIONS
    return bool(asked and given) and not given & asked


def asked_occupation(question: Question) -> set[str]:
    """The occupation (as terms) of the noun a question asks for: "which x engineer" -> {"engin"}; none for "who is the
    individual that ...", nor for an occupation describing someone else ("likened to a prominent investor")."""
    head = _ASKED_HEAD.match(question.query) or _ASKED_AS.search(question.query)
    return set(terms(head.group(1))) & _OCCUPATIONS if head else set()


def titles(name: str, text: str) -> set[str]:
    """The terms written as `name`'s title in `text`: the words just before it and its apposition ("WordPress founder
    Matt Mullenweg", "Richard Teng, Binance's former head of markets,"), "chief executive" read as CEO."""
    text = text.replace("chief executive", "CEO").replace("Chief Executive", "CEO")
    given: set[str] = set()
    for m in named_pattern(rf"(?<!\w){re.escape(name)}(?!\w)").finditer(text):
        before = _TITLE_BEFORE.search(text, max(0, m.start() - 60), m.start())
        after = _TITLE_AFTER.match(text, m.end())
        given |= set(terms((before.group(1) if before else "") + " " + (after.group(1) if after else "")))
    return given
