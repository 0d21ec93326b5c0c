"""Passage chunking, with character offsets into the article text.

Passages are runs of whole sentences (see `retrieval.text.sentences`) up to a target length; neighbours share
a sentence so a fact stated across a boundary stays retrievable.
"""

from __future__ import annotations

from retrieval.records import Article, Passage, Span
from retrieval.text.sentences import split_long, split_sentences


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
