"""The OpenAI-compatible path for real: ChatOpenAI against a chat-completions server on 127.0.0.1."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from llm_fakes import SECOND_VISIT, VISIT, ChatCompletionsServer, closed_port, evidence, query

from retrieval.errors import LLMError
from retrieval.llm import AnswerChain, LLMAnswer, build_chat_model, condense_with_llm
from retrieval.records import Turn
from retrieval.settings import Settings, load_settings

ANSWER = "Al-Sharaa first visited Russia on 15 October 2025 [3] and again on a Wednesday [4]."
WHEN = query("When did al-Sharaa visit Russia?")


@pytest.fixture(autouse=True)
def _loopback_without_proxies(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A proxy from the developer's shell must not swallow loopback requests."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    yield


def _settings(base_url: str, **overrides: object) -> Settings:
    options: dict[str, object] = {"llm": "openai:test-model", "llm_base_url": base_url, "llm_timeout_s": 5.0}
    return load_settings(**(options | overrides))


def _chain(settings: Settings) -> AnswerChain:
    model = build_chat_model(settings)
    assert model is not None
    return AnswerChain(model)


def test_a_plain_completion_is_answered_and_verified() -> None:
    with ChatCompletionsServer(ANSWER) as server:
        result = _chain(_settings(server.base_url)).invoke(WHEN, evidence(VISIT, SECOND_VISIT))
    assert result.verified and len(result.citations) == 2
    assert result.text == "Al-Sharaa first visited Russia on 15 October 2025 [1] and again on a Wednesday [2]."
    (request,) = server.requests
    assert request["model"] == "test-model" and not request.get("stream")
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert "\n[1] " in request["messages"][1]["content"]
    assert request["temperature"] == 0.0 and request["max_completion_tokens"] == 256
    assert server.headers[0]["authorization"] == "Bearer not-needed"  # keyless local servers


def test_the_api_key_is_sent_as_a_bearer_token() -> None:
    with ChatCompletionsServer(ANSWER) as server:
        _chain(_settings(server.base_url, llm_api_key="sk-test-123")).invoke(WHEN, evidence(VISIT, SECOND_VISIT))
    assert server.headers[0]["authorization"] == "Bearer sk-test-123"


def test_a_streamed_completion_arrives_in_chunks_then_verified() -> None:
    with ChatCompletionsServer(ANSWER) as server:
        parts = list(_chain(_settings(server.base_url)).stream(WHEN, evidence(VISIT, SECOND_VISIT)))
    *chunks, final = parts
    assert len(chunks) > 5 and "".join(chunks) == ANSWER
    assert isinstance(final, LLMAnswer) and final.verified and len(final.citations) == 2
    assert server.requests[0]["stream"] is True


def test_a_server_that_never_answers_times_out_quickly() -> None:
    with ChatCompletionsServer(hang=True) as server:
        chain = _chain(_settings(server.base_url, llm_timeout_s=0.3))
        started = time.perf_counter()
        with pytest.raises(LLMError, match="did not answer in time") as caught:
            chain.invoke(WHEN, evidence(VISIT))
        with pytest.raises(LLMError, match="did not answer in time"):
            list(chain.stream(WHEN, evidence(VISIT)))
    assert time.perf_counter() - started < 3
    assert "\n" not in str(caught.value)


def test_a_closed_port_is_reported_as_unreachable() -> None:
    chain = _chain(_settings(f"http://127.0.0.1:{closed_port()}/v1"))
    with pytest.raises(LLMError, match="could not be reached"):
        chain.invoke(WHEN, evidence(VISIT))


@pytest.mark.parametrize(
    ("status", "message"),
    [(500, r"HTTP 500"), (401, r"HTTP 401\); check ISNAD_LLM_API_KEY"), (404, r"HTTP 404; check the model name")],
)
def test_http_errors_become_one_line_llm_errors(status: int, message: str) -> None:
    with ChatCompletionsServer(status=status) as server, pytest.raises(LLMError, match=message) as caught:
        _chain(_settings(server.base_url)).invoke(WHEN, evidence(VISIT))
    assert str(caught.value).startswith("The language model (test-model) ")
    assert "\n" not in str(caught.value)


def test_condense_goes_through_the_same_endpoint() -> None:
    history = [Turn("When did al-Sharaa visit Moscow?", "On 15 October 2025 [1].")]
    with ChatCompletionsServer("When did al-Sharaa visit Moscow for the second time?") as server:
        model = build_chat_model(_settings(server.base_url))
        assert model is not None
        assert condense_with_llm(model, "And the second time?", history, max_turns=6, max_question_chars=2000) == (
            "When did al-Sharaa visit Moscow for the second time?"
        )
    assert "<conversation>" in server.requests[0]["messages"][1]["content"]


def test_ollama_natively_on_a_closed_port_is_unreachable() -> None:
    model = build_chat_model(load_settings(llm="ollama:test", llm_base_url=f"http://127.0.0.1:{closed_port()}"))
    assert model is not None
    with pytest.raises(LLMError, match="could not be reached"):
        AnswerChain(model).invoke(WHEN, evidence(VISIT))
