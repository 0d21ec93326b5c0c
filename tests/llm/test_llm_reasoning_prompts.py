"""Hiding reasoning blocks, and loading the editable prompt files."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import IsnadError
from retrieval.llm.prompts import ANSWER_VARIABLES, answer_prompt, condense_prompt, load_prompt
from retrieval.llm.reasoning import ReasoningFilter, strip_reasoning


def test_strip_reasoning() -> None:
    assert strip_reasoning("<think>a\nb</think>\n Answer [1].") == "Answer [1]."
    assert strip_reasoning("Answer.<think>unfinished") == "Answer."
    assert strip_reasoning("No tags.") == "No tags."


@pytest.mark.parametrize("size", [1, 2, 3, 5, 100])
def test_reasoning_filter_handles_tags_split_across_chunks(size: int) -> None:
    text = "<think>secret 42</think>\n\nVisible <b> text [1]. <think>more</think>End."
    visible = ReasoningFilter()
    shown = "".join(visible.feed(text[i : i + size]) for i in range(0, len(text), size)) + visible.flush()
    assert shown == "Visible <b> text [1]. End."


def test_the_shipped_prompts_load() -> None:
    assert set(answer_prompt().input_variables) == ANSWER_VARIABLES
    assert set(condense_prompt().input_variables) == {"history", "question", "language_name"}
    messages = answer_prompt().invoke({"sources": "S", "question": "Q", "language_name": "English"}).to_messages()
    assert [m.type for m in messages] == ["system", "human"]


def test_broken_prompt_files_give_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "answer.txt").write_text("[system]\nRules {colour}\n[user]\n{question} {sources}", encoding="utf-8")
    with pytest.raises(IsnadError, match=r"missing \{language_name\}, unknown \{colour\}"):
        answer_prompt(tmp_path)
    with pytest.raises(IsnadError, match="Cannot read the prompt file"):
        condense_prompt(tmp_path)
    (tmp_path / "plain.txt").write_text("Just {question}", encoding="utf-8")
    template = load_prompt("plain.txt", frozenset({"question"}), directory=tmp_path)
    assert [m.type for m in template.invoke({"question": "q"}).to_messages()] == ["human"]
    (tmp_path / "bad.txt").write_text("A lone { brace", encoding="utf-8")
    with pytest.raises(IsnadError, match="not a valid template"):
        load_prompt("bad.txt", frozenset(), directory=tmp_path)
