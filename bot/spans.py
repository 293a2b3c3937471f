"""Short answers inside evidence sentences: the name, date or amount a question asks for.

- `lead_name(question, hits, scored, chosen)`: for a question after one name ("Who is the
  individual ...?", "Which company ...?", "Which show was green-lit ...?"), the name the
  retrieved articles agree on, with the sentence that quotes it — or None when the signals
  disagree (a wrong name first is worse than none).
- `date_in(sentence)`: the date a sentence gives for its event ("on Friday" read against the
  article's own date), as (display text, ISO date).
- `amount_in(sentence, question)`: the number or amount nearest the question's words.

Deliberately not here: deciding which kind of answer to give (`decide.py`).
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from bot.evidence import Scored, question_terms, sentences_of
from bot.names import is_name_word, names_in, person_like
from bot.outlets import aliases
from index.chunk import split_sentences
from index.keyword import STOPWORDS, terms
from newsbot.types import Hit, Question

__all__ = ["lead_name", "sentence_name", "described_name", "candidates_in", "date_in", "amount_in", "quantity", "event_date",
           "names_with_forms"]

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
           "december")
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11,
               "dec": 12}
_FUTURE = re.compile(r"\b(?:will|would|is due|are due|is set to|are set to|plans? to|expects? to|expected to|scheduled|next|"
                     r"upcoming|from)\b", re.IGNORECASE)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_RE = "|".join(_MONTHS) + "|" + "|".join(_MONTH_ABBR)
_FULL_DATE = re.compile(rf"\b(?:(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d{{2}}))?|"
                        rf"(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_RE})\.?(?:,?\s+(?P<y2>(?:19|20)\d{{2}}))?|"
                        rf"(?P<m3>{_MONTH_RE})\.?\s+(?P<y3>(?:19|20)\d{{2}})|(?P<iso>\d{{4}}-\d{{2}}-\d{{2}}))\b", re.IGNORECASE)
_WEEKDAY = re.compile(rf"\b(?:on|last|this|next|early|late|since|by)?\s*(?P<day>{'|'.join(_WEEKDAYS)})\b", re.IGNORECASE)
_RELATIVE_DAY = re.compile(r"\b(yesterday|today|tonight|this (?:morning|afternoon|evening)|last night|last week|earlier this week|"
                           r"last month|a week ago|two weeks ago|a month ago)\b", re.IGNORECASE)
_DAYS_BACK = {"yesterday": 1, "last night": 1, "last week": 7, "earlier this week": 3, "last month": 30, "a week ago": 7,
              "two weeks ago": 14, "a month ago": 30}
_YEAR = re.compile(r"\b(?:in|since|by|during)\s+((?:19|20)\d{2})\b")
_AMOUNT = re.compile(r"(?:[$£€¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?|"
                     r"\b\d[\d,.]*\s?(?:%|percent|per cent|million|billion|trillion|thousand|bn)\b"
                     r"(?:\s+(?:dollars|euros|pounds|yuan|yen|rupees|people|users|votes|points|basis points|barrels|tons|tonnes))?|"
                     r"\b\d[\d,.]*(?:\s+(?:[a-z]+\s+){0,2}?(?:people|persons|deaths|dead|users|votes|points|basis points|"
                     r"barrels|tons|tonnes|years|months|days|hours|minutes|games|goals|runs|yards|touchdowns|wickets|"
                     r"seats|jobs|employees|workers|cases|homes|units|copies|downloads|subscribers|fans|tickets|"
                     r"[a-z]+s))?\b)",
                     re.IGNORECASE)
_LEAD_MARGIN = 1.5  # the lead name must score this many times the next one
_LEAD_MENTION = 0.3  # a name's score: 1/(1+rank) per article naming it, plus this per mention
_PERSON_QUESTION = re.compile(r"^\s*who\b|\b(?:person|individual|celebrity|figure|player|athlete|artist|singer|actor|actress|"
                              r"director|author|ceo|founder|executive|leader|coach|boxer|fighter|head of state|spokesperson|"
                              r"minister|president|judge)\b", re.IGNORECASE)
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")  # "U.S.", "D.C.": places, not the name asked for
_CAPITALISED_WORD = re.compile(r"(?<![\w’'])[^\W\d_][\w’'-]*")


def names_with_forms(names: Sequence[str]) -> dict[str, str]:
    """name -> the longest name it is a short form of ("Bankman-Fried" -> "Sam Bankman-Fried")."""
    counts = Counter(names)
    canonical: dict[str, str] = {}
    for name in counts:
        canonical[name] = name if " " in name else next(
            (m for m, c in counts.most_common() if " " in m and (name == m.split()[-1] or (name == m.split()[0] and c >= counts[name]))),
            name)
    return canonical


def lead_name(question: Question, hits: Sequence[Hit], scored: list[Scored],
              chosen: list[Scored]) -> tuple[str, Scored] | None:
    """The one name an entity question asks for, and the best sentence quoting it; None when unsure.

    Candidates are the names in the retrieved chunks that the question doesn't contain and that
    aren't an outlet's; a one-word name counts for the longer name it ends ("Bankman-Fried" for
    "Sam Bankman-Fried") or starts when that is as common. Person questions take only people
    (a full name also seen as its surname alone), the others anything but. Each name scores
    1/(1+rank) for every article naming it, plus a little per mention (twice in the answer's own
    sentences). Kept only when at least two articles name it, it leads the next name by
    `_LEAD_MARGIN`, and in the best-scored sentence it is the name written closest to the
    question's words ("Who is the CEO of Microsoft?": "Satya Nadella, Microsoft's CEO", not the
    most-mentioned Sam Altman). When the best sentence names no candidate, a name in the sentence
    right after it may be what it describes ("the wildly popular South Korean show ... It is
    'Squid Game'") — taken when that article's next sentences name exactly one candidate.
    """
    text = question.query
    asked = set(terms(text)) | {t for hit in hits for t in terms(hit.source)}
    sentences = [(rank, hit, hit.body[a:b], hit.start + a) for rank, hit in enumerate(hits) for a, b in split_sentences(hit.body)]
    known = frozenset(w.group(0).lower() for *_, s, _ in sentences for w in _CAPITALISED_WORD.finditer(s)
                      if w.start() > 0 and is_name_word(w.group(0)))
    answering = {(item.sentence.hit.article_id, item.sentence.start) for item in chosen}
    seen: list[tuple[str, str, int, bool]] = []
    for rank, hit, sentence, start in sentences:
        seen += [(name, hit.article_id, rank, (hit.article_id, start) in answering)
                 for name in names_in(sentence, known) if not set(terms(name)) & asked and not _INITIALISM.fullmatch(name)]
    canonical = names_with_forms([name for name, *_ in seen])
    surnamed = {c for n, c in canonical.items() if n != c and n == c.split()[-1]}
    person = question.target == "person" or bool(_PERSON_QUESTION.search(text))
    best_rank: dict[str, dict[str, int]] = {}
    mentions: dict[str, float] = defaultdict(float)
    for name, article, rank, answers in seen:
        if person != (canonical[name] in surnamed):
            continue
        ranks = best_rank.setdefault(canonical[name], {})
        ranks[article] = min(rank, ranks.get(article, rank))
        mentions[canonical[name]] += 2 if answers else 1
    ranked = sorted(((sum(1 / (1 + r) for r in ranks.values()) + _LEAD_MENTION * mentions[name], name)
                     for name, ranks in best_rank.items()), reverse=True)
    if not ranked or not scored:
        return None
    score, name = ranked[0]
    near = _nearest_name(text, scored[0].sentence.text, known, canonical) == name
    if len(best_rank[name]) < 2 or (len(ranked) > 1 and score < _LEAD_MARGIN * ranked[1][0]) or not near:
        described = _described(question, scored[0], known, canonical, best_rank)
        if not described:
            return None
        name = described
    forms = {n for n, c in canonical.items() if c == name}
    support = next((item for item in scored if _names(item.sentence.text, forms)), None)
    return (name, support) if support else None


def candidates_in(question: Question, item: Scored) -> list[str]:
    """Names in the sentence that could answer an entity question: not the question's own names or words,
    not an outlet's, not the initials of a name it uses ("Changpeng Zhao" for "CZ"), of the type asked."""
    asked_terms = set(terms(question.query)) | set(terms(item.sentence.hit.source))
    asked_words = {w.lower() for w in re.findall(r"[\w'’-]+", question.query)} | {a.lower() for a in aliases(item.sentence.hit.source)}
    dateline = re.match(r"^[A-Z]{2,}[^—–\n]{0,50}?(?:\([^)]{1,30}\))?\s*[—–-]\s", item.sentence.text)
    text = item.sentence.text[dateline.end():] if dateline else item.sentence.text  # "VILNIUS, Lithuania (AP) —"
    out = []
    for name in names_in(text):
        words = name.split()
        if set(terms(name)) & asked_terms or "".join(w[0] for w in words).lower() in asked_words or name.lower() in asked_words:
            continue
        if _NOT_ANSWERS.fullmatch(name.lower().rstrip(".")) or (name.isupper() and len(name) > 4):
            continue  # a month, a weekday, a dateline ("KYIV")
        if question.target == "place" and (re.search(r"(?:ian|ese|ish|ean)$", name) or
                                           not re.search(rf"\b(?:in|at|from|to|near|into|across|outside|inside)\s+(?:the\s+)?"
                                                         rf"{re.escape(name)}", text)):
            continue  # a place is where something is: "in Washington"; "Russian" is not a place
        if question.target == "person" and not _person(name, item):
            continue
        if question.target in ("organisation", "place") and person_like(name) and not name.isupper():
            continue
        out.append(name)
    return out


_NOT_ANSWERS = re.compile(r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|may|june|july|"
                          r"august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|"
                          r"sunday|today|yesterday)")


def _person(name: str, item: Scored) -> bool:
    """The chunk uses `name` as a person's: their surname also stands alone ("Jonathan Smith ... Smith said"), or
    a title or role introduces them ("coach Dan Lanning", "CEO Richard Teng"), or a pronoun follows the name."""
    body = item.sentence.hit.body
    if " " not in name:  # one word: the surname of a person named in full in the chunk
        return bool(re.search(rf"\b[A-Z][\w'’-]+\s+{re.escape(name)}\b", body)) and not name.isupper()
    if not person_like(name):
        return False
    last = re.escape(name.split()[-1])
    if re.search(rf"(?<!\w){last}(?!\w)\s+(?:{_SAID})\b", body.replace(name, "")):
        return True  # "... Smith said"
    if re.search(rf"\b(?:{_ROLE_WORDS})\s+{re.escape(name)}\b", body, re.IGNORECASE):
        return True  # "coach Dan Lanning"
    return bool(re.search(rf"\b{re.escape(name)}\b(?:,\s+(?:who|a|an|the)\b|\s+(?:{_SAID})\b|[^.]{{0,60}}\b(?:he|she)\s+(?:{_SAID})\b)",
                          body))


_SAID = "said|says|told|added|wrote|was|is|has|had|will|would|who"
_ROLE_WORDS = ("coach|ceo|chief|president|chairman|chair|founder|director|manager|minister|secretary|senator|governor|"
               "spokesperson|spokesman|spokeswoman|analyst|executive|star|player|striker|quarterback|head|officer|judge|"
               "rep\\.|sen\\.|mr\\.|ms\\.|mrs\\.|dr\\.")


def sentence_name(question: Question, scored: list[Scored]) -> tuple[str, Scored] | None:
    """One sentence that clearly answers an entity question names it: the best-scored sentence covers most of the
    question's words and a candidate of the type asked stands within a few words of them ("Richard Teng ... will
    replace Zhao as CEO"). The name is given in full when the chunk has a fuller form ("Smith" -> "Jonathan Smith")."""
    for best in scored[:3]:
        found = _answering_name(question, best)
        if found:
            return found
    return None


def _answering_name(question: Question, best: Scored) -> tuple[str, Scored] | None:
    if best.overlap < 0.5:
        return None
    candidates = candidates_in(question, best)
    if not candidates:
        return None
    wanted = set(question_terms(question.query))
    text = best.sentence.text
    anchors = [m.start() for m in re.finditer(r"[\w’'-]+", text) if set(terms(m.group(0))) & wanted]
    if not anchors:
        return None
    ranked = []
    asks_speech = bool(re.search(r"\b(?:said|say|says|told|announced|claimed|warned)\b", question.query, re.IGNORECASE))
    for name in candidates:
        where = text.find(name)
        reported = re.match(rf"{re.escape(name)}\s+(?:said|says|told|added|wrote|noted|warned)\b", text[where:])
        if reported and not asks_speech and any(a > where for a in anchors):
            continue  # "Mayor Osei said the budget was approved": the speaker did not approve it
        gap = min(abs(a - where) for a in anchors)
        ranked.append((gap, name))
    if not ranked:
        return None
    ranked.sort()
    gap, name = ranked[0]
    if gap > 60 or (len(ranked) > 1 and ranked[1][0] - gap < 10):
        return None  # too far from what the question asks, or two names equally close
    return _full_form(name, best), best


def _full_form(name: str, item: Scored) -> str:
    if " " in name:
        return name
    match = re.search(rf"\b((?:[A-Z][\w'’-]+\s+){{1,2}}){re.escape(name)}\b", item.sentence.hit.body)
    full = (match.group(1) + name).strip() if match else name
    return full if person_like(full) and names_in(full) == [full] else name


def described_name(question: Question, best: Scored) -> tuple[str, Scored] | None:
    """The name a sentence only describes, given a sentence or two later ("Netflix said its most-watched series has
    been green-lit for a second season. [...] Cisza, which means 'silence' ..."): the first new name of the type asked
    that opens one of the next two sentences of the same chunk, or a title in quotes there for a thing."""
    sentences = sentences_of(best.sentence.hit)
    after = [s for s in sentences if s.start > best.sentence.start][:3]
    seen = set(terms(question.query + " " + best.sentence.text + " " + best.sentence.hit.source))
    for sentence in after:
        if question.target in ("thing", ""):
            quoted = [q for q in re.findall(r"[“\"]([^”\"]{2,60})[”\"]", sentence.text) if q[:1].isupper()]
            if quoted and not set(terms(quoted[0])) & seen:
                return quoted[0].strip(" ,."), Scored(sentence, best.score, best.vector)
        for name in names_in(sentence.text):
            if set(terms(name)) & seen or sentence.text.find(name) > 25:
                continue
            item = Scored(sentence, best.score, best.vector)
            if question.target == "person" and not _person(name, item):
                continue
            if question.target in ("organisation", "place", "thing") and person_like(name):
                continue
            return name, item
    return None


def _described(question: Question, best: Scored, known: frozenset[str], canonical: dict[str, str],
               candidates: dict[str, dict[str, int]]) -> str:
    """A name the best sentence only describes ("the ... show"), given by the sentence after it."""
    sentence = best.sentence
    if names_in(sentence.text, known) and any(canonical.get(n) in candidates for n in names_in(sentence.text, known)):
        return ""
    following = [n for n in names_in(sentence.after, known) if canonical.get(n) in candidates]
    quoted = re.findall(r"[“\"‘']([^”\"’']{2,60})[”\"’']", sentence.after)
    titled = [q for q in quoted if q and q[0].isupper()]
    if titled and question.target in ("thing", ""):
        return titled[0].strip()
    unique = list(dict.fromkeys(canonical[n] for n in following))
    return unique[0] if len(unique) == 1 else ""


def _nearest_name(question: str, sentence: str, known: frozenset[str], canonical: dict[str, str]) -> str:
    """Of the candidate names in `sentence`, the one written closest to the question's own words."""
    wanted = set(question_terms(question))
    anchors = [m.start() for m in re.finditer(r"[\w’'-]+", sentence) if set(terms(m.group(0))) & wanted]
    best, distance = "", len(sentence) + 1
    for name in (names_in(sentence, known) if anchors else []):
        if name not in canonical:
            continue
        for m in re.finditer(re.escape(name), sentence):
            gap = min(abs(a - m.start()) if a < m.start() else abs(a - m.end()) for a in anchors)
            if gap < distance:
                best, distance = canonical[name], gap
    return best


def _names(text: str, forms: set[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) for form in forms)


def date_in(text: str, published: str = "") -> tuple[str, str] | None:
    """(the date as written, ISO date) of the date `text` gives its event: a day ("October 13", "on Monday", "five
    weeks ago", read against `published`, the article's date) before a month before a year, the first of equals;
    a year older than the article's only when nothing else is given ("in 2022" in a 2025 article is history).
    A date without a year takes the article's year (the year before, for a date after it, unless the sentence
    speaks of the future)."""
    found = _dates(text, _day(published))
    if not found:
        return None
    current = published[:4]
    recent = [d for d in found if not (current and len(d[2]) >= 4 and d[2][:4].isdigit() and d[2][:4] < current)]
    _precision, _, iso, written = max(recent or found, key=lambda d: (d[0], -d[1]))
    return written, iso


def _dates(text: str, base: date | None) -> list[tuple[int, int, str, str]]:
    """Every date expression in `text` as (precision 3 day / 2 relative day / 1 month / 0 year, position, ISO, as written)."""
    out: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _FULL_DATE.finditer(text):
        taken.append(match.span())
        if match.group("iso"):
            with contextlib.suppress(ValueError):
                out.append((3, match.start(), date.fromisoformat(match.group("iso")).isoformat(), match.group(0)))
            continue
        month_word = (match.group("m1") or match.group("m2") or match.group("m3")).lower().rstrip(".")
        month = _MONTHS.index(month_word) + 1 if month_word in _MONTHS else \
            _MONTH_ABBR.get(month_word[:4], _MONTH_ABBR.get(month_word[:3], 0))
        day_text = match.group("d1") or match.group("d2")
        year_text = match.group("y1") or match.group("y2") or match.group("y3")
        if not month or (day_text and int(day_text) > 31):
            continue
        year = int(year_text) if year_text else (base.year if base else 0)
        written = match.group(0).strip()
        if not year:  # no year anywhere: month and day still order the events of one story
            if day_text:
                out.append((3, match.start(), f"--{month:02d}-{int(day_text):02d}", written))
            continue
        try:
            when = date(year, month, int(day_text) if day_text else 1)
        except ValueError:
            continue
        if not year_text and base and when > base + timedelta(days=2) and not _FUTURE.search(text):
            when = when.replace(year=when.year - 1)  # "December 30" in a January article (but "will leave on December 1")
        out.append((3, match.start(), when.isoformat(), written) if day_text else (1, match.start(), when.isoformat()[:7], written))
    if base:
        for match in _AGO.finditer(text):
            n = _COUNT_WORDS.get(match.group(1).lower(), int(match.group(1)) if match.group(1).isdigit() else 1)
            days = n * {"day": 1, "week": 7, "month": 30, "year": 365}[match.group(2).lower().rstrip("s")]
            out.append((2, match.start(), (base - timedelta(days=days)).isoformat(), match.group(0)))
        for match in _WEEKDAY.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            day = _WEEKDAYS.index(match.group("day").lower())
            back = (base.weekday() - day) % 7
            if re.match(r"\s*next\b", match.group(0), re.IGNORECASE):
                back = -((day - base.weekday()) % 7 or 7)
            out.append((2, match.start(), (base - timedelta(days=back)).isoformat(), match.group("day")))
        for match in _RELATIVE_DAY.finditer(text):
            out.append((2, match.start(), (base - timedelta(days=_DAYS_BACK.get(match.group(1).lower(), 0))).isoformat(),
                        match.group(1)))
    for match in _YEAR.finditer(text):
        out.append((0, match.start(), match.group(1), match.group(1)))
    return out


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "several": 3, "few": 3}
_AGO = re.compile(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|few)\s+(days?|weeks?|months?|years?)\s+"
                  r"(?:ago|earlier|before|after)\b", re.IGNORECASE)  # "five weeks after she stepped down": five weeks back


def event_date(item: Scored) -> str:
    """The ISO date of what `item`'s sentence reports: a date it gives, else its article's date."""
    found = date_in(item.sentence.text, item.sentence.hit.published_at)
    if found and found[1]:
        return found[1]
    return item.sentence.hit.published_at[:10]


_MONEY = re.compile(r"[$£€¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?|"
                    r"\b\d[\d,.]*\s?(?:million|billion|trillion|thousand|bn)?\s?(?:dollars|euros|pounds|yuan|yen|rupees|usd|eur|gbp)\b",
                    re.IGNORECASE)
_PERCENT = re.compile(r"\b\d[\d,.]*\s?(?:%|percent|per cent|percentage points?)", re.IGNORECASE)
_MONEY_QUESTION = re.compile(r"\b(?:cost|costs|pay|paid|paying|make|made|earn|earned|gross|grossed|worth|value|valued|valuation|"
                             r"price|priced|fine|fined|raise|raised|revenue|revenues|sales|salary|settle|settlement|spend|spent|"
                             r"charge|charged|bid|offer|contract|invest|invested|funding|fund|loss|losses|profit|income|money|"
                             r"dollars|win|won|prize|deal|sell|sold|buy|bought|budget)\b", re.IGNORECASE)
_PEOPLE = "people persons dead deaths killed victims residents civilians lives casualties injured"


def quantity(question: str) -> tuple[str, str]:
    """What a how-much/how-many question counts: ("money", ""), ("percent", ""), ("count", noun), or ("number", "")."""
    lower = question.lower()
    if re.search(r"\b(?:what percentage|what percent|what share|how much percent)\b", lower):
        return "percent", ""
    many = re.search(r"\bhow many\s+([a-z’'-]+)(?:\s+([a-z’'-]+))?", lower)
    if many:
        second = many.group(2) or ""
        stop = re.fullmatch(r"did|does|do|were|was|are|is|has|have|had|will|would|could|can|in|on|at|for|of|from|by|to|that|"
                            r"\w+ed", second)
        return "count", many.group(1) + ("" if stop or not second else " " + second)
    if re.search(r"\bhow much\b|\bwhat (?:was|is|were) the (?:price|cost|fine|revenue|salary|valuation|value|settlement)\b|"
                 r"\bwhat (?:price|cost|fine|salary|valuation)\b", lower) and _MONEY_QUESTION.search(lower):
        return "money", ""
    return "number", ""


def _trim(amount: str) -> str:
    """An amount without trailing small words ("48,000 of its" -> "48,000")."""
    words = amount.strip(" ,.").split()
    while len(words) > 1 and (words[-1].lower() in STOPWORDS or not any(c.isalnum() for c in words[-1])):
        words.pop()
    return " ".join(words)


def amount_in(text: str, question: str) -> str:
    """The amount in `text` of the kind the question asks for ("$26.3 billion" for how much money, "11,300 people" for
    how many people), written closest to the question's words and not already in the question; or ""."""
    kind, noun = quantity(question)
    asked = set(re.findall(r"\d[\d,.]*", question))
    wanted = set(question_terms(question))
    anchors = [m.start() for m in re.finditer(r"[\w’'-]+", text) if set(terms(m.group(0))) & wanted]
    if kind == "money":
        matches = list(_MONEY.finditer(text))
    elif kind == "percent":
        matches = list(_PERCENT.finditer(text))
    elif kind == "count":
        stems = set(terms(noun)) | (set(terms(_PEOPLE)) if set(terms(noun)) & set(terms(_PEOPLE)) else set())
        verbs = wanted - stems
        matches = [m for m in _AMOUNT.finditer(text) if set(terms(m.group(0))) & stems
                   or set(terms(text[m.end():m.end() + 30])[:3]) & stems
                   or set(terms(text[max(0, m.start() - 25):m.start()])[-2:]) & verbs]  # "will recall 48,000 of its sedans"
    else:
        matches = list(_AMOUNT.finditer(text))
    best, distance = "", 10**9
    for match in matches:
        value = _trim(match.group(0))
        number = re.search(r"\d[\d,.]*", value)
        if not number or re.fullmatch(r"(?:19|20)\d{2}", value) or number.group(0).strip(",.") in {a.strip(",.") for a in asked}:
            continue  # a year, or a number the question itself gives ("100 days")
        gap = min((abs(a - match.start()) for a in anchors), default=10**6)
        if gap < distance:
            best, distance = value, gap
    return best


def _day(published: str) -> date | None:
    if not published:
        return None
    try:
        return datetime.fromisoformat(published).date()
    except ValueError:
        return None
