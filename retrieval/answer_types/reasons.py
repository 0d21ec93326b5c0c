"""Reasons: a cause or purpose marker and the clause after it (بهدف تعزيز التعاون، because of the storm).

The clause runs to the end of the sentence or to a strong stop (. ; ؛ : or a dash), at most `MAX_WORDS`
words. "after" / إثر / following mark a cause as often as a time: they are read as a reason only because a
"why" question needs a sentence that has one, and the answerer still weighs the sentence as a whole.
"""

from __future__ import annotations

import re

from retrieval.answer_types.model import AnswerType, TypedMention
from retrieval.arabic import fold_keeping_offsets

MAX_WORDS = 25
_ARABIC_MARKERS = (
    "بهدف", "من اجل", "لاجل", "سعيا", "في اطار", "ضمن جهود", "بسبب", "نظرا", "لان", "لانه", "لانها", "لانهم",
    "وذلك ل", "وذلك بسبب", "اثر", "على اثر", "علي اثر", "على خلفيه", "علي خلفيه", "بغيه", "جراء", "من جراء",
    "نتيجه", "بداعي", "بحجه", "لكي", "كي", "بناء على", "بناء علي", "الرامي الي", "الراميه الي", "الرامي الى",
    "الراميه الى", "الهادف الي", "الهادفه الي", "الهادف الى", "الهادفه الى", "يهدف الي", "تهدف الي", "يهدف الى",
    "تهدف الى", "حرصا على", "حرصا علي", "رغبه في", "تمهيدا ل", "لاسباب", "لدواعي", "بفضل",
)  # fmt: skip
_ENGLISH_MARKERS = (
    "because of", "because", "due to", "owing to", "in order to", "so that", "aimed at", "aiming to", "aims to",
    "as part of", "as a result of", "for the purpose of", "with the aim of", "in response to", "in a bid to",
    "thanks to", "seeking to", "after", "following",
)  # fmt: skip


def _alternation(markers: tuple[str, ...]) -> str:
    ordered = sorted(markers, key=len, reverse=True)
    # A marker ending in ل attaches to the next word (وذلك لتعزيز); the others stand as words.
    return "|".join(re.escape(m).replace(r"\ ", r"\s+") + ("" if m.endswith(" ل") else r"(?!\w)") for m in ordered)


_MARKER = re.compile(
    rf"(?<!\w)(?:و)?(?P<marker>{_alternation(_ARABIC_MARKERS)})|(?<![\w-])(?P<en>{_alternation(_ENGLISH_MARKERS)})",
    re.IGNORECASE,
)
_STOP = re.compile(r"(?<!\d)\.|\.(?!\d)|[;؛:!?؟]|\s[-–—]\s|$")  # not the point of 2.5
_WORD = re.compile(r"\w+")


def reason_mentions(sentence: str) -> list[TypedMention]:
    """Each cause or purpose marker of `sentence` with the clause it opens (marker included)."""
    folded, origin = fold_keeping_offsets(sentence)
    found: list[TypedMention] = []
    covered_until = 0
    for m in _MARKER.finditer(folded):
        if m.start() < covered_until:
            continue
        stop = _STOP.search(folded, m.end())
        end = stop.start() if stop else len(folded)
        words = list(_WORD.finditer(folded, m.end(), end))
        if not words:
            continue
        end = words[min(len(words), MAX_WORDS) - 1].end()
        start, stop_at = origin[m.start()], origin[end - 1] + 1
        found.append(TypedMention(AnswerType.REASON, start, stop_at, sentence[start:stop_at]))
        covered_until = end
    return found
