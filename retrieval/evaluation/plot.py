"""`recall.png`: recall@k for k = 1..20, one line per retriever.

Drawn with matplotlib's object API on the Agg canvas: no pyplot global state, no display needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_STYLE = {"lexical": ("#8c8c8c", "s"), "dense": ("#1f77b4", "o"), "hybrid": ("#d62728", "D")}


def write_recall_plot(summary: dict[str, Any], path: Path) -> None:
    """Plot each retriever's `recall_curve` from a SQuAD `report.json` dict."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # deferred: matplotlib is slow to import
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 4.5), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for name, row in summary["retrievers"].items():
        curve = row["recall_curve"]
        colour, marker = _STYLE.get(name, (None, "."))
        axes.plot(range(1, len(curve) + 1), curve, label=name, color=colour, marker=marker, markersize=3.5)
    title = Path(summary["dataset"]).name
    if summary.get("questions_file"):
        title += f" with the questions of {Path(summary['questions_file']).name}"
    counts = f"{summary['question_count']} questions, {summary['paragraph_count']} paragraphs"
    axes.set_title(f"{title}\n{counts}", fontsize=10)
    axes.set_xlabel("k (paragraphs retrieved)")
    axes.set_ylabel("recall@k")
    axes.set_xticks([1, 5, 10, 15, 20])
    axes.set_xlim(0.5, max(len(r["recall_curve"]) for r in summary["retrievers"].values()) + 0.5)
    axes.grid(True, alpha=0.3)
    axes.legend(loc="lower right")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
