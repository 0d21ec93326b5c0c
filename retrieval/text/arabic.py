"""Arabic-aware text normalisation for matching: folding, tokens, light stemming, language detection.

Folding is for comparison only (lexical index, coverage checks); quotes are always taken from the
original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Marks dropped before matching: harakat, Quranic marks, dagger alef, tatweel, and the invisible
# direction and joiner marks that editors leave between letters.
DROPPED = frozenset(
    [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0640, 0x061C]
) | frozenset(range(0x200C, 0x2010))
# Letters folded to one form: the alef forms, ya / alef maqsura / Persian ya, ta marbuta to ha, Persian
# kaf, hamza carriers, and Arabic-Indic and Persian digits to ASCII.
FOLD_TABLE: dict[int, str] = {
    ord(k): v
    for k, v in {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ة": "ه", "ک": "ك", "ؤ": "و", "ئ": "ي",
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
    }.items()
}  # fmt: skip
_FOLD = str.maketrans({**FOLD_TABLE, **dict.fromkeys(DROPPED)})
_FOLD_PAIRS = tuple((chr(k), v) for k, v in FOLD_TABLE.items())  # one character for one
_DIGITS = str.maketrans({k: v for k, v in FOLD_TABLE.items() if v.isdigit()})
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[A-Za-z]")

# Prefixes and suffixes removed by the light stemmer, longest first; the stem keeps 3+ letters.
_PREFIXES = ("وبال", "وكال", "فبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ب", "ل", "ف")
_MAX_PREFIXES = 2
_SUFFIXES = ("هما", "كما", "ات", "ون", "ين", "ان", "ها", "هم", "هن", "كم", "نا", "يه", "يا", "ه", "ي")


def _character_class(codes: frozenset[int]) -> str:
    """A regex character class of `codes`, with runs of neighbouring code points as ranges."""
    ranges: list[list[int]] = []
    for code in sorted(codes):
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in ranges) + "]"


_DROPPED_RUN = re.compile(_character_class(DROPPED) + "+")


def fold(text: str) -> str:
    """Fold text for matching: NFKC, no diacritics, tatweel or direction marks, one alef, ya for alef
    maqsura, ha for ta marbuta, ASCII digits, lower case."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD).lower()


def fold_keeping_offsets(text: str) -> tuple[str, list[int]]:
    """`fold` without NFKC, character by character, with the index in `text` of each folded character
    (plus `len(text)` at the end), so that a match in the folded text maps back to the original.

    Article text is already NFKC (see `cleaning.normalize`); questions are normalised when analysed."""
    # Whole-string operations, not a loop over characters: this runs twice on every sentence an answer weighs.
    origin: list[int] = []
    kept: list[str] = []
    start = 0
    for mark in _DROPPED_RUN.finditer(text):
        origin.extend(range(start, mark.start()))
        kept.append(text[start : mark.start()])
        start = mark.end()
    origin.extend(range(start, len(text) + 1))
    kept.append(text[start:])
    folded = "".join(kept)
    for letter, replacement in _FOLD_PAIRS:  # quicker than str.translate, which looks up every character
        if letter in folded:
            folded = folded.replace(letter, replacement)
    lower = folded.lower()
    # Letter by letter where the whole string differs: a letter whose lower case is longer (İ) stays as it
    # is, and a final capital sigma lower-cases as every other sigma.
    if len(lower) != len(folded) or "Σ" in folded:
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in folded)
    return lower, origin


# Function words and question words: they carry no evidence that a sentence answers a question.
_STOPWORDS_RAW = """
في من على الى إلى عن مع هذا هذه ذلك تلك التي الذي الذين اللذين ما ماذا متى كيف كم أين اين لماذا هل من أي
و او أو ثم قد لقد كان كانت يكون تكون ان أن إن لا لم لن كل بعض بين عند حتى منذ خلال قبل بعد هو هي هم هن
انه أنه إنه انها أنها كما ايضا أيضا الى حول لدى غير سوى وقد وكان وكانت وفي ومن به بها له لها فيه فيها عليه
a an the of in on at to for from by with about as is are was were be been being do does did has have had
what when where who whom whose which why how many much there their they them it its this that these those
and or but not no did into than then also according articles article say said says al el
"""
STOPWORDS = frozenset(fold(w) for w in _STOPWORDS_RAW.split())


def normalize_digits(text: str) -> str:
    """Replace Arabic-Indic and Persian digits by ASCII digits, leaving everything else as is."""
    return text.translate(_DIGITS)


def tokens(text: str) -> list[str]:
    """Folded word tokens (letters and digits)."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=65536)
def light_stem(token: str) -> str:
    """Strip common Arabic prefixes and one suffix (light stemming); English gets a plural `s` off."""
    if not _ARABIC_LETTER.match(token):
        if len(token) > 4 and token.endswith("s") and not token.endswith("ss"):
            return token[:-1]
        return token
    # Prefixes come off until none is left (at most two): "لبشار" and "بشار" must stem alike, even if the
    # second letter was never a prefix, because the index sees one and the question the other.
    for _ in range(_MAX_PREFIXES):
        prefix = next((p for p in _PREFIXES if token.startswith(p) and len(token) - len(p) >= 3), None)
        if prefix is None:
            break
        token = token[len(prefix) :]
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            token = token[: -len(suffix)]
            break
    return token


def content_stems(text: str) -> list[str]:
    """Stemmed tokens of `text` without stopwords: the unit of lexical matching."""
    return [light_stem(t) for t in tokens(text) if t not in STOPWORDS]


def detect_language(text: str) -> str:
    """`ar` when Arabic letters outnumber Latin ones, else `en`."""
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return "ar" if arabic >= latin and arabic > 0 else "en"
