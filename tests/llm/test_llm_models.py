"""Choosing the chat model from `ISNAD_LLM`, and the llama.cpp adapter over a stand-in `llama_cpp`."""

from __future__ import annotations

import importlib.machinery
import logging
import sys
import types
from pathlib import Path
from typing import Any, ClassVar

import pytest
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI
from llm_fakes import VISIT, hits

from retrieval.errors import IsnadError
from retrieval.llm import AnswerChain, LLMAnswer, build_chat_model, describe_model
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
    )
    with caplog.at_level(logging.DEBUG):
        model = build_chat_model(settings)
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "qwen2.5-7b-instruct" and describe_model(model) == "qwen2.5-7b-instruct"
    assert model.openai_api_base == "http://127.0.0.1:8080/v1"
    assert model.request_timeout == 7.5 and model.max_retries == 0 and model.temperature == 0.2
    assert "sk-secret-value" not in repr(model) + str(model) + caplog.text


def test_ollama_natively() -> None:
    settings = load_settings(llm="ollama:qwen3:4b", llm_base_url="http://127.0.0.1:11434", llm_timeout_s=9)
    model = build_chat_model(settings)
    assert isinstance(model, ChatOllama)
    assert model.model == "qwen3:4b" and model.base_url == "http://127.0.0.1:11434"
    assert model.client_kwargs == {"timeout": 9.0}


@pytest.mark.parametrize("spec", ["gpt-4o", "anthropic:claude", "openai:", "llamacpp"])
def test_unknown_forms_name_the_valid_ones(spec: str) -> None:
    with pytest.raises(IsnadError, match=r"none, openai:MODEL, ollama:MODEL, llamacpp:/path/model.gguf"):
        build_chat_model(load_settings(llm=spec))


def test_llamacpp_without_the_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # as if llama-cpp-python were not installed
    model_file = tmp_path / "model.gguf"
    model_file.write_bytes(b"GGUF")
    with pytest.raises(IsnadError, match=r"pip install 'isnad\[llamacpp\]'"):
        build_chat_model(load_settings(llm=f"llamacpp:{model_file}"))


class FakeLlama:
    """Stands in for `llama_cpp.Llama`: answers with a fixed reply, records every call."""

    calls: ClassVar[list[dict[str, Any]]] = []

    def __init__(self, model_path: str, **options: Any) -> None:
        self.model_path = model_path

    def create_chat_completion(self, messages: list[dict[str, str]], stream: bool = False, **options: Any) -> Any:
        FakeLlama.calls.append({"messages": messages, "stream": stream, **options})
        reply = "The delegation had about 190 members [1]."
        if not stream:
            return {"choices": [{"message": {"role": "assistant", "content": reply}}]}
        words = reply.split(" ")
        first = [{"choices": [{"delta": {"role": "assistant"}}]}]
        return iter(first + [{"choices": [{"delta": {"content": w + " "}}]} for w in words])


@pytest.fixture
def fake_llama_cpp(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("llama_cpp")
    module.__spec__ = importlib.machinery.ModuleSpec("llama_cpp", None)
    module.Llama = FakeLlama  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "llama_cpp", module)
    FakeLlama.calls = []


@pytest.mark.usefixtures("fake_llama_cpp")
def test_llamacpp_chat_model_answers_and_streams(tmp_path: Path) -> None:
    with pytest.raises(IsnadError, match="does not exist"):
        build_chat_model(load_settings(llm=f"llamacpp:{tmp_path / 'missing.gguf'}"))
    model_file = tmp_path / "model.gguf"
    model_file.write_bytes(b"GGUF")
    model = build_chat_model(load_settings(llm=f"llamacpp:{model_file}", llm_temperature=0.1))
    assert isinstance(model, LlamaCppChat) and describe_model(model) == "model.gguf"
    chain = AnswerChain(model)
    assert chain.invoke("How many?", hits(VISIT), "en").verified
    *chunks, final = list(chain.stream("How many?", hits(VISIT), "en"))
    assert len(chunks) > 3 and isinstance(final, LLMAnswer) and final.verified
    plain, streamed = FakeLlama.calls
    assert [m["role"] for m in plain["messages"]] == ["system", "user"]
    assert plain["temperature"] == 0.1 and not plain["stream"] and streamed["stream"]
