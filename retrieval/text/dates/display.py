"""Dates as a reader sees them, in English or Arabic, at the precision that is known."""

from __future__ import annotations

from datetime import date

from retrieval.text.dates.hijri import hijri_month_name, to_hijri
from retrieval.text.dates.mentions import DateMention, DateParts
from retrieval.text.dates.names import AR_WEEKDAYS as _AR_WEEKDAY_OF
from retrieval.text.dates.names import EN_WEEKDAYS, Lang, month_name, weekday_name

UNDATED = {"en": "undated", "ar": "بلا تاريخ"}
_NO_YEAR = {"en": "(year not given)", "ar": "(السنة غير مذكورة)"}
_UNDATED_ARTICLE = {"en": "(the article is undated)", "ar": "(المقال غير مؤرخ)"}
_EN_DAY_RELATIONS = {
    -2: "the day before yesterday", -1: "yesterday", 0: "today", 1: "tomorrow", 2: "the day after tomorrow",
}  # fmt: skip
_EN_STEPS = {-1: "last", 0: "this", 1: "next"}
_HIJRI_ERA = {"en": "AH", "ar": "هـ"}


def format_day(day: date | None, lang: Lang, *, weekday: bool = True) -> str:
    """A publication date: `Sunday 16 November 2025` / `الأحد 16 نوفمبر 2025`, or `undated`."""
    if day is None:
        return UNDATED[lang]
    text = f"{day.day} {month_name(day.month, lang)} {day.year}"
    return f"{weekday_name(day, lang)} {text}" if weekday else text


def format_date(mention: DateMention, lang: Lang) -> str:
    """`15 October 2025`, `October 2025`, `2025`, `28 September – 4 October 2025`; Arabic alike. A date the
    article does not fix (an undated article's "Wednesday") is said at the precision its words give. A Hijri
    date is said in Gregorian with the Hijri after it: `26 June 2015 (9 Ramadan 1436 AH)`."""
    first, last = mention.earliest, mention.latest
    if first is None or last is None:
        return _unresolved(mention, lang)
    if mention.parts.calendar == "hijri":
        return f"{_format_range(first, last, lang, with_day=True)} ({_hijri(mention.parts, first, lang)})"
    if mention.granularity == "year":
        return str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
    if mention.granularity == "month":
        return _format_range(first, last, lang, with_day=False)
    return _format_range(first, last, lang, with_day=True)


def _format_range(first: date, last: date, lang: Lang, *, with_day: bool) -> str:
    def part(d: date, *, year: bool) -> str:
        text = f"{d.day} {month_name(d.month, lang)}" if with_day else month_name(d.month, lang)
        return f"{text} {d.year}" if year else text

    same_month = (first.year, first.month) == (last.year, last.month)
    if (with_day and first == last) or (not with_day and same_month):
        return part(first, year=True)
    if with_day and same_month:
        return f"{first.day}–{last.day} {month_name(first.month, lang)} {first.year}"
    if first.year == last.year:
        return f"{part(first, year=False)} – {part(last, year=True)}"
    return f"{part(first, year=True)} – {part(last, year=True)}"


def _hijri(parts: DateParts, first: date, lang: Lang) -> str:
    """The Hijri date its words name, with the year the publication date gave it: `9 Ramadan 1436 AH`."""
    converted = to_hijri(first)
    year = parts.year or (converted[0] if converted else None)
    said = f"{year} {_HIJRI_ERA[lang]}" if year else ""
    if parts.month:
        said = f"{hijri_month_name(parts.month, lang)} {said}".strip()
        if parts.day:
            said = f"{parts.day} {said}"
    return said


def _unresolved(mention: DateMention, lang: Lang) -> str:
    """`15 October (year not given)`, `a Wednesday (the article is undated)`, `yesterday (...)`."""
    parts = mention.parts
    if parts.calendar == "hijri" and parts.month and parts.year is None:
        day = f"{parts.day} " if parts.day else ""
        return f"{day}{hijri_month_name(parts.month, lang)} {_NO_YEAR[lang]}"
    if parts.month and parts.year is None:
        day = f"{parts.day} " if parts.day else ""
        return f"{day}{month_name(parts.month, lang)} {_NO_YEAR[lang]}"
    if parts.weekday is not None:
        named = f"a {EN_WEEKDAYS[parts.weekday]}" if lang == "en" else f"يوم {_AR_WEEKDAY_OF[parts.weekday]}"
        return f"{named} {_UNDATED_ARTICLE[lang]}"
    if lang == "en" and parts.relation:
        unit, step = parts.relation
        said = _EN_DAY_RELATIONS.get(step) if unit == "day" else f"{_EN_STEPS.get(step, '')} {unit}".strip()
        if said:
            return f"{said} {_UNDATED_ARTICLE[lang]}"
    said = f"“{mention.text}”" if lang == "en" else mention.text
    return f"{said} {_UNDATED_ARTICLE[lang]}"
