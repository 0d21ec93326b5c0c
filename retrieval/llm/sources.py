"""The retrieved passages as numbered sources, delimited so that the model reads them as data."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from retrieval.records import Hit, Passage
from retrieval.text.dates import format_day

# Angle brackets and quotes would let an article close its own <source> tag or forge an attribute.
_TEXT_NEUTRAL = str.maketrans({"<": "‹", ">": "›"})
_ATTRIBUTE_NEUTRAL = str.maketrans({"<": "‹", ">": "›", '"': "'", "\n": " ", "\r": " "})
_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class Source:
    """One passage as the model sees it: `[n]` in the answer refers to it."""

    n: int
    passage: Passage


def number_sources(hits: Sequence[Hit], limit: int | None = None) -> list[Source]:
    """The distinct passages of `hits`, best first, numbered from 1."""
    seen: dict[str, Passage] = {}
    for hit in hits:
        seen.setdefault(hit.passage.passage_id, hit.passage)
    passages = list(seen.values())[:limit]
    return [Source(n, p) for n, p in enumerate(passages, start=1)]


def format_source(source: Source) -> str:
    """One source between `<source ...>` and `</source>`, with anything tag-like in it defused."""
    p = source.passage
    attributes = [f'n="{source.n}"', f'title="{_attribute(p.title)}"']
    if p.outlet:
        attributes.append(f'outlet="{_attribute(p.outlet)}"')
    attributes.append(f'published="{format_day(p.published, "en")}"')
    body = _BLANK_LINES.sub("\n\n", p.text.translate(_TEXT_NEUTRAL).strip())
    return f"<source {' '.join(attributes)}>\n{body}\n</source>"


def format_sources(sources: Sequence[Source]) -> str:
    """All sources, one block each, separated by a blank line."""
    return "\n\n".join(format_source(s) for s in sources)


def _attribute(value: str) -> str:
    return " ".join(value.translate(_ATTRIBUTE_NEUTRAL).split())
