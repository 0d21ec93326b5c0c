"""The answerer's fitted parameters: three logistic models and the decision threshold, read from a data file.

- `sentence`: the probability that a sentence holds the answer, from cheap features (see `features.py`);
  it picks the few candidates worth a closer look.
- `typed`: the same probability once the answer type is checked for those few; it orders what is quoted.
- `decision`: the probability that the answer the best sentences make is right; below `threshold` the
  answerer declines.

They are fitted by `benchmarks/fit_answerer.py` on the tune part of the evaluation data (never the measure
part) and shipped as `retrieval/data/answerer.json`, which also records how they were made. Nothing in
this file is set by hand.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.errors import IsnadError

PARAMETERS_FILE = "answerer.json"
FeatureNames = tuple[Sequence[str], Sequence[str], Sequence[str]]  # sentence, typed, decision


@dataclass(frozen=True)
class LogisticModel:
    """p = sigmoid(bias + weights · (x - mean) / scale), over named features."""

    features: tuple[str, ...]
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray

    def probability(self, rows: np.ndarray) -> np.ndarray:
        """The probability for each row of `rows` (one column per feature, in `features` order)."""
        rows = np.atleast_2d(np.asarray(rows, dtype=np.float64))
        z = self.bias + ((rows - self.mean) / self.scale) @ self.weights
        return 1.0 / (1.0 + np.exp(-np.clip(z, -60, 60)))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "weights": [round(float(w), 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "mean": [round(float(m), 6) for m in self.mean],
            "scale": [round(float(s), 6) for s in self.scale],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], expected: Sequence[str]) -> LogisticModel:
        features = tuple(data["features"])
        if features != tuple(expected):
            raise ValueError(f"fitted on features {features}, but the code computes {tuple(expected)}")
        arrays = [np.asarray(data[key], dtype=np.float64) for key in ("weights", "mean", "scale")]
        if any(a.shape != (len(features),) for a in arrays) or np.any(arrays[2] <= 0):
            raise ValueError("weights, mean and scale must have one positive-scaled entry per feature")
        return cls(features, arrays[0], float(data["bias"]), arrays[1], arrays[2])


@dataclass(frozen=True)
class AnswererParameters:
    """Everything the extractive answerer decides with."""

    sentence: LogisticModel
    typed: LogisticModel
    decision: LogisticModel
    threshold: float  # answer when the decision probability reaches this
    quote_share: float  # quote other sentences whose probability is at least this share of the best one's
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence.to_json(),
            "typed": self.typed.to_json(),
            "decision": self.decision.to_json(),
            "threshold": round(self.threshold, 6),
            "quote_share": round(self.quote_share, 6),
            "provenance": self.provenance,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], features: FeatureNames) -> AnswererParameters:
        sentence_features, typed_features, decision_features = features
        return cls(
            sentence=LogisticModel.from_json(data["sentence"], sentence_features),
            typed=LogisticModel.from_json(data["typed"], typed_features),
            decision=LogisticModel.from_json(data["decision"], decision_features),
            threshold=float(data["threshold"]),
            quote_share=float(data["quote_share"]),
            provenance=dict(data.get("provenance", {})),
        )


def load_parameters(features: FeatureNames, path: Path | None = None) -> AnswererParameters:
    """The fitted parameters (the shipped file unless `path` is given); `IsnadError` when unusable."""
    try:
        if path is None:
            text = resources.files("retrieval").joinpath("data", PARAMETERS_FILE).read_text(encoding="utf-8")
        else:
            text = Path(path).read_text(encoding="utf-8")
        return AnswererParameters.from_json(json.loads(text), features)
    except (OSError, ValueError, KeyError, TypeError) as err:
        where = path or f"retrieval/data/{PARAMETERS_FILE}"
        raise IsnadError(
            f"The answerer's parameters in {where} cannot be used ({err}); run benchmarks/fit_answerer.py."
        ) from err


@lru_cache(maxsize=4)
def shipped_parameters(*features: tuple[str, ...]) -> AnswererParameters:
    """The shipped file's parameters for the feature names of the three models (read once)."""
    sentence, typed, decision = features
    return load_parameters((sentence, typed, decision))
