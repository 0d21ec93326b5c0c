"""The shipped, fitted parameters of the answerer: they load, say how they were made, and decide."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest
from test_extractive import sentence

from retrieval.answer.extractive import answer_from_sentences
from retrieval.answer.features import DECISION_FEATURES, SENTENCE_FEATURES, TYPED_FEATURES
from retrieval.answer.model import load_parameters
from retrieval.answer.ranking import parameters
from retrieval.errors import IsnadError
from retrieval.text.query import Query

FEATURES = (SENTENCE_FEATURES, TYPED_FEATURES, DECISION_FEATURES)


def test_the_shipped_parameters_load_and_record_how_they_were_made() -> None:
    params = parameters()
    assert params.sentence.features == SENTENCE_FEATURES and params.decision.features == DECISION_FEATURES
    assert 0 < params.threshold < 1 and 0 < params.quote_share <= 1
    made = params.provenance
    assert made["made_by"] == "benchmarks/fit_answerer.py" and "tune part" in made["data"]
    assert set(made["tune_questions"]) >= {"xquad_ar", "xquad_en", "tydi_ar", "news"}


def test_changing_the_fitted_parameters_changes_the_decision() -> None:
    params = parameters()
    query = Query.analyse("When did the government open the new port?")
    evidence = [sentence("افتتحت الحكومة الميناء الجديد أمس الأربعاء.", dense=0.9)]
    base = answer_from_sentences(query, evidence, params=params)
    assert base.confidence is not None
    lower = answer_from_sentences(query, evidence, params=dataclasses.replace(params, threshold=base.confidence - 1e-6))
    higher = answer_from_sentences(
        query, evidence, params=dataclasses.replace(params, threshold=base.confidence + 1e-6)
    )
    assert not lower.abstained and higher.abstained
    weights = params.decision.weights.copy()
    weights[DECISION_FEATURES.index("best")] += 1.0
    bolder = dataclasses.replace(params, decision=dataclasses.replace(params.decision, weights=weights))
    assert answer_from_sentences(query, evidence, params=bolder).confidence != pytest.approx(base.confidence)


def test_parameters_fitted_on_other_features_are_refused_with_a_hint(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = parameters().to_json()
    data["sentence"]["features"] = ["dense"]
    path = tmp_path / "answerer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(IsnadError, match=r"fit_answerer\.py"):
        load_parameters(FEATURES, path)
    assert load_parameters(FEATURES, None).threshold == parameters().threshold
    assert np.all(parameters().decision.scale > 0)
