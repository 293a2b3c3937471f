"""Amounts in evidence sentences: the figure a "how much / how many" question asks for.

- `quantity(question)`: what it counts — money, a percentage, a counted noun ("home runs"), or a number;
- `amount_in(sentence, question)`: the amount of that kind written closest to the question's words, never a
  year or a number the question itself gives ("$38.4 million", "412 people").

Deliberately not here: which sentence to take it from (`decide.py`) or comparing amounts (`verdicts.py`).
"""

from __future__ import annotations

import re

from bot.evidence import question_terms
from index.keyword import STOPWORDS, terms

__all__ = ["quantity", "amount_in", "value_of"]

_AMOUNT = re.compile(r"(?:[$£€¥]\s?\d[\d,.]*(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?|"
                     r"\b\d[\d,.]*\s?(?:%|percent|per cent|million|billion|trillion|thousand|bn)\b"
                     r"(?:\s+(?:dollars|euros|pounds|yuan|yen|rupees|people|users|votes|points|basis points|barrels|tons|tonnes))?|"
                     r"\b\d[\d,.]*(?:\s+(?:[a-z]+\s+){0,2}?(?:people|persons|deaths|dead|users|votes|points|basis points|"
                     r"barrels|tons|tonnes|years|months|days|hours|minutes|games|goals|runs|yards|touchdowns|wickets|"
                     r"seats|jobs|employees|workers|cases|homes|units|copies|downloads|subscribers|fans|tickets|"
                     r"[a-z]+s))?\b)",
                     re.IGNORECASE)
_MONEY = re.compile(r"(?:[$£€¥₹₪]|\b(?:US\$|A\$|C\$|HK\$|R\$|NIS|USD|EUR|GBP|INR|CHF|Rs\.?)\s?)\s?\d[\d,.]*"
                    r"(?:\s?(?:million|billion|trillion|thousand|bn|m|k)\b)?|"
                    r"\b\d[\d,.]*\s?(?:million|billion|trillion|thousand|bn)?\s?(?:dollars|euros|pounds|yuan|yen|rupees|usd|eur|gbp)\b",
                    re.IGNORECASE)
_PERCENT = re.compile(r"\b\d[\d,.]*\s?(?:%|percent|per cent|percentage points?)", re.IGNORECASE)
_MONEY_QUESTION = re.compile(r"\b(?:cost|pay|paid|make|made|earn|gross|worth|value|valuation|price|fine|rais|raise|revenue|"
                             r"sales|salar|salary|settl|settle|settlement|spend|spent|charg|charge|bid|offer|contract|invest|"
                             r"funding|fund|loss|profit|income|money|dollar|win|won|prize|deal|sell|sold|buy|bought|budget|"
                             r"damages|su|sue|seek|penalty|payout|bonus|severance|compensation|donat|donate|grant|generat|generate)"
                             r"(?:s|es|ed|d|ing)?\b|"
                             r"\b(?:bring|brings|bringing|brought|take|takes|taking|took|rake|rakes|raked|haul|hauled)\s+in\b",
                             re.IGNORECASE)  # "how much did keytruda bring in"
_MONEY_NOUNS = "price|cost|fine|revenue|salary|valuation|settlement|penalty"  # "what was the fine", "price of …", "… fine?"
_PENALTY = "fine fined fines penalty forfeit resolve resolved"  # "agreed to pay $4.3 billion to resolve the investigations"
# What a sentence must say for its money to be the measure asked for ("what was it valued at": a valuation, not a round).
_MEASURES = {"valuation": "valuation valued value valuing worth", "value": "valuation valued value valuing worth",
             "salary": "salary salaries wage wages paid pay pays earn earns earned contract", "revenue": "revenue revenues sales",
             "fine": _PENALTY, "penalty": _PENALTY, "settlement": "settlement settle settled"}
_PEOPLE = ("people persons dead deaths killed victims residents civilians lives casualties injured crowd attendance spectators "
           "attendees fans employees workers staff")


def quantity(question: str) -> tuple[str, str]:
    """What a how-much/how-many question counts: ("money", the noun it names: "valuation" in "what valuation ...", or
    ""), ("percent", ""), ("count", noun), or ("number", "")."""
    lower = question.lower()
    if re.search(r"\b(?:what percentage|what percent|what share|how much percent)\b", lower):
        return "percent", ""
    many = re.search(r"\bhow many\s+([a-z’'-]+)(?:\s+([a-z’'-]+))?", lower)
    if many:
        second = many.group(2) or ""
        stop = re.fullmatch(r"did|does|do|were|was|are|is|has|have|had|will|would|could|can|in|on|at|for|of|from|by|to|that|"
                            r"\w+ed", second)
        return "count", many.group(1) + ("" if stop or not second else " " + second)
    named = re.search(rf"\bwhat(?:['’]s| was| is| were)? (?:the |its |his |her |their )?(?:[\w'’.-]+ ){{0,4}}?({_MONEY_NOUNS}|"
                      rf"value)\b", lower) or \
        re.match(rf"(?:the )?({_MONEY_NOUNS}) (?:of|for)\b", lower) or \
        re.search(rf"\b({_MONEY_NOUNS})(?: amount| figure| total)?\??$", lower) or \
        re.search(rf"\bhow (?:big|large|hefty|high|steep|much)\b(?:\s+(?:a|an|of|was|is|were|are|the|its|his|her|their)){{0,3}}\s+"
                  rf"({_MONEY_NOUNS}|value|deal|contract|bonus|offer|bid|payout)\b", lower)
    if (named or re.search(r"\bhow much\b", lower)) and _MONEY_QUESTION.search(lower):
        if not named and re.search(r"\bhow much (?:was|is|were|are|did|does|do|will|has|have)\b.*\b(?:paid|earn|earns|earned)\b",
                                   lower):
            return "money", "salary"  # "how much was dave clark paid": a pay, not the company's $8 billion
        return "money", named.group(1) if named else ""
    crowd = re.search(r"\bwhat(?:['’]s| was| is| were)? (?:the )?(crowd|attendance)\b", lower)
    if crowd:  # "what was the crowd at the grand final": how many people
        return "count", crowd.group(1)
    if re.search(r"\b(?:valued|priced) at\b|\bworth\b", lower):  # "what's spill valued at?"
        return "money", "valuation" if "valued" in lower else ""
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
    stems: set[str] = set()
    if kind == "money" and noun:  # "what valuation": the amount said of the valuation, not of the round
        said = set(terms(_MEASURES.get(noun, noun)))
        if noun in _MEASURES and not said & set(terms(text)):
            return ""  # a sentence giving the round's size says nothing of the valuation
        anchors = [m.start() for m in re.finditer(r"[\w’'-]+", text) if set(terms(m.group(0))) & said] or anchors
    if kind == "money":
        matches = list(_MONEY.finditer(text))
    elif kind == "percent":
        matches = list(_PERCENT.finditer(text))
    elif kind == "count":
        stems = set(terms(noun)) | (set(terms(_PEOPLE)) if set(terms(noun)) & set(terms(_PEOPLE)) else set())
        # the question's other words as a verb next to the number ("recall"); not a name ("the Bills 24-18")
        verbs = wanted - stems - set(terms(" ".join(re.findall(r"\b[A-Z][\w'’-]*", text))))
        matches = [m for m in _AMOUNT.finditer(text) if set(terms(m.group(0))) & stems
                   or set(terms(text[m.end():m.end() + 30])[:3]) & stems
                   or set(terms(text[max(0, m.start() - 25):m.start()])[-2:]) & verbs  # "will recall 48,000 of its sedans"
                   or set(terms(text[max(0, m.start() - 30):m.start()])[-3:]) & stems]  # "a subscriber base of over 4 million"
    else:
        matches = list(_AMOUNT.finditer(text))
    rate = _RATE.search(question)
    if rate:  # "how much a year": the amount said per year first ("$7.7 billion, or about $1.1 billion a year")
        unit = _unit_of(rate)
        matches = [m for m in matches if (found := _RATE.match(_AFTER.sub("", text[m.end():m.end() + 40], count=1)))
                   and _unit_of(found) == unit] or matches
    best, distance = "", 10**9
    for match in matches:
        value = _trim(match.group(0))
        number = re.search(r"\d[\d,.]*", value)
        if not number or re.fullmatch(r"(?:19|20)\d{2}", value) or number.group(0).strip(",.") in {a.strip(",.") for a in asked}:
            continue  # a year, or a number the question itself gives ("100 days")
        if re.search(r"\w-$", text[:match.start()]):
            continue  # part of a name ("EBT-100", "F-35", "COVID-19")
        if kind == "count" and (re.match(r"\s?[-–]\s?\d", text[match.end():]) or re.search(r"\d\s?[-–]\s?$", text[:match.start()])):
            continue  # a score ("beating the Bills 24-18"), not how many viewers
        counted = _COUNTED.match(text[match.start():match.end() + 30])
        if kind == "count" and counted and not set(terms(counted.group(1))) & stems and counted.group(1) not in STOPWORDS and \
                counted.group(1) not in ("millions", "billions", "thousands", "hundreds", "across", "less", "plus", "thus"):
            continue  # "11 points" counts points, not the viewers asked about
        if re.search(r"\b(?:aged|ages|age of)\s+$", text[:match.start()], re.IGNORECASE) and not re.search(r"\bhow old\b|\bage\b",
                                                                                                      question, re.IGNORECASE):
            continue  # an age ("people aged 18 and up"), not how many
        gap = min((abs(a - match.start()) for a in anchors), default=10**6)
        if gap < distance:
            best, distance = value, gap
    return best


_COUNTED = re.compile(r"[^\d]*\d[\d,.]*(?:\s?(?:million|billion|thousand|m|k|bn))?\s+([a-z]+s)\b")  # "11 points"
_RATE_UNITS = {"annual": "year", "annually": "year", "yearly": "year", "monthly": "month", "weekly": "week", "daily": "day",
               "hourly": "hour"}
_PER = "a|an|per|each|every"
_RATE = re.compile(rf"\b(?:{_PER})\s+(year|month|week|day|season|game|match|hour)\b|\b({'|'.join(_RATE_UNITS)})\b", re.IGNORECASE)
# the up to two words between an amount and its rate ("$2 million in salary per year")
_AFTER = re.compile(rf"^[\s,]*(?:[^\W\d]+[\s,]+){{0,2}}?(?=(?:{_PER}|{'|'.join(_RATE_UNITS)})\b)", re.IGNORECASE)


def per_asked_unit(amount: str, text: str, question: str) -> bool:
    """The question asks how much per unit of time ("each month") and `text` gives `amount` per that unit
    ("paying back $300 a month")."""
    rate = _RATE.search(question)
    at = text.find(amount) if amount else -1
    if not rate or at < 0:
        return False
    found = _RATE.match(_AFTER.sub("", text[at + len(amount):at + len(amount) + 40], count=1))
    return found is not None and _unit_of(found) == _unit_of(rate)


def _unit_of(rate: re.Match[str]) -> str:
    """ "a year", "per year", "annually" -> "year"."""
    if rate.group(1):
        return rate.group(1).lower()
    return _RATE_UNITS[rate.group(2).lower()]


def value_of(amount: str) -> float | None:
    """The amount as a number ("$4.3 billion" -> 4.3e9), or None."""
    match = re.search(r"\d[\d,]*(?:\.\d+)?", amount)
    if not match:
        return None
    value = float(match.group(0).replace(",", ""))
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
    for word, factor in scale.items():
        if re.search(rf"\b{word}\b", amount, re.IGNORECASE):
            value *= factor
    return value
