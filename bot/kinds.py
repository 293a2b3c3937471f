"""What kind of answer a question wants, and the parts of it an answer must address.

`read_kind(text)` returns an `Ask`:

| kind | questions | parts read |
| --- | --- | --- |
| yesno | "did the fed raise rates?", "Was X before Y?", "Did A report X while B reported Y?" | `claims`, `relation` |
| choice | "Which came first, A or B?", "Who reported the higher figure, Reuters or CNBC?" | `options`, `compare` |
| when | "When did X resign?", "what day did ...", "since when ..." | |
| count | "How many articles mention ...?" | |
| list | "Which outlets covered ...?", "List the ...", "Who are the ...?" | `target` |
| quote | "What did Rubio say about ...?", "How did X react?" | `speaker` |
| entity | who / which X / what X / where / how much | `target`: person, organisation, place, number, thing |
| open | why, how, what happened, summarize, explain, tell me about | |

Politeness and wrappers ("can you tell me if", "do you know who", "quick question:") are read
through. A statement put to be confirmed is a yes/no question however it is typed ("is it true X"
with no question mark, "X — yes or no?"); a terse question reads by its last noun ("X sentencing
date?", "X 2023 sales?", "X new coach after Y"); "X on Y - what did she say" and "X's joke about Y"
ask X's words. English news questions only; deliberately no parser and no model.

Deliberately not here: deciding the answer (`decide.py`), names and outlets (`names.py`,
`outlets.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.names import NOT_NAMES, OPENERS, TITLES, names_in
from bot.roles import role_asked
from newsbot.types import Claim

__all__ = ["Ask", "Claim", "read_kind", "strip_wrappers", "speaker_of", "SPEECH_VERBS", "KINDS"]

KINDS = ("yesno", "choice", "when", "count", "list", "quote", "entity", "open")
_AUX = (r"did|does|do|is|are|was|were|has|have|had|can|could|will|would|should|shall|may|might|must|didn['’]?t|doesn['’]?t|"
        r"don['’]?t|isn['’]?t|aren['’]?t|wasn['’]?t|weren['’]?t|hasn['’]?t|haven['’]?t|won['’]?t|wouldn['’]?t|couldn['’]?t")
_WRAPPERS = re.compile(
    r"^(?:(?:hey|hi|hello|ok|okay|so|and|but|also|well|quick question|question|one more thing|btw|pls|please)\b[,:!]?\s*)+|"
    r"^(?:can|could|would|will) you (?:please )?(?:tell me|say|check|confirm|find out|let me know|explain)\s*(?:,\s*)?|"
    r"^(?:do|does) (?:you|anyone|anybody) know\s*|^i(?:['’]d| would) like to know\s*|^i (?:want|need) to know\s*|"
    r"^i(?:['’]m| am) (?:curious|wondering)(?: about)?\s*|^i wonder\s*|^tell me\s+(?=(?:if|whether|who|what|when|where|which|why|how)\b)|"
    r"^(?:quote|repeat|give me|show me)\s+(?=what\b)|"
    r"^(?:please )?let me know\s*|^is it true(?: that)?\s*|^true or false[:,]?\s*|^any idea\s*",
    re.IGNORECASE)
SPEECH_VERBS = (r"say|said|says|tell|told|announce|announced|condemn|condemned|describe|described|call|called|claim|claimed|warn|"
                r"warned|welcome|welcomed|thank|thanked|note|noted|express|expressed|stress|stressed|praise|praised|criticize|"
                r"criticise|criticized|criticised|think|thought|believe|argue|argued|reveal|revealed|state|stated|mention|"
                r"mentioned|promise|promised|admit|admitted|deny|denied|suggest|suggested|respond|responded|react|reacted|"
                r"comment|commented|write|wrote|report|reported|insist|insisted|predict|predicted|pledge|pledged|vow|vowed|"
                r"urge|urged|accuse|accused|blame|blamed|explain|explained|characteri[sz]e|characteri[sz]ed|feel|felt|tweet|tweeted|"
                r"joke|joked|quip|quipped")
_PRONOUN_SAID = r"(?:so\s+)?what\s+(?:did|does|has|have|had)\s+(?:he|she|they)\s+(?:say|said|tell|told|write|wrote|post|posted)\b\W*$"
_SPEAKER_PATTERNS = [
    re.compile(rf"\b(?:did|does|do|has|have|had|will|would)\s+(?P<who>.+?)\s+(?:{SPEECH_VERBS})\b", re.IGNORECASE),
    re.compile(r"\baccording to\s+(?P<who>.+?)(?:[,?.]|$)", re.IGNORECASE),
    re.compile(r"\b(?P<who>[^\W\d_][\w'’\-]+(?:\s+[^\W\d_][\w'’\-]+)*)['’]s?\s+"
               r"(?:remarks|comments|statement|statements|words|view|views|position|response|reaction|take|stance|message|"
               r"advice|thoughts|post|tweet|joke|quip)\b",
               re.IGNORECASE),
    re.compile(rf"^(?:how|what)\s+(?:has|have|did|does|is|was)\s+(?P<who>.+?)\s+(?:been\s+)?(?:{SPEECH_VERBS}|saying|reacting|responding)\b",
               re.IGNORECASE),
    re.compile(r"^what\s+(?P<who>.+?)\s+(?:said|says|told|wrote|announced|claimed|thinks|thought)\b", re.IGNORECASE),
    re.compile(r"^what\s+(?:did|does|has)\s+(?P<who>.+?)\s+(?:have|got)\s+to\s+say\b", re.IGNORECASE),
    # "what did ilya sutskever post after the board fired altman": a post is their words (not "post a profit")
    re.compile(r"^what\s+(?:did|does|has|have|had)\s+(?P<who>.+?)\s+(?:post|posted)\b"
               r"(?=\s+(?:on|to|after|when|about|following|in response)\b|\s*$)", re.IGNORECASE),
    # "warren on apple blocking beeper mini - what did she say": the pronoun is the one named first
    re.compile(r"^(?P<who>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2})\s+(?:on|about|re|to|after)\s+.+?(?:\s*[,:;—–]\s*|\s+-\s+)"
               + _PRONOUN_SAID, re.IGNORECASE),
    # "what joke did eddy cue make about the screen", "what message did the pope give"
    re.compile(r"^what\s+(?:joke|quip|remark|remarks|comment|comments|message|advice|words|warning|post|tweet)\s+(?:did|does|has|had)\s+"
               r"(?P<who>.+?)\s+(?:make|made|crack|cracked|give|gave|share|shared|have|offer|offered|post|posted|tweet|tweeted)\b",
               re.IGNORECASE),
    # "opetaia quote after the zorro knockout", "kishida quotes on the yen"
    re.compile(r"^(?P<who>[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2})\s+(?:quote|quotes)\s+(?=(?:after|about|on|when|from|"
               r"following|over|re)\b)", re.IGNORECASE),
    # "quotes from powell on rates", "any quotes by rubio about balochistan"
    re.compile(r"^(?:any\s+|some\s+|the\s+)?(?:quote|quotes|comments|remarks)\s+(?:from|by)\s+(?P<who>[^\W\d_][\w'’.-]*"
               r"(?:\s+[^\W\d_][\w'’.-]*){0,2}?)(?=\s+(?:on|about|re|regarding|over|after)\b|\s*$)", re.IGNORECASE),
]
_PERSON_NOUNS = (r"person|individual|people|man|woman|men|women|player|players|athlete|celebrity|figure|artist|singer|actor|actress|"
                 r"director|author|ceo|founder|executive|leader|politician|official|minister|president|coach|manager|"
                 r"quarterback|driver|boxer|fighter|star|head of state|spokesperson|judge|lawyer|witness|journalist|mom|mother|dad|"
                 r"father|wife|husband|girl|boy|son|daughter|influencer|youtuber|scientist|doctor|officer|chief|senator|mayor|"
                 r"governor|rapper|comedian|host|pitcher|striker|goalkeeper|winner|victim|suspect|slugger|streamer|guard|batter|hitter|"
                 r"receiver|catcher|priest|pastor|"
                 # and every role a name's title can be ("which MIT engineer", "which analyst"), not the adjectives among them
                 + "|".join(sorted(w for w in TITLES if "-" not in w and w not in {"state", "department", "foreign", "defense", "defence",
                                                                                  "finance", "interior", "former", "interim", "acting",
                                                                                  "district", "general", "principal", "king", "queen"})))
_ORG_NOUNS = (r"company|companies|firm|firms|organi[sz]ation|organi[sz]ations|entity|team|teams|club|clubs|brand|brands|startup|"
              r"startups|exchange|agency|agencies|network|networks|band|group|groups|bank|banks|outlet|outlets|publication|"
              r"publications|newspaper|newspapers|broadcaster|studio|studios|manufacturer|retailer|party|parties|league|"
              r"government|country's|union|airline|automaker|carrier|platform|platforms|university|school|charity")
_PLACE_NOUNS = r"country|countries|city|cities|state|states|place|places|venue|stadium|region|town|nation|nations|province|island"
_THING_NOUNS = (r"show|shows|series|film|films|movie|movies|book|books|song|songs|album|albums|game|games|product|products|device|"
                r"devices|app|apps|model|models|event|events|award|awards|trophy|title|character|characters|drug|vaccine|phone|"
                r"car|feature|features|service|services|deal|bill|law|policy|program|programme|project|tournament|match|race|"
                r"disease|condition|therapy|treatment|species|fish|animal|toy|novel|restaurant|dish|ship|plane")
_MEASURED = (r"revenue|revenues|sales|profit|profits|loss|losses|income|earnings|price|cost|valuation|salary|fee|fine|budget|"
             r"deficit|gross|attendance|crowd|population|rate|score|total|amount|percentage|share price|market cap|market value")
_NUMBER = re.compile(r"^(?:what(?:['’]s| is| was) the (?:\w+['’]s )?(?:new |current |latest |)(?:\w+ )?(?:range|rate|price|figure|"
                     r"score|total|amount|percentage|share|cost|valuation|salary)\b|"
                     r"how (?:much|many|long|old|far|big|large|tall|high|fast|often)\b|what (?:percentage|percent|share|amount|"
                     r"number|price|figure|score|total|sum|rate|size|age|salary|valuation|cost)\b|what was the (?:score|price|"
                     r"figure|total|cost|amount)\b|what(?:['’]s| is| was| are| were)\s+.+?\s+(?:valued|worth|priced) at\b|"
                     # terse: "keep pill box price?", "nascar tv deal how much a year"
                     r"(?!(?:who|whom|whose|which|where|when|why|how)\b)[\w'’ -]{2,60}\s(?:price|cost|valuation|salary|fine|fee|revenue|"
                     r"profit|amount|attendance|budget|value|worth|payout|prize money|sales|gross|box office|earnings)$|"
                     # "mira murati age?"; not "... according to the age" (an outlet)
                     r"(?!(?:who|whom|whose|which|where|when|why|how|what)\b)[\w'’ -]{2,60}\s(?<!\bthe\s)age$|"
                     r"[\w'’ -]{2,60}\bhow (?:much|many)\b|"
                     # "what was uber's q4 2023 revenue", "price of gogoro's scooter in india", "what jersey number"
                     rf"what(?:['’]s| is| was| are| were)\s+(?:the\s+)?(?:[\w'’.-]+\s+){{0,4}}?(?:{_MEASURED})"
                     r"(?:\s+(?:of|for|in|on|at|to)\b|$)|"
                     rf"(?:the\s+)?(?:{_MEASURED}) (?:of|for)\b|what (?:[\w-]+ )?number\b|"
                     rf"(?:what|which)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_MEASURED}|number|damages)\s+(?:did|does|do|will|would|is|was|are|were|"
                     r"has|have|had)\b)", re.IGNORECASE)
_COUNT = re.compile(r"^(?:in |from )?how many (?:\w+\s+){0,2}?(?:articles|stories|reports|outlets|sources|publications|"
                    r"pieces(?! of (?!news|coverage|journalism))|headlines|"
                    r"times (?:was|were|is|has|did)|mentions)\b|"
                    r"^(?:what(?: is|['’]s) )?(?:the )?(?:total )?number of (?:\w+\s+)?(?:articles|stories|reports|outlets|sources|"
                    r"publications|pieces)\b|^count (?:the |all )?(?:articles|stories|reports|outlets)\b|"
                    # "how often is murati mentioned?", "how many times does ohtani come up?"
                    r"^how (?:often|many times) (?:is|was|are|were|does|do|did|has|have)\s.+\s(?:mentioned|named|come up|came up|"
                    r"appear|appeared|covered|cited)$|"
                    # "articles about gogoro?", "which articles mention beeper mini", "what stories do you have on X"
                    r"^(?:(?:which|what|any|show me|find|list)(?: the)? )?(?:articles|stories|news stories)\s+(?:do you have\s+)?"
                    r"(?:about|on|mentioning|that mention|mention|covering|that cover)\s|"
                    # "total articles mentioning cybertruck?", "cybertruck - how many articles?"
                    r"^(?:the )?total (?:number of )?(?:articles|stories|reports|pieces)\b|"
                    r"^.{2,80}?(?:[-–—:,]|\s-)\s*how many (?:articles|stories|reports|pieces|outlets|sources)\s*$", re.IGNORECASE)
# "which sites covered gogoro", "who reported on kenwright's death", "where can i read about beeper mini": the outlets
_OUTLETS_ASKED = re.compile(
    r"^(?:in |from )?(?:which|what) (?:\w+\s+){0,2}?(?:outlets|publications|newspapers|papers|sources|sites|websites|media|"
    r"news organi[sz]ations|news agencies)"
    r"(?:\s+(?:outlets|sources|organi[sz]ations|sites))?\s+(?:have\s+|has\s+|had\s+|did\s+.{2,60}?\s+)?(?:covered|cover|reported|"
    r"report|wrote|write|written|published|publish|ran|run|carried|carry|mentioned|mention|talked|discussed|do you have|"
    r"appear|appeared)\b|"
    r"^who\s*(?:has\s+|have\s+|had\s+|['’]s\s+|is\s+)?(?:covered|covering|reported on|reporting on|reported about|wrote about|"
    r"writing about|written about|published (?:on|about)|ran (?:a story|stories|articles?) (?:on|about))\s|"
    r"^where (?:can|could|do|should) i (?:read|find (?:articles|stories|news))\s+(?:more\s+)?(?:about|on)\s", re.IGNORECASE)
# "any coverage of X - from whom?", "cybertruck coverage - which outlets?": asked after the topic
_OUTLETS_ASKED_AFTER = re.compile(
    r"\b(?:coverage|covered|reported|stories|articles)\b.*\b(?:from|by) whom$|"
    r"(?:[-–—:,]|\s-)\s*(?:which|what|whose) (?:news )?(?:outlets|sources|sites|publications|papers|newspapers|media)$", re.IGNORECASE)
_OUTLET_COUNTED = re.compile(r"^(?:in |from )?how many (?:\w+\s+){0,2}?(?:outlets|sources|publications|newspapers|sites)\b|"
                             r"^(?:what(?: is|['’]s) )?(?:the )?(?:total )?number of (?:\w+\s+)?(?:outlets|sources|publications)\b",
                             re.IGNORECASE)
_WHEN = re.compile(r"^(?:when\b|(?:since|from|until|till) when\b|what (?:date|day|time|year|month|week)\b|on (?:what|which) (?:date|day)\b|"
                   r"in (?:what|which) (?:year|month)\b|how long ago\b|at what time\b|what time\b|(?:give me |tell me )?the (?:date|day)\b|"
                   r"date of\b|(?:the |exact )?(?:date|day)\s+(?:when\s+|that\s+)?[\w'’.-]+\s+(?:[\w'’.-]+\s+){0,3}?(?:was|were|is|are|"
                   r"got|gets|did|will|had|has|\w{3,}ed|cut|left|quit|won|lost|beat|took|began|came|went|met|made|hit|fell|rose)\b|"
                   r"(?:.+\s)when$|.+\b(?:release|launch|start|premiere|opening|air|end) date$|"
                   # terse: "ruby franke sentencing date?", "apple scary fast event date" (not "a date", "up to date")
                   r"(?!(?:who|whom|whose|what|which|where|why|how)\b)[\w'’ .&-]{2,60}\s(?<!\bup\s)(?<!\bto\s)(?<!\bher\s)(?<!\bhis\s)"
                   r"(?<!\bmy\s)(?<!\ba\s)(?<!\bthe\s)(?<!\btheir\s)dates?$|"
                   # "exact launch date for gemini ultra?", "what's the release date of ..."
                   r"(?:what(?:['’]s| is| was) the |the )?(?:exact |expected |official |new )?(?:release|launch|premiere|opening|"
                   r"start|air) date (?:for|of)\b)", re.IGNORECASE)
_LIST = re.compile(rf"^(?:list|name the|name all|enumerate|give me (?:a list of|the names of)|what are (?:the|some)\b|who are\b|"
                   rf"who were\b|"
                   rf"(?:which|what) (?:other )?(?:\w+\s+){{0,2}}?(?:{'|'.join(n for n in _ORG_NOUNS.split('|') if n.endswith('s'))}|"
                   rf"(?:{'|'.join(n for n in _ORG_NOUNS.split('|') if not n.endswith('s') and not n.endswith('y'))})s|"
                   rf"people|players|athletes|countries|cities|states|shows|films|movies|books|songs|games|products|companies|"
                   rf"firms|celebrities|artists|officials|leaders|candidates|teams|members|executives|names|"
                   rf"(?:{_PERSON_NOUNS})s)\b)", re.IGNORECASE)
_SINGULAR_LIST_FALSE = re.compile(r"^(?:which|what) (?:\w+\s+){0,2}?(?:team|club|group|network|outlet|publication|union|league|"
                                  r"party|bank|brand|company|firm)\b", re.IGNORECASE)
_COMPARE = [
    ("earlier", r"\b(?:first|earlier|earliest|sooner|before the other|older|oldest)\b"),
    ("later", r"\b(?:last|later|latest|more recent|most recent|newer|newest|after the other)\b"),
    ("more", r"\b(?:higher|highest|more|most|larger|largest|bigger|biggest|greater|greatest|longer|longest|top|stronger|faster|"
             r"richer|better)\b"),
    ("less", r"\b(?:lower|lowest|less|least|fewer|fewest|smaller|smallest|shorter|shortest|weaker|slower|cheaper|worse)\b"),
]


@dataclass(frozen=True)
class Ask:
    """What the question asks for (see the module docstring)."""

    kind: str
    target: str = ""
    speaker: str = ""
    options: tuple[str, ...] = ()
    claims: tuple[Claim, ...] = ()
    compare: str = ""
    relation: str = ""  # yesno about order: "before" / "after"
    core: str = ""  # the question without wrappers


_UNAPOSTROPHISED = re.compile(r"\b(what|who|where|how|when)s\b", re.IGNORECASE)


def strip_wrappers(text: str) -> str:
    """The question without greetings and politeness wrappers ("can you tell me if ...", "do you know who ..."), and a
    question word's "'s" typed without its apostrophe restored ("whats the name" -> "what's the name")."""
    core = _UNAPOSTROPHISED.sub(r"\1's", text.strip())
    for _ in range(3):
        stripped = _WRAPPERS.sub("", core).strip()
        if stripped == core:
            break
        core = stripped
    core = re.sub(r"^(?:if|whether)\s+", "did ", core, flags=re.IGNORECASE) if re.match(r"^(?:if|whether)\s+\w+\s+\w+ed\b", core,
                                                                                           re.IGNORECASE) else core
    core = re.sub(r"^(?:if|whether)\s+", "", core, flags=re.IGNORECASE)
    return core or text.strip()


def read_kind(text: str) -> Ask:
    """The kind of answer `text` asks for, with its parts."""
    core = strip_wrappers(text)
    plain = core.rstrip(" ?!.").strip()
    lower = plain.lower()
    speaker = speaker_of(plain)
    options, compare = _options(plain)
    order = re.search(r"\s+(?:before or after|after or before|earlier or later)\s+", plain, re.IGNORECASE)
    if order and re.match(rf"^(?:{_AUX})\b", plain, re.IGNORECASE):  # "Did A happen before or after B?"
        first = re.sub(rf"^(?:{_AUX})\s+", "", plain[: order.start()], flags=re.IGNORECASE)
        return Ask("choice", options=("before", "after"), relation="order", core=core,
                   claims=(Claim(text=first), Claim(text=plain[order.end():])))
    main = _main_clause(plain)
    if main != plain and re.match(rf"^(?:{_AUX})\b", main, re.IGNORECASE) and not re.match(r"^(?:who|what|when|where|which|why|how)\b",
                                                                                           lower):
        plain, lower = main, main.lower()  # "After the merger, did prices rise?": the question is the last clause
    elif main != plain and re.match(r"^(?:which|who|whom|whose|what|where|when|how)\b", main, re.IGNORECASE):
        plain, lower = main, main.lower()
    elif (asked := re.match(r"^(?!(?:which|who|whom|whose|what|where|when|how|why)\b)[^?]{2,80}?,\s+((?:how much|how many|when|"
                            r"what year|what date|on what date)\b.*)$", plain, re.IGNORECASE)):
        plain, lower = asked.group(1), asked.group(1).lower()  # "the 26-year-old with $145k in debt, how much is she paying?"
    if re.match(rf"^(?:{_AUX})\b", lower) or _tagged(lower) or _declarative(core) or _asserted(text, lower):
        if options and not re.search(r"\bor not$", lower):
            return Ask("choice", options=options, compare=compare, core=core)
        relation = "before" if re.search(r"\b(?:before|earlier than|prior to|ahead of)\s+(?!\w+ing\b)", lower) else \
            "after" if re.search(r"\b(?:after|later than)\s+(?!\w+ing\b)", lower) else ""
        return Ask("yesno", claims=_claims(plain), relation=relation, speaker=speaker, core=core)
    if (options and re.match(r"^(?:which|who|what|whose|where)\b", lower)) or (options and compare):
        return Ask("choice", options=options, compare=compare, core=core)
    if speaker and re.match(r"^(?:and |so )?what\s+(?:did|does|has|have|had)\s", lower):
        return Ask("quote", speaker=speaker, core=core)  # "what did X say about how many ...": X's words, not a number
    if _COUNT.match(lower):
        return Ask("count", target="outlet" if _OUTLET_COUNTED.match(lower) else "article", core=core)
    if _WHEN.match(lower):
        return Ask("when", target="date", core=core)
    if _NUMBER.match(lower):
        return Ask("entity", target="number", core=core)
    if (_OUTLETS_ASKED.match(lower) or _OUTLETS_ASKED_AFTER.search(lower)) and not options:
        return Ask("list", target="outlet", core=core)
    if (speaker and (re.match(r"^(?:what|how|and what|so what)\b", lower) or _REMARKS.search(plain))) or \
            re.match(r"^(?:quote|what was said|(?:any |some |the )?(?:quotes|comments|remarks) (?:from|by)\b)", lower):
        return Ask("quote", speaker=speaker, core=core)
    if _LIST.match(lower) and not _SINGULAR_LIST_FALSE.match(lower) and not _singular_name(lower):
        return Ask("list", target=_target(lower), core=core)
    if (re.match(r"^(?:who|whom|whose)\b", lower) and not re.match(r"^who\s+(?:is|was)\s+(?!the\b|a\b|an\b|(?-i:[a-z]+ing)\b)\S",
                                                                  plain, re.IGNORECASE)) or _WHO_IS_IT.search(lower):
        return Ask("entity", target="person", core=core)  # "who is replacing Evason?", "Mayo's new AI chief - who is it?"
    if _singular_name(lower):
        return Ask("entity", target=_target(lower), core=core)
    if role_asked(plain):  # "spotify cfo?": the person in the role
        return Ask("entity", target="person", core=core)
    if re.match(r"^who\s+(?:is|was)\s+\S+(?:\s+\S+){0,3}?['’]s\s+\w+", plain, re.IGNORECASE):
        return Ask("entity", target="person", core=core)  # "Who is Norrvik's chief executive?": the person in a role
    if re.match(r"^who\s+(?:is|was)\b", lower):  # "Who is Tommy Pigott?": a description of someone named
        return Ask("open", target="person", core=core)
    if re.match(r"^where\b", lower):
        return Ask("entity", target="place", core=core)
    if re.match(rf"^(?:which|what)\s+(?:\w+\s+){{0,3}}?(?:{_PERSON_NOUNS}|{_ORG_NOUNS}|{_PLACE_NOUNS}|{_THING_NOUNS})\b", lower) \
            or re.match(r"^what(?:\s+is|\s+was|['’]?s)\s+the\s+name\b|^name the\b", lower) or _NAMED.match(lower):
        return Ask("entity", target=_target(lower), core=core)
    if _TERSE_ROLE.match(lower):  # "wild new head coach after evason firing", "2023 booker prize winner"
        return Ask("entity", target="person", core=core)
    return Ask("open", core=core)


# A terse question ending in who holds a role or a title, perhaps with when ("... after X left"): who it is
_TERSE_ROLE = re.compile(rf"^(?!(?:who|whom|whose|what|which|where|when|why|how|{_AUX})\b)(?:[\w'’.&-]+\s+){{0,6}}?"
                         r"(?:winner|champion|coach|manager|chairman|chairwoman|chair|ceo|founder|president|captain|boss|owner|"
                         r"replacement|successor)(?:\s+(?:after|since|following|now that|replacing)\b.*)?$")
# "what are charlie sheen's twins called", "what is discord calling its new features": a name
_NAMED = re.compile(r"^what(?:\s+(?:is|are|was|were)|['’]s|['’]re)\s+.+\s+(?:called|named)$|"
                    r"^what(?:\s+(?:is|are|was|were)|['’]s|['’]re)\s+\S+(?:\s+\S+){0,3}?\s+(?:calling|naming)\s")
_WHO_IS_IT = re.compile(r"\w.*?\s*[-–—,:]\s*(?:so\s+)?who\s+(?:is|was|'s|’s)\s+(?:it|that|he|she|this)\s*\??$")
_DECLARED_VERB = re.compile(r"\b(?:is|are|was|were|has|have|had|will|won|lost|beat|beats|made|got|did|said|\w{3,}ed|upset|drew|fell|"
                            r"rose|took|sold|bought|quit|became|went|came|gave|paid|broke|grew|sank|wins|loses|leads|"
                            r"chose|left|kept|held|led|met|ran|saw|told|found|hit|spent|stood|struck|threw|wrote|brought|caught|"
                            r"fought|built|sent|knew|flew|shot|stole|swore|tore|won|began|forgot|withdrew|overtook|hid|ate)\b",
                            re.IGNORECASE)


# A statement asked by its ending: "…, right", "… right", "…, yes", "… isn't it", "…, is that true".
_TAG = re.compile(r"(?:\s*[,—–]\s*|\s+-\s+|\s+)(?:(?:(?:is|was) (?:that|it|this) |am i )?(?:right|correct|true)|yes or no|true or false|"
                  r"(?:is|was|are|were|does|do|did|has|have)n['’]?t (?:it|that|he|she|they|there)|right or wrong|no\?)$|"
                  r",\s*(?:yes|no|yeah)$", re.IGNORECASE)


def _tagged(lower: str) -> bool:
    """A statement with a question tag ("softbank took a minority stake, yes?", "broncos beat the vikings right");
    not a wh-question that happens to end so ("which way is right")."""
    return bool(_TAG.search(lower)) and not re.match(r"^(?:who|whom|whose|what|when|where|which|why|how)\b", lower)


# What asks whether the statement after it is so: "is it true (that) X", "can you confirm X", "true or false: X".
_ASSERTION = re.compile(r"^(?:(?:hey|hi|so|ok|okay|quick question|quick q|question|btw|pls|please)\b[,:!]?\s*)*"
                        r"(?:is it (?:true|correct|right)|is this true|true or false|(?:can|could|would) you (?:please )?confirm)\b",
                        re.IGNORECASE)


def _asserted(text: str, lower: str) -> bool:
    """A statement put to be confirmed ("is it true michigan state let tucker go"), typed without the question mark that
    `_declarative` reads; not a wh-question inside the wrapper ("is it true who won ...")."""
    return bool(_ASSERTION.match(text.strip())) and not re.match(r"^(?:who|whom|whose|what|when|where|which|why|how)\b", lower)


def _declarative(core: str) -> bool:
    """A statement asked as a question ("west indies beat england in the t20 series?", "Altman was fired?"); not
    someone's words asked for ("altman's reaction to being fired?")."""
    text = core.strip()
    if not text.endswith("?") or len(text.split()) < 2 or _REMARKS.search(text):
        return False
    if len(text.split()) == 2 and not re.fullmatch(r"\S+\s+\w{3,}(?<!e)ed\?", text):  # "altman fired?", not "rubio said?"
        return False
    lower = text.lower()
    if re.search(r"\b(?:who|whom|whose|what|when|where|which|why|how)\b", lower) or _WHEN.match(lower):
        return False  # "date altman was fired?" asks when
    if re.match(r"^(?:who|whom|whose|what|when|where|which|why|how|any|latest|news|list|name|tell|give|show|summari[sz]e|explain|"
                r"describe|and|so|anything)\b", lower):
        return False
    return bool(_DECLARED_VERB.search(text))


def _singular_name(lower: str) -> bool:
    """ "Name the show Netflix renewed": one thing asked for, not a list."""
    match = re.match(r"^name the\s+(\w+)(?:\s+(\w+))?", lower)  # "name the bank ceos ...": "ceos" is the noun
    return match is not None and not any(w and w.endswith("s") and not w.endswith("ss") for w in match.groups())


def _target(lower: str) -> str:
    head = lower[:80]
    found = []  # the kind of the first noun: "which team signed the striker" asks for a team
    for order, (name, nouns) in enumerate((("outlet", r"outlets?|publications?|newspapers?|sources?|media"), ("person", _PERSON_NOUNS),
                                           ("organisation", _ORG_NOUNS), ("place", _PLACE_NOUNS), ("thing", _THING_NOUNS))):
        match = re.search(rf"\b(?:{nouns})s?\b", head)
        if match:
            found.append((match.start(), order, name, match.end()))
    if found:
        found.sort()
        first = found[0]
        head_noun = next((f for f in found[1:] if f[0] == first[3] + 1), first)  # "bank ceos": the second noun is the head
        return head_noun[2]
    if re.match(r"^(?:who|whom|whose)\b", head):
        return "person"
    return "thing"


def _options(plain: str) -> tuple[tuple[str, ...], str]:
    """The two (or more) sides of "..., A or B" / "A or B: ..." / "did A or B ...", and which way to compare."""
    compare = next((name for name, pattern in _COMPARE if re.search(pattern, plain, re.IGNORECASE)), "")
    tail = re.split(r"[,:;—–]\s*", plain)
    for part in ([tail[-1]] if len(tail) > 1 else []) + ([tail[0]] if len(tail) > 1 else []):
        sides = [s.strip(" '\"“”‘’") for s in re.split(r"\s*,\s*|\s+or\s+", re.sub(r"^(?:either|is it|was it|the)\s+", "", part.strip(),
                                                                                       flags=re.IGNORECASE)) if s.strip()]
        if len(sides) >= 2 and re.search(r"\bor\b", part) and all(len(s.split()) <= 8 for s in sides) \
                and not re.search(r"\bor not$", part) and not _ANSWER_WORDS.issuperset(s.lower() for s in sides):
            return tuple(sides), compare
    match = re.match(rf"^(?:{_AUX}|which|who)\s+(?P<a>(?:the\s+)?[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){{0,3}})\s+or\s+"
                     rf"(?P<b>(?:the\s+)?[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){{0,3}}?)\s+(?=\w)", plain, re.IGNORECASE)
    if match and ((names_in(match.group("a")) and names_in(match.group("b"))) or _typed_names(match.group("a"), match.group("b"))):
        return (match.group("a"), match.group("b")), compare
    ended = _ending_options(plain)
    if ended:
        return ended, compare
    ranks = re.search(rf"\b({_RANK})\b[^,?]{{0,20}}?\s+or\s+(?:(?:the|his|her|its|their)\s+)?({_RANK})\b", plain, re.IGNORECASE)
    if ranks and re.match(rf"^(?:{_AUX})\b", plain, re.IGNORECASE):  # "is shiffrin the first or second child?"
        rest = plain[:ranks.start()] + plain[ranks.end():]  # "first" as a side compares nothing
        return (ranks.group(1), ranks.group(2)), next((name for name, pattern in _COMPARE
                                                      if re.search(pattern, rest, re.IGNORECASE)), "")
    return (), compare


_ANSWER_WORDS = frozenset(("yes", "no", "true", "false", "right", "wrong"))  # "X — yes or no?" asks X, not which of two
_RANK = r"first|second|third|fourth|fifth|sixth|last|final|\d+(?:st|nd|rd|th)"
_WORD = r"[^\W\d_][\w'’.\-]*"
_ENDING_OPTIONS = re.compile(rf"^(?:{_AUX})\s+(?P<body>\S.*)\s+or\s+(?P<b>(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,2}})$", re.IGNORECASE)


def _ending_options(plain: str) -> tuple[str, str] | None:
    """The two sides a yes/no question ends in: "did ohtani sign with the dodgers or the blue jays" (each after "the"),
    "did Rubio meet Sharif or Munir" (each a name); not "did prices rise or fall", "is he guilty or innocent"."""
    match = _ENDING_OPTIONS.match(plain)
    if not match:
        return None
    body, b = match.group("body"), match.group("b")
    if b.lower().startswith("the "):
        a = re.search(rf"\bthe\s+({_WORD}(?:\s+{_WORD}){{0,2}})$", body, re.IGNORECASE)
    elif names_in(b) and b[0].isupper():
        a = re.search(r"((?:\b[A-Z][\w'’.\-]*\s+){0,2}\b[A-Z][\w'’.\-]*)$", body)
    else:
        return None
    if a is None or (not b.lower().startswith("the ") and not names_in(a.group(1))):
        return None
    return a.group(1), re.sub(r"^the\s+", "", b, flags=re.IGNORECASE)  # each side in the question's place, after its "the"


def _typed_names(*sides: str) -> bool:
    """Sides typed in lower case that can only be names: one word each, no small or question word ("did pavlovich or
    aspinall win"; not "did prices rise or fall sharply")."""
    words = [re.sub(r"^the\s+", "", s, flags=re.IGNORECASE).split() for s in sides]
    return all(len(w) == 1 and w[0].lower() not in NOT_NAMES and w[0].lower() not in OPENERS for w in words)


def _main_clause(plain: str) -> str:
    """The clause a question asks in, after a leading "After X, ..." / "Between A and B, ..." / "Considering ..."."""
    if not re.match(r"^(?:after|before|between|following|given|considering|since|when|while|if|in light of|based on|"
                    r"according to|as|with|from)\b", plain, re.IGNORECASE):
        return plain
    asked = re.search(r",\s*((?:which|who|whom|whose|what|where|when|how)\b.*)$", plain, re.IGNORECASE)
    match = re.search(rf",\s*((?:{_AUX})\s+\S.*)$", plain, re.IGNORECASE)
    if asked and (not match or asked.start() < match.start()):
        return asked.group(1)  # "Considering A and B, which CEO, named in both, has ...?" asks for a name, not a yes or no
    return match.group(1) if match else plain


def _claims(plain: str) -> tuple[Claim, ...]:
    """The statements of a yes/no question, one per clause ("A reported X while B reported Y" gives two)."""
    body = re.sub(rf"^(?:{_AUX})\s+", "", plain, flags=re.IGNORECASE)
    body = _TAG.sub("", body)
    body = re.sub(r"^i (?:heard|read|saw|was told)(?: that)?\s+", "", body, flags=re.IGNORECASE)  # "I heard X, is that true?"
    body = re.sub(r",?\s+or\s+(?:(?:do|does|did|is|are|was|were)\s+(?:they|it)\b.*|not)$", "", body, flags=re.IGNORECASE)
    parts = re.split(r",?\s+(?:while|whereas|but|and also|and did|and does|and was|and is|and has|in contrast to|"
                     r"compared to|compared with|as opposed to|unlike)\s+|;\s*", body)
    claims = []
    for part in parts:
        part = re.sub(rf"^(?:{_AUX})\s+", "", part.strip(), flags=re.IGNORECASE)
        if len(part.split()) >= 2:
            claims.append(Claim(text=part))
    return tuple(claims) or (Claim(text=body),)


_REMARKS = re.compile(r"['’]s?\s+(?:remarks|comments|statement|statements|words|view|views|position|response|reaction|take|"
                      r"stance|message|quote|quotes|advice|thoughts|post|tweet|joke|quip)\b|\bhave to say\b|"
                      rf"(?:\s*[,:;—–]\s*|\s+-\s+){_PRONOUN_SAID}|"
                      r"\s(?:quote|quotes)\s+(?:after|about|on|when|from|following|over|re)\b", re.IGNORECASE)
_NOT_SPEAKERS = frozenset("it they he she you i we that this these those there people anyone someone everyone experts "
                          "critics officials reports report article articles news".split())


def speaker_of(text: str) -> str:
    """Who the question asks about as a speaker ("What did Rubio say ...?" -> "Rubio"), or ""."""
    for pattern in _SPEAKER_PATTERNS:
        match = pattern.search(text)
        if match:
            names = names_in(match.group("who"))
            if names:  # "What did Reuters and Bloomberg report": both
                return " and ".join(names) if re.search(r"\b(?:and|or)\b", match.group("who")) else names[-1]
            who = re.sub(r"^(?:(?:the|a|an|what['’]s|what is|what was)\s+)+", "", match.group("who").strip(), flags=re.IGNORECASE)
            words = who.split()
            if 1 <= len(words) <= 3 and all(re.fullmatch(r"[^\W\d_][\w'’\-.]*", w) for w in words) and \
                    not {w.lower() for w in words} & _NOT_SPEAKERS:
                return who  # a lower-case name ("what did rubio say", "what did greg brockman say")
    return ""
