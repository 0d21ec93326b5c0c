"""English-to-Arabic glossary of news vocabulary: bridges an English question to Arabic sentences.

There is no offline translation model, so common news words are looked up in a hand-written TSV shipped in
`retrieval/data/glossary_en_ar.tsv`: `english<TAB>arabic | arabic | ...`, with `#` comments and blank lines.
Glosses come back as `content_stems`, so they compare directly with the stems of an Arabic sentence.
Names the glossary lacks are left to `retrieval.text.transliteration`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path

from retrieval.errors import IsnadError
from retrieval.text.arabic import content_stems

GLOSSARY_FILE = "glossary_en_ar.tsv"
MIN_DERIVED_LENGTH = 3  # an English form obtained by stripping an ending keeps 3+ letters ("used" is not "us")

_KEY = re.compile(r"[a-z][a-z0-9]*")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[A-Za-z]")

Glossary = Mapping[str, frozenset[str]]


class GlossaryError(IsnadError, ValueError):
    """The glossary file is malformed; the message names the file and the line."""


def parse_glossary(text: str, *, source: str = GLOSSARY_FILE) -> dict[str, frozenset[str]]:
    """English word → Arabic stems of its glosses; raises `GlossaryError` naming `source:line` on a bad line."""
    glossary: dict[str, frozenset[str]] = {}
    defined_on: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            key, stems = _parse_line(line)
            if key in defined_on:
                raise ValueError(f"{key!r} is already defined on line {defined_on[key]}")
        except ValueError as err:
            raise GlossaryError(f"{source}:{number}: {err}") from None
        glossary[key] = stems
        defined_on[key] = number
    return glossary


def _parse_line(line: str) -> tuple[str, frozenset[str]]:
    """`english<TAB>arabic | arabic ...` → (english, stems of the Arabic); ValueError saying what is wrong."""
    fields = line.split("\t")
    if len(fields) != 2:
        raise ValueError(f"expected `english<TAB>arabic | arabic ...` with one TAB, found {len(fields) - 1}")
    key, glosses = fields[0].strip(), [gloss.strip() for gloss in fields[1].split("|")]
    if not _KEY.fullmatch(key):
        raise ValueError(f"English key {key!r} is not one lower-case word")
    for gloss in glosses:
        if not gloss:
            raise ValueError(f"empty gloss for {key!r} (two `|` in a row, or one at an end)")
        if not _ARABIC_LETTER.search(gloss) or _LATIN_LETTER.search(gloss):
            raise ValueError(f"gloss {gloss!r} for {key!r} is not Arabic")
    stems = frozenset(stem for gloss in glosses for stem in content_stems(gloss))
    if not stems:
        raise ValueError(f"the glosses for {key!r} are all stopwords")
    return key, stems


def load_glossary(path: Path | None = None) -> dict[str, frozenset[str]]:
    """Read and parse a glossary file; the one shipped with the package when `path` is None."""
    if path is None:
        text = resources.files("retrieval").joinpath("data", GLOSSARY_FILE).read_text(encoding="utf-8")
        return parse_glossary(text, source=GLOSSARY_FILE)
    return parse_glossary(path.read_text(encoding="utf-8"), source=str(path))


@lru_cache(maxsize=1)
def shipped_glossary() -> Glossary:
    """The packaged glossary, loaded once."""
    return load_glossary()


def english_forms(word: str) -> list[str]:
    """Forms to try for an English word, in order: as given, then without a plural, past or -ing ending."""
    word = unicodedata.normalize("NFKD", word.strip().lower())
    word = "".join(ch for ch in word if not unicodedata.combining(ch))  # attaché → attache
    word = word.replace("’", "'").removesuffix("'s").rstrip("'")
    derived: list[str] = []
    if word.endswith("ies"):
        derived.append(word[:-3] + "y")  # countries → country
    if word.endswith("s") and not word.endswith("ss"):
        derived.append(word[:-1])  # sources → source
    if word.endswith("es"):
        derived.append(word[:-2])  # taxes → tax
    if word.endswith("ied"):
        derived.append(word[:-3] + "y")  # accompanied → accompany
    if word.endswith("ed"):
        derived += [word[:-1], word[:-2]]  # announced → announce, visited → visit
        derived += _undoubled(word[:-2])  # planned → plan
    if word.endswith("ing"):
        derived += [word[:-3] + "e", word[:-3]]  # receiving → receive, hosting → host
        derived += _undoubled(word[:-3])  # hitting → hit
    forms = [word]
    for form in derived:
        if len(form) >= MIN_DERIVED_LENGTH and form not in forms:
            forms.append(form)
    return forms


def _undoubled(stem: str) -> list[str]:
    return [stem[:-1]] if len(stem) > 1 and stem[-1] == stem[-2] and stem[-1] not in "aeiou" else []


def arabic_stems_for(english_word: str, *, glossary: Glossary | None = None) -> frozenset[str]:
    """Arabic stems (as `content_stems` makes them) glossing `english_word`; empty when the glossary lacks it."""
    entries = shipped_glossary() if glossary is None else glossary
    for form in english_forms(english_word):
        if form in entries:
            return entries[form]
    return frozenset()
