"""Pure metric functions: paragraph ranks, recall@k, MRR, percentiles, answer hits.

A rank is 1-based; `None` means the gold paragraph was not among the retrieved ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from retrieval.records import Answer, Hit
from retrieval.text.arabic import fold


def distinct_articles(hits: Iterable[Hit]) -> list[str]:
    """Article ids in rank order, each kept at its first (best) position."""
    seen: dict[str, None] = {}
    for hit in hits:
        seen.setdefault(hit.passage.article_id, None)
    return list(seen)


def gold_rank(article_ids: Sequence[str], gold: str) -> int | None:
    """The 1-based position of `gold` in `article_ids`, or None when it is absent."""
    try:
        return article_ids.index(gold) + 1
    except ValueError:
        return None


def recall_at(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose gold paragraph is in the top `k`."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def recall_curve(ranks: Sequence[int | None], max_k: int) -> list[float]:
    """recall@1 ... recall@max_k."""
    return [recall_at(ranks, k) for k in range(1, max_k + 1)]


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Mean of 1/rank, counting a missing gold paragraph as 0 (so MRR is cut at the ranks retrieved)."""
    if not ranks:
        return 0.0
    return sum(1 / r for r in ranks if r is not None) / len(ranks)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation between closest ranks, as numpy does."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def answer_evidence(answer: Answer) -> str:
    """What a reader sees of an answer: its text and the sentences it quotes."""
    return "\n".join([answer.text, *(c.quote for c in answer.citations)])


def answer_hit(answer: Answer, gold_answers: Iterable[str]) -> bool:
    """True when a gold answer appears in the answer text or a cited quote, after Arabic folding."""
    evidence = _matchable(answer_evidence(answer))
    return any(gold and gold in evidence for gold in map(_matchable, gold_answers))


def _matchable(text: str) -> str:
    return " ".join(fold(text).split())


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
