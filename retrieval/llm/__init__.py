"""The optional LLM path: chat models by setting, the answer chain with verification, LLM follow-up rewriting.

    model = build_chat_model(settings)            # None when ISNAD_LLM=none
    chain = AnswerChain(model, max_sentences=settings.llm_evidence_sentences)   # prompts/answer.txt
    result = chain.invoke(query, sentences)       # LLMAnswer; LLMError when the model fails
    for part in chain.stream(query, sentences): ...   # str chunks, then the LLMAnswer
    standalone = condense_with_llm(model, question, history,   # prompts/condense.txt
        max_turns=settings.history_turns, max_question_chars=settings.max_question_chars)

`sentences` are the evidence step's ranked sentences (best first); the model reads the best few. A result
with `verified=False` (or an `LLMError`) means: show the extractive answer instead.
"""

from retrieval.llm.chain import AnswerChain
from retrieval.llm.condense import condense_with_llm
from retrieval.llm.models import build_chat_model, describe_model, release_chat_model
from retrieval.llm.sources import EvidenceSentence, Source, format_sources, select_sources
from retrieval.llm.verify import LLMAnswer, verify_answer

__all__ = [
    "AnswerChain",
    "EvidenceSentence",
    "LLMAnswer",
    "Source",
    "build_chat_model",
    "condense_with_llm",
    "describe_model",
    "format_sources",
    "release_chat_model",
    "select_sources",
    "verify_answer",
]
