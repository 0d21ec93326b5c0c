"""The index: Chroma passages plus the lexical index kept in step, and incremental, idempotent ingest.

Ingest is keyed on content fingerprints: an article whose passages all carry its current fingerprint
is left alone; the others are written in batches that span articles, in the crash-safe order that
`retrieval.ingest.write_plan` explains (new passages before old ones are deleted). The collection generation
is bumped before the first write and after the last, so any interrupted ingest leaves the lexical index
visibly stale and it is rebuilt.

Several processes may share one data directory (and one Chroma server): every search compares the
collection generation with the lexical index it holds, and loading, rebuilding and saving the lexical
index happen under a file lock, so one process rebuilds while the others wait and then load its copy.
Ingests are serialised by a second lock. A saved copy that is missing, unreadable, out of date or does
not match its checksums (`retrieval.index.lexical_seal`) is rebuilt from the store.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
from collections.abc import Sequence
from functools import partial

import chromadb
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from retrieval.index import lexical_seal
from retrieval.index.client import endpoint_of, open_client
from retrieval.index.files import remove_path
from retrieval.index.lexical import LexicalIndex
from retrieval.index.locks import file_lock
from retrieval.index.store import PassageStore
from retrieval.ingest.passages import chunk
from retrieval.ingest.write_plan import PendingArticle, plan_writes
from retrieval.records import Article, IngestReport, Passage
from retrieval.settings import Settings

log = logging.getLogger(__name__)

PIPELINE_VERSION = "1"  # bump when cleaning or chunking changes, so ingest re-splits every article
WRITE_BATCH_PASSAGES = 256  # passages embedded and written per round, across articles
LEXICAL_LOCK = "lexical.lock"
INGEST_LOCK = "ingest.lock"


def embedding_text(passage: Passage) -> str:
    """What is embedded for a passage: its text, which is also what gets quoted."""
    return passage.text


class PassageIndex:
    """Passages in Chroma and BM25, searched together and updated together."""

    def __init__(self, settings: Settings, embeddings: Embeddings, *, client: chromadb.ClientAPI | None = None):
        self.settings = settings
        connect = (lambda: client) if client is not None else partial(open_client, settings)
        endpoint = endpoint_of(settings) if client is None else None
        self.store = PassageStore(connect, settings.collection, embeddings, endpoint=endpoint)
        self._lexical: LexicalIndex | None = None
        self._lock = threading.Lock()

    # --- lexical index freshness ---------------------------------------------------------------
    def lexical(self) -> LexicalIndex:
        """The lexical index, reloaded or rebuilt when the collection changed (here or in another process).

        The generation is read on every call (one small request) so that a search right after another
        process's ingest already sees the new passages."""
        with self._lock:
            generation = self.store.generation()
            if self._lexical is None or self._lexical.generation != generation:
                self._lexical = self._load_or_rebuild_lexical(generation)
            return self._lexical

    def _load_or_rebuild_lexical(self, generation: str) -> LexicalIndex:
        directory = self.settings.lexical_dir
        with file_lock(self.settings.data_dir / LEXICAL_LOCK):
            damage = lexical_seal.problem(directory)
            if damage is None:
                saved = LexicalIndex.load(directory)
                if saved is not None and saved.generation == generation:
                    return saved
            elif directory.exists():
                # A copy saved before checksums existed is not damaged, only unverifiable: rebuild it quietly.
                level = logging.WARNING if lexical_seal.seal_path(directory).exists() else logging.INFO
                log.log(level, "The lexical index in %s is damaged (%s); it will be rebuilt.", directory, damage)
                remove_path(directory)
            log.info("Rebuilding the lexical index from the store (generation %s).", generation)
            passages = self.store.all_passages()
            lexical = LexicalIndex.build([p.passage_id for p in passages], [p.text for p in passages], generation)
            try:
                lexical.save(directory)
                lexical_seal.write_seal(directory)
            except OSError as err:  # a read-only or full disk: search with the copy in memory
                log.warning("Could not save the lexical index in %s: %s", directory, err)
            return lexical

    # --- ingest -----------------------------------------------------------------------------------
    def fingerprint(self, article: Article) -> str:
        """Content hash of everything that shapes an article's passages."""
        parts = (
            PIPELINE_VERSION,
            str(self.settings.passage_chars),
            str(self.settings.passage_overlap_sentences),
            article.article_id,
            article.title,
            article.text,
            article.published.isoformat() if article.published else "",
            article.outlet or "",
            article.url or "",
        )
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def ingest(self, articles: Sequence[Article], *, prune: bool = False, progress: bool = False) -> IngestReport:
        """Bring the index in line with `articles`; with `prune`, drop articles not among them."""
        with file_lock(self.settings.data_dir / INGEST_LOCK):
            return self._ingest(articles, prune=prune, progress=progress)

    def _ingest(self, articles: Sequence[Article], *, prune: bool, progress: bool) -> IngestReport:
        by_id = {a.article_id: a for a in articles}  # a repeated id: the last one wins
        states = self.store.article_states()
        pending: list[PendingArticle] = []
        counts = {"added": 0, "replaced": 0, "unchanged": 0, "passages_unchanged": 0}
        for article in by_id.values():
            fingerprint = self.fingerprint(article)
            state = states.get(article.article_id)
            if state is not None and state.is_complete(fingerprint):
                counts["unchanged"] += 1
                counts["passages_unchanged"] += state.stored
                continue
            passages = chunk(
                article,
                target_chars=self.settings.passage_chars,
                overlap=self.settings.passage_overlap_sentences,
                article_hash=fingerprint,
            )
            counts["replaced" if state is not None else "added"] += 1
            pending.append(PendingArticle(article.article_id, fingerprint, passages))
        gone = sorted(set(states) - set(by_id)) if prune else []
        if not pending and not gone:
            return IngestReport(articles_unchanged=counts["unchanged"], passages_unchanged=counts["passages_unchanged"])

        self.store.bump_generation()
        passages_added = self._write(pending, progress=progress)
        replaced = [a.article_id for a in pending if a.article_id in states]
        removed_passages = sum(states[a].stored for a in replaced) + sum(states[g].stored for g in gone)
        self.store.delete_articles(gone)
        self.store.bump_generation()
        self.lexical()  # rebuild now, while the user is waiting for ingest anyway
        return IngestReport(
            articles_added=counts["added"],
            articles_replaced=counts["replaced"],
            articles_removed=len(gone),
            articles_unchanged=counts["unchanged"],
            passages_added=passages_added,
            passages_removed=removed_passages,
            passages_unchanged=counts["passages_unchanged"],
        )

    def _write(self, pending: list[PendingArticle], *, progress: bool) -> int:
        """Write the pending articles batch by batch, in the order `retrieval.ingest.write_plan` requires."""
        total = sum(len(a.passages) for a in pending)
        bar = tqdm(total=total, unit="passage", desc="Indexing", disable=not progress, file=sys.stderr)
        with bar:
            for batch in plan_writes(pending, batch_passages=WRITE_BATCH_PASSAGES):
                self.store.upsert_sentences(batch.sentences)
                self.store.upsert(batch.passages, [embedding_text(p) for p in batch.passages])
                self.store.delete_other_versions(batch.completed)
                bar.update(len(batch.passages))
        with self._lock:
            self._lexical = None
        return total

    def rebuild(self) -> None:
        """Empty the collection and the lexical index (`isnad ingest --rebuild` then re-adds everything).

        Under the ingest lock: emptying the collections under another process's ingest would leave it
        writing to collections that no longer exist."""
        with file_lock(self.settings.data_dir / INGEST_LOCK):
            self.store.reset()
        with self._lock:
            self._lexical = None
