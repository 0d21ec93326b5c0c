"""Numbers in text: tiny literal strings with their exact spans and values."""

import pytest

from retrieval.text.numbers import Quantity, find_quantities, word_value


def found(text: str, **options: bool) -> list[tuple[str, float]]:
    return [(q.text, q.value) for q in find_quantities(text, **options)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ضم الوفد 190 شخصية", [("190", 190.0)]),
        ("ضم الوفد ١٩٠ شخصية", [("١٩٠", 190.0)]),
        ("بلغت 1,500 طن و٢٫٥ كيلو", [("1,500", 1500.0), ("٢٫٥", 2.5)]),
        ("ثلاثة وزراء وعشرين خبيرا", [("ثلاثة", 3.0), ("وعشرين", 20.0)]),
        ("two ministers and twelve experts", [("two", 2.0), ("twelve", 12.0)]),
        ("تكلفة 2.5 مليار ريال", [("2.5 مليار", 2.5e9)]),
        ("100 million dollars", [("100 million", 1e8)]),
        ("one of the ministers", []),
        ("وقال بوتين إن القاعدتين مهمتان", []),  # duals are counted only when asked for
        ("x³ and ²⁄₃", []),  # digit-like symbols that are not decimal digits
    ],
)
def test_find_quantities(text: str, expected: list[tuple[str, float]]) -> None:
    assert found(text) == expected


def test_dual_nouns_count_two_when_asked_but_short_names_do_not() -> None:
    assert found("وقال بوتين إن القاعدتين مهمتان", duals=True) == [("القاعدتين", 2.0), ("مهمتان", 2.0)]


def test_spans_point_into_the_text_and_skipped_spans_are_left_out() -> None:
    text = "في 15 أكتوبر وصل 40 شخصا"
    (forty,) = find_quantities(text, skip=[(3, 12)])
    assert text[forty.start : forty.end] == "40" and forty.value == 40


@pytest.mark.parametrize(("word", "value"), [("ثلاثه", 3), ("وثلاثه", 3), ("الف", 1000), ("موسكو", None)])
def test_word_value(word: str, value: int | None) -> None:
    assert word_value(word) == value


@pytest.mark.parametrize(("value", "digits"), [(190.0, "190"), (2.5, "2.5"), (2.5e9, "2,500,000,000")])
def test_digits(value: float, digits: str) -> None:
    assert Quantity(0, 1, "x", value).digits == digits
