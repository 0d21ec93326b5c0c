import pytest

from retrieval.arabic import content_stems, detect_language, fold, light_stem, normalize_digits, tokens


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
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


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
