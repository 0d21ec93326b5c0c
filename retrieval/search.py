"""Hybrid search: dense (Chroma) and lexical (BM25) rankings fused by reciprocal rank fusion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.dates import find_dates
from retrieval.index import PassageIndex
from retrieval.records import Hit, Passage

SearchMode = Literal["hybrid", "dense", "lexical"]

RRF_K = 60  # the usual damping constant of reciprocal rank fusion
REPORTING_LAG_DAYS = 45  # news about a period is published during it and in the weeks after
_MIN_CANDIDATES = 30


def reporting_window(question: str) -> tuple[dt.date, dt.date] | None:
    """When a question names a period ("the February 2026 talks"), the days on which articles reporting on
    it were published: from its start to a few weeks after its end."""
    periods = [m for m in find_dates(question, None) if m.earliest and m.latest]
    if not periods:
        return None
    first = min(m.earliest for m in periods if m.earliest)
    last = max(m.latest for m in periods if m.latest)
    return first, last + dt.timedelta(days=REPORTING_LAG_DAYS)


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
        dated: list[tuple[Passage, float]] = []
        if mode in ("hybrid", "dense"):
            vector = query_vector if query_vector is not None else self.index.store.embeddings.embed_query(query)
            dense = self.index.store.dense_search(vector, depth if mode == "hybrid" else k)
            window = reporting_window(query) if mode == "hybrid" else None
            if window:
                dated = self.index.store.dense_search(vector, depth, published_between=window)
        if mode in ("hybrid", "lexical"):
            lexical = self.index.lexical().search(query, depth if mode == "hybrid" else k)
        if mode == "dense":
            return [Hit(p, s, dense_rank=r) for r, (p, s) in enumerate(dense, start=1)]
        passages = {p.passage_id: p for p, _ in dense}
        passages.update(self.index.store.get([pid for pid, _ in lexical if pid not in passages]))
        if mode == "lexical":
            return [Hit(passages[pid], s, lexical_rank=r) for r, (pid, s) in enumerate(lexical, 1) if pid in passages]
        passages.update({p.passage_id: p for p, _ in dated})
        return self._fuse(dense, lexical, dated, passages)[:k]

    def _fuse(
        self,
        dense: list[tuple[Passage, float]],
        lexical: list[tuple[str, float]],
        dated: list[tuple[Passage, float]],
        passages: dict[str, Passage],
    ) -> list[Hit]:
        scores: dict[str, float] = {}
        dense_ranks = {p.passage_id: r for r, (p, _) in enumerate(dense, start=1)}
        lexical_ranks = {pid: r for r, (pid, _) in enumerate(lexical, start=1)}
        for pid, rank in dense_ranks.items():
            scores[pid] = scores.get(pid, 0.0) + self.dense_weight / (RRF_K + rank)
        for pid, rank in lexical_ranks.items():
            scores[pid] = scores.get(pid, 0.0) + self.lexical_weight / (RRF_K + rank)
        for rank, (p, _) in enumerate(dated, start=1):
            scores[p.passage_id] = scores.get(p.passage_id, 0.0) + self.dense_weight / (RRF_K + rank)
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
