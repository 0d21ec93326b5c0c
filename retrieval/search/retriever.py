"""The index as a LangChain retriever, so that it plugs into any LangChain chain (`Isnad.as_retriever`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from retrieval.records import Hit

if TYPE_CHECKING:
    from retrieval.service import Isnad


class IsnadRetriever(BaseRetriever):
    """Hybrid search over the index: each passage found becomes a `Document` whose metadata says where it
    comes from (article id, title, outlet, publication date, URL, character offsets, score)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    isnad: Any = Field(description="The `Isnad` service to search.")
    k: int = Field(default=8, ge=1, description="Passages returned per query.")

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        service: Isnad = self.isnad
        return [as_document(hit) for hit in service.search(query, self.k)]


def as_document(hit: Hit) -> Document:
    """A search hit as a LangChain `Document`."""
    p = hit.passage
    return Document(
        id=p.passage_id,
        page_content=p.text,
        metadata={
            "article_id": p.article_id,
            "title": p.title,
            "published": p.published.isoformat() if p.published else None,
            "outlet": p.outlet,
            "url": p.url,
            "start": p.start,
            "end": p.end,
            "score": hit.score,
        },
    )
