"""The LLM answer chain (LCEL): numbered sources → prompt → chat model → text → verification."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda, RunnablePassthrough

from retrieval.answer.decline import NOT_FOUND as ABSTAIN_TEXT
from retrieval.errors import LLMError
from retrieval.llm.failures import llm_failure
from retrieval.llm.models import describe_model
from retrieval.llm.prompts import LANGUAGE_NAMES, answer_prompt
from retrieval.llm.reasoning import ReasoningFilter, strip_reasoning
from retrieval.llm.sources import Source, format_sources, number_sources
from retrieval.llm.verify import LLMAnswer, verify_answer
from retrieval.records import Hit

log = logging.getLogger(__name__)


class AnswerChain:
    """Answers a standalone question from retrieved passages with a chat model, then verifies the answer.

    `invoke` and `stream` raise `LLMError` (one line) when the model fails; a verified answer or a
    rejected one (`verified=False`, reasons in `problems`) comes back otherwise.
    """

    def __init__(
        self, chat_model: BaseChatModel, *, prompt: ChatPromptTemplate | None = None, max_sources: int | None = None
    ) -> None:
        self.model_name = describe_model(chat_model)
        self.max_sources = max_sources
        prompt = prompt or answer_prompt()
        # {"question", "language", "sources": [Source]} -> the model's text
        self.generate: Runnable[dict[str, Any], str] = (
            RunnableLambda(_prompt_inputs) | prompt | chat_model | StrOutputParser()
        )
        # the same input -> LLMAnswer
        self.chain: Runnable[dict[str, Any], LLMAnswer] = RunnablePassthrough.assign(raw=self.generate) | (
            RunnableLambda(_checked)
        )

    def invoke(self, question: str, hits: Sequence[Hit], language: str) -> LLMAnswer:
        """The verified answer to `question` from `hits`, in `language` ("en" or "ar")."""
        sources = number_sources(hits, self.max_sources)
        if not sources:
            return _nothing_found(language)
        try:
            return self.chain.invoke({"question": question, "language": language, "sources": sources})
        except Exception as exc:
            raise llm_failure(exc, self.model_name) from exc

    def stream(self, question: str, hits: Sequence[Hit], language: str) -> Iterator[str | LLMAnswer]:
        """Yield the answer text as the model writes it, then the verified `LLMAnswer` last.

        The streamed text is the model's own; the final answer's text may differ (markers renumbered,
        invalid ones dropped), so a front end replaces what it showed with it.
        """
        sources = number_sources(hits, self.max_sources)
        if not sources:
            yield _nothing_found(language)
            return
        inputs = {"question": question, "language": language, "sources": sources}
        parts: list[str] = []
        visible = ReasoningFilter()
        try:
            for chunk in self.generate.stream(inputs):
                parts.append(chunk)
                if text := visible.feed(chunk):
                    yield text
            answer = _checked({**inputs, "raw": "".join(parts)})
        except Exception as exc:
            raise llm_failure(exc, self.model_name) from exc
        if tail := visible.flush():
            yield tail
        yield answer


def _prompt_inputs(inputs: dict[str, Any]) -> dict[str, str]:
    language = inputs["language"]
    return {
        "sources": format_sources(inputs["sources"]),
        "question": inputs["question"],
        "language_name": LANGUAGE_NAMES[language],
        "abstain": ABSTAIN_TEXT[language],
    }


def _checked(inputs: dict[str, Any]) -> LLMAnswer:
    raw: str = inputs["raw"]
    text = strip_reasoning(raw)
    if not text:
        raise LLMError("The language model returned an empty answer.")
    sources: Sequence[Source] = inputs["sources"]
    answer = verify_answer(text, sources, inputs["language"])
    if not answer.verified:
        log.info("The LLM answer failed verification: %s", "; ".join(answer.problems))
    return answer


def _nothing_found(language: str) -> LLMAnswer:
    return LLMAnswer(ABSTAIN_TEXT[language], (), abstained=True, verified=True)
