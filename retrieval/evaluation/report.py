"""Turning a run into `report.json` (a plain dict) and into a table for the terminal.

The dict is the one source: the table and `recall.png` are drawn from it, so what is shown is what is
saved.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from retrieval.evaluation.answer_metrics import Judgement, answer_breakdown, risk_coverage
from retrieval.evaluation.gold_runner import GoldOutcome, GoldRun
from retrieval.evaluation.metrics import mean, mean_reciprocal_rank, percentile, recall_at, recall_curve
from retrieval.evaluation.splits import Split
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


def _part(asked: Split | None, described: Split | None) -> str:
    return described or asked or "all"


def _answers(judgements: Sequence[Judgement]) -> dict[str, Any]:
    return {**answer_breakdown(judgements), "risk_coverage": risk_coverage(judgements)}


def squad_summary(run: SquadRun, split: Split | None = None) -> dict[str, Any]:
    """The `report.json` of a SQuAD-format run, or of one part of it (`split`)."""
    outcomes = [o for o in run.outcomes if split is None or o.question.split == split]
    answerable = [o for o in outcomes if o.question.answerable]
    retrievers: dict[str, dict[str, Any]] = {}
    for mode in MODES:
        ranks = [o.ranks.get(mode) for o in answerable]
        latencies = [o.search_ms[mode] for o in answerable if mode in o.search_ms]
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
    judgements = [o.judgement for o in outcomes if o.judgement is not None]
    answers = _answers(judgements) if run.answers else None
    if answers is not None:
        answer_latencies = [o.answer_ms for o in outcomes if o.answer_ms is not None]
        retrievers["hybrid"].update(
            answer_hit=answers["all"]["answer_hit"],
            mean_cited_sentences=_r(mean([float(j.cited) for j in judgements]), 3),
            abstained=_r(mean([float(j.outcome == "declined") for j in judgements])),
            answer_latency_ms_p50=_r(percentile(answer_latencies, 50), 1),
            answer_latency_ms_p95=_r(percentile(answer_latencies, 95), 1),
        )
    cache = run.index_cache
    return {
        "kind": "squad",
        "dataset": display_path(run.dataset.path),
        "questions_file": display_path(run.dataset.questions_path),
        "part": _part(run.split, split),
        "unanswerable_share": run.unanswerable,
        "question_count": len(outcomes),
        "answerable_count": len(answerable),
        "paragraph_count": len(run.dataset.paragraphs),
        "held_out_paragraphs": len(run.dataset.paragraphs) - len(run.eval_set.articles),
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
            "ranks": "distinct paragraphs (article_id), each at its best passage's position; answerable questions",
            "mrr": f"cut at rank {run.max_k}",
            "latency": "one search call including the question's embedding; answer_latency: the answer path",
            "answer_hit": "a gold answer appears in the answer text or a cited quote, after Arabic folding",
            "unanswerable": "the questions of held-out paragraphs (left out of the index); abstained = declined, "
            "citing nothing",
            "split": "tune/measure by a fixed hash of the Wikipedia article's title (retrieval.evaluation.splits)",
            **_ANSWER_METHOD,
        },
        "retrievers": retrievers,
        "answers": answers,
        "errors": sum(len(o.errors) for o in outcomes),
        "questions": [
            {
                "id": o.question_id,
                "paragraph": o.paragraph_id,
                "split": o.question.split,
                "lang": o.question.lang,
                "answerable": o.question.answerable,
                "ranks": o.ranks,
                "answer_hit": o.judgement.hit if o.judgement and o.question.answerable else None,
                "cited": o.judgement.cited if o.judgement else None,
                "abstained": o.judgement.outcome == "declined" if o.judgement else None,
                "confidence": _r(o.judgement.confidence) if o.judgement else None,
                **({"errors": list(o.errors)} if o.errors else {}),
            }
            for o in outcomes
        ],
    }


_ANSWER_METHOD = {
    "answers": "answer_hit, wrong_answer_rate (answered without the gold answer) and declined_answerable are "
    "shares of the answerable questions; abstention_unanswerable of the unanswerable ones",
    "risk_coverage": "an answer whose confidence is below a threshold counts as declined (the answerer's own "
    "declines stay declined): coverage = share of all questions answered, risk = share of those answers that "
    "are wrong (any answer to an unanswerable question is); the operating point is the answerer's own decision",
}


def _count(values: Sequence[bool | None]) -> dict[str, Any]:
    applicable = [v for v in values if v is not None]
    hits = sum(applicable)
    return {"count": hits, "of": len(applicable), "rate": _r(hits / len(applicable)) if applicable else None}


def gold_totals(outcomes: Sequence[GoldOutcome]) -> dict[str, Any]:
    """The scores of `shared/eval/README.md` summed over some questions, and the news target's two figures:
    answerable questions answered correctly with a supporting citation (where support is listed), and
    unanswerable ones declined citing nothing."""
    return {
        "correct": _count([o.score.correct for o in outcomes]),
        "cited_support": _count([o.score.cited_support for o in outcomes]),
        "abstention_ok": _count([o.score.abstention_ok for o in outcomes]),
        "passed": _count([o.score.passed for o in outcomes]),
        "correct_with_support": _count(
            [o.score.correct and o.score.cited_support is not False for o in outcomes if o.question.answerable]
        ),
        "unanswerable_declined": _count([o.score.abstention_ok for o in outcomes if not o.question.answerable]),
    }


def gold_summary(run: GoldRun, split: Split | None = None) -> dict[str, Any]:
    """The `report.json` of a gold question file run, or of one part of it (`split`)."""
    outcomes = [o for o in run.outcomes if split is None or o.question.split == split]
    latencies = [o.latency_ms for o in outcomes]
    return {
        "kind": "gold",
        "dataset": ", ".join(filter(None, map(display_path, run.questions_paths))),
        "conversations_file": ", ".join(filter(None, map(display_path, run.conversations_paths))) or None,
        "articles": display_path(run.articles_path),
        "part": _part(run.split, split),
        "article_count": run.article_count,
        "passage_count": run.passage_count,
        "question_count": len(outcomes),
        "answerable_count": sum(o.question.answerable for o in outcomes),
        "embedding": {"model": run.embedder},
        "settings": settings_summary(run.settings),
        "method": {
            "correct": "every `expect` group matched in the answer text or its quotes (case-insensitive); an "
            "unanswerable question is correct when declined citing nothing (shared/eval/README.md)",
            "cited_support": "cites at least one `support` article (questions that list support)",
            "correct_with_support": "answerable questions: correct, and citing a supporting article where "
            "support is listed",
            "split": "tune/measure by a fixed hash of the question's `article` (else its first support, else "
            "its conversation or id); a conversation's turns stay together",
            **_ANSWER_METHOD,
        },
        "totals": gold_totals(outcomes),
        "totals_by_split": {
            k: gold_totals([o for o in outcomes if o.question.split == k])
            for k in _keys(o.question.split for o in outcomes)
        },
        "totals_by_lang": {
            k: gold_totals([o for o in outcomes if o.question.lang == k])
            for k in _keys(o.question.lang for o in outcomes)
        },
        "answers": _answers([o.judgement for o in outcomes]),
        "latency_ms_p50": _r(percentile(latencies, 50), 1),
        "latency_ms_p95": _r(percentile(latencies, 95), 1),
        "errors": sum(o.error is not None for o in outcomes),
        "questions": [
            {
                "id": o.question.question_id,
                "conversation": o.conversation_id,
                "split": o.question.split,
                "lang": o.question.lang,
                "question": o.question.text,
                "answerable": o.question.answerable,
                "correct": o.score.correct,
                "cited_support": o.score.cited_support,
                "abstention_ok": o.score.abstention_ok,
                "passed": o.score.passed,
                "abstained": o.answer.abstained if o.answer else None,
                "confidence": _r(o.answer.confidence) if o.answer else None,
                "answer": o.answer.text if o.answer else None,
                "cited_articles": sorted({c.article_id for c in o.answer.citations}) if o.answer else [],
                "latency_ms": _r(o.latency_ms, 1),
                "error": o.error,
            }
            for o in outcomes
        ],
    }


def _keys(values: Iterable[str]) -> list[str]:
    return sorted(set(values))


def write_json(summary: dict[str, Any], path: Path) -> None:
    """Indented JSON, except that a list of numbers stays on one line and a list of objects (the questions)
    has one object a line: a thousand questions stay readable and diffable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dumps(summary) + "\n", encoding="utf-8")


def _dumps(value: Any, depth: int = 0) -> str:
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_dumps(v, depth + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
        items = [inner + json.dumps(v, ensure_ascii=False) for v in value]
        return "[\n" + ",\n".join(items) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def _cell(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as text columns: the first left-aligned, the others right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in rows
    ]


def answers_table(answers: dict[str, Any]) -> str:
    """The answer-path figures: all questions, each tune/measure part, each question language."""
    rows = [("answer path", "questions", "answerable", "hit", "wrong", "declined", "unanswerable", "abstained")]
    groups = [("all", answers["all"])]
    groups += [(name, rates) for name, rates in answers["by_split"].items()]
    groups += [(f"lang {name}", rates) for name, rates in answers["by_lang"].items()]
    for name, rates in groups:
        rows.append(
            (
                name,
                str(rates["questions"]),
                str(rates["answerable"]),
                _cell(rates["answer_hit"]),
                _cell(rates["wrong_answer_rate"]),
                _cell(rates["declined_answerable"]),
                str(rates["unanswerable"]),
                _cell(rates["abstention_unanswerable"]),
            )
        )
    curve = answers["risk_coverage"]
    operating = curve["operating_point"]
    answered = curve["answers_with_confidence"] + curve["answers_without_confidence"]
    return "\n".join(
        [
            *_aligned(rows),
            "(hit, wrong, declined: shares of the answerable questions; abstained: declined citing nothing, "
            "share of the unanswerable ones)",
            f"operating point: answers {_cell(operating['coverage'])} of the questions, "
            f"{_cell(operating['risk'])} of those answers wrong; "
            f"{curve['answers_with_confidence']} of {answered} answers carry a confidence",
        ]
    )


def squad_table(summary: dict[str, Any]) -> str:
    """One row per retriever, then the dataset and index figures, then the answer path's figures."""
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
    asked = f" (questions from {summary['questions_file']})" if summary["questions_file"] else ""
    held = summary["held_out_paragraphs"]
    unanswerable = summary["question_count"] - summary["answerable_count"]
    held_note = f" ({held} held out: their {unanswerable} questions asked as unanswerable)" if held else ""
    part = "" if summary["part"] == "all" else f", {summary['part']} part"
    hybrid = summary["retrievers"]["hybrid"]
    embedding = summary["embedding"]
    notes = [
        f"{summary['dataset']}{asked}{part}: {summary['question_count']} questions, "
        f"{summary['paragraph_count']} paragraphs{held_note} in {summary['passage_count']} passages",
        "",
        *_aligned(rows),
        "",
        f"index: {summary['index_seconds']:.1f} s, {_cell(summary['passages_per_second'], 1)} passages/s "
        f"(vectors: {embedding['texts_embedded']} computed, {embedding['texts_from_cache']} from the cache)",
    ]
    if "answer_latency_ms_p50" in hybrid:
        notes.append(
            f"answer path: p50 {_cell(hybrid['answer_latency_ms_p50'], 1)} ms, "
            f"p95 {_cell(hybrid['answer_latency_ms_p95'], 1)} ms, abstained {_cell(hybrid['abstained'])}"
        )
    if summary.get("answers"):
        notes += ["", answers_table(summary["answers"])]
    if summary["errors"]:
        notes.append(f"errors: {summary['errors']} (see report.json)")
    return "\n".join(notes)


def _mark(value: bool | None) -> str:
    return {True: "✓", False: "✗", None: "–"}[value]


def _totals_line(totals: dict[str, Any]) -> str:
    def total(name: str, label: str) -> str:
        t = totals[name]
        return f"{label} {t['count']}/{t['of']}"

    return ", ".join(
        [
            total("correct", "correct"),
            total("cited_support", "cited a supporting article"),
            total("abstention_ok", "abstained where it should"),
            total("passed", "all three"),
        ]
    )


def gold_table(summary: dict[str, Any]) -> str:
    """One row per question, then the totals (all, per part, per language), then the answer path's figures."""
    rows = [("id", "lang", "part", "correct", "cited", "abstain", "question")]
    for q in summary["questions"]:
        text = q["question"] if len(q["question"]) <= 60 else q["question"][:59] + "…"
        marks = (_mark(q["correct"]), _mark(q["cited_support"]), _mark(q["abstention_ok"]))
        rows.append((q["id"], q["lang"] or "", q["split"], *marks, text))
    widths = [max(len(r[i]) for r in rows) for i in range(6)]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(r[:6], widths, strict=True)), r[6]]) for r in rows]
    part = "" if summary["part"] == "all" else f" ({summary['part']} part)"
    lines += ["", f"{summary['dataset']} over {summary['articles']}{part}: {_totals_line(summary['totals'])}"]
    for label, group in (("", summary["totals_by_split"]), ("lang ", summary["totals_by_lang"])):
        lines += [f"  {label}{name}: {_totals_line(totals)}" for name, totals in group.items()]
    target = summary["totals"]
    lines += [
        f"answerable questions correct with a supporting citation: {target['correct_with_support']['count']}/"
        f"{target['correct_with_support']['of']}; unanswerable ones declined citing nothing: "
        f"{target['unanswerable_declined']['count']}/{target['unanswerable_declined']['of']}",
        f"latency: p50 {_cell(summary['latency_ms_p50'], 1)} ms, p95 {_cell(summary['latency_ms_p95'], 1)} ms",
        "",
        answers_table(summary["answers"]),
    ]
    if summary["errors"]:
        lines.append(f"errors: {summary['errors']} (see report.json)")
    return "\n".join(lines)
