"""Reasons: a cause or purpose marker with the clause it marks.

- Most markers open the reason: بهدف تعزيز التعاون، بسبب الأمطار، ردا على العقوبات، because of the storm. The
  mention is the marker and the clause after it, to the end of the sentence or a strong stop (. ; ؛ : or a
  dash), at most `MAX_WORDS` words.
- Some follow the cause: عدم جاهزية الملاعب كان وراء التأجيل، التماس كهربائي تسبب في الحريق، the storm caused
  ... . The mention is the clause before the marker (from the last comma or stop) and the marker.
- "سبب X إلى" / "يعود (ذلك) إلى" name the cause after إلى: أرجعت الفرق سبب الحادث إلى التماس كهربائي.

"after" / إثر / following mark a cause as often as a time: they are read as a reason only because a "why"
question needs a sentence that has one; the answerer still weighs the sentence as a whole. Reasons may overlap
one another (a cause named before تسبب في and one after سبب ... إلى), never one inside another.
"""

from __future__ import annotations

import re

from retrieval.text.answer_types.model import AnswerType, TypedMention
from retrieval.text.arabic import fold, fold_keeping_offsets

MAX_WORDS = 25
_OPENING = (
    "بهدف", "من أجل", "لأجل", "سعيا", "سعياً", "في إطار", "ضمن جهود", "بسبب", "نظرا", "نظراً", "لأن", "لأنه",
    "لأنها", "لأنهم", "وذلك ل", "وذلك بسبب", "إثر", "على إثر", "على خلفية", "بغية", "جراء", "من جراء", "نتيجة",
    "بداعي", "بحجة", "لكي", "كي", "بناء على", "الرامي إلى", "الرامية إلى", "الهادف إلى", "الهادفة إلى",
    "يهدف إلى", "تهدف إلى", "حرصا على", "حرصا منه", "حرصا منها", "رغبة في", "تمهيدا ل", "لأسباب", "لدواعي",
    "بفضل", "ردا على", "رداً على", "استعدادا ل", "استعداداً ل", "لعدم", "لمخالفة", "لمخالفته", "لمخالفتها",
    "لاحتمال", "لاحتمالية", "يعود ذلك إلى", "يعود السبب إلى", "يرجع ذلك إلى", "يرجع السبب إلى",
    "because of", "because", "due to", "owing to", "in order to", "so that", "aimed at", "aiming to", "aims to",
    "as part of", "as a result of", "for the purpose of", "with the aim of", "in response to", "in a bid to",
    "thanks to", "seeking to", "after", "following",
)  # fmt: skip
_CLOSING = (
    "كان وراء", "كانت وراء", "يقف وراء", "تقف وراء", "تسبب في", "تسببت في", "أدى إلى", "أدت إلى", "أسفر عن",
    "caused", "led to", "prompted", "resulted in",
)  # fmt: skip


def _alternation(markers: tuple[str, ...]) -> str:
    """Folded markers, longest first; one ending in ل attaches to the next word (وذلك لتعزيز), the others are
    whole words."""
    folded = sorted({fold(m) for m in markers}, key=len, reverse=True)
    return "|".join(re.escape(m).replace(r"\ ", r"\s+") + ("" if m.endswith(" ل") else r"(?!\w)") for m in folded)


_FORWARD = re.compile(rf"(?<![\w-])(?:و)?(?:{_alternation(_OPENING)})", re.IGNORECASE)
_BACKWARD = re.compile(rf"(?<![\w-])(?:و)?(?:{_alternation(_CLOSING)})", re.IGNORECASE)
_CAUSE_NAMED = re.compile(r"(?<!\w)(?:ال)?(?:سبب|اسباب)\s+(?:\w+\s+){0,3}?(?:الي|الى)(?!\w)")
_STOP = re.compile(r"(?<!\d)\.|\.(?!\d)|[;؛:!?؟]|\s[-–—]\s|$")  # not the point of 2.5
_CLAUSE_START = re.compile(r"(?:(?<!\d)\.|\.(?!\d)|[;؛:!?؟,،]|\s[-–—]\s)[^.;؛:!?؟,،]*$")
_WORD = re.compile(r"\w+")


def reason_mentions(sentence: str, folded_text: tuple[str, list[int]] | None = None) -> list[TypedMention]:
    """Each cause or purpose of `sentence`, as marked (see the module docstring), in order (`folded_text`: its
    `fold_keeping_offsets`, when already computed)."""
    folded, origin = folded_text or fold_keeping_offsets(sentence)
    spans: list[tuple[int, int]] = []
    for m in [*_FORWARD.finditer(folded), *_CAUSE_NAMED.finditer(folded)]:
        end = _clause_end(folded, m.end())
        if end > m.end():
            spans.append((m.start(), end))
    for m in _BACKWARD.finditer(folded):
        start = _clause_start(folded, m.start())
        if start < m.start():
            spans.append((start, m.end()))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not any(s <= start and end <= e for s, e in kept):  # a marker inside a reason already found
            kept.append((start, end))
    return [
        TypedMention(
            AnswerType.REASON, origin[start], origin[end - 1] + 1, sentence[origin[start] : origin[end - 1] + 1]
        )
        for start, end in kept
    ]


def _clause_end(folded: str, start: int) -> int:
    """The end of the clause opened at `start`: a strong stop, the sentence's end, or `MAX_WORDS` words."""
    stop = _STOP.search(folded, start)
    words = list(_WORD.finditer(folded, start, stop.start() if stop else len(folded)))
    return words[min(len(words), MAX_WORDS) - 1].end() if words else start


def _clause_start(folded: str, end: int) -> int:
    """The start of the clause that ends at `end`: after the last comma or stop before it."""
    before = folded[:end]
    stop = _CLAUSE_START.search(before)
    start = stop.start() + 1 if stop else 0
    words = list(_WORD.finditer(folded, start, end))
    return words[max(0, len(words) - MAX_WORDS)].start() if words else end
