"""A secured or shared deployment: a Chroma server behind an authenticating reverse proxy, and a tenant and
database of one's own.

The open-source server has no authentication of its own, so a deployment puts a proxy in front of it that
checks a token (Chroma Cloud checks `X-Chroma-Token` itself). isnad sends ISNAD_CHROMA_AUTH_TOKEN in the
header ISNAD_CHROMA_AUTH_HEADER names; without it, or with a wrong one, the user gets one clear line that
names the setting to fix, never the advice to rebuild the index. The token never appears in logs.
"""

from __future__ import annotations

import json
import logging
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest
from auth_proxy import AuthProxy
from chroma_server import ChromaServer
from click.testing import CliRunner, Result
from langchain_core.embeddings import DeterministicFakeEmbedding

from bot.cli.main import cli
from retrieval.errors import StoreAccessDenied
from retrieval.service import Isnad
from retrieval.settings import Settings, load_settings

TOKEN = "s3cret-Token_for.tests~42"
QUESTION = "كم أرصفة يضم ميناء العقبة؟"


@pytest.fixture(params=["Authorization", "X-Chroma-Token"])
def proxy(request: pytest.FixtureRequest, chroma_server: ChromaServer) -> Iterator[AuthProxy]:
    """A proxy in front of the shared server that lets through only requests carrying TOKEN."""
    proxy = AuthProxy(chroma_server.url, TOKEN, header=request.param).start()
    yield proxy
    proxy.stop()


def through(proxy: AuthProxy, env: dict[str, str], token: str | None) -> dict[str, str]:
    extra = {"ISNAD_CHROMA_URL": proxy.url, "ISNAD_CHROMA_AUTH_HEADER": proxy.header}
    return env | extra | ({"ISNAD_CHROMA_AUTH_TOKEN": token} if token is not None else {})


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def admin(server: ChromaServer) -> chromadb.AdminAPI:
    host, port = server.url.removeprefix("http://").split(":")
    return chromadb.AdminClient(
        chromadb.Settings(
            chroma_api_impl="chromadb.api.fastapi.FastAPI", chroma_server_host=host, chroma_server_http_port=int(port)
        )
    )


def direct(server: ChromaServer, *, database: str = chromadb.DEFAULT_DATABASE) -> chromadb.ClientAPI:
    host, port = server.url.removeprefix("http://").split(":")
    return chromadb.HttpClient(host=host, port=int(port), database=database)


def test_the_right_token_gets_through(proxy: AuthProxy, chroma_server: ChromaServer, server_env) -> None:
    env = through(proxy, server_env, TOKEN)
    ingest = run(env, "ingest", "--json")
    assert ingest.exit_code == 0, ingest.output
    added = json.loads(ingest.stdout)["passages"]["added"]
    answer = json.loads(run(env, "ask", QUESTION, "--json").stdout)
    assert not answer["abstained"] and "ثلاثة أرصفة" in answer["answer"]
    assert answer["citations"][0]["article_id"] == "port.txt"
    assert proxy.refused == 0 and proxy.forwarded > 10
    assert direct(chroma_server).get_collection(env["ISNAD_COLLECTION"]).count() == added  # it reached the server


@pytest.mark.parametrize("token", [None, "", "wrong-token"])  # "": an empty line in .env is no token
def test_a_missing_or_wrong_token_gets_one_clear_line(proxy: AuthProxy, server_env, token: str | None) -> None:
    env = through(proxy, server_env, token)
    if not token:
        advice = "it needs a token: set ISNAD_CHROMA_AUTH_TOKEN."
    else:
        advice = f"check ISNAD_CHROMA_AUTH_TOKEN (sent as the {proxy.header} header)."
    for command in (["ingest"], ["ask", QUESTION], ["sources"]):
        result = run(env, *command)
        assert result.exit_code == 1 and result.stdout == ""
        assert (
            result.stderr
            == f"Error: The Chroma server at {proxy.url} refused the request (401 Unauthorized); {advice}\n"
        )
    assert proxy.refused == 3 and proxy.forwarded == 0  # one request each: refused at once, nothing retried


def test_the_token_is_never_logged(proxy: AuthProxy, server_settings: Settings, corpus: Path, caplog) -> None:
    for name in ("", "chromadb", "httpx", "httpcore", "retrieval"):
        caplog.set_level(logging.DEBUG, logger=name)
    settings = settings_for(proxy, server_settings, TOKEN)
    isnad = Isnad(settings, embeddings=DeterministicFakeEmbedding(size=32))
    isnad.ingest([corpus])
    assert {h.passage.article_id for h in isnad.search("ميناء العقبة", 3, mode="lexical")} == {"port.txt"}
    wrong = "wrong-" + TOKEN
    with pytest.raises(StoreAccessDenied) as caught:
        Isnad(settings_for(proxy, server_settings, wrong), embeddings=DeterministicFakeEmbedding(size=32)).sources()
    assert caught.value.status == 401
    logged = "\n".join(caplog.text.splitlines() + [repr(r.args) for r in caplog.records])
    assert "HTTP Request" in logged  # the requests themselves were logged
    shown = [logged, repr(settings), str(settings), "".join(traceback.format_exception(caught.value))]
    assert not [text for text in shown if TOKEN in text]


def settings_for(proxy: AuthProxy, base: Settings, token: str) -> Settings:
    return load_settings(
        _env_file=None,
        chroma_url=proxy.url,
        chroma_auth_token=token,
        chroma_auth_header=proxy.header,
        collection=base.collection,
        data_dir=base.data_dir,
        seeds_dir=base.seeds_dir,
    )


def test_a_tenant_and_database_of_ones_own(chroma_server: ChromaServer, server_env: dict[str, str]) -> None:
    database = f"newsroom_{uuid.uuid4().hex[:8]}"
    admin(chroma_server).create_database(database)
    env = server_env | {"ISNAD_CHROMA_TENANT": chromadb.DEFAULT_TENANT, "ISNAD_CHROMA_DATABASE": database}
    ingest = run(env, "ingest", "--json")
    assert ingest.exit_code == 0, ingest.output
    added = json.loads(ingest.stdout)["passages"]["added"]
    assert direct(chroma_server, database=database).get_collection(env["ISNAD_COLLECTION"]).count() == added
    default_names = {c.name for c in direct(chroma_server).list_collections()}
    assert env["ISNAD_COLLECTION"] not in default_names  # nothing went to the default database
    answer = json.loads(run(env, "ask", QUESTION, "--json").stdout)
    assert answer["citations"][0]["article_id"] == "port.txt"


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("ISNAD_CHROMA_DATABASE", "no_such_database", "NotFoundError: Database [no_such_database] not found."),
        ("ISNAD_CHROMA_TENANT", "no_such_tenant", "NotFoundError: Tenant [no_such_tenant] not found"),
    ],
)
def test_a_tenant_or_database_that_does_not_exist(chroma_server, server_env, variable: str, value, said) -> None:
    result = run(server_env | {variable: value}, "ask", QUESTION)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"Error: The Chroma server at {chroma_server.url} answered: not found ({said}")
    assert result.stderr.endswith("); check ISNAD_CHROMA_TENANT and ISNAD_CHROMA_DATABASE.\n")
    assert result.stderr.count("\n") == 1 and "rebuild" not in result.stderr


def test_chromadb_defaults_are_the_settings_defaults() -> None:
    fields = Settings.model_fields
    assert fields["chroma_tenant"].default == chromadb.DEFAULT_TENANT
    assert fields["chroma_database"].default == chromadb.DEFAULT_DATABASE


def test_a_token_chromadb_cannot_send_is_refused_before_any_request(proxy: AuthProxy, server_env) -> None:
    result = run(through(proxy, server_env, "two words"), "ask", QUESTION)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: ISNAD_CHROMA_AUTH_TOKEN must be ASCII letters, digits and punctuation, without spaces.\n"
    )
    assert "two words" not in result.output and proxy.refused == proxy.forwarded == 0
