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
    """A sentence of the answer: its text without markers, the source numbers it cites, and its claims: the
    text before each run of adjacent markers with the numbers of that run ("on 1 October [2]; on 2 October
    [1]" is two claims). Text after the last run belongs to it."""

    text: str
    cites: tuple[int, ...]
    claims: tuple[tuple[str, tuple[int, ...]], ...] = ()


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
            sentences.append(AnswerSentence(plain, cites, _claims(text, start, end, inside, valid)))
    return sentences


def _claims(
    text: str, start: int, end: int, markers: Sequence[Marker], valid: set[int]
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    runs: list[list[Marker]] = []
    for m in markers:
        if runs and not text[runs[-1][-1].end : m.start].strip():
            runs[-1].append(m)
        else:
            runs.append([m])
    claims: list[tuple[str, tuple[int, ...]]] = []
    cut = start
    for run in runs:
        numbers = tuple(dict.fromkeys(n for m in run for n in m.numbers if n in valid))
        claims.append((" ".join(text[cut : run[0].start].split()), numbers))
        cut = run[-1].end
    rest = " ".join(text[cut:end].split())
    if claims and rest:
        claims[-1] = (f"{claims[-1][0]} {rest}", claims[-1][1])
    elif rest:
        claims.append((rest, ()))
    return tuple((claim, numbers) for claim, numbers in claims if claim or numbers)


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
