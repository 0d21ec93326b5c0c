"""What kind of answer a question asks for, read from its wording (English and Arabic)."""

from __future__ import annotations

import re
from enum import Enum

from retrieval.text.arabic import fold


class QuestionKind(Enum):
    WHEN = "when"
    COUNT = "count"  # how many / how much
    WHO = "who"
    WHY = "why"  # why / for what purpose
    OTHER = "other"


_WHEN = re.compile(
    r"\bwhen\b|\bwhat (?:date|day|year|month|time)\b|\bwhich (?:date|day|year|month)\b|\bon what date\b"
    r"|متي|(?:في|فى) (?:اي )?(?:يوم|تاريخ|عام|سنه|شهر)|ما (?:هو )?تاريخ|اي (?:يوم|تاريخ|عام|شهر)"
)
_COUNT = re.compile(r"\bhow (?:many|much)\b|\bnumber of\b|\bwhat (?:amount|price|sum)\b|(?:^|\s)كم(?:\s|$)|ما عدد|عدد")
_WHY = re.compile(
    r"\bwhy\b|\b(?:purpose|aim|goal|reason|motive)s?\b|\bfor what\b|لماذا|لم(?:اذا)? "
    r"|ما (?:هو |هي )?(?:الهدف|هدف|الغرض|سبب|السبب|دوافع|الدافع)|ما الذي دفع|بهدف ماذا"
)
_WHO = re.compile(
    r"\bwho\b|\bwhom\b|\bwhose\b|\bwhich (?:official|analyst|minister|person|people|leader|president|officer)\b"
    r"|^من\b|^و?من (?:هو|هي|هم)|(?:^|\s)من (?:هو|هي|هم)(?:\s|$)|^مع من|^بمن"
)


def question_kind(question: str) -> QuestionKind:
    """The answer type a question expects; `OTHER` when its wording does not say."""
    text = fold(question).strip()
    if _WHEN.search(text):
        return QuestionKind.WHEN
    if _COUNT.search(text):
        return QuestionKind.COUNT
    if _WHO.search(text):
        return QuestionKind.WHO
    if _WHY.search(text):
        return QuestionKind.WHY
    return QuestionKind.OTHER
