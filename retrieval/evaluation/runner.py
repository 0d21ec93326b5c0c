"""One call for a whole evaluation: read the dataset, run it, write `report.json` and `recall.png`.

A `.jsonl` dataset is a gold question file; anything else is read as SQuAD-format JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from retrieval.errors import InputError
from retrieval.evaluation.gold import conversations_path_for, read_conversations, read_gold_questions
from retrieval.evaluation.gold_runner import evaluate_gold
from retrieval.evaluation.plot import write_recall_plot
from retrieval.evaluation.report import gold_summary, gold_table, squad_summary, squad_table, write_json
from retrieval.evaluation.squad import read_squad, with_questions_from
from retrieval.evaluation.squad_runner import evaluate_squad
from retrieval.evaluation.workspace import ServiceFactory, default_service_factory
from retrieval.settings import Settings


def is_gold_file(path: Path) -> bool:
    return path.suffix.lower() == ".jsonl"


def evaluate(
    dataset: Path,
    *,
    settings: Settings,
    questions: Path | None = None,
    conversations: Path | None = None,
    limit: int | None = None,
    cache_path: Path | None = None,
    service_factory: ServiceFactory = default_service_factory,
    embeddings: Embeddings | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Run one evaluation and return its `report.json` dict (`kind` is `squad` or `gold`)."""
    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1")
    common: dict[str, Any] = {
        "settings": settings,
        "service_factory": service_factory,
        "embeddings": embeddings,
        "cache_path": cache_path,
        "limit": limit,
        "progress": progress,
    }
    if is_gold_file(dataset):
        if questions is not None:
            raise InputError("--questions applies to SQuAD-format datasets, not to gold question files")
        if conversations is None and conversations_path_for(dataset).is_file():
            conversations = conversations_path_for(dataset)
        gold = read_gold_questions(dataset)
        chats = read_conversations(conversations) if conversations is not None else ()
        run = evaluate_gold(gold, chats, questions_path=dataset, conversations_path=conversations, **common)
        return gold_summary(run)
    if conversations is not None:
        raise InputError("--conversations applies to gold question files (.jsonl), not to SQuAD-format datasets")
    squad = read_squad(dataset)
    if questions is not None:
        squad = with_questions_from(squad, questions)
    return squad_summary(evaluate_squad(squad, **common))


def render(summary: dict[str, Any]) -> str:
    """The terminal table for a report."""
    return squad_table(summary) if summary["kind"] == "squad" else gold_table(summary)


def write_outputs(summary: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write `report.json` (and `recall.png` for SQuAD-format runs) into `out_dir`; returns the paths."""
    written = [out_dir / "report.json"]
    write_json(summary, written[0])
    if summary["kind"] == "squad":
        written.append(out_dir / "recall.png")
        write_recall_plot(summary, written[1])
    return written
