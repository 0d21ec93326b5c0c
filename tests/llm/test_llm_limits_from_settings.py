"""`Isnad` gives the LLM's follow-up rewriting the limits of its settings (`history_turns`, `max_question_chars`)."""

from __future__ import annotations

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from llm_fakes import RecordingChatModel

from retrieval.records import Article, Turn
from retrieval.service import Isnad
from retrieval.settings import Settings

HISTORY = [Turn(f"متى افتتح الميناء رقم {n}؟", f"افتتح في يوم {n} مارس [1].") for n in range(1, 5)]


def condense_prompt_text(model: RecordingChatModel) -> str:
    """The user message of the first prompt the model was given (the follow-up rewriting comes first)."""
    _, user = model.received[0]
    return user.text


def test_only_history_turns_turns_are_sent(
    settings: Settings, fake_embeddings: DeterministicFakeEmbedding, small_articles: list[Article]
) -> None:
    model = RecordingChatModel(reply="متى افتتح الميناء رقم 4 في العقبة؟")
    isnad = Isnad(settings.model_copy(update={"history_turns": 2}), embeddings=fake_embeddings, chat_model=model)
    isnad.ingest_articles(small_articles)
    answer = isnad.answer("وفي العقبة؟", HISTORY)
    sent = condense_prompt_text(model)
    assert "رقم 3" in sent and "رقم 4" in sent and "رقم 2" not in sent and "رقم 1" not in sent
    assert answer.standalone_question == "متى افتتح الميناء رقم 4 في العقبة؟"


@pytest.mark.parametrize(("max_question_chars", "accepted"), [(2000, True), (20, False)])
def test_a_rewrite_longer_than_max_question_chars_is_not_used(
    settings: Settings,
    fake_embeddings: DeterministicFakeEmbedding,
    small_articles: list[Article],
    max_question_chars: int,
    accepted: bool,
) -> None:
    model = RecordingChatModel(reply="متى افتتح الميناء رقم 4 في مدينة العقبة على البحر الأحمر؟")
    limited = settings.model_copy(update={"max_question_chars": max_question_chars})
    isnad = Isnad(limited, embeddings=fake_embeddings, chat_model=model)
    isnad.ingest_articles(small_articles)
    answer = isnad.answer("وفي العقبة؟", HISTORY)
    assert "<conversation>" in condense_prompt_text(model)  # the model was asked to rewrite
    assert (answer.standalone_question == model.reply) is accepted
