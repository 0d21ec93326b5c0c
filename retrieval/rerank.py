"""Sentence-level similarity for reranking: each passage's closest sentence to the question.

The sentence vectors were stored at ingest (for the evidence finder), so reranking embeds nothing: it
fetches the shortlisted passages' sentence vectors in one request and takes, per passage, the best
cosine similarity to the question's vector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from retrieval.records import Passage, sentence_id

StoredVectors = Callable[[Sequence[str]], dict[str, list[float]]]


def best_sentence_similarity(
    query_vector: Sequence[float], passages: Sequence[Passage], stored_vectors: StoredVectors
) -> dict[str, float]:
    """Passage id → cosine similarity of its closest sentence; passages with no stored sentence vector are
    left out (the caller decides what stands in)."""
    ids = {p.passage_id: [sentence_id(p.article_hash, span) for span in p.sentences] for p in passages}
    wanted = list(dict.fromkeys(sid for sids in ids.values() for sid in sids))  # overlapping passages share
    vectors = stored_vectors(wanted) if wanted else {}
    if not vectors:
        return {}
    known = [sid for sid in wanted if sid in vectors]
    matrix = np.asarray([vectors[sid] for sid in known], dtype=np.float32)
    query = np.asarray(query_vector, dtype=np.float32)
    cosines = matrix @ query / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(query) + 1e-9)
    by_sentence = dict(zip(known, cosines.tolist(), strict=True))
    best: dict[str, float] = {}
    for pid, sids in ids.items():
        found = [by_sentence[sid] for sid in sids if sid in by_sentence]
        if found:
            best[pid] = max(found)
    return best
