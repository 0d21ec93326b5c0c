"""Sentence-level similarity for reranking: each passage's closest sentence to the question.

The sentence vectors were stored at ingest (for the evidence finder), so reranking embeds nothing: it
fetches the shortlisted passages' sentence vectors in one request and takes, per passage, the best
cosine similarity to the question's vector.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from retrieval.index.embeddings import cosine_similarities
from retrieval.records import Passage, sentence_id

StoredVectors = Callable[[Sequence[str]], dict[str, list[float]]]


def best_sentence_similarity(
    query_vector: Sequence[float], passages: Sequence[Passage], stored_vectors: StoredVectors
) -> tuple[dict[str, float], dict[str, list[float]]]:
    """Passage id → cosine similarity of its closest sentence, and the sentence vectors read to find it (by
    sentence id). Passages with no stored sentence vector are left out (the caller decides what stands in)."""
    ids = {p.passage_id: [sentence_id(p.article_hash, span) for span in p.sentences] for p in passages}
    wanted = list(dict.fromkeys(sid for sids in ids.values() for sid in sids))  # overlapping passages share
    vectors = stored_vectors(wanted) if wanted else {}
    if not vectors:
        return {}, {}
    known = [sid for sid in wanted if sid in vectors]
    cosines = cosine_similarities([vectors[sid] for sid in known], query_vector)
    by_sentence = dict(zip(known, cosines.tolist(), strict=True))
    best: dict[str, float] = {}
    for pid, sids in ids.items():
        found = [by_sentence[sid] for sid in sids if sid in by_sentence]
        if found:
            best[pid] = max(found)
    return best, vectors
