"""`Isnad.as_retriever`: the index as a LangChain retriever, inside an LCEL chain."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.runnables import RunnableLambda

from retrieval.records import Article
from retrieval.service import Isnad
from retrieval.settings import Settings


def test_the_retriever_returns_cited_documents_and_composes_in_a_chain(
    settings: Settings, small_articles: list[Article]
) -> None:
    isnad = Isnad(settings, embeddings=DeterministicFakeEmbedding(size=32))
    isnad.ingest_articles(small_articles)
    retriever = isnad.as_retriever(k=2)

    documents = retriever.invoke("ميناء العقبة")
    assert len(documents) == 2 and all(isinstance(d, Document) for d in documents)
    port = next(d for d in documents if d.metadata["article_id"] == "b.txt")
    article = small_articles[1]
    assert article.text[port.metadata["start"] : port.metadata["end"]] == port.page_content
    assert port.metadata["published"] == "2025-06-12" and port.metadata["title"] == article.title

    titles = (retriever | RunnableLambda(lambda docs: [d.metadata["title"] for d in docs])).invoke("ميناء العقبة")
    assert article.title in titles
    assert len(isnad.as_retriever().invoke("مهرجان الشعر")) == 3  # default k = top_k, capped by what exists
