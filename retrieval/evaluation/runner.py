"""One call for a whole evaluation: read the dataset, run it, write `report.json`, `recall.png` and
`risk_coverage.png`.

A `.jsonl` dataset is a gold question file; anything else is read as SQuAD-format JSON.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from retrieval.errors import InputError
from retrieval.evaluation.gold import conversations_path_for, read_conversations, read_gold_questions
from retrieval.evaluation.gold_runner import GoldRun, evaluate_gold
from retrieval.evaluation.plot import set_name, write_recall_plot, write_risk_coverage_plot
from retrieval.evaluation.report import gold_summary, gold_table, squad_summary, squad_table, write_json
from retrieval.evaluation.splits import Split
from retrieval.evaluation.squad import read_squad, with_questions_from
from retrieval.evaluation.squad_runner import SquadRun, evaluate_squad
from retrieval.evaluation.workspace import ServiceFactory, default_service_factory
from retrieval.settings import Settings

Run = SquadRun | GoldRun


def is_gold_file(path: Path) -> bool:
    return path.suffix.lower() == ".jsonl"


def run_evaluation(
    dataset: Path | Sequence[Path],
    *,
    settings: Settings,
    questions: Path | None = None,
    conversations: Path | Sequence[Path] | None = None,
    articles: Path | None = None,
    unanswerable: float = 0.0,
    split: Split | None = None,
    limit: int | None = None,
    cache_path: Path | None = None,
    service_factory: ServiceFactory = default_service_factory,
    embeddings: Embeddings | None = None,
    progress: bool = True,
) -> Run:
    """Run one evaluation. `dataset` is a SQuAD-format file, or one or more gold question files (asked over
    `articles`, the seed articles by default, with their `conversations`: by default the
    `NAME_conversations.jsonl` beside a single gold file). `unanswerable` holds that share of a SQuAD
    file's paragraphs out of the index; `split` asks only the questions of that part."""
    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1")
    datasets = [dataset] if isinstance(dataset, Path) else list(dataset)
    if not datasets:
        raise InputError("no dataset to evaluate")
    chats = [conversations] if isinstance(conversations, Path) else list(conversations or ())
    common: dict[str, Any] = {
        "settings": settings,
        "service_factory": service_factory,
        "embeddings": embeddings,
        "cache_path": cache_path,
        "limit": limit,
        "split": split,
        "progress": progress,
    }
    if all(map(is_gold_file, datasets)):
        if questions is not None:
            raise InputError("--questions applies to SQuAD-format datasets, not to gold question files")
        if unanswerable:
            raise InputError(
                "--unanswerable applies to SQuAD-format datasets; gold files mark unanswerable questions themselves"
            )
        if conversations is None and len(datasets) == 1 and conversations_path_for(datasets[0]).is_file():
            chats = [conversations_path_for(datasets[0])]
        gold = [q for path in datasets for q in read_gold_questions(path)]
        talks = [c for path in chats for c in read_conversations(path)]
        return evaluate_gold(
            gold, talks, questions_paths=datasets, conversations_paths=chats, articles=articles, **common
        )
    if len(datasets) > 1:
        raise InputError("several datasets can only be gold question files (.jsonl)")
    if chats:
        raise InputError("--conversations applies to gold question files (.jsonl), not to SQuAD-format datasets")
    if articles is not None:
        raise InputError("--articles applies to gold question files (.jsonl); a SQuAD file holds its own paragraphs")
    squad = read_squad(datasets[0])
    if questions is not None:
        squad = with_questions_from(squad, questions)
    return evaluate_squad(squad, unanswerable=unanswerable, **common)


def summarize(run: Run, split: Split | None = None) -> dict[str, Any]:
    """The `report.json` dict of a run, or of one part of it (`kind` is `squad` or `gold`)."""
    return squad_summary(run, split) if isinstance(run, SquadRun) else gold_summary(run, split)


def evaluate(dataset: Path | Sequence[Path], **options: Any) -> dict[str, Any]:
    """Run one evaluation and return its `report.json` dict (see `run_evaluation` for the options)."""
    return summarize(run_evaluation(dataset, **options))


def render(summary: dict[str, Any]) -> str:
    """The terminal table for a report."""
    return squad_table(summary) if summary["kind"] == "squad" else gold_table(summary)


def write_outputs(summary: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write `report.json`, `recall.png` (SQuAD-format runs) and `risk_coverage.png` (when answers were
    asked) into `out_dir`; returns the paths."""
    written = [out_dir / "report.json"]
    write_json(summary, written[0])
    if summary["kind"] == "squad":
        written.append(out_dir / "recall.png")
        write_recall_plot(summary, written[-1])
    if summary.get("answers"):
        written.append(out_dir / "risk_coverage.png")
        part = "" if summary["part"] == "all" else f", {summary['part']} part"
        name = set_name(summary)
        write_risk_coverage_plot(
            {name: summary["answers"]["risk_coverage"]}, written[-1], title=f"Answer path: {name}{part}"
        )
    return written
