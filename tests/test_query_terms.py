"""The one term model of a question, its BM25 groups and coverage, on tiny literal indexes."""

import datetime as dt
import math

import pytest

from retrieval.index.lexical import LexicalIndex
from retrieval.text.arabic import content_stems
from retrieval.text.dates import find_dates
from retrieval.text.glossary import arabic_stems_for
from retrieval.text.query import QueryTerms, is_name

VOCABULARY = ["بيلوسوف", "موسكو", "كلود", "زيار", "ميناء"]


def groups(question: str, vocabulary: list[str] = VOCABULARY) -> list[frozenset[str]]:
    """The question's BM25 groups over an index whose vocabulary is `vocabulary` plus the question's own words."""
    index = LexicalIndex.build(["v", "q"], [" ".join(vocabulary), question], "g")
    return index.groups_for(QueryTerms.of(question))


def test_each_english_word_is_one_group_of_its_stem_glosses_and_name_matches() -> None:
    found = groups("When did Belousov visit Moscow?", [*VOCABULARY, *_arabic_glosses("visit")])
    assert found == [
        frozenset({"belousov", *content_stems("بيلوسوف")}),  # indexed as يلوسوف: the stemmer took the ب
        frozenset({"visit"} | arabic_stems_for("visit")),
        frozenset({"moscow", "موسكو"}),
    ]


def _arabic_glosses(word: str) -> list[str]:
    return sorted(arabic_stems_for(word))


def test_lower_case_words_are_not_matched_as_names_when_the_question_has_capitals() -> None:
    assert groups("What could Belousov do?")[0] == frozenset({"could"})
    # Typed all in lower case, a word the glossary does not know may be a name.
    assert groups("what could belousov do?")[0] == frozenset({"could", "كلود"})


def test_arabic_words_and_numbers_in_a_mixed_question_stand_for_themselves() -> None:
    terms = QueryTerms.of("Who visited الميناء in 2025?").terms
    assert frozenset(content_stems("الميناء")) in [t.stems for t in terms]
    (year,) = [t for t in terms if t.period]
    assert year.stems == frozenset({"2025"}) and year.period == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


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


def search(index: LexicalIndex, question: str, k: int) -> list[tuple[str, float]]:
    return index.search(index.groups_for(QueryTerms.of(question)), k)


def coverage(index: LexicalIndex, question: str, ids: list[str]) -> dict[str, float]:
    return index.coverage(index.groups_for(QueryTerms.of(question)), ids)


def test_a_word_with_many_glosses_counts_once() -> None:
    index = index_of("زيارة وزار ويزور", "زيارة إلى موسكو")
    # The first passage has three glosses of "visit"; the second has one of them and Moscow.
    assert [pid for pid, _ in index.search(index.groups_for(QueryTerms.of("visit Moscow")), 2)] == ["p1", "p0"]


def test_search_returns_only_matching_passages_best_first() -> None:
    index = index_of("ميناء العقبة", "ميناء جديد", "مهرجان الشعر")
    assert [pid for pid, _ in search(index, "ميناء العقبة", 5)] == ["p0", "p1"]
    assert search(index, "ميناء", 0) == [] and search(index, "قطار", 3) == []


def test_coverage_is_the_rarity_weighted_share_of_the_question_found() -> None:
    index = index_of("ميناء العقبة", "ميناء جديد", "مهرجان الشعر", "مهرجان جديد")
    port, aqaba = 1 + math.log(1 + 2.5 / 2.5), 1 + math.log(1 + 3.5 / 1.5)  # 1 + idf, df 2 and 1 of 4
    found = coverage(index, "ميناء العقبة", ["p0", "p1", "p2", "unknown"])
    assert found == pytest.approx({"p0": 1.0, "p1": port / (port + aqaba), "p2": 0.0})


def test_a_word_no_passage_contains_still_counts_in_the_whole() -> None:
    index = index_of("ميناء العقبة", "ميناء جديد", "مهرجان الشعر", "مهرجان جديد")
    port, unseen = 1 + math.log(2), 1 + math.log(1 + 4.5 / 0.5)
    assert coverage(index, "ميناء غزة", ["p0"]) == pytest.approx({"p0": port / (port + unseen)})
    assert coverage(index, "من هو؟", ["p0"]) == {}  # stopwords only: nothing to cover


def test_sentence_coverage_matches_words_translations_names_and_dates_by_the_same_terms() -> None:
    terms = QueryTerms.of("When did Belousov visit Moscow in October 2025?")
    sentence = "زار بيلوسوف موسكو في 15 أكتوبر."
    dates = find_dates(sentence, dt.date(2025, 11, 16))
    assert terms.found_in(sentence, dates) == [True, True, True, True]  # name, gloss, gloss or name, period
    assert terms.found_in("زار بيلوسوف موسكو في 15 أكتوبر.", find_dates(sentence, dt.date(2026, 11, 16)))[-1] is False
