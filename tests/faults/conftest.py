"""Fixtures for the fault tests: the two places an index can live, the embedded store and a Chroma server.

Tests that take `where` run once against each: an embedded store in the test's data folder, and a fresh
collection on a real `chroma run` server (one for the session, as in tests/server).
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))  # the `chroma run` helper
from chroma_server import ChromaServer
from ingest_checks import Where, clean_environment

from retrieval.settings import load_settings


@pytest.fixture(params=["embedded", "server"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Where:
    data_dir = tmp_path / "data"
    if request.param == "embedded":
        env = clean_environment(ISNAD_DATA_DIR=str(data_dir))
        return Where("embedded", env, load_settings(_env_file=None, data_dir=data_dir))
    server: ChromaServer = request.getfixturevalue("chroma_server")
    collection = f"isnad_{uuid.uuid4().hex[:12]}"
    env = clean_environment(ISNAD_DATA_DIR=str(data_dir), ISNAD_CHROMA_URL=server.url, ISNAD_COLLECTION=collection)
    settings = load_settings(_env_file=None, data_dir=data_dir, chroma_url=server.url, collection=collection)
    return Where("server", env, settings)
