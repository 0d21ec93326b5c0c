import pytest

from retrieval.text.transliteration import arabic_skeletons, as_stemmed, latin_skeleton, skeletons_match


@pytest.mark.parametrize(
    ("latin", "arabic"),
    [("Moscow", "موسكو"), ("al-Sharaa", "الشرع"), ("Belousov", "بيلوسوف"), ("Tartus", "طرطوس"),
     ("Kremlin", "الكرملين"), ("Najjar", "نجار"), ("Putin", "بوتين"), ("Yevkurov", "بيفكوروف")],
)  # fmt: skip
def test_names_match_across_scripts(latin: str, arabic: str) -> None:
    assert any(skeletons_match(latin_skeleton(latin), s) for s in arabic_skeletons(arabic))


@pytest.mark.parametrize(("latin", "arabic"), [("Moscow", "دمشق"), ("Putin", "بيروت"), ("visit", "زيارة")])
def test_different_words_do_not_match(latin: str, arabic: str) -> None:
    assert not any(skeletons_match(latin_skeleton(latin), s) for s in arabic_skeletons(arabic))


def test_short_skeletons_never_match() -> None:
    assert latin_skeleton("Abu") == "B"
    assert not skeletons_match("B", "B")


def test_as_stemmed_drops_leading_prefix_consonants_the_stemmer_may_have_taken() -> None:
    assert as_stemmed(latin_skeleton("Vladimir")) == ["FLDMR", "LDMR", "DMR"]
    assert as_stemmed(latin_skeleton("Moscow")) == ["MSK"]
    assert as_stemmed("BTN") == ["BTN"]  # "TN" would be too short to mean anything
