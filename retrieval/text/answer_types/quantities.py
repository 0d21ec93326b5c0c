"""Dates, durations, amounts of money and counts in a sentence.

Numbers are read by `retrieval.text.numbers.find_quantities` (digits of any script, number words, scale words,
duals) outside the sentence's dates, then joined where the words join them ("ثلاثة ملايين", "five million",
"ثلاثة وعشرين"), and typed by the word next to them:

- DURATION: a number before a time unit (minute, hour, day, week, month, year, decade; Arabic singular, dual,
  plural, accusative: دقيقة، ساعات، يوما، أسابيع، أشهر، عاما ...; "two-day"); a dual time noun by itself
  (ساعتين، يومين، عامين); a time unit after لمدة / طوال / طيلة / for a ("لمدة أسبوع", "for an hour"); نصف ساعة.
  Its value is its length in days, its unit the unit as written. A date is not a duration: "منذ عام 2011"
  is read as a date first.
- MONEY: a number next to a currency (ريال، دولار، يورو ... riyal, dollar, SR, SAR, USD, $, €, £), after or
  before it. Its unit is the currency's code when the words fix it ($, SAR, "ريال سعودي", يورو), else its name.
- COUNT: any other number, with `counted` the word next to it (the noun after it, or before it when none
  follows; the dual noun itself for a dual); a percentage has the unit "percent". Numbers that only name
  something (القرار 2254, F-16, Boeing 777, 10:30) and bare years (a four-digit 19xx/20xx with no noun after
  it) are not counts.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from retrieval.text.answer_types.model import AnswerType, TypedMention
from retrieval.text.answer_types.places import find_places
from retrieval.text.answer_types.vocabulary import (
    CURRENCIES,
    CURRENCY_COUNTRIES,
    DUAL_TIME_UNITS,
    TIME_UNITS,
    accusative_base,
    folded_words,
)
from retrieval.text.answer_types.words import Word
from retrieval.text.arabic import STOPWORDS, fold, normalize_digits
from retrieval.text.dates import DateMention
from retrieval.text.numbers import NUMBER_WORDS, find_quantities

SCALES: dict[str, float] = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "الف": 1e3, "الفا": 1e3, "الاف": 1e3,
    "مليون": 1e6, "مليونا": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارا": 1e9, "مليارات": 1e9, "بليون": 1e9,
    "تريليون": 1e12,
}  # fmt: skip
# Dual scale words are a number by themselves: ملياري دولار is two billion dollars.
DUAL_SCALES: dict[str, float] = {
    "مليوني": 2e6, "مليونين": 2e6, "مليونان": 2e6, "ملياري": 2e9, "مليارين": 2e9, "ملياران": 2e9, "الفي": 2e3,
    "الفين": 2e3, "الفان": 2e3,
}  # fmt: skip
_PERCENT_AFTER = re.compile(r"\s*(?:%|٪|في\s+المئ?ة|في\s+المائة|بالمئ?ة|بالمائة|per\s*cent|percent)", re.IGNORECASE)
# Words before a number that make it a name or a label, not a count: القرار 2254، المادة 5، flight 370.
DESIGNATORS = folded_words("""
رقم القرار قرار المادة مادة الفقرة فقرة البند بند طراز الطراز موديل الموديل نسخة النسخة إصدار الإصدار الرحلة رحلة
الدورة الجولة الأسبوع الصفحة صفحة no number resolution article flight model route version page round chapter
boeing airbus
""")
DURATION_LEADS = folded_words("لمدة مدة طوال طيلة for lasting lasted")
ONE = folded_words("a an one")
HALF = {"نصف": 0.5, "half": 0.5, "ربع": 0.25, "quarter": 0.25}
RANGE_LINKS = folded_words("إلى الى و أو او حتى to or and - –")
_SEPARATORS = str.maketrans({"٬": ",", "٫": "."})
_TIME = re.compile(r"\d\s*:\s*$|^\s*:\s*\d")


@dataclass(frozen=True, slots=True)
class _Number:
    start: int
    end: int
    value: float
    dual_word: bool = False  # an Arabic dual noun read as 2 (قاعدتين)
    scale: float = 1.0  # the scale word it holds: 1e9 for "3 مليارات"
    counted_before: bool = False  # it follows the noun it counts (المواطنين الأربعة)


def quantity_mentions(sentence: str, words: Sequence[Word], dates: Sequence[DateMention]) -> list[TypedMention]:
    """The duration, money and count mentions of `sentence` (its dates are given, and never re-read)."""
    starts = [w.start for w in words]
    numbers = _numbers(sentence, words, starts, dates)
    found = [
        _duration(sentence, words, starts, n)
        or _money(sentence, words, starts, n)
        or _count(sentence, words, starts, n)
        for n in numbers
    ]
    found = _ranges(sentence, numbers, found)
    taken = [(m.start, m.end) for m in found] + [(d.start, d.end) for d in dates]
    found += _durations_without_number(sentence, words, taken)
    return sorted((m for m in found if m.type is not AnswerType.OTHER), key=lambda m: m.start)


# --- numbers --------------------------------------------------------------------------------------------


def _numbers(sentence: str, words: Sequence[Word], starts: list[int], dates: Sequence[DateMention]) -> list[_Number]:
    raw = find_quantities(_decimal_digits_only(sentence), [(d.start, d.end) for d in dates], duals=True)
    numbers: list[_Number] = []
    for q in raw:
        if any(d.start <= q.start < d.end or q.start <= d.start < q.end for d in dates):
            continue
        word = _word_at(words, starts, q.start)
        dual = q.is_word and q.value == 2 and not _is_number_word(word)
        if dual and (
            _is_singular_in_tan(word)
            or (numbers and numbers[-1].dual_word and _adjacent(words, starts, numbers[-1], q.start))
        ):
            continue  # البستان، باكستان: not duals; القاعدتين الروسيتين: the second dual agrees with the first
        teen = _TEENS.get(words[_next_word(words, starts, q.start) - 1].folded, 0) if word and q.value == 10 else 0
        if teen and _next_word(words, starts, q.start) > 0:  # اثنا عشر، إحدى عشرة
            before = words[_next_word(words, starts, q.start) - 1]
            numbers.append(_Number(before.start, q.end, float(teen)))
            continue
        scale = _digit_scale(q.text, q.value) if not q.is_word else 1.0
        current = _Number(q.start, q.end, q.value, dual_word=dual, scale=scale)
        if numbers and _joins(sentence, numbers[-1], current, words, starts):
            numbers[-1] = _joined(numbers[-1], current, words, starts)
        else:
            numbers.append(current)
    numbers = [_scaled(n, words, starts) for n in numbers]
    numbers += _dual_scales(words, numbers)
    numbers += _definite_numbers(words, numbers, dates)
    return [n for n in sorted(numbers, key=lambda n: n.start) if not _is_label(sentence, words, starts, n)]


# Digits that are not decimal (², ³, ①), blanked before reading numbers: find_quantities would take a word
# starting with one for a number and fail to read it. The basic plane holds them all but a few ancient scripts.
_NOT_DECIMAL = str.maketrans({chr(c): " " for c in range(0x10000) if chr(c).isdigit() and not chr(c).isdecimal()})


def _decimal_digits_only(text: str) -> str:
    """`text` with its non-decimal digits blanked, same length."""
    return text.translate(_NOT_DECIMAL)


def _digit_scale(text: str, value: float) -> float:
    """The scale a digit quantity carries: 1e9 for "2.5 مليار" (value 2.5e9), 1 for "190"."""
    digits = re.match(r"[\d.,]+", normalize_digits(text).translate(_SEPARATORS))
    base = float(digits.group().replace(",", "")) if digits and digits.group().strip(".,") else 0.0
    return value / base if base else 1.0


# The first word of eleven and twelve, which find_quantities does not read: أحد عشر، اثنا عشر.
_TEENS = {"احد": 11, "احدي": 11, "اثنا": 12, "اثني": 12, "اثنتا": 12, "اثنتي": 12}


def _is_singular_in_tan(word: Word | None) -> bool:
    """A word read as a dual that is not one: the land names in ستان (باكستان، البستان) and places."""
    if word is None:
        return False
    return any(f.endswith(("ستان", "ستين")) for f in word.forms) or bool(find_places([word]))


def _is_number_word(word: Word | None) -> bool:
    """ "two", "اثنين": a number word, not a dual noun."""
    return word is not None and any(f in NUMBER_WORDS for f in word.forms)


def _adjacent(words: Sequence[Word], starts: list[int], before: _Number, start: int) -> bool:
    i = _next_word(words, starts, before.end)
    return i < len(words) and words[i].start == start and not words[i].after_break


def _word_at(words: Sequence[Word], starts: list[int], position: int) -> Word | None:
    i = bisect.bisect_right(starts, position) - 1
    return words[i] if i >= 0 and words[i].start <= position < words[i].end else None


def _next_word(words: Sequence[Word], starts: list[int], position: int) -> int:
    """The index of the first word starting at or after `position` (len(words) when none)."""
    return bisect.bisect_left(starts, position)


def _joins(sentence: str, a: _Number, b: _Number, words: Sequence[Word], starts: list[int]) -> bool:
    """Whether two numbers written as words make one: ثلاثة وعشرين، ثلاثة عشر، twenty-five, three million."""
    gap = sentence[a.end : b.start]
    wa, wb = _word_at(words, starts, a.start), _word_at(words, starts, b.start)
    if wa is None or wb is None or a.dual_word or b.dual_word or not wb.folded[:1].isalpha():
        return False
    if wb.folded in SCALES or any(f in SCALES for f in wb.forms):
        return gap.strip() == ""
    if not wa.folded[:1].isalpha():
        return False
    if wb.folded in ("عشر", "عشره") and a.value < 10 and gap.strip() == "":
        return True  # ثلاثة عشر: thirteen
    arabic_and = gap.strip() == "" and wb.folded.startswith("و") and wb.folded not in SCALES
    english = gap in ("-", " ") and wa.folded.isascii() and a.value >= 20 and a.value % 10 == 0 and b.value < 10
    return arabic_and or english


def _joined(a: _Number, b: _Number, words: Sequence[Word], starts: list[int]) -> _Number:
    wb = _word_at(words, starts, b.start)
    if wb is not None and (wb.folded in SCALES or any(f in SCALES for f in wb.forms)):
        return _Number(a.start, b.end, a.value * b.value, scale=b.value)
    return _Number(a.start, b.end, a.value + b.value)


def _scaled(n: _Number, words: Sequence[Word], starts: list[int]) -> _Number:
    """A number word followed by a scale word find_quantities leaves alone: ثلاثة ملايين، عشرة آلاف."""
    i = _next_word(words, starts, n.end)
    if n.dual_word or i >= len(words) or words[i].after_break:
        return n
    scale = next((SCALES[f] for f in words[i].forms if f in SCALES), None)
    first = _word_at(words, starts, n.start)
    if scale is None or n.scale != 1.0 or (first is not None and first.folded in SCALES):
        return n
    return _Number(n.start, words[i].end, n.value * scale, scale=scale)


def _definite_numbers(words: Sequence[Word], numbers: list[_Number], dates: Sequence[DateMention]) -> list[_Number]:
    """A number word with the article after the noun it counts: المواطنين الأربعة، الفروع العشرين."""
    found = []
    for k, w in enumerate(words[1:], start=1):
        if not w.folded.startswith("ال") or w.after_break or not _is_noun_like(words[k - 1]):
            continue
        value = NUMBER_WORDS.get(w.folded[2:])
        inside = any(n.start <= w.start < n.end for n in numbers) or any(d.start <= w.start < d.end for d in dates)
        if value and value >= 3 and not inside:
            found.append(_Number(w.start, w.end, float(value), counted_before=True))
    return found


def _dual_scales(words: Sequence[Word], numbers: list[_Number]) -> list[_Number]:
    found = []
    for w in words:
        value = next((DUAL_SCALES[f] for f in w.forms if f in DUAL_SCALES), None)
        if value and not any(n.start <= w.start < n.end for n in numbers):
            found.append(_Number(w.start, w.end, value))
    return found


def _is_label(sentence: str, words: Sequence[Word], starts: list[int], n: _Number) -> bool:
    """A number that names something (القرار 2254، F-16، G20، 10:30) rather than counting it."""
    if _TIME.search(sentence[max(0, n.start - 2) : n.start]) or _TIME.search(sentence[n.end : n.end + 2]):
        return True
    i = _next_word(words, starts, n.start) - 1  # the word before the number
    if i < 0 or n.dual_word:
        return False
    before, gap = words[i], sentence[words[i].end : n.start]
    if before.is_latin and gap in ("", "-"):
        return True  # G20, F-16, COVID-19: letters written against the digits
    return gap.strip() == "" and any(f in DESIGNATORS for f in before.forms)


# --- types ----------------------------------------------------------------------------------------------


def _duration(sentence: str, words: Sequence[Word], starts: list[int], n: _Number) -> TypedMention | None:
    own = _word_at(words, starts, n.start)
    if n.dual_word and own is not None:
        unit = _time_unit(own)
        if unit:
            return _mention(sentence, AnswerType.DURATION, n.start, n.end, 2 * unit[1], unit=unit[0])
    i = _next_word(words, starts, n.end)
    if i < len(words) and not words[i].after_break and not n.dual_word:
        unit = _time_unit(words[i])
        if unit:
            return _mention(sentence, AnswerType.DURATION, n.start, words[i].end, n.value * unit[1], unit=unit[0])
    return None


def _time_unit(word: Word) -> tuple[str, float] | None:
    for form in word.forms:
        for candidate in (form, accusative_base(form)):
            if candidate in TIME_UNITS:
                return TIME_UNITS[candidate]
    return None


def _money(sentence: str, words: Sequence[Word], starts: list[int], n: _Number) -> TypedMention | None:
    if n.dual_word:
        return None
    return _currency_after(sentence, words, starts, n) or _currency_before(sentence, words, starts, n)


def _currency_after(sentence: str, words: Sequence[Word], starts: list[int], n: _Number) -> TypedMention | None:
    """2.5 مليار ريال، ثلاثة ملايين ريال سعودي، 300 pounds."""
    i = _next_word(words, starts, n.end)
    currency = _currency(words[i]) if i < len(words) and not words[i].after_break else None
    if currency is None:
        return None
    end, code = words[i].end, currency[1]
    if i + 1 < len(words) and not words[i + 1].after_break:  # ريال سعودي: whose currency
        country = next((CURRENCY_COUNTRIES[f] for f in words[i + 1].forms if f in CURRENCY_COUNTRIES), None)
        if country:
            end, code = words[i + 1].end, country
    return _mention(sentence, AnswerType.MONEY, n.start, end, n.value, unit=code or currency[0])


def _currency_before(sentence: str, words: Sequence[Word], starts: list[int], n: _Number) -> TypedMention | None:
    """$5 million, US$ 5, SAR 500, €10: the currency written right before the number."""
    j = _next_word(words, starts, n.start) - 1
    if j < 0 or sentence[words[j].end : n.start].strip():
        return None
    currency = _currency(words[j])
    if currency is None:
        return None
    start = words[j - 1].start if j > 0 and words[j - 1].folded == "us" and words[j].folded == "$" else words[j].start
    return _mention(sentence, AnswerType.MONEY, start, n.end, n.value, unit=currency[1] or currency[0])


def _currency(word: Word) -> tuple[str, str | None] | None:
    return next((CURRENCIES[f] for f in word.forms if f in CURRENCIES), None)


def _count(sentence: str, words: Sequence[Word], starts: list[int], n: _Number) -> TypedMention:
    own = _word_at(words, starts, n.start)
    if n.dual_word and own is not None:
        return _mention(sentence, AnswerType.COUNT, n.start, n.end, 2.0, counted=own.text)
    percent = _PERCENT_AFTER.match(sentence, n.end)
    if percent:
        return _mention(sentence, AnswerType.COUNT, n.start, percent.end(), n.value, unit="percent", counted="%")
    if _is_bare_year(sentence, words, starts, n):
        return _mention(sentence, AnswerType.OTHER, n.start, n.end, n.value)
    return _mention(sentence, AnswerType.COUNT, n.start, n.end, n.value, counted=_counted(words, starts, n))


def _is_bare_year(sentence: str, words: Sequence[Word], starts: list[int], n: _Number) -> bool:
    """19xx / 20xx written alone with no noun after it: a year (المنتدى السنوي 2015), not a count."""
    if not re.fullmatch(r"(?:19|20)\d\d", sentence[n.start : n.end]):
        return False
    i = _next_word(words, starts, n.end)
    return i >= len(words) or words[i].after_break or not _is_noun_like(words[i])


def _counted(words: Sequence[Word], starts: list[int], n: _Number) -> str | None:
    """The noun a number counts: the word after it (past من / of), or the word before when none follows."""
    if n.counted_before:
        return words[bisect.bisect_left(starts, n.start) - 1].text
    i = _next_word(words, starts, n.end)
    if i < len(words) and not words[i].after_break and words[i].folded in ("من", "of") and i + 1 < len(words):
        i += 1
    if i < len(words) and not words[i].after_break and _is_noun_like(words[i]):
        w = words[i]
        if w.is_latin and w.is_capitalised and i + 1 < len(words) and _is_noun_like(words[i + 1]):
            return f"{w.text} {words[i + 1].text}"  # 190 Saudi officials
        return w.text
    j = bisect.bisect_left(starts, n.start) - 1
    if j >= 0 and _is_noun_like(words[j]) and not (j + 1 < len(words) and words[j + 1].after_break):
        return words[j].text
    return None


def _is_noun_like(word: Word) -> bool:
    return not word.is_number and word.folded not in STOPWORDS and word.folded[:1].isalpha()


def _ranges(sentence: str, numbers: Sequence[_Number], found: list[TypedMention]) -> list[TypedMention]:
    """ "3 إلى 5 أيام", "2 to 3 billion dollars": a bare number before a duration or an amount takes its type,
    unit and scale."""
    out = list(found)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.type is not AnswerType.COUNT or b.type not in (AnswerType.DURATION, AnswerType.MONEY):
            continue
        if fold(sentence[a.end : b.start].strip()) not in RANGE_LINKS or a.unit == "percent":
            continue
        first, second = numbers[k], numbers[k + 1]
        per_unit = float(b.value) / second.value if isinstance(b.value, float) and second.value else 1.0
        scale = second.scale if first.scale == 1.0 else 1.0
        out[k] = replace(a, type=b.type, value=first.value * scale * per_unit, unit=b.unit, counted=None)
    return out


def _durations_without_number(sentence: str, words: Sequence[Word], taken: list[tuple[int, int]]) -> list[TypedMention]:
    """ساعتين، يومين، عامين; لمدة أسبوع، for a week; نصف ساعة, half an hour."""
    found: list[TypedMention] = []
    for i, w in enumerate(words):
        if any(s <= w.start < e for s, e in taken):
            continue
        unit = _time_unit(w)
        if unit is None:
            continue
        before = words[i - 1] if i > 0 and not w.after_break else None
        if any(f in DUAL_TIME_UNITS for f in w.forms):
            found.append(_mention(sentence, AnswerType.DURATION, w.start, w.end, 2 * unit[1], unit=unit[0]))
        elif before is not None and before.folded in HALF:
            found.append(
                _mention(
                    sentence, AnswerType.DURATION, before.start, w.end, HALF[before.folded] * unit[1], unit=unit[0]
                )
            )
        elif before is not None and before.folded in ONE and i > 1 and words[i - 2].folded in DURATION_LEADS:
            found.append(_mention(sentence, AnswerType.DURATION, before.start, w.end, unit[1], unit=unit[0]))
        elif before is not None and any(f in DURATION_LEADS for f in before.forms) and not w.is_latin:
            if i + 1 < len(words) and words[i + 1].is_number:
                continue  # لمدة عام 2015 is no duration
            found.append(_mention(sentence, AnswerType.DURATION, w.start, w.end, unit[1], unit=unit[0]))
    return found


def _mention(
    sentence: str,
    kind: AnswerType,
    start: int,
    end: int,
    value: float,
    *,
    unit: str | None = None,
    counted: str | None = None,
) -> TypedMention:
    return TypedMention(kind, start, end, sentence[start:end], value, unit=unit, counted=counted)
