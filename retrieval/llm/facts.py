"""Numbers and dates: those an answer sentence states, and whether a cited passage states them too.

A number matches by value after normalisation (Arabic-Indic digits, thousands separators, the Arabic
decimal point, common number words of both languages). A date matches when the range the answer
names contains a range the passage names, both resolved against the passage's publication date: in
an article of 16 November 2025, "15 أكتوبر الماضي" is matched by "15 October 2025" and by "October
2025", not by "16 October". Relative dates of an undated passage stay unresolved: the answer may
repeat them ("on Wednesday") but not turn them into a calendar date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from retrieval.records import Passage
from retrieval.text.dates import DateMention, find_dates
from retrieval.text.numbers import find_quantities

DateRange = tuple[dt.date, dt.date]
Spans = Sequence[tuple[int, int]]

# Undated relative mentions are compared by resolving both sides against the same arbitrary day:
# the same weekday or month gives the same range, a different one does not.
_ANCHOR = dt.date(2001, 7, 15)

_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


@dataclass(frozen=True, slots=True)
class PassageFacts:
    """What one passage states: number values, resolved date ranges, and undated relative dates."""

    dated: bool
    numbers: frozenset[float]
    dates: tuple[DateRange, ...]
    vague_dates: tuple[DateRange, ...]  # relative dates of an undated passage, resolved against _ANCHOR

    @classmethod
    def of(cls, passage: Passage) -> PassageFacts:
        text = f"{passage.title}\n{passage.text}"
        numbers = set(number_values(text, with_duals=True))
        published = passage.published
        if published is None:
            mentions = find_dates(text, _ANCHOR)
            absolute = _ranges(m for m in mentions if not m.relative)
            return cls(False, frozenset(numbers), absolute, _ranges(m for m in mentions if m.relative))
        numbers.update((published.year, published.day))  # "the article of 16 November" names its date
        dates = (*_ranges(find_dates(text, published)), (published, published))
        return cls(True, frozenset(numbers), dates, ())

    def states(self, mention: DateMention | None, *, vague: bool = False) -> bool:
        """Whether the range `mention` names contains a range this passage names."""
        if mention is None or mention.earliest is None or mention.latest is None:
            return False
        first, last = mention.earliest, mention.latest
        return any(first <= a and b <= last for a, b in (self.vague_dates if vague else self.dates))


def _ranges(mentions: Iterable[DateMention]) -> tuple[DateRange, ...]:
    return tuple((m.earliest, m.latest) for m in mentions if m.earliest is not None and m.latest is not None)


def date_ranges(text: str, published: dt.date | None) -> list[DateRange]:
    """The resolved date ranges that `text` names, read against `published`."""
    return list(_ranges(find_dates(text, published)))


def number_values(text: str, skip: Spans = (), *, with_duals: bool = False) -> list[float]:
    """Numbers in `text` (digits of any script, number words) as values, outside the `skip` spans."""
    return [q.value for q in find_quantities(text, skip, duals=with_duals)]


def strip_list_mark(sentence: str) -> str:
    """The sentence without a leading bullet or list number (`1. `), which states nothing."""
    return _LIST_MARK.sub("", sentence, count=1)


def unsupported(sentence: str, cited: Sequence[tuple[Passage, PassageFacts]]) -> list[str]:
    """The numbers and dates of `sentence` that none of the `cited` passages states, for a message."""
    sentence = strip_list_mark(sentence)
    mentions = find_dates(sentence, None)
    readings = [(facts, _by_span(find_dates(sentence, p.published)) if p.published else {}) for p, facts in cited]
    anchored = _by_span(find_dates(sentence, _ANCHOR)) if any(not f.dated for _, f in cited) else {}
    missing = [f"the date “{m.text}”" for m in mentions if not _date_stated(m, readings, anchored)]
    spans = [(m.start, m.end) for m in mentions] + [span for _, by_span in readings for span in by_span]
    stated = frozenset().union(*(facts.numbers for _, facts in cited))
    missing += [f"the number {_show(v)}" for v in dict.fromkeys(number_values(sentence, spans)) if v not in stated]
    return missing


def _by_span(mentions: Sequence[DateMention]) -> dict[tuple[int, int], DateMention]:
    return {(m.start, m.end): m for m in mentions}


def _date_stated(
    mention: DateMention,
    readings: Sequence[tuple[PassageFacts, dict[tuple[int, int], DateMention]]],
    anchored: dict[tuple[int, int], DateMention],
) -> bool:
    span = (mention.start, mention.end)
    for facts, by_span in readings:
        if facts.dated:
            if facts.states(by_span.get(span, mention)):
                return True
        elif mention.relative:
            if facts.states(anchored.get(span), vague=True):
                return True
        elif facts.states(mention):
            return True
    return False


def _show(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)
