"""Sentence-level evidence: every sentence of the retrieved passages, with what is known about it.

For each sentence: its dense similarity to the question (the multilingual model, which also bridges English
questions to Arabic text; the vectors were stored at ingest), the share of the question's terms it holds
(alone, with the sentence before at a discount, and weighted by rarity), the rank and search score of its
passage, and its dates, resolved against the publication date. How these weigh is not decided here: the
answerer's fitted models read them (`retrieval.answer.features`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings

from retrieval.index.embeddings import cosine_similarities
from retrieval.records import Citation, Hit, Passage, Span, sentence_id
from retrieval.text.dates import DateMention, find_dates
from retrieval.text.query import Query, QueryTerms
from retrieval.text.sentences import ends_sentence

HEADING_WORDS = 15
CONTEXT_WEIGHT = 0.75  # words found only in the previous sentence count for this much


@dataclass(frozen=True, slots=True)
class Sentence:
    """One candidate sentence with the signals used to judge it."""

    passage: Passage
    span: Span
    text: str
    dense: float
    coverage: float  # share of the question's terms found here (or, discounted, with the sentence before)
    own_coverage: float  # share found in this sentence alone
    weighted_coverage: float  # the same share, each term weighted by its rarity in the index (1 + idf)
    passage_rank: int
    passage_score: float  # the search's score for the passage (see `retrieval.search.fusion`)
    dates: tuple[DateMention, ...]

    @property
    def is_heading(self) -> bool:
        """A short line with no closing punctuation (a title or subheading): context, not an answer."""
        return len(self.text.split()) < HEADING_WORDS and not ends_sentence(self.text)

    def citation(self, n: int) -> Citation:
        """This sentence as citation number `n`."""
        return Citation.quoting(self.passage, self.span, n)


StoredVectors = Callable[[Sequence[str]], dict[str, list[float]]]


class EvidenceFinder:
    """Scores the sentences of retrieved passages against a question."""

    def __init__(self, embeddings: Embeddings, stored_vectors: StoredVectors | None = None) -> None:
        self._embeddings = embeddings
        self._stored_vectors = stored_vectors

    def gather(
        self,
        query: Query,
        hits: Sequence[Hit],
        vectors: Mapping[str, Sequence[float]] | None = None,
        term_weights: Sequence[float] = (),
    ) -> list[Sentence]:
        """Every distinct sentence of `hits`, measured against `query`, closest first. `vectors` are sentence
        vectors already read (by the search's rerank); only the others are fetched from the store.
        `term_weights`: each query term's rarity weight (uniform when not given)."""
        weights = list(term_weights) if len(term_weights) == len(query.terms.terms) else [1.0] * len(query.terms.terms)
        seen: dict[tuple[str, int], tuple[Passage, Span, str, int, float]] = {}
        previous: dict[tuple[str, int], str] = {}  # the sentence before, which often names the subject
        for rank, hit in enumerate(hits, start=1):
            before = ""
            for span, text in hit.passage.sentence_texts():
                key = (hit.passage.article_id, span.start)
                seen.setdefault(key, (hit.passage, span, text, rank, hit.score))
                if before:
                    previous.setdefault(key, before)
                before = text
        if not seen:
            return []
        items = list(seen.values())
        dense = cosine_similarities(self._vectors(items, vectors or {}), query.vector)
        sentences = [
            _sentence(passage, span, text, float(sim), query.terms, weights, rank, score, previous.get(key))
            for key, (passage, span, text, rank, score), sim in zip(seen, items, dense, strict=True)
        ]
        return sorted(sentences, key=lambda s: -s.dense)

    def _vectors(
        self, items: list[tuple[Passage, Span, str, int, float]], known: Mapping[str, Sequence[float]]
    ) -> list[Sequence[float]]:
        """Vectors stored at ingest; any sentence without one (an older index) is embedded now."""
        ids = [sentence_id(p.article_hash, span) for p, span, *_ in items]
        vectors: dict[str, Sequence[float]] = {sid: known[sid] for sid in ids if sid in known}
        unread = [sid for sid in dict.fromkeys(ids) if sid not in vectors]
        if unread and self._stored_vectors:
            vectors.update(self._stored_vectors(unread))
        missing = [i for i, sid in enumerate(ids) if sid not in vectors]
        if missing:
            fresh = self._embeddings.embed_documents([items[i][2] for i in missing])
            vectors.update({ids[i]: vector for i, vector in zip(missing, fresh, strict=True)})
        return [vectors[sid] for sid in ids]


def _sentence(
    passage: Passage,
    span: Span,
    text: str,
    dense: float,
    terms: QueryTerms,
    weights: Sequence[float],
    rank: int,
    passage_score: float,
    previous: str | None,
) -> Sentence:
    dates = tuple(find_dates(text, passage.published))
    found = terms.found_in(text, dates)
    own = sum(found) / len(found) if found else 0.0
    weighted = sum(w for w, f in zip(weights, found, strict=True) if f) / sum(weights) if found else 0.0
    coverage = own
    if previous:  # "the visit" in this sentence may be "the Syrian delegation's visit to Moscow" of the last one
        coverage = max(own, CONTEXT_WEIGHT * terms.coverage(previous + " " + text, dates))
    return Sentence(
        passage=passage,
        span=span,
        text=text,
        dense=dense,
        coverage=coverage,
        own_coverage=own,
        weighted_coverage=weighted,
        passage_rank=rank,
        passage_score=passage_score,
        dates=dates,
    )
