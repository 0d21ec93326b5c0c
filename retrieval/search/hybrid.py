"""Hybrid search: dense (Chroma) and lexical (BM25) candidates, scored together and reranked by sentence.

Both retrievers propose candidates (and, when the question names a period, dense search within the days
that reported on it); `retrieval.search.fusion` explains the score that orders them. Every store request is
made once per question: the sentence vectors fetched for the rerank travel on with the result, so the
evidence step reads them without asking the store again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from retrieval.index.lexical import LexicalIndex
from retrieval.index.passage_index import PassageIndex
from retrieval.records import Hit, Passage
from retrieval.search.fusion import Candidate, rank, shortlist
from retrieval.search.rerank import best_sentence_similarity
from retrieval.text.query import Period, Query

SearchMode = Literal["hybrid", "dense", "lexical"]

REPORTING_LAG_DAYS = 45  # news about a period is published during it and in the weeks after
MIN_CANDIDATES = 30  # taken from each retriever, however few passages are asked for
RERANK_DEPTH = 30  # candidates whose sentences are compared with the question (at least k)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The passages found, best first, and what was read from the index on the way."""

    hits: list[Hit]
    lexical: LexicalIndex
    sentence_vectors: dict[str, list[float]] = field(default_factory=dict)  # by sentence id
    term_weights: tuple[float, ...] = ()  # each query term's weight in coverage (1 + idf), in `query.terms` order


def reporting_window(period: Period | None) -> Period | None:
    """The days on which articles reporting on a period were published: from its start to a few weeks
    after its end."""
    if period is None:
        return None
    return period[0], period[1] + dt.timedelta(days=REPORTING_LAG_DAYS)


class HybridSearcher:
    """Searches a `PassageIndex` densely, lexically, or both fused."""

    def __init__(self, index: PassageIndex) -> None:
        self.index = index

    def search(self, query: Query, k: int, *, mode: SearchMode = "hybrid") -> SearchResult:
        """The `k` best passages for `query` (which must carry its vector, except for lexical search)."""
        lexical_index = self.index.lexical()
        if k <= 0:
            return SearchResult([], lexical_index)
        if mode == "lexical":
            lexical = lexical_index.search(lexical_index.groups_for(query.terms), k)
            passages = self.index.store.get([pid for pid, _ in lexical])
            hits = [Hit(passages[pid], s, lexical_rank=r) for r, (pid, s) in enumerate(lexical, 1) if pid in passages]
            return SearchResult(hits, lexical_index)
        if not query.vector:
            raise ValueError("dense and hybrid search need the query's vector")
        if mode == "dense":
            dense = self.index.store.dense_search(query.vector, k)
            return SearchResult([Hit(p, s, dense_rank=r) for r, (p, s) in enumerate(dense, start=1)], lexical_index)
        return self._hybrid(query, k, lexical_index)

    def _hybrid(self, query: Query, k: int, lexical_index: LexicalIndex) -> SearchResult:
        """Fused search over dense, date-window and lexical candidates."""
        depth = max(k, MIN_CANDIDATES)
        store = self.index.store
        vector = query.vector
        dense = store.dense_search(vector, depth)
        window = reporting_window(query.period)
        dated = store.dense_search(vector, depth, published_between=window) if window else []
        groups = lexical_index.groups_for(query.terms)
        lexical = lexical_index.search(groups, depth)

        passages = {p.passage_id: p for p, _ in dense + dated}
        passages.update(store.get([pid for pid, _ in lexical if pid not in passages]))
        if not passages:
            return SearchResult([], lexical_index)
        similarity = {p.passage_id: score for p, score in dense + dated}
        floor = min(similarity.values(), default=0.0)  # a passage dense search did not return is no closer
        coverage = lexical_index.coverage(groups, list(passages))
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
        sentence, vectors = best_sentence_similarity(
            vector, [passages[c.passage_id] for c in short], store.sentence_vectors
        )
        dense_ranks = {p.passage_id: r for r, (p, _) in enumerate(dense, start=1)}
        lexical_ranks = {pid: r for r, (pid, _) in enumerate(lexical, start=1)}
        hits = [
            Hit(passages[c.passage_id], c.score, dense_ranks.get(c.passage_id), lexical_ranks.get(c.passage_id))
            for c in rank(short, sentence)[:k]
        ]
        return SearchResult(hits, lexical_index, vectors, tuple(lexical_index.term_weights(groups)))


def _published_within(passage: Passage, window: Period | None) -> bool:
    return bool(window and passage.published and window[0] <= passage.published <= window[1])
