"""Errors a Chroma server (or the gateway in front of it) returns are reported in its own words, as a
`StoreServerError` ("temporarily unavailable" in Telegram), never as a damaged index to rebuild; and the
next call after the error works again.

The gateway here is the loopback proxy in front of a real `chroma run`, answering some requests itself
the way Chroma Cloud or nginx does: Chroma's typed JSON errors, or a bare status with a page of text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from auth_proxy import AuthProxy, Reply
from chroma_server import ChromaServer
from click.testing import CliRunner
from langchain_core.embeddings import DeterministicFakeEmbedding
from server_support import clean_environment

from bot.cli.main import cli
from retrieval.errors import StoreAccessDenied, StoreServerError
from retrieval.service import Isnad
from retrieval.settings import Settings, load_settings

TOKEN = "gateway-token"
JSON = {"Content-Type": "application/json"}
REPLIES: dict[str, tuple[Reply, str]] = {
    "rate limit (Chroma's error)": (
        (429, JSON, b'{"error":"RateLimitError","message":"Too many requests: 10 per second"}'),
        "is limiting requests (RateLimitError: Too many requests: 10 per second); try again shortly.",
    ),
    "rate limit (a gateway's page)": (
        (429, {"Content-Type": "text/html"}, b"<html><body>Slow down</body></html>"),
        "is limiting requests (429 Too Many Requests); try again shortly.",
    ),
    "internal error": (
        (500, JSON, b'{"error":"InternalError","message":"Failed to read the log: disk full"}'),
        "answered with an error (InternalError: Failed to read the log: disk full); see the server's log.",
    ),
    "bad gateway": (
        (502, {"Content-Type": "text/html"}, b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
        "answered with an error (502 Bad Gateway); see the server's log.",
    ),
    "plain text": (
        (503, {"Content-Type": "text/plain"}, b"upstream connect error or disconnect/reset before headers\n"),
        "answered with an error (503 Service Unavailable: upstream connect error or disconnect/reset before "
        "headers); see the server's log.",
    ),
    "Chroma's own refusal": (
        (403, JSON, b'{"error":"AuthError","message":"Forbidden: the token has no access to this database"}'),
        "refused the request (AuthError: Forbidden: the token has no access to this database); check "
        "ISNAD_CHROMA_AUTH_TOKEN (sent as the Authorization header).",
    ),
}


@pytest.fixture
def proxy(chroma_server: ChromaServer) -> Iterator[AuthProxy]:
    proxy = AuthProxy(chroma_server.url, TOKEN).start()
    yield proxy
    proxy.stop()


@pytest.fixture
def settings(proxy: AuthProxy, server_settings: Settings) -> Settings:
    return load_settings(
        _env_file=None,
        chroma_url=proxy.url,
        chroma_auth_token=TOKEN,
        collection=server_settings.collection,
        data_dir=server_settings.data_dir,
        seeds_dir=server_settings.seeds_dir,
    )


@pytest.mark.parametrize("case", REPLIES)
def test_the_servers_error_in_its_own_words(proxy: AuthProxy, settings: Settings, corpus: Path, case: str) -> None:
    reply, said = REPLIES[case]
    isnad = Isnad(settings, embeddings=DeterministicFakeEmbedding(size=32))
    isnad.ingest([corpus])
    proxy.answer_with = lambda method, path: reply
    for _ in range(2):  # on the open connection, then again while reconnecting
        with pytest.raises(StoreServerError) as caught:
            isnad.search("ميناء العقبة", 3)
        assert str(caught.value) == f"The Chroma server at {proxy.url} {said}"
        assert caught.value.status == reply[0]
        assert isinstance(caught.value, StoreAccessDenied) == (reply[0] == 403)
    proxy.answer_with = None
    assert "port.txt" in {h.passage.article_id for h in isnad.search("ميناء العقبة", 3)}


def test_the_command_line_shows_it_on_one_line(proxy: AuthProxy, settings: Settings) -> None:
    reply, said = REPLIES["rate limit (Chroma's error)"]
    proxy.answer_with = lambda method, path: reply
    env = clean_environment(
        ISNAD_CHROMA_URL=proxy.url,
        ISNAD_CHROMA_AUTH_TOKEN=TOKEN,
        ISNAD_COLLECTION=settings.collection,
        ISNAD_DATA_DIR=str(settings.data_dir),
        ISNAD_SEEDS_DIR=str(settings.seeds_dir),
    )
    result = CliRunner().invoke(cli, ["ingest"], env=env, catch_exceptions=False)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"Error: The Chroma server at {proxy.url} {said}\n"


def test_a_collection_rebuilt_elsewhere_says_try_again_and_the_next_call_works(
    server_settings: Settings, corpus: Path
) -> None:
    this = Isnad(server_settings, embeddings=DeterministicFakeEmbedding(size=32))
    other = Isnad(server_settings, embeddings=DeterministicFakeEmbedding(size=32))
    this.ingest([corpus])
    other.ingest([corpus], rebuild=True)  # deletes the collections this one holds handles to, and refills them
    with pytest.raises(StoreServerError) as caught:
        this.index.store.count()
    assert caught.value.status == 404
    assert str(caught.value).startswith(f"The Chroma server at {server_settings.chroma_url} answered: not found (")
    assert str(caught.value).endswith(
        "); the collection was deleted meanwhile, perhaps by `isnad ingest --rebuild` elsewhere: try again."
    )
    assert this.index.store.count() == other.index.store.count() > 0
