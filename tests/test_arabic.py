import random

import pytest

from retrieval.text.arabic import (
    DROPPED,
    FOLD_TABLE,
    content_stems,
    detect_language,
    fold,
    fold_keeping_offsets,
    light_stem,
    normalize_digits,
    tokens,
)


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("أَحْمَدُ", "احمد"),
        ("إلى", "الي"),
        ("آذار", "اذار"),
        ("مدرسة", "مدرسه"),
        ("مستشفـــى", "مستشفي"),
        ("٤ شباط ٢٠٢٦", "4 شباط 2026"),
        ("۱۲", "12"),
        ("Moscow", "moscow"),
        ("ﻻ", "لا"),  # a presentation form, folded by NFKC
        ("مسؤول", "مسوول"),  # hamza on waw
        ("رئيس", "رييس"),  # hamza on ya
        ("کیف", "كيف"),  # Persian kaf and ya
        ("مو‏سكو", "موسكو"),  # a direction mark left inside a word
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_keeping_offsets_maps_back_to_the_original() -> None:
    folded, origin = fold_keeping_offsets("أَمسِ ٥")
    assert folded == "امس 5"
    assert origin == [0, 2, 3, 5, 6, 7]  # the diacritics at 1 and 4 are dropped; the last entry is the end


def test_fold_and_fold_keeping_offsets_agree() -> None:
    for text in ("أَحْمَدُ إلى آذار", "مسؤول رئيس کیف", "Moscow ٤ شباط ٢٠٢٦"):
        assert fold_keeping_offsets(text)[0] == fold(text)


def test_fold_keeping_offsets_of_runs_of_marks_and_a_letter_whose_lower_case_is_longer() -> None:
    assert fold_keeping_offsets("\u200fقالَّ\u200f") == ("قال", [1, 2, 3, 7])
    assert fold_keeping_offsets("İstanbul ١") == ("İstanbul 1", list(range(11)))  # İ lower-cases to two letters


def _fold_one_by_one(text: str) -> tuple[str, list[int]]:
    """The rule of `fold_keeping_offsets`, applied one character at a time."""
    chars, origin = [], []
    for i, ch in enumerate(text):
        if ord(ch) not in DROPPED:
            ch = FOLD_TABLE.get(ord(ch), ch)
            chars.append(ch.lower() if len(ch.lower()) == 1 else ch)
            origin.append(i)
    return "".join(chars), [*origin, len(text)]


def test_fold_keeping_offsets_is_the_character_by_character_rule() -> None:
    rng = random.Random(7)
    alphabet = [chr(c) for c in (*DROPPED, *FOLD_TABLE, 0x0609, 0x061B, 0x0660, 0x06EE, 0x200B, 0x2010)]
    alphabet += list("aZİßﬁΣ .،؟0ابتثة")
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        assert fold_keeping_offsets(text) == _fold_one_by_one(text), text


def test_normalize_digits_keeps_everything_else() -> None:
    assert normalize_digits("في ١٥ أكتوبر") == "في 15 أكتوبر"


def test_tokens_split_on_punctuation() -> None:
    assert tokens("قال: «نعم»، 2025-11-16") == ["قال", "نعم", "2025", "11", "16"]


@pytest.mark.parametrize(
    ("token", "stem"),
    [
        ("والقواعد", "قواعد"),
        ("بالتنسيق", "تنسيق"),
        ("للجيش", "جيش"),
        ("زيارات", "زيار"),
        ("bases", "base"),
        ("is", "is"),
    ],
)
def test_light_stem(token: str, stem: str) -> None:
    assert light_stem(fold(token)) == stem


def test_content_stems_drop_stopwords() -> None:
    assert content_stems("متى زار الرئيس موسكو؟") == ["زار", "رييس", "موسكو"]
    assert content_stems("When did the president visit Moscow?") == ["president", "visit", "moscow"]


@pytest.mark.parametrize(
    ("text", "language"),
    [("When did he arrive?", "en"), ("متى وصل؟", "ar"), ("ما معنى NATO؟", "ar"), ("123", "en")],
)
def test_detect_language(text: str, language: str) -> None:
    assert detect_language(text) == language
