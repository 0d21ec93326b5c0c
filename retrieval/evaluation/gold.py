"""Reading gold question files (`seeds_dev.jsonl`) and their conversation files.

Format (see `shared/eval/README.md`): one JSON object a line. A question has `question`, and optionally
`id`, `lang`, `expect` (a list of groups of alternative strings), `support` (article ids that hold the
answer), `answerable` (default true) and `article` (the article it was written over, which decides its
tune/measure split). A conversation has `id` and `turns`, each turn a question with
`q` (or `question`) and the same optional fields; a conversation's own `article` and `lang` hold for every
turn that does not give its own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.errors import InputError


@dataclass(frozen=True, slots=True)
class GoldQuestion:
    """One question with what a correct answer must contain and which articles support it."""

    question_id: str
    text: str
    lang: str | None = None
    expect: tuple[tuple[str, ...], ...] = ()
    support: tuple[str, ...] = ()
    answerable: bool = True
    article: str | None = None  # the article it was written over: the key of its tune/measure split
    kind: str | None = None  # what it asks for (when, count, money, duration, who, where, what, why)


@dataclass(frozen=True, slots=True)
class GoldConversation:
    """Questions asked in order, each with the earlier turns as history."""

    conversation_id: str
    turns: tuple[GoldQuestion, ...]


def conversations_path_for(questions_path: Path) -> Path:
    """The conversation file that sits beside a gold file: `x.jsonl` → `x_conversations.jsonl`."""
    return questions_path.with_name(f"{questions_path.stem}_conversations{questions_path.suffix}")


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot be read ({err})") from None
    records: list[tuple[int, dict[str, Any]]] = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(f"{path}:{lineno}: not valid JSON ({err.msg})") from None
        if not isinstance(record, dict):
            raise InputError(f"{path}:{lineno}: not a JSON object")
        records.append((lineno, record))
    if not records:
        raise InputError(f"{path}: is empty")
    return records


def _strings(where: str, value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(s, str) and s for s in value):
        raise InputError(f"{where}: `{name}` must be a list of non-empty strings")
    return tuple(value)


def _question(where: str, record: dict[str, Any], question_id: str, text_key: str) -> GoldQuestion:
    text = record.get(text_key)
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: missing `{text_key}` (a non-empty string)")
    expect = record.get("expect", [])
    if not isinstance(expect, list):
        raise InputError(f"{where}: `expect` must be a list of groups (lists of strings)")
    groups = tuple(_strings(where, group, "expect[]") for group in expect)
    answerable = record.get("answerable", True)
    if not isinstance(answerable, bool):
        raise InputError(f"{where}: `answerable` must be true or false")
    lang = record.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise InputError(f"{where}: `lang` must be a string")
    return GoldQuestion(
        question_id=question_id,
        text=text,
        lang=lang,
        expect=groups,
        support=_strings(where, record.get("support", []), "support"),
        answerable=answerable,
        article=record.get("article") if isinstance(record.get("article"), str) else None,
        kind=record.get("kind") if isinstance(record.get("kind"), str) else None,
    )


def _record_id(where: str, record: dict[str, Any], default: str, seen: set[str]) -> str:
    record_id = record.get("id", default)
    if not isinstance(record_id, str | int) or isinstance(record_id, bool):
        raise InputError(f"{where}: `id` must be a string")
    record_id = str(record_id)
    if record_id in seen:
        raise InputError(f"{where}: id {record_id!r} appears twice")
    seen.add(record_id)
    return record_id


def read_gold_questions(path: Path | str) -> tuple[GoldQuestion, ...]:
    """Read a gold question file; raises `InputError` naming the file, the line and the problem."""
    path = Path(path)
    seen: set[str] = set()
    questions = []
    for lineno, record in _lines(path):
        where = f"{path}:{lineno}"
        question_id = _record_id(where, record, f"line {lineno}", seen)
        questions.append(_question(where, record, question_id, "question"))
    return tuple(questions)


def read_conversations(path: Path | str) -> tuple[GoldConversation, ...]:
    """Read a conversation file; raises `InputError` naming the file, the line and the problem."""
    path = Path(path)
    seen: set[str] = set()
    conversations = []
    for lineno, record in _lines(path):
        where = f"{path}:{lineno}"
        conversation_id = _record_id(where, record, f"line {lineno}", seen)
        turns = record.get("turns")
        if not isinstance(turns, list) or not turns:
            raise InputError(f"{where}: missing `turns` (a non-empty list)")
        parsed = []
        inherited = {key: record[key] for key in ("article", "lang") if key in record}  # turns may override them
        for n, turn in enumerate(turns, start=1):
            turn_where = f"{where}: turn {n}"
            if not isinstance(turn, dict):
                raise InputError(f"{turn_where}: not a JSON object")
            text_key = "q" if "q" in turn or "question" not in turn else "question"
            parsed.append(_question(turn_where, {**inherited, **turn}, f"{conversation_id}#{n}", text_key))
        conversations.append(GoldConversation(conversation_id=conversation_id, turns=tuple(parsed)))
    return tuple(conversations)
