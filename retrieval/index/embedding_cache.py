"""`CachedEmbeddings`: an `Embeddings` wrapper that keeps vectors in a sqlite file.

Vectors are keyed by (model, kind, sha256 of the text), so a rerun over unchanged text embeds nothing
and a change of model never reuses stale vectors. Vectors are stored as float32 and are always returned
after a float32 round trip, so a cold run and a cached run rank identically.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from array import array
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from langchain_core.embeddings import Embeddings

from retrieval.errors import IsnadError
from retrieval.index.embeddings import identity_of

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    kind TEXT NOT NULL,
    digest TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, kind, digest)
) WITHOUT ROWID
"""
_LOOKUP_CHUNK = 500  # stays under sqlite's bound-parameter limit


def default_cache_path() -> Path:
    """Where the embedding cache lives unless a caller chooses otherwise."""
    return Path.home() / ".cache" / "isnad" / "embeddings.sqlite"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _to_blob(vector: Sequence[float]) -> bytes:
    return array("f", vector).tobytes()


def _from_blob(blob: bytes) -> list[float]:
    values = array("f")
    values.frombytes(blob)
    return values.tolist()


@dataclass(frozen=True, slots=True)
class CacheStats:
    """Texts served from the cache (`hits`) and texts the wrapped model embedded (`misses`)."""

    document_hits: int = 0
    document_misses: int = 0
    query_hits: int = 0
    query_misses: int = 0


class CachedEmbeddings(Embeddings):
    """Caches document vectors on disk; query vectors in memory and, if asked, on disk too.

    `path=None` keeps the cache in memory only. `model` defaults to the wrapped embedder's identity,
    which the wrapper also reports as its own so that an index built through it matches the bare model.
    """

    def __init__(
        self,
        inner: Embeddings,
        path: Path | str | None,
        *,
        model: str | None = None,
        persist_queries: bool = False,
        query_memo_size: int = 4096,
    ) -> None:
        self.inner = inner
        self.identity = identity_of(inner)
        self.model = model or self.identity
        self.path = Path(path) if path is not None else None
        self.persist_queries = persist_queries
        self._memo: OrderedDict[str, list[float]] = OrderedDict()
        self._memo_size = query_memo_size
        self._lock = threading.Lock()
        self._stats = {"document_hits": 0, "document_misses": 0, "query_hits": 0, "query_misses": 0}
        try:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path or ":memory:", check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as err:
            raise IsnadError(f"The embedding cache {self.path} cannot be opened: {err}") from err

    @property
    def stats(self) -> CacheStats:
        with self._lock:
            return CacheStats(**self._stats)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        digests = [text_digest(t) for t in texts]
        with self._lock:
            found = self._lookup("doc", set(digests))
        missing: dict[str, str] = {}
        for digest, text in zip(digests, texts, strict=True):
            if digest not in found:
                missing.setdefault(digest, text)
        if missing:
            vectors = self.inner.embed_documents(list(missing.values()))
            rows = [(d, _to_blob(v)) for d, v in zip(missing, vectors, strict=True)]
            with self._lock:
                self._store("doc", rows)
            found.update({d: _from_blob(blob) for d, blob in rows})
        with self._lock:
            self._stats["document_misses"] += len(missing)
            self._stats["document_hits"] += len(texts) - len(missing)
        return [list(found[d]) for d in digests]

    def embed_query(self, text: str) -> list[float]:
        digest = text_digest(text)
        with self._lock:
            vector = self._memo.get(digest)
            if vector is None and self.persist_queries:
                vector = self._lookup("query", {digest}).get(digest)
            if vector is not None:
                self._stats["query_hits"] += 1
                self._remember(digest, vector)
                return list(vector)
        blob = _to_blob(self.inner.embed_query(text))
        vector = _from_blob(blob)
        with self._lock:
            self._stats["query_misses"] += 1
            self._remember(digest, vector)
            if self.persist_queries:
                self._store("query", [(digest, blob)])
        return list(vector)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> CachedEmbeddings:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _remember(self, digest: str, vector: list[float]) -> None:
        self._memo[digest] = vector
        self._memo.move_to_end(digest)
        while len(self._memo) > self._memo_size:
            self._memo.popitem(last=False)

    def _lookup(self, kind: str, digests: set[str]) -> dict[str, list[float]]:
        wanted = list(digests)
        found: dict[str, list[float]] = {}
        for i in range(0, len(wanted), _LOOKUP_CHUNK):
            chunk = wanted[i : i + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT digest, vector FROM vectors WHERE model = ? AND kind = ? AND digest IN ({marks})",
                (self.model, kind, *chunk),
            )
            found.update((digest, _from_blob(blob)) for digest, blob in rows)
        return found

    def _store(self, kind: str, rows: list[tuple[str, bytes]]) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO vectors (model, kind, digest, vector) VALUES (?, ?, ?, ?)",
            [(self.model, kind, digest, blob) for digest, blob in rows],
        )
        self._db.commit()
