"""Fixtures for server mode: one Chroma server for the session, and per-test settings that use it.

Each test gets its own collection on the shared server and its own data directory, so tests never
see each other's passages. Tests that stop the server start their own (`own_server`).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from chroma_server import ChromaServer, missing_reason
from server_support import CORPUS, clean_environment, settings_from, write_corpus

from retrieval.settings import Settings


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[ChromaServer]:
    """A Chroma server for one test, which the test may stop and start again."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    server = ChromaServer(tmp_path / "chroma-server").start()
    yield server
    server.stop()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", CORPUS)


@pytest.fixture
def server_env(chroma_server: ChromaServer, tmp_path: Path, corpus: Path) -> dict[str, str]:
    """Environment for `isnad` in server mode: a fresh collection on the shared server."""
    return clean_environment(
        ISNAD_CHROMA_URL=chroma_server.url,
        ISNAD_COLLECTION=f"isnad_{uuid.uuid4().hex[:12]}",
        ISNAD_DATA_DIR=str(tmp_path / "data"),
        ISNAD_SEEDS_DIR=str(corpus),
    )


@pytest.fixture
def server_settings(server_env: dict[str, str]) -> Settings:
    return settings_from(server_env)
