"""The evaluation's plots, drawn from `report.json` dicts:

- `recall.png`: recall@k for k = 1..20, one line per retriever;
- `risk_coverage.png`: the answer path's risk–coverage curve, one per evaluation set, each with the
  answerer's own operating point marked.

Drawn with matplotlib's object API on the Agg canvas: no pyplot global state, no display needed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_STYLE = {"lexical": ("#8c8c8c", "s"), "dense": ("#1f77b4", "o"), "hybrid": ("#d62728", "D")}


def _figure(height: float = 4.5) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # deferred: matplotlib is slow to import
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, height), dpi=120)
    FigureCanvasAgg(figure)
    return figure


def _save(figure: Figure, path: Path) -> None:
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)


def set_name(summary: dict[str, Any]) -> str:
    """A short name for the set a report describes: its file (and the questions' file)."""
    name = ", ".join(Path(p).name for p in summary["dataset"].split(", "))
    if summary.get("questions_file"):
        name += f" with the questions of {Path(summary['questions_file']).name}"
    return name


def write_recall_plot(summary: dict[str, Any], path: Path) -> None:
    """Plot each retriever's `recall_curve` from a SQuAD `report.json` dict."""
    figure = _figure()
    axes = figure.add_subplot()
    for name, row in summary["retrievers"].items():
        curve = row["recall_curve"]
        colour, marker = _STYLE.get(name, (None, "."))
        axes.plot(range(1, len(curve) + 1), curve, label=name, color=colour, marker=marker, markersize=3.5)
    counts = f"{summary['answerable_count']} answerable questions, {summary['paragraph_count']} paragraphs"
    axes.set_title(f"{set_name(summary)}\n{counts}", fontsize=10)
    axes.set_xlabel("k (paragraphs retrieved)")
    axes.set_ylabel("recall@k")
    axes.set_xticks([1, 5, 10, 15, 20])
    axes.set_xlim(0.5, max(len(r["recall_curve"]) for r in summary["retrievers"].values()) + 0.5)
    axes.grid(True, alpha=0.3)
    axes.legend(loc="lower right")
    _save(figure, path)


def write_risk_coverage_plot(curves: Mapping[str, dict[str, Any]], path: Path, *, title: str) -> None:
    """Plot `risk_coverage` dicts (name → the `answers.risk_coverage` of a report), one curve each.

    x: the share of questions answered as the confidence threshold rises; y: the share of those answers that
    are wrong. The star is the answerer's operating point (its own decisions, no extra threshold).
    """
    figure = _figure(4.5 + 0.2 * (len(curves) + 1))  # room for the legend under the axes
    axes = figure.add_subplot()
    top = 0.0
    for n, (name, curve) in enumerate(curves.items()):
        colour = f"C{n % 10}"
        label = f"{name} ({curve['questions']} questions)"
        if not curve["answers_with_confidence"]:
            label += ": no confidence given, operating point only"
        points = [
            (c, r) for c, r in zip(curve["coverage"], curve["risk"], strict=True) if c is not None and r is not None
        ]
        if points:
            xs, ys = zip(*points, strict=True)
            axes.plot(xs, ys, color=colour, linewidth=1.5, label=label)
            top = max(top, *ys)
        operating = curve["operating_point"]
        if operating["coverage"] is not None and operating["risk"] is not None:
            axes.plot(
                [operating["coverage"]],
                [operating["risk"]],
                color=colour,
                marker="*",
                markersize=12,
                linestyle="none",
                label=None if points else label,
            )
            top = max(top, operating["risk"])
    axes.plot([], [], color="black", marker="*", markersize=10, linestyle="none", label="operating point")
    axes.set_title(title, fontsize=10)
    axes.set_xlabel("share of questions answered (coverage)")
    axes.set_ylabel("wrong answers among those answered (risk)")
    axes.set_xlim(0, 1.02)
    axes.set_ylim(-0.01, min(1.0, max(0.1, top * 1.15)) + 0.01)
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=8, frameon=False)
    _save(figure, path)
