"""One question, analysed once: embedded once, each store request made once per answer."""

from __future__ import annotations

from collections import Counter

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from pydantic import Field

from retrieval.records import Article
from retrieval.service import Isnad
from retrieval.settings import Settings


class CountingEmbeddings(DeterministicFakeEmbedding):
    calls: Counter[str] = Field(default_factory=Counter)

    def embed_query(self, text: str) -> list[float]:
        self.calls["embed_query"] += 1
        return super().embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls["embed_documents"] += 1
        return super().embed_documents(texts)


@pytest.mark.parametrize("question", ["متى افتتح الميناء الجديد؟", "When did the minister visit Cairo?"])
def test_an_answer_embeds_the_question_once_and_reads_sentence_vectors_once(
    settings: Settings, small_articles: list[Article], question: str
) -> None:
    embeddings = CountingEmbeddings(size=32)
    isnad = Isnad(settings, embeddings=embeddings)
    isnad.ingest_articles(small_articles)
    store = isnad.index.store
    reads = Counter()
    original = store.sentence_vectors

    def counted(ids):  # type: ignore[no-untyped-def]
        reads["sentence_vectors"] += 1
        return original(ids)

    store.sentence_vectors = counted  # type: ignore[method-assign]
    generation = store.generation
    store.generation = lambda: reads.update(["generation"]) or generation()  # type: ignore[method-assign]
    embeddings.calls.clear()

    isnad.answer(question)

    assert embeddings.calls == Counter({"embed_query": 1})  # no sentence embedded at answer time either
    assert reads == Counter({"sentence_vectors": 1, "generation": 1})
