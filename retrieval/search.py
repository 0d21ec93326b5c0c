"""Hybrid search: dense (Chroma) and lexical (BM25) candidates, scored together and reranked by sentence.

Both retrievers propose candidates (and, when the question names a period, dense search within the days
that reported on it); `retrieval.fusion` explains the score that orders them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from retrieval.dates import find_dates
from retrieval.fusion import Candidate, rank, shortlist
from retrieval.index import PassageIndex
from retrieval.records import Hit, Passage
from retrieval.rerank import best_sentence_similarity

SearchMode = Literal["hybrid", "dense", "lexical"]

REPORTING_LAG_DAYS = 45  # news about a period is published during it and in the weeks after
MIN_CANDIDATES = 30  # taken from each retriever, however few passages are asked for
RERANK_DEPTH = 30  # candidates whose sentences are compared with the question (at least k)


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

    def __init__(self, index: PassageIndex) -> None:
        self.index = index

    def search(
        self, query: str, k: int, *, mode: SearchMode = "hybrid", query_vector: Sequence[float] | None = None
    ) -> list[Hit]:
        """The `k` best passages for `query`, best first."""
        if k <= 0:
            return []
        if mode == "lexical":
            lexical = self.index.lexical().search(query, k)
            passages = self.index.store.get([pid for pid, _ in lexical])
            return [Hit(passages[pid], s, lexical_rank=r) for r, (pid, s) in enumerate(lexical, 1) if pid in passages]
        vector = query_vector if query_vector is not None else self.index.store.embeddings.embed_query(query)
        if mode == "dense":
            dense = self.index.store.dense_search(vector, k)
            return [Hit(p, s, dense_rank=r) for r, (p, s) in enumerate(dense, start=1)]
        return self._hybrid(query, vector, k)

    def _hybrid(self, query: str, vector: Sequence[float], k: int) -> list[Hit]:
        """Fused search over dense, date-window and lexical candidates."""
        depth = max(k, MIN_CANDIDATES)
        store = self.index.store
        dense = store.dense_search(vector, depth)
        window = reporting_window(query)
        dated = store.dense_search(vector, depth, published_between=window) if window else []
        lexical_index = self.index.lexical()
        lexical = lexical_index.search(query, depth)

        passages = {p.passage_id: p for p, _ in dense + dated}
        passages.update(store.get([pid for pid, _ in lexical if pid not in passages]))
        if not passages:
            return []
        similarity = {p.passage_id: score for p, score in dense + dated}
        floor = min(similarity.values(), default=0.0)  # a passage dense search did not return is no closer
        coverage = lexical_index.coverage(query, list(passages))
        candidates = [
            Candidate(
                pid,
                dense=similarity.get(pid, floor),
                coverage=coverage.get(pid, 0.0),
                in_period=_published_within(passage, window),
            )
            for pid, passage in passages.items()
        ]
        short = shortlist(candidates, max(k, RERANK_DEPTH))
        sentence = best_sentence_similarity(vector, [passages[c.passage_id] for c in short], store.sentence_vectors)
        dense_ranks = {p.passage_id: r for r, (p, _) in enumerate(dense, start=1)}
        lexical_ranks = {pid: r for r, (pid, _) in enumerate(lexical, start=1)}
        return [
            Hit(passages[c.passage_id], c.score, dense_ranks.get(c.passage_id), lexical_ranks.get(c.passage_id))
            for c in rank(short, sentence)[:k]
        ]


def _published_within(passage: Passage, window: tuple[dt.date, dt.date] | None) -> bool:
    return bool(window and passage.published and window[0] <= passage.published <= window[1])


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
