"""Sentence-level evidence: every sentence of the retrieved passages, scored against the question.

A sentence's score mixes three signals: dense similarity to the question (the multilingual model,
which also bridges English questions to Arabic text), the share of the question's content words it
contains (Arabic-folded and stemmed), and the rank of the passage it came from. Sentences also carry
the dates and numbers they mention, so that "when" and "how many" questions can be checked for an
answer of the right type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.arabic import content_stems, fold, normalize_digits, tokens
from retrieval.dates import DateMention, find_dates
from retrieval.glossary import arabic_stems_for
from retrieval.records import Citation, Hit, Passage, Span, sentence_id
from retrieval.transliteration import MIN_SKELETON, arabic_skeletons, latin_skeleton, skeletons_match, without_article

# Weights of the sentence score; dense similarity of e5 lies in a narrow band (about 0.7-0.9).
DENSE_WEIGHT = 1.0
COVERAGE_WEIGHT = 0.12
PASSAGE_WEIGHT = 0.02
HEADING_WORDS = 15
CONTEXT_WEIGHT = 0.75  # words found only in the previous sentence count for this much

_NUMBER = re.compile(r"(?<![\d/-])\d+(?:[.,]\d+)?(?![\d/-])")
_QUANTITY_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+")
_NUMBER_WORDS = {
    **dict.fromkeys(["واحد", "واحده", "one"], "1"),
    **dict.fromkeys(["اثنان", "اثنين", "اثنتان", "اثنتين", "two"], "2"),
    **dict.fromkeys(["ثلاث", "ثلاثه", "three"], "3"),
    **dict.fromkeys(["اربع", "اربعه", "four"], "4"),
    **dict.fromkeys(["خمس", "خمسه", "five"], "5"),
    **dict.fromkeys(["ست", "سته", "six"], "6"),
    **dict.fromkeys(["سبع", "سبعه", "seven"], "7"),
    **dict.fromkeys(["ثماني", "ثمانيه", "ثمان", "eight"], "8"),
    **dict.fromkeys(["تسع", "تسعه", "nine"], "9"),
    **dict.fromkeys(["عشر", "عشره", "ten"], "10"),
    **dict.fromkeys(["عشرون", "عشرين", "twenty"], "20"),
    **dict.fromkeys(["مئه", "مائه", "hundred"], "100"),
    **dict.fromkeys(["الف", "thousand"], "1000"),
}
_MIN_DUAL_LETTERS = 6  # shorter words ending in تين are mostly names (بوتين)
# A word, keeping "al-Sharaa" together; other hyphenated words ("early-warning") are split.
_WORD = re.compile(r"(?:(?:al|el)[-‐])?[^\W_][\w'’]*", re.IGNORECASE)
_LATIN_WORD = re.compile(r"[A-Za-z]")
_MONEY = re.compile(r"دولار|يورو|روبل|ليره|جنيه|ريال|درهم|\$|€|£|dollar|euro|rouble|ruble|pound|usd|eur")
_REASON = re.compile(
    r"بهدف|من اجل|لاجل|بغيه|سعيا|في اطار|في سياق|تندرج|ضمن جهود|لان|بسبب|نظرا|لذلك|ضروري|ضروريه"
    r"|\b(?:because|in order to|so that|aims? to|aimed at|purpose|due to|as part of|necessary|essential)\b"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """One candidate sentence with the signals used to judge it."""

    passage: Passage
    span: Span
    text: str
    dense: float
    coverage: float  # share of the question's terms found here (or, discounted, with the sentence before)
    own_coverage: float  # share found in this sentence alone
    passage_rank: int
    dates: tuple[DateMention, ...]
    numbers: tuple[Quantity, ...]
    has_money: bool
    has_reason: bool  # a purpose or cause marker (بهدف، في إطار، because ...)

    @property
    def is_heading(self) -> bool:
        """A short line with no closing punctuation (a title or subheading): context, not an answer."""
        ending = self.text.rstrip().rstrip("\"'”’»)]")
        return len(self.text.split()) < HEADING_WORDS and not ending.endswith((".", "!", "؟", "?", "؛"))

    @property
    def score(self) -> float:
        return DENSE_WEIGHT * self.dense + COVERAGE_WEIGHT * self.coverage + PASSAGE_WEIGHT / self.passage_rank

    def citation(self, n: int) -> Citation:
        """This sentence as citation number `n`."""
        p = self.passage
        return Citation(
            n=n,
            article_id=p.article_id,
            title=p.title,
            quote=self.text,
            start=self.span.start,
            end=self.span.end,
            published=p.published,
            outlet=p.outlet,
            url=p.url,
        )


@dataclass(frozen=True, slots=True)
class Term:
    """One content word of a question, with every form in which a sentence may contain it."""

    stems: frozenset[str]  # its own stem and, for an English word, the glossary's Arabic stems
    skeleton: str | None = None  # for a Latin word: its consonant skeleton, to find it as a name in Arabic
    period: tuple[dt.date, dt.date] | None = None  # for a date in the question: the days it covers


@dataclass(frozen=True, slots=True)
class QuestionTerms:
    """The question's content words, matched against a sentence across languages where possible."""

    terms: tuple[Term, ...]

    @classmethod
    def of(cls, question: str) -> QuestionTerms:
        terms: dict[object, Term] = {}
        periods = [m for m in find_dates(question, None) if m.earliest and m.latest]
        for m in periods:  # "in November 2025" matches a sentence dated within it, in any wording
            terms.setdefault((m.earliest, m.latest), Term(frozenset(), period=(m.earliest, m.latest)))
        for found in _WORD.finditer(question):
            word = found.group()
            if any(m.start <= found.start() < m.end for m in periods):
                continue
            if _LATIN_WORD.match(word):
                base = without_article(word)
                stems = content_stems(base)
                if not stems:
                    continue
                skeleton = latin_skeleton(word)
                term = Term(
                    frozenset(stems) | arabic_stems_for(base), skeleton if len(skeleton) >= MIN_SKELETON else None
                )
            else:
                stems = content_stems(word)
                if not stems:
                    continue
                term = Term(frozenset(stems))
            terms.setdefault(term.stems, term)
        return cls(tuple(terms.values()))

    def coverage(self, text: str, dates: Sequence[DateMention] = ()) -> float:
        """Share of the question's content words and dates that `text` contains (as words, translations,
        names, or dates that fall in the question's period)."""
        if not self.terms:
            return 0.0
        have = set(content_stems(text))
        skeletons: set[str] | None = None
        found = 0
        for term in self.terms:
            if term.period:
                found += any(
                    d.earliest and d.latest and d.earliest <= term.period[1] and term.period[0] <= d.latest
                    for d in dates
                )
            elif term.stems & have:
                found += 1
            elif term.skeleton:
                if skeletons is None:
                    skeletons = {sk for word in tokens(text) for sk in arabic_skeletons(word)}
                found += any(skeletons_match(term.skeleton, sk) for sk in skeletons)
        return found / len(self.terms)


StoredVectors = Callable[[Sequence[str]], dict[str, list[float]]]


class EvidenceFinder:
    """Scores the sentences of retrieved passages against a question."""

    def __init__(self, embeddings: Embeddings, stored_vectors: StoredVectors | None = None) -> None:
        self._embeddings = embeddings
        self._stored_vectors = stored_vectors

    def gather(self, question: str, hits: Sequence[Hit]) -> list[Sentence]:
        """Every distinct sentence of `hits`, scored against `question`, best first."""
        seen: dict[tuple[str, int], tuple[Passage, Span, str, int]] = {}
        previous: dict[tuple[str, int], str] = {}  # the sentence before, which often names the subject
        for rank, hit in enumerate(hits, start=1):
            before = ""
            for span, text in hit.passage.sentence_texts():
                key = (hit.passage.article_id, span.start)
                seen.setdefault(key, (hit.passage, span, text, rank))
                if before:
                    previous.setdefault(key, before)
                before = text
        if not seen:
            return []
        items = list(seen.values())
        query = np.asarray(self._embeddings.embed_query(question), dtype=np.float32)
        vectors = np.asarray(self._vectors(items), dtype=np.float32)
        dense = vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query) + 1e-9)
        terms = QuestionTerms.of(question)
        sentences = [
            _sentence(passage, span, text, float(sim), terms, rank, previous.get((passage.article_id, span.start), ""))
            for (passage, span, text, rank), sim in zip(items, dense, strict=True)
        ]
        return sorted(sentences, key=lambda s: -s.score)

    def _vectors(self, items: list[tuple[Passage, Span, str, int]]) -> list[list[float]]:
        """Vectors stored at ingest; any sentence without one (an older index) is embedded now."""
        ids = [sentence_id(p.article_hash, span) for p, span, _, _ in items]
        stored = self._stored_vectors(ids) if self._stored_vectors else {}
        missing = [i for i, sid in enumerate(ids) if sid not in stored]
        if missing:
            fresh = self._embeddings.embed_documents([items[i][2] for i in missing])
            stored.update({ids[i]: vector for i, vector in zip(missing, fresh, strict=True)})
        return [stored[sid] for sid in ids]


def _sentence(
    passage: Passage, span: Span, text: str, dense: float, terms: QuestionTerms, rank: int, previous: str
) -> Sentence:
    dates = tuple(find_dates(text, passage.published))
    folded = fold(text)
    own = terms.coverage(text, dates)
    coverage = own
    if previous:  # "the visit" in this sentence may be "the Syrian delegation's visit to Moscow" of the last one
        coverage = max(own, CONTEXT_WEIGHT * terms.coverage(previous + " " + text, dates))
    return Sentence(
        passage=passage,
        span=span,
        text=text,
        dense=dense,
        coverage=coverage,
        own_coverage=own,
        passage_rank=rank,
        dates=dates,
        numbers=tuple(find_numbers(text, dates)),
        has_money=bool(_MONEY.search(folded)),
        has_reason=bool(_REASON.search(folded)),
    )


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a sentence and the words around it (what it counts)."""

    value: str  # digits as written, or the digit for a number word or a dual noun
    context: frozenset[str]  # stems of the two words either side and of the word itself


def find_numbers(text: str, dates: Sequence[DateMention] = ()) -> list[Quantity]:
    """Quantities in a sentence (digits, number words, `2` for a dual noun), outside its dates."""
    digits = normalize_digits(text)  # same offsets as `text`, so date spans line up
    words = [(m.start(), m.group()) for m in _QUANTITY_TOKEN.finditer(digits)]
    found = []
    for i, (position, word) in enumerate(words):
        if any(d.start <= position < d.end for d in dates):
            continue
        value = _quantity(word)
        if value:
            context = frozenset(stem for _, near in words[max(0, i - 2) : i + 3] for stem in content_stems(near))
            found.append(Quantity(value, context))
    return found


def _quantity(word: str) -> str | None:
    if word[0].isdigit():
        return word
    folded = fold(word)
    bare = folded[1:] if folded[:1] in ("و", "ب", "ل") and len(folded) > 3 else folded
    for form in (folded, bare):
        if form in _NUMBER_WORDS:
            return _NUMBER_WORDS[form]
    if len(bare) >= _MIN_DUAL_LETTERS and bare.endswith(("تين", "تان")):
        return "2"  # an Arabic dual noun (قاعدتين) counts two
    return None
