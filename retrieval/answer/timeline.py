"""Timelines: the dated sentences about a topic, across articles, oldest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from retrieval.answer.evidence import Sentence
from retrieval.answer.model import AnswererParameters
from retrieval.answer.ranking import first_stage
from retrieval.records import TimelineEvent
from retrieval.text.dates import event_dates, format_date
from retrieval.text.query import Query

MAX_EVENTS = 20


def build_timeline(query: Query, sentences: Sequence[Sentence], params: AnswererParameters) -> list[TimelineEvent]:
    """One event per date a sentence about the topic gives for what it reports, oldest first; dates an undated
    article does not fix come last. About the topic: as likely to hold what the topic asks as the sentences an
    answer would quote (the answerer's stage-1 model and quote share). A bare year beside a more precise date in
    the same sentence is background (an anniversary, "the 2015 intervention"), not the event's date. Each
    article has one citation number."""
    ranked = first_stage(query, sentences, params.sentence)
    if not ranked:
        return []
    floor = params.quote_share * ranked[0].first_stage
    dated = [(c.sentence, d) for c in ranked if c.first_stage >= floor for d in event_dates(c.sentence.dates)]
    dated.sort(key=lambda sd: (sd[1].earliest is None, sd[1].earliest or dt.date.min, sd[0].span.start))
    numbers: dict[str, int] = {}
    events = []
    for s, d in dated[:MAX_EVENTS]:
        n = numbers.setdefault(s.passage.article_id, len(numbers) + 1)
        date_text = format_date(d, "ar" if query.answer_language == "ar" else "en")
        events.append(TimelineEvent(date_text=date_text, earliest=d.earliest, citation=s.citation(n)))
    return events
