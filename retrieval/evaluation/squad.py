"""Reading SQuAD-format JSON (SQuAD 1.1/2.0, XQuAD, ARCD): each paragraph becomes one `Article`.

A paragraph's id is `"{title}#{n}"` (n counts the article's paragraphs from 0), so a search hit's
`passage.article_id` names the paragraph it came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from retrieval.errors import InputError
from retrieval.records import Article


@dataclass(frozen=True, slots=True)
class SquadQuestion:
    """One question with the paragraph that answers it and the accepted answer strings."""

    question_id: str
    text: str
    paragraph_id: str
    answers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SquadDataset:
    """The paragraphs to index and the questions to ask."""

    path: Path
    paragraphs: tuple[Article, ...]
    questions: tuple[SquadQuestion, ...]
    questions_path: Path | None = None  # set when the questions came from a parallel file


def read_json_file(path: Path) -> Any:
    """Parse a JSON file, turning every failure into an `InputError` that names the file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot be read ({err})") from None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not valid JSON ({err.msg} at line {err.lineno}, column {err.colno})") from None


def _field(path: Path, where: str, obj: Any, name: str, kind: type) -> Any:
    if not isinstance(obj, dict):
        raise InputError(f"{path}: {where} is not a JSON object")
    if name not in obj:
        raise InputError(f"{path}: {where} has no `{name}`")
    value = obj[name]
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        expected = {str: "a non-empty string", list: "a list", dict: "an object"}[kind]
        raise InputError(f"{path}: {where}.{name} is not {expected}")
    return value


def read_squad(path: Path | str) -> SquadDataset:
    """Read a SQuAD-format file; raises `InputError` naming the file and the faulty entry."""
    path = Path(path)
    document = read_json_file(path)
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise InputError(f"{path}: no `data` list at the top level; not a SQuAD-format file")
    paragraphs: list[Article] = []
    questions: list[SquadQuestion] = []
    seen_paragraphs: set[str] = set()
    seen_questions: set[str] = set()
    for a, entry in enumerate(document["data"]):
        where = f"data[{a}]"
        title = entry.get("title") if isinstance(entry, dict) else None
        title = title.strip() if isinstance(title, str) and title.strip() else f"article {a}"
        for p, paragraph in enumerate(_field(path, where, entry, "paragraphs", list)):
            pwhere = f"{where}.paragraphs[{p}]"
            context = _field(path, pwhere, paragraph, "context", str)
            paragraph_id = f"{title}#{p}"
            if paragraph_id in seen_paragraphs:  # two articles share a title
                paragraph_id = f"{title}@{a}#{p}"
            seen_paragraphs.add(paragraph_id)
            paragraphs.append(Article(article_id=paragraph_id, title=title, text=context))
            for q, qa in enumerate(_field(path, pwhere, paragraph, "qas", list)):
                questions.append(_question(path, f"{pwhere}.qas[{q}]", qa, paragraph_id, seen_questions))
    if not questions:
        raise InputError(f"{path}: has no questions")
    return SquadDataset(path=path, paragraphs=tuple(paragraphs), questions=tuple(questions))


def _question(path: Path, where: str, qa: Any, paragraph_id: str, seen: set[str]) -> SquadQuestion:
    question_id = _field(path, where, qa, "id", str)
    if question_id in seen:
        raise InputError(f"{path}: {where}: question id {question_id!r} appears twice")
    seen.add(question_id)
    text = _field(path, where, qa, "question", str)
    answers = qa.get("answers", [])
    if not isinstance(answers, list):
        raise InputError(f"{path}: {where}.answers is not a list")
    texts: list[str] = []
    for n, answer in enumerate(answers):
        answer_text = _field(path, f"{where}.answers[{n}]", answer, "text", str)
        if answer_text not in texts:
            texts.append(answer_text)
    return SquadQuestion(question_id=question_id, text=text, paragraph_id=paragraph_id, answers=tuple(texts))


def with_questions_from(dataset: SquadDataset, other_path: Path | str) -> SquadDataset:
    """Ask the questions of a parallel file (matched by id) against `dataset`'s paragraphs.

    This is the cross-lingual setting: English XQuAD questions against the Arabic paragraphs. The gold
    paragraph comes from `dataset`; accepted answers are both files' answers (the indexed paragraphs
    hold `dataset`'s wording). Questions of `dataset` missing from the other file are left out.
    """
    other = read_squad(other_path)
    by_id = {q.question_id: q for q in other.questions}
    questions = tuple(
        replace(q, text=by_id[q.question_id].text, answers=_union(q.answers, by_id[q.question_id].answers))
        for q in dataset.questions
        if q.question_id in by_id
    )
    if not questions:
        raise InputError(f"{other.path}: shares no question id with {dataset.path}")
    return replace(dataset, questions=questions, questions_path=other.path)


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return first + tuple(a for a in second if a not in first)
