"""Hijri (Umm al-Qura) dates: month names, conversion to Gregorian days and spans, and year-less Hijri dates
placed relative to a publication date.

Conversion is done by `hijridate`, which implements the Umm al-Qura calendar used in Saudi Arabia for Hijri
years 1343-1500 (1924-2077); a date outside that range, or a day a month does not have (30 in a month of
29 days), converts to nothing.
"""

from __future__ import annotations

from datetime import date

from hijridate import Gregorian, Hijri

from retrieval.text.dates.names import Lang

Span = tuple[date, date]

# Folded spellings (see `retrieval.text.arabic.fold`) of the twelve months, with the common variants.
HIJRI_MONTH_NUMBERS = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الثاني": 4, "ربيع الاخر": 4, "جمادي الاولي": 5,
    "جمادي الاول": 5, "جمادي الاخره": 6, "جمادي الثانيه": 6, "جمادي الاخر": 6, "جمادي الثاني": 6, "رجب": 7,
    "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعده": 11, "ذي القعده": 11, "ذا القعده": 11, "ذو الحجه": 12,
    "ذي الحجه": 12, "ذا الحجه": 12,
}  # fmt: skip
# Month names that are also everyday words or given names (صفر "zero", محرم "forbidden", رجب, شعبان): alone,
# without a day or a year, they are read as a month only after the word شهر.
AMBIGUOUS_HIJRI_MONTHS = frozenset({"محرم", "صفر", "رجب", "شعبان"})
_EN_NAMES = (
    "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula", "Jumada al-Akhirah", "Rajab",
    "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah",
)  # fmt: skip
_AR_NAMES = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة", "رجب", "شعبان", "رمضان", "شوال",
    "ذو القعدة", "ذو الحجة",
)  # fmt: skip
_LOOK_BACK_YEARS = 3  # a day 30 missing in one year is found within three


def _plain(day: date) -> date:
    """A `datetime.date` (hijridate returns its own subclass)."""
    return date(day.year, day.month, day.day)


def hijri_month_name(month: int, lang: Lang) -> str:
    """The Hijri month's name (1 = Muharram) in English or Arabic."""
    return (_AR_NAMES if lang == "ar" else _EN_NAMES)[month - 1]


def hijri_day(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of a Hijri date, or None when there is no such day (or it is out of range)."""
    try:
        return _plain(Hijri(year, month, day).to_gregorian())
    except (ValueError, OverflowError):
        return None


def hijri_month_span(year: int, month: int) -> Span | None:
    """The Gregorian days from the first to the last day of a Hijri month."""
    try:
        first = Hijri(year, month, 1)
        return _plain(first.to_gregorian()), _plain(Hijri(year, month, first.month_length()).to_gregorian())
    except (ValueError, OverflowError):
        return None


def hijri_year_span(year: int) -> Span | None:
    """The Gregorian days from 1 Muharram to the last day of Dhu al-Hijjah of a Hijri year."""
    first, last = hijri_month_span(year, 1), hijri_month_span(year, 12)
    return None if first is None or last is None else (first[0], last[1])


def to_hijri(day: date) -> tuple[int, int, int] | None:
    """(year, month, day) in the Hijri calendar, or None out of range."""
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().datetuple()
    except (ValueError, OverflowError):
        return None


def hijri_day_on_or_before(month: int, day: int, published: date) -> date | None:
    """The most recent Hijri `day` of `month` on or before `published` (as a Gregorian day)."""
    today = to_hijri(published)
    if today is None:
        return None
    for year in range(today[0], today[0] - _LOOK_BACK_YEARS - 1, -1):
        found = hijri_day(year, month, day)
        if found is not None and found <= published:
            return found
    return None


def hijri_month_near(month: int, qualifier: str | None, published: date) -> Span | None:
    """A year-less Hijri month placed like a Gregorian one: the most recent such month that has begun by
    `published` by default; with "past" the last one before the current Hijri month, with "next" the first
    one after it, with "this" the one of the current Hijri year."""
    today = to_hijri(published)
    if today is None:
        return None
    year, current = today[0], today[1]
    if qualifier == "past":
        year = year if month < current else year - 1
    elif qualifier == "next":
        year = year if month > current else year + 1
    elif qualifier != "this":
        year = year if month <= current else year - 1
    return hijri_month_span(year, month)
