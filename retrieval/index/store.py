"""The passage store: the passage and sentence collections in Chroma, and their bookkeeping.

The client comes from `retrieval.index.client` (an embedded store or a server; everything here works the same on
either); ids and metadata from `retrieval.records`. The passage collection's metadata records the embedder
that built it and a generation token that changes whenever its contents do, so that the lexical index (and
other processes) can tell when they are stale.

A store never keeps a dead client: after any failed call it opens the client and its collections again on
the next call, so a front end recovers by itself once a Chroma server is back. What a failure means for the
user is decided by `retrieval.index.client.failure`.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import chromadb
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from retrieval.errors import IndexUnusable, IsnadError
from retrieval.index.client import REBUILD_HINT, ChromaEndpoint, failure
from retrieval.index.embeddings import identity_of
from retrieval.ingest.stories import Sketch, StoredArticle, shingles
from retrieval.records import BAND_KEYS, Passage, Span, passage_from_record, passage_metadata, sentence_id

log = logging.getLogger(__name__)

EMBEDDER_KEY = "isnad_embedder"
GENERATION_KEY = "isnad_generation"
SENTENCES_SUFFIX = "_sentences"
# Sentence vectors are only ever read back by id, never searched, so their collection gets a sparse HNSW
# graph: building the graph is most of the cost of a large ingest (several sentences per passage), and
# a sparse one is two to three times cheaper to build. Collections created earlier keep their settings.
SENTENCES_HNSW = {"space": "cosine", "ef_construction": 10, "max_neighbors": 4}
READ_PAGE = 5_000  # records per `get` when reading a whole collection
WRITE_CHUNK = 1_000  # records per `upsert`/`delete` call (Chroma caps a call's batch size)
STORY_QUERY_ARTICLES = 100  # pending articles whose MinHash bands one store query looks up


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

    `connect` returns the client; it is called again after a failure. `endpoint` is the Chroma server
    it talks to (for messages), None for an embedded store.
    """

    def __init__(
        self,
        connect: Callable[[], chromadb.ClientAPI],
        name: str,
        embeddings: Embeddings,
        *,
        endpoint: ChromaEndpoint | None = None,
    ) -> None:
        self._connect = connect
        self._name = name
        self._endpoint = endpoint
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
            built_with = (collection.metadata or {}).get(EMBEDDER_KEY)
            if built_with and built_with != self.identity:
                raise IndexUnusable(
                    f"The index was built with the embedder {built_with!r} but {self.identity!r} is configured; "
                    f"{REBUILD_HINT}, or set ISNAD_EMBEDDING_MODEL back."
                )
            vectorstore = Chroma(client=client, collection_name=self._name, embedding_function=self.embeddings)
        except IsnadError:
            raise
        except Exception as err:
            raise failure(err, self._endpoint, f"The collection {self._name!r} cannot be opened") from err
        self._client, self._collection, self._sentences = client, collection, sentences
        self.vectorstore = vectorstore

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
            raise failure(err, self._endpoint, "The index cannot be used") from err

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

    def article_states(self, article_ids: Sequence[str] | None = None) -> dict[str, ArticleState]:
        """What the store holds of every article, or only of `article_ids` (a few articles: a feed's new
        items need not read the whole collection)."""
        hashes: dict[str, set[str]] = {}
        stored: dict[str, int] = {}
        expected: dict[str, int] = {}
        for meta in self._metadatas(article_ids):
            article_id = str(meta["article_id"])
            hashes.setdefault(article_id, set()).add(str(meta["article_hash"]))
            stored[article_id] = stored.get(article_id, 0) + 1
            expected[article_id] = int(meta["passage_count"])
        return {a: ArticleState(frozenset(hashes[a]), stored[a], expected[a]) for a in hashes}

    def _metadatas(self, article_ids: Sequence[str] | None) -> Iterator[dict]:
        if article_ids is None:
            yield from (meta for _, _, meta in self._read_all(include=["metadatas"]))
            return
        ids = sorted(set(article_ids))
        for i in range(0, len(ids), WRITE_CHUNK):
            where = {"article_id": {"$in": ids[i : i + WRITE_CHUNK]}}
            page = self._call(lambda where=where: self._collection.get(where=where, include=["metadatas"]))
            yield from page["metadatas"] or []

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

    # --- stories --------------------------------------------------------------------------------
    def story_candidates(self, sketches: Sequence[Sketch]) -> list[StoredArticle]:
        """Stored articles whose first passage shares a MinHash band with one of `sketches`, with the word
        shingles of their text (see `retrieval.ingest.stories`)."""
        found: dict[str, dict] = {}
        for i in range(0, len(sketches), STORY_QUERY_ARTICLES):
            part = [s.bands for s in sketches[i : i + STORY_QUERY_ARTICLES]]
            bands = [{key: {"$in": sorted({keys[b] for keys in part})}} for b, key in enumerate(BAND_KEYS)]
            where = {"$and": [{"position": 0}, {"$or": bands}]}
            page = self._call(lambda where=where: self._collection.get(where=where, include=["metadatas"]))
            for meta in page["metadatas"] or []:
                found[str(meta["article_id"])] = meta
        if not found:
            return []
        texts: dict[str, list[tuple[int, str]]] = {}
        ids = sorted(found)
        for i in range(0, len(ids), WRITE_CHUNK):
            where = {"article_id": {"$in": ids[i : i + WRITE_CHUNK]}}
            page = self._call(lambda where=where: self._collection.get(where=where, include=["documents", "metadatas"]))
            for doc, meta in zip(page["documents"] or [], page["metadatas"] or [], strict=True):
                texts.setdefault(str(meta["article_id"]), []).append((int(meta["start"]), doc))
        stored = []
        for article_id, meta in found.items():
            published = meta.get("published")
            stored.append(
                StoredArticle(
                    article_id=article_id,
                    published=dt.date.fromisoformat(published) if published else None,
                    story_id=meta.get("story_id"),
                    shingles=shingles(_reassemble(texts.get(article_id, []))),
                )
            )
        return stored

    def set_stories(self, relabel: dict[str, str]) -> None:
        """Give every passage of these stored articles (article id -> story id) its new story id."""
        if not relabel:
            return
        ids = sorted(relabel)
        for i in range(0, len(ids), WRITE_CHUNK):
            where = {"article_id": {"$in": ids[i : i + WRITE_CHUNK]}}
            page = self._call(lambda where=where: self._collection.get(where=where, include=["metadatas"]))
            metadatas = [{**meta, "story_id": relabel[str(meta["article_id"])]} for meta in page["metadatas"] or []]
            if metadatas:
                self._call(lambda p=page, m=metadatas: self._collection.update(ids=p["ids"], metadatas=m))

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


def _reassemble(pieces: list[tuple[int, str]]) -> str:
    """An article's text from its passages (start offset, text), which overlap by a sentence."""
    text = ""
    for start, piece in sorted(pieces):
        text = text[:start] + " " * max(0, start - len(text)) + piece
    return text
