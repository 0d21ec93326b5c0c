"""The extractive answerer on hand-built evidence and hand-set parameters: answer types, the answer line,
citations, declining. (The shipped, fitted parameters are tested in test_answerer_parameters.py.)"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from retrieval.answer.evidence import Sentence
from retrieval.answer.extractive import answer_from_sentences
from retrieval.answer.features import DECISION_FEATURES, SENTENCE_FEATURES, TYPED_FEATURES
from retrieval.answer.model import AnswererParameters, LogisticModel
from retrieval.records import Passage, Span
from retrieval.text.dates import find_dates
from retrieval.text.query import Query


def model(features: tuple[str, ...], bias: float, **weights: float) -> LogisticModel:
    n = len(features)
    w = np.array([weights.get(name, 0.0) for name in features])
    return LogisticModel(features, w, bias, np.zeros(n), np.ones(n))


# Stage 1 follows dense similarity; stage 2 passes it on, sinks candidates without the asked-for type;
# the decision follows the best candidate. A sentence of similarity 0.9 gives p ≈ 0.73, of 0.7 p ≈ 0.27.
PARAMS = AnswererParameters(
    sentence=model(SENTENCE_FEATURES, -8.0, dense=10.0),
    typed=model(TYPED_FEATURES, 0.0, first_stage=1.0, required_miss=-5.0),
    decision=model(DECISION_FEATURES, 0.0, best=1.0),
    threshold=0.5,
    quote_share=0.5,
)


def sentence(
    text: str,
    *,
    dense: float,
    published: dt.date | None = dt.date(2025, 6, 12),
    article: str = "a.txt",
    title: str = "عنوان",
    start: int = 0,
) -> Sentence:
    span = Span(start, start + len(text))
    passage = Passage(
        passage_id=f"{article}-{start}",
        article_id=article,
        title=title,
        text=text,
        start=start,
        end=start + len(text),
        sentences=(span,),
        published=published,
    )
    dates = tuple(find_dates(text, published))
    return Sentence(
        passage=passage,
        span=span,
        text=text,
        dense=dense,
        coverage=0.5,
        own_coverage=0.5,
        weighted_coverage=0.5,
        passage_rank=1,
        passage_score=2.0,
        dates=dates,
    )


def ask(question: str, sentences: list[Sentence], params: AnswererParameters = PARAMS, **kwargs):  # type: ignore[no-untyped-def]
    return answer_from_sentences(Query.analyse(question), sentences, params=params, **kwargs)


def test_a_when_question_quotes_the_sentence_with_a_date_and_says_it_first() -> None:
    undated = sentence("وقال الوزير إن المحادثات كانت مثمرة.", dense=0.92)
    dated = sentence("افتتحت الحكومة الميناء الجديد أمس الأربعاء.", dense=0.88, start=40)
    draft = ask("When did the government open the new port?", [undated, dated])
    assert not draft.abstained
    assert draft.answer_line == "When: 11 June 2025 [1]."
    assert draft.text.splitlines()[0] == draft.answer_line
    assert [c.quote for c in draft.citations] == [dated.text]


def test_the_answer_line_is_in_arabic_for_an_arabic_question() -> None:
    dated = sentence("افتتحت الحكومة الميناء الجديد أمس الأربعاء.", dense=0.9)
    assert ask("متى افتتحت الحكومة الميناء؟", [dated]).answer_line == "التاريخ: 11 يونيو 2025 [1]."


def test_a_sentence_holding_only_the_questions_own_date_is_not_an_answer() -> None:
    own_date = sentence("زار الوزير القاهرة في مارس 2025 وبحث تصدير القمح.", dense=0.95)
    draft = ask("When in March 2025 did the minister visit Cairo?", [own_date])
    assert draft.abstained and not draft.citations


def test_a_sentence_holding_only_the_questions_own_number_is_not_an_answer() -> None:
    own_number = sentence("ويضم الميناء ثلاثة أرصفة جديدة.", dense=0.95)
    assert ask("How many of the three docks are new?", [own_number]).abstained
    assert ask("How many docks does the port have?", [own_number]).answer_line == "Number: 3 (أرصفة) [1]."


def test_english_lines_say_amounts_units_and_known_places_in_english() -> None:
    money = sentence("وبلغت تكلفة المشروع 2.5 مليار ريال.", dense=0.9)
    assert ask("How much did the project cost?", [money]).answer_line == "Amount: 2.5 billion riyals [1]."
    hours = sentence("واستمر الاجتماع ثلاث ساعات.", dense=0.9)
    assert ask("How long did the meeting last?", [hours]).answer_line == "How long: 3 hours [1]."
    place = sentence("وعقد الاجتماع في مدينة الرياض.", dense=0.9)
    assert ask("Where was the meeting held?", [place]).answer_line == "Where: Riyadh (الرياض) [1]."


def test_each_article_has_one_citation_number_and_each_sentence_is_quoted_once() -> None:
    first = sentence("افتتحت الحكومة الميناء الجديد أمس الأربعاء.", dense=0.9)
    again = sentence("وافتتح الميناء رسميا يوم الأربعاء.", dense=0.89, start=50)
    other = sentence("افتتح الميناء يوم الأربعاء الماضي.", dense=0.88, article="b.txt", published=dt.date(2025, 6, 13))
    duplicate = dataclasses.replace(other, passage=dataclasses.replace(other.passage, article_id="c.txt"))
    draft = ask("When did the port open?", [first, again, other, duplicate])
    assert [c.n for c in draft.citations] == [1, 1, 2]
    assert draft.answer_line == "When: 11 June 2025 [1][2]."  # one date, said once, cited by both articles
    assert draft.as_of == dt.date(2025, 6, 13)


def test_other_questions_open_with_the_best_sentence() -> None:
    best = sentence("بحث الوزير مع نظيره تصدير القمح والتعاون الزراعي.", dense=0.9)
    runner_up = sentence("وقال إن المحادثات كانت مثمرة.", dense=0.87, start=60)
    draft = ask("What did the minister discuss?", [best, runner_up])
    assert draft.answer_line == f"«{best.text}» [1]"
    assert draft.text.count(best.text) == 1 and runner_up.text in draft.text


def test_weak_evidence_is_declined_with_a_hint_of_what_the_articles_cover() -> None:
    weak = [sentence("افتتح الميناء أمس.", dense=0.7)]
    draft = ask("Who won the cup?", weak, hint=["افتتاح ميناء جديد", "مهرجان الشعر", "افتتاح ميناء جديد"])
    assert draft.abstained and not draft.citations
    assert (
        draft.text
        == "I could not find the answer in the articles. They cover, for example: «افتتاح ميناء جديد»; «مهرجان الشعر»."
    )
    arabic = ask("من فاز بالكأس؟", weak, hint=["مهرجان الشعر"])
    assert arabic.text == "لم أجد الإجابة في المقالات. ومن موضوعاتها: «مهرجان الشعر»."


@pytest.mark.parametrize("junk", ["<div><br/></div>", "!!! ??? ###", "من هو؟"])
def test_junk_and_stopword_only_input_is_declined(junk: str) -> None:
    draft = ask(junk, [sentence("افتتح الميناء أمس.", dense=0.99)])
    assert draft.abstained and draft.confidence == 0.0


def test_the_threshold_decides_and_the_confidence_is_reported_either_way() -> None:
    dated = sentence("افتتحت الحكومة الميناء الجديد أمس الأربعاء.", dense=0.9)
    answered = ask("When did the port open?", [dated])
    assert not answered.abstained and answered.confidence is not None
    stricter = dataclasses.replace(PARAMS, threshold=answered.confidence + 0.01)
    declined = ask("When did the port open?", [dated], params=stricter)
    assert declined.abstained and declined.confidence == pytest.approx(answered.confidence)
