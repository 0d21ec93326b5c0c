"""The lexical side of the index: BM25 over Arabic-folded, lightly stemmed tokens, kept in segments.

A segment is an immutable batch of passages: their term frequencies (postings grouped by term), lengths,
ids and articles. An ingest adds one small segment holding the passages it wrote and naming the articles
it replaced or removed; passages of those articles in earlier segments are then dead. Scores are computed
at query time from statistics summed over the live passages of every segment (passage count, average
length, each term's document frequency), so a search over a base segment and any number of small ones
gives exactly the scores one index built from the same passages would (BM25 as Lucene computes it, the
variant bm25s uses, with its defaults k1 = 1.5 and b = 0.75). Segments are merged now and then (see
`retrieval.index.passage_index`), which drops the dead passages and changes no score.

Why not bm25s any more: it stores scores with the collection's idf and average length baked in, so adding
one passage changes every stored score and the whole index must be rebuilt (22 s at 100,000 passages).

On disk, a folder holds each segment's arrays (`NAME.docs.npy`, ...) and lists (`NAME.json`), and
`state.json`, the manifest: the collection generation the files describe, the lineage (a fresh one for
every full rebuild) and the segments in order. It is derived data: a missing, corrupt or stale copy is
rebuilt from the store.
"""

from __future__ import annotations

import json
import logging
import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from retrieval.index.files import atomic_write_text, remove_path, replace_folder
from retrieval.text.arabic import content_stems
from retrieval.text.query import QueryTerms
from retrieval.text.transliteration import MIN_SKELETON, arabic_skeletons, as_stemmed, skeleton_forms

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
TERMS_VERSION = 3  # bump when folding, stemming or stopwords change, so saved indexes are rebuilt
FORMAT_VERSION = 2  # bump when the files' layout changes
K1, B = 1.5, 0.75
_EMPTY_TOKEN = "\u2205"  # a passage with no content word still counts as a document
_ARRAYS = ("indptr", "docs", "tfs", "lengths")
_CACHED_TERMS = 256
_NO_DOCS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float32)

TermGroup = frozenset[str]  # index terms that all stand for one word of the question


def _top(scores: np.ndarray, k: int) -> list[int]:
    """Positions of the `k` highest scores, highest first (ties: lower position first)."""
    if k < len(scores):
        candidates = np.argpartition(-scores, k - 1)[:k]
        return sorted(candidates.tolist(), key=lambda i: (-scores[i], i))
    return np.argsort(-scores, kind="stable").tolist()


def index_terms(text: str) -> list[str]:
    """The terms a passage or query contributes to BM25."""
    return content_stems(text) or [_EMPTY_TOKEN]


@dataclass(frozen=True, eq=False)
class Segment:
    """Passages `ids` (of `articles`), their lengths in terms, and per term the passages holding it with its
    frequency there (`docs[indptr[t]:indptr[t+1]]`, `tfs[...]`, term t = `vocab[term]`).

    `drops`: articles whose passages in earlier segments this one replaces or removes. `first`/`last`: the
    publishes (numbered within a lineage) it holds; a merged segment holds several."""

    name: str
    first: int
    last: int
    ids: tuple[str, ...]
    articles: tuple[str, ...]
    vocab: dict[str, int]
    indptr: np.ndarray
    docs: np.ndarray
    tfs: np.ndarray
    lengths: np.ndarray
    drops: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        passages: Sequence[tuple[str, str, str]],
        *,
        first: int,
        last: int | None = None,
        drops: Iterable[str] = (),
    ) -> Segment:
        """A segment of (passage id, article id, text) triples."""
        vocab: dict[str, int] = {}
        term_ids: list[np.ndarray] = []
        lengths = np.zeros(len(passages), dtype=np.int32)
        for doc, (_, _, text) in enumerate(passages):
            terms = index_terms(text)
            lengths[doc] = len(terms)
            term_ids.append(np.fromiter((vocab.setdefault(t, len(vocab)) for t in terms), np.int64, len(terms)))
        n = max(len(passages), 1)
        if term_ids:
            owner = np.repeat(np.arange(len(passages), dtype=np.int64), lengths)
            keys, counts = np.unique(np.concatenate(term_ids) * n + owner, return_counts=True)  # by term, then doc
        else:
            keys, counts = _NO_DOCS, _NO_DOCS
        terms_of = keys // n
        indptr = np.searchsorted(terms_of, np.arange(len(vocab) + 1)).astype(np.int64)
        last = first if last is None else last
        return cls(
            name=_segment_name(first, last),
            first=first,
            last=last,
            ids=tuple(p for p, _, _ in passages),
            articles=tuple(a for _, a, _ in passages),
            vocab=vocab,
            indptr=indptr,
            docs=(keys % n).astype(np.int32),
            tfs=counts.astype(np.float32),
            lengths=lengths,
            drops=frozenset(drops),
        )

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages (positions in this segment) that contain `term`, and how often."""
        column = self.vocab.get(term)
        if column is None:
            return _NO_DOCS, _NO_SCORES
        start, end = self.indptr[column], self.indptr[column + 1]
        return self.docs[start:end], self.tfs[start:end]

    @cached_property
    def by_article(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for doc, article in enumerate(self.articles):
            found.setdefault(article, []).append(doc)
        return found

    @cached_property
    def by_id(self) -> dict[str, int]:
        return {pid: doc for doc, pid in enumerate(self.ids)}

    @cached_property
    def names(self) -> dict[str, frozenset[str]]:
        """Skeleton form -> this segment's Arabic terms with that skeleton (for names asked in Latin letters)."""
        by_form: dict[str, set[str]] = {}
        for term in self.vocab:
            if term and not term.isascii():
                for own in arabic_skeletons(term):
                    if len(own) >= MIN_SKELETON:
                        for form in skeleton_forms(own):
                            by_form.setdefault(form, set()).add(term)
        return {form: frozenset(found) for form, found in by_form.items()}

    # --- files ------------------------------------------------------------------------------------
    def files(self) -> list[str]:
        return segment_files(self.name)

    def write(self, directory: Path) -> list[str]:
        """Write this segment's files into `directory`; returns their names."""
        for array in _ARRAYS:
            with (directory / f"{self.name}.{array}.npy").open("wb") as out:
                np.save(out, getattr(self, array), allow_pickle=False)
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        lists = {
            "ids": list(self.ids),
            "articles": list(self.articles),
            "terms": terms,
            "drops": sorted(self.drops),
        }
        atomic_write_text(directory / f"{self.name}.json", json.dumps(lists, ensure_ascii=False))
        return self.files()

    @classmethod
    def read(cls, directory: Path, name: str, first: int, last: int) -> Segment:
        """The segment `name` saved in `directory`; raises on anything missing or inconsistent."""
        lists = json.loads((directory / f"{name}.json").read_text(encoding="utf-8"))
        arrays = {a: np.load(directory / f"{name}.{a}.npy", allow_pickle=False) for a in _ARRAYS}
        ids, articles, terms = list(lists["ids"]), list(lists["articles"]), list(lists["terms"])
        indptr, docs, tfs, lengths = (arrays[a] for a in _ARRAYS)
        if not (
            len(ids) == len(articles) == len(lengths)
            and len(indptr) == len(terms) + 1
            and len(docs) == len(tfs) == (int(indptr[-1]) if len(indptr) else 0)
            and (len(docs) == 0 or (int(docs.min()) >= 0 and int(docs.max()) < len(ids)))
            and bool(np.all(np.diff(indptr) >= 0))
        ):
            raise ValueError(f"segment {name} is inconsistent")
        return cls(
            name=name,
            first=first,
            last=last,
            ids=tuple(ids),
            articles=tuple(articles),
            vocab={term: i for i, term in enumerate(terms)},
            indptr=indptr.astype(np.int64),
            docs=docs.astype(np.int32),
            tfs=tfs.astype(np.float32),
            lengths=lengths.astype(np.int32),
            drops=frozenset(lists.get("drops", ())),
        )


def _segment_name(first: int, last: int) -> str:
    return f"seg-{first:06d}-{last:06d}"


def segment_files(name: str) -> list[str]:
    """The files a segment is saved in."""
    return [f"{name}.{array}.npy" for array in _ARRAYS] + [f"{name}.json"]


@dataclass(frozen=True, slots=True)
class Manifest:
    """What `state.json` says: the generation the folder describes, its lineage and segments, in order."""

    generation: str
    lineage: str
    segments: tuple[tuple[str, int, int], ...]  # (name, first, last)

    @property
    def through(self) -> int:
        return self.segments[-1][2] if self.segments else -1

    def to_json(self) -> str:
        return json.dumps(
            {
                "terms": TERMS_VERSION,
                "format": FORMAT_VERSION,
                "generation": self.generation,
                "lineage": self.lineage,
                "segments": [{"name": n, "first": f, "last": last} for n, f, last in self.segments],
            }
        )

    @classmethod
    def read(cls, directory: Path) -> Manifest | None:
        """The manifest, or None when it is missing, unreadable or from another version (rebuild)."""
        try:
            state = json.loads((directory / STATE_FILE).read_text(encoding="utf-8"))
            if state.get("terms") != TERMS_VERSION or state.get("format") != FORMAT_VERSION:
                return None
            segments = tuple((str(s["name"]), int(s["first"]), int(s["last"])) for s in state["segments"])
            return cls(str(state["generation"]), str(state["lineage"]), segments)
        except Exception:  # missing or damaged: the caller says which and rebuilds
            return None

    def files(self) -> list[str]:
        return [STATE_FILE, *(file for name, _, _ in self.segments for file in segment_files(name))]


@dataclass(eq=False)
class LexicalIndex:
    """BM25 over the live passages of a run of segments, keyed by passage id."""

    segments: tuple[Segment, ...]
    generation: str
    lineage: str = field(default_factory=lambda: uuid.uuid4().hex)
    _live: list[np.ndarray] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.segments = tuple(self.segments)
        self._live = [np.ones(len(s.ids), dtype=bool) for s in self.segments]
        for i, segment in enumerate(self.segments):
            self._bury(segment, self.segments[:i], self._live[:i])
        self._offsets = np.cumsum([0] + [len(s.ids) for s in self.segments])
        self._postings_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        live_lengths = sum(float(s.lengths[live].sum()) for s, live in zip(self.segments, self._live, strict=True))
        self._count = int(sum(int(live.sum()) for live in self._live))
        self._average_length = live_lengths / self._count if self._count else 0.0

    @staticmethod
    def _bury(segment: Segment, earlier: Sequence[Segment], lives: Sequence[np.ndarray]) -> None:
        """Mark dead, in `earlier` segments, the passages `segment` replaces: same ids, or dropped articles."""
        for older, live in zip(earlier, lives, strict=True):
            for article in segment.drops:
                live[older.by_article.get(article, [])] = False
            if len(older.ids) < len(segment.ids):
                dead = [doc for pid, doc in older.by_id.items() if pid in segment.by_id]
            else:
                dead = [doc for doc in (older.by_id.get(pid) for pid in segment.ids) if doc is not None]
            live[dead] = False

    # --- building ---------------------------------------------------------------------------------
    @classmethod
    def build(
        cls, ids: Sequence[str], texts: Sequence[str], generation: str, articles: Sequence[str] | None = None
    ) -> LexicalIndex:
        """One segment over these passages (their articles default to their ids), in a new lineage."""
        owners = articles if articles is not None else ids
        return cls((Segment.of(list(zip(ids, owners, texts, strict=True)), first=0),), generation)

    def extended(self, segments: Sequence[Segment], generation: str) -> LexicalIndex:
        """This index with `segments` added after its own (the same lineage)."""
        return LexicalIndex((*self.segments, *segments), generation, self.lineage)

    @property
    def through(self) -> int:
        """The last publish this index holds (-1 when it holds none)."""
        return self.segments[-1].last if self.segments else -1

    def merged(self) -> LexicalIndex:
        """The same live passages in one segment, dead ones dropped; every score stays the same."""
        if not self.segments:
            return self
        vocab: dict[str, int] = {}
        columns, docs, tfs, ids, articles, lengths = [], [], [], [], [], []
        base = 0
        for segment, live in zip(self.segments, self._live, strict=True):
            position = np.cumsum(live) - 1 + base  # new position of each live passage
            remap = np.fromiter((vocab.setdefault(t, len(vocab)) for t in segment.vocab), np.int64, len(segment.vocab))
            column_of = np.repeat(np.arange(len(segment.vocab)), np.diff(segment.indptr))
            keep = live[segment.docs]
            columns.append(remap[column_of[keep]])
            docs.append(position[segment.docs[keep]])
            tfs.append(segment.tfs[keep])
            ids += [pid for pid, alive in zip(segment.ids, live, strict=True) if alive]
            articles += [a for a, alive in zip(segment.articles, live, strict=True) if alive]
            lengths.append(segment.lengths[live])
            base += int(live.sum())
        column = np.concatenate(columns)
        doc = np.concatenate(docs)
        order = np.lexsort((doc, column))
        column, doc, tf = column[order], doc[order], np.concatenate(tfs)[order]
        used = np.unique(column)  # terms left only in dead passages go
        renumber = np.full(len(vocab), -1, dtype=np.int64)
        renumber[used] = np.arange(len(used))
        terms = sorted(vocab, key=vocab.__getitem__)
        first, last = self.segments[0].first, self.segments[-1].last
        segment = Segment(
            name=_segment_name(first, last),
            first=first,
            last=last,
            ids=tuple(ids),
            articles=tuple(articles),
            vocab={terms[old]: i for i, old in enumerate(used.tolist())},
            indptr=np.searchsorted(renumber[column], np.arange(len(used) + 1)).astype(np.int64),
            docs=doc.astype(np.int32),
            tfs=tf.astype(np.float32),
            lengths=np.concatenate(lengths).astype(np.int32),
            # What the merged segments replaced in segments before them is still replaced.
            drops=frozenset().union(*(s.drops for s in self.segments)),
        )
        return LexicalIndex((segment,), self.generation, self.lineage)

    # --- searching --------------------------------------------------------------------------------
    @cached_property
    def ids(self) -> list[str]:
        """The live passages, in segment order."""
        return [
            pid
            for s, live in zip(self.segments, self._live, strict=True)
            for pid, a in zip(s.ids, live, strict=True)
            if a
        ]

    def __len__(self) -> int:
        return self._count

    def groups_for(self, terms: QueryTerms) -> list[TermGroup]:
        """One group per term of the question: its stems the index holds, and for a name the index's Arabic
        terms with a matching skeleton (a group may be empty: the word is unknown here)."""
        if not self._count:
            return []
        groups = []
        for term in terms.terms:
            group = {stem for stem in term.stems if self._document_frequency(stem)}
            if term.skeleton:
                group |= self._names_like(term.skeleton)
            groups.append(frozenset(group))
        return groups

    def search(self, groups: Sequence[TermGroup], k: int) -> list[tuple[str, float]]:
        """Up to `k` (passage id, BM25 score) pairs with a positive score, best first.

        Each term group (a word with its translations or spellings) adds the BM25 score of its best term in
        the passage, so a word with many glosses counts once."""
        if not self._count or k <= 0:
            return []
        scores = np.zeros(int(self._offsets[-1]), dtype=np.float32)
        for group in groups:
            best = np.zeros_like(scores)
            for term in group:
                positions, values = self._scores(term)
                best[positions] = np.maximum(best[positions], values)
            scores += best
        return [(self._id_at(i), float(scores[i])) for i in _top(scores, k) if scores[i] > 0]

    def coverage(self, groups: Sequence[TermGroup], ids: Sequence[str]) -> dict[str, float]:
        """How much of the question each passage contains: the share of its term groups found there, each group
        weighted by 1 + its idf (rare words count most; the 1 keeps one rare, perhaps mistranslated, word
        from deciding alone in a small collection).

        A word that no passage contains still counts in the whole (as an unseen term), so a question whose
        words the index barely knows gets low coverage everywhere. Unknown ids are left out."""
        if not self._count or not groups:
            return {}
        found = np.zeros(int(self._offsets[-1]))
        weights = self.term_weights(groups)
        for group, rarity in zip(groups, weights, strict=True):
            found[self._documents(group)] += rarity
        located = ((pid, self._position(pid)) for pid in ids)
        return {pid: float(found[at] / sum(weights)) for pid, at in located if at is not None}

    def term_weights(self, groups: Sequence[TermGroup]) -> list[float]:
        """Each term group's weight in coverage: 1 + its BM25 idf (an unseen word is the rarest)."""
        total = self._count
        return [
            1 + math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
            for docs in (self._documents(group) for group in groups)
        ]

    def _documents(self, group: TermGroup) -> np.ndarray:
        """The live passages (positions) holding any term of the group."""
        return np.unique(np.concatenate([self._live_postings(t)[0] for t in group])) if group else _NO_DOCS

    def vocabulary(self) -> list[str]:
        """Every term some live passage holds."""
        return list(self._vocabulary)

    @cached_property
    def _vocabulary(self) -> dict[str, None]:
        terms: dict[str, None] = {}
        for segment, live in zip(self.segments, self._live, strict=True):
            held = np.concatenate([[0], np.cumsum(live[segment.docs])])
            alive = held[segment.indptr[1:]] - held[segment.indptr[:-1]] > 0
            for term, column in segment.vocab.items():
                if alive[column]:
                    terms[term] = None
        return terms

    def _names_like(self, skeleton: str) -> frozenset[str]:
        """The index's Arabic terms whose skeleton matches a Latin name's (see `skeletons_match`), allowing for
        the stemmer having cut a leading letter of the Arabic name (see `as_stemmed`)."""
        forms = {form for stemmed in as_stemmed(skeleton) for form in skeleton_forms(stemmed)}
        found: set[str] = set()
        for segment in self.segments:
            for form in forms:
                found |= segment.names.get(form, frozenset())
        return frozenset(term for term in found if self._document_frequency(term))

    def _live_postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The live passages (global positions) holding `term`, and its weights there (see
        `_gather_postings`), remembered for the terms asked lately: one question asks for each several times."""
        found = self._postings_cache.get(term)
        if found is None:
            if len(self._postings_cache) >= _CACHED_TERMS:
                self._postings_cache.clear()
            found = self._postings_cache[term] = self._gather_postings(term)
        return found

    def _gather_postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Each posting's BM25 term-frequency part under the current average length (Lucene's
        tf / (tf + k1 (1 - b + b dl / avgdl))); a term's score is its idf times these. Computed for the
        postings of the terms asked only, so taking in a new segment costs nothing in proportion to the
        index, and remembered (`_live_postings`)."""
        average = np.float32(self._average_length or 1.0)
        positions, weights = [], []
        for segment, live, offset in zip(self.segments, self._live, self._offsets, strict=False):
            column = segment.vocab.get(term)
            if column is None:
                continue
            start, end = segment.indptr[column], segment.indptr[column + 1]
            docs, tfs = segment.docs[start:end], segment.tfs[start:end]
            alive = live[docs]
            if not alive.all():
                docs, tfs = docs[alive], tfs[alive]
            if not len(docs):
                continue
            lengths = segment.lengths[docs].astype(np.float32)
            norm = np.float32(K1) * (np.float32(1 - B) + np.float32(B) * lengths / average)
            positions.append(docs + int(offset) if offset else docs)
            weights.append((tfs / (tfs + norm)).astype(np.float32, copy=False))
        if not positions:
            return _NO_DOCS, _NO_SCORES
        if len(positions) == 1:
            return positions[0], weights[0]
        return np.concatenate(positions), np.concatenate(weights)

    def _document_frequency(self, term: str) -> int:
        return len(self._live_postings(term)[0])

    def _scores(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """BM25 (Lucene's variant) of `term` in every live passage holding it."""
        positions, weights = self._live_postings(term)
        if not len(positions):
            return positions, _NO_SCORES
        df = len(positions)
        idf = np.float32(math.log(1 + (self._count - df + 0.5) / (df + 0.5)))
        return positions, idf * weights

    def _id_at(self, position: int) -> str:
        segment = int(np.searchsorted(self._offsets, position, side="right")) - 1
        return self.segments[segment].ids[position - int(self._offsets[segment])]

    def _position(self, pid: str) -> int | None:
        """The global position of a live passage, or None."""
        for i in range(len(self.segments) - 1, -1, -1):
            doc = self.segments[i].by_id.get(pid)
            if doc is not None:
                return int(self._offsets[i]) + doc if self._live[i][doc] else None
        return None

    # --- files ------------------------------------------------------------------------------------
    def manifest(self) -> Manifest:
        return Manifest(self.generation, self.lineage, tuple((s.name, s.first, s.last) for s in self.segments))

    def save(self, directory: Path) -> None:
        """Write the whole index atomically: a new folder beside the old one, then a rename
        (`retrieval.index.files.replace_folder`)."""

        def fill(staging: Path) -> None:
            for segment in self.segments:
                segment.write(staging)
            atomic_write_text(staging / STATE_FILE, self.manifest().to_json())

        replace_folder(directory, fill)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex | None:
        """The saved index, or None when it is missing or unreadable (the caller rebuilds it)."""
        manifest = Manifest.read(directory)
        if manifest is None:
            return None
        try:
            segments = read_segments(directory, manifest.segments)
        except FileNotFoundError as err:
            log.warning("The lexical index in %s is incomplete (%s); it will be rebuilt.", directory, err)
            return None
        except Exception as err:
            log.warning("The lexical index in %s is unreadable (%s); it will be rebuilt.", directory, err)
            return None
        return cls(segments, manifest.generation, manifest.lineage)


def read_segments(directory: Path, listed: Iterable[tuple[str, int, int]]) -> list[Segment]:
    return [Segment.read(directory, name, first, last) for name, first, last in listed]


def publish(directory: Path, manifest: Manifest, segment: Segment, generation: str) -> tuple[Manifest, list[str]]:
    """Add `segment` to the saved index described by `manifest`: its files first, then the new manifest
    (an atomic rename), so a reader sees the index before or after, never half of it. Returns the new
    manifest and the files written."""
    written = segment.write(directory)
    published = Manifest(
        generation, manifest.lineage, (*manifest.segments, (segment.name, segment.first, segment.last))
    )
    atomic_write_text(directory / STATE_FILE, published.to_json())
    return published, [*written, STATE_FILE]


def replace_segments(directory: Path, manifest: Manifest, merged: Segment, staged: Path) -> tuple[Manifest, set[str]]:
    """Swap the segments `merged` spans (it holds the same live passages) for it: its files, written in
    `staged` beforehand, are moved in, then the manifest is replaced, then the old files are removed.
    Returns the new manifest and the names of the files removed."""
    for name in merged.files():
        (staged / name).replace(directory / name)
    inside = [(name, first, last) for name, first, last in manifest.segments if merged.first <= first <= merged.last]
    before = tuple(s for s in manifest.segments if s[2] < merged.first)
    after = tuple(s for s in manifest.segments if s[1] > merged.last)
    replaced = Manifest(
        manifest.generation, manifest.lineage, (*before, (merged.name, merged.first, merged.last), *after)
    )
    atomic_write_text(directory / STATE_FILE, replaced.to_json())
    gone = {file for name, _, _ in inside for file in segment_files(name)} - set(merged.files())
    for name in gone:
        remove_path(directory / name)
    return replaced, gone
