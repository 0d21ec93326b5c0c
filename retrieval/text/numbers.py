"""Numbers in news text: digits of any script, number words of both languages, Arabic dual nouns.

`find_quantities(text)` finds each number with its span in `text` and its value:

* digits in ASCII, Arabic-Indic or Persian form, with thousands separators (`1,500`, `١٬٥٠٠`) and a
  decimal point (`2.5`, `٢٫٥`);
* number words (`three`, `ثلاثة`, `وثلاثة`, `عشرين`, `مئة`, `ألف`), one leading clitic (و ب ل ف) allowed;
* a digit number followed by a scale word is one quantity: `2.5 مليار` is 2,500,000,000;
* an Arabic dual noun (`قاعدتين`, "two bases") counts 2 when asked for (`duals=True`): a word of six or
  more letters after its clitic, ending in تين / تان (shorter ones are mostly names: بوتين).

"One"/"واحد" are left out: "one of the ..." is not a count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.text.arabic import fold_keeping_offsets

Spans = Sequence[tuple[int, int]]

NUMBER_WORDS: dict[str, int] = {  # folded spellings
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "thousand": 1000, "million": 10**6,
    "billion": 10**9,
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4,
    "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6, "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8,
    "تسع": 9, "تسعه": 9, "عشر": 10, "عشره": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30,
    "اربعون": 40, "اربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70,
    "سبعين": 70, "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90, "مئه": 100, "مائه": 100,
    "الف": 1000, "مليون": 10**6, "مليار": 10**9,
}  # fmt: skip
SCALE_WORDS = frozenset({"thousand", "million", "billion", "الف", "مليون", "مليار", "ملايين", "مليارات", "الاف"})
_SCALE_VALUES = {"ملايين": 10**6, "مليارات": 10**9, "الاف": 1000}
_CLITICS = ("و", "ب", "ل", "ف")
_DUAL_ENDINGS = ("تين", "تان")
MIN_DUAL_LETTERS = 6

_DIGITS = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
_SEPARATORS = str.maketrans({"٬": ",", "٫": "."})  # same length: offsets still line up
_SCALE_AFTER = re.compile(r"\s+([^\W\d_]+)")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number in a text: its span there, what it says, and its value."""

    start: int
    end: int
    text: str  # the text as written, e.g. "١٩٠", "ثلاثة", "2.5 مليار", "قاعدتين"
    value: float
    is_word: bool = False  # written as a word (or a dual noun) rather than digits

    @property
    def digits(self) -> str:
        """The value in ASCII digits: `190`, `2.5`, `2,500,000,000`."""
        if self.value.is_integer():
            return f"{int(self.value):,}" if self.value >= 10_000 else str(int(self.value))
        return f"{self.value:g}"


def word_value(word: str, *, duals: bool = False) -> int | None:
    """The value of one folded word: a number word, perhaps after a clitic, or 2 for a dual noun."""
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    bare = word[1:] if word[:1] in _CLITICS and len(word) > 3 else word
    if bare in NUMBER_WORDS:
        return NUMBER_WORDS[bare]
    if duals and len(bare) >= MIN_DUAL_LETTERS and bare.endswith(_DUAL_ENDINGS) and not bare.isascii():
        return 2
    return None


def find_quantities(text: str, skip: Spans = (), *, duals: bool = False) -> list[Quantity]:
    """The numbers of `text` in order, outside the `skip` spans (e.g. the text's dates)."""
    folded, origin = fold_keeping_offsets(text)
    folded = folded.translate(_SEPARATORS)
    found: list[Quantity] = []
    taken_until = 0
    for m in sorted([*_DIGITS.finditer(folded), *_WORD.finditer(folded)], key=lambda m: m.start()):
        if m.start() < taken_until:
            continue
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        if any(s <= start < e for s, e in skip):
            continue
        if m.re is _DIGITS:
            value = float(m.group().replace(",", ""))
            scale = _SCALE_AFTER.match(folded, m.end())
            if scale and scale.group(1) in SCALE_WORDS:
                value *= _SCALE_VALUES.get(scale.group(1)) or NUMBER_WORDS[scale.group(1)]
                end = origin[scale.end() - 1] + 1
                taken_until = scale.end()
            found.append(Quantity(start, end, text[start:end], value))
            continue
        word = word_value(m.group(), duals=duals)
        if word is not None:
            found.append(Quantity(start, end, text[start:end], float(word), is_word=True))
    return found
