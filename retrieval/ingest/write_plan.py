"""How ingest writes passages: in batches that span articles, in an order that survives a crash.

An article counts as indexed when the store holds exactly its `passage_count` passages, all with its
current content hash (`ArticleState.is_complete`). The plan keeps that test truthful whenever the
writing process dies:

1. an article's sentence vectors are written in the batch where its first passage is, before any of
   its passages, so a complete article always has its sentences;
2. passage ids are derived from the content hash and the position, so writing a passage again (after
   a crash) replaces it instead of adding a duplicate;
3. whatever else the store holds of an article (an older version, or records a crashed ingest left
   under another hash) is deleted only after the batch holding the new version's last passage, so a
   crash never leaves an article with neither version; the store deletes sentences before passages,
   so an article whose deletion was cut short still fails the completeness test.

Anything a crash leaves behind (some new passages beside the old ones, or a partial new article) fails
the completeness test, so the next ingest writes that article again and then deletes the rest.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from retrieval.index.store import SentenceRow
from retrieval.records import Passage


@dataclass(frozen=True, slots=True)
class PendingArticle:
    """An article to (re)write: its id, content hash and passages."""

    article_id: str
    article_hash: str
    passages: Sequence[Passage]


@dataclass(slots=True)
class WriteBatch:
    """One round of writes, in this order: `sentences`, then `passages`, then deleting everything
    else the store holds of the articles in `completed` (article id -> current hash), whose last
    passage is in this batch."""

    sentences: list[SentenceRow] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    completed: dict[str, str] = field(default_factory=dict)


def plan_writes(pending: Sequence[PendingArticle], *, batch_passages: int) -> Iterator[WriteBatch]:
    """Batches of about `batch_passages` passages (an article's passages may span batches)."""
    batch = WriteBatch()
    for article in pending:
        if not article.passages:
            continue
        batch.sentences.extend(sentence_rows(article))
        for i, passage in enumerate(article.passages):
            batch.passages.append(passage)
            if i == len(article.passages) - 1:
                batch.completed[article.article_id] = article.article_hash
            if len(batch.passages) >= batch_passages:
                yield batch
                batch = WriteBatch()
    if batch.passages:
        yield batch


def sentence_rows(article: PendingArticle) -> list[SentenceRow]:
    """The article's distinct sentences (neighbouring passages share some), in order."""
    seen: dict[tuple[int, int], SentenceRow] = {}
    for passage in article.passages:
        for span, text in passage.sentence_texts():
            seen.setdefault((span.start, span.end), SentenceRow(article.article_id, article.article_hash, span, text))
    return list(seen.values())
