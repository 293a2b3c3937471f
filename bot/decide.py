"""Deciding the answer: whether the evidence answers the question, and what the short answer is.

`Decider.decide(question, hits, scored)` returns a `compose.Decision`. The refusal policy
(`policy.py`) has already turned away what this index can't answer at all. Then the evidence must
answer the question, not just touch its topic: the best sentence must
score above `Tuning.abstain_below`, every key name must be known to the index, and a year the
question names must appear with the evidence ("Who won the 2024 Super Bowl?" is not answered by
the 2023 final). Otherwise the answer says what the articles don't say, with the nearest
evidence marked as such. An answer of the kind asked is then looked for:

- yesno / choice: the claims checked against the evidence (`stance.py`): "Yes"/"No", the
  option, or "the articles don't settle it" with both sides;
- when: the date the sentence reporting the event gives it (`dating.py`; a day written as a day before one
  written as a week), else its article's date;
- entity: the name the articles agree on or one sentence gives (`spans.py`), or the amount for how
  much/many (`amounts.py`), never a name of another kind or from a sentence saying the opposite;
- list / count: one item per relevant article or name;
- quote and open questions: the best sentences, the speaker's own words first.

Deliberately not here: scoring sentences (`evidence.py`), what to refuse outright (`policy.py`) and
wording (`compose.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.amounts import amount_in, per_asked_unit
from bot.attribution import QUOTE_MARK
from bot.compose import Decision
from bot.dating import date_in, first_day, plain_date, precision, readable
from bot.evidence import SPEECH, Scored, Sentence, Vocabulary, quoted_words, quotes, quotes_words, speaker_words
from bot.kinds import SPEECH_VERBS
from bot.lists import Lists
from bot.names import person_like, respelled, surname, typed_names, undotted, written_as_names
from bot.outlets import aliases
from bot.policy import content, join, specific, unknown_names, unknown_words, unsaid
from bot.predicate import results_of
from bot.roles import held_elsewhere, role_asked, role_clash, role_holder
from bot.spans import agreed_name, candidates_in, described_name, lead_name, sentence_name, titled_as_asked
from bot.stance import FAMILIES, OPPOSITES, PLANNED, SCORE, asks_result, hedged, hypothetical, mentions, reports_result
from bot.verdicts import Verdicts
from index.keyword import fold, terms
from newsbot.types import Hit, Question

__all__ = ["Decider", "Tuning"]


@dataclass(frozen=True)
class Tuning:
    """Thresholds (measured: docs/BENCHMARKS.md, seed questions and MultiHop-RAG dev)."""

    max_sentences: int = 3
    keep_ratio: float = 0.75
    cover_ratio: float = 0.60
    redundancy: float = 0.88
    abstain_below: float = 0.37


class Decider:
    """Chooses the answer for one question from its scored evidence."""

    def __init__(self, vocabulary: Vocabulary | None = None, tuning: Tuning | None = None, verdicts: Verdicts | None = None,
                 lists: Lists | None = None) -> None:
        self.vocabulary = vocabulary
        self.tuning = tuning or Tuning()
        self.verdicts = verdicts
        self.lists = lists or Lists()

    def decide(self, question: Question, hits: Sequence[Hit], scored: list[Scored], candidates: Sequence[Sentence] = ()) -> Decision:
        t = self.tuning
        result = match_names(question, hits) if question.kind in ("open", "entity") and asks_result(question.query) else None
        if not scored or (scored[0].score < t.abstain_below and not (
                question.target == "number" and result is not None and tells_result(result, scored[0].sentence)) and
                not self._agreed(question, hits, scored)):  # nor is a name most articles agree on (`spans.agreed_name`)
            return Decision(kind="none", abstained=True, missing=unsaid(question))  # a score written in other words is one
        gap = self._gap(question, hits, scored)
        if gap:
            return Decision(kind="none", abstained=True, missing=gap, evidence=scored[:1])
        if question.kind not in ("yesno", "choice", "open", "list", "count") and specific(question):
            typed = typed_names(question.query, (h.text for h in hits))  # "wembanyama": a name, typed in lower case
            # the speaker's own words: named in their article, not only their chunk (their later chunks name neither them
            # nor the topic in full); but another's words about them still need their chunk to name it all
            own = speaker_words(respelled(question.speaker, [h.text for h in hits])) if question.speaker else set()
            whole = [question.kind == "quote" and quotes(s.sentence, own) for s in scored]
            named = [s for s, w in zip(scored, whole, strict=True) if _names_all(question.names, s, hits, w) and
                     all(_typed_named(run, s, hits, w) for run in typed)]
            if not named:  # no sentence from an article naming everyone the question names
                return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=scored[:1])
            # prefer chunks about all of it ("physics" Nobel, not the chemistry one); not for a quote, whose speaker's later
            # chunks name them by surname only ("Kolisi said")
            full_names = [n for n in (*question.names, *typed) if " " in n]  # "simply homes": a name, not "simply", "homes"
            covering = [s for s in named if self._covers(question, s, names=full_names) >= 0.8] if question.kind != "quote" else []
            scored = covering or named
        kind = question.kind
        if kind == "yesno" and question.routes and not question.relation:  # "did A cover X before B ...?" is an order
            covered = self.lists.covered(question, scored)
            if covered is not None:
                return covered
        if kind in ("yesno", "choice") and self.verdicts is not None and (question.claims or kind == "choice"):
            sentences = candidates or [s.sentence for s in scored]
            decision = self.verdicts.yesno(question, sentences, scored) if kind == "yesno" else self.verdicts.choice(question, sentences)
            if _result_unreported(question, decision):  # "did canada beat trinidad?": "will now have to defeat them in March"
                return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=decision.evidence[:1])
            if kind == "yesno" or not decision.abstained:
                return self._backed(question, decision, scored)
        if kind == "count" or (kind == "list" and question.target == "outlet"):
            listed = self.lists.count(question, scored) if kind == "count" else self.lists.outlets(question, scored)
            if listed is not None:
                return listed
        if kind == "quote" and question.speaker:
            question, spoken = self._speaker_first(question, hits, scored, candidates)
            if not spoken and specific(question):
                # nothing the speaker said about what was asked ("What did Beyoncé say about Taylor Swift?")
                return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=scored[:1])
            scored = spoken + [s for s in scored if s not in spoken]
        if kind == "open" and specific(question) and all(self._predicate(question, s, names=False) < 0.5 and s.similarity < 0.5
                                                           for s in scored[:3]):
            # "inter miami newell's old boys final score": the sentences are about the match, none gives the score (its
            # teams' names say only that)
            return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=scored[:1])
        if result is not None and specific(question) and not tells_result(result, scored[0].sentence):
            # "final score north texas vs smu?": previews and odds name the match; none says how it ended
            return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=scored[:1])
        chosen = self.choose(question, scored)
        if kind == "open" and chosen and _ASKS_DONE.search(question.query) and \
                not _FUTURE_QUESTION.search(question.query) and \
                any(_anticipates(question, c.sentence.text) for c in (chosen[0], self._carrier(question, chosen))):
            # "what remedies did amazon offer the eu?" is not answered by "could push Amazon to offer remedies", which
            # says what may happen, not what did
            return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=chosen[:1])
        if kind == "list":
            listed_names = self.lists.names(question, chosen + scored)
            if listed_names is not None:
                return listed_names
        if kind == "when":
            return self._when(question, scored, chosen)
        if kind == "entity" and question.target == "number" and result is not None:  # "what was the score?"
            score = next(((m, item) for item in scored[:1] if (m := SCORE.search(item.sentence.resolved))), None)
            if score:
                return Decision(kind="entity", verdict=score[0].group(0), lead=score[0].group(0), lead_support=score[1],
                                evidence=_with(score[1], chosen, t.max_sentences))
            if re.search(r"\bscore", question.query, re.IGNORECASE):  # a score, not "20 months" from a sentence about the coach
                return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=chosen[:1])
        if kind == "entity" and question.target == "number":
            return self._amount(question, scored, chosen)
        asked = role_asked(question.query) if kind == "entity" and question.target == "person" else None
        holder = role_holder(asked, candidates or [s.sentence for s in scored]) if asked else None
        if holder:  # "spotify cfo?": "CFO Paul Vogel said ..."
            name, sentence = holder
            item = next((s for s in scored if s.sentence is sentence), None) or Scored(sentence, scored[0].score, scored[0].vector)
            return Decision(kind="entity", verdict=name, lead=name, lead_support=item, evidence=_with(item, chosen, t.max_sentences))
        if kind == "entity":
            lead = lead_name(question, hits, scored, chosen) or sentence_name(question, scored) or \
                next((found for item in scored[:2] if (found := described_name(question, item))), None)
            if lead and question.target == "place" and lead[0] not in candidates_in(question, lead[1]) and \
                    not any(lead[0] in c or c in lead[0] for c in candidates_in(question, lead[1])):
                lead = None  # not a name of the kind asked ("Rubio" is not where the talks took place)
            if question.target == "person" and _REPLACEMENT_ASKED.search(question.query) and \
                    (not lead or not _takes_over(lead[0], lead[1].sentence.resolved)) and specific(question):
                # "who replaced dean evason?": not the assistant fired with him, nor the coach Smith was hired to replace;
                # the first name of the kind that a chosen sentence says takes the place, if any
                lead = next(((name, item) for item in (*chosen, *scored[:6]) for name in candidates_in(question, item)
                             if person_like(name) and _takes_over(name, item.sentence.resolved, strictly=True)), None)
                if lead is None:
                    return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=chosen[:1])
            if lead and _contrary(question, lead[1], lead[0], match_names(question, hits)):
                # "Who will be the permanent CEO?" is not "Obi will serve as interim CEO"
                if specific(question):
                    return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=[lead[1]])
                lead = None
            if lead and hedged(lead[0], lead[1].sentence.text):
                lead = None  # "could help land coach Joe Schmidt" does not say who was named
            if lead and _unsettled_result(question, lead[1]):
                lead = None  # "who won the super bowl?" is not answered by a preview that names a quarterback
            if lead and asked and held_elsewhere(asked, lead[0], lead[1].sentence.text):
                lead = None  # "who is lumora's ceo?" is not "Quora CEO Adam Lindqvist"
            if lead and role_clash(question, lead[0], lead[1]):
                lead = None  # "which engineer fixed the bug?" is not "FTX founder Sam Bankman-Fried"
            if not lead and question.target == "person":  # "who's the israeli ambassador who said ...": the one named so
                lead = titled_as_asked(question, [*chosen, *scored[:10]])
                if lead and hedged(lead[0], lead[1].sentence.text):
                    lead = None
            if not lead:
                lead = self._agreed(question, hits, scored)
            if lead:
                name, support = lead
                return Decision(kind="entity", verdict=name, lead=name, lead_support=support,
                                evidence=_with(support, chosen, t.max_sentences + 1))
            if not any(_answers(question, item) for item in chosen) or \
                    (specific(question) and all(_unsettled_result(question, item) for item in chosen)):
                # no name of the kind asked, or "who won?" and no sentence says anyone won ("fell short of winning")
                return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=chosen[:1])
        said = next((c for c in chosen[:2] if _UNNAMED.search(c.sentence.text)), None)
        if kind in ("entity", "list") and specific(question) and said is not None:
            # "which city will be third?" is not answered by "a third U.S. city ... yet-to-be-named": it says no one knows yet
            return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=[said])
        if kind == "quote" and question.speaker:
            chosen = _quote_goes_on(chosen, candidates or [s.sentence for s in scored], question.speaker, t.max_sentences + 1)
        return Decision(kind=kind if kind in ("quote", "open", "entity", "list") else "open", evidence=chosen)

    def _backed(self, question: Question, decision: Decision, scored: list[Scored]) -> Decision:
        """A verdict's own evidence, then the sentences that best match the whole question, up to the usual number
        (a question about two articles is answered with both)."""
        if decision.abstained or decision.items:
            return decision
        seen = {(e.sentence.hit.article_id, e.sentence.start) for e in decision.evidence}
        if decision.lead_support is not None:
            seen.add((decision.lead_support.sentence.hit.article_id, decision.lead_support.sentence.start))
        extra = [c for c in self.choose(question, scored) if (c.sentence.hit.article_id, c.sentence.start) not in seen]
        room = max(0, self.tuning.max_sentences + 1 - len(decision.evidence))
        if decision.unsettled:
            room = max(0, 3 - len(decision.evidence))
        decision.evidence = decision.evidence + extra[:room]
        return decision

    def _agreed(self, question: Question, hits: Sequence[Hit], scored: list[Scored]) -> tuple[str, Scored] | None:
        """For a question describing the one name it asks for in many words, the name most of its retrieved articles
        name (`spans.agreed_name`), when those articles together say most of what it describes ("Harry Kane" is named
        in two of four articles retrieved for an airline at John Wayne Airport, and they say little of it)."""
        if question.kind != "entity" or question.target == "number" or specific(question):
            return None
        agreed = agreed_name(question, hits, scored)
        if agreed is None:
            return None
        name, support, articles = agreed
        about = [h for h in hits if h.article_id in articles]
        return (name, support) if self._covers(question, support, about) >= _AGREED_COVER else None

    # -- kinds -------------------------------------------------------------------------------

    def _when(self, question: Question, scored: list[Scored], chosen: list[Scored]) -> Decision:
        """The date the sentence reporting the event gives (a day before a month, a month before a year); when the
        sentence that best reports it gives none, the day its article was published, said as such."""
        about = [s for s in scored[:5] if s.score >= scored[0].score * self.tuning.keep_ratio
                 and (s.overlap >= 0.4 or self._predicate(question, s) >= 0.75)
                 and (not specific(question) or self._predicate(question, s) >= 0.5)]
        # further down the same article, a sentence on the same act: "The program was set to begin on May 1, 2020" for
        # "when did the program start?", "scheduled sentencing for Feb. 20" for "when is she getting sentenced"
        family = results_of(question.query)
        articles = {s.sentence.hit.article_id for s in about or scored[:1]}
        wanted = set(content(question)) - set(terms(" ".join(question.names)))
        about += [s for s in scored[:8] if s not in about and s.sentence.hit.article_id in articles
                  and ((family & results_of(s.sentence.text)) or (self._predicate(question, s) >= 0.3
                                                                   and wanted & set(terms(_before_date(s.sentence.text)))))]
        if not about:
            return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=scored[:1])
        dated = []
        for item in about:
            found = date_in(item.sentence.text, item.sentence.hit.published_at)
            if found and (found[1] or re.search(r"\d", found[0])):
                dated.append((precision(*found), item.score, found, item))  # "September 23" before "last week"
            elif (day := _WEEKDAY.search(item.sentence.text)) and not item.sentence.hit.published_at:
                written = day.group(0)[0].upper() + day.group(0)[1:]  # "On Thursday", in an undated article
                dated.append((-1, item.score, (written, ""), item))
        if dated and _FUTURE_QUESTION.search(question.query):  # "when will he leave office?": the date said of what comes
            dated = [d for d in dated if _FUTURE_SENTENCE.search(d[3].sentence.text)] or dated
        elif dated:  # "when was altman fired?": not the day someone was told he "would be fired"
            dated = [d for d in dated if not hypothetical(d[3].sentence.text, question.query)
                     or PLANNED.search(d[3].sentence.text)] or dated  # "the ITC said it would impose a ban starting ...": a plan
        if dated:
            _, _, (written, iso), item = max(dated, key=lambda d: (d[0], d[1]))
            lead = readable(written, iso) if iso else written
            return Decision(kind="when", verdict=plain_date(iso) or written, lead=lead, lead_support=item,
                            evidence=_with(item, chosen, self.tuning.max_sentences))
        best = about[0]
        published = best.sentence.hit.published_at[:10]
        if published and best.overlap >= 0.5 and not _FUTURE_QUESTION.search(question.query) and \
                not hypothetical(best.sentence.text, question.query):  # not when it "will" or "could" happen ("if convicted")
            lead = f"{readable(published, published)}, the day it was reported"
            return Decision(kind="when", verdict=plain_date(published), lead=lead, lead_support=best,
                            evidence=_with(best, chosen, self.tuning.max_sentences))
        return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=about[:1])  # about it, but no date

    def _amount(self, question: Question, scored: list[Scored], chosen: list[Scored]) -> Decision:
        asked = [read(question.query) for read in _WHICH_ONE]
        best = scored[0].score
        first = [item for item in scored[:3] if item.score >= best * self.tuning.keep_ratio]
        found = self._amounts(question, first, asked)
        if not found and any(asked):  # further down, a sentence giving the year, quarter or round asked for ("has
            # generated $20 billion in sales in 2022" for "how much did keytruda bring in in 2022")
            named = [item for item in scored[:8] if item not in first and item.score >= best * _NAMED_ONE_RATIO and any(
                wanted and read(item.sentence.resolved) & wanted for read, wanted in zip(_WHICH_ONE, asked, strict=True))]
            found = self._amounts(question, named, asked)
        if found:  # a figure per the unit asked ("$300 a month" for "each month"), then the sentence that says most of what
            # was asked ("taking in $38.4 million", not "$21 million" elsewhere)
            *_, amount, item = min(found, key=lambda f: f[:3])
            return Decision(kind="entity", verdict=amount, lead=amount, lead_support=item,
                            evidence=_with(item, chosen, self.tuning.max_sentences))
        return Decision(kind="none", abstained=True, missing=unsaid(question), evidence=chosen[:1])  # no amount of that kind

    def _amounts(self, question: Question, items: list[Scored], asked: list[set[str]]) -> list[tuple[bool, float, int, str, Scored]]:
        """(not per the unit asked, -predicate, rank, amount, sentence) for each sentence giving an amount of the kind asked."""
        found = []
        for rank, item in enumerate(items):
            if specific(question) and self._predicate(question, item) < 0.34:
                continue  # the sentence's amount is about something else ("raised $310 million" for "pay Lindqvist")
            if any(wanted and (said := read(item.sentence.resolved)) and not said & wanted
                   for read, wanted in zip(_WHICH_ONE, asked, strict=True)):
                continue  # "infections in 2030" is not the 2022 figure asked for, nor "its Q3 revenue" the fourth quarter's
            if not _FUTURE_QUESTION.search(question.query) and hypothetical(item.sentence.resolved, question.query):
                continue  # "faces up to 50 years" is not the sentence he got
            amount = amount_in(item.sentence.resolved, question.query)
            if amount:
                found.append((not per_asked_unit(amount, item.sentence.resolved, question.query), -self._predicate(question, item),
                              rank, amount, item))
        return found

    # -- evidence ----------------------------------------------------------------------------

    def _gap(self, question: Question, hits: Sequence[Hit], scored: list[Scored]) -> str:
        """What the question asks that the evidence can't cover: a name or word the index has never seen
        ("cinemascore"), or a year the evidence lacks."""
        missing = unknown_names(question, self.vocabulary) + (unknown_words(question, self.vocabulary) if specific(question) else [])
        if missing:  # not a name misspelt that the evidence writes ("okoey" for Okoye, in an article too few to correct it)
            texts = [h.text for h in hits]
            missing = [word for word in missing if respelled(word, texts) == word]
        if missing and question.kind == "choice":  # "organised by Klimat Teraz or Greenpeace?": one side unknown is no gap
            sides = [set(terms(option)) for option in question.options]
            unknown = set(terms(" ".join(missing)))
            if any(not side & unknown for side in sides):
                missing = [word for word in missing if not any(set(terms(word)) & side for side in sides)]
        if missing:
            return unsaid(question, f"anything about {join(list(dict.fromkeys(missing)))}")
        years = _years(question.query)
        if years:
            near = " ".join(s.sentence.hit.title + " " + s.sentence.hit.text + " " + s.sentence.hit.published_at[:4]
                            for s in scored[:5])
            lacking = [y for y in sorted(years) if y not in near]
            if lacking:
                return unsaid(question)
        return ""

    def _speaker_first(self, question: Question, hits: Sequence[Hit], scored: list[Scored],
                       candidates: Sequence[Sentence]) -> tuple[Question, list[Scored]]:
        """The question with its speaker as the articles name them, and the sentences where they say something about
        the rest of it (`_spoken`), their own words first; none when they say nothing about it. For a question of many
        words (not `specific`), only their own words that the question matches best, if any: the rest is answered by the
        sentences it matches."""
        # "michelle jubilerer": the speaker as the articles spell them ("Jubelirer")
        typed = question.speaker
        question = replace(question, speaker=respelled(question.speaker, [h.text for h in hits]))
        speaker_role = role_asked(question.speaker)  # "figure ai's ceo": the person the articles give that role, by name
        named_as = role_holder(speaker_role, candidates or [s.sentence for s in scored]) if speaker_role else None
        if named_as:
            question = replace(question, speaker=named_as[0])
        spoken = self._spoken(question, scored, typed)
        words = speaker_words(question.speaker, [item.sentence for item in scored])
        own = [s for s in spoken if quotes(s.sentence, words)]
        quoted = [s for s in own if quoted_words(s.sentence.text) >= 5] + \
            [s for s in own if quoted_words(s.sentence.text) < 5] or \
            [s for s in spoken if QUOTE_MARK.search(s.sentence.text) and not s.sentence.said_by]
        # their own words first: those the article attributes to them ("“…,” Jordan said", "“…,” he told AP"), what
        # they said before a phrase they used ("says he’s got no time for “schoolyard bullsh*t”"); else a quote
        # attributed to no one else; never another's quote in a sentence naming them ("…,” Brockman wrote). A question
        # of many words is answered by the sentences it matches, their own words first if any
        if not specific(question):
            return question, quoted[:1] if own else []
        return question, quoted[:1] + [s for s in spoken if s not in quoted[:1]]

    def _spoken(self, question: Question, scored: list[Scored], typed: str = "") -> list[Scored]:
        """Sentences where the speaker (a person, or an outlet the question names) says something about the rest of
        the question: X is the sentence's speaker or named in it (or next to a quote after it), or it comes from the
        outlet X; and it covers at least half of what the question asks about X (not counting the speaker's name as
        `typed`, misspelt or not)."""
        speaker = fold(question.speaker.lower())
        outlet = [s for route in question.routes for s in route
                  if speaker in fold(s.lower()) or any(a.lower() in speaker.split() for a in aliases(s))]
        parts = speaker_words(question.speaker, [item.sentence for item in scored])
        named_as = set(terms(question.speaker + " " + typed))
        topic_terms = {t: w for t, w in content(question).items() if t not in named_as and t not in _SPEECH_TERMS}
        topic_names = [n for n in question.names if not set(terms(n)) & set(terms(question.speaker)) and person_like(n)]
        total = sum(topic_terms.values())
        name = "(?:" + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True)) + ")"
        speaking = re.compile(rf"(?<!\w){name}(?!\w)[^.“”\"]{{0,40}}\b(?:{_SAYING})\b|\b(?:{_SAYING})\s+(?:[\w.-]+\s+){{0,3}}?"
                              rf"{name}(?!\w)", re.IGNORECASE)
        first = {item.sentence.hit.article_id for item in scored if item.sentence.rank == 0}
        articles: dict[str, str] = {}
        for hit in {item.sentence.hit.chunk_id: item.sentence.hit for item in scored}.values():
            articles[hit.article_id] = articles.get(hit.article_id, hit.title) + " " + hit.text
        out = []
        for item in scored:
            s = item.sentence
            named = own = False
            if outlet:
                by = s.hit.source in outlet
            else:
                said = fold((s.text + " " + s.speaker + " " + s.after[:80]).lower())
                own = quotes(s, parts)
                named = own or any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", said) for p in parts)
                in_story = any(re.search(rf"(?<!\w){re.escape(p)}(?!\w)", fold(s.hit.text.lower())) for p in parts)
                # they say it: their words, their name as the subject or object of a verb of saying ("Rubio described
                # the attacks as horrific", "said Rubio"), words quoted or reported next to their name (a country's, by its
                # leader: "“… Türkiye kept its word,” Erdoğan told reporters"), or a "he said" in their story; not a
                # sentence that only names them ("the $21 million opening of Beyoncé's own film")
                by = own or (named and (speaking.search(fold(s.resolved + " " + (s.after[:80] if QUOTE_MARK.search(s.text) else "")))
                                        is not None or quotes_words(s.text) or
                                        re.search(rf"\b{SPEECH}\b", s.text) is not None)) or \
                    (in_story and _PRONOUN_SPEECH.search(s.text) is not None)
            quoted = named and QUOTE_MARK.search(s.text) is not None
            # their own words, quoted: about the topic when their article is ("We let our customers down", on the recall),
            # but a person or thing the question names must be named next to them ("What did Beyoncé say about Swift?")
            near = s.before + " " + s.text + " " + s.after
            if topic_names and not all(mentions(n, near) or (own and any(len(w) >= 4 and mentions(w, near) for w in n.split()))
                                       for n in topic_names):
                continue  # (in the speaker's own words, a part of the name will do: "Beeper" for "Beeper Mini")
            # their own words are about what their article is about, in any of its chunks retrieved
            present = set(terms(articles[s.hit.article_id] if own else s.hit.title + " " + s.hit.text if quoted else
                                s.resolved + " " + s.context + " " + s.after))
            covered = sum(w for t, w in topic_terms.items() if t in present) / total if total else 1.0
            if own and s.hit.article_id in first:
                covered = 1.0  # their words in the article the search put first: about it, in words of their own ("cut
                # 220 jobs" for "the layoffs")
            if by and (covered >= 0.5 or item.similarity >= 0.55):
                out.append(item)
        return out

    def _carrier(self, question: Question, chosen: list[Scored]) -> Scored:
        """The chosen sentence that carries most of what the question asks besides whom (`_predicate`), the first on a tie."""
        return max(chosen, key=lambda c: self._predicate(question, c, names=False))

    def _predicate(self, question: Question, item: Scored, names: bool = True) -> float:
        """The idf-weighted share of the question's content terms (what it asks about: "election", "pay", "leave", and
        whom) that the sentence, or the one before it, contains; 1.0 when there are none. Names count as typed in lower
        case, where nothing tells them apart: "When was the Steam Deck OLED released?" reads as "when was the steam deck
        oled released?" does, not as a question about "released" alone. Without `names`, the names the reader found
        don't count (an open question's sentences must hold what is asked, not only whom it is about)."""
        left_out = set() if names else set(terms(" ".join(question.names)))
        weights = {t: w for t, w in content(question).items() if t not in left_out and not t.isdigit()}
        if self.vocabulary is not None and self.vocabulary.unseen > 0:
            weights = {t: w * self.vocabulary.idf(t) for t, w in weights.items()}
        total = sum(weights.values())
        if not total:
            return 1.0
        own = set(terms(item.sentence.resolved + " " + item.sentence.context))
        near = set(terms(item.sentence.before))  # the sentence before counts half ("the second season ... Filming is due")
        return sum(w if t in own else w / 2 if t in near else 0.0 for t, w in weights.items()) / total

    def _covers(self, question: Question, item: Scored, hits: Sequence[Hit] = (), names: Sequence[str] = ()) -> float:
        """The idf-weighted share of the question's content terms that the sentence's chunk contains (with `hits`, those
        chunks instead); the words of each of `names` count only where it writes the whole name ("Simply Homes", not
        "simply" and "homes" apart)."""
        weights = content(question)
        if self.vocabulary is not None and self.vocabulary.unseen > 0:
            weights = {t: w * self.vocabulary.idf(t) for t, w in weights.items()}
        total = sum(weights.values())
        if not total:
            return 1.0
        text = " ".join([h.title + " " + h.text for h in hits] or [item.sentence.hit.title + " " + item.sentence.hit.text])
        present = set(terms(text)) - {t for name in names if not mentions(name, text) for t in terms(name)}
        return sum(w for t, w in weights.items() if t in present) / total

    def choose(self, question: Question, scored: list[Scored]) -> list[Scored]:
        """The best sentences above a share of the best score: not redundant, at most two per article.

        When the question names several outlets ("Does the Fortune article ..., while TechCrunch
        ..."), each named outlet's best sentence goes in first, so every side is answered.
        """
        t = self.tuning
        limit = t.max_sentences + (1 if len(question.query.split()) > 25 else 0)
        best = scored[0].score
        chosen: list[Scored] = []
        per_article: dict[str, int] = {}

        def take(item: Scored) -> bool:
            article = item.sentence.hit.article_id
            if item in chosen or per_article.get(article, 0) >= 2 or \
                    any(float(item.vector @ c.vector) > t.redundancy for c in chosen):
                return False
            per_article[article] = per_article.get(article, 0) + 1
            chosen.append(item)
            return True

        named = [s for s in dict.fromkeys(item.sentence.hit.source for item in scored) if s in question.outlets]
        if len(named) > 1:
            for source in named:
                first = next((s for s in scored if s.sentence.hit.source == source and s.score >= best * t.cover_ratio), None)
                if first is not None and len(chosen) < limit:
                    take(first)
        for item in scored:
            if len(chosen) >= limit or item.score < best * t.keep_ratio:
                break
            take(item)
        return chosen


_FUTURE_QUESTION = re.compile(r"\b(?:will|going to|is due|are due|expected|expect|next|upcoming|plan(?:s|ned)? to)\b|"
                              r"^when\s+(?:does|do|is|are)\b", re.IGNORECASE)
_FUTURE_SENTENCE = re.compile(r"\b(?:will|would|is due|are due|is set to|are set to|plans? to|expects? to|expected|"
                              r"scheduled|next|by the end of)\b", re.IGNORECASE)
# what the sentence says no one knows yet: "two others (still unnamed)", "yet-to-be-named spots", "has not been announced"
_UNNAMED = re.compile(r"\b(?:still unnamed|unnamed|undisclosed|"
                      r"yet[- ]to[- ]be[- ](?:named|announced|determined|decided|disclosed|revealed)|"
                      r"(?:has|have) not (?:yet )?been (?:named|announced|disclosed|revealed|decided))\b", re.IGNORECASE)
_ASKS_DONE = re.compile(r"\b(?:did|was|were|had)\b", re.IGNORECASE)  # a question about what happened
_WEEKDAY = re.compile(r"\b(?:on|last|this|next)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
_SAYING = rf"{SPEECH_VERBS}|{SPEECH[3:-1]}|saying|adding|posted|tweeted|says|tells|writes"
_PRONOUN_SPEECH = re.compile(rf"\b(?:he|she)\s+(?:also\s+|later\s+|then\s+)?{SPEECH}\b", re.IGNORECASE)
_SPEECH_TERMS = frozenset(terms("say said says tell told announce announced comment commented report reported write wrote "
                               "respond responded react reacted think thought"))


def match_names(question: Question, hits: Sequence[Hit]) -> tuple[str, ...]:
    """The names a question gives, typed capitalised or not, and the two sides of "x vs y" ("ravens vs 49ers")."""
    sides = re.search(r"([\w'’-]+)\s+(?:vs\.?|v\.?|versus)\s+([\w'’-]+)", question.query, re.IGNORECASE)
    return tuple(dict.fromkeys((*question.names, *written_as_names(question.query, (h.text for h in hits)),
                                *(sides.groups() if sides else ()))))


def tells_result(names: Sequence[str], sentence: Sentence) -> bool:
    """The sentence says how the match between `names` ended (`stance.reports_result`), and it or the sentence it leans
    on names each of them: not another game of one of the teams."""
    around = sentence.resolved + " " + sentence.context
    return reports_result(sentence.resolved) and all(mentions(n, around) for n in names)


# A question after who took someone's place ("who replaced X", "who's the new X now that", "who became speaker after").
_REPLACEMENT_ASKED = re.compile(r"\b(?:replac(?:e|ed|es|ing)|succeed(?:ed|s|ing)?|successor|took over|take over|taking over|"
                                r"became|become|becomes|new)\b", re.IGNORECASE)
_TAKES_OVER = re.compile(r"\b(?:replac\w*|succeed\w*|successor|named|names|hired|hires|hiring|appointed|appoints|tapped|taps|"
                         r"took over|takes over|take over|taking over|elected|chosen|picked|new|interim|will serve|to serve)\b",
                         re.IGNORECASE)
_APPOINTED = re.compile(r"\b(?:replac\w*|succeed\w*|successor|named|naming|hired|hiring|appointed|appointing|tapped|took over|"
                        r"takes over|will take over|elected|(?:will be|becomes|became|as) (?:[\w’'-]+\s+){0,3}?new)\b", re.IGNORECASE)
_LET_GO = r"replac\w*|succeed\w*|fired|relieved|dropped|ousted|sacked|dismissed|removed|firing|ousting"


def _takes_over(name: str, sentence: str, strictly: bool = False) -> bool:
    """`sentence` says `name` takes a place: a word of hiring or succeeding, and `name` not the one replaced or let go
    ("to replace Tucker", "relieved head coach Dean Evason and assistant coach Bob Woods"), unless by them. `strictly`:
    a word of appointing only, not a stand-in's ("interim", "will serve")."""
    if not (_APPOINTED if strictly else _TAKES_OVER).search(sentence):
        return False
    short = re.escape(surname(name) if person_like(name) else name)
    return not re.search(rf"\b(?:{_LET_GO})\b(?:(?!\bby\b)[^.;])*?\b{short}\b", sentence, re.IGNORECASE)


def _anticipates(question: Question, text: str) -> bool:
    """`text` speaks of what may happen just before it says any word of what the question asks ("could push Amazon to
    offer remedies": a hedge in the six words before; in a sentence without one, anywhere), not after it ("half of US
    kids had played it — but the company had plans to change that") or clauses before it."""
    names = set(terms(" ".join(question.names)))
    wanted = {t for t in content(question) if t not in names}
    first = next((m.start() for m in re.finditer(r"\w+", text) if m.group(0).islower() and wanted & set(terms(m.group(0)))),
                 -1)  # its words, not a name the question typed in lower case ("harbour bank's earnings")
    return hypothetical(text if first < 0 else " ".join(text[:first].split()[-6:]))


def _contrary(question: Question, item: Scored, lead: str = "", parties: Sequence[str] = ()) -> bool:
    """The sentence uses a word opposite to one of the question's ("interim" for "permanent", "lost" for "won"), unless
    it is the converse of the question's verb with `lead` and one of the question's `parties` on either side of it:
    "Betashares ... reached an agreement to acquire Bendigo and Adelaide Bank’s superannuation business" answers "who's
    selling their super business to betashares?" with the bank."""
    mine, theirs = _asked_results(question.query), results_of(item.sentence.text)
    return any(((a in mine and b in theirs and b not in mine) or (b in mine and a in theirs and a not in mine)) and
               not (frozenset((a, b)) in _CONVERSE and _across(lead, parties, item.sentence.text, b if a in mine else a))
               for a, b in OPPOSITES)


# Verbs saying one relation from either side: A buys from B when B sells to A, A beats B when B loses to A.
_CONVERSE = (frozenset(("buy", "sell")), frozenset(("win", "lose")))


def _across(lead: str, parties: Sequence[str], sentence: str, family: str) -> bool:
    """`sentence` writes `lead` on one side of its first verb of `family` and one of `parties` on the other."""
    verb = next((m for m in re.finditer(r"[a-z]+", sentence) if m.group(0) in FAMILIES[family]), None)
    at = sentence.find(lead)
    if verb is None or not lead or at < 0:
        return False
    before, after = sentence[:verb.start()], sentence[verb.end():]
    return any((mentions(p, before) and at > verb.start()) or (mentions(p, after) and at < verb.start()) for p in parties)


def _answers(question: Question, item: Scored) -> list[str]:
    """The sentence's names that may answer: of the kind asked, not spoken of as what may happen ("could help land
    coach Joe Schmidt"), not titled only with another occupation than the one asked ("director of high performance
    Peter Horne" for "who was named the new coach?")."""
    return [name for name in candidates_in(question, item)
            if not hedged(name, item.sentence.text) and not role_clash(question, name, item)]


def _unsettled_result(question: Question, item: Scored) -> bool:
    """The question asks who won, and the sentence (with the one it leans on) says nobody won or lost anything, or
    only that someone didn't ("fell short of winning a title")."""
    text = _NOT_WON.sub(" ", item.sentence.resolved + " " + item.sentence.context)
    return "win" in _asked_results(question.query) and not results_of(text) & {"win", "lose"} and not _AWARDED.search(text)


def _result_unreported(question: Question, decision: Decision) -> bool:
    """A verdict on who won ("did canada beat trinidad?", "did A or B win?") that rests on sentences none of which
    reports a result as done: a preview, a fixture or what may come ("will now have to defeat them in March"). A "No"
    stands on what did happen instead ("UCLA topped Colorado 28-16")."""
    if decision.abstained or decision.verdict == "no" or not specific(question) or \
            not _asked_results(question.query) & {"win", "lose"}:
        return False
    if decision.verdict:  # a "Yes" or a side, from a sentence about what may come
        return bool(decision.evidence) and _may_come(decision.evidence[0].sentence.text)
    # "the articles don't settle it", where neither sentence gives a result ("a complete preview of UFC 295")
    shown = decision.evidence[:2]
    return bool(shown) and all(_may_come(item.sentence.text) or (_unsettled_result(question, item) and
                                                                 not SCORE.search(item.sentence.text)) for item in shown)


def _may_come(text: str) -> bool:
    return hypothetical(text) or _FUTURE_SENTENCE.search(text) is not None


def _asked_results(query: str) -> frozenset[str]:
    """The result families the question's verbs ask about, "won't" read as "will not" (no win asked)."""
    return results_of(re.sub(r"\bwon['’]t\b", "will not", query, flags=re.IGNORECASE))


# A prize given, in the words news uses for it ("have split the 2023 Nobel prize", "the physics prize went to").
_AWARDED = re.compile(r"\b(?:split|shared?|awarded|went to|goes to|received?|took home|takes home|claimed|named (?:the )?winners?)\b",
                      re.IGNORECASE)


_NOT_WON = re.compile(r"\b(?:fell short of|falls short of|failed to|fails to|yet to|never|not|n['’]t|without|chance to|bid to|"
                      r"hopes? to|trying to|try to)\s+(?:\w+\s+){0,2}?(?:win|wins|winning|won|beat|beating)\b", re.IGNORECASE)


def _typed_named(run: str, item: Scored, hits: Sequence[Hit], whole: bool = False) -> bool:
    """The sentence's chunk (its article's retrieved chunks, if `whole`) names a name the question typed in lower case:
    each of its words, or its last word where another chunk of the same article gives the whole name ("McRae" for "tate
    mcrae", her article having "Tate McRae" before; not "Paris Olympics" for "winter olympics")."""
    text = _read_text(item, hits, whole)
    words = run.split()
    if all(mentions(word, text) for word in words):
        return True
    return len(words) > 1 and mentions(words[-1], text) and any(
        h.article_id == item.sentence.hit.article_id and mentions(run, h.title + "\n" + h.text) for h in hits)


def _before_date(sentence: str) -> str:
    """The words of `sentence` before its first day: what the day is said of ("scheduled sentencing for Feb. 20"),
    not what comes after it ("would leave office on December 1 ... until an early election"); all of it when it opens
    with the day; "" with no day."""
    first = first_day(sentence)
    if first is not None and len(sentence[:first].split()) <= 2:
        return sentence  # "On Wednesday 6 December, the magazine announced ...": the day the sentence is about
    return sentence[:first] if first is not None else ""


_YEARS = re.compile(r"\b(?:19|20)\d{2}\b")
_QUARTER = re.compile(r"\b(?:q([1-4])|([1-4])q|(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter)\b", re.IGNORECASE)
_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "1st": "1", "2nd": "2", "3rd": "3", "4th": "4"}
_ROUND = re.compile(r"\b(pre-?seed|seed|pre-series [a-z]|series [a-z])\b", re.IGNORECASE)


def _years(text: str) -> set[str]:
    """The years a text names ("2022")."""
    return set(_YEARS.findall(text))


def _quarters(text: str) -> set[str]:
    """The quarters of a year a text names ("Q3", "third-quarter", "4Q"), as digits."""
    return {m.group(1) or m.group(2) or _ORDINALS[m.group(3).lower()] for m in _QUARTER.finditer(text)}


def _rounds(text: str) -> set[str]:
    """The funding rounds a text names ("Series B", "pre-seed"), in lower case."""
    return {m.group(1).lower().replace("preseed", "pre-seed") for m in _ROUND.finditer(text)}


# What says which one of a recurring thing an amount is of: a sentence naming another one gives another's figure
_WHICH_ONE = (_years, _quarters, _rounds)
_AGREED_COVER = 0.5  # the articles agreeing on a name say at least this share of what the question describes
_NAMED_ONE_RATIO = 0.5  # a sentence further down naming the year, quarter or round asked: this share of the best score


def _quote_goes_on(chosen: list[Scored], candidates: Sequence[Sentence], speaker: str, limit: int) -> list[Scored]:
    """The speaker's words go on in the next sentence ("“The resolution on this is terrible,” he said. “You should get
    a Mac.”"; "Brus said he didn't pick up the phone … “I'm trying to get some sleep,” he told AP"): it follows the
    first of the two best chosen sentences by them that has such a next sentence, in place of the last chosen."""
    words = speaker_words(speaker, candidates)
    seen = {(item.sentence.hit.chunk_id, item.sentence.start) for item in chosen}
    for at, item in enumerate(chosen[:2]):
        s = item.sentence
        if not s.after or not (quotes(s, words) or any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", fold(s.text.lower()))
                                                       for w in words)):
            continue
        following = next((c for c in candidates if c.hit.chunk_id == s.hit.chunk_id and c.start > s.start and c.text == s.after),
                         None)
        if following is not None and quotes(following, words) and (following.hit.chunk_id, following.start) not in seen:
            return [*chosen[:at + 1], Scored(following, item.score, item.vector), *chosen[at + 1:]][:max(limit, at + 2)]
    return chosen


def _with(support: Scored, chosen: list[Scored], limit: int) -> list[Scored]:
    """The evidence to quote after a short answer: its own sentence first, then the others chosen."""
    return [support, *[c for c in chosen if c is not support]][:limit]


def _names_all(names: Sequence[str], item: Scored, hits: Sequence[Hit] = (), whole: bool = False) -> bool:
    """The sentence's chunk (its article's retrieved chunks, if `whole`) names every one of `names` (by full name,
    surname or a longer form)."""
    text = _read_text(item, hits, whole)
    return all(mentions(name, text) or mentions(name, undotted(text)) for name in names)  # "US" in "the U.S. team"


def _read_text(item: Scored, hits: Sequence[Hit], whole: bool) -> str:
    """The title and text of the sentence's chunk, or with `whole` of every chunk of its article in `hits`."""
    hit = item.sentence.hit
    chunks = [h for h in hits if h.article_id == hit.article_id] if whole else []
    return "\n".join([hit.title, hit.text, *(h.text for h in chunks if h.chunk_id != hit.chunk_id)])
