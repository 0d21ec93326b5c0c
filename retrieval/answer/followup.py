"""Turning a follow-up question into one that stands alone, from the conversation so far.

Without an LLM this is a rule: a short question, one that opens like a continuation ("And ...",
"What about ...", "و..."), or one that leans on a pronoun ("him", "there", "رافقه") carries the
content words of the previous standalone question along with it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from retrieval.records import Turn
from retrieval.text.arabic import STOPWORDS, fold, tokens

_CONTINUATION = re.compile(
    r"^(?:and|but|also|so|then|what about|how about|and what|and who|and when|and where|and how)\b"
    r"|^(?:وماذا|ماذا عن|وما|وكم|وهل|ومن|ومتى|واين|وكيف|ولماذا|وبعد|و)(?:\s|$)|^و\S"
)
_PRONOUNS = frozenset(
    "he him his she her hers it its they them their there".split()
    + [fold(w) for w in "هما هن ذلك تلك هناك هنالك نفسه نفسها".split()]
)
# Arabic object/possessive pronoun suffixes on a verb or noun ("رافقه", "استقبلها", "زيارته").
_ARABIC_SUFFIX_PRONOUN = re.compile(r"\S{2,}(?:ه|ها|هم|هما)$")
_SHORT_QUESTION_TERMS = 2


def is_followup(question: str) -> bool:
    """Whether `question` leans on what was said before."""
    folded = fold(question).strip()
    words = tokens(folded)
    content = [w for w in words if w not in STOPWORDS and w not in _PRONOUNS]
    if _CONTINUATION.search(folded) or len(content) <= _SHORT_QUESTION_TERMS:
        return True
    if any(w in _PRONOUNS for w in words):
        return True
    return any(_ARABIC_SUFFIX_PRONOUN.match(w) and w not in STOPWORDS for w in words[:2])


def condense_by_rule(question: str, history: Sequence[Turn]) -> str:
    """The standalone form of `question`: itself, or with the previous question's content words added."""
    if not history or not is_followup(question):
        return question
    previous = history[-1].standalone_question or history[-1].question
    have = set(tokens(question))
    carried = [w for w in re.findall(r"[^\W_][\w'-]*", previous) if fold(w) not in STOPWORDS and fold(w) not in have]
    carried = [w for w in carried if tokens(w) and tokens(w)[0] not in STOPWORDS]
    if not carried:
        return question
    return f"{question.strip()} ({' '.join(dict.fromkeys(carried))})"
