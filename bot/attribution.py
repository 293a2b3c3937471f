"""Who said the quoted words: reading a news sentence's attribution the way reporters write it.

- `attributed(text, subject)`: the person a quoted sentence's words are attributed to: the name next
  to its speech verb outside the quotation (‘“…,” Jordan said’, ‘said Figure AI CEO Brett Adcock in a
  statement’, ‘Jordan said simply of his colleagues, “…”’, ‘“…,” Rep. Carlos Gimenez, R-Fla., said’,
  ‘Stars like Arnold Schwarzenegger, who admitted to being like a “drill instructor”’), or `subject` for
  a pronoun (‘“…,” he told The Associated Press’); "" when the sentence quotes no one it names (the
  name after "told" is who was told).
- `reporting(text)`: the person a sentence reports as saying something, quoted or not.
- `lead_subject(text, body)`: the person a sentence opens with as its subject, titles before the
  name and an apposition after it allowed ("Wallabies coach Eddie Jones has ...", "Brus, a
  professor emeritus at Columbia, said ..."). With `reporting`: who a later "he" or "she" is.
- `continues(text)`: quoted words with no attribution of its own, which continue the speaker of
  the sentence before (the reporter's next paragraph of the same speaker's words).
- `also_known_as(text)`: the pairs (name, other name) a sentence gives ("Changpeng Zhao, also
  known as “CZ,”"), so a question may ask after either.

Tracking these from sentence to sentence is `evidence._read`'s (`Sentence.said_by`).

Deliberately not here: whether the words answer the question (`decide.py`), scoring (`evidence.py`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.names import TITLES, named_pattern, names_in, person_like

__all__ = ["attributed", "reporting", "continues", "lead_subject", "also_known_as", "QUOTE_MARK", "ATTRIBUTING"]

QUOTE_MARK = re.compile(r"[“”\"]")
# The verbs news attributes quoted words with, in the forms it uses them.
ATTRIBUTING = (r"(?:said|says|say|told|tells|wrote|writes|added|adds|posted|posts|tweeted|tweets|explained|insisted|argued|"
               r"stated|noted|warned|replied|responded|recalled|joked|quipped|continued|concluded|acknowledged|admitted|"
               r"conceded|declared|shared|texted|asked|announced|exclaimed|remarked|cautioned|stressed|emphasized|emphasised|"
               r"predicted|promised|vowed|claimed|answered|went on|insists|argues|notes|warns|explains|adding|saying|writing|telling|"
               r"agreed|agrees|urged|urges|revealed|reveals|confessed|recounted|reflected|observed|commented|reiterated|"
               r"lamented|complained|boasted|pleaded|countered|retorted|elaborated|chimed in|fired back|shot back|pointed out|"
               r"points out|mused|gushed|teased|laughed|claims|admits|recalls|recounts|confirms|confirmed)")
_VERB = re.compile(rf"\b{ATTRIBUTING}\b")
_PARTICIPLES = frozenset(("adding", "saying", "writing", "telling"))
_PRONOUN = re.compile(r"(?:^|[\s,”\"])(he|she)\s+(?:(?:also|later|then|simply|just|has|had|have|would|will|once)\s+){0,2}$",
                      re.IGNORECASE)
_BETWEEN = re.compile(r"\s+(?:(?:also|later|then|simply|just|has|had|have|would|will|once|[a-z]+ly)\s+){0,2}$")
# ", a professor emeritus at Columbia, ", ", R-Fla., ", ", who represents a district in the Bronx and sits on ..., "
_APPOSITION = re.compile(r",\s*(?:(?:who|a|an|the)\b[^“”\"]{1,130}|[^,“”\"]{1,60}),\s*$")


def attributed(text: str, subject: str = "") -> str:
    """The name the sentence's quoted words are attributed to ("" if none: no quote, or no one named or referred to)."""
    if not QUOTE_MARK.search(text):
        return ""
    return _attributed(text, subject)


def reporting(text: str) -> str:
    """The person a sentence reports as saying something, quoted or not ("After announcing the winners, Secretary-General
    Hans Ellegren said the academy would ..." -> "Hans Ellegren"): who a "he said" after it refers to; "" for none, or
    for an outlet or body written in capitals ("Public broadcaster SVT said")."""
    name = _attributed(text, "")
    return "" if name.isupper() else name


def continues(text: str) -> bool:
    """The sentence is quoted words with no attribution of its own (“If we can just ... billions maybe.”): after a
    sentence quoting someone, more of the same speaker's words."""
    return bool(re.match(r"\s*[“\"]", text)) and not _VERB.search(_UNQUOTED.sub(" ", text))


_UNQUOTED = re.compile(r"[“\"][^“”\"]*[”\"]")
_QUOTED = re.compile(r"[“\"][^“”\"]*[”\"]|“[^“”]*$")  # a quotation, or one opened and left open to the sentence's end


@lru_cache(maxsize=8192)
def _attributed(text: str, subject: str) -> str:
    # the speech verbs outside the quoted words: in “He told me at the last minute,” Mahomes said, the "he told" is
    # Mahomes' words, not their attribution
    for verb in _VERB.finditer(_QUOTED.sub(lambda quoted: " " * len(quoted.group(0)), text)):
        before = text[: verb.start()]
        if verb.group(0) in _PARTICIPLES:  # "Warren shamed Apple in a post on X, saying “…”": the clause's subject
            people = [n for n in names_in(_UNQUOTED.sub(" ", before)) if person_like(n)]
            if people:
                return people[0]
            if subject and not names_in(_UNQUOTED.sub(" ", before)):
                return subject
            continue
        start = max(before.rfind("”"), before.rfind('"'), before.rfind("“"))
        window = before[start + 1:] if start >= 0 else before
        if _PRONOUN.search(window[-40:] if len(window) > 40 else " " + window):
            if subject:
                return subject
            continue
        found = _name_before(window)
        if found:
            return found
        found = _name_after(text[verb.end():]) if verb.group(0) not in _TO_SOMEONE else ""
        if found:
            return found
    return ""


def _name_before(window: str) -> str:
    """The name written right before a speech verb: "Jordan said", "Rep. Carlos Gimenez, R-Fla., said", "Brus, a
    professor emeritus at Columbia, said"; "" when the name before it is not its subject ("when Jordan sought ...")."""
    between = _BETWEEN.search(window)
    head = (window[: between.start()] if between else window).rstrip()
    head = re.sub(r",\s*who$", "", head)  # "Stars like Arnold Schwarzenegger, who admitted to being like a “drill instructor”"
    if head.endswith(","):
        apposition = _APPOSITION.search(head + " ")
        inner = apposition.group(0).strip(" ,") if apposition else ""
        if inner and names_in(inner) == [inner] and person_like(inner):
            return inner  # "Ofcom’s online safety lead, Gill Whitehead, tells": the name is the apposition
        head = _APPOSITION.sub("", head + " ").rstrip(" ,")  # the apposition between the name and its verb
    names = names_in(head[-80:])
    if not names or not re.search(rf"(?<!\w){re.escape(names[-1])}$", head):
        return ""
    return names[-1]


def _name_after(rest: str) -> str:
    """The name written right after a speech verb, ending its clause: "said captain Heung-Min Son", "said Figure AI
    CEO Brett Adcock" (not "said House Republicans now need ...")."""
    clause = re.split(r"[.,;:“”\"!?(]", rest, maxsplit=1)[0].rstrip()
    setting = _SETTING.search(clause)  # "said Showtime Sports executive Stephen Espinoza in a statement to staff"
    if setting and _ends_with_name(clause[: setting.start()]):
        clause = clause[: setting.start()]
    names = names_in(clause)
    if not names or len(clause.split()) > 7 or not re.search(rf"(?<!\w){re.escape(names[-1])}$", clause):
        return ""
    if re.search(r"\b(?:in|on|at|to|for|of|by|with|from|about|into|after|before|during)\b", clause[: clause.rfind(names[-1])]):
        return ""  # "announced the award in Stockholm": a place or a thing, not who spoke
    return names[-1]


def _ends_with_name(text: str) -> bool:
    names = names_in(text)
    return bool(names) and re.search(rf"(?<!\w){re.escape(names[-1])}$", text) is not None


_SETTING = re.compile(r"\s+(?:in|on|at|during|after|before|via|while|when|as|through|over|from|to|with)\b")
_TO_SOMEONE = frozenset(("told", "tells", "telling", "asked"))  # "told Reuters": the name after is who was told


def lead_subject(text: str, body: str = "", known: frozenset[str] = frozenset()) -> str:
    """The person the sentence opens with as its subject ("Don McLean, the iconic artist ..., has just released" ->
    "Don McLean"), or ""; a one-word opener only when the chunk `body` writes it capitalised mid-sentence (`known`, in
    lower case) or more than once, and never in lower case ("Brus, a professor emeritus ..., said", not "Plus get ...")."""
    opening = _OPENING.match(text)  # "Wallabies coach Eddie Jones", "U.S. Senator Elizabeth Warren": names and titles
    names = names_in(opening.group(0)) if opening else []
    if not names or not opening or not opening.group(0).endswith(names[-1]):
        return ""
    name = names[-1]
    if " " not in name and body and name.lower() not in known and \
            (body.count(name) < 2 or re.search(rf"\b{re.escape(name.lower())}\b", body)):
        return ""  # "Plus get unlimited access": a capitalised first word, not a name
    rest = text[opening.end():]
    apposition = re.match(r",\s+(?:a|an|the|[a-z][\w’'-]*|[A-Z]{2,5})\b[^,]{0,140},\s+", rest)  # ", CEO of L-Nutra, "
    rest = rest[apposition.end():] if apposition else rest.lstrip()
    if not rest or not rest[0].islower():
        return ""
    return name


_NAME_WORD = r"(?:[A-Z][\w'’.-]*|(?:" + "|".join(sorted((re.escape(t) for t in TITLES), key=len, reverse=True)) + r")\b)"
_OPENING = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD})*")


def also_known_as(text: str) -> list[tuple[str, str]]:
    """(name, other name) pairs the sentence gives: "Changpeng Zhao, also known as “CZ,”", "Zhao (CZ)"."""
    out = []
    for match in _KNOWN_AS.finditer(text):
        out.append((match.group(1), match.group(2)))
    return out


_KNOWN_AS = named_pattern(r"([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}),?\s+(?:also\s+|better\s+|widely\s+|popularly\s+)?known\s+as\s+"
                          r"[“\"‘']?([^\W\d_][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")
