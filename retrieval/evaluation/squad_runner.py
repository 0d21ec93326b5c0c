"""Asking a SQuAD-format dataset's questions of the three retrievers and of the answer path.

Every question is embedded once, up front and timed; dense and hybrid search (and the answer path) then
find its vector in the embedding cache's memo, and that measured embedding time is added to their
latency so the figures stay those of a cold question.
"""

from __future__ import annotations

import logging
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from retrieval.errors import IsnadError
from retrieval.evaluation.metrics import answer_hit, distinct_articles, gold_rank
from retrieval.evaluation.squad import SquadDataset, SquadQuestion
from retrieval.evaluation.workspace import MODES, Mode, Service, ServiceFactory, default_service_factory, workspace
from retrieval.index.embedding_cache import CachedEmbeddings, CacheStats
from retrieval.settings import Settings

log = logging.getLogger(__name__)

MAX_K = 20  # ranks are kept up to here: recall@1..20, MRR cut at 20
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class QuestionOutcome:
    """What happened to one question: the gold paragraph's rank per retriever, and the answer."""

    question_id: str
    paragraph_id: str
    ranks: dict[str, int | None]
    search_ms: dict[str, float]
    answer_hit: bool | None = None  # None: no gold answer text, or answers were not asked for
    cited_sentences: int | None = None
    abstained: bool | None = None
    answer_ms: float | None = None
    errors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SquadRun:
    """Everything a report needs about one run."""

    dataset: SquadDataset
    outcomes: tuple[QuestionOutcome, ...]
    passage_count: int
    index_seconds: float
    index_cache: CacheStats  # document vectors served from / added to the cache while indexing
    settings: Settings
    cache_path: Path | None
    embedder: str
    answers: bool
    fetch_k: int
    max_k: int = MAX_K
    skipped: tuple[str, ...] = field(default=())


def spread(items: Sequence[T], limit: int | None) -> tuple[T, ...]:
    """`limit` items spread evenly over `items` (all of them when `limit` is None or large enough)."""
    if limit is None or limit >= len(items):
        return tuple(items)
    return tuple(items[i * len(items) // limit] for i in range(max(limit, 0)))


def evaluate_squad(
    dataset: SquadDataset,
    *,
    settings: Settings,
    service_factory: ServiceFactory = default_service_factory,
    embeddings: Embeddings | None = None,
    cache_path: Path | None = None,
    limit: int | None = None,
    answers: bool = True,
    progress: bool = True,
) -> SquadRun:
    """Index the dataset's paragraphs in a temporary index and ask its questions of every retriever."""
    questions = spread(dataset.questions, limit)
    with workspace(settings, service_factory=service_factory, embeddings=embeddings, cache_path=cache_path) as ws:
        _status(progress, f"indexing {len(dataset.paragraphs)} paragraphs")
        started = time.perf_counter()
        report = ws.service.ingest_articles(dataset.paragraphs)
        index_seconds = time.perf_counter() - started
        index_cache = ws.embeddings.stats
        for message in report.skipped:
            log.warning("not indexed: %s", message)
        passage_count = report.passages_added + report.passages_unchanged
        per_paragraph = math.ceil(passage_count / max(len(dataset.paragraphs), 1))
        fetch_k = max(1, min(passage_count, MAX_K * (per_paragraph + 1)))

        embed_ms = _embed_questions(ws.embeddings, questions, progress)
        asker = _Asker(ws.service, ws.embeddings, fetch_k, passage_count)
        outcomes = []
        bar = tqdm(questions, desc="asking", unit="q", disable=not progress, file=sys.stderr, dynamic_ncols=True)
        for n, question in enumerate(bar, start=1):
            outcomes.append(asker.ask(question, embed_ms[question.question_id], answers=answers))
            if n % 25 == 0 or n == len(questions):
                top1 = sum(o.ranks.get("hybrid") == 1 for o in outcomes) / n
                bar.set_postfix_str(f"hybrid recall@1 {top1:.3f}")
        run_settings = ws.settings
    return SquadRun(
        dataset=dataset,
        outcomes=tuple(outcomes),
        passage_count=passage_count,
        index_seconds=index_seconds,
        index_cache=index_cache,
        settings=run_settings,
        cache_path=cache_path,
        embedder=ws.embeddings.identity,
        answers=answers,
        fetch_k=fetch_k,
        skipped=report.skipped,
    )


def _status(progress: bool, message: str) -> None:
    if progress:
        tqdm.write(f"isnad eval: {message}", file=sys.stderr)


def _embed_questions(cache: CachedEmbeddings, questions: Sequence[SquadQuestion], progress: bool) -> dict[str, float]:
    timings: dict[str, float] = {}
    bar = tqdm(questions, desc="embedding questions", unit="q", disable=not progress, file=sys.stderr, leave=False)
    for question in bar:
        started = time.perf_counter()
        cache.embed_query(question.text)
        timings[question.question_id] = (time.perf_counter() - started) * 1000
    return timings


class _Asker:
    """Asks one question of each retriever (and of the answer path) and times them."""

    def __init__(self, service: Service, cache: CachedEmbeddings, fetch_k: int, passage_count: int) -> None:
        self.service = service
        self.cache = cache
        self.fetch_k = fetch_k
        self.passage_count = passage_count

    def ask(self, question: SquadQuestion, embed_ms: float, *, answers: bool) -> QuestionOutcome:
        ranks: dict[str, int | None] = {}
        search_ms: dict[str, float] = {}
        errors: list[str] = []
        for mode in MODES:
            try:
                ids, search_ms[mode] = self._ranked(question.text, mode, embed_ms)
            except IsnadError as err:
                errors.append(f"{mode}: {err}")
                ids = []
            ranks[mode] = gold_rank(ids, question.paragraph_id)
        if not answers:
            return QuestionOutcome(question.question_id, question.paragraph_id, ranks, search_ms, errors=tuple(errors))
        try:
            answer, answer_ms = self._timed(partial(self.service.answer, question.text), embed_ms)
        except IsnadError as err:
            errors.append(f"answer: {err}")
            return QuestionOutcome(
                question.question_id, question.paragraph_id, ranks, search_ms, False, 0, None, None, tuple(errors)
            )
        return QuestionOutcome(
            question_id=question.question_id,
            paragraph_id=question.paragraph_id,
            ranks=ranks,
            search_ms=search_ms,
            answer_hit=answer_hit(answer, question.answers) if question.answers else None,
            cited_sentences=len(answer.citations),
            abstained=answer.abstained,
            answer_ms=answer_ms,
            errors=tuple(errors),
        )

    def _ranked(self, text: str, mode: Mode, embed_ms: float) -> tuple[list[str], float]:
        """Distinct paragraph ids, best first, up to MAX_K; asks for more passages while too few come back."""
        k = self.fetch_k
        while True:
            search = partial(self.service.search, text, k, mode=mode)
            hits, ms = self._timed(search, 0 if mode == "lexical" else embed_ms)
            ids = distinct_articles(hits)
            if len(ids) >= MAX_K or len(hits) < k or k >= self.passage_count:
                return ids[:MAX_K], ms
            k *= 2

    def _timed(self, call: Callable[[], T], embed_ms: float) -> tuple[T, float]:
        """Run `call`; its latency, plus the question's embedding time when the vector came from the memo."""
        misses = self.cache.stats.query_misses
        started = time.perf_counter()
        result = call()
        elapsed = (time.perf_counter() - started) * 1000
        if self.cache.stats.query_misses == misses:
            elapsed += embed_ms
        return result, elapsed
