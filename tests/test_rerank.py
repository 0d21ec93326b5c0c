"""The sentence stage: each passage's closest stored sentence, with hand-made vectors."""

from collections.abc import Sequence

import pytest

from retrieval.records import Passage, Span, sentence_id
from retrieval.search.rerank import best_sentence_similarity

HASH = "h" * 40


def passage(pid: str, spans: tuple[Span, ...]) -> Passage:
    return Passage(pid, "a.txt", "t", "x" * 100, 0, 100, spans, article_hash=HASH)


class Stored:
    """Sentence vectors by span; records every request so tests can see what was fetched."""

    def __init__(self, vectors: dict[Span, list[float]]) -> None:
        self.vectors = {sentence_id(HASH, span): v for span, v in vectors.items()}
        self.requests: list[list[str]] = []

    def __call__(self, ids: Sequence[str]) -> dict[str, list[float]]:
        self.requests.append(list(ids))
        return {sid: self.vectors[sid] for sid in ids if sid in self.vectors}


def test_each_passage_gets_its_closest_sentence() -> None:
    s1, s2, s3 = Span(0, 10), Span(11, 20), Span(21, 30)
    stored = Stored({s1: [1.0, 0.0], s2: [0.0, 1.0], s3: [1.0, 1.0]})
    found, vectors = best_sentence_similarity([1.0, 0.0], [passage("p", (s1, s2)), passage("q", (s2, s3))], stored)
    assert len(vectors) == 3  # what was read travels on to the evidence step
    assert found["p"] == pytest.approx(1.0)
    assert found["q"] == pytest.approx(2**-0.5)  # s3 beats s2 (cosine 0)


def test_shared_sentences_are_fetched_once_in_one_request() -> None:
    s1, s2, s3 = Span(0, 10), Span(11, 20), Span(21, 30)
    stored = Stored({s1: [1.0], s2: [1.0], s3: [1.0]})
    best_sentence_similarity([1.0], [passage("p", (s1, s2)), passage("q", (s2, s3))], stored)
    assert len(stored.requests) == 1 and len(stored.requests[0]) == 3


def test_passages_without_stored_vectors_are_left_out() -> None:
    s1, s2 = Span(0, 10), Span(11, 20)
    stored = Stored({s1: [0.0, 2.0]})
    found, _ = best_sentence_similarity([0.0, 1.0], [passage("p", (s1,)), passage("q", (s2,))], stored)
    assert found == {"p": pytest.approx(1.0)}
    assert best_sentence_similarity([1.0], [], stored) == ({}, {})
