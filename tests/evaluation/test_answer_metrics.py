import pytest

from retrieval.evaluation.answer_metrics import (
    CURVE_POINTS,
    Judgement,
    answer_breakdown,
    answer_rates,
    judge,
    risk_coverage,
)
from retrieval.evaluation.datasets import EvalQuestion
from retrieval.records import Answer, Citation


def answer(text: str, *quotes: str, abstained: bool = False, confidence: float | None = None) -> Answer:
    citations = tuple(Citation(n, "a1", "t", quote, 0, len(quote)) for n, quote in enumerate(quotes, 1))
    return Answer("q", text, "en", citations=citations, abstained=abstained, confidence=confidence)


def question(answerable: bool = True, split: str = "measure", lang: str = "en", **fields) -> EvalQuestion:
    return EvalQuestion("q1", "Which sea?", split, answerable, lang=lang, **fields)  # type: ignore[arg-type]


def judgement(answerable: bool, outcome: str, hit: bool = False, confidence: float | None = None, **kw) -> Judgement:
    fields = {"cited": 0 if outcome != "answered" else 1, "split": "measure", "lang": "en", **kw}
    return Judgement(answerable, outcome, hit=hit, confidence=confidence, **fields)  # type: ignore[arg-type]


def test_judge_reads_the_gold_answer_in_the_text_or_the_quotes():
    sea = question(answers=("Mediterranean",))
    in_quote = judge(sea, answer("See [1].", "It meets the Mediterranean sea.", confidence=0.7))
    assert (in_quote.outcome, in_quote.hit, in_quote.wrong, in_quote.cited, in_quote.confidence) == (
        "answered",
        True,
        False,
        1,
        0.7,
    )
    wrong = judge(sea, answer("The Red Sea [1].", "It meets the Red Sea."))
    assert (wrong.outcome, wrong.hit, wrong.wrong) == ("answered", False, True)
    declined = judge(sea, answer("The articles do not say.", abstained=True, confidence=0.1))
    assert (declined.outcome, declined.hit, declined.wrong, declined.confidence) == ("declined", False, False, 0.1)
    failed = judge(sea, None)
    assert (failed.outcome, failed.hit, failed.wrong, failed.confidence) == ("error", False, False, None)


def test_any_answer_to_an_unanswerable_question_is_wrong():
    # even one that happens to contain the words of some answer
    unanswerable = question(answerable=False, answers=("Mediterranean",))
    assert judge(unanswerable, answer("Mediterranean [1]", "Mediterranean.")).wrong
    assert not judge(unanswerable, answer("Not said.", abstained=True)).wrong


def test_gold_file_questions_are_judged_by_their_expect_groups():
    news = question(expect=(("belousov", "بيلوسوف"), ("moscow",)))
    assert judge(news, answer("Belousov met him in Moscow.")).hit
    assert not judge(news, answer("Belousov met him.")).hit


def test_rates_over_answerable_and_unanswerable_questions():
    judgements = [
        judgement(True, "answered", hit=True),
        judgement(True, "answered", hit=True),
        judgement(True, "answered", hit=False),
        judgement(True, "declined"),
        judgement(True, "error"),
        judgement(False, "declined"),  # the right behaviour
        judgement(False, "declined", cited=2),  # declined but quoted something: not an abstention
        judgement(False, "answered"),
    ]
    rates = answer_rates(judgements)
    assert (rates["questions"], rates["answerable"], rates["unanswerable"], rates["errors"]) == (8, 5, 3, 1)
    assert rates["answer_hit"] == 0.4
    assert rates["wrong_answer_rate"] == 0.2
    assert rates["declined_answerable"] == 0.2
    assert rates["abstention_unanswerable"] == pytest.approx(1 / 3, abs=1e-4)
    assert rates["wrong_among_answered"] == 0.5  # 2 of the 4 answers: one wrong, one to an unanswerable question


def test_rates_of_a_group_without_unanswerable_questions_are_none_not_zero():
    rates = answer_rates([judgement(True, "answered", hit=True)])
    assert rates["abstention_unanswerable"] is None and rates["answer_hit"] == 1.0
    assert answer_rates([])["answer_hit"] is None


def test_breakdown_per_split_and_language():
    judgements = [
        judgement(True, "answered", hit=True, split="tune", lang="ar"),
        judgement(True, "answered", hit=False, split="measure", lang="ar"),
        judgement(True, "declined", split="measure", lang="en"),
    ]
    breakdown = answer_breakdown(judgements)
    assert breakdown["all"]["answer_hit"] == pytest.approx(1 / 3, abs=1e-4)
    assert list(breakdown["by_split"]) == ["measure", "tune"]
    assert breakdown["by_split"]["tune"]["answer_hit"] == 1.0
    assert breakdown["by_split"]["measure"]["wrong_answer_rate"] == 0.5
    assert breakdown["by_split"]["measure"]["declined_answerable"] == 0.5
    assert breakdown["by_lang"]["ar"]["questions"] == 2 and breakdown["by_lang"]["en"]["declined_answerable"] == 1.0


def test_risk_coverage_as_the_threshold_rises():
    judgements = [
        judgement(True, "answered", hit=True, confidence=0.9),
        judgement(True, "answered", hit=True, confidence=0.8),
        judgement(True, "answered", hit=False, confidence=0.6),
        judgement(False, "answered", confidence=0.3),
        judgement(True, "declined", confidence=0.95),  # declined by the answerer: stays declined at every threshold
        judgement(False, "declined", confidence=0.1),
    ]
    curve = risk_coverage(judgements)
    assert curve["threshold"] == [0.3, 0.6, 0.8, 0.9]
    assert curve["coverage"] == [round(4 / 6, 4), 0.5, round(2 / 6, 4), round(1 / 6, 4)]
    assert curve["risk"] == [0.5, round(1 / 3, 4), 0.0, 0.0]
    assert curve["operating_point"] == {"coverage": round(4 / 6, 4), "risk": 0.5}
    assert (curve["questions"], curve["answers_with_confidence"], curve["answers_without_confidence"]) == (6, 4, 0)


def test_an_answer_without_confidence_is_answered_at_every_threshold():
    judgements = [
        judgement(True, "answered", hit=False),
        judgement(True, "answered", hit=True, confidence=0.5),
        judgement(True, "answered", hit=True, confidence=0.7),
    ]
    curve = risk_coverage(judgements)
    assert curve["coverage"] == [1.0, round(2 / 3, 4)]
    assert curve["risk"] == [round(1 / 3, 4), 0.5]
    assert curve["answers_without_confidence"] == 1
    nothing_estimated = risk_coverage([judgement(True, "answered", hit=True), judgement(True, "declined")])
    assert nothing_estimated["threshold"] == [None] and nothing_estimated["coverage"] == [0.5]
    assert nothing_estimated["operating_point"] == {"coverage": 0.5, "risk": 0.0}


def test_a_long_curve_is_thinned_keeping_both_ends():
    judgements = [judgement(True, "answered", hit=n % 3 != 0, confidence=n / 1000) for n in range(1000)]
    curve = risk_coverage(judgements)
    assert len(curve["coverage"]) == CURVE_POINTS
    assert curve["coverage"][0] == 1.0 and curve["threshold"][0] == 0.0
    assert curve["threshold"][-1] == 0.999 and curve["coverage"][-1] == 0.001
    assert curve["coverage"] == sorted(curve["coverage"], reverse=True)
