"""The HTML renderer and the message splitter."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest
from telegram_fakes import CITATION, LONG_SENTENCE, SOURCES

from bot.telegram.render import render_answer, render_sources, render_timeline
from bot.telegram.split import MAX_MESSAGE_LENGTH, split_html, utf16_length
from retrieval.records import Answer, Citation, TimelineEvent

TELEGRAM_TAGS = {"b", "i", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler", "span"}


class _TagChecker(HTMLParser):
    """Fails on unbalanced or unknown tags and on bare `&`/`<`; collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in TELEGRAM_TAGS, tag
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open.pop() == tag, f"unbalanced </{tag}>"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(message: str) -> str:
    """The text Telegram would show for `message`, checking the markup on the way."""
    assert not re.search(r"&(?!(amp|lt|gt|quot|#\d+|#x[0-9a-f]+);)", message), "bare & in the HTML"
    checker = _TagChecker()
    checker.feed(message)
    checker.close()
    assert not checker.open, f"unclosed tags {checker.open}"
    return "".join(checker.text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_answer_is_escaped_with_numbered_footnotes_and_expandable_quotes() -> None:
    answer = Answer("q", "Tom & Jerry <b>not bold</b> [1]", "en", (CITATION,), notice="LLM <offline>")

    rendered = render_answer(answer)

    assert rendered == (
        "Tom &amp; Jerry &lt;b&gt;not bold&lt;/b&gt; [1]\n\n"
        "<i>LLM &lt;offline&gt;</i>\n\n"
        "<b>Sources</b>\n"
        '[1] <a href="https://example.org/news?id=2&amp;lang=ar">وفد عسكري روسي رفيع في دمشق: تعزيز التعاون المشترك</a>'
        " — سانا &amp; وكالات, 2025-11-16\n"
        f"<blockquote expandable>{CITATION.quote}</blockquote>"
    )
    visible_text(rendered)


def test_arabic_answer_gets_an_arabic_heading_and_footnotes_without_url_or_date() -> None:
    bare = Citation(n=2, article_id="a", title="عنوان <مهم>", quote="جملة «مقتبسة» & أخرى.", start=0, end=5)
    answer = Answer("س", "الجواب [1][2]", "ar", (CITATION, bare))

    rendered = render_answer(answer)

    assert "<b>المصادر</b>" in rendered
    assert "[2] عنوان &lt;مهم&gt;\n<blockquote expandable>جملة «مقتبسة» &amp; أخرى.</blockquote>" in rendered
    assert visible_text(rendered).count("[") == 4


def test_links_only_for_web_urls() -> None:
    citation = Citation(1, "a", "T", "q", 0, 1, url="javascript:alert(1)")
    assert "<a" not in render_answer(Answer("q", "x", "en", (citation,)))


def test_abstention_without_citations_is_just_the_text() -> None:
    assert render_answer(Answer("q", "لا أعرف.", "ar", abstained=True)) == "لا أعرف."


def test_sources_and_timeline() -> None:
    sources = render_sources(SOURCES)
    timeline = render_timeline(
        "القواعد <الروسية>", [TimelineEvent("16 November 2025", dt.date(2025, 11, 16), CITATION)]
    )

    assert sources.splitlines()[1] == "1. زيارة وفد عسكري سوري إلى روسيا — عنب بلدي, 2025-10-03"
    assert "2025-11-16" in sources.splitlines()[2]
    assert timeline.startswith("<b>القواعد &lt;الروسية&gt;</b>\n\n<b>16 November 2025</b> — بحث وزير")
    visible_text(sources)
    visible_text(timeline)


def test_short_html_is_one_message() -> None:
    assert split_html("  <b>مرحبا</b> &amp; hello \n") == ["<b>مرحبا</b> &amp; hello"]
    assert split_html(" \n ") == []


def test_ten_thousand_character_answer_is_split_at_sentences_under_the_limit() -> None:
    answer = Answer("q", (LONG_SENTENCE * 120)[:10_000], "ar", (CITATION,))
    rendered = render_answer(answer)

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
