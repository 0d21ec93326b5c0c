"""Telegram HTML for answers, source lists and timelines, as blocks that a message split never cuts.

An answer is its answer line, then one block per cited article: the article's number, its whole title
(a link when the article has a URL), outlet and publication date, and below them each sentence quoted
from it, once. A timeline item is the event's date and citation number, the quoted sentence and its
article with that article's date. Everything from articles and users is escaped, and every line is
isolated for direction (`direction.line`), so it reads right whatever direction the client picks.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from bot.telegram.direction import direction_of, isolate, isolate_runs, line
from retrieval import Answer, Citation, SourceInfo, TimelineEvent, format_day

SOURCES_HEADING = {"ar": "المصادر", "en": "Sources"}
AS_OF = {"ar": "حتى {day} (أحدث مقال مستشهد به)", "en": "As of {day} (the newest cited article)"}
_QUOTE_LINE = re.compile(r"^«(?P<quote>.*)»\s*(?:\[\d+\]\s*)*$")


def text(value: str) -> str:
    """Escape text for Telegram HTML (`&`, `<`, `>`; quotes need no escaping outside attributes)."""
    return escape(value, quote=False)


def published_text(day: dt.date | None, language: str) -> str:
    """An article's publication date in `language`: `16 November 2025`, `16 نوفمبر 2025`, or undated."""
    return format_day(day, "ar" if language == "ar" else "en", weekday=False)


@dataclass(frozen=True, slots=True)
class CitedArticle:
    """One cited article: its number in the answer and the sentences quoted from it, each once."""

    n: int
    title: str
    outlet: str | None
    published: dt.date | None
    url: str | None
    quotes: tuple[str, ...]


def cited_articles(citations: Sequence[Citation]) -> list[CitedArticle]:
    """The citations grouped by number (one number per article), in order of first appearance."""
    grouped: dict[int, tuple[Citation, list[str]]] = {}
    for citation in citations:
        _, quotes = grouped.setdefault(citation.n, (citation, []))
        quote = citation.quote.strip()
        if quote and quote not in quotes:
            quotes.append(quote)
    return [
        CitedArticle(n, first.title, first.outlet, first.published, first.url, tuple(quotes))
        for n, (first, quotes) in grouped.items()
    ]


def answer_line(answer: Answer) -> str:
    """The direct answer with its `[n]` markers; an abstention's text as it is.

    Without `Answer.answer_line` (an older library), the answer text less the quoted sentences, which
    the article blocks show: the line before them, or an LLM's whole prose.
    """
    given = answer.answer_line
    if given:
        return given.strip()
    if answer.abstained or not answer.citations:
        return answer.text.strip()
    quotes = {citation.quote.strip() for citation in answer.citations}
    kept = [row for row in answer.text.strip().splitlines() if not _repeats_a_quote(row, quotes)]
    while kept and kept[-1].rstrip().endswith(":"):  # the lead-in to the quotes just removed
        kept.pop()
    return "\n".join(kept).strip() or answer.text.strip().splitlines()[0]


def _repeats_a_quote(row: str, quotes: set[str]) -> bool:
    match = _QUOTE_LINE.match(row.strip())
    return match is not None and match.group("quote").strip() in quotes


def render_answer(answer: Answer) -> list[str]:
    """The answer as HTML blocks: the answer line (and any notice), then one block per cited article."""
    language = answer.language
    opening = answer_line(answer)
    blocks = [_paragraph(opening, language)]
    if answer.notice:
        blocks.append(f"<i>{_paragraph(answer.notice, language)}</i>")
    articles = cited_articles(answer.citations)
    for i, article in enumerate(articles):
        block = _article_block(article, language, shown=opening)
        if i == 0:
            heading = SOURCES_HEADING.get(language, SOURCES_HEADING["en"])
            block = f"<b>{line(heading, language)}</b>\n{block}"
        blocks.append(block)
    if articles and answer.as_of:  # what the answer holds as of: the news may have moved on since
        as_of = AS_OF.get(language, AS_OF["en"]).format(day=published_text(answer.as_of, language))
        blocks[-1] += f"\n<i>{line(as_of, language)}</i>"
    return blocks


def _article_block(article: CitedArticle, language: str, *, shown: str = "") -> str:
    """The article's source line and its quotes, but for a quote the answer line already says (each once)."""
    head = _source_line(article.n, article.title, article.outlet, article.published, article.url, language)
    quotes = "\n".join(_quote(quote) for quote in article.quotes if quote.strip() not in shown)
    return f"{head}\n<blockquote>{quotes}</blockquote>" if quotes else head


def render_sources(sources: Sequence[SourceInfo], language: str | None) -> list[str]:
    """The indexed articles, numbered, with outlet, date and link: a heading block, then one per article."""
    labels = [language] if language else ["ar", "en"]
    heading = " / ".join(SOURCES_HEADING[label] for label in labels)
    blocks = [f"<b>{line(heading, labels[0])}</b> ({len(sources)})"]
    blocks += [
        _source_line(i, source.title, source.outlet, source.published, source.url, language or "ar")
        for i, source in enumerate(sources, start=1)
    ]
    return blocks


def render_timeline(topic: str, events: Sequence[TimelineEvent], language: str) -> list[str]:
    """The topic, then one block per dated event, oldest first: its date and citation number, the quoted
    sentence, then its article (one number per article) with the article's date."""
    numbers: dict[str, int] = {}
    blocks = [f"<b>{_paragraph(topic.strip(), direction_language(topic))}</b>"]
    for event in events:
        citation = event.citation
        n = numbers.setdefault(citation.article_id, len(numbers) + 1)
        date_line = f"<b>{_paragraph(event.date_text, language)}</b> {_marker(n)}"
        source = _source_line(n, citation.title, citation.outlet, citation.published, citation.url, language)
        blocks.append(f"{_isolate_line(date_line, language)}\n{_quote(citation.quote.strip())}\n{source}")
    return blocks


def direction_language(value: str) -> str:
    """`ar` for text that starts with an Arabic letter, else `en`: how a piece of text is isolated."""
    return "ar" if direction_of(value) == "rtl" else "en"


def _source_line(
    n: int, title: str, outlet: str | None, published: dt.date | None, url: str | None, language: str
) -> str:
    """`[n] Title — Outlet, date` in the answer's language; the title links to the article."""
    name = text(isolate(title.strip() or "—", direction_of(title)))
    if url and url.startswith(("https://", "http://")):
        name = f'<a href="{escape(url, quote=True)}">{name}</a>'
    comma = "، " if language == "ar" else ", "
    date = published_text(published, language)
    details = [text(isolate(outlet.strip(), direction_of(outlet)))] if outlet and outlet.strip() else []
    details.append(text(isolate(isolate_runs(date, language), "rtl" if language == "ar" else "ltr")))
    return _isolate_line(f"{_marker(n)} {name} — {comma.join(details)}", language)


def _quote(quote: str) -> str:
    """A quoted sentence, isolated in its own direction."""
    language = direction_language(quote)
    return text(isolate(f"«{isolate_runs(quote, language)}»", "rtl" if language == "ar" else "ltr"))


def _marker(n: int) -> str:
    return isolate(f"[{n}]", "ltr")


def _paragraph(value: str, language: str) -> str:
    """Plain text of several lines, escaped, each line isolated."""
    return text(line(value.strip(), language))


def _isolate_line(html: str, language: str) -> str:
    """One line of HTML isolated as a whole in `language`'s direction (its parts are isolated already)."""
    return isolate(html, "rtl" if language == "ar" else "ltr")
