"""The lexical side of the index: BM25 (bm25s) over Arabic-folded, lightly stemmed tokens.

It is derived data: built from the passages in Chroma and saved under the data directory with the
collection generation it was built from. A missing, corrupt or stale copy is rebuilt from the store.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from retrieval.arabic import content_stems
from retrieval.query_expansion import CrossScriptExpander

log = logging.getLogger(__name__)
# bm25s sets its own logger to DEBUG on import; its progress chatter is not for our users.
logging.getLogger("bm25s").setLevel(logging.WARNING)

_STATE_FILE = "state.json"
TERMS_VERSION = 2  # bump when folding, stemming or stopwords change, so saved indexes are rebuilt
_EMPTY_TOKEN = "\u2205"
_LATIN = re.compile(r"[A-Za-z]")  # bm25s needs at least one token per document


def index_terms(text: str) -> list[str]:
    """The terms a passage or query contributes to BM25."""
    return content_stems(text) or [_EMPTY_TOKEN]


class LexicalIndex:
    """BM25 over passages, keyed by passage id."""

    def __init__(self, ids: Sequence[str], retriever: bm25s.BM25 | None, generation: str) -> None:
        self.ids = list(ids)
        self._retriever = retriever
        self.generation = generation
        self._expander: CrossScriptExpander | None = None

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str], generation: str) -> LexicalIndex:
        if not ids:
            return cls([], None, generation)
        retriever = bm25s.BM25()
        retriever.index([index_terms(t) for t in texts], show_progress=False)
        return cls(ids, retriever, generation)

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        """Up to `k` (passage id, BM25 score) pairs with a positive score, best first."""
        if self._retriever is None or k <= 0:
            return []
        terms = [t for t in self._query_terms(query) if t in self._retriever.vocab_dict]
        if not terms:
            return []
        docs, scores = self._retriever.retrieve([terms], k=min(k, len(self.ids)), show_progress=False, n_threads=1)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def vocabulary(self) -> list[str]:
        """Every term the index holds."""
        return list(self._retriever.vocab_dict) if self._retriever is not None else []

    def document_frequency(self, term: str) -> int:
        """How many passages contain `term` (a stem as `index_terms` makes it); 0 when none do."""
        if self._retriever is None or term not in self._retriever.vocab_dict:
            return 0
        column = self._retriever.vocab_dict[term]
        indptr = self._retriever.scores["indptr"]  # one column of postings per term
        return int(indptr[column + 1] - indptr[column])

    def _query_terms(self, query: str) -> list[str]:
        if not _LATIN.search(query):
            return content_stems(query)
        if self._expander is None:  # built on first English query; cheap next to loading the model
            self._expander = CrossScriptExpander(self._retriever.vocab_dict if self._retriever else ())
        return self._expander.terms(query)

    def save(self, directory: Path) -> None:
        """Write atomically: a new folder beside the old one, then a rename."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".lexical-", dir=directory.parent))
        try:
            if self._retriever is not None:
                self._retriever.save(str(staging), show_progress=False)
            state = {"generation": self.generation, "ids": self.ids, "terms": TERMS_VERSION}
            (staging / _STATE_FILE).write_text(json.dumps(state), encoding="utf-8")
            old = directory.with_name(directory.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if directory.exists():
                os.replace(directory, old)
            os.replace(staging, directory)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

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
