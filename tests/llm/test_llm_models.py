"""Choosing the chat model from `ISNAD_LLM`, and the xllamacpp adapter over a stand-in `xllamacpp` module
(the real one, with a real GGUF file, is in test_llm_llamacpp_e2e.py)."""

from __future__ import annotations

import importlib.machinery
import logging
import sys
import threading
import time
import types
import weakref
from pathlib import Path
from typing import Any, ClassVar

import pytest
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI
from llm_fakes import VISIT, evidence, query

from retrieval.errors import IsnadError, LLMError
from retrieval.llm import AnswerChain, LLMAnswer, build_chat_model, describe_model, release_chat_model
from retrieval.llm.llamacpp import LlamaCppChat
from retrieval.settings import load_settings


def test_none_means_no_model() -> None:
    assert build_chat_model(load_settings(llm="none")) is None
    assert build_chat_model(load_settings(llm=" None ")) is None


def test_openai_compatible_endpoint_takes_the_settings(caplog: pytest.LogCaptureFixture) -> None:
    settings = load_settings(
        llm="openai:qwen2.5-7b-instruct",
        llm_base_url="http://127.0.0.1:8080/v1",
        llm_api_key="sk-secret-value",
        llm_timeout_s=7.5,
        llm_temperature=0.2,
        llm_max_tokens=150,
    )
    with caplog.at_level(logging.DEBUG):
        model = build_chat_model(settings)
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "qwen2.5-7b-instruct" and describe_model(model) == "qwen2.5-7b-instruct"
    assert model.openai_api_base == "http://127.0.0.1:8080/v1"
    assert model.request_timeout == 7.5 and model.max_retries == 0 and model.temperature == 0.2
    assert model.max_tokens == 150
    assert "sk-secret-value" not in repr(model) + str(model) + caplog.text


def test_ollama_natively() -> None:
    settings = load_settings(llm="ollama:qwen3:4b", llm_base_url="http://127.0.0.1:11434", llm_timeout_s=9)
    model = build_chat_model(settings)
    assert isinstance(model, ChatOllama)
    assert model.model == "qwen3:4b" and model.base_url == "http://127.0.0.1:11434"
    assert model.client_kwargs == {"timeout": 9.0} and model.num_predict == 256


@pytest.mark.parametrize("spec", ["gpt-4o", "anthropic:claude", "openai:", "llamacpp"])
def test_unknown_forms_name_the_valid_ones(spec: str) -> None:
    with pytest.raises(IsnadError, match=r"none, openai:MODEL, ollama:MODEL, llamacpp:/path/model.gguf"):
        build_chat_model(load_settings(llm=spec))


def test_llamacpp_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "xllamacpp", None)  # as if xllamacpp were not installed
    model_file = tmp_path / "model.gguf"
    model_file.write_bytes(b"GGUF")
    with pytest.raises(IsnadError, match=r"needs xllamacpp: pip install 'isnad\[llamacpp\]'"):
        build_chat_model(load_settings(llm=f"llamacpp:{model_file}"))


# --- a stand-in for xllamacpp: its CommonParams and Server, streaming through a callback ---------------------


class FakeParams:
    def __init__(self) -> None:
        self.model = types.SimpleNamespace(path="")
        self.cpuparams = types.SimpleNamespace(n_threads=-1)
        self.cpuparams_batch = types.SimpleNamespace(n_threads=-1)
        self.n_ctx = 0


class FakeServer:
    """Streams `reply` word by word through the callback; stops when the callback returns True."""

    reply: ClassVar[str] = "The delegation had about 190 members [2]."
    delay_s: ClassVar[float] = 0.0  # before the first token
    word_delay_s: ClassVar[float] = 0.0
    error: ClassVar[str | None] = None
    started: ClassVar[list[weakref.ref[FakeServer]]] = []  # weak: the adapter must hold the only reference
    stopped: ClassVar[list[int]] = []

    def __init__(self, params: FakeParams) -> None:
        if not Path(params.model.path).is_file():
            raise RuntimeError("Failed to init server, please check the input params.")
        self.params = params
        self.requests: list[dict[str, Any]] = []
        self.stopped_early = threading.Event()
        FakeServer.started.append(weakref.ref(self))

    def handle_chat_completions(self, request: dict[str, Any], callback: Any) -> None:
        self.requests.append(request)
        if FakeServer.error:
            callback({"error": {"code": 400, "message": FakeServer.error}})
            return
        time.sleep(FakeServer.delay_s)
        words = FakeServer.reply.split(" ")
        for i, word in enumerate(words):
            time.sleep(FakeServer.word_delay_s)
            chunk = {"choices": [{"delta": {"content": word + (" " if i < len(words) - 1 else "")}}]}
            if callback(chunk):
                self.stopped_early.set()
                return
        callback({"choices": [{"delta": {}}], "timings": {"prompt_n": 12, "cache_n": 300}})

    def __del__(self) -> None:  # what ~Server() does for the real one: stop serving
        FakeServer.stopped.append(id(self))


@pytest.fixture
def fake_xllamacpp(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    module = types.ModuleType("xllamacpp")
    module.__spec__ = importlib.machinery.ModuleSpec("xllamacpp", None)
    module.CommonParams = FakeParams  # type: ignore[attr-defined]
    module.Server = FakeServer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "xllamacpp", module)
    FakeServer.reply, FakeServer.delay_s, FakeServer.word_delay_s = (
        "The delegation had about 190 members [2].",
        0.0,
        0.0,
    )
    FakeServer.error = None
    FakeServer.started, FakeServer.stopped = [], []
    return FakeServer


@pytest.fixture
def model_file(tmp_path: Path) -> Path:
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF")
    return path


def test_llamacpp_takes_threads_context_and_limits_from_the_settings(fake_xllamacpp, model_file: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IsnadError, match="does not exist"):
        build_chat_model(load_settings(llm=f"llamacpp:{model_file.parent / 'missing.gguf'}"))
    settings = load_settings(
        llm=f"llamacpp:{model_file}", llm_threads=2, llm_context=2048, llm_max_tokens=99, llm_temperature=0.1
    )
    model = build_chat_model(settings)
    assert isinstance(model, LlamaCppChat) and describe_model(model) == "model.gguf"
    assert fake_xllamacpp.started == []  # loaded on first use
    result = AnswerChain(model).invoke(query("How many?"), evidence(VISIT))
    assert result.verified
    server = fake_xllamacpp.started[0]()
    assert len(fake_xllamacpp.started) == 1 and server is not None
    assert server.params.model.path == str(model_file) and server.params.n_ctx == 2048
    assert server.params.cpuparams.n_threads == server.params.cpuparams_batch.n_threads == 2
    assert server.params.hostnames == ["127.0.0.1"] and len(server.params.api_keys[0]) >= 32
    (request,) = server.requests
    assert request["stream"] and request["max_tokens"] == 99 and request["temperature"] == 0.1
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert model.last_timings == {"prompt_n": 12, "cache_n": 300}


def test_llamacpp_threads_default_to_llama_cpps_choice(fake_xllamacpp, model_file: Path) -> None:  # type: ignore[no-untyped-def]
    model = build_chat_model(load_settings(llm=f"llamacpp:{model_file}"))
    model.invoke("hello")
    assert fake_xllamacpp.started[0]().params.cpuparams.n_threads == -1


def test_llamacpp_streams_tokens_and_stops_generating_when_the_reader_stops(fake_xllamacpp, model_file: Path) -> None:  # type: ignore[no-untyped-def]
    model = build_chat_model(load_settings(llm=f"llamacpp:{model_file}"))
    *chunks, final = list(AnswerChain(model).stream(query("How many?"), evidence(VISIT)))
    assert len(chunks) >= 5 and isinstance(final, LLMAnswer) and final.verified
    fake_xllamacpp.reply, fake_xllamacpp.word_delay_s = " ".join(["word"] * 100), 0.02
    stream = model.stream("hello")
    assert next(stream).content == "word "
    stream.close()  # the reader goes away: the next callback returns True
    server = fake_xllamacpp.started[0]()
    assert server is not None and server.stopped_early.wait(5)


def test_llamacpp_timeout_error_and_load_failure_are_llm_errors(fake_xllamacpp, model_file: Path) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(llm=f"llamacpp:{model_file}", llm_timeout_s=0.2)
    chain = AnswerChain(build_chat_model(settings))
    fake_xllamacpp.delay_s = 1.0
    with pytest.raises(LLMError, match=r"did not answer in time \(ISNAD_LLM_TIMEOUT_S\)"):
        chain.invoke(query("How many?"), evidence(VISIT))
    fake_xllamacpp.delay_s, fake_xllamacpp.error = 0.0, "the request exceeds the available context size\ndetail"
    with pytest.raises(LLMError, match=r"^The language model \(model.gguf\) failed: the request exceeds"):
        chain.invoke(query("How many?"), evidence(VISIT))
    broken = LlamaCppChat(model_path=str(model_file.parent / "gone.gguf"))
    for _ in range(2):  # the failure is remembered, not retried on every question
        with pytest.raises(LLMError, match="could not be loaded"):
            broken.invoke("hello")
    assert len(fake_xllamacpp.started) == 1


def test_closing_the_model_stops_the_server_and_the_next_call_starts_it_again(fake_xllamacpp, model_file: Path) -> None:  # type: ignore[no-untyped-def]
    model = build_chat_model(load_settings(llm=f"llamacpp:{model_file}"))
    model.invoke("hello")
    first = id(fake_xllamacpp.started[0]())
    release_chat_model(model)
    assert fake_xllamacpp.stopped == [first] and fake_xllamacpp.started[0]() is None
    model.invoke("hello again")
    assert len(fake_xllamacpp.started) == 2
    release_chat_model(None)  # nothing to release for no model, or a remote one
    release_chat_model(build_chat_model(load_settings(llm="openai:m", llm_base_url="http://127.0.0.1:9/v1")))
