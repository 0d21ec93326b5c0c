"""How often the answer path is right, wrong or silent, and what a stricter decision threshold would trade.

Every asked question becomes one `Judgement`: whether the index can answer it, what the answerer did
(answered, declined, or failed with an error), whether its answer holds the gold answer, and the
answerer's `Answer.confidence`. From those:

- over answerable questions: answer hit (answered, and the gold answer is in the answer text or a quote),
  wrong-answer rate (answered, and it is not), declined share; the three add up to 1 with the errors;
- over unanswerable questions: abstention (declined and cited nothing);
- the risk–coverage curve: for a threshold t on the confidence, an answer below t counts as declined
  (the answerer's own declines stay declined); coverage is the share of all questions answered, risk the
  share of those answers that are wrong (an answer to an unanswerable question is always wrong). The
  operating point is the answerer's own decision, i.e. no extra threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from retrieval.evaluation.datasets import EvalQuestion
from retrieval.records import Answer

Outcome = Literal["answered", "declined", "error"]
CURVE_POINTS = 101  # the curve is kept at most this many points (evenly spread over the thresholds)


@dataclass(frozen=True, slots=True)
class Judgement:
    """What became of one question on the answer path."""

    answerable: bool
    outcome: Outcome
    cited: int  # citations the answer carries
    hit: bool  # answered, and the gold answer is in the answer text or a quote (`EvalQuestion.is_hit`)
    confidence: float | None
    split: str
    lang: str

    @property
    def wrong(self) -> bool:
        """An answer given that does not hold the gold answer (any answer to an unanswerable question)."""
        return self.outcome == "answered" and not self.hit


def judge(question: EvalQuestion, answer: Answer | None) -> Judgement:
    """Judge one answer (`None`: the library raised an error for this question)."""
    if answer is None:
        outcome: Outcome = "error"
    else:
        outcome = "declined" if answer.abstained else "answered"
    return Judgement(
        answerable=question.answerable,
        outcome=outcome,
        cited=len(answer.citations) if answer is not None else 0,
        hit=answer is not None and question.is_hit(answer),
        confidence=answer.confidence if answer is not None else None,
        split=question.split,
        lang=question.lang,
    )


def _share(count: int, total: int) -> float | None:
    return round(count / total, 4) if total else None


def answer_rates(judgements: Sequence[Judgement]) -> dict[str, Any]:
    """The answer-path figures of a group of questions."""
    answerable = [j for j in judgements if j.answerable]
    unanswerable = [j for j in judgements if not j.answerable]
    answered = [j for j in judgements if j.outcome == "answered"]
    return {
        "questions": len(judgements),
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "answer_hit": _share(sum(j.hit for j in answerable), len(answerable)),
        "wrong_answer_rate": _share(sum(j.wrong for j in answerable), len(answerable)),
        "declined_answerable": _share(sum(j.outcome == "declined" for j in answerable), len(answerable)),
        "abstention_unanswerable": _share(
            sum(j.outcome == "declined" and j.cited == 0 for j in unanswerable), len(unanswerable)
        ),
        "wrong_among_answered": _share(sum(j.wrong for j in answered), len(answered)),
        "errors": sum(j.outcome == "error" for j in judgements),
    }


def _groups(judgements: Sequence[Judgement], key: Callable[[Judgement], str]) -> dict[str, dict[str, Any]]:
    keys = sorted({key(j) for j in judgements})
    return {k: answer_rates([j for j in judgements if key(j) == k]) for k in keys}


def answer_breakdown(judgements: Sequence[Judgement]) -> dict[str, Any]:
    """The figures over all questions, per tune/measure split and per question language."""
    return {
        "all": answer_rates(judgements),
        "by_split": _groups(judgements, lambda j: j.split),
        "by_lang": _groups(judgements, lambda j: j.lang),
    }


def risk_coverage(judgements: Sequence[Judgement]) -> dict[str, Any]:
    """The risk–coverage curve as the confidence threshold rises, and the answerer's operating point.

    An answer without a confidence is answered at every threshold (there is nothing to cut on).
    """
    answered = [j for j in judgements if j.outcome == "answered"]
    total = len(judgements)
    estimated = [j.confidence for j in answered if j.confidence is not None]
    thresholds = sorted(set(estimated))
    # Each threshold keeps the answers at or above it; the lowest keeps every answer (the operating point).
    points = [_point(answered, total, t) for t in (thresholds or [None])]
    if len(points) > CURVE_POINTS:
        step = (len(points) - 1) / (CURVE_POINTS - 1)
        points = [points[round(i * step)] for i in range(CURVE_POINTS)]
    operating = _point(answered, total, None)
    return {
        "questions": total,
        "answers_with_confidence": len(estimated),
        "answers_without_confidence": len(answered) - len(estimated),
        "threshold": [p[0] for p in points],
        "coverage": [p[1] for p in points],
        "risk": [p[2] for p in points],
        "operating_point": {"coverage": operating[1], "risk": operating[2]},
    }


def _point(answered: Iterable[Judgement], total: int, threshold: float | None) -> tuple[float | None, ...]:
    kept = [j for j in answered if threshold is None or j.confidence is None or j.confidence >= threshold]
    coverage = _share(len(kept), total)
    risk = _share(sum(j.wrong for j in kept), len(kept))
    return (None if threshold is None else round(threshold, 4), coverage, risk)
