"""Unicode direction isolates, so that mixed Arabic and Latin text reads right in either paragraph direction.

Telegram clients pick a paragraph's direction from its first strong letter, and some set one direction
for a whole message. Without isolates the Unicode bidirectional algorithm reorders neutral characters
around their neighbours: a date after an Arabic title shows as `16-11-2025`, and an Arabic quote
followed by `[4]` in an English line shows as `«[4] »…`. Each piece whose direction is known is
therefore wrapped in an isolate (LRI or RLI … PDI; FSI … PDI where the text decides), which the
algorithm lays out on its own, as one unit, wherever it stands. Applied to plain text, before escaping.
"""

from __future__ import annotations

import re

LRI = "\u2066"  # left-to-right isolate
RLI = "\u2067"  # right-to-left isolate
FSI = "\u2068"  # first-strong isolate: the direction of the first letter inside
PDI = "\u2069"  # pop directional isolate: closes the three above
ISOLATES = frozenset((LRI, RLI, FSI, PDI))

_OPENING = {"ltr": LRI, "rtl": RLI, "auto": FSI}

_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
# Pieces that keep their left-to-right order inside Arabic text: citation markers, numbers and numeric
# dates (`2025-11-16`, `15/10/2025`, `1,234.5`, `2011–2024`), and runs of Latin words (`Vladimir Putin`).
_MARKER = r"\[\d+\]"
_NUMBER = rf"(?<![{_DIGITS}])-?[{_DIGITS}]+(?:[-/.,:–][{_DIGITS}]+)*%?"
_LATIN_WORD = r"[A-Za-z0-9_'’&-]*(?:\.[A-Za-z0-9_'’&-]+)*"  # a full stop only inside a word (`U.S`, `t.me`)
_LATIN_RUN = rf"[/@]?[A-Za-z]{_LATIN_WORD}(?:[ ]+[A-Za-z0-9]{_LATIN_WORD})*"
# Runs of Arabic inside English text: from an Arabic letter to the last Arabic letter (or closing
# quotation mark) before the next Latin letter or citation marker.
_ARABIC_RUN = rf"[«(\"]?[{_ARABIC}](?:[^A-Za-z\[\]\n]*[{_ARABIC}])?[.»)\"؟!]*"
_IN_ARABIC = re.compile(rf"(?P<ltr>{_MARKER}|{_NUMBER}|{_LATIN_RUN})")
_IN_ENGLISH = re.compile(rf"(?P<ltr>{_MARKER})|(?P<rtl>{_ARABIC_RUN})")
ARABIC_LETTER = re.compile(rf"[{_ARABIC}]")
LATIN_LETTER = re.compile(r"[A-Za-z]")


def isolate(text: str, direction: str = "auto") -> str:
    """`text` as one isolated unit: `ltr`, `rtl`, or `auto` (the direction of its first letter)."""
    return f"{_OPENING[direction]}{text}{PDI}" if text else text


def direction_of(text: str) -> str:
    """`rtl` for text whose first letter is Arabic, `ltr` when it is Latin, `auto` when it has no letter."""
    arabic = ARABIC_LETTER.search(text)
    latin = LATIN_LETTER.search(text)
    if arabic and (not latin or arabic.start() < latin.start()):
        return "rtl"
    return "ltr" if latin else "auto"


def isolate_runs(text: str, language: str) -> str:
    """Wrap the pieces of one line that run against `language`'s direction in isolates.

    In Arabic (`ar`): citation markers, numbers, numeric dates and Latin words, left to right.
    In English: citation markers left to right, Arabic runs (with their quotation marks) right to left.
    """
    if language == "ar":
        return _IN_ARABIC.sub(lambda m: isolate(m.group(), "ltr"), text)

    def wrap(match: re.Match[str]) -> str:
        return isolate(match.group(), "ltr" if match.group("ltr") else "rtl")

    return _IN_ENGLISH.sub(wrap, text)


def line(text: str, language: str) -> str:
    """One line of the bot's own text in `language`, isolated as a whole and inside: it reads the same
    whatever direction the client gives the paragraph it lands in."""
    return "\n".join(
        isolate(isolate_runs(part, language), "rtl" if language == "ar" else "ltr") if part.strip() else part
        for part in text.split("\n")
    )


def strip_isolates(text: str) -> str:
    """`text` without isolate characters (for comparing what the user reads)."""
    return "".join(ch for ch in text if ch not in ISOLATES)
