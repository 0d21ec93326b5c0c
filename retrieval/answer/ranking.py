"""Ranking the candidate sentences and deciding whether they answer the question, with the fitted models.

    every candidate ──stage 1──► the best few (`depth_for`) ──stage 2 (answer type)──► ranked ──decision──► p

The same functions serve the answerer and the script that fits it (`benchmarks/fit_answerer.py`), so the
features a model was fitted on are the features it is applied to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from retrieval.answer.evidence import Sentence
from retrieval.answer.features import (
    DECISION_FEATURES,
    REQUIRED,
    SENTENCE_FEATURES,
    TYPED_FEATURES,
    Candidate,
    decision_row,
    sentence_rows,
    typed_rows,
    wanted_mentions,
)
from retrieval.answer.model import AnswererParameters, LogisticModel, shipped_parameters
from retrieval.text.query import Query

TYPED_DEPTH = 10  # candidates whose answer-type mentions are looked for (the costly step for names)
# A date, number, amount or length of time is required of the answer and cheap to find: look further down,
# where a cross-lingual question's answer often ranks by stage 1 alone.
REQUIRED_DEPTH = 20


def parameters() -> AnswererParameters:
    """The shipped fitted parameters, checked against the features this code computes."""
    return shipped_parameters(SENTENCE_FEATURES, TYPED_FEATURES, DECISION_FEATURES)


def first_stage(query: Query, sentences: Sequence[Sentence], model: LogisticModel) -> list[Candidate]:
    """Every candidate with its stage-1 probability, best first; the best `TYPED_DEPTH` carry their
    answer-type mentions."""
    if not sentences:
        return []
    probabilities = model.probability(sentence_rows(query, sentences))
    order = np.argsort(-probabilities, kind="stable")
    ranked = [Candidate(sentences[i], float(probabilities[i])) for i in order]
    depth = depth_for(query)
    head = [replace(c, mentions=wanted_mentions(query, c.sentence)) for c in ranked[:depth]]
    return head + ranked[depth:]


def depth_for(query: Query) -> int:
    """How many stage-1 candidates the answer-type stage looks at."""
    return REQUIRED_DEPTH if query.kind in REQUIRED else TYPED_DEPTH


def second_stage(query: Query, candidates: Sequence[Candidate], model: LogisticModel) -> list[Candidate]:
    """The candidates the answer-type stage looked at, reordered by their stage-2 probability."""
    head = list(candidates[: depth_for(query)])
    if not head:
        return []
    probabilities = model.probability(typed_rows(query, head))
    scored = [replace(c, probability=float(p)) for c, p in zip(head, probabilities, strict=True)]
    return sorted(scored, key=lambda c: -c.probability)


def rank(query: Query, sentences: Sequence[Sentence], params: AnswererParameters) -> list[Candidate]:
    """The candidates the answer may quote, most likely to hold the answer first."""
    return second_stage(query, first_stage(query, sentences, params.sentence), params.typed)


def confidence(query: Query, pool: Sequence[Candidate], absent_terms: int, params: AnswererParameters) -> float:
    """The probability that an answer made of the best candidates of `pool` (see `answer_pool`) is right."""
    if not pool:
        return 0.0
    return float(params.decision.probability(decision_row(query, pool, absent_terms))[0])
