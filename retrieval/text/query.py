"""A question, analysed once: its language, the kind of answer it wants, its terms, the period it names, its
vector. Search, evidence, the decline rule, the answer composer and the LLM path all read this one `Query`.

The term model is the one rule by which a question's words are matched, by BM25 over the index's
vocabulary and by coverage over a sentence alike:

- one term per content word; an Arabic word or a number stands for its own stem;
- an English word also stands for the Arabic stems the news glossary gives for it;
- an English word that is a name (see `is_name`) also matches Arabic words with the same consonant
  skeleton ("Belousov" finds "بيلوسوف", one consonant of slack; see `retrieval.text.transliteration`);
- a date expression ("in November 2025") is one term: a sentence holds it when it names a date inside
  that period, in any wording; BM25 looks for its words.

Only names are matched by skeleton: most English words have some Arabic word with a similar skeleton
("could" finds "كلود"), and those chance matches outweighed the real ones.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from retrieval.text.answer_types import AnswerType, answer_type
from retrieval.text.arabic import content_stems, detect_language, tokens
from retrieval.text.dates import DateMention, find_dates
from retrieval.text.glossary import arabic_stems_for
from retrieval.text.transliteration import (
    MIN_SKELETON,
    arabic_skeletons,
    latin_skeleton,
    skeletons_match,
    without_article,
)

Period = tuple[dt.date, dt.date]
# A word, keeping "al-Sharaa" together; other hyphenated words ("early-warning") are split.
_WORD = re.compile(r"(?:(?:al|el)[-‐])?[^\W_][\w'’]*", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z]")
_MARKUP = re.compile(r"<[^<>]{0,200}>|&[#\w]{1,10};")  # HTML tags and entities pasted in: no words of the question


def is_name(word: str, *, first: bool, glossed: bool, capitals: bool) -> bool:
    """Whether an English word of a question should be looked for as a name written in Arabic.

    `first`: it opens the question; `glossed`: the glossary translates it; `capitals`: the question has
    any capital letter at all. A name is a capitalised word (the first word only when the glossary does
    not know it) or an acronym; in a question typed all in lower case, any word the glossary does not
    know may be one."""
    if not capitals:
        return not glossed
    if len(word) > 1 and word.isupper():
        return True
    return word[0].isupper() and not (first and glossed)


@dataclass(frozen=True, slots=True)
class Term:
    """One content word (or date expression) of a question, with every form in which a text may hold it."""

    word: str  # as the question writes it
    stems: frozenset[str]  # its own stem(s) and, for an English word, the glossary's Arabic stems
    skeleton: str | None = None  # for an English name: its consonant skeleton, to find it written in Arabic
    period: Period | None = None  # for a date expression: the days it covers

    def found_in(self, stems: set[str], skeletons: Callable[[], set[str]], dates: Sequence[DateMention]) -> bool:
        """Whether a text with these stems, word skeletons (computed on demand) and dates holds this term."""
        if self.period:
            first, last = self.period
            return any(d.earliest and d.latest and d.earliest <= last and first <= d.latest for d in dates)
        if self.stems & stems:
            return True
        return bool(self.skeleton) and any(skeletons_match(self.skeleton, s) for s in skeletons())


@dataclass(frozen=True, slots=True)
class QueryTerms:
    """The terms of a question, in question order, without repeats."""

    terms: tuple[Term, ...]

    @classmethod
    def of(cls, text: str) -> QueryTerms:
        text = _MARKUP.sub(" ", text)
        periods = [m for m in find_dates(text, None) if m.earliest and m.latest]
        capitals = any(ch.isupper() for ch in text)
        terms: dict[object, Term] = {}
        period_words: dict[int, list[str]] = {}
        for position, found in enumerate(_WORD.finditer(text)):
            word = found.group()
            inside = next((i for i, m in enumerate(periods) if m.start <= found.start() < m.end), None)
            if inside is not None:
                period_words.setdefault(inside, []).append(word)
                continue
            for term in _word_terms(word, first=position == 0, capitals=capitals):
                terms.setdefault((term.stems, term.skeleton), term)
        for i, m in enumerate(periods):
            words = period_words.get(i, [])
            stems = frozenset(s for w in words for s in content_stems(w) + sorted(_glosses(w)))
            terms.setdefault(("period", m.earliest, m.latest), Term(m.text, stems, period=(m.earliest, m.latest)))
        return cls(tuple(terms.values()))

    @property
    def stems(self) -> frozenset[str]:
        """Every stem of every term: the words a sentence shares with the question."""
        return frozenset(stem for term in self.terms for stem in term.stems)

    def coverage(self, text: str, dates: Sequence[DateMention] = ()) -> float:
        """Share of the terms that `text` holds (as words, translations, names, or dates in the period)."""
        if not self.terms:
            return 0.0
        return sum(self.found_in(text, dates)) / len(self.terms)

    def found_in(self, text: str, dates: Sequence[DateMention] = ()) -> list[bool]:
        """For each term, whether `text` holds it."""
        have = set(content_stems(text))
        cache: list[set[str]] = []

        def skeletons() -> set[str]:
            if not cache:
                cache.append({sk for word in tokens(text) for sk in arabic_skeletons(word)})
            return cache[0]

        return [term.found_in(have, skeletons, dates) for term in self.terms]


def _glosses(word: str) -> frozenset[str]:
    return arabic_stems_for(without_article(word)) if _LATIN.match(word) else frozenset()


def _word_terms(word: str, *, first: bool, capitals: bool) -> Iterable[Term]:
    """The terms of one word: an English word is one term; an Arabic word or number one per stem."""
    if not _LATIN.match(word):
        return [Term(word, frozenset([stem])) for stem in content_stems(word)]
    base = without_article(word)
    stems = content_stems(base)
    if not stems:
        return []  # a stopword
    glosses = arabic_stems_for(base)
    skeleton = latin_skeleton(word) if is_name(word, first=first, glossed=bool(glosses), capitals=capitals) else ""
    return [Term(word, frozenset(stems) | glosses, skeleton if len(skeleton) >= MIN_SKELETON else None)]


@dataclass(frozen=True, slots=True)
class Query:
    """One question as every step of answering sees it. Built once per question by `Query.analyse`."""

    text: str  # the question as asked
    standalone: str  # what is searched: the question itself, or a follow-up rewritten to stand alone
    language: str  # the language the question is written in: "ar" or "en"
    answer_language: str  # the language to answer in
    kind: AnswerType  # what kind of answer it asks for
    terms: QueryTerms
    period: Period | None  # the span of the dates it names ("the February 2026 talks"), if any
    vector: tuple[float, ...] = ()  # the embedding of `standalone`; empty until embedded

    @classmethod
    def analyse(
        cls,
        text: str,
        *,
        standalone: str | None = None,
        answer_language: str = "auto",
        embed: Callable[[str], Sequence[float]] | None = None,
    ) -> Query:
        """Analyse a question (and, with `embed`, embed its standalone form: the only embedding it gets)."""
        text = unicodedata.normalize("NFKC", text).strip()
        standalone = unicodedata.normalize("NFKC", standalone).strip() if standalone else text
        language = detect_language(text)
        kind = answer_type(text)
        if kind is AnswerType.OTHER and standalone != text:
            kind = answer_type(standalone)  # "And the second time?" asks what the last question asked
        terms = QueryTerms.of(standalone)
        periods = [t.period for t in terms.terms if t.period]
        period = (min(p[0] for p in periods), max(p[1] for p in periods)) if periods else None
        return cls(
            text=text,
            standalone=standalone,
            language=language,
            answer_language=language if answer_language == "auto" else answer_language,
            kind=kind,
            terms=terms,
            period=period,
            vector=tuple(embed(standalone)) if embed else (),
        )
