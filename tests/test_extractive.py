"""The extractive answerer on hand-built evidence: selection, answer types, abstention, wording."""

from __future__ import annotations

import datetime as dt

from retrieval.answer.evidence import Sentence, find_numbers
from retrieval.answer.extractive import answer_from_sentences
from retrieval.records import Passage, Span
from retrieval.text.dates import find_dates
from retrieval.text.query import Query


def sentence(text: str, *, dense: float, coverage: float, published: dt.date | None = None, rank: int = 1) -> Sentence:
    passage = Passage(
        passage_id=f"p{rank}",
        article_id=f"{rank}.txt",
        title=f"Title {rank}",
        text=text,
        start=0,
        end=len(text),
        sentences=(Span(0, len(text)),),
        published=published,
    )
    dates = tuple(find_dates(text, published))
    return Sentence(
        passage=passage,
        span=Span(0, len(text)),
        text=text,
        dense=dense,
        coverage=coverage,
        own_coverage=coverage,
        passage_rank=rank,
        passage_score=2.0 - rank / 10,
        dates=dates,
        numbers=tuple(find_numbers(text, dates)),
        has_money="دولار" in text,
        has_reason=False,
    )


def test_weak_evidence_abstains_in_the_question_language() -> None:
    weak = [sentence("افتتح الميناء أمس.", dense=0.74, coverage=0.2)]
    assert answer_from_sentences(Query.analyse("Who won the cup?", answer_language="en"), weak).text == (
        "I could not find the answer in the articles."
    )
    draft = answer_from_sentences(Query.analyse("من فاز بالكأس؟", answer_language="ar"), weak)
    assert draft.abstained and draft.citations == () and draft.text == "لم أجد الإجابة في المقالات."


def test_strong_sentence_is_quoted_and_cited() -> None:
    best = sentence("افتتح وزير النقل الميناء الجديد.", dense=0.83, coverage=0.8)
    other = sentence("الطقس كان مشمسا.", dense=0.70, coverage=0.0, rank=2)
    draft = answer_from_sentences(Query.analyse("Who opened the new port?", answer_language="en"), [best, other])
    assert draft.text == "According to the articles:\n«افتتح وزير النقل الميناء الجديد.» [1]"
    assert [(c.n, c.article_id, c.quote) for c in draft.citations] == [(1, "1.txt", "افتتح وزير النقل الميناء الجديد.")]


def test_when_lists_normalised_dates_oldest_first_and_unplaced_ones_last() -> None:
    published = dt.date(2025, 11, 16)
    later = sentence("زار الوزير موسكو في 15 أكتوبر/تشرين الأول الماضي.", dense=0.80, coverage=1.0, published=published)
    earlier = sentence("زار الوزير موسكو في 31 تموز 2025.", dense=0.81, coverage=1.0, rank=2)
    undated = sentence("زار الوزير موسكو يوم الأربعاء.", dense=0.82, coverage=1.0, rank=3)
    draft = answer_from_sentences(
        Query.analyse("When did the minister visit Moscow?", answer_language="en"), [undated, earlier, later]
    )
    first_line = draft.text.splitlines()[0]
    assert first_line == ("When: 31 July 2025 [1]; 15 October 2025 [2]; a Wednesday (the article is undated) [3].")
    assert [c.article_id for c in draft.citations] == ["2.txt", "1.txt", "3.txt"]


def test_when_without_any_date_abstains() -> None:
    no_date = sentence("زار الوزير موسكو وبحث التعاون.", dense=0.85, coverage=1.0)
    assert answer_from_sentences(Query.analyse("When did he visit?", answer_language="en"), [no_date]).abstained


def test_how_much_money_needs_an_amount_of_money() -> None:
    count_only = sentence("تحتفظ روسيا بقاعدتين في سوريا.", dense=0.85, coverage=1.0)
    assert answer_from_sentences(
        Query.analyse("How much does Russia pay for the bases?", answer_language="en"), [count_only]
    ).abstained
    priced = sentence("تدفع روسيا 100 مليون دولار سنويا عن القاعدتين.", dense=0.85, coverage=1.0)
    draft = answer_from_sentences(
        Query.analyse("How much does Russia pay for the bases?", answer_language="en"), [priced]
    )
    assert draft.text.startswith("Number: 100,000,000 [1]")


def test_how_many_reads_a_dual_noun_as_two() -> None:
    dual = sentence("تحتفظ روسيا بقاعدتين عسكريتين في سوريا.", dense=0.84, coverage=0.9)
    draft = answer_from_sentences(Query.analyse("How many bases does Russia keep?", answer_language="en"), [dual])
    assert draft.text.splitlines()[0] == "Number: 2 [1]."


def test_headings_are_context_not_answers() -> None:
    heading = sentence("أهمية القواعد العسكرية الروسية في سوريا", dense=0.9, coverage=1.0)
    body = sentence("تعد القواعد ضرورية للوجود الروسي في المتوسط.", dense=0.81, coverage=0.6, rank=2)
    draft = answer_from_sentences(Query.analyse("Why are the bases important?", answer_language="en"), [heading, body])
    assert [c.quote for c in draft.citations] == ["تعد القواعد ضرورية للوجود الروسي في المتوسط."]
