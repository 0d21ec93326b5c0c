"""Sentences: where one ends, and the spans of the sentences of a text.

A sentence ends at `.`, `!`, `?`, `؟`, `؛` (with any closing quotes or brackets after them) and at a line
break. Spans are character offsets into the text, so a sentence is always quoted exactly.
"""

from __future__ import annotations

import re

from retrieval.records import Span

END_MARKS = ".!?؟؛"
CLOSERS = "\"'”’»)]"  # closing quotes and brackets that may follow the end mark

_TERMINATOR = re.compile(rf"[{re.escape(END_MARKS)}]+[{re.escape(CLOSERS)}]*(?=\s|$)|\n+")
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


def ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence (a heading or a tag line does not)."""
    return text.rstrip().rstrip(CLOSERS).endswith(tuple(END_MARKS))
