"""`Isnad`: the library's front door. Front ends build one per process and call only these methods."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

import chromadb
from langchain_core.embeddings import Embeddings

from retrieval.arabic import detect_language
from retrieval.articles import load_articles
from retrieval.embeddings import build_embeddings
from retrieval.errors import InputError
from retrieval.evidence import EvidenceFinder
from retrieval.extractive import answer_from_sentences
from retrieval.followup import condense_by_rule
from retrieval.index import PassageIndex
from retrieval.questions import QuestionKind, question_kind
from retrieval.records import Answer, Article, Hit, IngestReport, SourceInfo, TimelineEvent, Turn
from retrieval.search import HybridSearcher, SearchMode
from retrieval.settings import Settings
from retrieval.timeline import build_timeline

log = logging.getLogger(__name__)

__all__ = ["Isnad", "SearchMode"]


class Isnad:
    """Answers questions over the indexed articles. Safe to call from several threads at once."""

    def __init__(
        self,
        settings: Settings,
        *,
        embeddings: Embeddings | None = None,
        client: chromadb.ClientAPI | None = None,
    ) -> None:
        self.settings = settings
        self._given_embeddings = embeddings
        self._client = client
        self._ingest_lock = threading.Lock()

    @cached_property
    def embeddings(self) -> Embeddings:
        return self._given_embeddings or build_embeddings(self.settings)

    @cached_property
    def index(self) -> PassageIndex:
        return PassageIndex(self.settings, self.embeddings, client=self._client)

    @cached_property
    def searcher(self) -> HybridSearcher:
        return HybridSearcher(self.index)

    @cached_property
    def evidence(self) -> EvidenceFinder:
        return EvidenceFinder(self.embeddings, self.index.store.sentence_vectors)

    # --- questions --------------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """Answer one question, using `history` (oldest first) to understand follow-ups."""
        question = self.check_question(question)
        started = time.perf_counter()
        self.ensure_indexed()
        standalone = condense_by_rule(question, history)
        kind = question_kind(question)
        if kind is QuestionKind.OTHER and standalone != question:
            kind = question_kind(standalone)  # "And the second time?" asks what the last question asked
        language = self.language_for(question)
        t0 = time.perf_counter()
        hits = self.searcher.search(standalone, max(self.settings.top_k, self.settings.evidence_passages))
        t1 = time.perf_counter()
        sentences = self.evidence.gather(standalone, hits)
        draft = answer_from_sentences(standalone, kind, sentences, language)
        t2 = time.perf_counter()
        return Answer(
            question=question,
            text=draft.text,
            language=language,
            citations=draft.citations,
            abstained=draft.abstained,
            standalone_question=standalone if standalone != question else None,
            timings_ms={
                "search": round((t1 - t0) * 1000, 1),
                "answer": round((t2 - t1) * 1000, 1),
                "total": round((t2 - started) * 1000, 1),
            },
        )

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        """Yield the answer text as it is produced, then the final `Answer` last."""
        answer = self.answer(question, history)
        yield answer.text
        yield answer

    def check_question(self, question: str) -> str:
        """The question without surrounding space; `InputError` when it is empty or too long."""
        question = (question or "").strip()
        if not question:
            raise InputError("The question is empty; type a question about the articles.")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise InputError(f"The question is {len(question):,} characters long; the limit is {limit:,}.")
        return question

    def language_for(self, question: str) -> str:
        forced = self.settings.answer_language
        return detect_language(question) if forced == "auto" else forced

    def search(self, query: str, k: int, *, mode: SearchMode = "hybrid") -> list[Hit]:
        """The `k` best passages for `query`, best first."""
        return self.searcher.search(query, k, mode=mode)

    # --- the collection -----------------------------------------------------------------------------
    def sources(self) -> list[SourceInfo]:
        """The indexed articles, oldest publication first (undated ones last)."""
        by_article: dict[str, SourceInfo] = {}
        for p in self.index.store.all_passages():
            known = by_article.get(p.article_id)
            by_article[p.article_id] = SourceInfo(
                article_id=p.article_id,
                title=p.title,
                passages=(known.passages if known else 0) + 1,
                published=p.published,
                outlet=p.outlet,
                url=p.url,
            )
        return sorted(by_article.values(), key=lambda s: (s.published is None, s.published or 0, s.article_id))

    def timeline(self, topic: str) -> list[TimelineEvent]:
        """Dated events about `topic` across articles, oldest first."""
        topic = self.check_question(topic)
        self.ensure_indexed()
        hits = self.searcher.search(topic, self.settings.top_k * 2)
        return build_timeline(self.evidence.gather(topic, hits), self.language_for(topic))

    def ensure_indexed(self, *, progress: bool = False) -> IngestReport | None:
        """Index the bundled seed articles when the index is empty (the first question ingests them)."""
        with self._ingest_lock:
            if self.index.store.count() > 0:
                return None
            log.info("The index is empty; indexing the seed articles in %s.", self.settings.seeds_dir)
            return self._ingest_paths([self.settings.seeds_dir], prune=False, progress=progress)

    def ingest(
        self, paths: Sequence[Path], *, rebuild: bool = False, prune: bool = False, progress: bool = False
    ) -> IngestReport:
        """Index the articles under `paths`; idempotent and incremental."""
        with self._ingest_lock:
            if rebuild:
                self.index.rebuild()
            return self._ingest_paths(paths, prune=prune, progress=progress)

    def ingest_articles(self, articles: Sequence[Article], *, prune: bool = False) -> IngestReport:
        """Index already-loaded articles (used by the loaders and by the evaluation harness)."""
        with self._ingest_lock:
            return self.index.ingest(articles, prune=prune)

    def _ingest_paths(self, paths: Sequence[Path], *, prune: bool, progress: bool) -> IngestReport:
        loaded = load_articles(paths, max_bytes=self.settings.max_file_bytes)
        report = self.index.ingest(loaded.articles, prune=prune, progress=progress)
        return replace(report, skipped=tuple(loaded.skipped))
