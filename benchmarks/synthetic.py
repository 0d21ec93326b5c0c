"""Synthetic Arabic-like articles and a cheap deterministic embedder, for measuring the store and the
lexical index at scale without measuring an embedding model.

The words are made of Arabic letters, drawn from a fixed vocabulary with a Zipf-like frequency (a few
very common words, a long tail of rare ones), so that BM25 sees realistic posting lists. The embedder
hashes words into a 384-dimensional vector (the size of multilingual-e5-small's), normalised: texts
sharing words are close, which gives the HNSW graph real structure to search.
"""

from __future__ import annotations

import itertools
import random
import zlib
from collections.abc import Iterator

import numpy as np
from langchain_core.embeddings import Embeddings

from retrieval.records import Article

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
VOCABULARY_SIZE = 20_000
DIMENSIONS = 384


def vocabulary(seed: int = 7) -> list[str]:
    """Distinct pseudo-words of 2 to 7 Arabic letters."""
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < VOCABULARY_SIZE:
        words["".join(rng.choice(LETTERS) for _ in range(rng.randint(2, 7)))] = None
    return list(words)


class Writer:
    """Sentences and articles of pseudo-Arabic text, the same for the same seed."""

    def __init__(self, seed: int = 11) -> None:
        self.words = vocabulary()
        self.rng = random.Random(seed)
        ranks = np.arange(1, len(self.words) + 1)
        self.cumulative = list(itertools.accumulate(1.0 / ranks**1.05))

    def sentence(self) -> str:
        count = self.rng.randint(10, 24)
        chosen = self.rng.choices(self.words, cum_weights=self.cumulative, k=count)
        return " ".join(chosen) + "."

    def query(self) -> str:
        """Three to five words, mostly from the middle of the frequency range."""
        return " ".join(self.rng.choice(self.words[50:5_000]) for _ in range(self.rng.randint(3, 5)))

    def articles(self) -> Iterator[Article]:
        """An endless run of articles of 3 to 25 sentences (about 1 to 4 passages of 700 characters)."""
        for number in itertools.count():
            sentences = [self.sentence() for _ in range(self.rng.randint(3, 25))]
            yield Article(article_id=f"synthetic/{number:07d}.txt", title=f"خبر {number}", text=" ".join(sentences))


class HashingEmbeddings(Embeddings):
    """Each word adds ±1 to one of 384 dimensions (chosen by CRC32 of the word); the sum is normalised."""

    identity = "benchmark:hashing-384"

    def __init__(self) -> None:
        self._slots: dict[str, tuple[int, float]] = {}

    def _slot(self, word: str) -> tuple[int, float]:
        slot = self._slots.get(word)
        if slot is None:
            code = zlib.crc32(word.encode("utf-8"))
            slot = self._slots[word] = (code % DIMENSIONS, 1.0 if code & 0x80000000 else -1.0)
        return slot

    def _embed(self, text: str) -> list[float]:
        vector = np.zeros(DIMENSIONS, dtype=np.float32)
        for word in text.split():
            index, sign = self._slot(word.strip("."))
            vector[index] += sign
        norm = float(np.linalg.norm(vector))
        return (vector / norm if norm else vector).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._embed(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)
