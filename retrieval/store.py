"""The Chroma side of the index: client factory, the passage collection and its bookkeeping.

`open_client` picks `PersistentClient` under the data directory or `HttpClient` when a Chroma URL is
set; everything else works the same on either. The collection's metadata records the embedder that
built it and a generation token that changes whenever its contents do, so that the lexical index
(and other processes) can tell when they are stale.

A store never keeps a dead client: after any failed call it opens the client and its collections
again on the next call, so a front end recovers by itself once a Chroma server is back.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from retrieval.embeddings import identity_of
from retrieval.errors import IndexUnusable, StoreUnavailable
from retrieval.records import Passage, Span
from retrieval.settings import Settings

log = logging.getLogger(__name__)

MARKER_FILE = "isnad.json"
INDEX_FORMAT = 1
EMBEDDER_KEY = "isnad_embedder"
GENERATION_KEY = "isnad_generation"
SENTENCES_SUFFIX = "_sentences"
READ_PAGE = 5_000  # records per `get` when reading a whole collection
WRITE_CHUNK = 1_000  # records per `upsert`/`delete` call (Chroma caps a call's batch size)
_REBUILD_HINT = "run `isnad ingest --rebuild` to index the articles again"


def prepare_data_dir(data_dir: Path) -> None:
    """Create the data directory, or check that an existing one is an isnad index and nothing else."""
    marker = data_dir / MARKER_FILE
    if data_dir.exists() and not data_dir.is_dir():
        raise IndexUnusable(f"{data_dir} is a file, not an index folder; set ISNAD_DATA_DIR to a folder.")
    if data_dir.is_dir() and any(data_dir.iterdir()) and not marker.is_file():
        raise IndexUnusable(
            f"{data_dir} is not an isnad index (it has no {MARKER_FILE}); "
            "point ISNAD_DATA_DIR at an empty folder or an existing isnad index."
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    if not marker.is_file():
        marker.write_text(json.dumps({"format": INDEX_FORMAT}), encoding="utf-8")


def open_client(settings: Settings) -> chromadb.ClientAPI:
    """A Chroma client: a server when `chroma_url` is set, else an embedded store in the data directory."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise IndexUnusable(f"ISNAD_CHROMA_URL is not a URL: {settings.chroma_url!r}")
        https = url.scheme == "https"
        try:
            client = chromadb.HttpClient(
                host=url.hostname, port=url.port or (443 if https else 8000), ssl=https, settings=chroma_settings
            )
            client.heartbeat()
        except Exception as err:  # connection errors surface as several types across chromadb versions
            raise StoreUnavailable(f"The Chroma server at {settings.chroma_url} is unreachable: {err}") from err
        return client
    prepare_data_dir(settings.data_dir)
    try:
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as err:
        raise IndexUnusable(f"The index in {settings.chroma_dir} cannot be opened ({err}); {_REBUILD_HINT}.") from err


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What the store holds of one article: the content hashes its passages carry, and how many."""

    hashes: frozenset[str]
    stored: int
    expected: int

    def is_complete(self, article_hash: str) -> bool:
        return self.hashes == {article_hash} and self.stored == self.expected


class PassageStore:
    """The passage collection in Chroma, through LangChain's `Chroma` vector store."""

    def __init__(self, client: chromadb.ClientAPI, name: str, embeddings: Embeddings) -> None:
        self._client = client
        self._name = name
        self.embeddings = embeddings
        self.identity = identity_of(embeddings)
        try:
            self._collection = client.get_or_create_collection(
                name,
                metadata={EMBEDDER_KEY: self.identity, GENERATION_KEY: uuid.uuid4().hex},
                configuration={"hnsw": {"space": "cosine"}},
            )
            # Sentence vectors, written at ingest so that answering never waits for the embedder.
            self._sentences = client.get_or_create_collection(
                name + SENTENCES_SUFFIX,
                metadata={EMBEDDER_KEY: self.identity},
                configuration={"hnsw": {"space": "cosine"}},
            )
        except Exception as err:
            raise _translate(err, f"The collection {name!r} cannot be opened") from err
        built_with = (self._collection.metadata or {}).get(EMBEDDER_KEY)
        if built_with and built_with != self.identity:
            raise IndexUnusable(
                f"The index was built with the embedder {built_with!r} but {self.identity!r} is configured; "
                f"{_REBUILD_HINT}, or set ISNAD_EMBEDDING_MODEL back."
            )
        # Cosine distance in [0, 2] becomes a similarity where higher is closer.
        self.vectorstore = Chroma(
            client=client, collection_name=name, embedding_function=embeddings, relevance_score_fn=lambda d: 1.0 - d
        )

    # --- contents -------------------------------------------------------------------------------
    def count(self) -> int:
        return self._call(self._collection.count)

    def generation(self) -> str:
        """The token that changes whenever the collection's contents change (read from the server)."""
        collection = self._call(lambda: self._client.get_collection(self._name))
        return str((collection.metadata or {}).get(GENERATION_KEY, ""))

    def bump_generation(self) -> str:
        token = uuid.uuid4().hex
        metadata = {EMBEDDER_KEY: self.identity, GENERATION_KEY: token}
        self._call(lambda: self._collection.modify(metadata=metadata))
        return token

    def article_states(self) -> dict[str, ArticleState]:
        result = self._call(lambda: self._collection.get(include=["metadatas"]))
        hashes: dict[str, set[str]] = {}
        stored: dict[str, int] = {}
        expected: dict[str, int] = {}
        for meta in result["metadatas"] or []:
            article_id = str(meta["article_id"])
            hashes.setdefault(article_id, set()).add(str(meta["article_hash"]))
            stored[article_id] = stored.get(article_id, 0) + 1
            expected[article_id] = int(meta["passage_count"])
        return {a: ArticleState(frozenset(hashes[a]), stored[a], expected[a]) for a in hashes}

    def all_passages(self) -> list[Passage]:
        result = self._call(lambda: self._collection.get(include=["documents", "metadatas"]))
        return [
            passage_from_record(pid, doc, meta)
            for pid, doc, meta in zip(result["ids"], result["documents"] or [], result["metadatas"] or [], strict=True)
        ]

    def get(self, ids: Sequence[str]) -> dict[str, Passage]:
        if not ids:
            return {}
        result = self._call(lambda: self._collection.get(ids=list(ids), include=["documents", "metadatas"]))
        return {
            pid: passage_from_record(pid, doc, meta)
            for pid, doc, meta in zip(result["ids"], result["documents"] or [], result["metadatas"] or [], strict=True)
        }

    # --- writes ---------------------------------------------------------------------------------
    def upsert(self, passages: Sequence[Passage], embed_texts: Sequence[str]) -> None:
        """Embed and store passages; ids are deterministic, so a repeated upsert changes nothing."""
        vectors = self.embeddings.embed_documents(list(embed_texts))
        self._call(
            lambda: self._collection.upsert(
                ids=[p.passage_id for p in passages],
                embeddings=vectors,
                documents=[p.text for p in passages],
                metadatas=[passage_metadata(p) for p in passages],
            )
        )

    def upsert_sentences(self, article_id: str, article_hash: str, sentences: Sequence[tuple[Span, str]]) -> None:
        """Embed and store an article's sentences (the evidence the answerer scores)."""
        if not sentences:
            return
        vectors = self.embeddings.embed_documents([text for _, text in sentences])
        self._call(
            lambda: self._sentences.upsert(
                ids=[sentence_id(article_hash, span) for span, _ in sentences],
                embeddings=vectors,
                metadatas=[{"article_id": article_id, "article_hash": article_hash}] * len(sentences),
            )
        )

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        """Stored sentence vectors by id; ids that are not stored are simply absent."""
        if not ids:
            return {}
        result = self._call(lambda: self._sentences.get(ids=list(ids), include=["embeddings"]))
        embeddings = result["embeddings"] if result["embeddings"] is not None else []
        return {sid: list(map(float, vector)) for sid, vector in zip(result["ids"], embeddings, strict=True)}

    def delete_where(self, article_id: str, *, keep_hash: str | None = None) -> None:
        """Delete an article's passages and sentences (all, or those not carrying `keep_hash`)."""
        where: dict = {"article_id": article_id}
        if keep_hash is not None:
            where = {"$and": [where, {"article_hash": {"$ne": keep_hash}}]}
        self._call(lambda: self._collection.delete(where=where))
        self._call(lambda: self._sentences.delete(where=where))

    def reset(self) -> None:
        """Drop the collections and start empty ones (for `--rebuild`)."""
        for name in (self._name, self._name + SENTENCES_SUFFIX):
            self._call(lambda name=name: self._client.delete_collection(name))
        self.__init__(self._client, self._name, self.embeddings)  # type: ignore[misc]

    # --- search ---------------------------------------------------------------------------------
    def dense_search(
        self, query_vector: Sequence[float], k: int, *, published_between: tuple[dt.date, dt.date] | None = None
    ) -> list[tuple[Passage, float]]:
        """The `k` nearest passages with cosine similarity (higher is closer), optionally only from articles
        published within a date range."""
        if k <= 0:
            return []
        where = None
        if published_between:
            first, last = (d.toordinal() for d in published_between)
            where = {"$and": [{"published_day": {"$gte": first}}, {"published_day": {"$lte": last}}]}
        docs = self._call(
            lambda: self.vectorstore.similarity_search_by_vector_with_relevance_scores(
                list(query_vector), k=k, filter=where
            )
        )
        return [(passage_from_record(str(doc.id), doc.page_content, doc.metadata), score) for doc, score in docs]

    def _call(self, fn):  # type: ignore[no-untyped-def]
        try:
            return fn()
        except (IndexUnusable, StoreUnavailable):
            raise
        except Exception as err:
            raise _translate(err, "The index cannot be used") from err


def _translate(err: Exception, what: str) -> Exception:
    """Connection failures become `StoreUnavailable`; anything else means the index is unusable."""
    text = f"{type(err).__name__}: {err}"
    if any(word in text for word in ("Connect", "connect", "Timeout", "timed out", "refused", "Could not connect")):
        return StoreUnavailable(f"The Chroma server is unreachable ({err}); try again when it is back.")
    return IndexUnusable(f"{what} ({err}); {_REBUILD_HINT}.")


def sentence_id(article_hash: str, span: Span) -> str:
    return f"{article_hash[:20]}-s{span.start}-{span.end}"


def passage_metadata(p: Passage) -> dict[str, str | int]:
    """Chroma metadata for a passage (scalars only; absent values are left out)."""
    meta: dict[str, str | int] = {
        "article_id": p.article_id,
        "title": p.title,
        "start": p.start,
        "end": p.end,
        "sentences": ";".join(f"{s.start}-{s.end}" for s in p.sentences),
        "article_hash": p.article_hash,
        "position": p.position,
        "passage_count": p.passage_count,
    }
    if p.published:
        meta["published"] = p.published.isoformat()
        meta["published_day"] = p.published.toordinal()  # a number, so that Chroma can filter on ranges
    if p.outlet:
        meta["outlet"] = p.outlet
    if p.url:
        meta["url"] = p.url
    return meta


def passage_from_record(passage_id: str, text: str, meta: dict) -> Passage:
    spans = tuple(Span(*map(int, pair.split("-"))) for pair in str(meta.get("sentences", "")).split(";") if pair)
    published = meta.get("published")
    return Passage(
        passage_id=passage_id,
        article_id=str(meta["article_id"]),
        title=str(meta.get("title", "")),
        text=text,
        start=int(meta["start"]),
        end=int(meta["end"]),
        sentences=spans,
        published=dt.date.fromisoformat(published) if published else None,
        outlet=meta.get("outlet"),
        url=meta.get("url"),
        article_hash=str(meta.get("article_hash", "")),
        position=int(meta.get("position", 0)),
        passage_count=int(meta.get("passage_count", 1)),
    )
