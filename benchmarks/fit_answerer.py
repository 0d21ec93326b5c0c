"""Fit the extractive answerer's models on the TUNE part of the evaluation data and write them to
`retrieval/data/answerer.json`.

    python benchmarks/fit_answerer.py            # collect, fit, choose the threshold, write the file
    python benchmarks/fit_answerer.py --dry-run  # the same, printing the result without writing it

Data (`retrieval/evaluation/datasets.py`; the split is by article, `retrieval/evaluation/splits.py`):
XQuAD Arabic, XQuAD English questions over the Arabic paragraphs, TyDi QA Arabic (each with a quarter of the
paragraphs held out of the index, so that their questions are unanswerable), and our news questions over
the news sample. Only tune-part questions are read; the measure part is left for `run_answers.py`.

Fitting, in the order the answerer applies the models (`retrieval/answer/ranking.py`):
1. stage 1: logistic regression, every candidate sentence of an answerable question, label = it holds a gold
   answer;
2. stage 2: the same on the best few candidates by stage 1 (`depth_for`), with the answer-type features;
3. the quote share and the decision: for each share on a small grid, the decision model is fitted (label =
   the composed answer holds the gold answer; unanswerable questions are never right) and the threshold is
   the lowest at which the wrong-answer rate (answered but wrong, over answerable questions), averaged over
   the four sets, is at most `--max-wrong` (the target the measured part is judged by); the share that
   answers most questions right wins.
Each set counts alike in every fit (weights inverse to its size), so the small news set, the one closest to
what users ask, is not drowned by the Wikipedia sets. Regularisation strength is chosen by 5-fold
cross-validation grouped by article. Nothing is set by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import click
import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from retrieval.answer.decline import absent_terms
from retrieval.answer.evidence import Sentence
from retrieval.answer.extractive import MAX_DATE_QUOTES, MAX_QUOTES, choose, compose
from retrieval.answer.features import (
    DECISION_FEATURES,
    SENTENCE_FEATURES,
    TYPED_FEATURES,
    answer_pool,
    decision_row,
    sentence_rows,
    typed_rows,
)
from retrieval.answer.model import PARAMETERS_FILE, AnswererParameters, LogisticModel
from retrieval.answer.ranking import depth_for, first_stage, second_stage
from retrieval.evaluation.datasets import EvalQuestion, EvalSet, gold_set, squad_set
from retrieval.evaluation.workspace import workspace
from retrieval.index.embedding_cache import default_cache_path
from retrieval.records import Answer
from retrieval.settings import load_settings
from retrieval.text.answer_types import AnswerType
from retrieval.text.query import Query

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "retrieval" / "data" / PARAMETERS_FILE
SHARES = (1.0, 0.9, 0.75, 0.6, 0.45)  # quote other sentences at least this likely, relative to the best
C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


def evaluation_sets(shared: Path) -> dict[str, Callable[[], EvalSet]]:
    """The data the answerer is fitted on (tune part) and measured on (measure part)."""
    xquad, data = shared / "xquad", ROOT / "benchmarks" / "data"
    return {
        "xquad_ar": lambda: squad_set("xquad_ar", xquad / "xquad.ar.json"),
        "xquad_en": lambda: squad_set("xquad_en", xquad / "xquad.ar.json", questions=xquad / "xquad.en.json"),
        "tydi_ar": lambda: squad_set("tydi_ar", shared / "tydiqa" / "tydiqa-goldp-ar-dev.json"),
        "news": lambda: gold_set(
            "news", sorted(data.glob("news_questions_*.jsonl")), shared / "news_sample" / "saudinewsnet_sample.jsonl"
        ),
    }


@dataclass
class Asked:
    """One tune question with what the pipeline found for it."""

    dataset: str
    question: EvalQuestion
    query: Query
    sentences: list[Sentence]
    absent: int
    group: str  # the article key its split came from: cross-validation folds never split an article


def collect(name: str, evalset: EvalSet, cache: Path | None) -> list[Asked]:
    """Index the set's articles in a throwaway index and run the pipeline up to the evidence step."""
    asked = []
    with workspace(load_settings(_env_file=None), cache_path=cache) as ws:
        isnad = ws.service
        isnad.ingest_articles(evalset.articles)
        k = max(isnad.settings.top_k, isnad.settings.evidence_passages)
        for q in evalset.part("tune"):
            if q.turn:  # follow-up turns need the answers before them; they are measured, not fitted on
                continue
            query = isnad.analyse(q.text)
            found = isnad.searcher.search(query, k)
            sentences = isnad.evidence.gather(query, found.hits, found.sentence_vectors, found.term_weights)
            absent = len(absent_terms(query.terms, found.lexical))
            key = q.support[0].rsplit("#", 1)[0] if q.support else q.question_id  # SQuAD ids are "title#n"
            asked.append(Asked(name, q, query, sentences, absent, group=f"{name}:{key}"))
    return asked


def fit_logistic(
    rows: np.ndarray, labels: np.ndarray, groups: Sequence[str], names: Sequence[str], weights: np.ndarray
) -> LogisticModel:
    """A standardised, weighted logistic regression, its strength chosen by grouped cross-validation (log loss)."""
    scaler = StandardScaler().fit(rows)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    x = (rows - scaler.mean_) / scale
    folds = GroupKFold(n_splits=5)
    best_c, best_loss = C_GRID[0], np.inf
    for c in C_GRID:
        loss = 0.0
        for train, test in folds.split(x, labels, groups):
            if len(set(labels[train])) < 2:
                continue
            model = LogisticRegression(C=c, max_iter=2000).fit(x[train], labels[train], sample_weight=weights[train])
            p = np.clip(model.predict_proba(x[test])[:, 1], 1e-6, 1 - 1e-6)
            y = labels[test]
            loss -= float(np.sum(weights[test] * (y * np.log(p) + (1 - y) * np.log(1 - p))))
        if loss < best_loss:
            best_c, best_loss = c, loss
    model = LogisticRegression(C=best_c, max_iter=2000).fit(x, labels, sample_weight=weights)
    return LogisticModel(tuple(names), model.coef_[0].copy(), float(model.intercept_[0]), scaler.mean_.copy(), scale)


def set_weights(datasets: Sequence[str]) -> np.ndarray:
    """Weights that make each set count as much as every other, whatever its size (mean weight 1)."""
    sizes = {name: datasets.count(name) for name in set(datasets)}
    weights = np.array([1.0 / sizes[name] for name in datasets])
    return weights * len(weights) / weights.sum()


def holds(asked: Asked, sentence: Sentence) -> bool:
    return asked.question.holds_answer(sentence.text)


@dataclass
class Outcome:
    asked: Asked
    row: np.ndarray  # decision features
    right: bool  # the composed answer holds the gold answer
    answerable_by_type: bool  # some candidate holds the asked-for type (else the answerer declines anyway)


def outcomes(asked: list[Asked], stage1: LogisticModel, stage2: LogisticModel, share: float) -> list[Outcome]:
    out = []
    for a in asked:
        pool = answer_pool(a.query, second_stage(a.query, first_stage(a.query, a.sentences, stage1), stage2))
        chosen = choose(pool, share, MAX_DATE_QUOTES if a.query.kind is AnswerType.DATE else MAX_QUOTES)
        if chosen:
            draft = compose(a.query, chosen, 1.0)
            answer = Answer(question=a.question.text, text=draft.text, language="en", citations=draft.citations)
            right = a.question.is_hit(answer)
        else:
            right = False
        out.append(Outcome(a, decision_row(a.query, pool, a.absent), right, bool(chosen)))
    return out


def rates(items: list[Outcome], p: np.ndarray, threshold: float) -> dict[str, float]:
    """Answer hit, wrong-answer rate (over answerable), answered share of unanswerable, at a threshold."""
    answerable = [i for i, o in enumerate(items) if o.asked.question.answerable]
    unanswerable = [i for i, o in enumerate(items) if not o.asked.question.answerable]
    answered = [o.answerable_by_type and p[i] >= threshold for i, o in enumerate(items)]
    hit = sum(answered[i] and items[i].right for i in answerable)
    wrong = sum(answered[i] and not items[i].right for i in answerable)
    return {
        "answer_hit": hit / len(answerable) if answerable else 0.0,
        "wrong_answer_rate": wrong / len(answerable) if answerable else 0.0,
        "answered_unanswerable": sum(answered[i] for i in unanswerable) / len(unanswerable) if unanswerable else 0.0,
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
    }


def choose_threshold(
    items: list[Outcome], p: np.ndarray, max_wrong: float
) -> tuple[float, dict[str, dict[str, float]]]:
    """The lowest threshold at which the wrong-answer rate, averaged over the sets (each counting alike), is at
    most `max_wrong` (the highest candidate if none is); with every set's rates at that threshold and their
    mean as "all"."""
    by_set: dict[str, list[int]] = defaultdict(list)
    for i, o in enumerate(items):
        by_set[o.asked.dataset].append(i)

    def per_set(t: float) -> dict[str, dict[str, float]]:
        found = {name: rates([items[i] for i in idx], p[idx], t) for name, idx in by_set.items()}
        keys = ("answer_hit", "wrong_answer_rate", "answered_unanswerable")
        return {"all": {k: float(np.mean([r[k] for r in found.values()])) for k in keys}, **found}

    candidates = sorted(set(np.round(p, 4).tolist()) | {0.0, 1.0})
    for t in candidates:
        found = per_set(t)
        if found["all"]["wrong_answer_rate"] <= max_wrong:
            return t, found
    return candidates[-1], per_set(candidates[-1])


@click.command()
@click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=SHARED, show_default=True)
@click.option(
    "--max-wrong", type=float, default=0.10, show_default=True, help="Wrong-answer rate allowed (mean over sets)."
)
@click.option("--dry-run", is_flag=True, help="Print the fitted parameters instead of writing them.")
@click.option("--no-cache", is_flag=True, help="Do not use the embedding cache.")
@click.option(
    "--collected",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Keep what the pipeline found for the tune questions in this file, and read it from there next time "
    "(to refit without rerunning the pipeline; delete it when the pipeline changes).",
)
def main(
    shared: Path,
    max_wrong: float,
    dry_run: bool,
    no_cache: bool,
    collected: Path | None,
) -> None:
    started = time.perf_counter()
    cache = None if no_cache else default_cache_path()
    asked: list[Asked] = []
    if collected is not None and collected.exists():
        asked = pickle.loads(collected.read_bytes())
    else:
        for name, make in evaluation_sets(shared).items():
            t0 = time.perf_counter()
            found = collect(name, make(), cache)
            asked += found
            click.echo(f"{name}: {len(found)} tune questions in {time.perf_counter() - t0:.0f} s", err=True)
        if collected is not None:
            collected.write_bytes(pickle.dumps(asked))

    # Stage 1: every candidate of an answerable question.
    answerable = [a for a in asked if a.question.answerable and a.sentences]
    rows1 = np.vstack([sentence_rows(a.query, a.sentences) for a in answerable])
    labels1 = np.array([holds(a, s) for a in answerable for s in a.sentences], dtype=int)
    groups1 = [a.group for a in answerable for _ in a.sentences]
    weights1 = set_weights([a.dataset for a in answerable for _ in a.sentences])
    stage1 = fit_logistic(rows1, labels1, groups1, SENTENCE_FEATURES, weights1)

    # Stage 2: the best few by stage 1, with the answer-type features.
    heads = [(a, first_stage(a.query, a.sentences, stage1)[: depth_for(a.query)]) for a in answerable]
    rows2 = np.vstack([typed_rows(a.query, head) for a, head in heads])
    labels2 = np.array([holds(a, c.sentence) for a, head in heads for c in head], dtype=int)
    groups2 = [a.group for a, head in heads for _ in head]
    weights2 = set_weights([a.dataset for a, head in heads for _ in head])
    stage2 = fit_logistic(rows2, labels2, groups2, TYPED_FEATURES, weights2)

    # The quote share and the decision.
    best: tuple[float, AnswererParameters, dict] | None = None
    for share in SHARES:
        items = outcomes(asked, stage1, stage2, share)
        usable = [o for o in items if o.answerable_by_type]
        rows3 = np.vstack([o.row for o in usable])
        labels3 = np.array([o.right for o in usable], dtype=int)
        weights3 = set_weights([o.asked.dataset for o in usable])
        decision = fit_logistic(rows3, labels3, [o.asked.group for o in usable], DECISION_FEATURES, weights3)
        p = decision.probability(np.vstack([o.row for o in items]))
        threshold, per_set = choose_threshold(items, p, max_wrong)
        right = per_set["all"]["answer_hit"]
        click.echo(f"share {share}: threshold {threshold:.3f}, " + json.dumps(per_set), err=True)
        params = AnswererParameters(stage1, stage2, decision, threshold, share)
        if best is None or right > best[0]:
            best = (right, params, per_set)
    assert best is not None
    _, params, per_set = best
    params = AnswererParameters(
        params.sentence,
        params.typed,
        params.decision,
        params.threshold,
        params.quote_share,
        provenance={
            "made_by": "benchmarks/fit_answerer.py",
            "date": dt.date.today().isoformat(),
            "commit": _commit(),
            "data": "tune part (split by article, retrieval/evaluation/splits.py) of "
            + ", ".join(sorted({a.dataset for a in asked})),
            "tune_questions": {
                name: sum(a.dataset == name for a in asked) for name in sorted({a.dataset for a in asked})
            },
            "limit": {"max_wrong_answer_rate_mean_over_sets": max_wrong},
            "tune_rates": per_set,
            "seconds": round(time.perf_counter() - started),
        },
    )
    text = json.dumps(params.to_json(), ensure_ascii=False, indent=1) + "\n"
    if dry_run:
        click.echo(text)
    else:
        OUT.write_text(text, encoding="utf-8")
        click.echo(f"wrote {OUT}", err=True)


def _commit() -> str:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
        return done.stdout.strip() or "unknown"
    except OSError:
        return "unknown"


if __name__ == "__main__":
    sys.exit(main())
