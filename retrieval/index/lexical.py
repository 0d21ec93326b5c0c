"""The lexical side of the index: BM25 (bm25s) over Arabic-folded, lightly stemmed tokens.

It is derived data: built from the passages in Chroma and saved under the data directory with the
collection generation it was built from. A missing, corrupt or stale copy is rebuilt from the store.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from retrieval.index.files import replace_folder
from retrieval.text.arabic import content_stems
from retrieval.text.query import QueryTerms
from retrieval.text.transliteration import MIN_SKELETON, arabic_skeletons, as_stemmed, skeleton_forms

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG on import; its progress chatter is not for our users.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_STATE_FILE = "state.json"
TERMS_VERSION = 3  # bump when folding, stemming or stopwords change, so saved indexes are rebuilt
_EMPTY_TOKEN = "\u2205"  # bm25s needs at least one token per document
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


class LexicalIndex:
    """BM25 over passages, keyed by passage id."""

    def __init__(self, ids: Sequence[str], retriever: bm25s.BM25 | None, generation: str) -> None:
        self.ids = list(ids)
        self._retriever = retriever
        self.generation = generation
        self._names: dict[str, frozenset[str]] | None = None  # skeleton form -> Arabic index terms
        self._position = {pid: i for i, pid in enumerate(self.ids)}

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str], generation: str) -> LexicalIndex:
        if not ids:
            return cls([], None, generation)
        retriever = bm25s.BM25()
        retriever.index([index_terms(t) for t in texts], show_progress=False)
        return cls(ids, retriever, generation)

    def groups_for(self, terms: QueryTerms) -> list[TermGroup]:
        """One group per term of the question: its stems the index holds, and for a name the index's Arabic
        terms with a matching skeleton (a group may be empty: the word is unknown here)."""
        if self._retriever is None:
            return []
        vocabulary = self._retriever.vocab_dict
        groups = []
        for term in terms.terms:
            group = {stem for stem in term.stems if stem in vocabulary}
            if term.skeleton:
                group |= self._names_like(term.skeleton)
            groups.append(frozenset(group))
        return groups

    def search(self, groups: Sequence[TermGroup], k: int) -> list[tuple[str, float]]:
        """Up to `k` (passage id, BM25 score) pairs with a positive score, best first.

        Each term group (a word with its translations or spellings) adds the BM25 score of its best term in
        the passage, so a word with many glosses counts once."""
        if self._retriever is None or k <= 0:
            return []
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for group in groups:
            best = np.zeros_like(scores)
            for term in group:
                docs, values = self._postings(term)
                best[docs] = np.maximum(best[docs], values)
            scores += best
        return [(self.ids[i], float(scores[i])) for i in _top(scores, k) if scores[i] > 0]

    def coverage(self, groups: Sequence[TermGroup], ids: Sequence[str]) -> dict[str, float]:
        """How much of the question each passage contains: the share of its term groups found there, each group
        weighted by 1 + its idf (rare words count most; the 1 keeps one rare, perhaps mistranslated, word
        from deciding alone in a small collection).

        A word that no passage contains still counts in the whole (as an unseen term), so a question whose
        words the index barely knows gets low coverage everywhere. Unknown ids are left out."""
        if self._retriever is None or not groups:
            return {}
        found = np.zeros(len(self.ids))
        weights = self.term_weights(groups)
        for group, rarity in zip(groups, weights, strict=True):
            found[self._documents(group)] += rarity
        return {pid: float(found[self._position[pid]] / sum(weights)) for pid in ids if pid in self._position}

    def term_weights(self, groups: Sequence[TermGroup]) -> list[float]:
        """Each term group's weight in coverage: 1 + its BM25 idf (an unseen word is the rarest)."""
        total = len(self.ids)
        return [
            1 + math.log(1 + (total - len(docs) + 0.5) / (len(docs) + 0.5))
            for docs in (self._documents(group) for group in groups)
        ]

    def _documents(self, group: TermGroup) -> np.ndarray:
        """The passages (positions) holding any term of the group."""
        return np.unique(np.concatenate([self._postings(t)[0] for t in group])) if group else _NO_DOCS

    def _names_like(self, skeleton: str) -> frozenset[str]:
        """The index's Arabic terms whose skeleton matches a Latin name's (see `skeletons_match`), allowing for
        the stemmer having cut a leading letter of the Arabic name (see `as_stemmed`)."""
        if self._names is None:  # built on the first English name asked; cheap next to loading the model
            by_form: dict[str, set[str]] = {}
            for term in self.vocabulary():
                if term and not term.isascii():
                    for own in arabic_skeletons(term):
                        if len(own) >= MIN_SKELETON:
                            for form in skeleton_forms(own):
                                by_form.setdefault(form, set()).add(term)
            self._names = {form: frozenset(found) for form, found in by_form.items()}
        names = self._names
        forms = {form for stemmed in as_stemmed(skeleton) for form in skeleton_forms(stemmed)}
        return frozenset().union(*(names.get(form, frozenset()) for form in forms))

    def _postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages (positions) that contain `term`, and its BM25 score in each."""
        column = self._retriever.vocab_dict.get(term) if self._retriever is not None else None
        matrix = self._retriever.scores if self._retriever is not None else None
        if column is None or matrix is None or column + 1 >= len(matrix["indptr"]):
            return _NO_DOCS, _NO_SCORES
        start, end = matrix["indptr"][column], matrix["indptr"][column + 1]  # one column of postings per term
        return matrix["indices"][start:end], matrix["data"][start:end]

    def vocabulary(self) -> list[str]:
        """Every term the index holds."""
        return list(self._retriever.vocab_dict) if self._retriever is not None else []

    def save(self, directory: Path) -> None:
        """Write atomically: a new folder beside the old one, then a rename (`retrieval.index.files.replace_folder`)."""

        def fill(staging: Path) -> None:
            if self._retriever is not None:
                self._retriever.save(str(staging), show_progress=False)
            state = {"generation": self.generation, "ids": self.ids, "terms": TERMS_VERSION}
            (staging / _STATE_FILE).write_text(json.dumps(state), encoding="utf-8")

        replace_folder(directory, fill)

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex | None:
        """The saved index, or None when it is missing or unreadable (the caller rebuilds it)."""
        try:
            state = json.loads((directory / _STATE_FILE).read_text(encoding="utf-8"))
            if state.get("terms") != TERMS_VERSION:
                return None  # built by another version of the term analysis: rebuild
            ids, generation = list(state["ids"]), str(state["generation"])
            retriever = bm25s.BM25.load(str(directory), show_progress=False) if ids else None
            if retriever is not None and int(np.asarray(retriever.scores["num_docs"])) != len(ids):
                raise ValueError("document count does not match the id list")
        except FileNotFoundError:
            return None
        except Exception as err:  # any damage means: rebuild from the store
            log.warning("The lexical index in %s is unreadable (%s); it will be rebuilt.", directory, err)
            return None
        return cls(ids, retriever, generation)
