"""Hybrid search's score: tiny hand-made candidates with known orders."""

import pytest

from retrieval.search.fusion import COVERAGE_WEIGHT, PERIOD_WEIGHT, SENTENCE_WEIGHT, Candidate, rank, shortlist


def test_the_score_adds_similarity_sentence_coverage_and_period() -> None:
    c = Candidate("p", dense=0.8, coverage=0.5, in_period=True, sentence=0.9)
    assert c.first_score == pytest.approx(0.8 + COVERAGE_WEIGHT * 0.5 + PERIOD_WEIGHT)
    assert c.score == pytest.approx(c.first_score + SENTENCE_WEIGHT * 0.9)


def test_a_passage_without_sentence_vectors_counts_its_own_similarity() -> None:
    c = Candidate("p", dense=0.8)
    assert c.score == pytest.approx(0.8 + SENTENCE_WEIGHT * 0.8)


def test_coverage_lifts_a_passage_that_contains_the_question_over_a_slightly_closer_one() -> None:
    close = Candidate("close", dense=0.82, coverage=0.0)
    worded = Candidate("worded", dense=0.80, coverage=1.0)
    assert [c.passage_id for c in rank([close, worded], {})] == ["worded", "close"]


def test_a_little_coverage_does_not_outweigh_a_clearly_closer_passage() -> None:
    close = Candidate("close", dense=0.85, coverage=0.0)
    worded = Candidate("worded", dense=0.78, coverage=0.2)
    assert [c.passage_id for c in rank([close, worded], {})] == ["close", "worded"]


def test_the_best_sentence_reorders_passages() -> None:
    a = Candidate("a", dense=0.80)
    b = Candidate("b", dense=0.79)
    ranked = rank([a, b], {"a": 0.70, "b": 0.90})
    assert [c.passage_id for c in ranked] == ["b", "a"]
    assert ranked[0].sentence == 0.90


def test_shortlist_keeps_the_best_first_scores_in_order() -> None:
    candidates = [
        Candidate("low", dense=0.5),
        Candidate("dated", dense=0.6, in_period=True),
        Candidate("high", dense=0.7),
        Candidate("covered", dense=0.6, coverage=0.75),
    ]
    assert [c.passage_id for c in shortlist(candidates, 3)] == ["dated", "covered", "high"]
    assert shortlist(candidates, 0) == []


def test_ties_keep_the_order_given() -> None:
    candidates = [Candidate(name, dense=0.5) for name in "xyz"]
    assert [c.passage_id for c in rank(candidates, {})] == ["x", "y", "z"]
