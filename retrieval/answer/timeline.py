"""Timelines: the dated sentences about a topic, across articles, oldest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from retrieval.answer.evidence import Sentence
from retrieval.records import TimelineEvent
from retrieval.text.dates import format_date

RELEVANCE_MARGIN = 0.08  # sentences this far below the best one still belong to the topic
MAX_EVENTS = 20


def build_timeline(sentences: Sequence[Sentence], language: str) -> list[TimelineEvent]:
    """One event per date mentioned in a relevant sentence; undated-article mentions come last."""
    if not sentences:
        return []
    floor = sentences[0].score - RELEVANCE_MARGIN
    dated = [(s, d) for s in sentences if s.score >= floor for d in s.dates]
    dated.sort(key=lambda sd: (sd[1].earliest is None, sd[1].earliest or dt.date.min, sd[0].span.start))
    return [
        TimelineEvent(date_text=format_date(d, language), earliest=d.earliest, citation=s.citation(n))
        for n, (s, d) in enumerate(dated[:MAX_EVENTS], start=1)
    ]
