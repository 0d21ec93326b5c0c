"""Turning an `Answer` (and other library results) into terminal text or JSON.

Each kind of result has a `View` (`ANSWER`, `SOURCES`, `TIMELINE`, `INGEST`); front ends print
`VIEW.show(value, as_json=...)`, so the `--json`-or-text choice is made in one place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from retrieval import Answer, Citation, FeedState, IngestReport, SourceInfo, TimelineEvent, format_day

T = TypeVar("T")


def published_text(day: dt.date | None, language: str = "en") -> str:
    """`Sunday 16 November 2025`, or a plain note when the article carries no date."""
    return format_day(day, "ar" if language == "ar" else "en")


def citation_line(c: Citation, language: str = "en") -> str:
    """`[n] title · outlet · publication date · article id · url`, the date in the answer's language."""
    parts = [c.title]
    if c.outlet:
        parts.append(c.outlet)
    parts.append(published_text(c.published, language))
    parts.append(c.article_id)
    if c.url:
        parts.append(c.url)
    return f"[{c.n}] " + " · ".join(parts)


def answer_text(answer: Answer) -> str:
    """The answer followed by its numbered sources."""
    lines = [answer.text]
    if answer.notice:
        lines.insert(0, f"({answer.notice})")
    return "\n".join(lines) + sources_block(answer)


AS_OF = {"en": "As of {day}, the newest cited article.", "ar": "حتى {day}، تاريخ أحدث مقال مستشهد به."}


def sources_block(answer: Answer) -> str:
    """The numbered sources under an answer (empty when it cites nothing), with the date the answer holds as of
    (the news may have moved on since)."""
    if not answer.citations:
        return ""
    language = "ar" if answer.language == "ar" else "en"
    heading = "Sources:" if language == "en" else "المصادر:"
    lines = [heading, *dict.fromkeys(citation_line(c, language) for c in answer.citations)]  # an article once
    if answer.as_of:
        lines.append(AS_OF[language].format(day=published_text(answer.as_of, language)))
    return "\n\n" + "\n".join(lines)


def answer_json(answer: Answer) -> dict[str, Any]:
    """The `--json` object: stable field names, dates as ISO strings."""
    data: dict[str, Any] = {
        "question": answer.question,
        "answer": answer.text,
        "language": answer.language,
        "abstained": answer.abstained,
        "citations": [citation_json(c) for c in answer.citations],
        "standalone_question": answer.standalone_question,
        "verified": answer.verified,
        "fallback": answer.fallback,
        "timings_ms": answer.timings_ms,
        "answer_line": answer.answer_line,
        "confidence": answer.confidence,
        "as_of": answer.as_of.isoformat() if answer.as_of else None,
    }
    if answer.notice:
        data["notice"] = answer.notice
    return data


def citation_json(c: Citation) -> dict[str, Any]:
    return {
        "n": c.n,
        "article_id": c.article_id,
        "title": c.title,
        "outlet": c.outlet,
        "published": c.published.isoformat() if c.published else None,
        "url": c.url,
        "quote": c.quote,
        "start": c.start,
        "end": c.end,
    }


def sources_text(sources: list[SourceInfo]) -> str:
    if not sources:
        return "No articles are indexed yet (or none arrived since then)."
    lines = [
        f"{s.article_id}  {published_text(s.published)}  {s.passages} passages  {s.title}"
        + (f"  ({s.outlet})" if s.outlet else "")
        + (f"  indexed {s.ingested_at:%Y-%m-%d %H:%M} UTC" if s.ingested_at else "")
        for s in sources
    ]
    text = "\n".join(lines) + f"\n{len(sources)} articles."
    stories = story_groups(sources)
    if stories:
        text += "\n\nStories told by several articles:"
        for story, members in stories.items():
            outlets = sorted({m.outlet or "outlet unknown" for m in members})
            text += f"\n{story}: {len(members)} articles, reported by {', '.join(outlets)}"
            text += "".join(f"\n    {m.article_id}  {m.title}" for m in members)
    return text


def story_groups(sources: list[SourceInfo]) -> dict[str, list[SourceInfo]]:
    """The stories with two or more of these articles, each with its articles."""
    groups: dict[str, list[SourceInfo]] = {}
    for source in sources:
        if source.story_id:
            groups.setdefault(source.story_id, []).append(source)
    return {story: members for story, members in groups.items() if len(members) > 1}


def sources_json(sources: list[SourceInfo]) -> list[dict[str, Any]]:
    return [
        {
            "article_id": s.article_id,
            "title": s.title,
            "published": s.published.isoformat() if s.published else None,
            "outlet": s.outlet,
            "url": s.url,
            "passages": s.passages,
            "author": s.author,
            "story_id": s.story_id,
            "ingested_at": s.ingested_at.isoformat() if s.ingested_at else None,
        }
        for s in sources
    ]


def timeline_text(events: list[TimelineEvent]) -> str:
    if not events:
        return "No dated events about this topic were found in the articles."
    lines = []
    for e in events:
        lines.append(f"{e.date_text}  «{e.citation.quote}»")
        lines.append(f"    {citation_line(e.citation)}")
    return "\n".join(lines)


def timeline_json(events: list[TimelineEvent]) -> list[dict[str, Any]]:
    return [
        {"date": e.date_text, "earliest": e.earliest.isoformat() if e.earliest else None, **citation_json(e.citation)}
        for e in events
    ]


def ingest_json(report: IngestReport) -> dict[str, Any]:
    return {
        "articles": {
            "added": report.articles_added,
            "replaced": report.articles_replaced,
            "removed": report.articles_removed,
            "unchanged": report.articles_unchanged,
        },
        "passages": {
            "added": report.passages_added,
            "removed": report.passages_removed,
            "unchanged": report.passages_unchanged,
        },
        "skipped": list(report.skipped),
        "written": sources_json(list(report.written)),
    }


def ingest_text(report: IngestReport) -> str:
    lines = [
        f"Articles: {report.articles_added} added, {report.articles_replaced} replaced, "
        f"{report.articles_removed} removed, {report.articles_unchanged} unchanged.",
        f"Passages: {report.passages_added} added, {report.passages_removed} removed, "
        f"{report.passages_unchanged} unchanged.",
    ]
    lines += [
        f"  {s.title} · {published_text(s.published)}"
        + (f" · {s.outlet}" if s.outlet else "")
        + f" · {s.passages} passages"
        + (f" · {s.url}" if s.url else "")
        for s in report.written
        if s.url  # a link's article is named; files are many and named by the ingest summary
    ]
    lines += [f"warning: {message}" for message in report.skipped]
    return "\n".join(lines)


def combined(reports: list[IngestReport]) -> IngestReport:
    """Several ingest runs' reports as one (files and links given together)."""
    if len(reports) == 1:
        return reports[0]
    numbers = {
        name: sum(getattr(r, name) for r in reports)
        for name in IngestReport.__dataclass_fields__
        if name not in ("skipped", "written")
    }
    return IngestReport(
        **numbers,
        skipped=tuple(m for r in reports for m in r.skipped),
        written=tuple(s for r in reports for s in r.written),
    )


def feeds_text(feeds: list[FeedState]) -> str:
    if not feeds:
        return "No feeds are followed; add one with `isnad feeds add URL`."
    lines = []
    for feed in feeds:
        polled = (
            f"polled {dt.datetime.fromtimestamp(feed.last_polled, dt.UTC):%Y-%m-%d %H:%M} UTC"
            if feed.last_polled
            else "not polled yet"
        )
        line = f"{feed.url}  {polled}  {len(feed.seen)} items seen" + (f"  ({feed.title})" if feed.title else "")
        if feed.last_error:
            line += f"\n    failing ({feed.failures} in a row): {feed.last_error}"
        lines.append(line)
    return "\n".join(lines)


def feeds_json(feeds: list[FeedState]) -> list[dict[str, Any]]:
    return [
        {
            "url": f.url,
            "title": f.title,
            "last_polled": f.last_polled,
            "next_poll": f.next_poll,
            "failures": f.failures,
            "last_error": f.last_error,
            "items_seen": len(f.seen),
        }
        for f in feeds
    ]


def json_line(data: object) -> str:
    """`data` as one line of JSON, non-ASCII text kept readable (a stream of these is JSON Lines)."""
    return json.dumps(data, ensure_ascii=False)


@dataclass(frozen=True)
class View(Generic[T]):
    """How one kind of result is shown: as terminal text, or as JSON-ready data for `--json`."""

    text: Callable[[T], str]
    data: Callable[[T], object]

    def show(self, value: T, *, as_json: bool) -> str:
        return json_line(self.data(value)) if as_json else self.text(value)


ANSWER: View[Answer] = View(answer_text, answer_json)
SOURCES: View[list[SourceInfo]] = View(sources_text, sources_json)
TIMELINE: View[list[TimelineEvent]] = View(timeline_text, timeline_json)
INGEST: View[IngestReport] = View(ingest_text, ingest_json)
FEEDS: View[list[FeedState]] = View(feeds_text, feeds_json)
