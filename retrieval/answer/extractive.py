"""The default answerer: no LLM, just the sentences that answer the question, quoted and cited.

It picks the best-scoring sentences (see `evidence`), checks that they hold the kind of answer the
question asks for (a date for "when", a quantity for "how many", an amount of money for "how much
... pay"), and abstains when the evidence is weak. The answer is written in the question's language
around the Arabic quotes; "when" answers lead with the dates normalised against each article's
publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.answer.evidence import Sentence, counted_words
from retrieval.records import Citation
from retrieval.text.arabic import detect_language, fold
from retrieval.text.dates import format_date
from retrieval.text.numbers import Quantity
from retrieval.text.query import Query
from retrieval.text.questions import QuestionKind

# Evidence thresholds, calibrated on multilingual-e5-small similarities (see docs/architecture.md).
MIN_DENSE = 0.76  # below this a sentence is only loosely about the question, whatever words it shares
MIN_COVERAGE = 0.5  # above MIN_DENSE, a sentence holding half of the question's content words is evidence
STRONG_DENSE = 0.86  # a sentence this close needs no shared words ...
STRONG_DENSE_ACROSS = 0.80  # ... or this close, for an English question and an Arabic sentence (scores run lower)
GROUNDING_DEPTH = 3  # one of the best three sentences must be evidence, or the answer is declined
REASON_BONUS = 0.03  # "why" questions prefer sentences that state a purpose or cause
TYPED_COVERAGE_SHARE = 0.5  # a quoted date or number needs half the own coverage of the best such sentence
SUPPORT_MARGIN = 0.03  # other sentences within this of the best are quoted too
# "Who" answers are names the question does not contain, so the sentence naming them often ranks lower.
WHO_SUPPORT_MARGIN = 0.06
TYPED_MARGIN = 0.10  # how far below the best a sentence may be and still supply a date or number
MAX_QUOTES = 3
MAX_WHEN_QUOTES = 4

_MONEY_QUESTION = re.compile(
    r"\bhow much\b(?! (?:time|longer|more|of the|of his|of her|of its|territory|land))"
    r"|\b(?:price|cost|amount|sum|value) of\b"
    r"|كم (?:يدفع|تدفع|دفع|دفعت|تكلف|يكلف|كلف|سعر|ثمن|قيمه)|ما (?:قيمه|تكلفه|سعر|ثمن|مبلغ)"
)

ABSTAIN_TEXT = {
    "en": "I could not find the answer in the articles.",
    "ar": "لم أجد الإجابة في المقالات.",
}
_LEAD = {"en": "According to the articles:", "ar": "بحسب المقالات:"}
_WHEN_LEAD = {"en": "When", "ar": "التاريخ"}
_COUNT_LEAD = {"en": "Number", "ar": "العدد"}
_LIST_SEP = {"en": "; ", "ar": "؛ "}


@dataclass(frozen=True, slots=True)
class Draft:
    """An answer before timings and conversation details are attached."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool


def abstain(language: str) -> Draft:
    return Draft(ABSTAIN_TEXT[language], (), True)


def answer_from_sentences(query: Query, sentences: Sequence[Sentence]) -> Draft:
    """Choose, check and quote the sentences that answer `query`; abstain when none do."""
    kind, language, question = query.kind, query.answer_language, query.standalone
    answers = sorted((s for s in sentences if not s.is_heading), key=lambda s: -_ranking(kind, s))
    grounded = [s for s in answers[:GROUNDING_DEPTH] if _is_evidence(s, query.language)]
    if not grounded:
        return abstain(language)
    asked = query.terms.stems
    chosen = _choose(question, kind, answers, top=_ranking(kind, grounded[0]), asked=asked)
    if not chosen:
        return abstain(language)
    citations = tuple(s.citation(n) for n, s in enumerate(chosen, start=1))
    return Draft(_compose(kind, chosen, citations, language, asked), citations, False)


def _is_evidence(sentence: Sentence, asked_in: str) -> bool:
    across = asked_in == "en" and detect_language(sentence.text) == "ar"
    if sentence.dense >= (STRONG_DENSE_ACROSS if across else STRONG_DENSE):
        return True
    return sentence.dense >= MIN_DENSE and sentence.coverage >= MIN_COVERAGE


def _ranking(kind: QuestionKind, s: Sentence) -> float:
    return s.score + (REASON_BONUS if kind is QuestionKind.WHY and s.has_reason else 0.0)


def _choose(
    question: str, kind: QuestionKind, answers: Sequence[Sentence], *, top: float, asked: frozenset[str]
) -> list[Sentence]:
    """The sentences to quote, best first: close runners-up, or those holding the asked-for date or number."""
    margin = WHO_SUPPORT_MARGIN if kind is QuestionKind.WHO else SUPPORT_MARGIN
    close = [s for s in answers if _ranking(kind, s) >= top - margin]
    nearby = [s for s in answers if _ranking(kind, s) >= top - TYPED_MARGIN]
    # A date or number must sit in a sentence that itself names much of what the question asks about.
    typed = [s for s in nearby if (s.dates if kind is QuestionKind.WHEN else s.numbers)]
    most = max((s.own_coverage for s in typed), default=0.0)
    on_topic = [s for s in typed if s.own_coverage >= most * TYPED_COVERAGE_SHARE]
    if kind is QuestionKind.WHEN:
        return sorted(on_topic[:MAX_WHEN_QUOTES], key=_chronological)
    if kind is QuestionKind.COUNT:
        wants_money = bool(_MONEY_QUESTION.search(fold(question)))
        counts = [s for s in on_topic if s.has_money or not wants_money]
        # Prefer numbers next to what the question counts ("قاعدتين" for "bases", not "أربعة أشهر").
        counting = [s for s in counts if _counted(s, asked)]
        return (counting or counts)[:MAX_QUOTES]
    return close[:MAX_QUOTES]


def _chronological(s: Sentence) -> tuple[bool, dt.date]:
    """Dated sentences oldest first; those whose dates could not be placed in time last."""
    placed = [d.earliest for d in s.dates if d.earliest]
    return (not placed, min(placed) if placed else dt.date.max)


def _counted(s: Sentence, asked: frozenset[str]) -> list[Quantity]:
    """The sentence's numbers that stand next to one of the question's words."""
    return [q for q in s.numbers if counted_words(s.text, q) & asked]


def _compose(
    kind: QuestionKind, chosen: Sequence[Sentence], citations: Sequence[Citation], language: str, asked: frozenset[str]
) -> str:
    lines: list[str] = []
    if kind is QuestionKind.WHEN:
        dates = _labelled(
            [(format_date(d, language), c.n) for s, c in zip(chosen, citations, strict=True) for d in s.dates]
        )
        lines.append(f"{_WHEN_LEAD[language]}: {_LIST_SEP[language].join(dates)}.")
    elif kind is QuestionKind.COUNT:
        numbers = _labelled(
            [
                (q.digits, c.n)
                for s, c in zip(chosen, citations, strict=True)
                for q in (_counted(s, asked) or s.numbers[:2])
            ]
        )
        lines.append(f"{_COUNT_LEAD[language]}: {_LIST_SEP[language].join(numbers)}.")
    lines.append(_LEAD[language])
    lines.extend(f"«{c.quote}» [{c.n}]" for c in citations)
    return "\n".join(lines)


def _labelled(items: Sequence[tuple[str, int]]) -> list[str]:
    """`value [n][m]` for each distinct value, in order of first appearance."""
    refs: dict[str, list[int]] = {}
    for value, n in items:
        numbers = refs.setdefault(value, [])
        if n not in numbers:
            numbers.append(n)
    return [f"{value} " + "".join(f"[{n}]" for n in numbers) for value, numbers in refs.items()]
