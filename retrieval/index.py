"""The index: Chroma passages plus the lexical index kept in step, and incremental, idempotent ingest.

Ingest is keyed on content fingerprints: an article whose passages all carry its current fingerprint
is left alone; a changed one gets its new passages written before the old ones are deleted, so a
crash never loses an article. The collection generation is bumped before the first write and after
the last, so any interrupted ingest leaves the lexical index visibly stale and it is rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
import time
from collections.abc import Sequence

import chromadb
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from retrieval.lexical import LexicalIndex
from retrieval.passages import chunk
from retrieval.records import Article, IngestReport, Passage
from retrieval.settings import Settings
from retrieval.store import PassageStore, open_client

log = logging.getLogger(__name__)

PIPELINE_VERSION = "1"  # bump when cleaning or chunking changes, so ingest re-splits every article
_UPSERT_BATCH = 64
_FRESHNESS_CHECK_S = 2.0


def embedding_text(passage: Passage) -> str:
    """What is embedded for a passage: its text, which is also what gets quoted."""
    return passage.text


class PassageIndex:
    """Passages in Chroma and BM25, searched together and updated together."""

    def __init__(self, settings: Settings, embeddings: Embeddings, *, client: chromadb.ClientAPI | None = None):
        self.settings = settings
        self.store = PassageStore(client or open_client(settings), settings.collection, embeddings)
        self._lexical: LexicalIndex | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    # --- lexical index freshness ---------------------------------------------------------------
    def lexical(self) -> LexicalIndex:
        """The lexical index, reloaded or rebuilt when the collection changed (here or elsewhere)."""
        with self._lock:
            now = time.monotonic()
            if self._lexical is not None and now - self._checked_at < _FRESHNESS_CHECK_S:
                return self._lexical
            generation = self.store.generation()
            self._checked_at = now
            if self._lexical is None or self._lexical.generation != generation:
                self._lexical = self._load_or_rebuild_lexical(generation)
            return self._lexical

    def _load_or_rebuild_lexical(self, generation: str) -> LexicalIndex:
        saved = LexicalIndex.load(self.settings.lexical_dir)
        if saved is not None and saved.generation == generation:
            return saved
        log.info("Rebuilding the lexical index from the store (generation %s).", generation)
        passages = self.store.all_passages()
        lexical = LexicalIndex.build([p.passage_id for p in passages], [p.text for p in passages], generation)
        lexical.save(self.settings.lexical_dir)
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
        by_id = {a.article_id: a for a in articles}  # a repeated id: the last one wins
        states = self.store.article_states()
        pending: list[tuple[Article, str, list[Passage]]] = []
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
            pending.append((article, fingerprint, passages))
        gone = sorted(set(states) - set(by_id)) if prune else []
        if not pending and not gone:
            return IngestReport(articles_unchanged=counts["unchanged"], passages_unchanged=counts["passages_unchanged"])

        self.store.bump_generation()
        passages_added = self._write(pending, progress=progress)
        removed_passages = sum(states[a.article_id].stored for a, _, _ in pending if a.article_id in states) + sum(
            states[g].stored for g in gone
        )
        for article_id in gone:
            self.store.delete_where(article_id)
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

    def _write(self, pending: list[tuple[Article, str, list[Passage]]], *, progress: bool) -> int:
        total = sum(len(p) for _, _, p in pending)
        bar = tqdm(total=total, unit="passage", desc="Indexing", disable=not progress, file=sys.stderr)
        with bar:
            for article, fingerprint, passages in pending:
                sentences = {span: text for p in passages for span, text in p.sentence_texts()}
                self.store.upsert_sentences(article.article_id, fingerprint, list(sentences.items()))
                for i in range(0, len(passages), _UPSERT_BATCH):
                    batch = passages[i : i + _UPSERT_BATCH]
                    self.store.upsert(batch, [embedding_text(p) for p in batch])
                    bar.update(len(batch))
                # New passages are in place before the old version goes.
                self.store.delete_where(article.article_id, keep_hash=fingerprint)
        with self._lock:
            self._lexical = None
        return total

    def rebuild(self) -> None:
        """Empty the collection and the lexical index (`isnad ingest --rebuild` then re-adds everything)."""
        self.store.reset()
        with self._lock:
            self._lexical = None
