"""Publication dates and date mentions: tiny literal strings, each with its anchor and exact expected output."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from retrieval.text.dates import (
    DateMention,
    find_dates,
    find_publication_date,
    format_date,
    format_day,
    mentions,
    month_name,
    weekday_name,
)
from retrieval.text.sentences import split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

FRI_2025_10_03 = date(2025, 10, 3)  # seed 001
SUN_2025_11_16 = date(2025, 11, 16)  # seed 002
WED_2026_02_04 = date(2026, 2, 4)  # seed 003


def only(sentence: str, published: date | None) -> DateMention:
    mentions = find_dates(sentence, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


def day(d: date) -> tuple[date, date]:
    return d, d


def month(year: int, number: int) -> tuple[date, date]:
    last = (date(year + number // 12, number % 12 + 1, 1) - date.resolution).day
    return date(year, number, 1), date(year, number, last)


def year(first: int, last: int | None = None) -> tuple[date, date]:
    return date(first, 1, 1), date(last or first, 12, 31)


# --- publication date ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the seed forms
        ("الجمعة, 3 أكتوبر 2025 12:10 AM\n\nزيارة وفد عسكري سوري إلى روسيا", FRI_2025_10_03),
        (" date 2025-11-16 بحث وزير الدفاع السوري اليوم الأحد", SUN_2025_11_16),
        (
            'وفد عسكري روسي رفيع في دمشق\n\n\nهذا الخبر بعنوان "عسكريون روس" نشر أولاً على موقع halabtodaytv '
            "وتم جلبه من مصدره الأصلي بتاريخ ٤ شباط ٢٠٢٦.\nاستقبل الفريق",
            WED_2026_02_04,
        ),
        # variants
        ("Date: 2025-11-16\nنص الخبر", SUN_2025_11_16),
        ("تاريخ النشر: ١٦ نوفمبر ٢٠٢٥\nنص الخبر", SUN_2025_11_16),
        ("عنوان\nنشر في 16 تشرين الثاني 2025\nنص", SUN_2025_11_16),
        ("عنوان\nتم جلبه من مصدره الأصلي بتاريخ ۴ شباط ۲۰۲۶", WED_2026_02_04),
        ("الخميس، 2 أكتوبر/تشرين الأول 2025 - 10:30 ص\nعنوان", date(2025, 10, 2)),
        ("Title\nThursday, October 2, 2025 10:30 AM\nBody", date(2025, 10, 2)),
        ("Published on October 3, 2025\nBody", FRI_2025_10_03),
        ("Title\n2025-10-03T10:00:00Z\nBody", FRI_2025_10_03),
        ("عنوان\n16/11/2025\nنص", SUN_2025_11_16),
        ("1\n2\n3\n4\n5\n6\nتاريخ النشر: 2025-01-02", date(2025, 1, 2)),  # a cue line further down
        ("1\n2\n3\n4\n5\n6\nتم جلبه من مصدره الأصلي بتاريخ 4 فبراير 2026.", WED_2026_02_04),
        # no publication date: never a guess
        ("", None),
        ("عنوان\nوصل الوفد في 15 أكتوبر 2025 إلى موسكو.", None),  # a date in a body sentence
        ("عنوان\nوقع الطرفان الاتفاق بتاريخ 5 مايو 2020 في دمشق.", None),  # بتاريخ without a publishing verb
        ("عنوان\nذكرى التدخل العسكري الروسي عام 2015", None),
        ("عنوان\nالخميس\nنص", None),  # relative
        ("عنوان\n3 أكتوبر\nنص", None),  # no year
        ("نشر في أكتوبر 2025\nنص", None),  # no day
        ("1\n2\n3\n4\n5\n3 أكتوبر 2025", None),  # sixth line: not the header
        ("1\n2\n3\n4\n5\n6\nالخبر، تاريخ النشر: 2025-01-02", None),  # the cue must start a later line
    ],
)
def test_publication_date(text: str, expected: date | None) -> None:
    assert find_publication_date(text) == expected


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("000", None), ("001", FRI_2025_10_03), ("002", SUN_2025_11_16), ("003", WED_2026_02_04), ("004", None)],
)
def test_seed_publication_dates(prefix: str, expected: date | None) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    assert find_publication_date(path.read_text(encoding="utf-8")) == expected


# --- absolute dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "text", "span", "granularity"),
    [
        ("في 15 أكتوبر/تشرين الأول 2025 قال", "15 أكتوبر/تشرين الأول 2025", day(date(2025, 10, 15)), "day"),
        ("في 8 ديسمبر/ كانون الأول 2024.", "8 ديسمبر/ كانون الأول 2024", day(date(2024, 12, 8)), "day"),
        ("15 أكتوبر (تشرين الأول) 2025", "15 أكتوبر (تشرين الأول) 2025", day(date(2025, 10, 15)), "day"),
        ("في ١٥ اكتوبر ٢٠٢٥", "١٥ اكتوبر ٢٠٢٥", day(date(2025, 10, 15)), "day"),
        ("بتاريخ ۴ شباط ۲۰۲۶", "۴ شباط ۲۰۲۶", day(date(2026, 2, 4)), "day"),
        ("في 3 إبريل 2025", "3 إبريل 2025", day(date(2025, 4, 3)), "day"),
        ("في 3 آذار 2025", "3 آذار 2025", day(date(2025, 3, 3)), "day"),
        ("الأربعاء الموافق 15 أكتوبر 2025", "الأربعاء الموافق 15 أكتوبر 2025", day(date(2025, 10, 15)), "day"),
        ("الجمعة, 3 أكتوبر 2025 12:10 AM", "الجمعة, 3 أكتوبر 2025", day(FRI_2025_10_03), "day"),
        ("on 15 October 2025.", "15 October 2025", day(date(2025, 10, 15)), "day"),
        ("on October 15, 2025.", "October 15, 2025", day(date(2025, 10, 15)), "day"),
        ("Wednesday, Oct. 15, 2025", "Wednesday, Oct. 15, 2025", day(date(2025, 10, 15)), "day"),
        ("the 15th of October 2025", "15th of October 2025", day(date(2025, 10, 15)), "day"),
        ("date 2025-11-16 بحث", "2025-11-16", day(SUN_2025_11_16), "day"),
        ("يوم ٢٠٢٥-١١-١٦", "٢٠٢٥-١١-١٦", day(SUN_2025_11_16), "day"),
        ("on 16/11/2025", "16/11/2025", day(SUN_2025_11_16), "day"),
        ("في سبتمبر/ أيلول 2015 لدعم", "سبتمبر/ أيلول 2015", month(2015, 9), "month"),
        ("في ديسمبر/كانون الأول 2024، منهية", "ديسمبر/كانون الأول 2024", month(2024, 12), "month"),
        ("in May 2024", "May 2024", month(2024, 5), "month"),
        ("في سوريا عام 2015.", "عام 2015", year(2015), "year"),
        ("بدءا من العام 2015، وساهمت", "العام 2015", year(2015), "year"),
        ("في عام ٢٠٢٤م", "عام ٢٠٢٤", year(2024), "year"),
        ("وفي 2024، أطاح", "2024", year(2024), "year"),
        ("منذ 2011 وحتى الآن", "2011", year(2011), "year"),
        ("since 2011.", "2011", year(2011), "year"),
        ("بين عامي 2011 و2024", "بين عامي 2011 و2024", year(2011, 2024), "year"),
        ("(2011-2024)", "2011-2024", year(2011, 2024), "year"),
        ("from 2011 to 2024,", "from 2011 to 2024", year(2011, 2024), "year"),
    ],
)
@pytest.mark.parametrize("published", [None, SUN_2025_11_16])
def test_absolute(sentence: str, text: str, span: tuple[date, date], granularity: str, published: date | None) -> None:
    found = only(sentence, published)
    assert (found.text, (found.earliest, found.latest), found.granularity) == (text, span, granularity)
    assert (found.relative, found.resolved) == (False, True)
    assert sentence[found.start : found.end] == found.text


# --- relative dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "text", "span", "granularity"),
    [
        # a year-less date with a qualifier
        (
            "في 15 أكتوبر/تشرين الأول الماضي أول",
            SUN_2025_11_16,
            "15 أكتوبر/تشرين الأول الماضي",
            day(date(2025, 10, 15)),
            "day",
        ),
        ("في 9 سبتمبر/أيلول الماضي،", FRI_2025_10_03, "9 سبتمبر/أيلول الماضي", day(date(2025, 9, 9)), "day"),
        ("وفي 31 تموز الفائت، التقى", FRI_2025_10_03, "31 تموز الفائت", day(date(2025, 7, 31)), "day"),
        ("في ٩ أيلول الفائت", FRI_2025_10_03, "٩ أيلول الفائت", day(date(2025, 9, 9)), "day"),
        (
            "في 15 أكتوبر/تشرين الأول الجاري.",
            FRI_2025_10_03,
            "15 أكتوبر/تشرين الأول الجاري",
            day(date(2025, 10, 15)),
            "day",
        ),
        ("في 15 أكتوبر الماضي", date(2025, 10, 20), "15 أكتوبر الماضي", day(date(2024, 10, 15)), "day"),
        ("في 15 أكتوبر الماضى", SUN_2025_11_16, "15 أكتوبر الماضى", day(date(2025, 10, 15)), "day"),
        ("في 15 أكتوبر من العام الماضي", SUN_2025_11_16, "15 أكتوبر من العام الماضي", day(date(2024, 10, 15)), "day"),
        ("في 3 مارس المقبل", SUN_2025_11_16, "3 مارس المقبل", day(date(2026, 3, 3)), "day"),
        # a year-less date without a qualifier: the most recent on or before publication
        ("في 15 أكتوبر", SUN_2025_11_16, "15 أكتوبر", day(date(2025, 10, 15)), "day"),
        ("في 16 نوفمبر", SUN_2025_11_16, "16 نوفمبر", day(SUN_2025_11_16), "day"),
        ("في 20 نوفمبر", SUN_2025_11_16, "20 نوفمبر", day(date(2024, 11, 20)), "day"),
        ("في 29 فبراير", SUN_2025_11_16, "29 فبراير", day(date(2024, 2, 29)), "day"),
        ("on Oct. 15", SUN_2025_11_16, "Oct. 15", day(date(2025, 10, 15)), "day"),
        # a year-less month
        ("في كانون الثاني الماضي،", WED_2026_02_04, "كانون الثاني الماضي", month(2026, 1), "month"),
        ("في تشرين الأول الماضي", WED_2026_02_04, "تشرين الأول الماضي", month(2025, 10), "month"),
        ("في تشرين الثاني الماضي", WED_2026_02_04, "تشرين الثاني الماضي", month(2025, 11), "month"),
        ("في نهاية شهر يوليو/تموز الفائت وعقدا", FRI_2025_10_03, "شهر يوليو/تموز الفائت", month(2025, 7), "month"),
        ("في يناير/ كانون الثاني الماضي،", FRI_2025_10_03, "يناير/ كانون الثاني الماضي", month(2025, 1), "month"),
        ("في أكتوبر الماضي", date(2025, 10, 20), "أكتوبر الماضي", month(2024, 10), "month"),
        ("في مارس المقبل", SUN_2025_11_16, "مارس المقبل", month(2026, 3), "month"),
        ("في نوفمبر الجاري", SUN_2025_11_16, "نوفمبر الجاري", month(2025, 11), "month"),
        ("زار روسيا في أكتوبر/تشرين الأول.", SUN_2025_11_16, "أكتوبر/تشرين الأول", month(2025, 10), "month"),
        ("في ديسمبر", SUN_2025_11_16, "ديسمبر", month(2024, 12), "month"),
        ("last January", SUN_2025_11_16, "last January", month(2025, 1), "month"),
        ("last January", date(2026, 1, 10), "last January", month(2025, 1), "month"),
        ("in mid-October", SUN_2025_11_16, "October", month(2025, 10), "month"),
        # yesterday, today and friends
        ("كانت الخارجية قد أعلنت أمس استعدادها", WED_2026_02_04, "أمس", day(date(2026, 2, 3)), "day"),
        ("امس", WED_2026_02_04, "امس", day(date(2026, 2, 3)), "day"),
        ("وأمس", WED_2026_02_04, "أمس", day(date(2026, 2, 3)), "day"),
        ("يوم أمس", WED_2026_02_04, "يوم أمس", day(date(2026, 2, 3)), "day"),
        ("بالأمس", WED_2026_02_04, "بالأمس", day(date(2026, 2, 3)), "day"),
        ("أول أمس", WED_2026_02_04, "أول أمس", day(date(2026, 2, 2)), "day"),
        ("وصل الوفد، أمس الأربعاء، إلى", FRI_2025_10_03, "أمس الأربعاء", day(date(2025, 10, 1)), "day"),
        ("أمس (الأربعاء)", FRI_2025_10_03, "أمس (الأربعاء)", day(date(2025, 10, 1)), "day"),
        ("وصل وفد رسمي، صباح اليوم الخميس، إلى", FRI_2025_10_03, "صباح اليوم الخميس", day(date(2025, 10, 2)), "day"),
        ("بحث الوزير اليوم الأحد مع", SUN_2025_11_16, "اليوم الأحد", day(SUN_2025_11_16), "day"),
        ("مساء اليوم", SUN_2025_11_16, "مساء اليوم", day(SUN_2025_11_16), "day"),
        ("غداً", SUN_2025_11_16, "غداً", day(date(2025, 11, 17)), "day"),
        ("yesterday", SUN_2025_11_16, "yesterday", day(date(2025, 11, 15)), "day"),
        ("today", SUN_2025_11_16, "today", day(SUN_2025_11_16), "day"),
        ("the day before yesterday", SUN_2025_11_16, "the day before yesterday", day(date(2025, 11, 14)), "day"),
        # weeks, months and years around publication
        ("الشهر الماضي", date(2026, 1, 10), "الشهر الماضي", month(2025, 12), "month"),
        ("الشهر الجاري", date(2026, 1, 10), "الشهر الجاري", month(2026, 1), "month"),
        ("العام الماضي", date(2026, 1, 10), "العام الماضي", year(2025), "year"),
        ("السنة الماضية", date(2026, 1, 10), "السنة الماضية", year(2025), "year"),
        ("هذا العام", date(2026, 1, 10), "هذا العام", year(2026), "year"),
        ("الأسبوع الماضي", FRI_2025_10_03, "الأسبوع الماضي", (date(2025, 9, 26), date(2025, 10, 2)), "day"),
        ("last week", SUN_2025_11_16, "last week", (date(2025, 11, 9), date(2025, 11, 15)), "day"),
        ("last month", SUN_2025_11_16, "last month", month(2025, 10), "month"),
        ("last year", SUN_2025_11_16, "last year", year(2024), "year"),
        # a bare weekday
        ("في دمشق، يوم الأربعاء، نائب", WED_2026_02_04, "يوم الأربعاء", day(WED_2026_02_04), "day"),
        ("أعلن الأربعاء أن", FRI_2025_10_03, "الأربعاء", day(date(2025, 10, 1)), "day"),
        ("الأربعاء الماضي", WED_2026_02_04, "الأربعاء الماضي", day(date(2026, 1, 28)), "day"),
        ("الخميس المقبل", FRI_2025_10_03, "الخميس المقبل", day(date(2025, 10, 9)), "day"),
        ("والخميس", FRI_2025_10_03, "الخميس", day(date(2025, 10, 2)), "day"),
        ("he said on Wednesday", SUN_2025_11_16, "Wednesday", day(date(2025, 11, 12)), "day"),
        ("last Sunday", SUN_2025_11_16, "last Sunday", day(date(2025, 11, 9)), "day"),
    ],
)
def test_relative(sentence: str, published: date, text: str, span: tuple[date, date], granularity: str) -> None:
    found = only(sentence, published)
    assert (found.text, (found.earliest, found.latest), found.granularity) == (text, span, granularity)
    assert (found.relative, found.resolved) == (True, True)
    assert sentence[found.start : found.end] == found.text


@pytest.mark.parametrize(
    ("sentence", "text", "granularity"),
    [
        ("أمس الأربعاء", "أمس الأربعاء", "day"),
        ("صباح اليوم الخميس", "صباح اليوم الخميس", "day"),
        ("15 أكتوبر/تشرين الأول الماضي", "15 أكتوبر/تشرين الأول الماضي", "day"),
        ("في 15 أكتوبر", "15 أكتوبر", "day"),
        ("كانون الثاني الماضي", "كانون الثاني الماضي", "month"),
        ("في أكتوبر/تشرين الأول.", "أكتوبر/تشرين الأول", "month"),
        ("الشهر الماضي", "الشهر الماضي", "month"),
        ("العام الماضي", "العام الماضي", "year"),
        ("الأسبوع الماضي", "الأسبوع الماضي", "day"),
        ("يوم الأربعاء", "يوم الأربعاء", "day"),
        ("yesterday", "yesterday", "day"),
        ("on Oct. 15", "Oct. 15", "day"),
        ("last January", "last January", "month"),
    ],
)
def test_relative_without_publication_date_is_unresolved(sentence: str, text: str, granularity: str) -> None:
    found = only(sentence, None)
    assert (found.text, found.granularity, found.relative, found.resolved) == (text, granularity, True, False)
    assert (found.earliest, found.latest) == (None, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "يضم نحو 190 شخصية من وزارات",
        "منهية 61 عاما من حكم حزب البعث",
        "بينها 53 سنة من حكم عائلة الأسد",
        "في 2000 شخص",
        "أكثر من 2000 قتيل",
        "نحو 1990 شخصا",
        "3.5 مليون",
        "الساعة 12:10",
        "في 31 نوفمبر",  # no such day
        "وصل الوفد في اليوم التالي",
        "في ذلك اليوم",
        "في اليوم نفسه",
        'في تصريح لـ "حلب اليوم"، أن',
        "قالت قناة روسيا اليوم",
        "USA Today reported",
        "الفرق بين الاثنين كبير",
        "بعد صلاة الجمعة",
        "الأحد عشر",
        "هذا الأسبوع",  # no agreed span
        "مرهف أبو قصرة",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, SUN_2025_11_16) == []


def test_several_mentions_in_order_with_offsets_into_the_original() -> None:
    sentence = "وصل أمسِ الأربعاءَ، بعد زيارة في ٩ أيلول الفائت، وقبل ذلك في سبتمبر/ أيلول 2015."
    found = find_dates(sentence, FRI_2025_10_03)
    assert [(m.text, m.earliest) for m in found] == [
        ("أمسِ الأربعاءَ", date(2025, 10, 1)),
        ("٩ أيلول الفائت", date(2025, 9, 9)),
        ("سبتمبر/ أيلول 2015", date(2015, 9, 1)),
    ]
    assert all(sentence[m.start : m.end] == m.text for m in found)


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        ("في 15 أكتوبر 2025", "15 أكتوبر 2025"),  # not "أكتوبر 2025"
        ("صباح اليوم الخميس", "صباح اليوم الخميس"),  # not "الخميس"
        ("بين عامي 2011 و2024", "بين عامي 2011 و2024"),  # not "عامي 2011"
        ("أول أمس", "أول أمس"),  # not "أمس"
    ],
)
def test_longest_match_wins(sentence: str, text: str) -> None:
    assert only(sentence, SUN_2025_11_16).text == text


def test_datetime_publication_is_accepted() -> None:
    assert only("أمس", datetime(2025, 10, 3, 0, 10)).earliest == date(2025, 10, 2)


@pytest.mark.parametrize(
    ("prefix", "texts"),
    [
        ("001", ["الجمعة, 3 أكتوبر 2025", "صباح اليوم الخميس", "18 أيلول الفائت", "9 أيلول الفائت", "31 تموز الفائت"]),
        (
            "003",
            ["٤ شباط ٢٠٢٦", "يوم الأربعاء", "كانون الثاني الماضي", "تشرين الثاني الماضي", "تشرين الأول الماضي", "أمس"],
        ),
        ("004", ["يوم الأربعاء", "أكتوبر/تشرين الأول", "ديسمبر 2024"]),
    ],
)
def test_seed_mentions(prefix: str, texts: list[str]) -> None:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    published = find_publication_date(text)
    assert [m.text for line in text.splitlines() for m in find_dates(line, published)] == texts


# --- formatting ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "en", "ar"),
    [
        ("15 أكتوبر/تشرين الأول الماضي", SUN_2025_11_16, "15 October 2025", "15 أكتوبر 2025"),
        ("كانون الثاني الماضي", WED_2026_02_04, "January 2026", "يناير 2026"),
        ("عام 2015", None, "2015", "2015"),
        ("بين عامي 2011 و2024", None, "2011–2024", "2011–2024"),
        ("الأسبوع الماضي", date(2025, 10, 5), "28 September – 4 October 2025", "28 سبتمبر – 4 أكتوبر 2025"),
        ("last week", SUN_2025_11_16, "9–15 November 2025", "9–15 نوفمبر 2025"),
        ("last week", date(2026, 1, 3), "27 December 2025 – 2 January 2026", "27 ديسمبر 2025 – 2 يناير 2026"),
        (
            "أمس الأربعاء",
            None,
            "a Wednesday (the article is undated)",
            "يوم الأربعاء (المقال غير مؤرخ)",
        ),
        ("15 أكتوبر الماضي", None, "15 October (year not given)", "15 أكتوبر (السنة غير مذكورة)"),
        ("في أكتوبر", None, "October (year not given)", "أكتوبر (السنة غير مذكورة)"),
        ("أمس", None, "yesterday (the article is undated)", "أمس (المقال غير مؤرخ)"),
        ("الأسبوع الماضي", None, "last week (the article is undated)", "الأسبوع الماضي (المقال غير مؤرخ)"),
    ],
)
def test_format_date(sentence: str, published: date | None, en: str, ar: str) -> None:
    found = only(sentence, published)
    assert (format_date(found, "en"), format_date(found, "ar")) == (en, ar)


@pytest.mark.parametrize(
    ("d", "en", "ar"),
    [
        (date(2025, 10, 3), "Friday", "الجمعة"),
        (date(2025, 10, 2), "Thursday", "الخميس"),
        (date(2025, 10, 1), "Wednesday", "الأربعاء"),
        (date(2025, 9, 30), "Tuesday", "الثلاثاء"),
        (date(2025, 9, 29), "Monday", "الاثنين"),
        (date(2025, 9, 28), "Sunday", "الأحد"),
        (date(2025, 9, 27), "Saturday", "السبت"),
    ],
)
def test_weekday_name(d: date, en: str, ar: str) -> None:
    assert (weekday_name(d, "en"), weekday_name(d, "ar")) == (en, ar)


@pytest.mark.parametrize(
    ("number", "en", "ar"), [(1, "January", "يناير"), (4, "April", "أبريل"), (12, "December", "ديسمبر")]
)
def test_month_name(number: int, en: str, ar: str) -> None:
    assert (month_name(number, "en"), month_name(number, "ar")) == (en, ar)


@pytest.mark.parametrize(
    ("day", "en", "ar"),
    [
        (SUN_2025_11_16, "Sunday 16 November 2025", "الأحد 16 نوفمبر 2025"),
        (None, "undated", "بلا تاريخ"),
    ],
)
def test_format_day(day: date | None, en: str, ar: str) -> None:
    assert (format_day(day, "en"), format_day(day, "ar")) == (en, ar)
    assert format_day(SUN_2025_11_16, "en", weekday=False) == "16 November 2025"


def test_skipping_the_rules_a_sentence_cannot_match_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """`find_dates` tries a rule only when the sentence holds the words every match of it contains; trying
    every rule on every sentence of the seed articles finds exactly the same."""
    sentences = [
        text[span.start : span.end] for path in sorted(SEEDS.glob("*.txt")) for text in [path.read_text("utf-8")]
        for span in split_sentences(text)
    ]  # fmt: skip
    sentences += ["He left last Wednesday, not on October 15, 2025.", "The day before yesterday, in 2011-2024."]
    anchors = (None, FRI_2025_10_03, WED_2026_02_04)
    quick = [find_dates(s, p) for s in sentences for p in anchors]
    assert sum(map(bool, quick)) > 30
    monkeypatch.setattr(mentions, "_RULES", tuple(rule._replace(needs=()) for rule in mentions._RULES))
    assert [find_dates(s, p) for s in sentences for p in anchors] == quick
