"""Term groups for questions in either script, and BM25 / coverage over them, on tiny literal indexes."""

import math

import pytest

from retrieval.arabic import content_stems
from retrieval.glossary import arabic_stems_for
from retrieval.lexical import LexicalIndex
from retrieval.query_expansion import CrossScriptExpander, is_name

VOCABULARY = ["بيلوسوف", "موسكو", "كلود", "زيار", "ميناء"]


def test_each_english_word_is_one_group_of_its_stem_glosses_and_name_matches() -> None:
    groups = CrossScriptExpander(VOCABULARY).groups("When did Belousov visit Moscow?")
    assert groups == [
        frozenset({"belousov", "بيلوسوف"}),
        frozenset({"visit"} | arabic_stems_for("visit")),
        frozenset({"moscow", "موسكو"}),
    ]


def test_lower_case_words_are_not_matched_as_names_when_the_question_has_capitals() -> None:
    expander = CrossScriptExpander(VOCABULARY)
    assert expander.groups("What could Belousov do?")[0] == frozenset({"could"})
    # Typed all in lower case, a word the glossary does not know may be a name.
    assert expander.groups("what could belousov do?")[0] == frozenset({"could", "كلود"})


def test_arabic_words_and_numbers_in_a_mixed_question_stand_for_themselves() -> None:
    groups = CrossScriptExpander(VOCABULARY).groups("Who visited الميناء in 2025?")
    assert frozenset(content_stems("الميناء")) in groups and frozenset({"2025"}) in groups


@pytest.mark.parametrize(
    ("word", "first", "glossed", "capitals", "expected"),
    [
        ("Belousov", False, False, True, True),
        ("Belousov", True, False, True, True),  # opening the question, but no glossary word
        ("Visit", True, True, True, False),  # capitalised only because it opens the question
        ("NATO", False, True, True, True),
        ("visit", False, True, True, False),
        ("belousov", False, False, False, True),
        ("visit", False, True, False, False),
    ],
)
def test_what_counts_as_a_name(word: str, first: bool, glossed: bool, capitals: bool, expected: bool) -> None:
    assert is_name(word, first=first, glossed=glossed, capitals=capitals) is expected


def index_of(*texts: str) -> LexicalIndex:
    return LexicalIndex.build([f"p{i}" for i in range(len(texts))], list(texts), "g1")


def test_a_word_with_many_glosses_counts_once() -> None:
    index = index_of("زيارة وزار ويزور", "زيارة إلى موسكو")
    # The first passage has three glosses of "visit"; the second has one of them and Moscow.
    assert [pid for pid, _ in index.search("visit Moscow", 2)] == ["p1", "p0"]


def test_search_returns_only_matching_passages_best_first() -> None:
    index = index_of("ميناء العقبة", "ميناء جديد", "مهرجان الشعر")
    assert [pid for pid, _ in index.search("ميناء العقبة", 5)] == ["p0", "p1"]
    assert index.search("ميناء", 0) == [] and index.search("قطار", 3) == []


def test_coverage_is_the_rarity_weighted_share_of_the_question_found() -> None:
    index = index_of("ميناء العقبة", "ميناء جديد", "مهرجان الشعر", "مهرجان جديد")
    port, aqaba = 1 + math.log(1 + 2.5 / 2.5), 1 + math.log(1 + 3.5 / 1.5)  # 1 + idf, df 2 and 1 of 4
    coverage = index.coverage("ميناء العقبة", ["p0", "p1", "p2", "unknown"])
    assert coverage == pytest.approx({"p0": 1.0, "p1": port / (port + aqaba), "p2": 0.0})


def test_a_word_no_passage_contains_still_counts_in_the_whole() -> None:
    index = index_of("ميناء العقبة", "ميناء جديد", "مهرجان الشعر", "مهرجان جديد")
    port, unseen = 1 + math.log(2), 1 + math.log(1 + 4.5 / 0.5)
    assert index.coverage("ميناء غزة", ["p0"]) == pytest.approx({"p0": port / (port + unseen)})
    assert index.coverage("من هو؟", ["p0"]) == {}  # stopwords only: nothing to cover
