"""The scoring rule of `shared/eval/README.md`, applied to one answer.

- correct: every `expect` group has at least one string in the answer (case-insensitive). The answer is
  what a reader sees: its text and its quoted sentences. An unanswerable question is correct only when
  the answer abstains and cites nothing.
- cited_support: the answer cites at least one `support` article (None when no support is listed).
- abstention_ok: abstained and cited nothing where `answerable` is false; did not abstain where it is true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from retrieval.evaluation.metrics import answer_evidence
from retrieval.records import Answer


class Scored(Protocol):
    """What the rule reads of a question (a `GoldQuestion` or an `EvalQuestion`)."""

    @property
    def answerable(self) -> bool: ...

    @property
    def expect(self) -> tuple[tuple[str, ...], ...]: ...

    @property
    def support(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class GoldScore:
    correct: bool
    cited_support: bool | None
    abstention_ok: bool

    @property
    def passed(self) -> bool:
        return self.correct and self.abstention_ok and self.cited_support is not False


def expect_matched(text: str, expect: tuple[tuple[str, ...], ...]) -> bool:
    """True when each group has one of its strings in `text`, ignoring case."""
    haystack = text.casefold()
    return all(any(s.casefold() in haystack for s in group) for group in expect)


def score_answer(question: Scored, answer: Answer) -> GoldScore:
    cited = {c.article_id for c in answer.citations}
    if question.answerable:
        abstention_ok = not answer.abstained
        correct = expect_matched(answer_evidence(answer), question.expect)
    else:
        abstention_ok = answer.abstained and not cited
        correct = abstention_ok and expect_matched(answer_evidence(answer), question.expect)
    cited_support = bool(cited & set(question.support)) if question.support else None
    return GoldScore(correct=correct, cited_support=cited_support, abstention_ok=abstention_ok)
