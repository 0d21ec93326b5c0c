"""Hybrid search over a real (temporary) index with a word-hash embedder whose similarities mean something."""

from __future__ import annotations

import datetime as dt
import math
import zlib

import pytest
from langchain_core.embeddings import Embeddings

from retrieval.index.passage_index import PassageIndex
from retrieval.records import Article, Hit
from retrieval.search.hybrid import HybridSearcher, SearchMode
from retrieval.settings import Settings
from retrieval.text.arabic import tokens
from retrieval.text.query import Query


class WordHashEmbeddings(Embeddings):
    """Folded words hashed into 64 buckets, L2-normalised: texts that share words are close."""

    identity = "fake:word-hash-64"

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * 64
        for token in tokens(text):
            vector[zlib.crc32(token.encode()) % 64] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class Searcher:
    """The hybrid searcher behind a question string: the question analysed and embedded once, as `Isnad` does."""

    def __init__(self, index: PassageIndex) -> None:
        self._searcher = HybridSearcher(index)
        self._embed = index.store.embeddings.embed_query

    def search(self, text: str, k: int, *, mode: SearchMode = "hybrid") -> list[Hit]:
        return self._searcher.search(Query.analyse(text, embed=self._embed), k, mode=mode).hits


@pytest.fixture
def searcher(settings: Settings, small_articles: list[Article]) -> Searcher:
    index = PassageIndex(settings, WordHashEmbeddings())
    index.ingest(small_articles)
    return Searcher(index)


def test_hybrid_finds_the_passage_that_says_it(searcher: Searcher) -> None:
    hits = searcher.search("ميناء جديد في مدينة العقبة", 3)
    assert [h.passage.article_id for h in hits] == ["b.txt", "a.txt", "c.txt"]
    assert hits[0].dense_rank == 1 and hits[0].lexical_rank == 1
    assert hits[0].score > hits[1].score > hits[2].score


def test_dense_similarity_is_one_for_the_passage_itself(searcher: Searcher) -> None:
    """An exact match scores about 1 (passage) + 1 (its best sentence, nearly the same words) + 0.2 (all
    its words); dense mode reports the cosine similarity itself."""
    text = "افتتحت الحكومة ميناء جديدا في مدينة العقبة أمس الأربعاء. ويضم الميناء ثلاثة أرصفة."
    best = searcher.search(text, 1)[0]
    assert best.passage.article_id == "b.txt"
    assert best.score > 1.9
    dense = searcher.search(text, 1, mode="dense")[0]
    assert dense.passage.article_id == "b.txt" and 0.99 < dense.score <= 1.0001


def test_a_named_period_lifts_the_articles_published_in_it(settings: Settings) -> None:
    """Two reports with the same words, published three months apart: only the month asked about differs."""
    text = "اجتمع المجلس البلدي لمناقشة ميزانية المدينة."
    index = PassageIndex(settings, WordHashEmbeddings())
    index.ingest(
        [
            Article(article_id="march.txt", title="المجلس البلدي", text=text, published=dt.date(2025, 3, 5)),
            Article(article_id="june.txt", title="المجلس البلدي", text=text, published=dt.date(2025, 6, 10)),
        ]
    )
    searcher = Searcher(index)
    assert searcher.search("ماذا ناقش المجلس البلدي في مارس 2025؟", 1)[0].passage.article_id == "march.txt"
    assert searcher.search("ماذا ناقش المجلس البلدي في يونيو 2025؟", 1)[0].passage.article_id == "june.txt"


def test_the_single_retriever_modes_keep_their_own_order(searcher: Searcher) -> None:
    lexical = searcher.search("مهرجان الشعر", 2, mode="lexical")
    assert lexical[0].passage.article_id == "c.txt" and lexical[0].lexical_rank == 1
    assert all(h.dense_rank is None for h in lexical)
    dense = searcher.search("مهرجان الشعر", 3, mode="dense")
    assert dense[0].passage.article_id == "c.txt" and [h.dense_rank for h in dense] == [1, 2, 3]
    assert searcher.search("مهرجان الشعر", 0) == []


def test_an_english_question_reaches_arabic_passages_through_the_glossary(searcher: Searcher) -> None:
    assert searcher.search("Which port did the government open?", 1)[0].passage.article_id == "b.txt"
