"""`isnad` (the real command line) with a fast deterministic embedder and a SIGKILL at a chosen moment.

Run as `python crashing_isnad.py ingest PATH ...`. Environment:

    CRASH_AT=upsert:3     kill the process (SIGKILL, as `kill -9` does) just before the 3rd upsert call on
                          any Chroma collection; `delete:N` and `modify:N` (generation bumps) likewise
    WRITES_LOG=PATH       append one line per write call (`upsert:1`, ...), flushed before the call runs
    SLOW_EMBED_S=0.05     sleep this long in every embedding call (for kills from outside after a delay)
    BATCH_PASSAGES=8      passages per write batch (small, so that a small corpus spans several batches)

Nothing here is in the library: the test wraps it from outside, as a debugger would.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from chromadb.api.models.Collection import Collection
from langchain_core.embeddings import DeterministicFakeEmbedding

import retrieval.index.passage_index
import retrieval.service
from bot.cli.main import main

EMBEDDER_SIZE = 32


class QuickEmbeddings(DeterministicFakeEmbedding):
    """Deterministic vectors from the text's hash; optionally slow."""

    identity: str = "test:deterministic-fake-32"
    delay_s: float = 0.0

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        time.sleep(self.delay_s)
        return super().embed_documents(texts)


def watch_writes(crash_at: str | None, log_path: str | None) -> None:
    counts: dict[str, int] = {}
    log = open(log_path, "a", buffering=1, encoding="utf-8") if log_path else None  # noqa: SIM115

    def wrap(name: str) -> None:
        original = getattr(Collection, name)

        def write(self: Collection, *args: object, **kwargs: object) -> object:
            counts[name] = counts.get(name, 0) + 1
            tag = f"{name}:{counts[name]}"
            if log is not None:
                log.write(tag + "\n")
                log.flush()
                os.fsync(log.fileno())
            if tag == crash_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return original(self, *args, **kwargs)

        setattr(Collection, name, write)

    for name in ("upsert", "delete", "modify"):
        wrap(name)


if __name__ == "__main__":
    watch_writes(os.environ.get("CRASH_AT"), os.environ.get("WRITES_LOG"))
    delay = float(os.environ.get("SLOW_EMBED_S", "0"))
    retrieval.service.build_embeddings = lambda settings: QuickEmbeddings(size=EMBEDDER_SIZE, delay_s=delay)
    retrieval.index.passage_index.WRITE_BATCH_PASSAGES = int(os.environ.get("BATCH_PASSAGES", "8"))
    sys.argv[0] = "isnad"
    main()
