"""Asking gold question files (and their conversations) of the answer path over a set of articles: the seed
articles by default, or any folder or JSONL file of articles (our own news questions over the news sample).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from retrieval.errors import InputError, IsnadError
from retrieval.evaluation.answer_metrics import Judgement, judge
from retrieval.evaluation.datasets import EvalQuestion, gold_eval_set
from retrieval.evaluation.gold import GoldConversation, GoldQuestion
from retrieval.evaluation.gold_scoring import GoldScore, score_answer
from retrieval.evaluation.splits import Split
from retrieval.evaluation.squad_runner import spread
from retrieval.evaluation.workspace import Service, ServiceFactory, default_service_factory, workspace
from retrieval.ingest.articles import load_articles
from retrieval.records import Answer, Turn
from retrieval.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class GoldOutcome:
    """One question (or one conversation turn) with its answer and score."""

    question: EvalQuestion
    score: GoldScore
    judgement: Judgement
    answer: Answer | None  # None when the library raised an error for this question
    latency_ms: float
    error: str | None = None

    @property
    def conversation_id(self) -> str | None:
        return self.question.conversation


@dataclass(frozen=True, slots=True)
class GoldRun:
    questions_paths: tuple[Path, ...]
    conversations_paths: tuple[Path, ...]
    articles_path: Path
    article_count: int
    passage_count: int
    outcomes: tuple[GoldOutcome, ...]
    settings: Settings
    embedder: str
    split: Split | None = None
    skipped: tuple[str, ...] = ()


def evaluate_gold(
    questions: Sequence[GoldQuestion],
    conversations: Sequence[GoldConversation] = (),
    *,
    questions_paths: Sequence[Path],
    conversations_paths: Sequence[Path] = (),
    articles: Path | None = None,
    split: Split | None = None,
    settings: Settings,
    service_factory: ServiceFactory = default_service_factory,
    embeddings: Embeddings | None = None,
    cache_path: Path | None = None,
    limit: int | None = None,
    progress: bool = True,
) -> GoldRun:
    """Index `articles` (a folder or JSONL file; default: the seed articles, `settings.seeds_dir`) in a
    temporary index and ask every question of one `split` (None: all), conversations turn by turn.

    `limit` keeps that many single questions and that many conversations, spread over each file.
    """
    articles_path = articles if articles is not None else settings.seeds_dir
    loaded = load_articles([articles_path], max_bytes=settings.max_file_bytes)
    for message in loaded.skipped:
        log.warning("not indexed: %s", message)
    if not loaded.articles:
        raise InputError(f"{articles_path}: holds no articles to ask the questions over")
    name = ", ".join(p.name for p in questions_paths)
    eval_set = gold_eval_set(name, loaded.articles, questions, conversations)
    asked = eval_set.part(split)
    singles = spread([q for q in asked if q.conversation is None], limit)
    talks: dict[str, list[EvalQuestion]] = {}
    for question in asked:
        if question.conversation is not None:
            talks.setdefault(question.conversation, []).append(question)
    chats = spread([sorted(turns, key=lambda q: q.turn) for turns in talks.values()], limit)
    if not singles and not chats:
        raise InputError(f"{name}: no question falls in the {split} part")
    with workspace(settings, service_factory=service_factory, embeddings=embeddings, cache_path=cache_path) as ws:
        report = ws.service.ingest_articles(eval_set.articles)
        total = len(singles) + sum(len(c) for c in chats)
        outcomes: list[GoldOutcome] = []
        with tqdm(total=total, desc="asking", unit="q", disable=not progress, file=sys.stderr) as bar:
            for question in singles:
                outcomes.append(_ask(ws.service, question, ()))
                bar.update()
            for turns in chats:
                history: list[Turn] = []
                for turn in turns:
                    outcome = _ask(ws.service, turn, tuple(history))
                    outcomes.append(outcome)
                    if outcome.answer is not None:
                        answer = outcome.answer
                        history.append(Turn(turn.text, answer.text, answer.standalone_question))
                    bar.update()
        run_settings = ws.settings
    return GoldRun(
        questions_paths=tuple(questions_paths),
        conversations_paths=tuple(conversations_paths),
        articles_path=articles_path,
        article_count=report.articles_added + report.articles_replaced + report.articles_unchanged,
        passage_count=report.passages_added + report.passages_unchanged,
        outcomes=tuple(outcomes),
        settings=run_settings,
        embedder=ws.embeddings.identity,
        split=split,
        skipped=tuple(loaded.skipped),
    )


def _ask(service: Service, question: EvalQuestion, history: tuple[Turn, ...]) -> GoldOutcome:
    started = time.perf_counter()
    try:
        answer = service.answer(question.text, history)
    except IsnadError as err:
        failed = GoldScore(correct=False, cited_support=False if question.support else None, abstention_ok=False)
        elapsed = (time.perf_counter() - started) * 1000
        return GoldOutcome(question, failed, judge(question, None), None, elapsed, str(err))
    elapsed = (time.perf_counter() - started) * 1000
    return GoldOutcome(question, score_answer(question, answer), judge(question, answer), answer, elapsed)
