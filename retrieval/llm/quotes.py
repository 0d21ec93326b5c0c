"""Which sentence of a cited passage backs the answer text that cites it."""

from __future__ import annotations

from retrieval.llm.facts import date_ranges, number_values
from retrieval.records import Passage, Span
from retrieval.text.arabic import content_stems
from retrieval.text.query import QueryTerms


def best_sentence(passage: Passage, claim: str) -> tuple[Span, str]:
    """The passage sentence sharing most with `claim`, ties going to the earliest.

    Shared means: content words after Arabic folding and light stemming, numbers, dates, plus the share
    of the claim that `QueryTerms` finds across scripts (an English answer naming "Moscow" or
    "al-Sharaa" against Arabic text).
    """
    sentences = passage.sentence_texts()
    if not sentences:
        return Span(passage.start, passage.end), passage.text
    stems = set(content_stems(claim))
    terms = QueryTerms.of(claim)
    numbers = set(number_values(claim))
    dates = date_ranges(claim, passage.published)

    def score(text: str) -> float:
        shared_words = len(stems.intersection(content_stems(text)))
        shared_numbers = len(numbers.intersection(number_values(text)))
        shared_dates = sum(
            1 for a, b in date_ranges(text, passage.published) if any(x <= a and b <= y for x, y in dates)
        )
        return shared_words + shared_numbers + shared_dates + terms.coverage(text)

    best = max(range(len(sentences)), key=lambda i: (score(sentences[i][1]), -i))
    return sentences[best]
