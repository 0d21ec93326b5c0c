"""Sentence splitting and passage chunking, with character offsets into the article text.

Sentences end at `.`, `!`, `?`, `؟`, `؛` (with any closing quotes or brackets after them) and at line
breaks. Passages are runs of whole sentences up to a target length; neighbours share a sentence so a
fact stated across a boundary stays retrievable.
"""

from __future__ import annotations

import re

from retrieval.records import Article, Passage, Span

_TERMINATOR = re.compile(r"""[.!?؟؛]+["'”’»)\]]*(?=\s|$)|\n+""")
_LEADING_JUNK = re.compile(r"^[\s\-–—•*]+")  # bullet markers before a sentence
_MIN_SENTENCE_CHARS = 2


def split_sentences(text: str, offset: int = 0) -> list[Span]:
    """Spans of the sentences of `text`, trimmed of spaces and bullet markers, shifted by `offset`."""
    spans: list[Span] = []
    start = 0
    for match in _TERMINATOR.finditer(text):
        end = match.end() if match.group().strip() else match.start()
        _append_trimmed(text, start, end, offset, spans)
        start = match.end()
    _append_trimmed(text, start, len(text), offset, spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, offset: int, spans: list[Span]) -> None:
    piece = text[start:end]
    lead = len(piece) - len(_LEADING_JUNK.sub("", piece))
    start += lead
    end = start + len(text[start:end].rstrip())
    if end - start >= _MIN_SENTENCE_CHARS and any(ch.isalnum() for ch in text[start:end]):
        spans.append(Span(start + offset, end + offset))


def split_long(span: Span, text: str, max_chars: int) -> list[Span]:
    """Cut a sentence longer than `max_chars` at commas or spaces, so that every piece fits."""
    pieces: list[Span] = []
    start = span.start
    while span.end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind("،"), window.rfind(","), window.rfind("؛"))
        if cut < max_chars // 3:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = max_chars - 1
        pieces.append(Span(start, start + cut + 1))
        start += cut + 1
        while start < span.end and text[start].isspace():
            start += 1
    if start < span.end:
        pieces.append(Span(start, span.end))
    return [Span(s.start, s.start + len(text[s.start : s.end].rstrip())) for s in pieces]


def chunk(article: Article, *, target_chars: int, overlap: int, article_hash: str) -> list[Passage]:
    """Group the article's sentences into passages of about `target_chars` characters."""
    sentences = [piece for s in split_sentences(article.text) for piece in split_long(s, article.text, target_chars)]
    groups: list[list[Span]] = []
    current: list[Span] = []
    for sentence in sentences:
        if current and sentence.end - current[0].start > target_chars:
            groups.append(current)
            current = current[-overlap:] if overlap else []
            # An overlap that would itself overflow the passage is dropped.
            if current and sentence.end - current[0].start > target_chars:
                current = []
        current.append(sentence)
    if current and (not groups or current[-1] != groups[-1][-1]):
        groups.append(current)
    return [
        Passage(
            passage_id=f"{article_hash[:20]}-{i:04d}",
            article_id=article.article_id,
            title=article.title,
            text=article.text[group[0].start : group[-1].end],
            start=group[0].start,
            end=group[-1].end,
            sentences=tuple(group),
            published=article.published,
            outlet=article.outlet,
            url=article.url,
            article_hash=article_hash,
            position=i,
            passage_count=len(groups),
        )
        for i, group in enumerate(groups)
    ]
