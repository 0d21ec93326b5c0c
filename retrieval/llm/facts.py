"""The checkable facts of an answer sentence (numbers, dates, Latin names) and whether the sentences it cites
state them.

- A number matches by value, whatever its form: digits of any script, thousands separators, the Arabic
  decimal point, number words of both languages, an Arabic dual noun in the source ("قاعدتين" states 2).
  A number word after a determiner ("the two countries", "both") refers back rather than counts: not a claim.
- A date matches when the range the answer names contains a range the cited sentence names, resolved
  against its article's publication date: in an article of Sunday 16 November 2025, "اليوم الأحد" states
  16 November 2025 and "15 أكتوبر الماضي" states 15 October 2025. The publication date itself counts as
  stated (the prompt shows it). Relative dates of an undated article stay unresolved: the answer may repeat
  them ("on Wednesday") but not turn them into a calendar date.
- A Latin name (a capitalised word that is not the first of its sentence) must be found in the cited
  sentence, the sentence before it, or the article's title or outlet: through the news glossary
  (*Moscow* → موسكو) or the consonant skeleton (*Yevkurov* → يفكوروف). So must every word of the claim that
  restates the question and can be looked for in Arabic (`restated_terms`): a claim about the question's
  subject cites a sentence about that subject. Only a refusal may repeat the question's words uncited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from retrieval.llm.sources import Source
from retrieval.text.arabic import content_stems, fold, tokens
from retrieval.text.dates import DateMention, find_dates
from retrieval.text.glossary import arabic_stems_for
from retrieval.text.numbers import find_quantities
from retrieval.text.query import QueryTerms, Term
from retrieval.text.transliteration import (
    MIN_SKELETON,
    arabic_skeletons,
    latin_skeleton,
    skeletons_match,
    without_article,
)

DateRange = tuple[dt.date, dt.date]
Spans = Sequence[tuple[int, int]]

# Undated relative mentions are compared by resolving both sides against the same arbitrary day:
# the same weekday or month gives the same range, a different one does not.
_ANCHOR = dt.date(2001, 7, 15)
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")
_DETERMINERS = frozenset({"the", "these", "those", "both", "all", "its", "their", "his", "her"})
_LATIN_WORD = re.compile(r"(?:(?:[Aa]l|[Ee]l)[-‐])?[A-Za-z][A-Za-z'’]*")
_LATIN_LETTER = re.compile("[A-Za-z]")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_OPENING = " \t\n\"'“‘«(*-•"


@dataclass(frozen=True, slots=True)
class Support:
    """What one cited source states: in its sentence alone, or with the sentence before it."""

    dated: bool
    numbers: frozenset[float]
    dates: tuple[DateRange, ...]
    vague_dates: tuple[DateRange, ...]  # relative dates of an undated article, resolved against _ANCHOR
    names_text: str  # where names are looked for: the text, the article's title and outlet
    published: dt.date | None
    texts: tuple[str, ...]  # the sentence (with the one before) and the title, each on its own

    @classmethod
    def of(cls, source: Source, *, with_context: bool) -> Support:
        parts = [source.text]
        if with_context and source.context:
            parts.insert(0, source.context[1])
        text = " ".join(parts)
        numbers = {q.value for q in find_quantities(text, duals=True)}
        published = source.published
        names_text = " ".join([text, source.passage.title, source.passage.outlet or ""])
        if published is None:
            mentions = find_dates(text, _ANCHOR)
            absolute = _ranges(m for m in mentions if not m.relative)
            vague = _ranges(m for m in mentions if m.relative)
            return cls(False, frozenset(numbers), absolute, vague, names_text, None, (text, source.passage.title))
        mentions = find_dates(text, published)
        for m in mentions:  # "اليوم الأحد" states the 16th as much as "16 نوفمبر" does
            if m.earliest is not None and m.earliest == m.latest:
                numbers.update((m.earliest.day, m.earliest.year))
        numbers.update((published.year, published.day))  # "the article of 16 November" names its date
        dates = (*_ranges(mentions), (published, published))
        return cls(True, frozenset(numbers), dates, (), names_text, published, (text, source.passage.title))

    def states(self, mention: DateMention | None, *, vague: bool = False) -> bool:
        """Whether the range `mention` names contains a range this source names."""
        if mention is None or mention.earliest is None or mention.latest is None:
            return False
        first, last = mention.earliest, mention.latest
        return any(first <= a and b <= last for a, b in (self.vague_dates if vague else self.dates))

    def names(self, term: Term) -> bool:
        """Whether this source writes the name `term` (by glossary stem or consonant skeleton)."""
        return _writes_name(term, self.names_text)


def _ranges(mentions: Iterable[DateMention]) -> tuple[DateRange, ...]:
    return tuple((m.earliest, m.latest) for m in mentions if m.earliest is not None and m.latest is not None)


def claimed_numbers(sentence: str, skip: Spans = ()) -> list[float]:
    """The numbers `sentence` states, outside `skip`: a number word after a determiner ("the two sides")
    refers back to something, so it is left out; Arabic duals in an answer are not read as counts."""
    values = []
    for q in find_quantities(sentence, skip):
        before = sentence[: q.start].split()[-1:]
        if q.is_word and before and before[0].lower() in _DETERMINERS:
            continue
        values.append(q.value)
    return values


def claimed_names(sentence: str, skip: Spans = ()) -> list[Term]:
    """The Latin names of `sentence` (see the module's note): every capitalised word but the first, with the
    glossary's Arabic stems and its consonant skeleton, outside `skip` (the sentence's dates)."""
    names: list[Term] = []
    for position, found in enumerate(_LATIN_WORD.finditer(sentence)):
        word = found.group()
        if position == 0 and found.start() == len(sentence) - len(sentence.lstrip(_OPENING)):
            continue  # a capital opening a sentence says nothing
        if not word[0].isupper() or any(s <= found.start() < e for s, e in skip):
            continue
        base = without_article(word)
        stems = content_stems(base)
        if not stems:
            continue  # a function word ("The", "Of")
        skeleton, glosses = latin_skeleton(word), arabic_stems_for(base)
        if len(skeleton) < 2 and not glosses:
            continue  # "Abu", "Ali": too short to tell from any other word
        names.append(Term(word, frozenset(stems) | glosses, skeleton or None))
    return list({(t.stems, t.skeleton): t for t in names}.values())


def _writes_name(term: Term, text: str) -> bool:
    """Whether `text` writes `term`: a stem or a gloss of it, or an Arabic word with its skeleton (exactly,
    for a skeleton too short for `skeletons_match`: "Bek" is بك, "Youssef" is not يونس)."""
    if term.stems & set(content_stems(text)):
        return True
    if not term.skeleton or len(term.skeleton) < 2:
        return False
    skeletons = {sk for word in tokens(text) for sk in arabic_skeletons(word)}
    if len(term.skeleton) < MIN_SKELETON:
        return term.skeleton in skeletons
    return any(skeletons_match(term.skeleton, sk) for sk in skeletons)


def strip_list_mark(sentence: str) -> str:
    """The sentence without a leading bullet or list number (`1. `), which states nothing."""
    return _LIST_MARK.sub("", sentence, count=1)


@dataclass(frozen=True, slots=True)
class Claims:
    """The checkable facts of one answer sentence."""

    dates: tuple[DateMention, ...]  # read without a publication date (absolute ones resolve alone)
    numbers: tuple[float, ...]
    names: tuple[Term, ...]
    text: str

    @classmethod
    def of(cls, sentence: str) -> Claims:
        sentence = strip_list_mark(sentence)
        mentions = tuple(find_dates(sentence, None))
        spans = [(m.start, m.end) for m in mentions]
        # a relative mention resolved against a publication date may cover more words ("Sunday 16 November")
        spans += [(m.start, m.end) for m in find_dates(sentence, _ANCHOR)]
        numbers = tuple(dict.fromkeys(claimed_numbers(sentence, spans)))
        return cls(mentions, numbers, tuple(claimed_names(sentence, spans)), sentence)

    @property
    def empty(self) -> bool:
        return not (self.dates or self.numbers or self.names)


def unsupported(
    claims: Claims, cited: Sequence[Support], question: QuestionWords, *, repeating: bool = False
) -> list[str]:
    """The facts of `claims` that none of the `cited` sources states, each as a short phrase for a message.
    A name the question uses counts as stated; with `repeating` (a refusal), so do its numbers and dates."""
    missing = [
        f"the date “{m.text}”"
        for m in claims.dates
        if not (repeating and fold(m.text) in question.folded) and not _date_stated(m, claims.text, cited)
    ]
    stated = frozenset().union(*(s.numbers for s in cited), question.numbers if repeating else ())
    missing += [f"the number {_show(v)}" for v in claims.numbers if v not in stated]
    missing += [
        f"the name “{t.word}”"
        for t in claims.names
        if not (repeating and question.names(t)) and not any(s.names(t) for s in cited)
    ]
    if not repeating:
        named = {t.word for t in claims.names}
        missing += [
            f"“{t.word}” (a word of the question)"
            for t in restated_terms(claims.text, question)
            if t.word not in named and not any(s.names(t) for s in cited)
        ]
        missing += [
            f"the phrase “{a} {b}” (of the question)"
            for a, b in restated_phrases(claims.text, question)
            if not any(_holds_phrase(part, (a, b)) for s in cited for part in s.texts)
        ]
    return missing


def restated_phrases(claim: str, question: QuestionWords) -> list[tuple[str, str]]:
    """Pairs of adjacent Arabic content words that the claim repeats from the question, in its order ("وزير
    الدفاع السوري"): a sentence that holds both words apart ("نائب وزير الدفاع الروسي ... الوفد السوري") is
    not about that subject. Only within Arabic, whose word order the claim and the sentence share."""
    asked = list(pairwise(content_stems(question.text)))
    stems = content_stems(claim)
    return [
        (a, b) for a, b in pairwise(stems) if (a, b) in asked and _ARABIC_LETTER.match(a) and _ARABIC_LETTER.match(b)
    ]


def _holds_phrase(text: str, phrase: tuple[str, str]) -> bool:
    return phrase in set(pairwise(content_stems(text)))


def restated_terms(claim: str, question: QuestionWords) -> list[Term]:
    """The words of `claim` that restate the question's and that an Arabic sentence can be checked for: an
    Arabic word, or an English one the glossary translates. A claim that restates the question's subject
    must cite a sentence about that subject: "the Syrian defence minister is X [2]" fails when sentence [2]
    names X as the Russian one."""
    terms = []
    for term in QueryTerms.of(claim).terms:
        if term.period or not (term.stems & question.stems):
            continue
        if _LATIN_LETTER.match(term.word) and len(term.stems) < 2:
            continue  # an English word the glossary lacks: nothing to look for in Arabic
        terms.append(term)
    return terms


def _date_stated(mention: DateMention, sentence: str, cited: Sequence[Support]) -> bool:
    span = (mention.start, mention.end)
    for support in cited:
        if support.dated:
            # the answer's own relative words ("yesterday") are read against the cited article's date
            reading = {(m.start, m.end): m for m in find_dates(sentence, support.published)}.get(span, mention)
            if support.states(reading):
                return True
        elif mention.relative:
            reading = {(m.start, m.end): m for m in find_dates(sentence, _ANCHOR)}.get(span)
            if support.states(reading, vague=True):
                return True
        elif support.states(mention):
            return True
    return False


@dataclass(frozen=True, slots=True)
class QuestionWords:
    """The question's words: a name or number the question uses may be repeated in a refusal or an answer."""

    text: str
    stems: frozenset[str]
    numbers: frozenset[float]
    folded: str

    @classmethod
    def of(cls, question: str) -> QuestionWords:
        numbers = {q.value for q in find_quantities(question, duals=True)}
        return cls(question, frozenset(content_stems(question)), frozenset(numbers), fold(question))

    def names(self, term: Term) -> bool:
        return _writes_name(term, self.text)


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)
