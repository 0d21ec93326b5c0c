"""Stories: articles that tell the same news, grouped at ingest.

The signal is near-duplicate text: the Jaccard similarity of two articles' sets of word 3-shingles (three
consecutive content stems, folded), at least `SAME_STORY_JACCARD`, for articles published within
`SAME_STORY_DAYS` of each other (or undated). Measured on a labelled sample of 200 articles from 13 outlets
(`benchmarks/run_stories.py`): wire copies and rewrites of one release share 0.46-0.82 of their shingles,
different stories at most 0.10, and sentence vectors separate no better (see the README).

Candidates are found with MinHash locality-sensitive hashing (`datasketch`): each article's signature is cut
into `BANDS` bands of `ROWS` values, and the band keys are stored in the metadata of its first passage, so
the store itself answers "which articles share a band with these" in every process and in server mode; the
pending articles are compared among themselves in memory. Every candidate is then checked exactly.

A story's id is taken from its earliest article; an article alone is in no story (`story_id` None). When a
new article joins or bridges stories, the other members' passages are relabelled.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from retrieval.records import BAND_KEYS, Article
from retrieval.text.arabic import content_stems

SHINGLE_WORDS = 3
SAME_STORY_JACCARD = 0.3
SAME_STORY_DAYS = 3
BANDS, ROWS = 32, 2  # a pair at Jaccard 0.3 shares a band with probability 0.95; at 0.45, 0.9996
SEED = 1  # MinHash permutations must be the same in every process and every run

assert len(BAND_KEYS) == BANDS  # the metadata keys the band keys are stored under


def shingles(text: str) -> frozenset[str]:
    """The article's word 3-shingles over folded content stems (all its stems when it has fewer)."""
    stems = content_stems(text)
    if len(stems) < SHINGLE_WORDS:
        return frozenset({" ".join(stems)}) if stems else frozenset()
    return frozenset(" ".join(stems[i : i + SHINGLE_WORDS]) for i in range(len(stems) - SHINGLE_WORDS + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


_TEMPLATE = MinHash(num_perm=BANDS * ROWS, seed=SEED)  # drawing the permutations is the slow part: once


def signature(pieces: Iterable[str]) -> MinHash:
    minhash = MinHash(num_perm=BANDS * ROWS, seed=SEED, permutations=_TEMPLATE.permutations, scheme=_TEMPLATE.scheme)
    minhash.update_batch([piece.encode("utf-8") for piece in pieces])
    return minhash


def band_keys(minhash: MinHash) -> tuple[str, ...]:
    """One short key per band: a hash of its `ROWS` MinHash values."""
    values = minhash.hashvalues
    return tuple(
        hashlib.blake2b(struct.pack(f"<{ROWS}Q", *values[i * ROWS : (i + 1) * ROWS]), digest_size=6).hexdigest()
        for i in range(BANDS)
    )


def close_in_time(a: dt.date | None, b: dt.date | None) -> bool:
    return a is None or b is None or abs((a - b).days) <= SAME_STORY_DAYS


def story_id_for(article_id: str) -> str:
    """The id of the story whose earliest article is `article_id`."""
    return "story-" + hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:12]


def same_story(a: frozenset[str], b: frozenset[str], day_a: dt.date | None, day_b: dt.date | None) -> bool:
    """The rule: near-duplicate text, published close in time."""
    return close_in_time(day_a, day_b) and jaccard(a, b) >= SAME_STORY_JACCARD


@dataclass(frozen=True, slots=True)
class Sketch:
    """What story grouping needs of one article."""

    article_id: str
    published: dt.date | None
    shingles: frozenset[str]
    minhash: MinHash

    @classmethod
    def of(cls, article: Article) -> Sketch:
        pieces = shingles(article.text)
        return cls(article.article_id, article.published, pieces, signature(pieces))

    @property
    def bands(self) -> tuple[str, ...]:
        return band_keys(self.minhash)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article already in the store that shares a band with a pending one."""

    article_id: str
    published: dt.date | None
    story_id: str | None
    shingles: frozenset[str]


@dataclass(frozen=True, slots=True)
class StoryPlan:
    """The story of each pending article (None: alone), and stored articles whose story id must change."""

    stories: dict[str, str | None]
    relabel: dict[str, str]  # stored article id -> its new story id


# Given the pending sketches, the stored articles sharing a band with any of them.
FindStored = Callable[[Sequence[Sketch]], list[StoredArticle]]


def plan_stories(pending: Sequence[Sketch], find_stored: FindStored) -> StoryPlan:
    """Group the pending articles with each other and with the stored ones, by `same_story`."""
    parent: dict[str, str] = {}

    def root(a: str) -> str:
        while parent.setdefault(a, a) != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    by_id = {s.article_id: s for s in pending}
    lsh = MinHashLSH(num_perm=BANDS * ROWS, params=(BANDS, ROWS))
    for sketch in by_id.values():
        if sketch.shingles:
            lsh.insert(sketch.article_id, sketch.minhash)
    for sketch in by_id.values():
        if not sketch.shingles:
            continue
        for other in lsh.query(sketch.minhash):
            if other < sketch.article_id:
                candidate = by_id[other]
                if same_story(sketch.shingles, candidate.shingles, sketch.published, candidate.published):
                    join(sketch.article_id, other)
    stored = {s.article_id: s for s in find_stored(list(by_id.values())) if s.article_id not in by_id}
    for sketch in by_id.values():
        for candidate in stored.values():
            if same_story(sketch.shingles, candidate.shingles, sketch.published, candidate.published):
                join(sketch.article_id, candidate.article_id)

    groups: dict[str, list[str]] = {}
    for article_id in list(parent):
        groups.setdefault(root(article_id), []).append(article_id)
    stories: dict[str, str | None] = dict.fromkeys(by_id)
    relabel: dict[str, str] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        known = sorted({stored[m].story_id for m in members if m in stored and stored[m].story_id})
        if known:
            story = known[0]  # an existing story keeps its id; stories a new article bridges take the first
        else:
            dates = {m: (by_id[m].published if m in by_id else stored[m].published) for m in members}
            earliest = min(members, key=lambda m: (dates[m] is None, dates[m] or dt.date.min, m))
            story = story_id_for(earliest)
        for member in members:
            if member in by_id:
                stories[member] = story
            elif stored[member].story_id != story:
                relabel[member] = story
    return StoryPlan(stories, relabel)
