"""What the answerer's models see: numbers computed for each candidate sentence, and for a question's answer.

Three stages, each a logistic model fitted on data (see `model.py`):

1. `sentence_rows`: every candidate sentence, with cheap features: its similarity to the question (and how
   far below the best one), how much of the question it holds (alone and with the sentence before), its
   passage's rank and search score, whether it is a heading, its length, whether it crosses languages,
   how much it says beyond the question, whether it opens its article.
2. `typed_rows`: the best few by stage 1, with what the question's answer type needs: does the sentence hold
   a mention of that type (a date, a number of people, a name ...) that the question does not already hold?
   Computed for a few sentences only, since finding names and amounts is the costly part.
3. `decision_row`: one row per question, from the ranked candidates: how sure the best ones are, the gap to
   the runner-up, how many of the question's words the index knows at all, whether a typed answer was found.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.answer.evidence import Sentence
from retrieval.text.answer_types import AnswerType, TypedMention, new_mentions, typed_mentions
from retrieval.text.arabic import content_stems, detect_language
from retrieval.text.query import Query

SENTENCE_FEATURES = (
    "dense",
    "dense_gap",
    "dense_rank",
    "own_coverage",
    "coverage",
    "coverage_gap",
    "weighted_coverage",
    "weighted_gap",
    "passage_rank",
    "passage_score_gap",
    "heading",
    "log_length",
    "across",
    "new_words",
    "opens_article",
)
TYPED_FEATURES = (
    "first_stage",
    "required_question",
    "required_miss",
    "name_question",
    "name_hit",
    "typed_count",
    "typed_context",
    "reason_hit",
)
DECISION_FEATURES = (
    "best",
    "second",
    "best_gap",
    "best_dense",
    "best_own_coverage",
    "best_weighted_coverage",
    "absent_share",
    "log_terms",
    "typed_question",
    "typed_found",
    "typed_context",
    "across",
    "best_passage_score",
)
# Types whose answer is a mention of that type: the answer-type features are computed for them.
TYPED = frozenset(
    {
        AnswerType.DATE,
        AnswerType.DURATION,
        AnswerType.COUNT,
        AnswerType.MONEY,
        AnswerType.PERSON,
        AnswerType.PLACE,
        AnswerType.ORGANISATION,
    }
)
# Types whose mentions are found reliably enough (measured on the tune part: dates, numbers, amounts and
# lengths of time are read by rule; names of people, places and bodies much less often, see
# benchmarks/answer_types_check.py) that a sentence without one is not quoted as the answer.
REQUIRED = frozenset({AnswerType.DATE, AnswerType.DURATION, AnswerType.COUNT, AnswerType.MONEY})
CONTEXT_CHARS = 60  # about eight words either side of a mention: where what it answers is said


@dataclass(frozen=True, slots=True)
class Candidate:
    """A sentence with what the stages found about it."""

    sentence: Sentence
    first_stage: float  # stage-1 probability that it holds the answer
    mentions: tuple[TypedMention, ...] = ()  # mentions of the asked-for type that the question lacks
    probability: float = 0.0  # stage-2 probability (the one that orders what is quoted)


def sentence_rows(query: Query, sentences: Sequence[Sentence]) -> np.ndarray:
    """Stage-1 features of every candidate, one row each, in `SENTENCE_FEATURES` order."""
    if not sentences:
        return np.zeros((0, len(SENTENCE_FEATURES)))
    dense = np.array([s.dense for s in sentences])
    coverage = np.array([s.coverage for s in sentences])
    weighted = np.array([s.weighted_coverage for s in sentences])
    scores = np.array([s.passage_score for s in sentences])
    order = np.argsort(-dense, kind="stable")
    dense_rank = np.empty(len(sentences))
    dense_rank[order] = np.arange(len(sentences))
    asked = query.terms.stems
    rows = []
    for i, s in enumerate(sentences):
        stems = content_stems(s.text)
        rows.append(
            [
                s.dense,
                s.dense - dense.max(),
                1.0 / (1.0 + dense_rank[i]),
                s.own_coverage,
                s.coverage,
                s.coverage - coverage.max(),
                s.weighted_coverage,
                s.weighted_coverage - weighted.max(),
                1.0 / s.passage_rank,
                s.passage_score - scores.max(),
                float(s.is_heading),
                math.log1p(len(s.text)),
                float(query.language == "en" and detect_language(s.text) == "ar"),
                sum(stem not in asked for stem in stems) / len(stems) if stems else 0.0,
                float(s.span.start < 5 and s.passage.position == 0),
            ]
        )
    return np.asarray(rows, dtype=np.float64)


def wanted_mentions(query: Query, sentence: Sentence) -> tuple[TypedMention, ...]:
    """The mentions of the type the question asks for that the sentence holds and the question does not."""
    if query.kind not in TYPED and query.kind is not AnswerType.REASON:
        return ()
    found = typed_mentions(sentence.text, sentence.passage.published, wanted=query.kind, dates=sentence.dates)
    return tuple(new_mentions(found, query.standalone))


def typed_rows(query: Query, candidates: Sequence[Candidate]) -> np.ndarray:
    """Stage-2 features of the best candidates, in `TYPED_FEATURES` order. Dates, numbers, amounts and
    lengths of time are found reliably, names less so: each gets its own weight."""
    required = float(query.kind in REQUIRED)
    named = float(query.kind in TYPED and query.kind not in REQUIRED)
    rows = []
    for c in candidates:
        hit = float(bool(c.mentions))
        rows.append(
            [
                _logit(c.first_stage),
                required,
                required * (1.0 - hit),
                named,
                named * hit,
                math.log1p(len(c.mentions)) if query.kind in TYPED else 0.0,
                mention_context(query, c) if query.kind in TYPED else 0.0,
                float(bool(c.mentions)) if query.kind is AnswerType.REASON else 0.0,
            ]
        )
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(TYPED_FEATURES))


def mention_context(query: Query, candidate: Candidate) -> float:
    """How much of the question is said right around the best of the candidate's typed mentions: an amount
    next to "cost", a date next to "visited", not one elsewhere in the sentence."""
    return max(mention_contexts(query, candidate), default=0.0)


def mention_contexts(query: Query, candidate: Candidate) -> list[float]:
    """For each of the candidate's mentions, the share of the question's terms said within `CONTEXT_CHARS`."""
    text = candidate.sentence.text
    windows = (text[max(0, m.start - CONTEXT_CHARS) : m.end + CONTEXT_CHARS] for m in candidate.mentions)
    return [query.terms.coverage(window) for window in windows]


def answer_pool(query: Query, ranked: Sequence[Candidate]) -> list[Candidate]:
    """The candidates an answer may be made of: for a question wanting a date, number, amount or length of
    time, those holding one the question does not already hold; else all of them."""
    return [c for c in ranked if c.mentions] if query.kind in REQUIRED else list(ranked)


def decision_row(query: Query, ranked: Sequence[Candidate], absent_terms: int) -> np.ndarray:
    """The question's features for the answer-or-decline decision, in `DECISION_FEATURES` order, from the
    candidates the answer would be made of (`answer_pool`), best first."""
    if not ranked:
        return np.zeros(len(DECISION_FEATURES))
    best, second = ranked[0].probability, ranked[1].probability if len(ranked) > 1 else 0.0
    terms = len(query.terms.terms)
    top = ranked[0].sentence
    return np.array(
        [
            _logit(best),
            _logit(second),
            best - second,
            max(c.sentence.dense for c in ranked),
            max(c.sentence.own_coverage for c in ranked),
            top.weighted_coverage,
            absent_terms / terms if terms else 1.0,
            math.log1p(terms),
            float(query.kind in TYPED),
            float(query.kind in TYPED and any(c.mentions for c in ranked)),
            mention_context(query, ranked[0]) if query.kind in TYPED else 0.0,
            float(query.language == "en" and detect_language(top.text) == "ar"),
            top.passage_score,
        ]
    )


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))
