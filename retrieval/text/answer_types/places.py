"""The shipped gazetteer (`retrieval/data/places.tsv`): place names in Arabic and English, found in a
sentence's words with or without a clitic or the article (في، بـ، لـ، إلى، من ... stand apart or attach)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from retrieval.errors import IsnadError
from retrieval.text.answer_types.words import Word
from retrieval.text.arabic import fold

PLACES_FILE = "places.tsv"
MAX_NAME_WORDS = 5


class GazetteerError(IsnadError, ValueError):
    """The gazetteer file is malformed; the message names the line."""


@dataclass(frozen=True, slots=True)
class Place:
    kind: str  # country, city, region
    name: str  # the first English name of its line


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Place names as tuples of folded words, and for each first word the most words a name starting with it
    has (so that a sentence's word is looked up only at the lengths that can match)."""

    names: Mapping[tuple[str, ...], Place]
    longest: Mapping[str, int]

    @classmethod
    def of(cls, names: Mapping[tuple[str, ...], Place]) -> Gazetteer:
        longest: dict[str, int] = {}
        for words in names:
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
        return cls(dict(names), longest)


def parse_places(text: str, *, source: str = PLACES_FILE) -> Gazetteer:
    """Every name of the file, as its tuple of folded words; raises `GazetteerError` on a bad line."""
    places: dict[tuple[str, ...], Place] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not fields[0].strip() or not (fields[1].strip() or fields[2].strip()):
            raise GazetteerError(f"{source}:{number}: expected kind<TAB>English names<TAB>Arabic names")
        english = [n.strip() for n in fields[1].split("|") if n.strip()]
        place = Place(fields[0].strip(), english[0] if english else fields[2].split("|")[0].strip())
        for name in (*english, *fields[2].split("|")):
            words = tuple(fold(name).split())
            if words:
                places.setdefault(words, place)
    return Gazetteer.of(places)


@lru_cache(maxsize=1)
def shipped_places() -> Gazetteer:
    text = resources.files("retrieval").joinpath("data", PLACES_FILE).read_text(encoding="utf-8")
    return parse_places(text)


def find_places(words: Sequence[Word], gazetteer: Gazetteer | None = None) -> list[tuple[int, int, Place]]:
    """(first word, last word + 1, place) for each gazetteer name among `words`, longest first, no overlaps.
    An English name must be capitalised; the first word of an Arabic one may carry clitics and the article,
    which the span leaves out only when attached (بالرياض spans the whole word)."""
    places = shipped_places() if gazetteer is None else gazetteer
    found: list[tuple[int, int, Place]] = []
    i = 0
    while i < len(words):
        match = _longest_at(words, i, places)
        if match:
            found.append((i, i + match[0], match[1]))
            i += match[0]
        else:
            i += 1
    return found


def _longest_at(words: Sequence[Word], i: int, places: Gazetteer) -> tuple[int, Place] | None:
    first = words[i]
    if first.is_latin and not first.is_capitalised:
        return None
    most = max((places.longest.get(form, 0) for form in first.forms), default=0)
    for size in range(min(most, len(words) - i), 0, -1):
        rest = words[i + 1 : i + size]
        if any(
            w.after_break or (w.is_latin and not w.is_capitalised and w.folded not in _LATIN_PARTICLES) for w in rest
        ):
            continue
        tail = tuple(w.folded for w in rest)
        for head in first.forms:
            place = places.names.get((head, *tail))
            if place is not None:
                return size, place
    return None


_LATIN_PARTICLES = frozenset({"of", "de", "al", "el", "the", "and"})
