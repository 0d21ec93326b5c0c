"""A Chroma server that accepts connections but never answers: every request gives up after
ISNAD_CHROMA_TIMEOUT_S, the user is told the server did not answer, and isnad recovers once it answers.

Without a timeout chromadb's client waits for good (it builds its HTTP session with `timeout=None`), so
these tests run `isnad` in a child process, or the library in a thread, with a deadline of their own: a
regression fails, it does not hang the suite.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import chromadb
import httpx
import pytest
from auth_proxy import AuthProxy
from chroma_server import ChromaServer
from langchain_core.embeddings import DeterministicFakeEmbedding
from server_support import clean_environment

from retrieval.errors import StoreUnavailable
from retrieval.index.client import open_client
from retrieval.service import Isnad
from retrieval.settings import Settings, load_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 1.5


def failure_within(deadline_s: float, call: Callable[[], object]) -> tuple[BaseException, float]:
    """Run `call` in a thread; the exception it raised and how long it took, failing if it took longer
    than `deadline_s` or raised nothing."""
    outcome: list[BaseException] = []

    def target() -> None:
        try:
            call()
        except BaseException as err:
            outcome.append(err)

    started = time.monotonic()
    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout=deadline_s)
    elapsed = time.monotonic() - started
    assert not worker.is_alive(), f"still waiting after {deadline_s} s"
    assert outcome, "it did not fail"
    return outcome[0], elapsed


class SilentServer:
    """A loopback TCP server that accepts every connection, reads nothing and never answers."""

    def __init__(self) -> None:
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._socket.getsockname()[1]}"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)

    def close(self) -> None:
        self._socket.close()
        for connection in self.connections:
            connection.close()


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


def test_isnad_ask_gives_up_on_a_server_that_never_answers(silent: SilentServer, tmp_path: Path, corpus) -> None:
    env = clean_environment(
        ISNAD_CHROMA_URL=silent.url,
        ISNAD_CHROMA_TIMEOUT_S=str(TIMEOUT_S),
        ISNAD_DATA_DIR=str(tmp_path / "data"),
        ISNAD_SEEDS_DIR=str(corpus),
        PYTHONPATH=str(REPO_ROOT),
    )
    command = [sys.executable, "-c", "from bot.cli.main import main; main()", "ask", "متى افتتح ميناء العقبة؟"]
    started = time.monotonic()
    done = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - started
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (
        f"Error: The Chroma server at {silent.url} did not answer within {TIMEOUT_S:g} s; "
        "check that it is running and not overloaded, or raise ISNAD_CHROMA_TIMEOUT_S.\n"
    )
    assert silent.connections  # it did connect, and waited
    started_up = 15.0  # a generous bound on starting Python and importing isnad and chromadb
    assert elapsed < TIMEOUT_S + started_up, f"took {elapsed:.1f} s"


def test_the_store_waits_no_longer_than_the_timeout(silent: SilentServer, tmp_path: Path) -> None:
    settings = load_settings(_env_file=None, chroma_url=silent.url, chroma_timeout_s=TIMEOUT_S, data_dir=tmp_path)
    error, elapsed = failure_within(TIMEOUT_S + 10, lambda: open_client(settings))
    assert isinstance(error, StoreUnavailable) and f"did not answer within {TIMEOUT_S:g} s" in str(error)
    assert TIMEOUT_S <= elapsed < TIMEOUT_S + 1.0


@pytest.fixture
def proxy(chroma_server: ChromaServer) -> Iterator[AuthProxy]:
    proxy = AuthProxy(chroma_server.url, "token").start()
    yield proxy
    proxy.stop()


def test_a_server_that_stops_answering_mid_session(proxy: AuthProxy, server_settings: Settings, corpus) -> None:
    settings = load_settings(
        _env_file=None,
        chroma_url=proxy.url,
        chroma_auth_token="token",
        chroma_timeout_s=TIMEOUT_S,
        collection=server_settings.collection,
        data_dir=server_settings.data_dir,
    )
    isnad = Isnad(settings, embeddings=DeterministicFakeEmbedding(size=32))
    isnad.ingest([corpus])
    proxy.hang.set()
    for _ in range(2):  # the first call times out on the open session, the second while reconnecting
        error, elapsed = failure_within(TIMEOUT_S + 10, lambda: isnad.search("ميناء العقبة", 3))
        assert isinstance(error, StoreUnavailable)
        assert str(error).startswith(f"The Chroma server at {proxy.url} did not answer within {TIMEOUT_S:g} s;")
        assert TIMEOUT_S <= elapsed < TIMEOUT_S + 1.0
    proxy.hang.clear()
    assert {h.passage.article_id for h in isnad.search("ميناء العقبة", 3)} >= {"port.txt"}


def test_only_the_clients_isnad_opens_get_its_timeout(chroma_server: ChromaServer, tmp_path: Path) -> None:
    ours = open_client(
        load_settings(_env_file=None, chroma_url=chroma_server.url, chroma_timeout_s=7, data_dir=tmp_path)
    )
    host, port = chroma_server.url.removeprefix("http://").split(":")
    theirs = chromadb.HttpClient(host=host, port=int(port))
    assert ours._server._session.timeout == httpx.Timeout(7)  # type: ignore[attr-defined]
    assert theirs._server._session.timeout == httpx.Timeout(None)  # type: ignore[attr-defined]
