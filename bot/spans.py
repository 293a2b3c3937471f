"""Names as answers: the name an entity question asks for, inside the evidence sentences.

- `lead_name(question, hits, scored, chosen)`: for a question after one name ("Who is the
  individual ...?", "Which company ...?", "Which show was green-lit ...?"), the name the
  retrieved articles agree on, with the sentence that quotes it — or None when the signals
  disagree (a wrong name first is worse than none);
- `sentence_name`, `described_name`: the name one sentence gives where the question's words are, or the name a
  sentence only describes, given in the sentence after it;
- `candidates_in(question, item)`: the names of the kind asked in a sentence;
- `titled_as_asked(question, items)`: the one name the sentences title with the occupation asked for.

Deliberately not here: deciding which kind of answer to give (`decide.py`), who holds a role and which occupation is
asked (`roles.py`).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from bot.evidence import Scored, question_terms, sentences_of
from bot.names import NOT_NAMES, TITLES, is_name_word, named_pattern, names_in, names_known, person_like
from bot.outlets import aliases
from bot.policy import specific
from bot.roles import asked_occupation, role_clash, titles
from bot.spelling import common_word
from index.chunk import split_sentences
from index.keyword import terms
from newsbot.types import Hit, Question

__all__ = ["lead_name", "agreed_name", "sentence_name", "described_name", "candidates_in", "names_with_forms", "titled_as_asked"]

_LEAD_MARGIN = 1.5  # the lead name must score this many times the next one
_LEAD_MENTION = 0.3  # a name's score: 1/(1+rank) per article naming it, plus this per mention
_DESCRIBES = 0.5  # the share of the question's words a sentence must cover to name or describe the answer
_PERSON_QUESTION = re.compile(r"^\s*who\b|\b(?:person|individual|celebrity|figure|player|athlete|artist|singer|actor|actress|"
                              r"director|author|ceo|founder|executive|leader|coach|boxer|fighter|head of state|spokesperson|"
                              r"minister|president|judge)\b", re.IGNORECASE)
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")  # "U.S.", "D.C.": places, not the name asked for
_CAPITALISED_WORD = re.compile(r"(?<![\w’'])[^\W\d_][\w’'-]*")


def names_with_forms(names: Sequence[str]) -> dict[str, str]:
    """name -> the longest name it is a short form of ("Bankman-Fried" -> "Sam Bankman-Fried"), or the person a longer
    form places ("Sam Altman of OpenAI" -> "Sam Altman")."""
    counts = Counter(names)
    canonical: dict[str, str] = {}
    for name in counts:  # "Sam Altman of OpenAI" is Sam Altman, when the articles also name him alone
        head = name.split(" of ")[0]
        if head != name and " " in head and head in counts:
            counts[head] += counts[name]
    for name in counts:
        head = name.split(" of ")[0]
        if head != name and " " in head and head in counts:
            canonical[name] = head
            continue
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
    sentences). Kept only when at least two articles name it (or one, when it leads the next name
    twice over and is the best sentence's name for the question's words, not its speaker), it leads
    the next name by `_LEAD_MARGIN`, and no other name in the best-scored sentence is described
    there by the question's words ("Who is the CEO of Microsoft?": "Satya Nadella, Microsoft's
    CEO", not the most-mentioned Sam Altman), nor does that sentence cover most of the question
    while naming no one. When the best sentence names no candidate, a name in the sentence
    right after it may be what it describes ("the wildly popular South Korean show ... It is
    'Squid Game'") — taken when that article's next sentences name exactly one candidate.
    """
    text = question.query
    found = _named_in(question, hits, chosen)
    known, canonical, person, best_rank, ranked = found.known, found.canonical, found.person, found.best_rank, found.ranked
    if not ranked or not scored:
        return None
    score, name = ranked[0]
    rivals = {n: c for n, c in canonical.items() if c in best_rank or (person and _person(c, scored[0]))}
    nearest = _nearest_name(text, scored[0].sentence.text, known, rivals)
    near = nearest == name or (nearest == "" and scored[0].overlap < 0.5) or \
        (nearest != "" and not _titled(text, scored[0].sentence.text, nearest, rivals))  # of the best sentence: "Whitlock
    # thanked Ali Brennan, the deputy harbour master" makes Brennan the deputy; a name merely nearer the question's words
    # ("he persuaded Yedidia to join him") vetoes nothing, nor does a sentence naming no one that covers little of the
    # question ("He bought himself wealth, power and influence"); one covering most of it withholds the lead ("there
    # aren't any perfect options for his replacement" is no cue for the most-named man). (The nearest name in any of
    # three sentences: the wrong person for plain questions like the deputy's.)
    alone = len(best_rank[name]) < 2 and not (nearest == name and (person or not person_like(name))
                                              and _acts(name, canonical, scored[0].sentence.text, text)
                                              and (len(ranked) < 2 or score >= 2 * ranked[1][0]))
    if alone or (len(ranked) > 1 and score < _LEAD_MARGIN * ranked[1][0]) or not near:
        described = _described(question, scored[0], known, canonical, best_rank)
        if not described:
            return None
        name = described
    forms = {n for n, c in canonical.items() if c == name}
    support = next((item for item in scored if _names(item.sentence.text, forms)), None)
    return (name, support) if support else None


@dataclass(frozen=True)
class _Named:
    known: frozenset[str]  # the words the chunks write capitalised mid-sentence: name words
    canonical: dict[str, str]  # each name as found -> the name it is a form of
    person: bool  # the question asks for a person
    best_rank: dict[str, dict[str, int]]  # candidate -> {article: best rank of its chunks naming it}
    ranked: list[tuple[float, str]]  # (score, candidate), best first


def _named_in(question: Question, hits: Sequence[Hit], chosen: Sequence[Scored]) -> _Named:
    """The candidate names of the retrieved chunks for an entity question, scored as `lead_name` says."""
    text = question.query
    asked = set(terms(text)) | {t for hit in hits for t in terms(hit.source)}
    sentences = [(rank, hit, hit.body[a:b], hit.start + a) for rank, hit in enumerate(hits) for a, b in split_sentences(hit.body)]
    known = frozenset(w.group(0).lower() for *_, s, _ in sentences for w in _CAPITALISED_WORD.finditer(s)
                      if w.start() > 0 and is_name_word(w.group(0)))
    answering = {(item.sentence.hit.article_id, item.sentence.start) for item in chosen}
    seen: list[tuple[str, str, int, bool]] = []
    for rank, hit, sentence, start in sentences:
        seen += [(name, hit.article_id, rank, (hit.article_id, start) in answering)
                 for name in names_known(sentence, known) if not set(terms(name)) & asked and not _INITIALISM.fullmatch(name)]
    canonical = names_with_forms([name for name, *_ in seen])
    surnamed = {c for n, c in canonical.items() if n != c and n == c.split()[-1] and not n.isupper()}  # not "AI" of "Open AI"
    person = question.target == "person" or (question.target not in ("organisation", "place") and bool(_PERSON_QUESTION.search(text)))
    best_rank: dict[str, dict[str, int]] = {}
    mentions: dict[str, float] = defaultdict(float)
    for name, article, rank, answers in seen:
        if person != (canonical[name] in surnamed and person_like(canonical[name])):  # not "GMT Diamondbacks"
            continue
        ranks = best_rank.setdefault(canonical[name], {})
        ranks[article] = min(rank, ranks.get(article, rank))
        mentions[canonical[name]] += 2 if answers else 1
    ranked = sorted(((sum(1 / (1 + r) for r in ranks.values()) + _LEAD_MENTION * mentions[name], name)
                     for name, ranks in best_rank.items()), reverse=True)
    return _Named(known, canonical, person, best_rank, ranked)


def agreed_name(question: Question, hits: Sequence[Hit], scored: list[Scored]) -> tuple[str, Scored, frozenset[str]] | None:
    """For a question that describes its answer in many words ("Who is the individual that, according to Fortune and
    TechCrunch, ...?"), each retrieved article giving a part of the description: the one name of the kind asked that most
    of the articles name, in more of them than any other name, with the best sentence naming it as a name of that kind
    and the articles naming it; None otherwise."""
    found = _named_in(question, hits, [])
    by_articles = sorted(((len(ranks), name) for name, ranks in found.best_rank.items()), reverse=True)
    articles = len({hit.article_id for hit in hits})
    if not by_articles or by_articles[0][0] < 2 or 2 * by_articles[0][0] < articles or \
            (len(by_articles) > 1 and by_articles[1][0] == by_articles[0][0]):
        return None
    name = by_articles[0][1]
    forms = {n for n, c in found.canonical.items() if c == name}
    # its sentence names it as a name of the kind asked ("Harry Kane" is no airline, "London" no country it is in)
    support = next((item for item in scored if _names(item.sentence.text, forms)
                    and forms & set(candidates_in(question, item))), None)
    return (name, support, frozenset(found.best_rank[name])) if support else None


def candidates_in(question: Question, item: Scored) -> list[str]:
    """Names in the sentence that could answer an entity question: not the question's own names or words,
    not an outlet's, not the initials of a name it uses ("Changpeng Zhao" for "CZ"), of the type asked."""
    asked_terms = set(terms(question.query))
    source_terms = set(terms(item.sentence.hit.source))  # the outlet's own name, not a name sharing a word with it
    asked_words = {w.lower() for w in re.findall(r"[\w'’-]+", question.query)} | {a.lower() for a in aliases(item.sentence.hit.source)}
    dateline = re.match(r"^[A-Z]{2,}[^—–\n]{0,50}?(?:\([^)]{1,30}\))?\s*[—–-]\s", item.sentence.text)
    text = item.sentence.text[dateline.end():] if dateline else item.sentence.text  # "VILNIUS, Lithuania (AP) —"
    out, others = [], []
    body = item.sentence.hit.body
    opener = _opener(text, body)
    for name in names_in(text):
        if opener and name.startswith(opener + " ") and len(name.split()) > 2:
            name = name[len(opener) + 1:]  # "Radiologist Bhavik Patel", when the chunk never writes "Radiologist" mid-sentence
        if len(name.split()) > 2 and name.split()[0].isupper() and person_like(name.split(maxsplit=1)[1]):
            name = name.split(maxsplit=1)[1]  # "the ambassador to the UK Mark Regev": a place's initials, then a person
        if opener == name and _ordinary(name, body):
            continue  # "Through his questioning, ...", "Moving forward, ...": a word, not a name
        words = name.split()
        if (set(terms(name)) & asked_terms and not _relative(name, question.query)) or set(terms(name)) <= source_terms or \
                "".join(w[0] for w in words).lower() in asked_words or name.lower() in asked_words:
            continue
        if _NOT_ANSWERS.fullmatch(name.lower().rstrip(".")) or (name.isupper() and len(name) > 4):
            continue  # a month, a weekday, a dateline ("KYIV")
        if " " not in name and re.search(rf"\b{re.escape(name)}\s+\d", text) and not re.search(rf"\b{re.escape(name)}\b(?!\s+\d)", text):
            continue  # a numbered part of something ("Game 2", "Week 11", "Round 3"), not a name
        if question.target == "place" and (re.search(r"(?:ian|ese|ish|ean)$", name) or
                                           not re.search(rf"\b(?:in|at|near|into|across|outside|inside|throughout)\s+(?:the\s+)?"
                                                         rf"{re.escape(name)}", text)):
            continue  # a place is where something is: "in Washington"; "Russian" is not a place
        if question.target == "person" and not _person(name, item):
            if not person_like(name) and (re.search(rf"\b{re.escape(name)}(?:['’]s)?\s+(?:has|had|is|was|will|would|[a-z]+ed)\b", text)
                                          or re.search(rf"\b{re.escape(name)}(?:['’]s\s|,\s+(?:a|an|the)\s|\s+[a-z]+ing\s)", text)):
                others.append(name)  # a company or team doing something ("Ubisoft has signed"), not "Dutch boss"
            continue
        if question.target in ("organisation", "place") and person_like(name) and not name.isupper() and _person(name, item):
            continue  # a person, not "Fox Sports" or "Warner Bros", which only read like a person's name
        out.append(name)
    if not out and others and not _PERSON_QUESTION.search(question.query.lstrip()[3:]) and \
            re.match(r"\s*who\b", question.query, re.IGNORECASE):
        return others  # a plain "who" is answered by a company or team too ("Who got the cloud rights? Ubisoft")
    return out


def _relative(name: str, query: str) -> bool:
    """`name` is another person of a family the question names in full: a full name whose surname the question
    writes after another first name ("Francesca Scorsese" for "who quizzed martin scorsese"; not "Erling Haaland" for
    "whose record is haaland about to break")."""
    if not person_like(name):
        return False
    first, last = name.split()[0], name.split()[-1]
    before = re.search(rf"([^\W\d_][\w'’-]*)\s+{re.escape(last)}\b", query, re.IGNORECASE)
    return before is not None and before.group(1).lower() not in NOT_NAMES and before.group(1).lower() != first.lower() and \
        not re.search(r"(?:ed|ing|ly)$", before.group(1).lower())


def titled_as_asked(question: Question, items: Sequence[Scored]) -> tuple[str, Scored] | None:
    """The one name that `items` title with the occupation the question asks for ("the Israeli ambassador to Portugal,
    Dor Shapiro," for "who's the israeli ambassador who said ..."), with its sentence; None when none or several."""
    asked = asked_occupation(question)
    if not asked:
        return None
    found = {name: item for item in items for name in candidates_in(question, item)
             if titles(name, item.sentence.text) & asked}
    return next(iter(found.items())) if len(found) == 1 else None


def _ordinary(word: str, body: str) -> bool:
    """A sentence's first word, never capitalised inside one of the chunk's sentences, that is an ordinary word: the
    chunk writes it in lower case too, or it is everyday English ("Depending", "Typically"; not "Cisza")."""
    return bool(re.search(rf"\b{re.escape(word.lower())}\b", body)) or common_word(word)


def _opener(sentence: str, body: str) -> str:
    """The sentence's first word when the chunk never capitalises it inside a sentence: maybe an ordinary word."""
    first = re.match(r"[\W_]*([^\W\d_][\w'’-]*)", sentence)
    if not first:
        return ""
    word = first.group(1)
    return "" if re.search(rf"[\w,;:][ \t]+{re.escape(word)}\b", body) else word  # not after a heading's line break


_NOT_ANSWERS = re.compile(r"(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|may|june|july|"
                          r"august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|"
                          r"sunday|today|yesterday)")


def _person(name: str, item: Scored) -> bool:
    """The chunk uses `name` as a person's: their surname also stands alone ("Jonathan Smith ... Smith said"), or
    a title or role introduces them ("coach Dan Lanning", "CEO Richard Teng"), or a pronoun follows the name."""
    body = item.sentence.hit.body
    if " " not in name:  # one word: the surname of a person named in full in the chunk (not "The Athletic")
        return not name.isupper() and any(m.group(1).lower() not in NOT_NAMES and m.group(1).lower() not in TITLES
                                          and not re.search(r"['’]s?$", m.group(1))  # "Halden's Aurora" is no first name
                                          for m in named_pattern(rf"\b([A-Z][\w'’-]+)\s+{re.escape(name)}\b").finditer(body))
    if not person_like(name):
        return False
    # The name-specific part of each pattern is compiled per name (a few µs, remembered) and the long fixed part once: a
    # pattern holding both cost up to 2.6 ms to compile for every new name, the most of any step of an answer.
    last = re.escape(name.split()[-1])
    alone = body.replace(name, "")
    if _followed_by(named_pattern(rf"(?<!\w){last}(?!\w)"), _SAYS, alone):
        return True  # "... Smith said", "Wullaert equalised"
    named = named_pattern(rf"{re.escape(name)}\b", re.IGNORECASE)
    if any(named.match(body, role.end()) for role in _ROLE.finditer(body)):
        return True  # "coach Dan Lanning"
    if any(_ROLE_BEFORE.search(body, max(0, m.start() - 80), m.start()) for m in named.finditer(body)):
        return True  # "the Israeli ambassador to Portugal, Dor Shapiro", "his daughter, Francesca Scorsese"
    # "Sam Cane – the All Blacks captain –", "Dusty Baker announced his retirement"
    return _followed_by(named_pattern(rf"\b{re.escape(name)}\b"), _INTRODUCED, body)


def _followed_by(first: re.Pattern[str], then: re.Pattern[str], text: str) -> bool:
    """`first` matches somewhere in `text` (overlapping matches included) with `then` matching right after it:
    `re.search(first + then)` for a literal `first`."""
    found = first.search(text)
    while found:
        if then.match(text, found.end()):
            return True
        found = first.search(text, found.start() + 1)
    return False


_SAID = "said|says|told|added|wrote|was|is|has|had|will|would|who"
_ROLE_WORDS = ("coach|ceo|chief|president|chairman|chair|founder|director|manager|minister|secretary|senator|governor|"
               "spokesperson|spokesman|spokeswoman|analyst|executive|star|player|striker|quarterback|head|officer|judge|"
               "chemist|physicist|biologist|biochemist|scientist|economist|engineer|researcher|professor|novelist|"
               "actor|actress|singer|rapper|boxer|golfer|boss|captain|owner|commissioner|cfo|coo|cto|editor|pitcher|guard|"
               "forward|defender|midfielder|goalkeeper|winger|mom|mother|father|dad|wife|husband|widow|daughter|teacher|"
               "nurse|doctor|influencer|artist|writer|author|designer|entrepreneur|activist|lawyer|attorney|ambassador|"
               "producer|safety|linebacker|receiver|cornerback|priest|pastor|bishop|streamer|son|sister|brother|"
               "rep\\.|sen\\.|mr\\.|ms\\.|mrs\\.|dr\\.")
_SAYS = re.compile(rf"\s+(?:{_SAID}|[a-z]+ed)\b")
_ROLE = re.compile(rf"\b(?:{_ROLE_WORDS})\s+", re.IGNORECASE)
# a role written before the name, with whom or where it is held and a comma ("ambassador to the UK Mark Regev")
_ROLE_BEFORE = re.compile(rf"\b(?i:{_ROLE_WORDS})(?:\s+(?:to|of|for|at)\s+(?:the\s+)?(?:[A-Z][\w.’'-]*\s+){{0,2}}[A-Z][\w.’'-]*)?"
                          rf"(?:,\s+|\s+)$")
_INTRODUCED = re.compile(rf"(?:\s*[,–—]\s+(?:who|a|an|the)\b|\s+(?:{_SAID})\b|[^.]{{0,60}}\b(?:he|she)\s+(?:{_SAID})\b|"
                         rf"\s+[a-z]+ed\s+(?:his|her)\b|\s+\((?:vs\.?\s|@\s|[DRI]-|\d{{2}}\))|"  # "Tyreek Hill (vs. Titans", "(D-N.J.)"
                         # "Richard Teng, Binance’s former global head of regional markets,"
                         rf",\s+(?!whose\b|which\b|where\b)(?:[\w’'.-]+\s+){{0,4}}?(?i:{_ROLE_WORDS})(?:s)?\b)")


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
    if best.overlap < _DESCRIBES:
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
        if role_clash(question, name, best):
            continue  # "WordPress founder Matt Mullenweg" for "which x engineer"
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
    that opens one of the next two sentences of the same chunk, or a title in quotes there for a thing; None when a
    person question's sentence opens with a person's name, or when a long question's sentence covers less than half of it
    (a description of something else: any name that follows it would do)."""
    if best.overlap < _DESCRIBES and not specific(question):
        return None
    if question.target == "person" and any(best.sentence.text.startswith(c) for c in candidates_in(question, best)):
        return None  # a person it names is what it is about ("Sam Cane – the All Blacks captain – was ..."), no description
    sentences = sentences_of(best.sentence.hit)
    after = [s for s in sentences if s.start > best.sentence.start][:3]
    seen = set(terms(question.query + " " + best.sentence.text + " " + best.sentence.hit.source))
    for sentence in after:
        if question.target in ("thing", ""):
            quoted = [q for q in re.findall(r"[“\"]([^”\"]{2,60})[”\"]", sentence.text) if q[:1].isupper() and _title_like(q)]
            if quoted and not set(terms(quoted[0])) & seen:
                return quoted[0].strip(" ,."), Scored(sentence, best.score, best.vector)
        opener = _opener(sentence.text, sentence.hit.body)
        for name in names_in(sentence.text):
            if set(terms(name)) & seen or sentence.text.find(name) > 25 or (name == opener and _ordinary(name, sentence.hit.body)):
                continue
            item = Scored(sentence, best.score, best.vector)
            if question.target == "person" and not _person(name, item):
                continue
            if question.target in ("organisation", "place", "thing") and (person_like(name) or _person(name, item)):
                continue
            return (_full_form(name, item) if question.target == "person" else name), item  # "Zinter" -> "Zak Zinter"
    return None


def _title_like(quoted: str) -> bool:
    """Quoted words that can be a title ("Squid Game", "Cisza"), not a sentence someone said ("He was on the brink of
    death, unable to walk or talk,"): a few words, not ending in a comma or a full stop."""
    return len(quoted.split()) <= 6 and not re.search(r"[,.;!?]\s*$", quoted)


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


def _acts(name: str, canonical: dict[str, str], sentence: str, question: str) -> bool:
    """Whether the sentence has `name` do what was asked rather than report it: "Mayor Ravi Osei said the budget was
    approved" does not make Osei the one who approved it (unless the question asks what was said)."""
    if re.search(r"\b(?:said|say|says|told|announced|claimed|warned)\b", question, re.IGNORECASE):
        return True
    forms = "|".join(re.escape(n) for n, c in canonical.items() if c == name)
    return not re.search(rf"(?<!\w)(?:{forms})(?!\w)\s+(?:said|says|told|added|wrote|noted|warned)\b", sentence)


def _titled(question: str, sentence: str, name: str, forms: dict[str, str]) -> bool:
    """Whether the sentence describes `name` with the question's words: in its apposition ("Ali Brennan, the deputy
    harbour master,") or in the title written before it ("deputy harbour master Ali Brennan", "Microsoft CEO Satya
    Nadella"), not merely somewhere near it."""
    wanted = set(question_terms(question))
    for form in (f for f, c in forms.items() if c == name):
        for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", sentence):
            after = re.match(r"['’]?s?\s*[,–—(]\s*([^,–—()]{1,80})", sentence[m.end():])
            before = re.search(r"((?:[\w’'.-]+ ){1,4})$", sentence[:m.start()])
            title = [w for w in (before.group(1).split() if before else [])]
            while title and (title[0].lower() in NOT_NAMES or re.search(r"ed$", title[0])):
                title.pop(0)  # "thanked", "the": not part of a title
            words = (after.group(1) if after else "") + " " + " ".join(title)
            if set(terms(words)) & wanted:
                return True
    return False


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


