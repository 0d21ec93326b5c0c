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
from retrieval.errors import IndexUnusable, IsnadError, StoreUnavailable
from retrieval.records import Passage, Span
from retrieval.settings import Settings

log = logging.getLogger(__name__)

MARKER_FILE = "isnad.json"
INDEX_FORMAT = 1
EMBEDDER_KEY = "isnad_embedder"
GENERATION_KEY = "isnad_generation"
SENTENCES_SUFFIX = "_sentences"
# Sentence vectors are only ever read back by id, never searched, so their collection gets a sparse HNSW
# graph: building the graph is most of the cost of a large ingest (several sentences per passage), and
# a sparse one is two to three times cheaper to build. Collections created earlier keep their settings.
SENTENCES_HNSW = {"space": "cosine", "ef_construction": 10, "max_neighbors": 4}
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
    prepare_data_dir(settings.data_dir)  # the lexical index and chat histories live there in both modes
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
            raise unreachable(settings.chroma_url, err) from err
        return client
    try:
        return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
    except Exception as err:
        raise IndexUnusable(f"The index in {settings.chroma_dir} cannot be opened ({err}); {_REBUILD_HINT}.") from err


def unreachable(server: str | None, err: BaseException) -> StoreUnavailable:
    """The one-line message for a Chroma server that does not answer."""
    where = f"The Chroma server at {server}" if server else "The Chroma server"
    return StoreUnavailable(f"{where} is unreachable ({_reason(err)}); start it, or check ISNAD_CHROMA_URL.")


@dataclass(frozen=True, slots=True)
class ArticleState:
    """What the store holds of one article: the content hashes its passages carry, and how many."""

    hashes: frozenset[str]
    stored: int
    expected: int

    def is_complete(self, article_hash: str) -> bool:
        return self.hashes == {article_hash} and self.stored == self.expected


class SentenceRow(NamedTuple):
    """One sentence to embed and store: the article it belongs to, its span and its text."""

    article_id: str
    article_hash: str
    span: Span
    text: str


class PassageStore:
    """The passage collection in Chroma, through LangChain's `Chroma` vector store.

    `connect` returns the client; it is called again after a failure (`server` names the Chroma
    server in messages, None for an embedded store).
    """

    def __init__(
        self,
        connect: Callable[[], chromadb.ClientAPI],
        name: str,
        embeddings: Embeddings,
        *,
        server: str | None = None,
    ) -> None:
        self._connect = connect
        self._name = name
        self._server = server
        self.embeddings = embeddings
        self.identity = identity_of(embeddings)
        self._reopen_lock = threading.Lock()
        self._broken = False
        self._open()

    def _open(self) -> None:
        """(Re)open the client and both collections, checking which embedder built them."""
        try:
            client = self._connect()
            collection = client.get_or_create_collection(
                self._name,
                metadata={EMBEDDER_KEY: self.identity, GENERATION_KEY: uuid.uuid4().hex},
                configuration={"hnsw": {"space": "cosine"}},
            )
            # Sentence vectors, written at ingest so that answering never waits for the embedder.
            sentences = client.get_or_create_collection(
                self._name + SENTENCES_SUFFIX,
                metadata={EMBEDDER_KEY: self.identity},
                configuration={"hnsw": SENTENCES_HNSW},
            )
        except IsnadError:
            raise
        except Exception as err:
            raise self._translate(err, f"The collection {self._name!r} cannot be opened") from err
        built_with = (collection.metadata or {}).get(EMBEDDER_KEY)
        if built_with and built_with != self.identity:
            raise IndexUnusable(
                f"The index was built with the embedder {built_with!r} but {self.identity!r} is configured; "
                f"{_REBUILD_HINT}, or set ISNAD_EMBEDDING_MODEL back."
            )
        self._client, self._collection, self._sentences = client, collection, sentences
        self.vectorstore = Chroma(client=client, collection_name=self._name, embedding_function=self.embeddings)

    def _call(self, fn):  # type: ignore[no-untyped-def]
        """Run `fn` against the store, reopening it first if the last call failed."""
        if self._broken:
            with self._reopen_lock:
                if self._broken:
                    self._open()
                    self._broken = False
                    log.info("Reopened the Chroma collection %r.", self._name)
        try:
            return fn()
        except IsnadError:
            self._broken = True
            raise
        except Exception as err:
            self._broken = True
            raise self._translate(err, "The index cannot be used") from err

    def _translate(self, err: Exception, what: str) -> IsnadError:
        """Connection failures become `StoreUnavailable`; anything else means the index is unusable."""
        if _is_connection_failure(err):
            return unreachable(self._server, err)
        return IndexUnusable(f"{what} ({_reason(err)}); {_REBUILD_HINT}.")

    # --- contents -------------------------------------------------------------------------------
    def count(self) -> int:
        return self._call(lambda: self._collection.count())

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
        hashes: dict[str, set[str]] = {}
        stored: dict[str, int] = {}
        expected: dict[str, int] = {}
        for _, _, meta in self._read_all(include=["metadatas"]):
            article_id = str(meta["article_id"])
            hashes.setdefault(article_id, set()).add(str(meta["article_hash"]))
            stored[article_id] = stored.get(article_id, 0) + 1
            expected[article_id] = int(meta["passage_count"])
        return {a: ArticleState(frozenset(hashes[a]), stored[a], expected[a]) for a in hashes}

    def all_passages(self) -> list[Passage]:
        return [passage_from_record(pid, doc, meta) for pid, doc, meta in self._read_all(["documents", "metadatas"])]

    def _read_all(self, include: list[str]) -> Iterator[tuple[str, str, dict]]:
        """Every record as (id, document, metadata), read a page at a time, each id once."""
        seen: set[str] = set()
        offset = 0
        while True:
            page = self._call(
                lambda offset=offset: self._collection.get(include=include, limit=READ_PAGE, offset=offset)
            )
            ids = page["ids"]
            documents = page["documents"] or [""] * len(ids)
            for pid, doc, meta in zip(ids, documents, page["metadatas"] or [], strict=True):
                if pid not in seen:
                    seen.add(pid)
                    yield pid, doc, meta
            if len(ids) < READ_PAGE:
                return
            offset += READ_PAGE

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
        for i in range(0, len(passages), WRITE_CHUNK):
            part = passages[i : i + WRITE_CHUNK]
            self._call(
                lambda part=part, i=i: self._collection.upsert(
                    ids=[p.passage_id for p in part],
                    embeddings=vectors[i : i + len(part)],
                    documents=[p.text for p in part],
                    metadatas=[passage_metadata(p) for p in part],
                )
            )

    def upsert_sentences(self, sentences: Sequence[SentenceRow]) -> None:
        """Embed and store sentences (the evidence the answerer scores)."""
        if not sentences:
            return
        vectors = self.embeddings.embed_documents([s.text for s in sentences])
        for i in range(0, len(sentences), WRITE_CHUNK):
            part = sentences[i : i + WRITE_CHUNK]
            self._call(
                lambda part=part, i=i: self._sentences.upsert(
                    ids=[sentence_id(s.article_hash, s.span) for s in part],
                    embeddings=vectors[i : i + len(part)],
                    metadatas=[{"article_id": s.article_id, "article_hash": s.article_hash} for s in part],
                )
            )

    def sentence_vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        """Stored sentence vectors by id; ids that are not stored are simply absent."""
        if not ids:
            return {}
        result = self._call(lambda: self._sentences.get(ids=list(ids), include=["embeddings"]))
        embeddings = result["embeddings"] if result["embeddings"] is not None else []
        return {sid: list(map(float, vector)) for sid, vector in zip(result["ids"], embeddings, strict=True)}

    def delete_other_versions(self, current: dict[str, str]) -> None:
        """Delete the passages and sentences of these articles that do not carry their current hash.

        `current` maps article id to content hash; a hash includes the article id, so one article's
        current hash never matches another article's records."""
        items = sorted(current.items())
        for i in range(0, len(items), WRITE_CHUNK):
            part = dict(items[i : i + WRITE_CHUNK])
            ids, hashes = sorted(part), sorted(set(part.values()))
            self._delete({"$and": [{"article_id": {"$in": ids}}, {"article_hash": {"$nin": hashes}}]})

    def delete_articles(self, article_ids: Sequence[str]) -> None:
        """Delete every passage and sentence of these articles."""
        ids = sorted(article_ids)
        for i in range(0, len(ids), WRITE_CHUNK):
            self._delete({"article_id": {"$in": ids[i : i + WRITE_CHUNK]}})

    def _delete(self, where: dict) -> None:
        # Sentences first: passages decide whether an article is complete, so while any are left over
        # the next ingest still sees the article as unfinished and deletes again.
        self._call(lambda: self._sentences.delete(where=where))
        self._call(lambda: self._collection.delete(where=where))

    def reset(self) -> None:
        """Drop the collections and start empty ones (for `--rebuild`)."""
        for name in (self._name, self._name + SENTENCES_SUFFIX):
            self._call(lambda name=name: self._client.delete_collection(name))
        self._call(self._open)

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
        # This LangChain call hands back Chroma's cosine distance (0 = same direction) as the "score".
        return [
            (passage_from_record(str(doc.id), doc.page_content, doc.metadata), 1.0 - distance) for doc, distance in docs
        ]


_CONNECTION_WORDS = ("Connect", "connect", "Timeout", "timed out", "refused", "unreachable")


def _is_connection_failure(err: BaseException) -> bool:
    """Whether `err` says the server could not be reached (as opposed to refusing what was asked)."""
    if isinstance(err, httpx.TransportError | ConnectionError | TimeoutError):
        return True
    return any(word in f"{type(err).__name__}: {err}" for word in _CONNECTION_WORDS)


def _reason(err: BaseException) -> str:
    """The first line of an exception's message (or its type), short enough for a one-line message."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return text if len(text) <= 160 else text[:157] + "..."


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
