"""The words of a sentence with their spans in it, folded for matching, and whether punctuation parts a word
from the one before (a name stops at a comma)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.text.answer_types.vocabulary import forms
from retrieval.text.arabic import DROPPED, fold_keeping_offsets

_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*|[$€£%]")  # letters and digits apart: و3 is و + 3, G20 G + 20
_GAP_BREAK = re.compile(r"[^\s\-‐]")  # anything in a gap but spaces and hyphens parts two words
_TRAILING = frozenset(ch for ch in DROPPED if 0x064B <= ch <= 0x065F or ch in (0x0670, 0x0640))


@dataclass(frozen=True, slots=True)
class Word:
    """One word: its span in the sentence, as written, folded, and its readings without clitics."""

    start: int
    end: int
    text: str
    folded: str
    forms: tuple[str, ...]
    after_break: bool  # punctuation (not a hyphen) stands between it and the word before
    gap: str  # what stands between it and the word before, folded (" ", "، ", " «")

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_latin(self) -> bool:
        return self.folded.isascii() and self.folded[:1].isalpha()

    @property
    def is_arabic(self) -> bool:
        return not self.folded.isascii()

    @property
    def is_number(self) -> bool:
        return self.folded[:1].isdigit()


Folded = tuple[str, list[int]]  # fold_keeping_offsets(sentence): the folded text and where each character came from


def words_of(sentence: str, folded_text: Folded | None = None) -> list[Word]:
    """The words of `sentence` in order (`folded_text`: its `fold_keeping_offsets`, when already computed)."""
    folded, origin = folded_text or fold_keeping_offsets(sentence)
    found: list[Word] = []
    previous_end = 0
    for m in _TOKEN.finditer(folded):
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        while end < len(sentence) and ord(sentence[end]) in _TRAILING:
            end += 1
        gap = folded[previous_end : m.start()]
        found.append(
            Word(
                start=start,
                end=end,
                text=sentence[start:end],
                folded=m.group(),
                forms=forms(m.group()),
                after_break=bool(found) and bool(_GAP_BREAK.search(gap)),
                gap=gap,
            )
        )
        previous_end = m.end()
    return found
