"""The answer types, and a typed mention: a span of a sentence that can answer a question of that type."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from retrieval.text.dates import DateMention


class AnswerType(Enum):
    """The kind of answer a question asks for, and the kind of a mention in a sentence."""

    DATE = "date"
    DURATION = "duration"
    COUNT = "count"
    MONEY = "money"
    PERSON = "person"
    PLACE = "place"
    ORGANISATION = "organisation"
    REASON = "reason"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class TypedMention:
    """A span of a sentence holding an answer of one type, with its value normalised where there is one.

    `value`: the `DateMention` of a date; the number of a count or an amount of money; the length of a
    duration in days. `unit`: a duration's unit as written (minute, hour, day, week, month, year, decade) or a
    currency's code (SAR, USD ...). `counted`: for a count, the word(s) next to the number saying what it
    counts ("شخصية" in "190 شخصية"; the dual noun itself for a dual)."""

    type: AnswerType
    start: int  # offsets into the sentence
    end: int
    text: str  # sentence[start:end]
    value: DateMention | float | None = None
    unit: str | None = None
    counted: str | None = None
