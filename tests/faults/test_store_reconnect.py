"""`PassageStore` never keeps a dead client: after a failed call it connects again on the next one.

The client here dies for good once it has seen an outage (as a client whose connection pool or
collection handles went stale would), so only a fresh connection can bring the store back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import chromadb
import httpx
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from retrieval.errors import IndexUnusable, StoreServerError, StoreUnavailable
from retrieval.index.client import ChromaEndpoint
from retrieval.index.store import PassageStore
from retrieval.ingest.passages import chunk
from retrieval.records import Article


class Outage:
    down = False


class Dying:
    """Wraps a Chroma client or collection; after one call during an outage, every call fails."""

    def __init__(self, real: Any, outage: Outage) -> None:
        self._real = real
        self._outage = outage
        self._dead = False

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._real, name)
        if not callable(attribute):
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            self._dead = self._dead or self._outage.down
            if self._dead:
                raise httpx.ConnectError("[Errno 111] Connection refused")
            result = attribute(*args, **kwargs)
            return Dying(result, self._outage) if name.endswith("collection") else result

        return call


@pytest.fixture
def outage() -> Outage:
    return Outage()


@pytest.fixture
def connections() -> list[Dying]:
    return []


SERVER = ChromaEndpoint("http://chroma.test", timeout_s=10.0)


def open_store(
    tmp_path: Path, outage: Outage, connections: list[Dying], endpoint: ChromaEndpoint | None = SERVER
) -> PassageStore:
    real = chromadb.PersistentClient(path=str(tmp_path / "chroma"))

    def connect() -> Any:
        connections.append(Dying(real, outage))
        return connections[-1]

    store = PassageStore(connect, "reconnect_test", DeterministicFakeEmbedding(size=8), endpoint=endpoint)
    article = Article(article_id="a.txt", title="خبر", text="افتتحت الحكومة ميناء جديدا. ويضم الميناء ثلاثة أرصفة.")
    passages = chunk(article, target_chars=200, overlap=0, article_hash="h" * 64)
    store.upsert(passages, [p.text for p in passages])
    return store


def test_the_store_connects_again_after_an_outage(tmp_path: Path, outage: Outage, connections: list) -> None:
    store = open_store(tmp_path, outage, connections)
    assert store.count() == 1 and len(connections) == 1
    outage.down = True
    for _ in range(2):
        with pytest.raises(StoreUnavailable) as caught:
            store.count()
        assert str(caught.value) == (
            "The Chroma server at http://chroma.test is unreachable ([Errno 111] Connection refused); "
            "start it, or check ISNAD_CHROMA_URL."
        )
    outage.down = False
    assert store.count() == 1  # the first client is dead for good: this went through a new one
    assert store.dense_search([1.0] * 8, 1)[0][0].article_id == "a.txt"
    assert len(connections) == 3  # the first, a try while still down, and the one that worked
    assert store.count() == 1 and len(connections) == 3  # a healthy store does not reconnect


def test_other_failures_of_an_embedded_store_are_an_unusable_index_and_also_reconnect(
    tmp_path: Path, outage, connections
) -> None:
    store = open_store(tmp_path, outage, connections, endpoint=None)
    store._collection = None  # type: ignore[assignment]  # a handle that fails in some other way
    with pytest.raises(IndexUnusable, match="isnad ingest --rebuild"):
        store.count()
    assert store.count() == 1 and len(connections) == 2


def test_other_failures_of_a_server_do_not_ask_for_a_rebuild_and_also_reconnect(
    tmp_path: Path, outage, connections
) -> None:
    store = open_store(tmp_path, outage, connections)
    store._collection = None  # type: ignore[assignment]  # a handle that fails in some other way
    with pytest.raises(StoreServerError) as caught:
        store.count()
    assert str(caught.value).startswith("The Chroma server at http://chroma.test gave an answer isnad cannot use (")
    assert "rebuild" not in str(caught.value)
    assert store.count() == 1 and len(connections) == 2
