"""Timelines: the dated sentences about a topic, across articles, oldest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from retrieval.answer.evidence import Sentence
from retrieval.records import TimelineEvent
from retrieval.text.dates import event_dates, format_date

RELEVANCE_MARGIN = 0.08  # sentences this far below the best one still belong to the topic
MAX_EVENTS = 20


def build_timeline(sentences: Sequence[Sentence], language: str) -> list[TimelineEvent]:
    """One event per date a relevant sentence gives for what it reports, oldest first; dates an undated article
    does not fix come last. A bare year beside a more precise date in the same sentence is background (an
    anniversary, "the 2015 intervention"), not the event's date. Each article has one citation number."""
    if not sentences:
        return []
    floor = sentences[0].score - RELEVANCE_MARGIN
    dated = [(s, d) for s in sentences if s.score >= floor for d in event_dates(s.dates)]
    dated.sort(key=lambda sd: (sd[1].earliest is None, sd[1].earliest or dt.date.min, sd[0].span.start))
    numbers: dict[str, int] = {}
    events = []
    for s, d in dated[:MAX_EVENTS]:
        n = numbers.setdefault(s.passage.article_id, len(numbers) + 1)
        events.append(TimelineEvent(date_text=format_date(d, language), earliest=d.earliest, citation=s.citation(n)))
    return events
