"""The LLM answer chain (LCEL): the best evidence sentences → prompt → chat model → text → verification."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda

from retrieval.llm.failures import llm_failure
from retrieval.llm.models import describe_model
from retrieval.llm.prompts import LANGUAGE_NAMES, answer_prompt
from retrieval.llm.reasoning import ReasoningFilter, strip_reasoning
from retrieval.llm.sources import EvidenceSentence, Source, format_sources, select_sources
from retrieval.llm.verify import LLMAnswer, verify_answer
from retrieval.text.query import Query

log = logging.getLogger(__name__)

DEFAULT_SENTENCES = 6


class AnswerChain:
    """Answers a question from the ranked evidence sentences with a chat model, then verifies the answer.

    `invoke` and `stream` raise `LLMError` (one line) when the model fails; a verified answer or a
    rejected one (`verified=False`, reasons in `problems`) comes back otherwise.
    """

    def __init__(
        self,
        chat_model: BaseChatModel,
        *,
        prompt: ChatPromptTemplate | None = None,
        max_sentences: int = DEFAULT_SENTENCES,
    ) -> None:
        self.model_name = describe_model(chat_model)
        self.max_sentences = max_sentences
        self.prompt = prompt or answer_prompt()
        # {"question", "language", "sources": [Source]} -> the model's text
        self.generate: Runnable[dict[str, Any], str] = (
            RunnableLambda(_prompt_inputs) | self.prompt | chat_model | StrOutputParser()
        )

    def sources(self, evidence: Sequence[EvidenceSentence]) -> list[Source]:
        """The numbered sentences the model is shown for this evidence (best first)."""
        return select_sources(evidence, self.max_sentences)

    def invoke(self, query: Query, evidence: Sequence[EvidenceSentence]) -> LLMAnswer:
        """The verified answer to `query` from the ranked `evidence`, in `query.answer_language`."""
        sources = self.sources(evidence)
        if not sources:
            return LLMAnswer("", (), abstained=True, verified=True)
        inputs = {"question": query.standalone, "language": query.answer_language, "sources": sources}
        try:
            raw = self.generate.invoke(inputs)
        except Exception as exc:
            raise llm_failure(exc, self.model_name) from exc
        return _checked(raw, sources, query.standalone)

    def stream(self, query: Query, evidence: Sequence[EvidenceSentence]) -> Iterator[str | LLMAnswer]:
        """Yield the answer text as the model writes it, then the verified `LLMAnswer` last.

        The streamed text is the model's own; the final answer's text may differ (markers renumbered by
        article, invalid ones dropped), so a front end replaces what it showed with it.
        """
        sources = self.sources(evidence)
        if not sources:
            yield LLMAnswer("", (), abstained=True, verified=True)
            return
        inputs = {"question": query.standalone, "language": query.answer_language, "sources": sources}
        parts: list[str] = []
        visible = ReasoningFilter()
        try:
            for chunk in self.generate.stream(inputs):
                parts.append(chunk)
                if text := visible.feed(chunk):
                    yield text
        except Exception as exc:
            raise llm_failure(exc, self.model_name) from exc
        if tail := visible.flush():
            yield tail
        yield _checked("".join(parts), sources, query.standalone)

    def prompt_messages(self, query: Query, evidence: Sequence[EvidenceSentence]) -> list[dict[str, str]]:
        """The messages the model would be sent, as role/content pairs (for measuring prompt size)."""
        inputs = {"question": query.standalone, "language": query.answer_language, "sources": self.sources(evidence)}
        messages = self.prompt.invoke(_prompt_inputs(inputs)).to_messages()
        return [{"role": {"human": "user"}.get(m.type, m.type), "content": m.text} for m in messages]


def _prompt_inputs(inputs: dict[str, Any]) -> dict[str, str]:
    language = inputs["language"]
    return {
        "sources": format_sources(inputs["sources"], language),
        "question": " ".join(inputs["question"].split()),
        "language_name": LANGUAGE_NAMES[language],
    }


def _checked(raw: str, sources: Sequence[Source], question: str) -> LLMAnswer:
    answer = verify_answer(strip_reasoning(raw), sources, question)
    if not answer.verified:
        log.info("The LLM answer failed verification: %s", "; ".join(answer.problems))
    return answer
