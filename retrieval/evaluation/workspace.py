"""A throwaway index for one evaluation run: temporary data dir, embedded Chroma, cached embeddings."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from langchain_core.embeddings import Embeddings

from retrieval.index.embedding_cache import CachedEmbeddings
from retrieval.index.embeddings import build_embeddings
from retrieval.records import Answer, Article, Hit, IngestReport, Turn
from retrieval.settings import Settings

Mode = Literal["lexical", "dense", "hybrid"]
MODES: tuple[Mode, ...] = ("lexical", "dense", "hybrid")


class Service(Protocol):
    """The part of `retrieval.service.Isnad` that the harness drives."""

    def ingest_articles(self, articles: Sequence[Article], *, prune: bool = False) -> IngestReport: ...

    def ingest(self, paths: Sequence[Path], *, rebuild: bool = False, prune: bool = False) -> IngestReport: ...

    def search(self, query: str, k: int, *, mode: Mode = "hybrid") -> list[Hit]: ...

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...


ServiceFactory = Callable[..., Service]  # called as factory(settings, embeddings=...)


def default_service_factory(settings: Settings, *, embeddings: Embeddings | None = None) -> Service:
    from retrieval.service import Isnad

    return Isnad(settings, embeddings=embeddings)


@dataclass(frozen=True, slots=True)
class Workspace:
    service: Service
    embeddings: CachedEmbeddings
    settings: Settings  # what the service was built with (temporary data dir)


@contextmanager
def workspace(
    settings: Settings,
    *,
    service_factory: ServiceFactory = default_service_factory,
    embeddings: Embeddings | None = None,
    cache_path: Path | None = None,
    seeds_dir: Path | None = None,
) -> Iterator[Workspace]:
    """Build a service over a fresh temporary index; never the user's data dir or Chroma server.

    `seeds_dir=None` points the service at an empty seeds folder, so nothing but the evaluation's own
    articles can land in the index. `cache_path=None` keeps embeddings cached in memory only.
    """
    with tempfile.TemporaryDirectory(prefix="isnad-eval-", ignore_cleanup_errors=True) as tmp:
        root = Path(tmp)
        if seeds_dir is None:
            seeds_dir = root / "no-seeds"
            seeds_dir.mkdir()
        run_settings = settings.model_copy(
            update={"data_dir": root / "index", "chroma_url": None, "seeds_dir": seeds_dir}
        )
        inner = embeddings if embeddings is not None else build_embeddings(run_settings)
        with CachedEmbeddings(inner, cache_path) as cached:
            service = service_factory(run_settings, embeddings=cached)
            yield Workspace(service=service, embeddings=cached, settings=run_settings)
