"""`[n]` markers in an answer: reading them, the sentences they belong to, and renumbering them.

A marker is `[1]`, `[1, 3]`, `[1][3]`, `[source 2]` or the same with Arabic-Indic digits. Markers that
follow a sentence's full stop ("... in October. [2]") belong to that sentence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from retrieval.text.arabic import normalize_digits

_MARKER = re.compile(
    r"\[\s*(?:(?:sources?|المصدر|المصادر|مصدر)\s*)?(\d{1,4}(?:\s*[,،;]\s*\d{1,4})*)\s*\]", re.IGNORECASE
)
_ANY_MARKER = r"\[[^\[\]\n]{1,40}\]"
# A sentence ends at . ! ? ؟ (plus any markers after them) before a space and a non-lower-case letter,
# or at a line break; "U.S. officials" and "1.5" do not end one.
_SENTENCE_END = re.compile(rf"[.!?؟]+(?:\s*{_ANY_MARKER})*(?=\s+[^a-z\s]|\s*$)|\n")
_LIST_NUMBER = re.compile(r"\s*\d{1,3}[.)]")  # "2." opening a list item ends no sentence
# What a model copies from an instruction instead of citing or answering: `[n]`, `[source]`, `[...]`, a lone "…".
_PLACEHOLDER = re.compile(
    r"\[\s*(?:[a-zA-Z]|#|n(?:umber)?|sources?|citation|ref|source number|\.\.\.|…|ن|رقم)\s*\]"
    r"|(?<![\w.])(?:\.\.\.|…)(?![\w.])",
    re.IGNORECASE,
)
_REPEATED = re.compile(r"(\[\d+\])(?:\s*\1)+")
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+(?=[.,;:!?؟،؛])")


@dataclass(frozen=True, slots=True)
class Marker:
    """One bracketed citation in the answer text."""

    start: int
    end: int
    numbers: tuple[int, ...]  # as written, in order


@dataclass(frozen=True, slots=True)
class AnswerSentence:
    """A sentence of the answer: its text without markers and the source numbers it cites."""

    text: str
    cites: tuple[int, ...]


def find_markers(text: str) -> list[Marker]:
    """Every citation marker in `text`, in order."""
    digits = normalize_digits(text)  # same offsets as `text`
    return [
        Marker(m.start(), m.end(), tuple(int(n) for n in re.findall(r"\d+", m.group(1))))
        for m in _MARKER.finditer(digits)
    ]


def find_placeholder(text: str) -> str | None:
    """The first placeholder in `text` (`[n]`, `[source]`, a lone `…`), or None."""
    found = _PLACEHOLDER.search(text)
    return found.group().strip() if found else None


def split_sentences(text: str, markers: Sequence[Marker], valid: set[int]) -> list[AnswerSentence]:
    """The sentences of `text`, each with the valid source numbers its markers cite."""
    cuts = [0]
    for found in _SENTENCE_END.finditer(text):
        if not _LIST_NUMBER.fullmatch(text, cuts[-1], found.end()):
            cuts.append(found.end())
    cuts.append(len(text))
    sentences = []
    for start, end in pairwise(cuts):
        inside = [m for m in markers if start <= m.start < end]
        cites = tuple(dict.fromkeys(n for m in inside for n in m.numbers if n in valid))
        plain = _without(text[start:end], [(m.start - start, m.end - start) for m in inside]).strip()
        if plain or cites:
            sentences.append(AnswerSentence(plain, cites))
    return sentences


def rewrite_markers(text: str, markers: Sequence[Marker], renumber: Mapping[int, int]) -> str:
    """`text` with each marker's numbers mapped through `renumber`; numbers it lacks are dropped."""
    out: list[str] = []
    last = 0
    for m in markers:
        numbers = list(dict.fromkeys(renumber[n] for n in m.numbers if n in renumber))
        out.append(text[last : m.start])
        if numbers:
            out.append("".join(f"[{n}]" for n in numbers))
        last = m.end
    out.append(text[last:])
    rewritten = _REPEATED.sub(r"\1", "".join(out))
    return _SPACE_BEFORE_PUNCT.sub("", rewritten).strip()


def _without(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + text[end:]
    return " ".join(text.split())
