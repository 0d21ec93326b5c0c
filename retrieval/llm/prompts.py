"""Prompt templates, read from plain files in `prompts/` that a person can edit (installed with the package).

A file holds a `[system]` section and a `[user]` section, each header alone on its line (a file with
no header is one user message). Placeholders are `{name}`; a literal brace is written `{{` or `}}`.
"""

from __future__ import annotations

import re
from pathlib import Path

from langchain_core.prompts import ChatPromptTemplate

from isnad_bundled import PROMPTS_DIR
from retrieval.errors import IsnadError

ANSWER_VARIABLES = frozenset({"sources", "question", "language_name"})
CONDENSE_VARIABLES = frozenset({"history", "question", "language_name"})

_SECTION = re.compile(r"^\[(system|user)\][ \t]*$", re.MULTILINE)
LANGUAGE_NAMES = {"en": "English", "ar": "Arabic (العربية)"}


def load_prompt(name: str, required: frozenset[str], *, directory: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    """The template in `directory/name`; `IsnadError` when it is missing or its placeholders are wrong."""
    path = directory / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise IsnadError(f"Cannot read the prompt file {path}: {exc.strerror or exc}.") from exc
    try:
        template = ChatPromptTemplate.from_messages(_messages(text))
    except (ValueError, KeyError) as exc:
        raise IsnadError(f"The prompt file {path} is not a valid template (write a literal brace as {{{{).") from exc
    found = set(template.input_variables)
    if found != required:
        problems = [f"missing {{{v}}}" for v in sorted(required - found)]
        problems += [f"unknown {{{v}}}" for v in sorted(found - required)]
        raise IsnadError(f"The prompt file {path} has the wrong placeholders: {', '.join(problems)}.")
    return template


def _messages(text: str) -> list[tuple[str, str]]:
    parts = _SECTION.split(text)
    if len(parts) == 1:
        return [("human", text.strip())]
    roles = {"system": "system", "user": "human"}
    return [(roles[role], body.strip()) for role, body in zip(parts[1::2], parts[2::2], strict=True)]


def answer_prompt(directory: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    """The answer template (`prompts/answer.txt`)."""
    return load_prompt("answer.txt", ANSWER_VARIABLES, directory=directory)


def condense_prompt(directory: Path = PROMPTS_DIR) -> ChatPromptTemplate:
    """The follow-up rewriting template (`prompts/condense.txt`)."""
    return load_prompt("condense.txt", CONDENSE_VARIABLES, directory=directory)
