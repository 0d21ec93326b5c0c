"""Sentence-level evidence: every sentence of the retrieved passages, scored against the question.

A sentence's score mixes three signals: dense similarity to the question (the multilingual model,
which also bridges English questions to Arabic text), the share of the question's content words it
contains (Arabic-folded and stemmed), and the rank of the passage it came from. Sentences also carry
the dates and numbers they mention, so that "when" and "how many" questions can be checked for an
answer of the right type.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.arabic import content_stems, fold, normalize_digits, tokens
from retrieval.dates import DateMention, find_dates
from retrieval.records import Citation, Hit, Passage, Span
from retrieval.transliteration import MIN_SKELETON, arabic_skeletons, latin_skeleton, skeletons_match

# Weights of the sentence score; dense similarity of e5 lies in a narrow band (about 0.7-0.9).
DENSE_WEIGHT = 1.0
COVERAGE_WEIGHT = 0.12
PASSAGE_WEIGHT = 0.04

_NUMBER = re.compile(r"(?<![\d/-])\d+(?:[.,]\d+)?(?![\d/-])")
_NUMBER_WORDS = re.compile(
    r"(?:^|\s)(?:و|ب)?(?:اثنان|اثنين|ثلاث|ثلاثه|اربع|اربعه|خمس|خمسه|ست|سته|سبع|سبعه|ثماني|ثمانيه|تسع|تسعه|عشر|عشره"
    r"|عشرات|مئات|الاف|مليون|مليار|one|two|three|four|five|six|seven|eight|nine|ten|dozens|hundreds|thousands)(?=\s|$)"
)
# An Arabic dual noun (قاعدتين, قاعدتان) counts two; only used when a sentence has no other number.
_DUAL = re.compile(r"(?:^|\s)[^\s\d]{3,}(?:تين|تان)(?=\s|$)")
_MONEY = re.compile(r"دولار|يورو|روبل|ليره|جنيه|ريال|درهم|\$|€|£|dollar|euro|rouble|ruble|pound|usd|eur")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One candidate sentence with the signals used to judge it."""

    passage: Passage
    span: Span
    text: str
    dense: float
    coverage: float
    passage_rank: int
    dates: tuple[DateMention, ...]
    numbers: tuple[str, ...]
    has_money: bool

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
class QuestionTerms:
    """The question's content words: stems to match as they are, and Latin words to match as names."""

    stems: tuple[str, ...]
    names: dict[str, str]  # stem of a Latin word -> its consonant skeleton

    @classmethod
    def of(cls, question: str) -> QuestionTerms:
        names = {}
        for word in re.findall(r"[A-Za-z][A-Za-z'-]*", question):
            stems = content_stems(word)
            skeleton = latin_skeleton(word)
            if stems and len(skeleton) >= MIN_SKELETON:
                names[stems[0]] = skeleton
        return cls(tuple(dict.fromkeys(content_stems(question))), names)

    def coverage(self, text: str) -> float:
        """Share of the question's content words that `text` contains, or names in another script."""
        if not self.stems:
            return 0.0
        have = set(content_stems(text))
        skeletons = {sk for word in tokens(text) for sk in arabic_skeletons(word)} if self.names else set()
        found = sum(
            1
            for stem in self.stems
            if stem in have or (stem in self.names and any(skeletons_match(self.names[stem], sk) for sk in skeletons))
        )
        return found / len(self.stems)


class EvidenceFinder:
    """Scores the sentences of retrieved passages against a question; keeps sentence vectors cached."""

    def __init__(self, embeddings: Embeddings, *, cache_size: int = 4096) -> None:
        self._embeddings = embeddings
        self._cache: dict[str, list[float]] = {}
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def gather(self, question: str, hits: Sequence[Hit]) -> list[Sentence]:
        """Every distinct sentence of `hits`, scored against `question`, best first."""
        seen: dict[tuple[str, int], tuple[Passage, Span, str, int]] = {}
        for rank, hit in enumerate(hits, start=1):
            for span, text in hit.passage.sentence_texts():
                seen.setdefault((hit.passage.article_id, span.start), (hit.passage, span, text, rank))
        if not seen:
            return []
        items = list(seen.values())
        query = np.asarray(self._embeddings.embed_query(question), dtype=np.float32)
        vectors = np.asarray(self._vectors([text for _, _, text, _ in items]), dtype=np.float32)
        dense = vectors @ query / (np.linalg.norm(vectors, axis=1) * np.linalg.norm(query) + 1e-9)
        terms = QuestionTerms.of(question)
        sentences = [
            _sentence(passage, span, text, float(sim), terms.coverage(text), rank)
            for (passage, span, text, rank), sim in zip(items, dense, strict=True)
        ]
        return sorted(sentences, key=lambda s: -s.score)

    def _vectors(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            fresh = self._embeddings.embed_documents(missing)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    if len(self._cache) >= self._cache_size:
                        self._cache.pop(next(iter(self._cache)))
                    self._cache[text] = vector
                return [self._cache.get(t) or fresh[missing.index(t)] for t in texts]
        with self._lock:
            return [self._cache[t] for t in texts]


def _sentence(passage: Passage, span: Span, text: str, dense: float, coverage: float, rank: int) -> Sentence:
    dates = tuple(find_dates(text, passage.published))
    return Sentence(
        passage=passage,
        span=span,
        text=text,
        dense=dense,
        coverage=coverage,
        passage_rank=rank,
        dates=dates,
        numbers=tuple(find_numbers(text, dates)),
        has_money=bool(_MONEY.search(fold(text))),
    )


def find_numbers(text: str, dates: Sequence[DateMention] = ()) -> list[str]:
    """Quantities in a sentence (digits, number words, or `2` for a dual noun), outside its dates."""
    digits = normalize_digits(text)  # same offsets as `text`, so date spans line up
    inside_dates = [(d.start, d.end) for d in dates]
    found = [
        m.group() for m in _NUMBER.finditer(digits) if not any(start <= m.start() < end for start, end in inside_dates)
    ]
    folded = fold(text)
    found += [m.group().strip() for m in _NUMBER_WORDS.finditer(folded)]
    if not found and _DUAL.search(folded):
        found.append("2")
    return found
