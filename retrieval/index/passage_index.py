"""The index: Chroma passages plus the lexical index kept in step, and incremental, idempotent ingest.

Ingest is keyed on content fingerprints: an article whose passages all carry its current fingerprint
is left alone; the others are written in batches that span articles, in the crash-safe order that
`retrieval.ingest.write_plan` explains (new passages before old ones are deleted). The collection generation
is bumped before the first write and after the last, so any interrupted ingest leaves the lexical index
visibly stale and it is rebuilt.

A completed ingest makes its passages searchable lexically everywhere at once: holding the lexical lock,
it bumps the generation a last time and adds one segment with its passages to the saved lexical index
(`retrieval.index.lexical`), which then describes the new generation. Several processes may share one
data directory (and one Chroma server): every search compares the collection generation with the lexical
index it holds and, under the same lock, extends it with the segments published since. While another
ingest is under way (its lock is held) the last complete index serves. A saved copy that is missing,
unreadable, of another generation with no ingest under way (an interrupted ingest, a change made elsewhere)
or that does not match its checksums (`retrieval.index.lexical_seal`) is rebuilt from the store: one
process rebuilds while the others wait and then load its copy. Ingests are serialised by a second lock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import sys
import threading
from collections.abc import Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import chromadb
from filelock import Timeout
from langchain_core.embeddings import Embeddings
from tqdm import tqdm

from retrieval.index import lexical_seal
from retrieval.index.client import endpoint_of, open_client
from retrieval.index.files import remove_path
from retrieval.index.lexical import (
    STATE_FILE,
    LexicalIndex,
    Manifest,
    Segment,
    publish,
    read_segments,
    replace_segments,
    segment_files,
)
from retrieval.index.locks import file_lock
from retrieval.index.store import PassageStore
from retrieval.ingest.passages import chunk
from retrieval.ingest.stories import Sketch, plan_stories
from retrieval.ingest.write_plan import PendingArticle, plan_writes
from retrieval.records import Article, IngestReport, Passage, SourceInfo
from retrieval.settings import Settings

log = logging.getLogger(__name__)

PIPELINE_VERSION = "1"  # bump when cleaning or chunking changes, so ingest re-splits every article
WRITE_BATCH_PASSAGES = 256  # passages embedded and written per round, across articles
LEXICAL_LOCK = "lexical.lock"
INGEST_LOCK = "ingest.lock"
MERGE_AT_SEGMENTS = 8  # small lexical segments kept before they are merged
FEW_ARTICLES = 1_000  # an ingest of at most this many articles (without --prune) reads only their states


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
        """The lexical index, brought up to date when the collection changed (here or in another process).

        The generation is read on every call (one small request) so that a search right after another
        process's ingest already sees the new passages: it loads only the segment that ingest published."""
        with self._lock:
            generation = self.store.generation()
            if self._lexical is None or self._lexical.generation != generation:
                self._lexical = self._refresh_lexical()
            return self._lexical

    def _refresh_lexical(self) -> LexicalIndex:
        """Under the lexical lock: the saved index when it describes the collection's generation (extending
        the one held, or loaded whole), or while another ingest is under way the last complete one; else a
        rebuild. The generation is read again once the lock is held: an ingest that was publishing while
        this process waited for the lock has bumped it meanwhile, and has finished by now."""
        directory = self.settings.lexical_dir
        with file_lock(self.settings.data_dir / LEXICAL_LOCK):
            generation = self.store.generation()
            manifest = Manifest.read(directory)
            if manifest is not None and (manifest.generation == generation or self._ingest_running()):
                # An ingest under way publishes its passages when it completes; until then the last
                # complete index serves (dense search already sees what it has written).
                current = self._follow(manifest)
                if current is not None:
                    return current
            elif manifest is None:
                self._discard_unusable(directory)
            return self._rebuild_lexical(generation)

    def _follow(self, manifest: Manifest) -> LexicalIndex | None:
        """The saved index `manifest` describes: the one held, extended by the segments published since,
        or else loaded whole; None when the copy on disk cannot be trusted."""
        directory = self.settings.lexical_dir
        held = self._lexical
        if held is not None and held.lineage == manifest.lineage and held.through <= manifest.through:
            added = [s for s in manifest.segments if s[1] > held.through]
            if not added:
                return held  # nothing published since (an ingest is under way): keep what is held, as it is
            if added[0][1] == held.through + 1:
                files = [file for name, _, _ in added for file in segment_files(name)]
                damage = lexical_seal.problem_with(directory, files)
                if damage is None:
                    try:
                        return held.extended(read_segments(directory, added), manifest.generation)
                    except Exception as err:  # sealed but unreadable: treat as damage
                        damage = str(err)
                log.warning("The lexical index in %s is damaged (%s); it will be rebuilt.", directory, damage)
                remove_path(directory)
                return None
        if lexical_seal.problem(directory) is None:
            saved = LexicalIndex.load(directory)
            if saved is not None and saved.generation == manifest.generation:
                return saved
            return None
        self._discard_unusable(directory)
        return None

    @staticmethod
    def _discard_unusable(directory: Path) -> None:
        """Remove a saved copy that cannot be used, saying why (it is rebuilt next)."""
        if not directory.exists():
            return
        damage = lexical_seal.problem(directory)
        if damage is None:  # whole, but written by another version of isnad
            log.info("The lexical index in %s is from another version; it will be rebuilt.", directory)
        else:
            # A copy saved before checksums existed is not damaged, only unverifiable: rebuild it quietly.
            level = logging.WARNING if lexical_seal.seal_path(directory).exists() else logging.INFO
            log.log(level, "The lexical index in %s is damaged (%s); it will be rebuilt.", directory, damage)
        remove_path(directory)

    def _ingest_running(self) -> bool:
        """Whether another process (or thread) holds the ingest lock right now."""
        lock = file_lock(self.settings.data_dir / INGEST_LOCK)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            return True
        lock.release()
        return False

    def _rebuild_lexical(self, generation: str) -> LexicalIndex:
        """A new lexical index read from the store, saved with its checksums (under the lexical lock)."""
        log.info("Rebuilding the lexical index from the store (generation %s).", generation)
        passages = self.store.all_passages()
        lexical = LexicalIndex.build(
            [p.passage_id for p in passages], [p.text for p in passages], generation, [p.article_id for p in passages]
        )
        self._save_whole(lexical)
        return lexical

    def _save_whole(self, lexical: LexicalIndex) -> None:
        directory = self.settings.lexical_dir
        try:
            lexical.save(directory)
            lexical_seal.write_seal(directory)
        except OSError as err:  # a read-only or full disk: search with the copy in memory
            log.warning("Could not save the lexical index in %s: %s", directory, err)

    def _publish_lexical(
        self, before: str, pending: Sequence[PendingArticle], gone: Sequence[str], *, fresh: bool
    ) -> bool:
        """Make an ingest's passages searchable lexically by every process: bump the generation and, in the
        same hold of the lexical lock, add one segment with the passages written (naming the articles they
        replace and those removed) to the saved index, when that index describes the collection as it was
        before this ingest (`before`). A `fresh` collection (empty before) gets a new index of its own.
        False when neither applies (the caller rebuilds)."""
        directory = self.settings.lexical_dir
        rows = [(p.passage_id, p.article_id, p.text) for a in pending for p in a.passages]
        with file_lock(self.settings.data_dir / LEXICAL_LOCK):
            after = self.store.bump_generation()
            try:
                manifest = Manifest.read(directory)
                if fresh:
                    articles = [row[1] for row in rows]
                    built = LexicalIndex.build([r[0] for r in rows], [r[2] for r in rows], after, articles)
                    self._save_whole(built)
                    return True
                if manifest is None or manifest.generation != before:
                    return False
                drops = {a.article_id for a in pending} | set(gone)
                segment = Segment.of(rows, first=manifest.through + 1, drops=drops)
                _, written = publish(directory, manifest, segment, after)
                lexical_seal.update_seal(directory, added=written)
                return True
            except OSError as err:
                log.warning("Could not add to the lexical index in %s: %s", directory, err)
                return False

    def _merge_lexical(self) -> None:
        """Merge the saved index's small segments when there are more than `MERGE_AT_SEGMENTS`: the ones after
        the base into one, or everything (dropping dead passages) once they hold a quarter of the base.

        The merged files are written beside the folder without the lock, then swapped in under it, so
        searches elsewhere wait only for the swap. Scores do not change, so neither does the generation."""
        directory = self.settings.lexical_dir
        manifest = Manifest.read(directory)
        if manifest is None or len(manifest.segments) <= MERGE_AT_SEGMENTS:
            return
        if lexical_seal.problem(directory) is not None:
            return  # the next search rebuilds it
        saved = LexicalIndex.load(directory)
        if saved is None:
            return
        base, tail = saved.segments[0], saved.segments[1:]
        whole = sum(len(s.ids) for s in tail) * 4 >= len(base.ids)
        merged = (saved if whole else LexicalIndex(tail, saved.generation, saved.lineage)).merged().segments[0]
        staging = directory.with_name(directory.name + ".merging")
        remove_path(staging)
        staging.mkdir(parents=True)
        try:
            merged.write(staging)
            with file_lock(self.settings.data_dir / LEXICAL_LOCK):
                if Manifest.read(directory) != manifest:
                    return  # changed meanwhile (a rebuild): this merge is moot
                _, gone = replace_segments(directory, manifest, merged, staging)
                lexical_seal.update_seal(directory, added=[*merged.files(), STATE_FILE], removed=gone)
            log.info("Merged %d lexical segments into %s.", len(saved.segments) - (0 if whole else 1), merged.name)
        except OSError as err:
            log.warning("Could not merge the lexical index in %s: %s", directory, err)
        finally:
            remove_path(staging)

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
            *((article.author,) if article.author else ()),  # absent before authors were read: hashes unchanged
        )
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()

    def ingest(self, articles: Sequence[Article], *, prune: bool = False, progress: bool = False) -> IngestReport:
        """Bring the index in line with `articles`; with `prune`, drop articles not among them."""
        with file_lock(self.settings.data_dir / INGEST_LOCK):
            return self._ingest(articles, prune=prune, progress=progress)

    def _ingest(self, articles: Sequence[Article], *, prune: bool, progress: bool) -> IngestReport:
        by_id = {a.article_id: a for a in articles}  # a repeated id: the last one wins
        few = not prune and len(by_id) <= FEW_ARTICLES
        states = self.store.article_states(list(by_id) if few else None)
        empty = not states and (not few or self.store.count() == 0)  # nothing stored before this ingest
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
        pending, relabel = self._with_stories(pending, by_id, look_in_store=not empty)

        before = self.store.generation()
        self.store.bump_generation()
        self.store.set_stories(relabel)  # before the new passages: a crash leaves no member unlabelled
        passages_added = self._write(pending, progress=progress)
        replaced = [a.article_id for a in pending if a.article_id in states]
        removed_passages = sum(states[a].stored for a in replaced) + sum(states[g].stored for g in gone)
        self.store.delete_articles(gone)
        if self._publish_lexical(before, pending, gone, fresh=empty):
            self._merge_lexical()
        # This process's next search uses the new passages at once: the published segment is loaded (or, when
        # none could be published, the index rebuilt) now, while the user is waiting for ingest anyway.
        self.lexical()
        written = tuple(SourceInfo.of(a.passages[0], len(a.passages)) for a in pending if a.passages)
        return IngestReport(
            written=written,
            articles_added=counts["added"],
            articles_replaced=counts["replaced"],
            articles_removed=len(gone),
            articles_unchanged=counts["unchanged"],
            passages_added=passages_added,
            passages_removed=removed_passages,
            passages_unchanged=counts["passages_unchanged"],
        )

    def _with_stories(
        self, pending: list[PendingArticle], by_id: dict[str, Article], *, look_in_store: bool
    ) -> tuple[list[PendingArticle], dict[str, str]]:
        """The pending articles' passages with their story, author and ingest time, and the stored articles
        whose story changes (`retrieval.ingest.stories`)."""
        sketches = {a.article_id: Sketch.of(by_id[a.article_id]) for a in pending}
        find = self.store.story_candidates if look_in_store else lambda _: []
        plan = plan_stories(list(sketches.values()), find)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        stamped = [
            PendingArticle(
                a.article_id,
                a.article_hash,
                [
                    replace(
                        p,
                        author=by_id[a.article_id].author,
                        story_id=plan.stories.get(a.article_id),
                        ingested_at=now,
                        story_bands=sketches[a.article_id].bands if p.position == 0 else (),
                    )
                    for p in a.passages
                ],
            )
            for a in pending
        ]
        return stamped, plan.relabel

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
        return total

    def rebuild(self) -> None:
        """Empty the collection and the lexical index (`isnad ingest --rebuild` then re-adds everything).

        Under the ingest lock: emptying the collections under another process's ingest would leave it
        writing to collections that no longer exist."""
        with file_lock(self.settings.data_dir / INGEST_LOCK):
            self.store.reset()
        with self._lock:
            self._lexical = None
