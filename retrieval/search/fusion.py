"""How hybrid search orders its candidates: one score from dense similarity, lexical coverage and a date prior.

    score = passage similarity + best sentence similarity + 0.2 × coverage (+ 0.2 if published in the
            period the question names)

- passage similarity: cosine between the question's and the passage's vectors.
- best sentence similarity: the same for the passage's closest sentence (the vectors stored at ingest).
  A fact is usually one sentence; a passage vector blurs it with its neighbours.
- coverage: the rarity-weighted share of the question's words that the passage contains (see
  `LexicalIndex.coverage`). It is on a fixed 0-1 scale, so the lexical side weighs in by how much of the
  question it actually matched: fully for an Arabic question whose rare words all occur, barely for an
  English question whose words the glossary cannot translate. (Reciprocal rank fusion gave the noisy
  English lexical ranking as much say as the dense one.)
- period: a question that names a period ("the February 2026 talks") is most likely answered by what was
  published then; the bonus is about the spread of scores among the top candidates, so such passages
  rise unless clearly off the subject (as strong as the second, date-filtered dense list was under RRF).

Scores are computed in two stages: every candidate gets the cheap part first, and only the best of them
fetch their sentence vectors. On XQuAD the weights sit on a broad plateau (coverage 0.15-0.3 and sentence
0.5-1.5 change recall@1 by under 1 point), for Arabic and English questions alike. XQuAD has no dates;
the period weight was set on the seed questions (0.1-0.2 keep them all right, 0.05 loses one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

COVERAGE_WEIGHT = 0.2
SENTENCE_WEIGHT = 1.0
PERIOD_WEIGHT = 0.2  # a passage published in the period the question names ("in November 2025")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One passage that either retriever found, with what is known about it."""

    passage_id: str
    dense: float  # cosine similarity to the question
    coverage: float = 0.0  # 0-1: how much of the question's (idf-weighted) wording it contains
    in_period: bool = False
    sentence: float | None = None  # cosine similarity of its closest sentence; None: not looked at

    @property
    def first_score(self) -> float:
        """The score without the sentence stage."""
        return self.dense + COVERAGE_WEIGHT * self.coverage + (PERIOD_WEIGHT if self.in_period else 0.0)

    @property
    def score(self) -> float:
        """The final score; a passage without sentence vectors counts its own similarity in their place."""
        sentence = self.dense if self.sentence is None else self.sentence
        return self.first_score + SENTENCE_WEIGHT * sentence


def shortlist(candidates: Iterable[Candidate], n: int) -> list[Candidate]:
    """The `n` best candidates by the first-stage score (ties: the order given)."""
    return sorted(candidates, key=lambda c: -c.first_score)[: max(n, 0)]


def rank(candidates: Iterable[Candidate], sentence: dict[str, float]) -> list[Candidate]:
    """The candidates with their best-sentence similarity filled in, best final score first."""
    scored = [replace(c, sentence=sentence.get(c.passage_id)) for c in candidates]
    return sorted(scored, key=lambda c: -c.score)
