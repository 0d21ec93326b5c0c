"""Telegram HTML for answers, source lists and timelines. All text from articles and users is escaped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from retrieval.records import Answer, Citation, SourceInfo, TimelineEvent

SOURCES_HEADING = {"ar": "المصادر", "en": "Sources"}


def text(value: str) -> str:
    """Escape text for Telegram HTML (`&`, `<`, `>`; quotes need no escaping outside attributes)."""
    return escape(value, quote=False)


def render_answer(answer: Answer) -> str:
    """The answer text, an optional notice, then the numbered footnotes with their quotes."""
    blocks = [text(answer.text.strip())]
    if answer.notice:
        blocks.append(f"<i>{text(answer.notice)}</i>")
    if answer.citations:
        heading = SOURCES_HEADING.get(answer.language, SOURCES_HEADING["en"])
        footnotes = "\n".join(render_citation(citation) for citation in answer.citations)
        blocks.append(f"<b>{heading}</b>\n{footnotes}")
    return "\n\n".join(block for block in blocks if block)


def render_citation(citation: Citation) -> str:
    """`[n] Title — Outlet, date` (the title links to the article) and the quoted sentence below it."""
    head = f"[{citation.n}] " + _source_line(citation.title, citation.outlet, citation.published, citation.url)
    return f"{head}\n<blockquote expandable>{text(citation.quote.strip())}</blockquote>"


def render_sources(sources: Sequence[SourceInfo]) -> str:
    """A numbered list of the indexed articles, with outlet and date."""
    lines = [f"<b>المصادر / Sources</b> ({len(sources)})"]
    lines += [
        f"{i}. " + _source_line(source.title, source.outlet, source.published, source.url)
        for i, source in enumerate(sources, start=1)
    ]
    return "\n".join(lines)


def render_timeline(topic: str, events: Sequence[TimelineEvent]) -> str:
    """Dated events, oldest first: the date in bold, the quoted sentence, its article."""
    lines = [f"<b>{text(topic.strip())}</b>"]
    for event in events:
        citation = event.citation
        source = _source_line(citation.title, citation.outlet, None, citation.url)
        lines.append(f"\n<b>{text(event.date_text)}</b> — {text(citation.quote.strip())}\n<i>{source}</i>")
    return "\n".join(lines)


def _source_line(title: str, outlet: str | None, published: dt.date | None, url: str | None) -> str:
    name = text(title.strip() or "—")
    if url and url.startswith(("https://", "http://")):
        name = f'<a href="{escape(url, quote=True)}">{name}</a>'
    details = ", ".join(text(part) for part in (outlet, published.isoformat() if published else None) if part)
    return f"{name} — {details}" if details else name
