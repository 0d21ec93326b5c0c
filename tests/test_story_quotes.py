"""`merge_story_quotes`: a sentence two outlets of one story carry is quoted once with both outlets; quotes
that differ in wording, in a number or in a date stay apart, each cited."""

from __future__ import annotations

import datetime as dt

from retrieval.answer.stories import disagree, merge_story_quotes
from retrieval.records import Citation

SENTENCE = "وقالت مصادر حكومية إن الوفد الروسي يضم نحو 190 شخصية من وزارات وهيئات مختلفة."


def cite(
    n: int, quote: str, *, article: str, outlet: str | None, story: str | None = "story-1", day: int = 16
) -> Citation:
    return Citation(
        n=n, article_id=article, title=f"عنوان {article}", quote=quote, start=0, end=len(quote),
        published=dt.date(2025, 11, day), outlet=outlet, story_id=story,
    )  # fmt: skip


def test_the_same_sentence_in_two_articles_of_a_story_is_one_quote_with_both_outlets() -> None:
    a = cite(1, SENTENCE, article="a", outlet="الجزيرة")
    b = cite(2, SENTENCE.replace("وقالت", "قالت").replace(".", "،"), article="b", outlet="سانا")
    other = cite(3, "وتحتفظ روسيا بقاعدتي طرطوس وحميميم.", article="a", outlet="الجزيرة")
    merged = merge_story_quotes([a, other, b])
    assert [q.citations for q in merged] == [(a, b), (other,)]
    assert merged[0].quote == SENTENCE and merged[0].outlets == ("الجزيرة", "سانا") and merged[0].reported_by == 2


def test_a_different_number_keeps_the_quotes_apart() -> None:
    a = cite(1, SENTENCE, article="a", outlet="الجزيرة")
    b = cite(2, SENTENCE.replace("190", "200"), article="b", outlet="سانا")
    assert [q.citations for q in merge_story_quotes([a, b])] == [(a,), (b,)]


def test_a_different_date_keeps_the_quotes_apart_and_the_same_date_in_other_words_does_not() -> None:
    arrived = "وصل وفد رسمي من وزارة الدفاع السورية {when} إلى العاصمة الروسية موسكو."
    # Published on Thursday 2 October 2025: "yesterday, Wednesday" is 1 October.
    a = cite(1, arrived.format(when="أمس الأربعاء"), article="a", outlet="عنب بلدي", day=2)
    b = cite(2, arrived.format(when="صباح اليوم الخميس"), article="b", outlet="حلب اليوم", day=2)
    assert [q.citations for q in merge_story_quotes([a, b])] == [(a,), (b,)]
    a = cite(1, arrived.format(when="يوم الأربعاء"), article="a", outlet="عنب بلدي", day=2)
    b = cite(2, arrived.format(when="يوم الخميس"), article="b", outlet="حلب اليوم", day=2)  # one word apart
    assert [q.citations for q in merge_story_quotes([a, b])] == [(a,), (b,)]
    a = cite(1, arrived.format(when="يوم الأربعاء"), article="a", outlet="عنب بلدي", day=2)
    b = cite(2, arrived.format(when="الأربعاء"), article="b", outlet="حلب اليوم", day=2)
    assert [q.citations for q in merge_story_quotes([a, b])] == [(a, b)]


def test_other_stories_no_story_and_one_articles_own_sentences_stay_apart() -> None:
    a = cite(1, SENTENCE, article="a", outlet="الجزيرة")
    assert len(merge_story_quotes([a, cite(2, SENTENCE, article="b", outlet="سانا", story="story-2")])) == 2
    assert len(merge_story_quotes([cite(1, SENTENCE, article="a", outlet="x", story=None),
                                   cite(2, SENTENCE, article="b", outlet="y", story=None)])) == 2  # fmt: skip
    assert len(merge_story_quotes([a, cite(1, SENTENCE, article="a", outlet="الجزيرة")])) == 2


def test_an_article_without_an_outlet_is_named_by_its_title() -> None:
    a = cite(1, SENTENCE, article="a", outlet=None)
    b = cite(2, SENTENCE, article="b", outlet="سانا")
    assert merge_story_quotes([a, b])[0].outlets == ("عنوان a", "سانا")


def test_the_same_sentence_with_another_number_disagrees_only_within_a_story() -> None:
    a = cite(1, SENTENCE, article="a", outlet="الجزيرة")
    other_number = cite(2, SENTENCE.replace("190", "200"), article="b", outlet="سانا")
    assert disagree(a, other_number) and not disagree(a, cite(2, SENTENCE, article="b", outlet="سانا"))
    assert not disagree(a, cite(2, SENTENCE.replace("190", "200"), article="b", outlet="سانا", story="story-2"))
    assert not disagree(a, cite(2, "وتحتفظ روسيا بقاعدتي طرطوس وحميميم منذ 2015.", article="b", outlet="سانا"))
