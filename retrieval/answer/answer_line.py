"""The direct answer that opens every answer, in the asker's language: the date(s), the number with what it
counts, the amount, the length of time, the name(s), the place; for other questions, the best sentence.

English lines say in English what the project can say without guessing: dates, numbers, scale words,
currencies and time units, and places the gazetteer knows; names of people and organisations, and what a
number counts, stay as the article writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.text.answer_types import AnswerType, TypedMention
from retrieval.text.answer_types.places import find_places
from retrieval.text.answer_types.vocabulary import TIME_UNITS
from retrieval.text.answer_types.words import words_of
from retrieval.text.arabic import fold
from retrieval.text.dates import DateMention, event_dates, format_date

LABELS = {
    AnswerType.DATE: {"en": "When", "ar": "التاريخ"},
    AnswerType.DURATION: {"en": "How long", "ar": "المدة"},
    AnswerType.COUNT: {"en": "Number", "ar": "العدد"},
    AnswerType.MONEY: {"en": "Amount", "ar": "المبلغ"},
    AnswerType.PERSON: {"en": "Who", "ar": "من"},
    AnswerType.PLACE: {"en": "Where", "ar": "المكان"},
    AnswerType.ORGANISATION: {"en": "Which body", "ar": "الجهة"},
}
SEPARATOR = {"en": "; ", "ar": "؛ "}
_CURRENCY_NAMES = {
    "SAR": "riyals", "riyal": "riyals", "USD": "dollars", "dollar": "dollars", "EUR": "euros", "euro": "euros",
    "GBP": "pounds", "pound": "pounds", "AED": "dirhams", "dirham": "dirhams", "dinar": "dinars",
    "lira": "lira", "RUB": "roubles", "rouble": "roubles",
}  # fmt: skip
_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_DAYS_PER_UNIT = {unit: days for unit, days in TIME_UNITS.values()}


@dataclass(frozen=True, slots=True)
class Found:
    """One answer value and the citation number of the article that says it."""

    mention: TypedMention
    n: int


def answer_line(kind: AnswerType, found: Sequence[Found], language: str) -> str | None:
    """`When: 15 October 2025 [1]; January 2026 [2].` and the like; None when there is nothing typed to say."""
    if kind not in LABELS or not found:
        return None
    values: dict[str, list[int]] = {}
    ordered = sorted(found, key=_chronological) if kind is AnswerType.DATE else list(found)
    for item in ordered:
        refs = values.setdefault(say(item.mention, language), [])
        if item.n not in refs:
            refs.append(item.n)
    parts = [f"{value} " + "".join(f"[{n}]" for n in refs) for value, refs in values.items()]
    return f"{LABELS[kind][language]}: {SEPARATOR[language].join(parts)}."


def say(mention: TypedMention, language: str) -> str:
    """One mention as the answer line says it."""
    if isinstance(mention.value, DateMention):
        return format_date(mention.value, "ar" if language == "ar" else "en")
    if language == "ar":
        return mention.text
    if mention.type is AnswerType.MONEY and isinstance(mention.value, float):
        currency = _CURRENCY_NAMES.get(mention.unit or "", mention.unit or "")
        return f"{_amount(mention.value)} {currency}".strip()
    if mention.type is AnswerType.DURATION and isinstance(mention.value, float) and mention.unit in _DAYS_PER_UNIT:
        count = mention.value / _DAYS_PER_UNIT[mention.unit]
        return f"{_amount(count)} {mention.unit}{'' if count == 1 else 's'}"
    if mention.type is AnswerType.COUNT and isinstance(mention.value, float):
        if mention.unit == "percent":
            return f"{_amount(mention.value)}%"
        counted = f" ({mention.counted})" if mention.counted and not mention.counted.isascii() else ""
        return f"{_amount(mention.value)}{counted}"
    if mention.type is AnswerType.PLACE:
        known = [place.name for _, _, place in find_places(words_of(mention.text))]
        if known:
            return f"{' '.join(dict.fromkeys(known))} ({mention.text})" if not mention.text.isascii() else mention.text
    return mention.text


def _amount(value: float) -> str:
    """`190`, `2.5`, `2.5 billion`, `1,500`."""
    for size, word in _SCALES:
        if value >= size:
            return f"{value / size:g} {word}"
    return f"{value:,.0f}" if value.is_integer() or value >= 100 else f"{value:g}"


def _chronological(item: Found) -> tuple[bool, dt.date]:
    """Dated mentions oldest first; those that could not be placed in time last."""
    value = item.mention.value
    earliest = value.earliest if isinstance(value, DateMention) else None
    return (earliest is None, earliest or dt.date.max)


def event_mentions(mentions: Sequence[TypedMention]) -> list[TypedMention]:
    """The mentions of one sentence worth saying: for dates, those that date what it reports (`event_dates`)."""
    dates = [m.value for m in mentions if isinstance(m.value, DateMention)]
    kept = {id(d) for d in event_dates(dates)}
    return [m for m in mentions if not isinstance(m.value, DateMention) or id(m.value) in kept]


def same_text(a: str, b: str) -> bool:
    return " ".join(fold(a).split()) == " ".join(fold(b).split())
