"""Evaluation sets as the answer benchmarks and the answerer's fitting script see them: the articles to
index, and the questions with their gold answers, their tune/measure split and whether the index can
answer them.

- A SQuAD-format file (XQuAD, TyDi QA GoldP): every paragraph is an article; a fixed share of paragraphs
  is left out of the index (`splits.held_out`), and their questions are asked as unanswerable ones. The
  split key is the Wikipedia article's title, so all paragraphs of one article fall on one side.
- A gold question file over a folder or JSONL file of articles (our own news questions): the questions
  say themselves whether they are answerable; the split key is the `article` field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.evaluation.gold import GoldConversation, GoldQuestion, read_conversations, read_gold_questions
from retrieval.evaluation.gold_scoring import expect_matched
from retrieval.evaluation.metrics import answer_evidence, answer_hit
from retrieval.evaluation.splits import Split, held_out, split_of
from retrieval.evaluation.squad import SquadDataset, read_squad, with_questions_from
from retrieval.ingest.articles import load_articles
from retrieval.records import Answer, Article
from retrieval.text.arabic import detect_language

DEFAULT_HELD_OUT = 0.25  # share of SQuAD paragraphs left out of the index: their questions are unanswerable


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    """One question of an evaluation set, with what a right answer holds."""

    question_id: str
    text: str
    split: Split
    answerable: bool  # False: the index holds no answer; the right behaviour is to decline
    answers: tuple[str, ...] = ()  # SQuAD: accepted answer strings (any one, in the answer or its quotes)
    expect: tuple[tuple[str, ...], ...] = ()  # gold files: every group matched (see `gold_scoring`)
    support: tuple[str, ...] = ()  # article ids that hold the answer
    kind: str | None = None
    conversation: str | None = None  # the conversation it is a turn of
    turn: int = 0
    lang: str = "ar"  # the question's language: the gold file's `lang`, else detected from its text

    def is_hit(self, answer: Answer) -> bool:
        """Whether an answer (not declined) holds the gold answer, in its text or its quotes."""
        if not self.answerable or answer.abstained:
            return False
        if self.answers:
            return answer_hit(answer, self.answers)
        return expect_matched(answer_evidence(answer), self.expect)

    def holds_answer(self, text: str) -> bool:
        """Whether one sentence holds the gold answer (the label the answerer's selection is fitted on)."""
        if not self.answerable:
            return False
        if self.answers:
            return answer_hit(Answer(question="", text=text, language="ar"), self.answers)
        return expect_matched(text, self.expect)


@dataclass(frozen=True, slots=True)
class EvalSet:
    """The articles to index and the questions to ask over them."""

    name: str
    articles: tuple[Article, ...]
    questions: tuple[EvalQuestion, ...]

    def part(self, split: Split | None) -> tuple[EvalQuestion, ...]:
        return tuple(q for q in self.questions if split is None or q.split == split)


def squad_set(name: str, path: Path, *, questions: Path | None = None, share: float = DEFAULT_HELD_OUT) -> EvalSet:
    """A SQuAD-format file (with the questions of a parallel file, for cross-lingual runs), a `share` of
    its paragraphs held out of the index."""
    dataset = read_squad(path)
    if questions is not None:
        dataset = with_questions_from(dataset, questions)
    return squad_eval_set(name, dataset, share)


def squad_eval_set(name: str, dataset: SquadDataset, share: float) -> EvalSet:
    """An already-read SQuAD-format dataset as an evaluation set, a `share` of its paragraphs held out."""
    titles = {p.article_id: p.title for p in dataset.paragraphs}
    out = {pid for pid in titles if held_out(pid, share)}
    return EvalSet(
        name=name,
        articles=tuple(p for p in dataset.paragraphs if p.article_id not in out),
        questions=tuple(
            EvalQuestion(
                question_id=q.question_id,
                text=q.text,
                split=split_of(titles[q.paragraph_id]),
                answerable=q.paragraph_id not in out,
                answers=q.answers,
                support=(q.paragraph_id,),
                lang=detect_language(q.text),
            )
            for q in dataset.questions
        ),
    )


def gold_set(
    name: str,
    questions: Sequence[Path],
    articles: Path,
    conversations: Sequence[Path] = (),
    *,
    max_bytes: int = 50_000_000,
) -> EvalSet:
    """Gold question files (and conversation files) over a folder or JSONL file of articles."""
    loaded = load_articles([articles], max_bytes=max_bytes)
    asked = [q for path in questions for q in read_gold_questions(path)]
    talks = [c for path in conversations for c in read_conversations(path)]
    return gold_eval_set(name, tuple(loaded.articles), asked, talks)


def gold_eval_set(
    name: str, articles: Sequence[Article], questions: Sequence[GoldQuestion], conversations: Sequence[GoldConversation]
) -> EvalSet:
    """Already-read gold questions and conversations over already-loaded articles."""
    return EvalSet(
        name=name,
        articles=tuple(articles),
        questions=tuple(
            [*map(_gold, questions), *(_gold(t, c, n) for c in conversations for n, t in enumerate(c.turns))]
        ),
    )


def _gold(question: GoldQuestion, conversation: GoldConversation | None = None, turn: int = 0) -> EvalQuestion:
    # A conversation's turns stay together: without an `article`, the conversation's id is their split key.
    fallback = conversation.conversation_id if conversation else question.question_id
    key = question.article or (question.support[0] if question.support and not conversation else fallback)
    return EvalQuestion(
        question_id=question.question_id,
        text=question.text,
        split=split_of(key),
        answerable=question.answerable,
        expect=question.expect,
        support=question.support,
        kind=question.kind,
        conversation=conversation.conversation_id if conversation else None,
        turn=turn,
        lang=question.lang or detect_language(question.text),
    )
