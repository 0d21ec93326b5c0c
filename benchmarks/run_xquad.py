"""Full XQuAD runs: Arabic questions and English questions against the 240 Arabic paragraphs.

    python benchmarks/run_xquad.py                 # writes benchmarks/results/xquad_{ar_ar,en_ar}/
    python benchmarks/run_xquad.py --limit 100     # a quick look (does not overwrite unless --out is given)

Each run writes `report.json` and `recall.png`, prints the terminal table, and at the end prints a
Markdown table of both runs next to the targets of issue 5, ready for the README.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from retrieval.errors import IsnadError
from retrieval.evaluation.runner import evaluate, render, write_outputs
from retrieval.index.embedding_cache import default_cache_path
from retrieval.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "xquad"
DEFAULT_OUT = ROOT / "benchmarks" / "results"
# Issue 5's targets for hybrid retrieval: (recall@1, recall@5).
TARGETS = {"xquad_ar_ar": (0.92, 0.985), "xquad_en_ar": (0.85, 0.975)}
RUNS = {"xquad_ar_ar": "Arabic → Arabic", "xquad_en_ar": "English → Arabic"}


def markdown(summaries: dict[str, dict[str, Any]]) -> str:
    """Both runs as one Markdown table, hybrid rows marked against their targets."""
    lines = [
        "| questions → paragraphs | retriever | recall@1 | recall@5 | recall@10 | MRR | answer hit | p50 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, summary in summaries.items():
        for retriever, row in summary["retrievers"].items():
            hit = "–" if row["answer_hit"] is None else f"{row['answer_hit']:.3f}"
            lines.append(
                f"| {RUNS[name]} | {retriever} | {row['recall@1']:.3f} | {row['recall@5']:.3f} | "
                f"{row['recall@10']:.3f} | {row['mrr']:.3f} | {hit} | {row['latency_ms_p50']:.0f} |"
            )
    return "\n".join(lines)


def verdicts(summaries: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    for name, summary in summaries.items():
        r1_target, r5_target = TARGETS[name]
        hybrid = summary["retrievers"]["hybrid"]
        ok = hybrid["recall@1"] >= r1_target and hybrid["recall@5"] >= r5_target
        out.append(
            f"{RUNS[name]}: hybrid recall@1 {hybrid['recall@1']:.3f} (target {r1_target}), "
            f"recall@5 {hybrid['recall@5']:.3f} (target {r5_target}): {'met' if ok else 'NOT met'}"
        )
    return out


@click.command()
@click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA, show_default=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help=f"[default: {DEFAULT_OUT}]")
@click.option("--limit", type=click.IntRange(min=1), help="Ask only N questions per run (no files unless --out).")
@click.option("--cache", type=click.Path(dir_okay=False, path_type=Path), default=default_cache_path)
@click.option("--only", type=click.Choice(list(RUNS)), multiple=True, help="Run only these (repeatable).")
def main(data: Path, out: Path | None, limit: int | None, cache: Path, only: tuple[str, ...]) -> None:
    """Run the XQuAD evaluations and write their reports."""
    if out is None and limit is None:
        out = DEFAULT_OUT
    settings = load_settings()
    arabic, english = data / "xquad.ar.json", data / "xquad.en.json"
    plans = {"xquad_ar_ar": None, "xquad_en_ar": english}
    summaries: dict[str, dict[str, Any]] = {}
    for name, questions in plans.items():
        if only and name not in only:
            continue
        click.echo(f"\n== {RUNS[name]} ==", err=True)
        try:
            summary = evaluate(arabic, questions=questions, settings=settings, limit=limit, cache_path=cache)
        except IsnadError as err:
            raise click.ClickException(str(err)) from err
        summaries[name] = summary
        click.echo(render(summary))
        if out is not None:
            for path in write_outputs(summary, out / name):
                click.echo(f"wrote {path}", err=True)
    click.echo("\n" + markdown(summaries) + "\n")
    for line in verdicts(summaries):
        click.echo(line)


if __name__ == "__main__":
    main()
