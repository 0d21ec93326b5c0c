"""The answer benchmark: every evaluation set, its tune and measure parts side by side, against issue 10's
targets.

    python benchmarks/run_answers.py                   # writes benchmarks/results/answers/
    python benchmarks/run_answers.py --only news       # one set (repeatable)
    python benchmarks/run_answers.py --limit 50        # a quick look: nothing written unless --out is given

Sets (the public ones are read from the `shared` folder beside the checkout, or `--shared`):

- XQuAD Arabic; XQuAD's English questions over the Arabic paragraphs; TyDi QA GoldP Arabic: each with 25%
  of its paragraphs held out of the index, their questions asked as unanswerable ones;
- our news questions (`benchmarks/data/news_questions_*.jsonl` and their conversations) over the news sample;
- the seed questions (`shared/eval/seeds_dev.jsonl` with its conversations, `benchmarks/data/seeds_team.jsonl`)
  over the seed articles: a smoke test, not a target, reported whole.

Each set is run once (every question, both parts, one index) and summarized per part: `SET/tune/` and
`SET/measure/` each get `report.json`, `risk_coverage.png` (and `recall.png` for SQuAD-format sets). The
top folder gets `risk_coverage.png` (the measured parts, one curve per set), `risk_coverage_tune.png`,
`summary.json` and `summary.md`, whose tables are printed at the end: the measured part is the one the
README shows; the tune part is the one the answerer is fitted on.

Document vectors come from the embedding cache (`--cache`), so only the first run embeds the paragraphs;
questions are embedded on every run, so that the latency figures stay those of a cold question.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import click

from retrieval.errors import IsnadError
from retrieval.evaluation.plot import write_risk_coverage_plot
from retrieval.evaluation.runner import render, run_evaluation, summarize, write_outputs
from retrieval.index.embedding_cache import default_cache_path
from retrieval.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "answers"
HELD_OUT = 0.25  # share of paragraphs of the SQuAD-format sets left out of the index
PARTS = ("tune", "measure")

Part = Literal["tune", "measure", "all"]


@dataclass(frozen=True, slots=True)
class Target:
    """One of issue 10's targets: a figure of a report, at least or at most a bound."""

    label: str
    read: Callable[[dict[str, Any]], float | None]
    bound: float
    at_least: bool = True

    def met(self, value: float | None) -> bool:
        return value is not None and (value >= self.bound if self.at_least else value <= self.bound)

    def __str__(self) -> str:
        if self.at_least and self.bound == 1.0:
            return f"{self.label}: all"
        return f"{self.label} {'≥' if self.at_least else '≤'} {self.bound:.2f}"


def _answers(key: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda summary: summary["answers"]["all"][key]


def _total(key: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda summary: summary["totals"][key]["rate"]


WRONG = Target("wrong-answer rate", _answers("wrong_answer_rate"), 0.10, at_least=False)
ABSTENTION = Target("abstention on unanswerable", _answers("abstention_unanswerable"), 0.85)


def _hit(bound: float) -> Target:
    return Target("answer hit", _answers("answer_hit"), bound)


@dataclass(frozen=True, slots=True)
class BenchmarkSet:
    """One evaluation set: what `run_evaluation` is given, and the targets its measured part must meet."""

    name: str
    label: str
    datasets: tuple[str, ...]  # paths; `{shared}` is the shared folder
    questions: str | None = None
    conversations: tuple[str, ...] = ()
    articles: str | None = None  # None: the seed articles
    unanswerable: float = 0.0
    targets: tuple[Target, ...] = ()
    smoke: bool = False  # reported whole, with no target

    def paths(self, shared: Path) -> dict[str, Any]:
        def path(text: str) -> Path:
            return Path(text.format(shared=shared, data=DATA))

        return {
            "dataset": [path(d) for d in self.datasets],
            "questions": path(self.questions) if self.questions else None,
            "conversations": [path(c) for c in self.conversations] or None,
            "articles": path(self.articles) if self.articles else None,
            "unanswerable": self.unanswerable,
        }


SETS = (
    BenchmarkSet(
        "xquad_ar",
        "XQuAD Arabic",
        ("{shared}/data/xquad/xquad.ar.json",),
        unanswerable=HELD_OUT,
        targets=(_hit(0.80), WRONG, ABSTENTION),
    ),
    BenchmarkSet(
        "xquad_en_ar",
        "XQuAD English → Arabic",
        ("{shared}/data/xquad/xquad.ar.json",),
        questions="{shared}/data/xquad/xquad.en.json",
        unanswerable=HELD_OUT,
        targets=(_hit(0.70), WRONG, ABSTENTION),
    ),
    BenchmarkSet(
        "tydi_ar",
        "TyDi QA Arabic",
        ("{shared}/data/tydiqa/tydiqa-goldp-ar-dev.json",),
        unanswerable=HELD_OUT,
        targets=(_hit(0.85), WRONG, ABSTENTION),
    ),
    BenchmarkSet(
        "news",
        "News questions",
        ("{data}/news_questions_a.jsonl", "{data}/news_questions_b.jsonl"),
        conversations=("{data}/news_conversations_a.jsonl", "{data}/news_conversations_b.jsonl"),
        articles="{shared}/data/news_sample/saudinewsnet_sample.jsonl",
        targets=(
            Target("correct with a supporting citation", _total("correct_with_support"), 0.90),
            Target("unanswerable ones declined", _total("unanswerable_declined"), 1.0),
            WRONG,
        ),
    ),
    BenchmarkSet(
        "seeds_dev",
        "Seed questions (published)",
        ("{shared}/eval/seeds_dev.jsonl",),
        conversations=("{shared}/eval/seeds_dev_conversations.jsonl",),
        smoke=True,
    ),
    BenchmarkSet("seeds_team", "Seed questions (ours)", ("{data}/seeds_team.jsonl",), smoke=True),
)


def _f(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


def _counts(summary: dict[str, Any]) -> str:
    rates = summary["answers"]["all"]
    return f"{rates['questions']} ({rates['unanswerable']})"


def _correct_with_support(summary: dict[str, Any]) -> str:
    if summary["kind"] != "gold":
        return "–"
    total = summary["totals"]["correct_with_support"]
    return f"{_f(total['rate'])} ({total['count']}/{total['of']})"


def figures_table(results: dict[str, dict[str, dict[str, Any]]], part: Part) -> list[str]:
    """One row per set for one part: the answer path's figures."""
    lines = [
        "| set | questions (unanswerable) | answer hit | wrong-answer rate | declined (answerable) | "
        "abstention (unanswerable) | correct with a supporting citation | p50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for bench in SETS:
        summary = results.get(bench.name, {}).get(part)
        if summary is None:
            continue
        rates = summary["answers"]["all"]
        latency = summary["retrievers"]["hybrid"].get("answer_latency_ms_p50") if summary["kind"] == "squad" else None
        latency = summary.get("latency_ms_p50") if latency is None else latency
        lines.append(
            f"| {bench.label} | {_counts(summary)} | {_f(rates['answer_hit'])} | {_f(rates['wrong_answer_rate'])} | "
            f"{_f(rates['declined_answerable'])} | {_f(rates['abstention_unanswerable'])} | "
            f"{_correct_with_support(summary)} | {'–' if latency is None else f'{latency:.0f}'} |"
        )
    return lines


def side_by_side(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """The tune and measure parts of every set next to each other (tune / measure in each cell)."""
    lines = [
        "| set | questions | answer hit | wrong-answer rate | declined (answerable) | abstention (unanswerable) |",
        "|---|---|---|---|---|---|",
    ]
    keys = ("answer_hit", "wrong_answer_rate", "declined_answerable", "abstention_unanswerable")
    for bench in SETS:
        parts = results.get(bench.name, {})
        if bench.smoke or not all(p in parts for p in PARTS):
            continue
        rates = [parts[p]["answers"]["all"] for p in PARTS]
        cells = [" / ".join(_f(r[k]) for r in rates) for k in keys]
        lines.append(f"| {bench.label} | {' / '.join(_counts(parts[p]) for p in PARTS)} | {' | '.join(cells)} |")
    return lines


def targets_table(results: dict[str, dict[str, dict[str, Any]]]) -> tuple[list[str], list[dict[str, Any]]]:
    """Every target against the measured part: the Markdown rows and the same as records."""
    lines = ["| set | target | measured | |", "|---|---|---|---|"]
    records = []
    for bench in SETS:
        summary = results.get(bench.name, {}).get("measure")
        if summary is None:
            continue
        for target in bench.targets:
            value = target.read(summary)
            met = target.met(value)
            lines.append(f"| {bench.label} | {target} | {_f(value)} | {'met' if met else '**not met**'} |")
            records.append({"set": bench.name, "target": str(target), "measured": value, "met": met})
    return lines, records


def smoke_table(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    lines = [
        "| questions | correct | cited support | abstained where it should | p50 ms |",
        "|---|---|---|---|---|",
    ]
    for bench in SETS:
        summary = results.get(bench.name, {}).get("all")
        if not bench.smoke or summary is None:
            continue
        totals = summary["totals"]
        counts = " | ".join(
            f"{totals[k]['count']}/{totals[k]['of']}" for k in ("correct", "cited_support", "abstention_ok")
        )
        lines.append(f"| {bench.label} | {counts} | {summary['latency_ms_p50']:.0f} |")
    return lines


_KEPT = ("dataset", "questions_file", "articles", "part", "question_count", "answers", "totals")


def answerer_label(settings: Settings) -> str:
    return "extractive" if settings.llm == "none" else settings.llm


@click.command()
@click.option(
    "--shared",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=ROOT.parent / "shared",
    show_default="../shared",
    help="The folder holding data/xquad, data/tydiqa, data/news_sample and eval/.",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help=f"[default: {DEFAULT_OUT}]")
@click.option("--limit", type=click.IntRange(min=1), help="Ask only N questions per set (no files unless --out).")
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path), default=default_cache_path)
@click.option("--only", type=click.Choice([s.name for s in SETS]), multiple=True, help="Run only these (repeatable).")
def main(shared: Path, out: Path | None, limit: int | None, cache: Path, only: tuple[str, ...]) -> None:
    """Run the answer benchmark on every set and print the tables for the README."""
    if out is None and limit is None:
        out = DEFAULT_OUT
    settings = load_settings()
    results: dict[str, dict[str, dict[str, Any]]] = {}
    seconds: dict[str, float] = {}
    started_all = time.perf_counter()
    for bench in SETS:
        if only and bench.name not in only:
            continue
        click.echo(f"\n== {bench.label} ==", err=True)
        started = time.perf_counter()
        try:
            run = run_evaluation(**bench.paths(shared), settings=settings, limit=limit, cache_path=cache)
        except IsnadError as err:
            raise click.ClickException(f"{bench.label}: {err}") from err
        seconds[bench.name] = round(time.perf_counter() - started, 1)
        parts: tuple[Part, ...] = ("all",) if bench.smoke else PARTS
        results[bench.name] = {part: summarize(run, None if part == "all" else part) for part in parts}
        for part, summary in results[bench.name].items():
            click.echo(f"\n-- {bench.label}, {part} part --\n{render(summary)}")
            if out is not None:
                for path in write_outputs(summary, out / bench.name / part):
                    click.echo(f"wrote {path}", err=True)
        click.echo(f"{bench.label}: {seconds[bench.name]:.0f} s", err=True)
    total_seconds = round(time.perf_counter() - started_all, 1)

    answerer = answerer_label(settings)
    targets, target_records = targets_table(results)
    report = [
        f"Answer benchmark, {answerer} answerer: {HELD_OUT:.0%} of the SQuAD-format sets' paragraphs held out "
        f"(their questions unanswerable); run time {total_seconds / 60:.1f} min.",
        "",
        "Measured part (for the README):",
        "",
        *figures_table(results, "measure"),
        "",
        *targets,
        "",
        "Tune and measure parts side by side (tune / measure; the tune part is what the answerer is fitted on):",
        "",
        *side_by_side(results),
        "",
        "Tune part:",
        "",
        *figures_table(results, "tune"),
        "",
        "Smoke test, the seed questions over the seed articles (not a target):",
        "",
        *smoke_table(results),
        "",
        "Run time per set (s): " + ", ".join(f"{name} {s:.0f}" for name, s in seconds.items()),
    ]
    text = "\n".join(report)
    click.echo("\n" + text)
    if out is not None:
        for part, suffix in (("measure", ""), ("tune", "_tune")):
            curves = {
                bench.label: results[bench.name][part]["answers"]["risk_coverage"]
                for bench in SETS
                if part in results.get(bench.name, {})
            }
            if curves:
                path = out / f"risk_coverage{suffix}.png"
                write_risk_coverage_plot(curves, path, title=f"Answer path, {part} part ({answerer} answerer)")
                click.echo(f"wrote {path}", err=True)
        summary = {
            "answerer": answerer,
            "held_out_share": HELD_OUT,
            "seconds": {**seconds, "total": total_seconds},
            "targets": target_records,
            "sets": {
                name: {part: {k: s[k] for k in _KEPT if k in s} for part, s in parts.items()}
                for name, parts in results.items()
            },
        }
        (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (out / "summary.md").write_text(text + "\n", encoding="utf-8")
        click.echo(f"wrote {out / 'summary.json'} and {out / 'summary.md'}", err=True)


if __name__ == "__main__":
    main()
