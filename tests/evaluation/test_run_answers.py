"""The answer benchmark's tables: targets read from the measured part and marked met or not."""

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "run_answers.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("run_answers", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script is loaded
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


def squad(hit: float, wrong: float, abstention: float) -> dict:
    rates = {
        "questions": 100,
        "unanswerable": 25,
        "answer_hit": hit,
        "wrong_answer_rate": wrong,
        "declined_answerable": round(1 - hit - wrong, 4),
        "abstention_unanswerable": abstention,
    }
    return {"kind": "squad", "answers": {"all": rates}, "retrievers": {"hybrid": {"answer_latency_ms_p50": 40.0}}}


def news(correct: tuple[int, int], declined: tuple[int, int], wrong: float) -> dict:
    summary = squad(0.9, wrong, declined[0] / declined[1])
    totals = {
        "correct_with_support": {"count": correct[0], "of": correct[1], "rate": round(correct[0] / correct[1], 4)},
        "unanswerable_declined": {"count": declined[0], "of": declined[1], "rate": declined[0] / declined[1]},
    }
    return {**summary, "kind": "gold", "totals": totals, "latency_ms_p50": 50.0}


def test_targets_are_read_from_the_measured_part_and_marked(bench):
    results = {
        "xquad_ar": {"tune": squad(0.10, 0.5, 0.1), "measure": squad(0.81, 0.10, 0.84)},
        "news": {"tune": news((1, 10), (0, 5), 0.5), "measure": news((90, 100), (29, 30), 0.05)},
    }
    lines, records = bench.targets_table(results)
    marks = {(r["set"], r["target"]): r["met"] for r in records}
    assert marks == {
        ("xquad_ar", "answer hit ≥ 0.80"): True,
        ("xquad_ar", "wrong-answer rate ≤ 0.10"): True,  # at the bound
        ("xquad_ar", "abstention on unanswerable ≥ 0.85"): False,
        ("news", "correct with a supporting citation ≥ 0.90"): True,
        ("news", "unanswerable ones declined: all"): False,  # one of 30 answered
        ("news", "wrong-answer rate ≤ 0.10"): True,
    }
    assert "| XQuAD Arabic | abstention on unanswerable ≥ 0.85 | 0.840 | **not met** |" in lines
    figures = "\n".join(bench.figures_table(results, "measure"))
    assert "| XQuAD Arabic | 100 (25) | 0.810 | 0.100 | 0.090 | 0.840 | – | 40 |" in figures
    assert "0.900 (90/100)" in figures
    side = "\n".join(bench.side_by_side(results))
    assert "| XQuAD Arabic | 100 (25) / 100 (25) | 0.100 / 0.810 |" in side


def test_a_missing_figure_does_not_meet_its_target(bench):
    lines, records = bench.targets_table({"tydi_ar": {"measure": squad(0.9, 0.05, None)}})
    assert [r["met"] for r in records] == [True, True, False]
    assert lines[-1].endswith("| – | **not met** |")
