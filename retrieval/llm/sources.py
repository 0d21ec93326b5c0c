"""What the model reads: the best evidence sentences, numbered, each with the sentence before it for context,
grouped under their article's title, outlet and publication date, relative dates resolved beside them.

The extractive step has already ranked every sentence of the retrieved passages (best first); the model gets
the top few, not whole passages, so that a prompt stays near 500 tokens and the model's attention stays on
the sentences that matter. A sentence's number is what the model cites: `[3]` means that sentence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from retrieval.records import Passage, Span
from retrieval.text.dates import DateMention, find_dates, format_date, format_day

# Article text must not be able to forge a citation marker or close the block it sits in.
_TEXT_NEUTRAL = str.maketrans({"[": "(", "]": ")", "<": "‹", ">": "›", "\n": " ", "\r": " "})
# Characters of Arabic sentence text the prompt may hold (about 2.5 characters a token for this model family):
# past it, context sentences are dropped first (the worst-ranked first), then the worst-ranked sentences.
TEXT_BUDGET = 700


class EvidenceSentence(Protocol):
    """What the LLM path reads of one ranked evidence sentence (`retrieval.answer.evidence.Sentence`)."""

    @property
    def passage(self) -> Passage: ...
    @property
    def span(self) -> Span: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Source:
    """One numbered sentence the model may cite, with the sentence before it when that is shown."""

    n: int
    passage: Passage
    span: Span
    text: str
    context: tuple[Span, str] | None = None  # the previous sentence of the same passage

    @property
    def published(self) -> dt.date | None:
        return self.passage.published

    @property
    def dates(self) -> list[DateMention]:
        """The dates the sentence names, resolved against its article's publication date."""
        return find_dates(self.text, self.published)

    @property
    def context_dates(self) -> list[DateMention]:
        return find_dates(self.context[1], self.published) if self.context else []

    def quote_span(self, with_context: bool) -> Span:
        """The sentence's span, or the span from its context sentence to its end (one run of article text)."""
        if with_context and self.context:
            return Span(self.context[0].start, self.span.end)
        return self.span


def select_sources(sentences: Sequence[EvidenceSentence], limit: int, *, budget: int = TEXT_BUDGET) -> list[Source]:
    """The first `limit` distinct sentences, within `budget` characters, numbered in the order they are shown:
    articles in order of their best sentence, sentences in article order within each."""
    chosen: list[EvidenceSentence] = []
    seen: set[tuple[str, int]] = set()
    used = 0
    for s in sentences:
        key = (s.passage.article_id, s.span.start)
        if key in seen or not s.text.strip():
            continue
        if chosen and used + len(s.text) > budget:
            continue  # a shorter one further down may still fit
        chosen.append(s)
        seen.add(key)
        used += len(s.text)
        if len(chosen) >= limit:
            break
    articles = list(dict.fromkeys(s.passage.article_id for s in chosen))
    ordered = sorted(chosen, key=lambda s: (articles.index(s.passage.article_id), s.span.start))
    starts = {(s.passage.article_id, s.span.start) for s in ordered}
    # Context sentences, best-ranked sentence first, while the budget lasts; none repeats a shown sentence.
    contexts: dict[tuple[str, int], tuple[Span, str]] = {}
    for s in chosen:
        before = _previous(s)
        if before is None or (s.passage.article_id, before[0].start) in starts:
            continue
        if used + len(before[1]) > budget:
            continue
        contexts[(s.passage.article_id, s.span.start)] = before
        starts.add((s.passage.article_id, before[0].start))
        used += len(before[1])
    return [
        Source(n, s.passage, s.span, s.text, contexts.get((s.passage.article_id, s.span.start)))
        for n, s in enumerate(ordered, start=1)
    ]


def format_sources(sources: Sequence[Source], language: str) -> str:
    """The sources as the prompt shows them: a header line per article, then its numbered sentences."""
    lines: list[str] = []
    current: str | None = None
    for source in sources:
        p = source.passage
        if p.article_id != current:
            current = p.article_id
            if lines:
                lines.append("")
            header = [_neutral(p.title) or "untitled", *([_neutral(p.outlet)] if p.outlet else [])]
            lines.append(f"Article: {' | '.join(header)} | published {format_day(p.published, 'en')}")
        if source.context:
            lines.append(f"(before: {_neutral(source.context[1])})")
        lines.append(f"[{source.n}] {_neutral(source.text)}{_resolved(source, language)}")
    return "\n".join(lines)


def _resolved(source: Source, language: str) -> str:
    """` (اليوم الأحد = 16 November 2025)` for each date the sentence states relative to its publication."""
    said = [
        f"{m.text} = {format_date(m, 'ar' if language == 'ar' else 'en')}"
        for m in source.dates
        if m.relative and m.resolved
    ]
    return f" ({'; '.join(said)})" if said else ""


def _previous(sentence: EvidenceSentence) -> tuple[Span, str] | None:
    before: tuple[Span, str] | None = None
    for span, text in sentence.passage.sentence_texts():
        if span.start == sentence.span.start:
            return before if before and before[1].strip() else None
        before = (span, text)
    return None


def _neutral(text: str | None) -> str:
    return " ".join((text or "").translate(_TEXT_NEUTRAL).split())
