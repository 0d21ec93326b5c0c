"""`ISNAD_LLM=llamacpp:...` end to end: a real GGUF chat model through the real xllamacpp server in this process.

No model ships with the project and nothing is downloaded: the test runs when `ISNAD_TEST_GGUF` names a GGUF
chat model file, and is skipped with that reason otherwise. The variable is read when this module is
imported, before the suite's autouse fixture clears every `ISNAD_*` variable for the tests themselves.
A model's answers are not judged here (the benchmark does that): only that the path works.
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_fakes import VISIT, evidence, query

from retrieval.llm import AnswerChain, LLMAnswer, build_chat_model, release_chat_model
from retrieval.llm.llamacpp import LlamaCppChat
from retrieval.settings import load_settings

GGUF = os.environ.get("ISNAD_TEST_GGUF", "")

pytestmark = [
    pytest.mark.skipif(not GGUF, reason="set ISNAD_TEST_GGUF to a GGUF chat model file to run the llamacpp: path"),
    pytest.mark.skipif(importlib.util.find_spec("xllamacpp") is None, reason="xllamacpp is not installed"),
]


@pytest.fixture(scope="module")
def model() -> Iterator[LlamaCppChat]:
    assert Path(GGUF).is_file(), f"ISNAD_TEST_GGUF={GGUF} is not a file"
    settings = load_settings(
        _env_file=None, llm=f"llamacpp:{GGUF}", llm_threads=1, llm_context=2048, llm_max_tokens=48, llm_timeout_s=600
    )
    chat_model = build_chat_model(settings)
    assert isinstance(chat_model, LlamaCppChat)
    yield chat_model
    release_chat_model(chat_model)


def test_the_chain_streams_tokens_from_the_local_model_and_verifies_them(model: LlamaCppChat) -> None:
    chain = AnswerChain(model)
    *chunks, final = list(chain.stream(query("How many people were in the Russian delegation?"), evidence(VISIT)))
    assert chunks and all(isinstance(c, str) for c in chunks)
    assert isinstance(final, LLMAnswer) and (final.verified or final.problems)
    assert 100 < model.last_timings["prompt_n"] + model.last_timings["cache_n"] <= 600  # tokens, as the model counts
    # the next question shares the fixed instructions: the server's prompt cache serves them
    list(chain.stream(query("When did the Russian delegation arrive?"), evidence(VISIT)))
    assert model.last_timings["cache_n"] > 50


def test_a_reader_that_stops_frees_the_model_at_once(model: LlamaCppChat) -> None:
    stream = model.stream("Count from one to two hundred, one number a line.")
    next(stream)
    stream.close()
    started = time.perf_counter()
    reply = model.invoke("Say yes.")
    assert reply.text and time.perf_counter() - started < 120


def test_closing_stops_the_server() -> None:
    settings = load_settings(_env_file=None, llm=f"llamacpp:{GGUF}", llm_threads=1, llm_context=512, llm_max_tokens=16)
    chat_model = build_chat_model(settings)
    assert chat_model is not None
    chat_model.invoke("Hi")
    release_chat_model(chat_model)
    assert chat_model._holder.server is None  # type: ignore[attr-defined]
