"""Asking a gold question file (and its conversations) of the answer path over the seed articles."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from retrieval.errors import IsnadError
from retrieval.evaluation.gold import GoldConversation, GoldQuestion
from retrieval.evaluation.gold_scoring import GoldScore, score_answer
from retrieval.evaluation.squad_runner import spread
from retrieval.evaluation.workspace import Service, ServiceFactory, default_service_factory, workspace
from retrieval.records import Answer, Turn
from retrieval.settings import Settings


@dataclass(frozen=True, slots=True)
class GoldOutcome:
    """One question (or one conversation turn) with its answer and score."""

    question: GoldQuestion
    score: GoldScore
    answer: Answer | None  # None when the library raised an error for this question
    latency_ms: float
    conversation_id: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class GoldRun:
    questions_path: Path
    conversations_path: Path | None
    articles_dir: Path
    article_count: int
    passage_count: int
    outcomes: tuple[GoldOutcome, ...]
    settings: Settings
    embedder: str


def evaluate_gold(
    questions: Sequence[GoldQuestion],
    conversations: Sequence[GoldConversation] = (),
    *,
    questions_path: Path,
    conversations_path: Path | None = None,
    settings: Settings,
    service_factory: ServiceFactory = default_service_factory,
    embeddings: Embeddings | None = None,
    cache_path: Path | None = None,
    limit: int | None = None,
    progress: bool = True,
) -> GoldRun:
    """Index the seed articles (`settings.seeds_dir`) in a temporary index and ask every question.

    `limit` keeps that many single questions and that many conversations, spread over each file.
    """
    questions = spread(questions, limit)
    conversations = spread(conversations, limit)
    articles_dir = settings.seeds_dir
    with workspace(
        settings, service_factory=service_factory, embeddings=embeddings, cache_path=cache_path, seeds_dir=articles_dir
    ) as ws:
        report = ws.service.ingest([articles_dir])
        total = len(questions) + sum(len(c.turns) for c in conversations)
        outcomes: list[GoldOutcome] = []
        with tqdm(total=total, desc="asking", unit="q", disable=not progress, file=sys.stderr) as bar:
            for question in questions:
                outcomes.append(_ask(ws.service, question, ()))
                bar.update()
            for conversation in conversations:
                history: list[Turn] = []
                for turn in conversation.turns:
                    outcome = _ask(ws.service, turn, tuple(history), conversation.conversation_id)
                    outcomes.append(outcome)
                    if outcome.answer is not None:
                        answer = outcome.answer
                        history.append(Turn(turn.text, answer.text, answer.standalone_question))
                    bar.update()
        run_settings = ws.settings
    return GoldRun(
        questions_path=questions_path,
        conversations_path=conversations_path,
        articles_dir=articles_dir,
        article_count=report.articles_added + report.articles_replaced + report.articles_unchanged,
        passage_count=report.passages_added + report.passages_unchanged,
        outcomes=tuple(outcomes),
        settings=run_settings,
        embedder=ws.embeddings.identity,
    )


def _ask(
    service: Service, question: GoldQuestion, history: tuple[Turn, ...], conversation: str | None = None
) -> GoldOutcome:
    started = time.perf_counter()
    try:
        answer = service.answer(question.text, history)
    except IsnadError as err:
        failed = GoldScore(correct=False, cited_support=False if question.support else None, abstention_ok=False)
        elapsed = (time.perf_counter() - started) * 1000
        return GoldOutcome(question, failed, None, elapsed, conversation, str(err))
    elapsed = (time.perf_counter() - started) * 1000
    return GoldOutcome(question, score_answer(question, answer), answer, elapsed, conversation)
