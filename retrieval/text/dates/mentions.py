"""Date expressions in Arabic and English news sentences, and the calendar range each denotes.

`find_dates(sentence, published)` finds date expressions in order, non-overlapping (the longest candidate
wins, ties go to the earlier one), and gives each the calendar range it denotes. With `p` the publication
date:

* Absolute expressions need nothing (`relative=False`): a full date (`15 أكتوبر/تشرين الأول 2025`,
  `October 15, 2025`, `2025-11-16`, `16/11/2025`), a month of a year, a year, a span of years (`2011-2024`).
  Numeric dates are ISO or day-first; month-first numerics (US style) are not read.
* A four-digit number (1900-2099) is a year only in a year context: after عام / العام / سنة / year, inside a
  date, or after a preposition (في، منذ، خلال، in, since ...) when no word follows it (`في 2000 شخص` is a
  count). Other numbers are never dates (`190 شخصية`, `61 عاما`).
* Relative expressions (`relative=True`) are pinned to `p`:
  - a year-less date or a month with no qualifier: the most recent such day (month) on or before `p`;
  - with الماضي / الفائت / المنصرم / last: the most recent such month strictly before p's month (p's own month
    means that month a year earlier); الجاري / الحالي / this: p's month and year; المقبل / القادم / next:
    the first such month strictly after p's month; `من العام الماضي` etc. sets the year instead;
  - أمس = p - 1, أول أمس = p - 2, اليوم = p, غدا = p + 1, بعد غد = p + 2; a weekday named with them
    (`صباح اليوم الخميس`) wins: the most recent such weekday on or before `p` (on or after for غدا);
  - a weekday alone: the most recent on or before `p`; with الماضي / last strictly before, with المقبل /
    next strictly after;
  - الأسبوع الماضي / last week: the seven days p - 7 ... p - 1; الأسبوع المقبل / next week: p + 1 ... p + 7;
  - الشهر / العام + qualifier: the whole previous, current or next month or year.
  With no publication date they are kept but unresolved: `resolved=False`, `earliest`/`latest` None.
* Words that only look like dates are skipped: `اليوم` as "the day" (`اليوم التالي`, `ذلك اليوم`) or inside
  an outlet's name (`"حلب اليوم"`, `روسيا اليوم`, `USA Today`), `الاثنين` as "the two" (`بين الاثنين`),
  `صلاة الجمعة`.

Matching runs on folded text (diacritics and tatweel dropped, أ إ آ ٱ to ا, ى to ي, ة to ه, Arabic-Indic
and Persian digits to ASCII, Latin lower-cased); offsets always point into the string the caller passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal, NamedTuple

from retrieval.text.arabic import DROPPED, fold_keeping_offsets
from retrieval.text.dates.names import AR_WEEKDAYS, EN_MONTHS, EN_WEEKDAYS

Granularity = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in a sentence and the calendar range it denotes (a single day: earliest == latest)."""

    start: int  # offsets into the sentence passed to find_dates
    end: int
    text: str  # sentence[start:end]
    earliest: date | None
    latest: date | None
    granularity: Granularity
    relative: bool  # needed the publication date to resolve
    resolved: bool  # False when it needed a publication date and had none; earliest/latest are None then
    parts: DateParts = field(default_factory=lambda: DateParts())  # what the words fix, resolved or not


@dataclass(frozen=True, slots=True)
class DateParts:
    """What a date expression states by itself, whatever the publication date: enough to say an unresolved
    date at the precision known ("a Wednesday", "15 October, year not given", "yesterday")."""

    weekday: int | None = None  # 0 = Monday
    day: int | None = None
    month: int | None = None
    year: int | None = None
    relation: tuple[str, int] | None = None  # ("day", -1) = yesterday, ("week", -1) = last week, ...


# --- folding ------------------------------------------------------------------------------------------

_MARKS = frozenset(ch for ch in DROPPED if 0x064B <= ch <= 0x065F or ch == 0x0670)  # harakat, dagger alef


def _original_span(text: str, origin: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a folded span back to `text`, keeping the diacritics that sit on its last letter."""
    orig_end = origin[end - 1] + 1
    while orig_end < len(text) and ord(text[orig_end]) in _MARKS:
        orig_end += 1
    return origin[start], orig_end


# --- vocabulary (folded) ------------------------------------------------------------------------------

_MONTH_NUMBERS = {
    "يناير": 1, "كانون الثاني": 1, "فبراير": 2, "شباط": 2, "مارس": 3, "اذار": 3, "ابريل": 4, "نيسان": 4,
    "مايو": 5, "ايار": 5, "يونيو": 6, "يونيه": 6, "حزيران": 6, "يوليو": 7, "يوليه": 7, "تموز": 7,
    "اغسطس": 8, "اب": 8, "سبتمبر": 9, "ايلول": 9, "اكتوبر": 10, "تشرين الاول": 10, "نوفمبر": 11,
    "تشرين الثاني": 11, "ديسمبر": 12, "كانون الاول": 12,
    **{name.lower(): i for i, name in enumerate(EN_MONTHS, 1)},
    **{name[:3].lower(): i for i, name in enumerate(EN_MONTHS, 1)},
    "sept": 9,
}  # fmt: skip
_EN_MONTH_KEYS = {key for key in _MONTH_NUMBERS if key.isascii()}
_EN_ABBREVIATIONS = {key for key in _EN_MONTH_KEYS if len(key) <= 4 and key not in ("may", "june", "july")}

_WEEKDAY_NUMBERS = {
    **{fold_keeping_offsets(name)[0]: i for i, name in enumerate(AR_WEEKDAYS)},
    **{name.lower(): i for i, name in enumerate(EN_WEEKDAYS)},
}
_QUALIFIERS = {
    "الماضي": "past", "الفايت": "past", "المنصرم": "past", "last": "past",
    "الجاري": "this", "الحالي": "this", "هذا": "this", "هذه": "this", "this": "this",
    "المقبل": "next", "القادم": "next", "next": "next",
}  # fmt: skip
_STEPS = {"past": -1, "this": 0, "next": 1}
_DAY_OFFSETS = {
    "امس": -1, "الامس": -1, "بالامس": -1, "اول امس": -2, "اول من امس": -2, "امس الاول": -2,
    "اليوم": 0, "غدا": 1, "بعد غد": 2,
    "yesterday": -1, "day before yesterday": -2, "the day before yesterday": -2,
    "today": 0, "tomorrow": 1, "day after tomorrow": 2, "the day after tomorrow": 2,
}  # fmt: skip
_UNITS = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}
_UNITS |= {unit: unit for unit in ("week", "month", "year")}


def _words(key: str) -> str:
    return r"\s+".join(map(re.escape, key.split()))


def _alternation(keys: Iterable[str]) -> str:
    """A regex alternation of folded words, longest first so that `ابريل` is tried before `اب`."""
    ordered = sorted(keys, key=len, reverse=True)
    return "|".join(_words(k) + (r"\.?" if k in _EN_ABBREVIATIONS else "") for k in ordered)


# --- regex pieces (on folded text) --------------------------------------------------------------------

WORD_START = _B = r"(?<!\w)"  # a word starts here
_E = r"(?!\w)"  # a word ends here
_BC = r"(?:(?<!\w)|(?<=(?<!\w)[وف]))"  # a word starts here, perhaps after the clitic و or ف (وأمس)
_ANY_MONTH = _alternation(_MONTH_NUMBERS)
_SECOND_NAME = rf"\s*/\s*(?:{_ANY_MONTH}){_E}|\s*\(\s*(?:{_ANY_MONTH})\s*\)"  # أكتوبر/تشرين الأول
_MONTH = rf"{_B}(?P<month>{_ANY_MONTH}){_E}(?:{_SECOND_NAME})?"
_EN_MONTH = rf"{_B}(?P<month>{_alternation(_EN_MONTH_KEYS)}){_E}"
WEEKDAY_PATTERN = _WEEKDAY = rf"(?P<weekday>{_alternation(_WEEKDAY_NUMBERS)}){_E}"
_AR_WEEKDAY = rf"(?P<weekday>{_alternation(k for k in _WEEKDAY_NUMBERS if not k.isascii())}){_E}"
_EN_WEEKDAY = rf"(?P<weekday>{_alternation(k for k in _WEEKDAY_NUMBERS if k.isascii())}){_E}"
_DAY = r"(?<![\d.,/:])(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_QUAL_WORD = r"(?:الماضي|الفايت|المنصرم|الجاري|الحالي|المقبل|القادم)ه?"  # ه: feminine, السنة الماضية
_QUAL = rf"(?P<q>{_QUAL_WORD})(?!\w)"
_YEAR_QUAL = rf"(?:من\s+)?(?:(?:العام|السنه)\s+(?P<yq>{_QUAL_WORD})|(?P<ythis>هذا\s+العام|هذه\s+السنه))(?!\w)"
_YEAR_WORD = r"(?:عام|العام|عامي|سنه|السنه|year|the\s+year)"
_PREPOSITION = (
    r"(?:في|خلال|منذ|حتى|مطلع|بدايه|اوائل|اواسط|منتصف|اواخر|نهايه|قبل|بعد"
    r"|in|since|during|until|till|by|before|after|early|mid|late)"
)
_TIME_OF_DAY = r"(?:يوم|صباح|مساء|ظهر|ظهيره|ليل|ليله|فجر|عصر|نهار)"
# What may follow a bare year after a preposition: `في 2024،` is a year, `في 2000 شخص` a count.
_YEAR_TAIL = r"(?=\s*(?:$|[^\w\s]|و|(?:حتى|الى|حين|عندما|م|ميلادي|and|to|when|until|through)(?!\w)))"


def _year(name: str = "year") -> str:
    return rf"(?<![\d.,])(?P<{name}>(?:19|20)\d\d)(?!\d|%|[.,]\d)"


_IN_YEAR = rf"\s*[,،]?\s*(?:(?:من|of)\s+)?(?:{_YEAR_WORD}\s+)?{_year()}"


# --- calendar arithmetic ------------------------------------------------------------------------------

Span = tuple[date, date]


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> Span:
    first = date(year, month, 1)
    next_first = date(year + month // 12, month % 12 + 1, 1)
    return first, next_first - timedelta(days=1)


def _year_span(first: int, last: int | None = None) -> Span:
    return date(first, 1, 1), date(last or first, 12, 31)


def _shifted_month(p: date, step: int) -> Span:
    index = p.year * 12 + p.month - 1 + step
    return _month_span(index // 12, index % 12 + 1)


def _week_span(p: date, step: int) -> Span:
    """The seven days just before (step -1) or after (step 1) `p`: weeks start on different days across the region."""
    first = p - timedelta(days=7) if step < 0 else p + timedelta(days=1)
    return first, first + timedelta(days=6)


def _year_of_month(month: int, qualifier: str | None, p: date) -> int:
    """The year of a year-less month named relative to the publication date `p` (rules in the docstring)."""
    if qualifier == "past":
        return p.year if month < p.month else p.year - 1
    if qualifier == "next":
        return p.year if month > p.month else p.year + 1
    if qualifier == "this":
        return p.year
    return p.year if month <= p.month else p.year - 1


def _day_on_or_before(month: int, day: int, p: date) -> date | None:
    """The most recent `day` `month` on or before `p` (looks back up to 8 years for 29 February)."""
    for year in range(p.year, p.year - 9, -1):
        found = _valid_day(year, month, day)
        if found is not None and found <= p:
            return found
    return None


def _weekday_near(weekday: int, p: date, qualifier: str | None) -> date:
    """The weekday nearest `p`: on or before by default, strictly before for "past", strictly after for "next"."""
    if qualifier == "past":
        return p - timedelta(days=(p.weekday() - weekday - 1) % 7 + 1)
    if qualifier == "next":
        return p + timedelta(days=(weekday - p.weekday() - 1) % 7 + 1)
    return p - timedelta(days=(p.weekday() - weekday) % 7)


# --- readings: what one regex match means ----------------------------------------------------------


class _Reading(NamedTuple):
    earliest: date | None
    latest: date | None
    granularity: Granularity
    relative: bool


Reader = Callable[[re.Match[str], date | None], _Reading | None]


def _absolute(span: Span | None, granularity: Granularity) -> _Reading | None:
    return None if span is None else _Reading(span[0], span[1], granularity, False)


def _relative(granularity: Granularity, p: date | None, resolve: Callable[[date], Span | None]) -> _Reading | None:
    """A reading that needs the publication date: unresolved without one, dropped if it resolves to nothing."""
    if p is None:
        return _Reading(None, None, granularity, True)
    span = resolve(p)
    return None if span is None else _Reading(span[0], span[1], granularity, True)


def _single(d: date | None) -> Span | None:
    return None if d is None else (d, d)


def _group(m: re.Match[str], name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None


def _month_of(m: re.Match[str]) -> int:
    return _MONTH_NUMBERS[" ".join(m["month"].rstrip(".").split())]


def _qualifier(m: re.Match[str]) -> str | None:
    """The qualifier word (الماضي, الجاري, last ...) as "past", "this" or "next"; None when there is none."""
    word = _group(m, "q") or _group(m, "pq") or _group(m, "yq")
    if not word:
        return None
    return _QUALIFIERS.get(word) or _QUALIFIERS[word.removesuffix("ه")]  # الماضية -> الماضي


def _qualified_year(m: re.Match[str], p: date) -> int | None:
    """The year set by `من العام الماضي` and the like, or None when the expression has no year qualifier."""
    if _group(m, "ythis"):
        return p.year
    if _group(m, "yq"):
        return p.year + _STEPS[_qualifier(m) or "this"]
    return None


def _read_numeric(m: re.Match[str], p: date | None) -> _Reading | None:
    return _absolute(_single(_valid_day(int(m["year"]), int(m["mo"]), int(m["day"]))), "day")


def _read_day_month(m: re.Match[str], p: date | None) -> _Reading | None:
    month, day = _month_of(m), int(m["day"])
    if _valid_day(2000, month, day) is None:  # 2000 is a leap year: accepts 29 February
        return None
    if m["year"]:
        return _absolute(_single(_valid_day(int(m["year"]), month, day)), "day")

    def resolve(p: date) -> Span | None:
        year = _qualified_year(m, p)
        if year is not None:
            return _single(_valid_day(year, month, day))
        qualifier = _qualifier(m)
        if qualifier is None:
            return _single(_day_on_or_before(month, day, p))
        return _single(_valid_day(_year_of_month(month, qualifier, p), month, day))

    return _relative("day", p, resolve)


def _read_month_year(m: re.Match[str], p: date | None) -> _Reading | None:
    return _absolute(_month_span(int(m["year"]), _month_of(m)), "month")


def _read_month_relative(m: re.Match[str], p: date | None) -> _Reading | None:
    month = _month_of(m)

    def resolve(p: date) -> Span:
        year = _qualified_year(m, p)
        return _month_span(year if year is not None else _year_of_month(month, _qualifier(m), p), month)

    return _relative("month", p, resolve)


def _read_year(m: re.Match[str], p: date | None) -> _Reading | None:
    return _absolute(_year_span(int(m["year"])), "year")


def _read_year_range(m: re.Match[str], p: date | None) -> _Reading | None:
    first, last = int(m["y1"]), int(m["y2"])
    return _absolute(_year_span(first, last), "year") if first < last else None


def _read_period(m: re.Match[str], p: date | None) -> _Reading | None:
    unit, step = _UNITS[m["unit"]], _STEPS[_qualifier(m) or "this"]
    if unit == "year":
        return _relative("year", p, lambda p: _year_span(p.year + step))
    if unit == "month":
        return _relative("month", p, lambda p: _shifted_month(p, step))
    if step == 0:  # "this week" has no single agreed span; better nothing than a wrong range
        return None
    return _relative("day", p, lambda p: _week_span(p, step))


def _read_relative_day(m: re.Match[str], p: date | None) -> _Reading | None:
    word = " ".join(m["rel"].split())
    if word in ("اليوم", "today") and not m["weekday"] and not _is_today(m):
        return None
    offset = _DAY_OFFSETS[word]
    if m["weekday"]:
        weekday = _WEEKDAY_NUMBERS[m["weekday"]]
        if offset > 0:  # "tomorrow, Thursday": the first such weekday on or after p
            return _relative("day", p, lambda p: _single(_weekday_near(weekday, p - timedelta(days=1), "next")))
        return _relative("day", p, lambda p: _single(_weekday_near(weekday, p, None)))
    return _relative("day", p, lambda p: _single(p + timedelta(days=offset)))


def _read_weekday(m: re.Match[str], p: date | None) -> _Reading | None:
    if not _is_weekday(m):
        return None
    weekday, qualifier = _WEEKDAY_NUMBERS[m["weekday"]], _qualifier(m)
    return _relative("day", p, lambda p: _single(_weekday_near(weekday, p, qualifier)))


# --- guards against words that only look like dates --------------------------------------------------

_NOT_TODAY_BEFORE = frozenset({"هذا", "ذلك", "ذات", "نفس", "تلك", "روسيا", "حلب", "usa", "russia"})
_NOT_TODAY_AFTER = frozenset({"نفسه", "ذاته"})
_NOT_WEEKDAY_BEFORE = frozenset({"بين", "كلا", "صلاه", "خطبه", "عبد"})
_NOT_WEEKDAY_AFTER = frozenset({"معا", "عشر", "عشره"})


def _word_before(s: str, pos: int) -> str:
    found = re.search(r"(\w+)\W*$", s[max(0, pos - 40) : pos])
    return found[1] if found else ""


def _word_after(s: str, pos: int) -> str:
    found = re.match(r"\W*(\w+)", s[pos : pos + 40])
    return found[1] if found else ""


def _is_today(m: re.Match[str]) -> bool:
    """Whether a bare اليوم / today means the publication day, not "the day" or part of a name."""
    s, before, after = m.string, _word_before(m.string, m.start()), _word_after(m.string, m.end())
    if before in _NOT_TODAY_BEFORE or after in _NOT_TODAY_AFTER:
        return False
    if m["rel"] == "اليوم" and re.match(r"\s+ال", s[m.end() :]):  # اليوم التالي / اليوم الأول: "the day"
        return False
    quoted = re.search(r"[\"«“][^\"«“”»]{0,30}$", s[: m.start()]) and re.match(r"\s*[\"”»]", s[m.end() :])
    return not quoted


def _is_weekday(m: re.Match[str]) -> bool:
    """Whether a weekday word is a day: not الاثنين "the two", not صلاة الجمعة, not الأحد عشر "eleven"."""
    before, after = _word_before(m.string, m.start()), _word_after(m.string, m.end())
    return before not in _NOT_WEEKDAY_BEFORE and after not in _NOT_WEEKDAY_AFTER


# --- the rules ---------------------------------------------------------------------------------------


class _Rule(NamedTuple):
    pattern: re.Pattern[str]
    read: Reader
    needs: tuple[re.Pattern[str], ...]  # words every match contains: without them the rule is not tried


def _rule(pattern: str, read: Reader, *needs: re.Pattern[str]) -> _Rule:
    return _Rule(re.compile(pattern), read, needs)


def _literals(words: Iterable[str]) -> re.Pattern[str]:
    """Any of `words` anywhere (no word boundaries: a quick, generous test)."""
    return re.compile("|".join(sorted({re.escape(w) for w in words}, key=len, reverse=True)))


# Most sentences hold no date: these quick tests let `find_dates` skip the rules that cannot match.
_NEEDS_DIGIT = re.compile(r"\d")
_NEEDS_MONTH = _literals(key.split()[0] for key in _MONTH_NUMBERS)
_NEEDS_EN_MONTH = _literals(_EN_MONTH_KEYS)
_NEEDS_UNIT = _literals(_UNITS)
_NEEDS_AR_DAY = _literals(["امس", "اليوم", "غد"])
_NEEDS_EN_DAY = _literals(["yesterday", "today", "tomorrow"])
_NEEDS_AR_WEEKDAY = _literals(k for k in _WEEKDAY_NUMBERS if not k.isascii())
_NEEDS_EN_WEEKDAY = _literals(k for k in _WEEKDAY_NUMBERS if k.isascii())


_RULES = (
    # 2025-11-16, 2025/11/16
    _rule(
        rf"(?<![\d.,/-]){_year()}(?P<sep>[-/.])(?P<mo>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})(?!\d)",
        _read_numeric,
        _NEEDS_DIGIT,
    ),
    # 16/11/2025, 16-11-2025, 16.11.2025 (day first)
    _rule(
        rf"(?<![\d.,/-])(?P<day>\d{{1,2}})(?P<sep>[-/.])(?P<mo>\d{{1,2}})(?P=sep){_year()}", _read_numeric, _NEEDS_DIGIT
    ),
    # [الجمعة،] 15 [من] [شهر] أكتوبر/تشرين الأول [2025 | الماضي | من العام الماضي]
    _rule(
        rf"(?:{_B}{_WEEKDAY}\s*[,،]?\s*(?:الموافق\s+)?)?{_DAY}\s+(?:(?:من|of)\s+)?(?:شهر\s+)?{_MONTH}"
        rf"(?:{_IN_YEAR}|\s+{_QUAL}|\s+{_YEAR_QUAL})?",
        _read_day_month,
        _NEEDS_DIGIT,
        _NEEDS_MONTH,
    ),
    # [Wednesday,] October 15[, 2025], Oct. 15
    _rule(
        rf"(?:{_B}{_EN_WEEKDAY}\s*,?\s*)?{_EN_MONTH}\s+{_DAY}(?:\s*,?\s*{_year()})?",
        _read_day_month,
        _NEEDS_DIGIT,
        _NEEDS_EN_MONTH,
    ),
    # [شهر] سبتمبر/ أيلول 2015, October 2025
    _rule(rf"{_B}(?:شهر\s+)?{_MONTH}{_IN_YEAR}", _read_month_year, _NEEDS_DIGIT, _NEEDS_MONTH),
    # [شهر] كانون الثاني الماضي, أكتوبر من العام الماضي
    _rule(rf"{_B}(?:شهر\s+)?{_MONTH}\s+(?:{_QUAL}|{_YEAR_QUAL})", _read_month_relative, _NEEDS_MONTH),
    # last January
    _rule(rf"{_B}(?P<q>last|this|next)\s+{_EN_MONTH}", _read_month_relative, _NEEDS_EN_MONTH),
    # في أكتوبر, شهر أكتوبر, in October (a bare month needs a preposition or شهر before it)
    _rule(
        rf"(?:{_BC}{_PREPOSITION}(?:\s+|-)|{_B}(?=شهر\s))(?P<core>(?:شهر\s+)?{_MONTH})",
        _read_month_relative,
        _NEEDS_MONTH,
    ),
    # عام 2015, العام 2015, سنة 2015, year 2015
    _rule(rf"{_BC}{_YEAR_WORD}\s+{_year()}", _read_year, _NEEDS_DIGIT),
    # في 2024، / since 2011.
    _rule(rf"{_BC}{_PREPOSITION}\s+(?P<core>{_year()}){_YEAR_TAIL}", _read_year, _NEEDS_DIGIT),
    # 2011-2024, بين عامي 2011 و2024, from 2011 to 2024
    _rule(rf"{_year('y1')}\s*[-–—]\s*{_year('y2')}{_YEAR_TAIL}", _read_year_range, _NEEDS_DIGIT),
    _rule(
        rf"{_B}(?:(?:بين|من|between|from)\s+|(?=عامي|العامين|سنتي))(?:(?:عامي|العامين|عام|العام|سنتي)\s+)?"
        rf"{_year('y1')}"
        rf"\s*(?:و|الى\s+|حتى\s+|and\s+|to\s+|until\s+)\s*(?:(?:عام|العام)\s+)?{_year('y2')}{_YEAR_TAIL}",
        _read_year_range,
        _NEEDS_DIGIT,
    ),
    # الشهر الماضي, العام الجاري, الأسبوع الماضي, هذا العام, last week
    _rule(rf"{_BC}(?P<unit>الاسبوع|الشهر|العام|السنه)\s+{_QUAL}", _read_period, _NEEDS_UNIT),
    _rule(rf"{_BC}(?P<q>هذا|هذه)\s+(?P<unit>الاسبوع|الشهر|العام|السنه){_E}", _read_period, _NEEDS_UNIT),
    _rule(rf"{_B}(?P<q>last|this|next)\s+(?P<unit>week|month|year){_E}", _read_period, _NEEDS_UNIT),
    # [صباح] اليوم [الخميس], [يوم] أمس [(الأربعاء)], أول أمس, غدا
    _rule(
        rf"{_BC}(?:{_TIME_OF_DAY}\s+)?(?P<rel>اول\s+(?:من\s+)?امس|امس\s+الاول|بعد\s+غد|امس|الامس|بالامس|اليوم|غدا){_E}"
        rf"(?:\s*(?:(?P<paren>\()\s*|[,،]\s*)?(?:يوم\s+)?{_AR_WEEKDAY}(?(paren)\s*\)))?",
        _read_relative_day,
        _NEEDS_AR_DAY,
    ),
    _rule(
        rf"{_B}(?P<rel>(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow)|yesterday|today|tomorrow){_E}"
        rf"(?:\s*,?\s*{_EN_WEEKDAY})?",
        _read_relative_day,
        _NEEDS_EN_DAY,
    ),
    # [يوم] الأربعاء [الماضي], last Wednesday
    _rule(rf"{_BC}(?:{_TIME_OF_DAY}\s+)?{_AR_WEEKDAY}(?:\s+{_QUAL})?", _read_weekday, _NEEDS_AR_WEEKDAY),
    _rule(rf"{_B}(?:(?P<pq>last|this|next)\s+)?{_EN_WEEKDAY}", _read_weekday, _NEEDS_EN_WEEKDAY),
)


_NEEDS = frozenset(need for rule in _RULES for need in rule.needs)


# --- public functions --------------------------------------------------------------------------------


def find_dates(sentence: str, published: date | None) -> list[DateMention]:
    """The date expressions in `sentence`, in order, resolved against the publication date."""
    if isinstance(published, datetime):
        published = published.date()
    folded, origin = fold_keeping_offsets(sentence)
    candidates: list[_Candidate] = []
    present = {need for need in _NEEDS if need.search(folded)}
    for rule in _RULES:
        if not present.issuperset(rule.needs):
            continue
        for m in rule.pattern.finditer(folded):
            reading = rule.read(m, published)
            if reading is not None:
                core = "core" in m.re.groupindex and m.start("core") >= 0
                candidates.append(_Candidate(*(m.span("core") if core else m.span()), reading, _parts(m)))
    return [_mention(sentence, origin, c) for c in _longest_first(candidates)]


class _Candidate(NamedTuple):
    start: int
    end: int
    reading: _Reading
    parts: DateParts


def _parts(m: re.Match[str]) -> DateParts:
    """What the matched words fix by themselves."""
    weekday = _group(m, "weekday")
    day = _group(m, "day")
    year = _group(m, "year")
    relation = None
    if _group(m, "rel"):
        relation = ("day", _DAY_OFFSETS[" ".join(m["rel"].split())])
    elif _group(m, "unit"):
        relation = (_UNITS[m["unit"]], _STEPS[_qualifier(m) or "this"])
    return DateParts(
        weekday=_WEEKDAY_NUMBERS[weekday] if weekday else None,
        day=int(day) if day else None,
        month=_month_of(m) if _group(m, "month") else None,
        year=int(year) if year else None,
        relation=relation,
    )


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep non-overlapping candidates, longest (then earliest) first; return them in text order."""
    kept: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= k.start or c.start >= k.end for k in kept):
            kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _mention(sentence: str, origin: list[int], c: _Candidate) -> DateMention:
    start, end = _original_span(sentence, origin, c.start, c.end)
    reading = c.reading
    return DateMention(
        start=start,
        end=end,
        text=sentence[start:end],
        earliest=reading.earliest,
        latest=reading.latest,
        granularity=reading.granularity,
        relative=reading.relative,
        resolved=reading.earliest is not None,
        parts=c.parts,
    )
