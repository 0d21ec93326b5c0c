"""The optional LLM path: chat models by setting, the answer chain with verification, LLM follow-up rewriting.

    model = build_chat_model(settings)            # None when ISNAD_LLM=none
    chain = AnswerChain(model)                    # prompts/answer.txt
    result = chain.invoke(question, hits, "en")   # LLMAnswer; LLMError when the model fails
    for part in chain.stream(question, hits, "en"): ...   # str chunks, then the LLMAnswer
    standalone = condense_with_llm(model, question, history,   # prompts/condense.txt
        max_turns=settings.history_turns, max_question_chars=settings.max_question_chars)

A result with `verified=False` (or an `LLMError`) means: show the extractive answer instead.
"""

from retrieval.llm.chain import AnswerChain
from retrieval.llm.condense import condense_with_llm
from retrieval.llm.models import build_chat_model, describe_model
from retrieval.llm.sources import Source, format_sources, number_sources
from retrieval.llm.verify import LLMAnswer, verify_answer

__all__ = [
    "AnswerChain",
    "LLMAnswer",
    "Source",
    "build_chat_model",
    "condense_with_llm",
    "describe_model",
    "format_sources",
    "number_sources",
    "verify_answer",
]
