import pytest

from retrieval.evaluation.gold import GoldQuestion
from retrieval.evaluation.gold_scoring import expect_matched, score_answer
from retrieval.evaluation.metrics import (
    answer_hit,
    distinct_articles,
    gold_rank,
    mean_reciprocal_rank,
    percentile,
    recall_at,
    recall_curve,
)
from retrieval.records import Answer, Citation, Hit, Passage


def hit(article_id: str, n: int) -> Hit:
    passage = Passage(f"{article_id}:{n}", article_id, "t", "x", 0, 1, ())
    return Hit(passage=passage, score=1.0 / (n + 1))


def answer(text: str, *quotes: tuple[str, str], abstained: bool = False) -> Answer:
    citations = tuple(Citation(i, article, "t", quote, 0, len(quote)) for i, (article, quote) in enumerate(quotes, 1))
    return Answer(question="q", text=text, language="ar", citations=citations, abstained=abstained)


def test_distinct_articles_keeps_each_article_at_its_best_passage():
    hits = [hit("a", 0), hit("b", 0), hit("a", 1), hit("c", 0), hit("b", 1)]
    assert distinct_articles(hits) == ["a", "b", "c"]


def test_gold_rank_is_one_based_and_none_when_absent():
    assert gold_rank(["a", "b", "c"], "c") == 3
    assert gold_rank(["a", "b", "c"], "a") == 1
    assert gold_rank(["a", "b"], "z") is None


def test_recall_and_mrr_on_known_ranks():
    ranks = [1, 2, None, 5]
    assert recall_at(ranks, 1) == 0.25
    assert recall_at(ranks, 2) == 0.5
    assert recall_at(ranks, 5) == 0.75
    assert recall_curve(ranks, 5) == [0.25, 0.5, 0.5, 0.5, 0.75]
    assert mean_reciprocal_rank(ranks) == pytest.approx((1 + 0.5 + 0 + 0.2) / 4)


def test_metrics_of_no_questions_are_zero():
    assert recall_at([], 5) == 0.0
    assert mean_reciprocal_rank([]) == 0.0
    assert percentile([], 50) is None


def test_percentile_interpolates_like_numpy():
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 50) == 25.0
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile([7.0], 95) == 7.0


def test_answer_hit_folds_arabic_and_looks_in_quotes():
    # hamza on alef, diacritics and ta marbuta differ between the gold text and the answer
    assert answer_hit(answer("قال أحمد إن المدينةَ كبيرة"), ["احمد"])
    assert answer_hit(answer("انظر [1]", ("p", "تقع في شمال أفريقيا.")), ["شمال افريقيا"])
    assert answer_hit(answer("The Mediterranean  Sea"), ["mediterranean sea"])
    assert not answer_hit(answer("لا شيء"), ["احمد"])
    assert not answer_hit(answer("anything"), ["  "])


def test_expect_groups_all_need_one_match_ignoring_case():
    assert expect_matched("He met BELOUSOV on 15 October", (("belousov",), ("october 15", "15 october")))
    assert not expect_matched("He met Belousov", (("belousov",), ("october",)))
    assert expect_matched("anything", ())


def test_score_of_an_answerable_question():
    question = GoldQuestion("d1", "Who?", expect=(("belousov", "بيلوسوف"),), support=("003.txt",))
    good = score_answer(question, answer("التقى بيلوسوف [1]", ("003.txt", "...")))
    assert (good.correct, good.cited_support, good.abstention_ok, good.passed) == (True, True, True, True)
    wrong_source = score_answer(question, answer("Belousov [1]", ("001.txt", "...")))
    assert (wrong_source.correct, wrong_source.cited_support, wrong_source.passed) == (True, False, False)
    abstained = score_answer(question, answer("The articles do not say.", abstained=True))
    assert (abstained.correct, abstained.abstention_ok) == (False, False)


def test_expected_string_in_a_quote_counts():
    question = GoldQuestion("d1", "Who?", expect=(("بيلوسوف",),))
    assert score_answer(question, answer("He met the minister [1].", ("003.txt", "التقى بيلوسوف"))).correct


def test_score_of_an_unanswerable_question():
    question = GoldQuestion("d11", "Price of bread?", answerable=False)
    said_so = score_answer(question, answer("The articles do not say.", abstained=True))
    assert (said_so.correct, said_so.cited_support, said_so.abstention_ok, said_so.passed) == (True, None, True, True)
    cited_anyway = score_answer(question, answer("Not said.", ("001.txt", "..."), abstained=True))
    assert (cited_anyway.correct, cited_anyway.abstention_ok) == (False, False)
    answered = score_answer(question, answer("Bread costs 5."))
    assert (answered.correct, answered.abstention_ok, answered.passed) == (False, False, False)
