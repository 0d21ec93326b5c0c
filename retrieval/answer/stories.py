"""One quote for a sentence several outlets carry: near-identical quotes from articles of one story merged.

The answerer quotes sentences, each a `Citation`. When articles of one story (the same `story_id`, see
`retrieval.ingest.stories`) carry the same sentence, as wire copies do, the answer should quote it once and
say who reported it. `merge_story_quotes` groups such citations; quotes that differ are left apart, and so
are quotes that differ on a number or a date (the date each one means, resolved against its article's
publication date), so that where outlets disagree both are shown, each cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from retrieval.records import Citation
from retrieval.text.arabic import normalize_digits, tokens
from retrieval.text.dates import find_dates

NEAR_IDENTICAL = 0.85  # share of words in common (difflib's ratio over folded words) for one quote
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True, slots=True)
class StoryQuote:
    """A quoted sentence and the citations that carry it: the first is the one quoted, the others are the
    same sentence in other articles of its story, in the order they were cited."""

    citations: tuple[Citation, ...]

    @property
    def quote(self) -> str:
        return self.citations[0].quote

    @property
    def outlets(self) -> tuple[str, ...]:
        """The outlets that carry the quote, each once, in order (an article without one: its title)."""
        return tuple(dict.fromkeys(c.outlet or c.title for c in self.citations))

    @property
    def reported_by(self) -> int:
        return len(self.outlets)


def merge_story_quotes(citations: Sequence[Citation]) -> list[StoryQuote]:
    """The citations grouped, in order of first appearance, so that near-identical quotes from different
    articles of one story become one `StoryQuote`; every other citation is a `StoryQuote` of its own.
    Citations of one article (several may share `n`) are never merged with each other."""
    groups: list[list[Citation]] = []
    for citation in citations:
        home = next((g for g in groups if _same_sentence(g[0], citation, g)), None)
        if home is None:
            groups.append([citation])
        else:
            home.append(citation)
    return [StoryQuote(tuple(group)) for group in groups]


def _same_sentence(first: Citation, other: Citation, group: list[Citation]) -> bool:
    if not first.story_id or first.story_id != other.story_id:
        return False
    if any(c.article_id == other.article_id for c in group):
        return False
    return near_identical(first, other)


def near_identical(a: Citation, b: Citation) -> bool:
    """The same sentence in other words at most: most words in common, the same numbers, the same dates."""
    return same_wording(a, b) and same_facts(a, b)


def disagree(a: Citation, b: Citation) -> bool:
    """Two articles of one story give the same sentence with a different number or date: both are shown."""
    return bool(a.story_id) and a.story_id == b.story_id and same_wording(a, b) and not same_facts(a, b)


def same_wording(a: Citation, b: Citation) -> bool:
    """Most words in common (difflib's ratio over folded words)."""
    return SequenceMatcher(None, tokens(a.quote), tokens(b.quote), autojunk=False).ratio() >= NEAR_IDENTICAL


def same_facts(a: Citation, b: Citation) -> bool:
    """The same numbers (outside dates) and the same dates, each date as what it means in its article."""
    return _facts(a) == _facts(b)


def _facts(citation: Citation) -> tuple[list[str], list[tuple[object, ...]]]:
    """The quote's numbers outside its dates, sorted, and what each date means: its resolved range, or what its
    words fix when unresolved."""
    text = normalize_digits(citation.quote)
    dates = find_dates(text, citation.published)
    for mention in reversed(dates):  # a date's numbers are compared as the date
        text = text[: mention.start] + " " + text[mention.end :]
    meanings = [(m.earliest, m.latest) if m.resolved else (m.parts,) for m in dates]
    return sorted(_NUMBER.findall(text)), meanings
