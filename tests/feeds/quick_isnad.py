"""`isnad` (the real command line) with a fast deterministic embedder instead of the model, for tests whose
subject is fetching and following, not embedding. Run as `python quick_isnad.py ARGS...`."""

from __future__ import annotations

import sys

from langchain_core.embeddings import DeterministicFakeEmbedding

import retrieval.service
from bot.cli.main import main


class QuickEmbeddings(DeterministicFakeEmbedding):
    identity: str = "test:deterministic-fake-32"


if __name__ == "__main__":
    retrieval.service.build_embeddings = lambda settings: QuickEmbeddings(size=32)
    sys.argv[0] = "isnad"
    main()
