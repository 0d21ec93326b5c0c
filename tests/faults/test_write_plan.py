"""The crash-safe write order: batches across articles, sentences first, old versions deleted last."""

from __future__ import annotations

from retrieval.ingest.passages import chunk
from retrieval.ingest.write_plan import PendingArticle, plan_writes, sentence_rows
from retrieval.records import Article


def pending(article_id: str, sentences: int) -> PendingArticle:
    text = " ".join(f"هذه الجملة رقم {n} من المقال {article_id} وفيها كلام كثير عن الموضوع." for n in range(sentences))
    article = Article(article_id=article_id, title=article_id, text=text)
    passages = chunk(article, target_chars=150, overlap=1, article_hash=f"hash-{article_id}")
    return PendingArticle(article_id, f"hash-{article_id}", passages)


def test_batches_span_articles_and_each_article_completes_in_the_batch_of_its_last_passage() -> None:
    articles = [pending("a", 6), pending("b", 10), pending("c", 2)]
    sizes = [len(a.passages) for a in articles]
    batches = list(plan_writes(articles, batch_passages=4))
    assert [len(b.passages) for b in batches][:-1] == [4] * (len(batches) - 1)
    assert sum(len(b.passages) for b in batches) == sum(sizes)
    assert len(batches) < len(articles) + sum(sizes) // 4  # fewer rounds than one per article per batch
    for article in articles:
        ids = {p.passage_id for p in article.passages}
        holding = [i for i, b in enumerate(batches) if ids & {p.passage_id for p in b.passages}]
        completing = [i for i, b in enumerate(batches) if article.article_id in b.completed]
        with_sentences = [
            i for i, b in enumerate(batches) if any(s.article_id == article.article_id for s in b.sentences)
        ]
        assert completing == [holding[-1]]  # old versions go only once the new one is whole
        assert with_sentences == [holding[0]]  # sentences are written before any of its passages
        assert batches[completing[0]].completed[article.article_id] == article.article_hash


def test_an_articles_sentences_are_written_once_even_where_passages_overlap() -> None:
    article = pending("a", 8)
    spans = [s for p in article.passages for s in p.sentences]
    assert len(spans) > len(set(spans))  # neighbouring passages share a sentence
    rows = sentence_rows(article)
    assert [r.span for r in rows] == sorted(set(spans), key=lambda s: s.start)
    assert all(r.article_hash == "hash-a" and r.text.startswith("هذه الجملة") for r in rows)


def test_nothing_pending_plans_nothing() -> None:
    assert list(plan_writes([], batch_passages=8)) == []
