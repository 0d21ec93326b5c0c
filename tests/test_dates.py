"""Publication dates and date mentions: tiny literal strings, each with its anchor and exact expected output."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from retrieval.text.dates import (
    DateMention,
    DateParts,
    find_dates,
    find_publication_date,
    format_date,
    format_day,
    month_name,
    weekday_name,
)

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


# --- ordinal day words and Hijri dates ------------------------------------------------------------------

MON_2015_07_20 = date(2015, 7, 20)  # 4 Shawwal 1436


@pytest.mark.parametrize(
    ("sentence", "published", "text", "span", "calendar"),
    [
        # ordinal days, masculine and feminine, with and without من شهر
        (
            "صوتت المجموعة في السادس والعشرين من شهر يونيو الماضي",
            MON_2015_07_20,
            "السادس والعشرين من شهر يونيو الماضي",
            day(date(2015, 6, 26)),
            "gregorian",
        ),
        ("في الأول من أغسطس", MON_2015_07_20, "الأول من أغسطس", day(date(2014, 8, 1)), "gregorian"),
        ("في الحادي عشر من سبتمبر 2001", None, "الحادي عشر من سبتمبر 2001", day(date(2001, 9, 11)), "gregorian"),
        (
            "في الحادي و العشرين من مايو",
            MON_2015_07_20,
            "الحادي و العشرين من مايو",
            day(date(2015, 5, 21)),
            "gregorian",
        ),
        (
            "حتى الحادي والثلاثين من ديسمبر 2015",
            None,
            "الحادي والثلاثين من ديسمبر 2015",
            day(date(2015, 12, 31)),
            "gregorian",
        ),
        ("الثانية من مايو", MON_2015_07_20, "الثانية من مايو", day(date(2015, 5, 2)), "gregorian"),
        ("في العشرين من يوليو الجاري", MON_2015_07_20, "العشرين من يوليو الجاري", day(date(2015, 7, 20)), "gregorian"),
        ("اليوم الثالث عشر من أكتوبر 2014", None, "الثالث عشر من أكتوبر 2014", day(date(2014, 10, 13)), "gregorian"),
        ("الخميس الأول من أكتوبر 2015", None, "الخميس الأول من أكتوبر 2015", day(date(2015, 10, 1)), "gregorian"),
        # Hijri days, with a year (هـ, هجري, للهجرة) or placed before the publication date
        ("التاسع من شهر رمضان 1436 هـ", None, "التاسع من شهر رمضان 1436 هـ", day(date(2015, 6, 26)), "hijri"),
        ("في 9 رمضان 1436هـ.", None, "9 رمضان 1436هـ", day(date(2015, 6, 26)), "hijri"),
        (
            "الأول من ربيع الآخر عام 1436 للهجرة",
            None,
            "الأول من ربيع الآخر عام 1436 للهجرة",
            day(date(2015, 1, 21)),
            "hijri",
        ),
        ("في 1 ذي القعدة", MON_2015_07_20, "1 ذي القعدة", day(date(2014, 8, 27)), "hijri"),
        ("في 1 ذو القعدة", MON_2015_07_20, "1 ذو القعدة", day(date(2014, 8, 27)), "hijri"),
        ("غرة شوال", MON_2015_07_20, "غرة شوال", day(date(2015, 7, 17)), "hijri"),
        ("في 4 شوال", MON_2015_07_20, "4 شوال", day(MON_2015_07_20), "hijri"),  # the publication day itself
        ("في 5 شوال", MON_2015_07_20, "5 شوال", day(date(2014, 8, 1)), "hijri"),  # a day later: the year before
        ("العاشر من ذي الحجة", MON_2015_07_20, "العاشر من ذي الحجة", day(date(2014, 10, 4)), "hijri"),
        ("الأول من رمضان القادم", MON_2015_07_20, "الأول من رمضان القادم", day(date(2016, 6, 6)), "hijri"),
        ("انطلق الخميس غرة ذي الحجة", MON_2015_07_20, "الخميس غرة ذي الحجة", day(date(2014, 9, 25)), "hijri"),
        # Hijri months and years: the exact span of Gregorian days
        ("ربيع الأول 1440 هـ", None, "ربيع الأول 1440 هـ", (date(2018, 11, 9), date(2018, 12, 7)), "hijri"),
        ("صفر 1437هـ", None, "صفر 1437هـ", (date(2015, 11, 13), date(2015, 12, 11)), "hijri"),
        ("جمادى الآخرة 1436", None, "جمادى الآخرة 1436", (date(2015, 3, 21), date(2015, 4, 19)), "hijri"),
        (
            "خلال شهر رمضان المبارك",
            MON_2015_07_20,
            "شهر رمضان المبارك",
            (date(2015, 6, 18), date(2015, 7, 16)),
            "hijri",
        ),
        ("في رمضان الماضي", MON_2015_07_20, "رمضان الماضي", (date(2015, 6, 18), date(2015, 7, 16)), "hijri"),
        ("في رمضان", MON_2015_07_20, "رمضان", (date(2015, 6, 18), date(2015, 7, 16)), "hijri"),
        ("في ذي الحجة", MON_2015_07_20, "ذي الحجة", (date(2014, 9, 25), date(2014, 10, 24)), "hijri"),
        ("شهر شعبان", MON_2015_07_20, "شهر شعبان", (date(2015, 5, 19), date(2015, 6, 17)), "hijri"),
        ("عام 1436هـ", None, "عام 1436هـ", (date(2014, 10, 25), date(2015, 10, 13)), "hijri"),
        ("في العام 1436 هجرية", None, "العام 1436 هجرية", (date(2014, 10, 25), date(2015, 10, 13)), "hijri"),
    ],
)
def test_ordinal_and_hijri(
    sentence: str, published: date | None, text: str, span: tuple[date, date], calendar: str
) -> None:
    found = only(sentence, published)
    assert (found.text, (found.earliest, found.latest)) == (text, span)
    assert sentence[found.start : found.end] == found.text
    assert type(found.earliest) is date  # not a calendar library's subclass
    assert found.parts.calendar == calendar


@pytest.mark.parametrize(
    ("sentence", "parts"),
    [
        ("التاسع من شهر رمضان 1436 هـ", DateParts(day=9, month=9, year=1436, calendar="hijri")),
        ("1 ذي القعدة", DateParts(day=1, month=11, calendar="hijri")),
        ("السادس والعشرين من شهر يونيو", DateParts(day=26, month=6)),
    ],
)
def test_parts_say_the_calendar(sentence: str, parts: DateParts) -> None:
    assert only(sentence, None).parts == parts


def test_hijri_and_gregorian_of_one_day_are_two_mentions() -> None:
    sentence = "وصل في التاسع من شهر رمضان 1436 هـ الموافق 26 يونيو 2015"
    found = find_dates(sentence, None)
    assert [(m.text, m.earliest, m.parts.calendar) for m in found] == [
        ("التاسع من شهر رمضان 1436 هـ", date(2015, 6, 26), "hijri"),
        ("26 يونيو 2015", date(2015, 6, 26), "gregorian"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "الأسبوع الأول من أكتوبر",  # an ordinal qualifying a noun, not a day
        "النصف الثاني من مايو",
        "العدد الثالث من يونيو",
        "رجب طيب أردوغان",  # a Hijri month name that is also a given name
        "في شعبان",  # ... alone, it needs شهر
        "نسبة صفر",
        "سلاح محرم دوليا",
        "رمضان كريم",
        "عام 1436",  # a Hijri year needs هـ / هجري
    ],
)
def test_not_ordinal_or_hijri_dates(sentence: str) -> None:
    assert find_dates(sentence, MON_2015_07_20) == []


def test_a_day_the_hijri_month_does_not_have_leaves_the_month() -> None:
    assert only("في 30 رمضان 1436", None).text == "رمضان 1436"  # Ramadan 1436 had 29 days


def test_month_name_with_an_ordinal_is_not_a_day() -> None:
    found = only("في تشرين الأول من عام 2020", None)
    assert (found.text, found.granularity) == ("تشرين الأول من عام 2020", "month")


@pytest.mark.parametrize(
    ("sentence", "published", "en", "ar"),
    [
        ("التاسع من شهر رمضان 1436 هـ", None, "26 June 2015 (9 Ramadan 1436 AH)", "26 يونيو 2015 (9 رمضان 1436 هـ)"),
        (
            "1 ذي القعدة",
            MON_2015_07_20,
            "27 August 2014 (1 Dhu al-Qadah 1435 AH)",
            "27 أغسطس 2014 (1 ذو القعدة 1435 هـ)",
        ),
        (
            "شهر رمضان",
            MON_2015_07_20,
            "18 June – 16 July 2015 (Ramadan 1436 AH)",
            "18 يونيو – 16 يوليو 2015 (رمضان 1436 هـ)",
        ),
        (
            "عام 1436هـ",
            None,
            "25 October 2014 – 13 October 2015 (1436 AH)",
            "25 أكتوبر 2014 – 13 أكتوبر 2015 (1436 هـ)",
        ),
        ("1 ذي القعدة", None, "1 Dhu al-Qadah (year not given)", "1 ذو القعدة (السنة غير مذكورة)"),
        ("شهر رمضان", None, "Ramadan (year not given)", "رمضان (السنة غير مذكورة)"),
    ],
)
def test_format_hijri_date(sentence: str, published: date | None, en: str, ar: str) -> None:
    found = only(sentence, published)
    assert (format_date(found, "en"), format_date(found, "ar")) == (en, ar)


# --- years of any age, decades, centuries; folded prepositions --------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "text", "span"),
    [
        ("في عام 1707.", None, "عام 1707", year(1707)),
        ("تأسست الجامعة عام 1636 في", None, "عام 1636", year(1636)),
        ("المنحة الأبوية التوجيهية لسنة 1996.", None, "لسنة 1996", year(1996)),
        ("قام بشراكة في 1886، روبرت لين", None, "1886", year(1886)),
        ("أسس المكتب في 1263 في عهد كوبلاي", None, "1263", year(1263)),
        ("أغنيتهم الأشهر (1971) أعيد غناؤها", None, "1971", year(1971)),
        ("غزو اليمن سنة 533م، وسيطروا", None, "سنة 533م", year(533)),
        ("ولد 1804م في", None, "1804م", year(1804)),
        ("ظهرت في العام 940 ميلادية.", None, "940 ميلادية", year(940)),
        ("من 2011 إلى 2024، تغير", None, "من 2011 إلى 2024", year(2011, 2024)),
        ("من 2011 حتى 2024.", None, "من 2011 حتى 2024", year(2011, 2024)),
        ("حتى 1935 وبعد ذلك", None, "1935", year(1935)),
        ("ستينات القرن العشرين", None, "ستينات القرن العشرين", year(1960, 1969)),
        ("أربعينات القرن الماضي", MON_2015_07_20, "أربعينات القرن الماضي", year(1940, 1949)),
        ("في أواخر الثمانينيات", MON_2015_07_20, "الثمانينيات", year(1980, 1989)),
        ("in the 1990s,", None, "the 1990s", year(1990, 1999)),
        ("في القرن التاسع عشر", None, "القرن التاسع عشر", year(1801, 1900)),
        ("في القرن 19 الميلادي", None, "القرن 19 الميلادي", year(1801, 1900)),
        ("القرن الحادي والعشرين", None, "القرن الحادي والعشرين", year(2001, 2100)),
        ("in the 19th century", None, "the 19th century", year(1801, 1900)),
        ("منذ القرن الماضي", MON_2015_07_20, "القرن الماضي", year(1901, 2000)),
    ],
)
def test_years_decades_centuries(sentence: str, published: date | None, text: str, span: tuple[date, date]) -> None:
    found = only(sentence, published)
    assert (found.text, (found.earliest, found.latest), found.granularity) == (text, span, "year")
    assert sentence[found.start : found.end] == found.text


@pytest.mark.parametrize(
    "sentence",
    [
        "عام 1436",  # may be Hijri: needs هـ or م
        "في عام 499 ق.م، بدأ",  # before Christ: not a date the calendar holds
        "حوالي 3000 قبل الميلاد وحتى سنة 1200 قبل الميلاد",
        "في القرن الخامس قبل الميلاد",
        "سباق 100م",  # a hundred metres
        "القرن الأفريقي",  # the Horn of Africa
        "في 1400، قال",  # 1300-1499 without an era
    ],
)
def test_not_years(sentence: str) -> None:
    assert find_dates(sentence, MON_2015_07_20) == []


def test_maghreb_month_names() -> None:
    found = only("في ماي 2013، تبعه", None)
    assert (found.text, found.earliest, found.latest) == ("ماي 2013", *month(2013, 5))
    assert only("في 5 جويلية 2014", None).earliest == date(2014, 7, 5)


def test_decade_without_century_needs_the_publication_date() -> None:
    found = only("في التسعينيات", None)
    assert (found.relative, found.resolved) == (True, False)
    assert (only("في العشرينيات", MON_2015_07_20).earliest, only("في العشرينيات", date(2025, 1, 1)).earliest) == (
        date(1920, 1, 1),
        date(2020, 1, 1),
    )
