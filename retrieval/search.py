"""Hybrid search: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank fusion."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.index import PassageIndex
from retrieval.records import Hit, Passage

SearchMode = Literal["hybrid", "dense", "lexical"]

RRF_K = 60  # the usual damping constant of reciprocal rank fusion
_MIN_CANDIDATES = 30


class HybridSearcher:
    """Searches a `PassageIndex` densely, lexically, or both fused."""

    def __init__(self, index: PassageIndex, *, dense_weight: float = 1.0, lexical_weight: float = 1.0) -> None:
        self.index = index
        self.dense_weight = dense_weight
        self.lexical_weight = lexical_weight

    def search(
        self, query: str, k: int, *, mode: SearchMode = "hybrid", query_vector: Sequence[float] | None = None
    ) -> list[Hit]:
        """The `k` best passages for `query`, best first."""
        depth = max(k * 4, _MIN_CANDIDATES)
        dense: list[tuple[Passage, float]] = []
        lexical: list[tuple[str, float]] = []
        if mode in ("hybrid", "dense"):
            vector = query_vector if query_vector is not None else self.index.store.embeddings.embed_query(query)
            dense = self.index.store.dense_search(vector, depth if mode == "hybrid" else k)
        if mode in ("hybrid", "lexical"):
            lexical = self.index.lexical().search(query, depth if mode == "hybrid" else k)
        if mode == "dense":
            return [Hit(p, s, dense_rank=r) for r, (p, s) in enumerate(dense, start=1)]
        passages = {p.passage_id: p for p, _ in dense}
        passages.update(self.index.store.get([pid for pid, _ in lexical if pid not in passages]))
        if mode == "lexical":
            return [Hit(passages[pid], s, lexical_rank=r) for r, (pid, s) in enumerate(lexical, 1) if pid in passages]
        return self._fuse(dense, lexical, passages)[:k]

    def _fuse(
        self, dense: list[tuple[Passage, float]], lexical: list[tuple[str, float]], passages: dict[str, Passage]
    ) -> list[Hit]:
        scores: dict[str, float] = {}
        dense_ranks = {p.passage_id: r for r, (p, _) in enumerate(dense, start=1)}
        lexical_ranks = {pid: r for r, (pid, _) in enumerate(lexical, start=1)}
        for pid, rank in dense_ranks.items():
            scores[pid] = scores.get(pid, 0.0) + self.dense_weight / (RRF_K + rank)
        for pid, rank in lexical_ranks.items():
            scores[pid] = scores.get(pid, 0.0) + self.lexical_weight / (RRF_K + rank)
        ranked = sorted((pid for pid in scores if pid in passages), key=lambda pid: -scores[pid])
        return [Hit(passages[pid], scores[pid], dense_ranks.get(pid), lexical_ranks.get(pid)) for pid in ranked]


class PassageRetriever(BaseRetriever):
    """The hybrid search as a LangChain retriever, for LCEL chains."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: HybridSearcher
    k: int = 8

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [hit_to_document(hit) for hit in self.searcher.search(query, self.k)]


def hit_to_document(hit: Hit) -> Document:
    p = hit.passage
    return Document(
        id=p.passage_id,
        page_content=p.text,
        metadata={
            "article_id": p.article_id,
            "title": p.title,
            "published": p.published.isoformat() if p.published else None,
            "outlet": p.outlet,
            "url": p.url,
            "start": p.start,
            "end": p.end,
            "score": hit.score,
        },
    )
