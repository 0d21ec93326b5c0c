"""Turning a run into `report.json` (a plain dict) and into a table for the terminal.

The dict is the one source: the table and `recall.png` are drawn from it, so what is shown is what is
saved.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from retrieval.evaluation.gold_runner import GoldRun
from retrieval.evaluation.metrics import mean, mean_reciprocal_rank, percentile, recall_at, recall_curve
from retrieval.evaluation.squad_runner import SquadRun
from retrieval.evaluation.workspace import MODES
from retrieval.settings import Settings

# Settings that describe the throwaway workspace rather than the user's choices.
_WORKSPACE_SETTINGS = {"data_dir", "seeds_dir", "chroma_url", "llm_api_key", "log_level"}


def display_path(path: Path | None) -> str | None:
    """`path` relative to the working directory or `~` when that is shorter, so reports travel."""
    if path is None:
        return None
    candidates = [str(path)]
    with contextlib.suppress(ValueError):  # another drive on Windows
        candidates.append(os.path.relpath(path))
    with contextlib.suppress(ValueError):
        candidates.append(str(Path("~") / Path(path).resolve().relative_to(Path.home())))
    return min(candidates, key=len)


def settings_summary(settings: Settings) -> dict[str, Any]:
    return settings.model_dump(mode="json", exclude=_WORKSPACE_SETTINGS)


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def squad_summary(run: SquadRun) -> dict[str, Any]:
    """The `report.json` of a SQuAD-format run."""
    outcomes = run.outcomes
    retrievers: dict[str, dict[str, Any]] = {}
    for mode in MODES:
        ranks = [o.ranks.get(mode) for o in outcomes]
        latencies = [o.search_ms[mode] for o in outcomes if mode in o.search_ms]
        retrievers[mode] = {
            "recall@1": _r(recall_at(ranks, 1)),
            "recall@5": _r(recall_at(ranks, 5)),
            "recall@10": _r(recall_at(ranks, 10)),
            "mrr": _r(mean_reciprocal_rank(ranks)),
            "answer_hit": None,
            "mean_cited_sentences": None,
            "latency_ms_p50": _r(percentile(latencies, 50), 1),
            "latency_ms_p95": _r(percentile(latencies, 95), 1),
            "recall_curve": [_r(r) for r in recall_curve(ranks, run.max_k)],
        }
    if run.answers:
        answered = [o for o in outcomes if o.answer_ms is not None]
        answer_latencies = [o.answer_ms for o in answered if o.answer_ms is not None]
        retrievers["hybrid"].update(
            answer_hit=_r(mean([float(o.answer_hit) for o in outcomes if o.answer_hit is not None])),
            mean_cited_sentences=_r(mean([float(o.cited_sentences or 0) for o in outcomes]), 3),
            abstained=_r(mean([float(bool(o.abstained)) for o in outcomes])),
            answer_latency_ms_p50=_r(percentile(answer_latencies, 50), 1),
            answer_latency_ms_p95=_r(percentile(answer_latencies, 95), 1),
        )
    cache = run.index_cache
    return {
        "kind": "squad",
        "dataset": display_path(run.dataset.path),
        "questions_file": display_path(run.dataset.questions_path),
        "question_count": len(outcomes),
        "paragraph_count": len(run.dataset.paragraphs),
        "passage_count": run.passage_count,
        "index_seconds": _r(run.index_seconds, 3),
        "passages_per_second": _r(run.passage_count / run.index_seconds, 1) if run.index_seconds > 0 else None,
        "embedding": {
            "model": run.embedder,
            "cache": display_path(run.cache_path),
            "texts_from_cache": cache.document_hits,
            "texts_embedded": cache.document_misses,
        },
        "settings": settings_summary(run.settings),
        "method": {
            "search_k": run.fetch_k,
            "max_k": run.max_k,
            "ranks": "distinct paragraphs (article_id), each at its best passage's position",
            "mrr": f"cut at rank {run.max_k}",
            "latency": "one search call including the question's embedding; answer_latency: the answer path",
            "answer_hit": "a gold answer appears in the answer text or a cited quote, after Arabic folding",
        },
        "retrievers": retrievers,
        "errors": sum(len(o.errors) for o in outcomes),
        "questions": [
            {
                "id": o.question_id,
                "paragraph": o.paragraph_id,
                "ranks": o.ranks,
                "answer_hit": o.answer_hit,
                "cited": o.cited_sentences,
                "abstained": o.abstained,
                **({"errors": list(o.errors)} if o.errors else {}),
            }
            for o in outcomes
        ],
    }


def _count(values: Sequence[bool | None]) -> dict[str, Any]:
    applicable = [v for v in values if v is not None]
    hits = sum(applicable)
    return {"count": hits, "of": len(applicable), "rate": _r(hits / len(applicable)) if applicable else None}


def gold_summary(run: GoldRun) -> dict[str, Any]:
    """The `report.json` of a gold question file run."""
    outcomes = run.outcomes
    latencies = [o.latency_ms for o in outcomes]
    return {
        "kind": "gold",
        "dataset": display_path(run.questions_path),
        "conversations_file": display_path(run.conversations_path),
        "articles": display_path(run.articles_dir),
        "article_count": run.article_count,
        "passage_count": run.passage_count,
        "question_count": len(outcomes),
        "embedding": {"model": run.embedder},
        "settings": settings_summary(run.settings),
        "totals": {
            "correct": _count([o.score.correct for o in outcomes]),
            "cited_support": _count([o.score.cited_support for o in outcomes]),
            "abstention_ok": _count([o.score.abstention_ok for o in outcomes]),
            "passed": _count([o.score.passed for o in outcomes]),
        },
        "latency_ms_p50": _r(percentile(latencies, 50), 1),
        "latency_ms_p95": _r(percentile(latencies, 95), 1),
        "questions": [
            {
                "id": o.question.question_id,
                "conversation": o.conversation_id,
                "lang": o.question.lang,
                "question": o.question.text,
                "answerable": o.question.answerable,
                "correct": o.score.correct,
                "cited_support": o.score.cited_support,
                "abstention_ok": o.score.abstention_ok,
                "passed": o.score.passed,
                "abstained": o.answer.abstained if o.answer else None,
                "answer": o.answer.text if o.answer else None,
                "cited_articles": sorted({c.article_id for c in o.answer.citations}) if o.answer else [],
                "latency_ms": _r(o.latency_ms, 1),
                "error": o.error,
            }
            for o in outcomes
        ],
    }


def write_json(summary: dict[str, Any], path: Path) -> None:
    """Indented JSON, except one line per question: a thousand questions stay readable and diffable."""
    questions = summary.get("questions", [])
    text = json.dumps({**summary, "questions": []}, ensure_ascii=False, indent=2)
    if questions:
        rows = ",\n".join("    " + json.dumps(q, ensure_ascii=False) for q in questions)
        head, tail = text.rsplit('"questions": []', 1)  # `questions` is the last key
        text = f'{head}"questions": [\n{rows}\n  ]{tail}'
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def _cell(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def squad_table(summary: dict[str, Any]) -> str:
    """One row per retriever, then the dataset and index figures."""
    header = ("retriever", "recall@1", "recall@5", "recall@10", "MRR", "answer hit", "cited", "p50 ms", "p95 ms")
    rows = [header]
    for name, row in summary["retrievers"].items():
        rows.append(
            (
                name,
                _cell(row["recall@1"]),
                _cell(row["recall@5"]),
                _cell(row["recall@10"]),
                _cell(row["mrr"]),
                _cell(row["answer_hit"]),
                _cell(row["mean_cited_sentences"], 2),
                _cell(row["latency_ms_p50"], 1),
                _cell(row["latency_ms_p95"], 1),
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    ]
    asked = f" (questions from {summary['questions_file']})" if summary["questions_file"] else ""
    hybrid = summary["retrievers"]["hybrid"]
    embedding = summary["embedding"]
    notes = [
        f"{summary['dataset']}{asked}: {summary['question_count']} questions, "
        f"{summary['paragraph_count']} paragraphs in {summary['passage_count']} passages",
        "",
        *lines,
        "",
        f"index: {summary['index_seconds']:.1f} s, {_cell(summary['passages_per_second'], 1)} passages/s "
        f"(vectors: {embedding['texts_embedded']} computed, {embedding['texts_from_cache']} from the cache)",
    ]
    if "answer_latency_ms_p50" in hybrid:
        notes.append(
            f"answer path: p50 {_cell(hybrid['answer_latency_ms_p50'], 1)} ms, "
            f"p95 {_cell(hybrid['answer_latency_ms_p95'], 1)} ms, abstained {_cell(hybrid['abstained'])}"
        )
    if summary["errors"]:
        notes.append(f"errors: {summary['errors']} (see report.json)")
    return "\n".join(notes)


def _mark(value: bool | None) -> str:
    return {True: "✓", False: "✗", None: "–"}[value]


def gold_table(summary: dict[str, Any]) -> str:
    """One row per question, then the totals."""
    rows = [("id", "lang", "correct", "cited", "abstain", "question")]
    for q in summary["questions"]:
        text = q["question"] if len(q["question"]) <= 60 else q["question"][:59] + "…"
        rows.append(
            (q["id"], q["lang"] or "", _mark(q["correct"]), _mark(q["cited_support"]), _mark(q["abstention_ok"]), text)
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(r[:5], widths, strict=True)), r[5]]) for r in rows]
    totals = summary["totals"]

    def total(name: str, label: str) -> str:
        t = totals[name]
        return f"{label} {t['count']}/{t['of']}"

    lines += [
        "",
        ", ".join(
            [
                total("correct", "correct"),
                total("cited_support", "cited a supporting article"),
                total("abstention_ok", "abstained where it should"),
                total("passed", "all three"),
            ]
        ),
        f"latency: p50 {_cell(summary['latency_ms_p50'], 1)} ms, p95 {_cell(summary['latency_ms_p95'], 1)} ms",
    ]
    return "\n".join(lines)
