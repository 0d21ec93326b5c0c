"""The HTML renderer, direction isolates and the message packer/splitter."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace

import pytest
from reading import reading_problems, visible_text
from telegram_fakes import CITATION, LONG_SENTENCE, SOURCES, long_citations

from bot.telegram.direction import LRI, PDI, RLI, strip_isolates
from bot.telegram.render import answer_line, cited_articles, render_answer, render_sources, render_timeline
from bot.telegram.split import MAX_MESSAGE_LENGTH, pack_messages, split_html, utf16_length
from retrieval.records import Answer, Citation, TimelineEvent

SECOND_QUOTE = "وقالت مصادر حكومية إن الوفد الروسي يضم نحو 190 شخصية من وزارات وهيئات مختلفة."
ENGLISH_LINE = "When: 15 October 2025 [1]; 16 November 2025 [2]"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seen(message: str) -> str:
    """What the user reads: the visible text without the invisible isolate marks."""
    return strip_isolates(visible_text(message))


def two_article_answer(language: str = "en", line: str = ENGLISH_LINE) -> Answer:
    """Two articles; the first quoted twice (two citations share its number), once in the text as well."""
    second_sentence = replace(CITATION, quote=SECOND_QUOTE, start=200, end=200 + len(SECOND_QUOTE))
    other = Citation(
        n=2,
        article_id="003.txt",
        title="عنوان طويل جدا لمقال آخر عن العلاقات السورية الروسية وتطوراتها في المرحلة المقبلة كما نشر كاملا",
        quote="وصل الرئيس السوري أحمد الشرع إلى موسكو يوم الأربعاء.",
        start=0,
        end=10,
        published=dt.date(2026, 2, 4),
        outlet="halabtodaytv",
    )
    citations = (CITATION, second_sentence, other, CITATION)  # the first sentence cited twice over
    text = f"{line}\n" + "\n".join(f"«{c.quote}» [{c.n}]" for c in citations)
    return Answer("q", text, language, citations, answer_line=line)


def test_citations_are_grouped_one_number_per_article_each_sentence_once() -> None:
    articles = cited_articles(two_article_answer().citations)

    assert [(a.n, len(a.quotes)) for a in articles] == [(1, 2), (2, 1)]
    assert articles[0].quotes == (CITATION.quote, SECOND_QUOTE)


def test_answer_line_then_one_block_per_article_with_whole_title_outlet_date_and_link() -> None:
    answer = two_article_answer()

    blocks = render_answer(answer)
    shown = [seen(block) for block in blocks]

    assert len(blocks) == 3
    assert shown[0] == ENGLISH_LINE
    assert shown[1] == (
        f"Sources\n[1] {CITATION.title} — {CITATION.outlet}, 16 November 2025\n«{CITATION.quote}»\n«{SECOND_QUOTE}»"
    )
    assert shown[2].startswith(f"[2] {answer.citations[2].title} — halabtodaytv, 4 February 2026\n«وصل")
    assert '<a href="https://example.org/news?id=2&amp;lang=ar">' in blocks[1]  # a link where there is a URL
    assert "<a" not in blocks[2]
    text = "".join(shown)
    assert text.count(CITATION.quote) == 1 and text.count(SECOND_QUOTE) == 1  # each quote shown once


def test_the_answer_ends_with_the_date_it_holds_as_of_in_its_language() -> None:
    english = [seen(block) for block in render_answer(two_article_answer())]  # cited: 16 Nov 2025, 4 Feb 2026
    assert english[-1].endswith("\nAs of 4 February 2026 (the newest cited article)")
    shown = [seen(block) for block in render_answer(two_article_answer("ar", "العدد: 190 [1]"))]
    assert shown[-1].endswith("\nحتى 4 فبراير 2026 (أحدث مقال مستشهد به)")
    undated = two_article_answer()
    undated = replace(undated, citations=tuple(replace(c, published=None) for c in undated.citations))
    assert "As of" not in "".join(seen(block) for block in render_answer(undated))  # no date known


def test_arabic_answer_has_arabic_labels_and_dates() -> None:
    answer = two_article_answer("ar", "العدد: 190 [1]")
    shown = [seen(block) for block in render_answer(answer)]

    assert shown[0] == "العدد: 190 [1]"
    assert shown[1].startswith(f"المصادر\n[1] {CITATION.title} — {CITATION.outlet}، 16 نوفمبر 2025\n")
    assert "بلا تاريخ" in seen(render_answer(replace(answer, citations=(replace(CITATION, published=None),)))[1])


def test_escaping_notice_and_links_only_for_web_urls() -> None:
    answer = Answer("q", "Tom & Jerry <b>not bold</b> [1]", "en", (CITATION,), notice="LLM <offline>")
    blocks = render_answer(answer)

    assert "Tom &amp; Jerry &lt;b&gt;not bold&lt;/b&gt;" in blocks[0]
    assert blocks[1] == f"<i>{LRI}LLM &lt;offline&gt;{PDI}</i>"
    unsafe = Citation(1, "a", "T", "q", 0, 1, url="javascript:alert(1)")
    assert "<a" not in "".join(render_answer(Answer("q", "x [1]", "en", (unsafe,))))


def test_without_an_answer_line_the_text_less_its_quotes_is_used() -> None:
    extractive = replace(two_article_answer(), answer_line=None)
    extractive = replace(extractive, text=extractive.text.replace("\n", "\nAccording to the articles:\n", 1))
    llm = Answer("q", "The visit was in October [1].\nIt was the first [1].", "en", (CITATION,))

    assert answer_line(extractive) == ENGLISH_LINE
    assert answer_line(llm) == llm.text


def test_abstention_without_citations_is_just_the_text() -> None:
    assert [seen(b) for b in render_answer(Answer("q", "لم أجد الإجابة.", "ar", abstained=True))] == ["لم أجد الإجابة."]


def test_rendered_answers_read_right_in_both_paragraph_directions() -> None:
    quotes = (CITATION.quote, SECOND_QUOTE)
    dated = replace(CITATION, title="بحث وزير الدفاع السوري مع وفد روسي", outlet=None)  # a date right after a title
    for answer in (
        two_article_answer("en"),
        two_article_answer("ar", "العدد: 190 [1]؛ التاريخ 2025-11-16 [2]"),
        Answer("q", "x", "ar", (dated,), answer_line="الموعد: 16 نوفمبر 2025 [1]"),
    ):
        for block in render_answer(answer):
            assert reading_problems(visible_text(block), quotes) == []


def test_the_reading_check_fails_without_isolates() -> None:
    """The same check on the text stripped of its isolates finds the problems the isolates prevent."""
    english = seen("\n".join(render_answer(two_article_answer("en"))))
    arabic = seen(render_answer(Answer("q", "x", "ar", (CITATION,), answer_line="التاريخ 2025-11-16 [1]"))[0])

    assert any("[1]" in problem for problem in reading_problems(english, (CITATION.quote,)))
    assert any("2025-11-16" in problem for problem in reading_problems(arabic))


def test_each_piece_is_isolated_in_its_own_direction() -> None:
    blocks = render_answer(two_article_answer("en"))

    assert blocks[0].startswith(LRI) and f"{LRI}[1]{PDI}" in blocks[0]
    assert f"{RLI}«{CITATION.quote}»{PDI}" in blocks[1]
    assert f"{RLI}{CITATION.title}{PDI}" in blocks[1]  # a title in the direction of its first letter


def test_sources_list_every_article_with_outlet_date_and_link() -> None:
    blocks = render_sources(SOURCES, "en")

    assert [seen(b) for b in blocks] == [
        "Sources (2)",
        f"[1] {SOURCES[0].title} — عنب بلدي, 3 October 2025",
        f"[2] {SOURCES[1].title} — {SOURCES[1].outlet}, 16 November 2025",
    ]
    assert '<a href="https://example.org/news?id=2&amp;lang=ar">' in blocks[2]
    assert seen(render_sources(SOURCES, None)[0]) == "المصادر / Sources (2)"


def test_timeline_items_carry_their_number_quote_and_dated_article() -> None:
    other = replace(CITATION, article_id="other.txt", title="مقال آخر", published=None, url=None, outlet=None)
    events = [
        TimelineEvent("15 October 2025", dt.date(2025, 10, 15), CITATION),
        TimelineEvent("October 2025", dt.date(2025, 10, 1), other),
        TimelineEvent("16 November 2025", dt.date(2025, 11, 16), replace(CITATION, n=7)),
    ]

    blocks = render_timeline("القواعد <الروسية>", events, "en")

    assert [seen(b) for b in blocks] == [
        "القواعد <الروسية>",
        f"15 October 2025 [1]\n«{QUOTE_1}»\n[1] {CITATION.title} — {CITATION.outlet}, 16 November 2025",
        f"October 2025 [2]\n«{QUOTE_1}»\n[2] مقال آخر — undated",
        f"16 November 2025 [1]\n«{QUOTE_1}»\n[1] {CITATION.title} — {CITATION.outlet}, 16 November 2025",
    ]
    assert "&lt;الروسية&gt;" in blocks[0]
    for block in blocks:
        assert reading_problems(visible_text(block), (CITATION.quote,)) == []


QUOTE_1 = CITATION.quote


def test_blocks_are_packed_whole_into_messages_under_the_limit() -> None:
    answer = Answer("q", "x", "ar", long_citations(), answer_line="الجواب [1]")
    blocks = render_answer(answer)

    messages = pack_messages(blocks)

    assert len(messages) > 2
    assert all(utf16_length(m) <= MAX_MESSAGE_LENGTH for m in messages)
    assert "\n\n".join(messages) == "\n\n".join(blocks)  # nothing lost, nothing cut: every block whole
    for message in messages:
        assert all(message.count(f"({n}.") in (0, 3) for n in range(1, 13))  # an article's quotes stay together


def test_a_block_longer_than_a_message_is_split_inside() -> None:
    huge = "<blockquote>" + html.escape(LONG_SENTENCE * 60, quote=False) + "</blockquote>"

    messages = pack_messages(["first", huge, "last"])

    assert messages[0].startswith("first\n\n<blockquote>") and messages[-1].endswith("last")
    assert all(utf16_length(m) <= MAX_MESSAGE_LENGTH for m in messages)
    assert squeeze("".join(visible_text(m) for m in messages)) == squeeze("first" + LONG_SENTENCE * 60 + "last")


def test_short_html_is_one_message() -> None:
    assert split_html("  <b>مرحبا</b> &amp; hello \n") == ["<b>مرحبا</b> &amp; hello"]
    assert split_html(" \n ") == []


def test_ten_thousand_characters_of_text_are_split_at_sentences_under_the_limit() -> None:
    rendered = html.escape((LONG_SENTENCE * 120)[:10_000], quote=False)

    parts = split_html(rendered)

    assert len(parts) == 3
    assert all(utf16_length(part) <= MAX_MESSAGE_LENGTH for part in parts)
    assert all(part.rstrip().endswith(".") for part in parts[:-1])  # cut after a sentence
    assert squeeze("".join(visible_text(part) for part in parts)) == squeeze(visible_text(rendered))


def test_cuts_never_fall_inside_entities_and_prefer_lines() -> None:
    text = "\n".join(f"سطر {i}: Tom &amp; Jerry &lt;{i}&gt; — نص عربي" for i in range(400))

    parts = split_html(text, limit=500)

    assert all(utf16_length(part) <= 500 for part in parts)
    assert all(part.startswith("سطر ") and part.endswith("نص عربي") for part in parts)  # whole lines
    assert "\n".join(parts) == text


def test_long_quote_is_closed_and_reopened_across_messages() -> None:
    quote = "جملة مقتبسة طويلة جدا من المقال. " * 40
    message = f"<b>Sources</b>\n[1] T\n<blockquote expandable>{quote}</blockquote>\nبعد الاقتباس"

    parts = split_html(message, limit=300)

    assert len(parts) > 4
    for part in parts[1:-1]:
        assert part.startswith("<blockquote expandable>") and part.endswith("</blockquote>")
    assert squeeze("".join(visible_text(p) for p in parts)) == squeeze(visible_text(message))


def test_nested_tags_and_links_survive_a_cut() -> None:
    message = '<i>intro <a href="https://x.org/?a=1&amp;b=2">' + "linked words here " * 30 + "</a> end</i>"

    parts = split_html(message, limit=200)

    assert len(parts) >= 3
    assert all(p.startswith("<i>") and p.endswith("</i>") for p in parts)
    assert all('<a href="https://x.org/?a=1&amp;b=2">' in p for p in parts[1:-1])
    assert squeeze("".join(visible_text(p) for p in parts)) == squeeze(visible_text(message))


def test_unbroken_text_and_emoji_are_cut_by_telegram_length() -> None:
    message = "😀" * 3000 + "x" * 3000  # each emoji counts twice in Telegram's (UTF-16) length

    parts = split_html(message)

    assert all(utf16_length(p) <= MAX_MESSAGE_LENGTH for p in parts)
    assert "".join(parts) == message


def test_mixed_directions_and_diacritics_are_kept_intact() -> None:
    sentence = "قالَ المتحدثُ إنّ «الزيارة» ناجحة (successful visit, 2025). "
    message = html.escape(sentence * 100, quote=False)

    parts = split_html(message, limit=1000)

    assert all(p.endswith("(successful visit, 2025).") for p in parts[:-1])
    assert " ".join(parts) == message.strip()


def test_limit_too_small_for_the_markup_is_an_error() -> None:
    with pytest.raises(ValueError, match="too small"):
        split_html("<blockquote expandable>" + "x" * 500 + "</blockquote>", limit=40)


def test_a_quote_that_is_the_answer_line_is_not_shown_again_under_its_article() -> None:
    line = f"«{CITATION.quote}» [1]"  # "other" questions open with their best sentence
    answer = Answer("q", line, "ar", (CITATION,), answer_line=line)
    shown = seen("\n".join(render_answer(answer)))
    assert shown.count(CITATION.quote) == 1
