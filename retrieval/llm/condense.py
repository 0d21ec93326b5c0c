"""Rewriting a follow-up question into a standalone one with the chat model (`prompts/condense.txt`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from langchain_core.language_models import BaseChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate

from retrieval.errors import LLMError
from retrieval.llm.failures import llm_failure
from retrieval.llm.models import describe_model
from retrieval.llm.prompts import LANGUAGE_NAMES, condense_prompt
from retrieval.llm.reasoning import strip_reasoning
from retrieval.records import Turn
from retrieval.text.arabic import detect_language

ANSWER_CHARS = 200  # earlier answers quote whole sentences; their opening is enough context, and keeps the prompt short

_LABEL = re.compile(r"^(?:standalone question|rewritten question|question|السؤال(?: المستقل)?)\s*[:：]\s*", re.I)
_QUOTES = "\"'«»“”„`"
_TAG_NEUTRAL = str.maketrans({"<": "‹", ">": "›"})


def condense_with_llm(
    chat_model: BaseChatModel,
    question: str,
    history: Sequence[Turn],
    *,
    max_turns: int,
    max_question_chars: int,
    prompt: ChatPromptTemplate | None = None,
) -> str:
    """`question` rewritten to stand alone given the last `max_turns` turns of `history` (oldest first);
    `LLMError` when that fails or the rewrite is longer than `max_question_chars` (both from `Settings`:
    `history_turns`, `max_question_chars`)."""
    recent = list(history)[-max_turns:] if max_turns > 0 else []
    if not recent:
        return question
    chain = (prompt or condense_prompt()) | chat_model | StrOutputParser()
    inputs = {
        "history": format_history(recent),
        "question": question,
        "language_name": LANGUAGE_NAMES[detect_language(question)],
    }
    try:
        reply = chain.invoke(inputs)
    except Exception as exc:
        raise llm_failure(exc, describe_model(chat_model)) from exc
    rewritten = _clean(reply)
    if not rewritten or len(rewritten) > max_question_chars:
        raise LLMError("The language model did not return a usable standalone question.")
    return rewritten


def format_history(history: Sequence[Turn]) -> str:
    """The turns as `User:` / `Assistant:` lines, answers shortened, tag-like text defused."""
    lines: list[str] = []
    for turn in history:
        lines.append(f"User: {turn.standalone_question or turn.question}")
        answer = " ".join(turn.answer.split())
        if len(answer) > ANSWER_CHARS:
            answer = answer[:ANSWER_CHARS].rsplit(" ", 1)[0] + " …"
        lines.append(f"Assistant: {answer}")
    return "\n".join(lines).translate(_TAG_NEUTRAL)


def _clean(reply: str) -> str:
    """The first non-empty line of the reply, without a label or surrounding quotes."""
    lines = [line.strip() for line in strip_reasoning(reply).splitlines() if line.strip()]
    if not lines:
        return ""
    return _LABEL.sub("", lines[0]).strip().strip(_QUOTES).strip()
