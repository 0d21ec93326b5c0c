"""Asking a SQuAD-format dataset's questions of the three retrievers and of the answer path.

A share of paragraphs may be held out of the index (`datasets.squad_eval_set`): their questions are asked
of the answer path only, as unanswerable ones.

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

from retrieval.errors import InputError, IsnadError
from retrieval.evaluation.answer_metrics import Judgement, judge
from retrieval.evaluation.datasets import EvalQuestion, EvalSet, squad_eval_set
from retrieval.evaluation.metrics import distinct_articles, gold_rank
from retrieval.evaluation.splits import Split
from retrieval.evaluation.squad import SquadDataset
from retrieval.evaluation.workspace import MODES, Mode, Service, ServiceFactory, default_service_factory, workspace
from retrieval.index.embedding_cache import CachedEmbeddings, CacheStats
from retrieval.settings import Settings

log = logging.getLogger(__name__)

MAX_K = 20  # ranks are kept up to here: recall@1..20, MRR cut at 20
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class QuestionOutcome:
    """What happened to one question: the gold paragraph's rank per retriever, and the answer."""

    question: EvalQuestion
    ranks: dict[str, int | None]  # empty for an unanswerable question (its paragraph is not in the index)
    search_ms: dict[str, float]
    judgement: Judgement | None = None  # None: answers were not asked for
    answer_ms: float | None = None
    errors: tuple[str, ...] = ()

    @property
    def question_id(self) -> str:
        return self.question.question_id

    @property
    def paragraph_id(self) -> str:
        return self.question.support[0]


@dataclass(frozen=True, slots=True)
class SquadRun:
    """Everything a report needs about one run."""

    dataset: SquadDataset
    eval_set: EvalSet  # the paragraphs indexed (all but the held-out ones) and every question with its split
    outcomes: tuple[QuestionOutcome, ...]
    passage_count: int
    index_seconds: float
    index_cache: CacheStats  # document vectors served from / added to the cache while indexing
    settings: Settings
    cache_path: Path | None
    embedder: str
    answers: bool
    fetch_k: int
    unanswerable: float = 0.0  # the share of paragraphs held out of the index
    split: Split | None = None  # the part asked (None: both)
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
    unanswerable: float = 0.0,
    split: Split | None = None,
    progress: bool = True,
) -> SquadRun:
    """Index the dataset's paragraphs (but an `unanswerable` share held out) in a temporary index and ask its
    questions (those of one `split`, or all) of every retriever and of the answer path."""
    if not 0 <= unanswerable < 1:
        raise InputError("--unanswerable must be a share from 0 up to (not including) 1")
    if unanswerable and not answers:
        raise InputError("held-out paragraphs make unanswerable questions, which only the answer path can be asked")
    eval_set = squad_eval_set(dataset.path.name, dataset, unanswerable)
    questions = spread(eval_set.part(split), limit)
    if not questions:
        raise InputError(f"{dataset.path}: no question falls in the {split} part")
    with workspace(settings, service_factory=service_factory, embeddings=embeddings, cache_path=cache_path) as ws:
        _status(progress, f"indexing {len(eval_set.articles)} paragraphs")
        started = time.perf_counter()
        report = ws.service.ingest_articles(eval_set.articles)
        index_seconds = time.perf_counter() - started
        index_cache = ws.embeddings.stats
        for message in report.skipped:
            log.warning("not indexed: %s", message)
        passage_count = report.passages_added + report.passages_unchanged
        per_paragraph = math.ceil(passage_count / max(len(eval_set.articles), 1))
        fetch_k = max(1, min(passage_count, MAX_K * (per_paragraph + 1)))

        embed_ms = _embed_questions(ws.embeddings, questions, progress)
        asker = _Asker(ws.service, ws.embeddings, fetch_k, passage_count)
        outcomes = []
        bar = tqdm(questions, desc="asking", unit="q", disable=not progress, file=sys.stderr, dynamic_ncols=True)
        for n, question in enumerate(bar, start=1):
            outcomes.append(asker.ask(question, embed_ms[question.question_id], answers=answers))
            if n % 25 == 0 or n == len(questions):
                bar.set_postfix_str(_progress_note(outcomes))
        run_settings = ws.settings
    return SquadRun(
        dataset=dataset,
        eval_set=eval_set,
        outcomes=tuple(outcomes),
        passage_count=passage_count,
        index_seconds=index_seconds,
        index_cache=index_cache,
        settings=run_settings,
        cache_path=cache_path,
        embedder=ws.embeddings.identity,
        answers=answers,
        fetch_k=fetch_k,
        unanswerable=unanswerable,
        split=split,
        skipped=report.skipped,
    )


def _progress_note(outcomes: Sequence[QuestionOutcome]) -> str:
    answerable = [o for o in outcomes if o.question.answerable]
    notes = []
    if answerable:
        notes.append(f"hybrid recall@1 {sum(o.ranks.get('hybrid') == 1 for o in answerable) / len(answerable):.3f}")
    judged = [o.judgement for o in answerable if o.judgement is not None]
    if judged:
        notes.append(f"answer hit {sum(j.hit for j in judged) / len(judged):.3f}")
    return ", ".join(notes)


def _status(progress: bool, message: str) -> None:
    if progress:
        tqdm.write(f"isnad eval: {message}", file=sys.stderr)


def _embed_questions(cache: CachedEmbeddings, questions: Sequence[EvalQuestion], progress: bool) -> dict[str, float]:
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

    def ask(self, question: EvalQuestion, embed_ms: float, *, answers: bool) -> QuestionOutcome:
        ranks: dict[str, int | None] = {}
        search_ms: dict[str, float] = {}
        errors: list[str] = []
        for mode in MODES if question.answerable else ():
            try:
                ids, search_ms[mode] = self._ranked(question.text, mode, embed_ms)
            except IsnadError as err:
                errors.append(f"{mode}: {err}")
                ids = []
            ranks[mode] = gold_rank(ids, question.support[0])
        if not answers:
            return QuestionOutcome(question, ranks, search_ms, errors=tuple(errors))
        try:
            answer, answer_ms = self._timed(partial(self.service.answer, question.text), embed_ms)
        except IsnadError as err:
            errors.append(f"answer: {err}")
            return QuestionOutcome(question, ranks, search_ms, judge(question, None), None, tuple(errors))
        return QuestionOutcome(question, ranks, search_ms, judge(question, answer), answer_ms, tuple(errors))

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
