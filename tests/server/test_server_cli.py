"""`isnad ingest`, `ask`, `chat` and `sources` against a real Chroma server, through ISNAD_CHROMA_URL."""

from __future__ import annotations

import json
from pathlib import Path

import chromadb
from chroma_server import ChromaServer
from click.testing import CliRunner, Result
from server_support import LATER, write_corpus

from bot.cli.main import cli
from retrieval.index.store import GENERATION_KEY


def run(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, input=stdin, catch_exceptions=False)


def server_collection(server: ChromaServer, name: str) -> chromadb.Collection:
    host, port = server.url.removeprefix("http://").split(":")
    return chromadb.HttpClient(host=host, port=int(port)).get_collection(name)


def test_ingest_ask_chat_and_sources_use_the_server(chroma_server: ChromaServer, server_env: dict[str, str]) -> None:
    first = run(server_env, "ingest", "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["articles"]["added"] == 2
    collection = server_collection(chroma_server, server_env["ISNAD_COLLECTION"])
    assert collection.count() == summary["passages"]["added"]
    data_dir = Path(server_env["ISNAD_DATA_DIR"])
    assert not (data_dir / "chroma").exists()  # no embedded store beside the server
    assert (data_dir / "lexical" / "state.json").is_file()

    again = json.loads(run(server_env, "ingest", "--json").stdout)
    assert again["passages"]["added"] == 0 and again["articles"]["unchanged"] == 2

    answer = json.loads(run(server_env, "ask", "كم أرصفة يضم ميناء العقبة؟", "--json").stdout)
    assert not answer["abstained"] and "ثلاثة أرصفة" in answer["answer"]
    assert answer["citations"][0]["article_id"] == "port.txt"

    lines = "متى افتتحت الحكومة ميناء العقبة؟\nوكم أرصفة يضم؟\n/sources\n"
    chat = run(server_env, "chat", "--json", stdin=lines)
    assert chat.exit_code == 0, chat.output
    when, follow_up, sources = (json.loads(line) for line in chat.stdout.splitlines())
    assert "2025" in when["answer"] and when["citations"][0]["article_id"] == "port.txt"
    assert "العقبة" in follow_up["standalone_question"]  # the conversation went through the server too
    assert {s["article_id"] for s in sources} == {"port.txt", "poetry.txt"}


def test_ingest_of_a_new_article_reaches_the_next_question(chroma_server: ChromaServer, server_env) -> None:
    run(server_env, "ingest")
    generation = server_collection(chroma_server, server_env["ISNAD_COLLECTION"]).metadata[GENERATION_KEY]
    write_corpus(Path(server_env["ISNAD_SEEDS_DIR"]), LATER)
    report = json.loads(run(server_env, "ingest", "--json").stdout)
    assert report["articles"] == {"added": 1, "replaced": 0, "removed": 0, "unchanged": 2}
    assert server_collection(chroma_server, server_env["ISNAD_COLLECTION"]).metadata[GENERATION_KEY] != generation
    answer = json.loads(run(server_env, "ask", "متى افتتحت البلدية جسر الزرقاء؟", "--json").stdout)
    assert answer["citations"] and answer["citations"][0]["article_id"] == "bridge.txt"
