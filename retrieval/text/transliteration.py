"""Matching names across scripts: an English question's "al-Sharaa" or "Belousov" against Arabic text.

Both sides are reduced to a consonant skeleton in a shared phonetic alphabet (vowels, alef, ya, waw
and hamza dropped; an ain kept where the Latin writes one; letters that transliterations confuse
share one class), so that `Moscow` and `موسكو` both become `MSK`. Skeletons of 3+ consonants that
match (exactly, or with one edit for longer ones) count as the same name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from retrieval.text.arabic import fold

_LATIN_DIGRAPHS = (
    ("sch", "X"),
    ("sh", "X"),
    ("ch", "X"),
    ("kh", "H"),
    ("gh", "K"),
    ("th", "T"),
    ("dh", "D"),
    ("ph", "F"),
    ("ck", "K"),
    ("ts", "S"),
    ("aa", "A"),  # a doubled vowel or an apostrophe usually writes an ain: Sharaa, Shar'a
    ("'", "A"),
    ("’", "A"),
    ("`", "A"),
    ("ou", ""),
    ("ee", ""),
    ("oo", ""),
)
_LATIN = {
    "b": "B", "p": "B", "t": "T", "d": "D", "k": "K", "c": "K", "q": "K", "g": "J", "j": "J", "h": "H",
    "f": "F", "v": "F", "s": "S", "z": "S", "x": "KS", "m": "M", "n": "N", "l": "L", "r": "R",
}  # fmt: skip
_ARABIC = {
    "ب": "B", "پ": "B", "ت": "T", "ث": "T", "ط": "T", "د": "D", "ذ": "D", "ض": "D", "ظ": "D", "ج": "J",
    "ح": "H", "خ": "H", "ه": "H", "ك": "K", "ق": "K", "غ": "K", "گ": "K", "ف": "F", "ڤ": "F", "س": "S",
    "ص": "S", "ز": "S", "ش": "X", "م": "M", "ن": "N", "ل": "L", "ر": "R", "ع": "A",
}  # fmt: skip
_ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب")
_LATIN_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an)-")
MIN_SKELETON = 3
MIN_FUZZY = 5  # skeletons this long get one consonant of slack (measured on XQuAD English questions)
_LATIN_ARTICLE = re.compile(r"^(?:al|el)[-‐]", re.IGNORECASE)


def without_article(word: str) -> str:
    """A Latin transliteration without its Arabic article: `al-Sharaa` → `Sharaa`."""
    return _LATIN_ARTICLE.sub("", word)


@lru_cache(maxsize=32768)
def latin_skeleton(word: str) -> str:
    """`al-Sharaa` → `XR`, `Moscow` → `MSK`."""
    word = _LATIN_PREFIX.sub("", word.lower())
    for digraph, sound in _LATIN_DIGRAPHS:
        word = word.replace(digraph, sound)  # upper case: already a class letter
    skeleton = "".join(ch if ch.isupper() else _LATIN.get(ch, "") for ch in word)
    skeleton = re.sub(r"(.)\1+", r"\1", skeleton)  # doubled consonants (Najjar, Assad) are one
    return skeleton[:-1] if skeleton.endswith("H") and len(skeleton) > MIN_SKELETON else skeleton


@lru_cache(maxsize=65536)
def arabic_skeletons(word: str) -> tuple[str, ...]:
    """Skeletons of an Arabic word, with and without a leading article or conjunction."""
    word = fold(word)
    forms = {word}
    for prefix in _ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            forms.add(word[len(prefix) :])
    out = []
    for form in forms:
        with_ain = re.sub(r"(.)\1+", r"\1", "".join(_ARABIC.get(ch, "") for ch in form))
        for skeleton in {with_ain, with_ain.replace("A", "")}:  # an ain is often not written in Latin
            if skeleton.endswith("H"):  # a final ta marbuta (folded to ha) is a vowel in transliteration
                out.append(skeleton[:-1])
            out.append(skeleton)
    return tuple(s for s in out if s)


@lru_cache(maxsize=65536)  # asked for every word of every sentence an English question is checked against
def skeleton_forms(skeleton: str) -> frozenset[str]:
    """The skeleton and, when it is long enough to allow slack, every form of it with one consonant removed."""
    forms = {skeleton}
    if len(skeleton) >= MIN_FUZZY:
        forms |= {skeleton[:i] + skeleton[i + 1 :] for i in range(len(skeleton))}
    return frozenset(forms)


def skeletons_match(a: str, b: str) -> bool:
    """Whether two skeletons name the same word: equal, or the same after removing at most one consonant
    from each one long enough for slack (a consonant missed, added or heard differently)."""
    if len(a) < MIN_SKELETON or len(b) < MIN_SKELETON:
        return False
    return a == b or bool(skeleton_forms(a) & skeleton_forms(b))


_PREFIX_CONSONANTS = "BLFK"  # ب ل ف ك: one-letter prefixes the Arabic light stemmer takes off a word


def as_stemmed(skeleton: str) -> list[str]:
    """A Latin name's skeleton, and the forms the light stemmer would leave of its Arabic spelling: its first
    one or two consonants gone where they are also prefix letters (فلاديمير is indexed as اديمير: FLDMR as
    DMR). Forms shorter than `MIN_SKELETON` are left out."""
    forms = [skeleton]
    for cut in (1, 2):
        if len(skeleton) - cut >= MIN_SKELETON and all(ch in _PREFIX_CONSONANTS for ch in skeleton[:cut]):
            forms.append(skeleton[cut:])
    return forms
