"""Answer quality on the seed articles: the published development questions (with their conversations) and
the team's own question set, scored by the rule in ../shared/eval/README.md.

    python benchmarks/run_seeds.py            # writes benchmarks/results/seeds_{dev,team}/report.json

The answerer is whatever the settings configure: the extractive one by default, the LLM chain when
`ISNAD_LLM` names a model (its label goes into the file name, e.g. seeds_dev.openai-gpt-4o-mini).
"""

from __future__ import annotations

import re
from pathlib import Path

import click

from retrieval.errors import IsnadError
from retrieval.evaluation.runner import evaluate, render, write_outputs
from retrieval.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "seeds_dev": ROOT.parent / "shared" / "eval" / "seeds_dev.jsonl",
    "seeds_team": ROOT / "benchmarks" / "data" / "seeds_team.jsonl",
}


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=ROOT / "benchmarks" / "results")
def main(out: Path) -> None:
    """Score every question set and print one summary line each."""
    settings = load_settings()
    label = "" if settings.llm == "none" else "." + re.sub(r"[^A-Za-z0-9.-]+", "-", settings.llm)
    lines = []
    for name, path in SETS.items():
        if not path.is_file():
            click.echo(f"skipping {name}: {path} is missing", err=True)
            continue
        try:
            summary = evaluate(path, settings=settings)
        except IsnadError as err:
            raise click.ClickException(str(err)) from err
        click.echo(render(summary))
        write_outputs(summary, out / f"{name}{label}")
        totals = summary["totals"]
        lines.append(
            f"| {name} | {settings.llm if label else 'extractive'} | "
            + " | ".join(
                f"{totals[k]['count']}/{totals[k]['of']}" for k in ("correct", "cited_support", "abstention_ok")
            )
            + f" | {summary['latency_ms_p50']:.0f} | {summary['latency_ms_p95']:.0f} |"
        )
    click.echo("\n| questions | answerer | correct | cited support | abstained where it should | p50 ms | p95 ms |")
    click.echo("|---|---|---|---|---|---|---|")
    click.echo("\n".join(lines))


if __name__ == "__main__":
    main()
