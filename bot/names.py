"""The one name reader: proper names in questions and in article sentences, in any script.

- `names_in(text, known=None)`: the names in `text`, longest form first ("Recep Tayyip Erdoğan",
  "Beyoncé", "Ocasio-Cortez", "A.J. Dillon", "习近平", "BBC"). A word counts when it starts with
  a capital letter, or when its script has no letter case (Chinese, Arabic, Hebrew, ...).
  Question words, titles and stop words are dropped or end a name. The first word of a
  sentence counts only when it can't be an ordinary opener: never a question word or an
  imperative ("Summarize", "Tell", "List"), and, when `known` is given, only if `known`
  says so (the index knows it as a name).
- `written_as_names(query, texts)`: the words a lower-case question types that the articles write as
  names, capitalised more often than not ("wembanyama" where they write "Wembanyama"): what an entity
  answer's chunk must name.
- `capitalised_words(text)`: the words a text writes capitalised inside a sentence (its names);
  `capitalised_in(texts)` / `as_written(text, capitalised)`: the words texts always write capitalised (their names),
  and a lower-case claim with those words capitalised ("did ohio state beat michigan" -> "did Ohio State beat
  Michigan"), so a yes/no claim's names read as names.
- `person_like(name)`: two or three words that read as a person's name.
- `surname(name)`: how an article refers back to a person ("Marco Rubio" -> "Rubio").
- `TITLES` / `ROLES`: words that introduce a name rather than belong to it.

Deliberately not here: which names a question hinges on, or whether the index knows them
(`question.py`), and who a pronoun refers to (`evidence.py`, `followup.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Container, Iterable
from functools import lru_cache

__all__ = ["names_in", "named_pattern", "written_as_names", "typed_names", "undotted", "capitalised_words",
           "capitalised_in", "as_written", "words_of", "is_name_word", "person_like", "org_like", "surname",
           "respelled", "NOT_NAMES", "ROLES", "OPENERS", "TITLES"]

# A word: letters in any script, with inner apostrophes and hyphens; initials like "A.J." or "U.S." stay whole.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_][\w'’\-]*(?<![-'’])|\d[\w.,]*")
_CONNECTORS = {"of", "de", "del", "della", "da", "di", "du", "van", "von", "der", "den", "la", "le", "al", "bin", "ibn", "y", "dos"}
_COMPOUND = re.compile(r"-[a-z]")  # compiled once: these two run for every word of every sentence read
_POSSESSIVE = re.compile(r"['’]s?$")
_MID_SENTENCE = re.compile(r"(?<=[\w,;:] )[^\W\d_][\w'’-]*")  # a word after a sentence's first: a capital there marks a name
NOT_NAMES = frozenset("""
what who whom whose which when where why how did does do is are was were be been the a an and or but nor in on at of for
to by with from as into onto over under about i he she they we it his her their its this that these those there here
according after before between both also can could would should shall will may might must has have had tell me please
say said says if then than yes no not all any each every some many most more much few other another such our my your you
so just only even still yet ok okay hey hi hello thanks thank latest recent recently new news today yesterday tomorrow
tonight now january february march april june july august september october november december monday tuesday wednesday
thursday friday saturday sunday article articles report reports story stories headline headlines while although though
because despite meanwhile however since until during upon within without via per vs versus i’m i'm i’ve i've i’d i'd
i’ll i'll what's what’s who's who’s where's where’s how's how’s it's it’s that's that’s let let's let’s anyone anything
whats whos wheres hows whens thats theres dont didnt doesnt isnt wasnt arent werent hasnt havent wont cant
someone something everyone everything nobody nothing whether
""".split())
# Verbs a question opens with as an instruction: an opener like these is never a name.
OPENERS = frozenset("""
summarize summarise summary tell list explain describe give show compare find name search look get fetch provide outline
recap brief update sum identify define detail elaborate clarify check confirm count contrast discuss analyze analyse
remind help quote cite mention read write any anything everything latest breaking top catch
""".split())
TITLES = frozenset("""
mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary senator sen rep representative gov
governor mayor judge justice chief general gen col colonel lt captain capt sgt king queen prince princess pope
chancellor ambassador spokesperson spokesman spokeswoman deputy principal state department foreign defense defence
finance interior ceo cto cfo coo chair chairman chairwoman founder co-founder director manager coach commissioner
attorney district executive officer analyst reporter editor correspondent professor former interim acting
quarterback striker midfielder defender goalkeeper pitcher scientist economist engineer researcher analyst
strategist adviser advisor lawmaker congressman congresswoman councillor councilor detective officer sergeant
inspector dean rabbi reverend bishop cardinal
chemist physicist biologist biochemist mathematician astronomer novelist actor actress singer songwriter rapper boxer golfer
""".split())
ROLES = TITLES


@lru_cache(maxsize=4096)
def named_pattern(regex: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(regex, flags)`, remembered for more patterns than re's own cache holds (512): patterns built
    around a name ("(?<!\\w)Rubio(?!\\w)") recur across questions, and a process meets thousands of names."""
    return re.compile(regex, flags)


def words_of(text: str) -> list[re.Match[str]]:
    """The words of `text` as regex matches (offsets kept)."""
    return list(_WORD.finditer(text))


def is_name_word(word: str) -> bool:
    """A capitalised word, or a word in a script without letter case (CJK, Arabic, ...); not a compound adjective
    ("European-language", "Oslo-based")."""
    first = word[0]
    if first.islower() or first.isdigit() or _COMPOUND.search(word):  # most words are lower-case: no search for them
        return False
    return first.isupper() or first.isalpha()


def written_as_names(query: str, texts: Iterable[str]) -> list[str]:
    """The words of `query` written in lower case that `texts` write as names: capitalised inside a sentence more
    often than not ("wembanyama" where the articles write "Wembanyama", "ebt-101" for "EBT-101"; not "debut",
    which they write capitalised only in a heading). People type names in lower case; the articles don't."""
    return [typed for typed, _ in _written(query, texts)]


def typed_names(query: str, texts: Iterable[str]) -> list[str]:
    """The names a lower-case `query` types (`written_as_names`), words next to each other as one name and each
    spelled as `texts` write it: "tate mcrae's greedy" -> "Tate McRae", "Greedy" (so "McRae" alone names her)."""
    spelled = dict(_written(query, texts))
    runs: list[list[str]] = []
    joins = False  # the word before was typed as a name, and not as a possessive
    for match in words_of(query):
        form = spelled.get(_bare(match.group(0)))
        if form is not None:
            if joins:
                runs[-1].append(form)
            else:
                runs.append([form])
        joins = form is not None and not _POSSESSIVE.search(match.group(0))
    return [" ".join(run) for run in runs]


def respelled(name: str, texts: Iterable[str]) -> str:
    """`name` with each word the texts never write replaced by the close name word they do write ("michelle
    jubilerer" -> "michelle Jubelirer", "alana rizzo" -> "Alanna rizzo"): the same first letter, one edit for words of up
    to five letters (or a doubled letter typed once), two for longer ones; `name` itself when nothing is close."""
    from rapidfuzz.distance import OSA

    from index.keyword import fold

    text = " ".join(texts)
    lowered = fold(text.lower())
    capitalised = {fold(w.lower()): w for w in re.findall(r"\b[A-Z][^\W\d_]{3,}", text)}
    out = []
    for word in name.split():
        bare = fold(_bare(word).lower())
        if len(bare) < 4 or re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", lowered):
            out.append(word)
            continue
        limit = 1 if len(bare) <= 5 else 2
        close = min(((d, low) for low in capitalised if low[:1] == bare[:1] and (d := OSA.distance(bare, low)) <= limit
                     and (len(bare) > 5 or len(low) == len(bare) or any(low[:i] + low[i + 1:] == bare for i in range(len(low))))),
                    default=None)
        out.append(capitalised[close[1]] if close else word)
    return " ".join(out)


def undotted(text: str) -> str:
    """`text` with initialisms written without their dots ("U.S." -> "US", "U.K." -> "UK"), as people type them."""
    return _DOTTED.sub(r"\1", text)


_DOTTED = re.compile(r"\b([A-Z])\.(?=[A-Z]\.?)|(?<=[A-Z])\.")


def _written(query: str, texts: Iterable[str]) -> list[tuple[str, str]]:
    """(word as typed, its most common capitalised form in `texts`) for `written_as_names`."""
    asked = {_bare(m.group(0)).lower(): _bare(m.group(0)) for m in words_of(query)
             if m.group(0).islower() and len(_bare(m.group(0))) >= 3 and _bare(m.group(0)) not in NOT_NAMES | OPENERS}
    if not asked:
        return []
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        for match in re.finditer(r"(?<=[\w,;:] )[^\W_][\w'’\-]*(?<![-'’])", text):  # not a sentence's first word
            word = _bare(match.group(0))
            key = word.lower()
            if key in asked:
                if word[0].isupper():
                    capital[key] += 1
                    forms.setdefault(key, Counter())[word] += 1
                else:
                    lower[key] += 1
    return [(asked[w], forms[w].most_common(1)[0][0]) for w in asked if capital[w] > lower[w]]


def _bare(word: str) -> str:
    if "'" not in word and "’" not in word:  # most words: no possessive to take off, and no regex run (called per word)
        return word
    return _POSSESSIVE.sub("", word)


def names_in(text: str, known: Container[str] | Callable[[str], bool] | None = None, limit: int = 0) -> list[str]:
    """Proper names in `text`, longest form first within each run, without duplicates.

    A run of name words (joined by single spaces or connectors such as "of", "de", "bin") is
    one name; a title, role or stop word ends it ("Google CEO Sundar Pichai" gives "Google" and
    "Sundar Pichai"; "Secretary of State Marco Rubio" gives "Marco Rubio"), and so does a
    possessive ("OpenAI's ChatGPT" gives "OpenAI" and "ChatGPT"). The text's first word (after
    quotes) is a name only if it is no question word or instruction verb, and — when `known` is
    given — only if `known` accepts it (a set of lower-case words, or a predicate). `limit`: the first
    names only, read no further than they need (0 = all).
    """
    names: list[str] = []
    words = _WORD.finditer(text)
    opening = len(text) - len(text.lstrip(" \"“‘'(*-•"))
    group: list[str] = []

    def close() -> None:
        while group and group[-1].lower() in _CONNECTORS:
            group.pop()
        while group and group[0].lower() in _CONNECTORS:
            group.pop(0)
        name = " ".join(group)
        if name and (len(name) > 1 or not name.isascii()) and name not in names and not _all_caps_noise(name):
            names.append(name)
        group.clear()

    previous_end = -1
    for match in words:  # (runs for every word of every sentence read: work is saved for words outside names)
        if limit and len(names) >= limit:
            break
        word = match.group(0)
        if group:
            gap = text[previous_end:match.start()]
            if gap.strip() or "\n" in gap:  # punctuation between words ends a name
                close()
        previous_end = match.end()
        if not is_name_word(word):
            if group:
                if _bare(word).lower() in _CONNECTORS and not text[match.end():match.end() + 1].strip(" "):
                    group.append(word)
                    continue
                close()
            continue
        bare = _bare(word)
        lower = bare.lower()
        if lower in NOT_NAMES or lower in TITLES or lower.rstrip(".") in TITLES:
            close()
            continue
        if match.start() == opening and not _opener_is_name(bare, known):
            close()
            continue
        group.append(bare)
        if bare != word:  # a possessive ends the name
            close()
    close()
    return names[:limit] if limit else names


def opens_name(text: str) -> bool:
    """False when no name `names_in(text)` finds can be the start of `text` (`text.startswith(name)`): its first
    word can't open one, and no later name can repeat its first two characters. True when one may: read them."""
    match = _WORD.match(text)
    if match is None:  # a name starts with a word
        return False
    if not text[0].isascii() or text.find(text[:2], 1) != -1:  # a later name may read the same (names of one
        return True  # character are not ASCII)
    word = match.group(0)
    if not is_name_word(word):
        return False
    lower = _bare(word).lower()
    return not (lower in NOT_NAMES or lower in TITLES or lower.rstrip(".") in TITLES or lower in OPENERS)


def names_known(text: str, known: Container[str]) -> list[str]:
    """`names_in(text, known)` for a set of words `known`, remembered per text whatever the set: `known` decides no
    more than whether the text's first word opens a name, so the names are read once each way and the set picks one
    (an entity answer reads every sentence of its chunks against that answer's own set of words)."""
    either, opener = _names_either(text)
    if opener is None:
        return list(either[0])
    return list(either[0] if _opener_is_name(opener[0], known) else either[1])


class _Asked:
    """A `known` that records the words it is asked about and accepts (or refuses) them all."""

    def __init__(self, accepts: bool) -> None:
        self.accepts = accepts
        self.asked: list[str] = []

    def __contains__(self, word: object) -> bool:
        self.asked.append(str(word))
        return self.accepts


@lru_cache(maxsize=16384)
def _names_either(text: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], tuple[str] | None]:
    """(names when the first word may open a name, names when it may not), and (that word,) when it was asked about."""
    yes, no = _Asked(True), _Asked(False)
    accepted, refused = tuple(names_in(text, yes)), tuple(names_in(text, no))
    if not no.asked:
        return (accepted, accepted), None
    return (accepted, refused), (no.asked[-1],) if accepted != refused else None


def _opener_is_name(word: str, known: Container[str] | Callable[[str], bool] | None) -> bool:
    lower = word.lower()
    if lower in OPENERS:
        return False
    if known is None:
        return True
    return bool(known(lower)) if callable(known) else (lower in known or word in known)


def _all_caps_noise(name: str) -> bool:
    """Shouted words are not names: 'BREAKING', 'UPDATE' (acronyms of 2-5 letters are kept)."""
    return name.isupper() and len(name) > 5 and " " not in name


_ORG_WORDS = frozenset("""
inc corp corporation co company companies group holdings bank banks capital partners ventures systems technologies tech
labs lab media studios pictures records motors auto automotive airlines airways energy oil gas pharma pharmaceuticals
therapeutics biotech health hospital university college school institute foundation council committee commission
ministry department agency authority bureau office service services association federation union league club fc united
city party army navy force forces police court parliament congress senate assembly crescent cross network networks
news times post journal press broadcasting exchange fund trust society church republic kingdom states nations
""".split())


def org_like(name: str) -> bool:
    """A name that reads as an organisation's ("Norrvik Pharma", "Libyan Red Crescent", "Halden Systems")."""
    return any(w.lower().strip(".,") in _ORG_WORDS for w in name.split()[1:]) or (name.isupper() and len(name) <= 6)


def person_like(name: str) -> bool:
    """Two or three words, each capitalised, that don't read as an organisation: a person's full name ("Tommy Pigott")."""
    parts = name.split()
    return 2 <= len(parts) <= 3 and all(is_name_word(p) and not p.isupper() for p in parts) and not org_like(name)


def surname(name: str) -> str:
    """The word articles use for a person after the first mention ("Marco Rubio" -> "Rubio")."""
    parts = name.split()
    return parts[-1] if 1 < len(parts) <= 3 else name


def capitalised_words(text: str) -> frozenset[str]:
    """The words (lower case) `text` writes capitalised after a sentence's first word: the names it uses."""
    return frozenset(word.lower() for word in _MID_SENTENCE.findall(text) if word[0].isupper())


def as_written(text: str, capitalised: Container[str]) -> str:
    """`text` with each word that `capitalised` holds (lower case: the words the evidence writes capitalised) capitalised."""
    return re.sub(r"[^\W\d_][\w'’-]*", lambda m: m.group(0).capitalize() if m.group(0) in capitalised else m.group(0), text)


def capitalised_in(texts: str) -> frozenset[str]:
    """The words (lower case) `texts` write capitalised after a sentence's first word and never in lower case: names,
    not a headline's "Finally" or "Beat"."""
    return capitalised_words(texts) - set(re.findall(r"\b[a-z][\w'’-]*", texts))
