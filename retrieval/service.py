"""`Isnad`: the library's front door. Front ends build one per process and call only these methods."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path

import chromadb
from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from retrieval.answer import ranking
from retrieval.answer.decline import absent_terms
from retrieval.answer.evidence import EvidenceFinder, Sentence
from retrieval.answer.extractive import Draft, answer_from_sentences, decline
from retrieval.answer.followup import condense_by_rule
from retrieval.answer.timeline import build_timeline
from retrieval.errors import InputError, LLMError, QuestionTooLong
from retrieval.index.embeddings import build_embeddings
from retrieval.index.passage_index import PassageIndex
from retrieval.ingest.articles import load_articles
from retrieval.ingest.feeds import FeedFollower
from retrieval.ingest.uploads import articles_from_upload
from retrieval.ingest.web import FetchError, WebClient, fetch_article
from retrieval.llm import AnswerChain, LLMAnswer, build_chat_model, condense_with_llm
from retrieval.records import Answer, Article, Hit, IngestReport, SourceInfo, TimelineEvent, Turn
from retrieval.search.hybrid import HybridSearcher, SearchMode, SearchResult
from retrieval.search.retriever import IsnadRetriever
from retrieval.settings import Settings
from retrieval.text.query import Query

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
        chat_model: BaseChatModel | None = None,
    ) -> None:
        self.settings = settings
        self._given_embeddings = embeddings
        self._given_chat_model = chat_model
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

    @cached_property
    def chat_model(self) -> BaseChatModel | None:
        """The configured LLM, or None for the extractive answerer (`ISNAD_LLM=none`)."""
        return self._given_chat_model or build_chat_model(self.settings)

    # --- questions --------------------------------------------------------------------------------
    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """Answer one question, using `history` (oldest first) to understand follow-ups."""
        *_, final = self.stream(question, history)
        assert isinstance(final, Answer)
        return final

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        """Yield the answer text as it is produced, then the final `Answer` last.

        With an LLM configured the text comes token by token; the final `Answer` is the verified one, or
        the extractive answer with `fallback="extractive"` when the LLM failed or could not be verified
        (front ends replace the streamed text with it)."""
        question = self.check_question(question)
        started = time.perf_counter()
        self.ensure_indexed()
        standalone, notice = self._standalone(question, history)
        t0 = time.perf_counter()
        query = self.analyse(question, standalone=standalone)
        found = self.searcher.search(query, max(self.settings.top_k, self.settings.evidence_passages))
        timings = {"search": _ms(t0)}
        base = {
            "question": question,
            "language": query.answer_language,
            "standalone_question": _changed(standalone, question),
        }
        sentences = self.evidence.gather(query, found.hits, found.sentence_vectors, found.term_weights)
        t1 = time.perf_counter()
        draft = self._extractive(query, found, sentences)
        timings["answer"] = _ms(t1)
        # The extractive answerer decides whether the articles answer the question; only then is the LLM
        # asked, and it reads the sentences the answerer ranked best.
        use_llm = self.chat_model is not None and not draft.abstained
        if use_llm:
            t2 = time.perf_counter()
            verified, notice = yield from self._try_llm(query, draft.evidence, notice)
            if verified is not None:
                timings |= {"llm": _ms(t2), "total": _ms(started)}
                text = decline(query, _titles(found)).text if verified.abstained else verified.text
                yield Answer(
                    **base, text=text, citations=verified.citations, abstained=verified.abstained, notice=notice,
                    timings_ms=timings, answer_line=None if verified.abstained else verified.text,
                )  # fmt: skip
                return
        timings["total"] = _ms(started)
        if not use_llm:
            yield draft.text  # after a failed LLM stream the final Answer replaces what was shown
        yield Answer(
            **base, text=draft.text, citations=draft.citations, abstained=draft.abstained, notice=notice,
            verified=not use_llm, fallback="extractive" if use_llm else None, timings_ms=timings,
            answer_line=draft.answer_line, confidence=draft.confidence,
        )  # fmt: skip

    def analyse(self, question: str, *, standalone: str | None = None, embed: bool = True) -> Query:
        """The question analysed once, and embedded once (unless `embed` is False: lexical search only)."""
        return Query.analyse(
            question,
            standalone=standalone,
            answer_language=self.settings.answer_language,
            embed=self.embeddings.embed_query if embed else None,
        )

    def _try_llm(
        self, query: Query, sentences: Sequence[Sentence], notice: str | None
    ) -> Generator[str, None, tuple[LLMAnswer | None, str | None]]:
        """Stream the LLM's answer from the ranked evidence sentences; return it if verified, else None and a
        notice saying why it was not."""
        assert self.chat_model is not None
        chain = AnswerChain(self.chat_model, max_sentences=self.settings.llm_evidence_sentences)
        result = None
        try:
            for part in chain.stream(query, sentences):
                if isinstance(part, str):
                    yield part
                else:
                    result = part
        except LLMError as err:
            log.info("LLM failed: %s", err)
            return None, f"{err} Showing the extractive answer instead."
        if result is not None and result.verified:
            return result, notice
        problem = "; ".join(result.problems[:2]) if result and result.problems else "no answer"
        return None, f"The LLM's answer failed verification ({problem}); showing the extractive answer instead."

    def _standalone(self, question: str, history: Sequence[Turn]) -> tuple[str, str | None]:
        """The question rewritten to stand alone (by the LLM when there is one), and a notice if that failed."""
        rule = condense_by_rule(question, history)
        if self.chat_model is None or not history:
            return rule, None
        try:
            standalone = condense_with_llm(
                self.chat_model,
                question,
                history,
                max_turns=self.settings.history_turns,
                max_question_chars=self.settings.max_question_chars,
            )
            return standalone, None
        except LLMError as err:
            log.info("LLM condense failed: %s", err)
            return rule, f"{err} The follow-up was read without the LLM."

    def _extractive(self, query: Query, found: SearchResult, sentences: Sequence[Sentence]) -> Draft:
        return answer_from_sentences(
            query,
            sentences,
            absent_terms=len(absent_terms(query.terms, found.lexical)),
            hint=_titles(found),
        )

    def check_question(self, question: str) -> str:
        """The question without surrounding space; `InputError` when it is empty or too long."""
        question = (question or "").strip()
        if not question:
            raise InputError("The question is empty; type a question about the articles.")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            raise QuestionTooLong(len(question), limit)
        return question

    def search(self, query: str, k: int, *, mode: SearchMode = "hybrid") -> list[Hit]:
        """The `k` best passages for `query`, best first."""
        return self.searcher.search(self.analyse(query, embed=mode != "lexical"), k, mode=mode).hits

    def as_retriever(self, *, k: int | None = None) -> IsnadRetriever:
        """The hybrid search as a LangChain retriever returning the `k` best passages (default: `top_k`)."""
        return IsnadRetriever(isnad=self, k=k or self.settings.top_k)

    # --- the collection -----------------------------------------------------------------------------
    def sources(self, *, since: dt.datetime | None = None) -> list[SourceInfo]:
        """The indexed articles, oldest publication first (undated ones last); with `since`, only those
        indexed at or after that moment, newest arrival first."""
        self.ensure_indexed()
        by_article: dict[str, SourceInfo] = {}
        for p in self.index.store.all_passages():
            known = by_article.get(p.article_id)
            by_article[p.article_id] = SourceInfo.of(p, (known.passages if known else 0) + 1)
        if since is not None:
            cutoff = since if since.tzinfo else since.replace(tzinfo=dt.UTC)
            recent = [s for s in by_article.values() if s.ingested_at and s.ingested_at >= cutoff]
            return sorted(recent, key=lambda s: (s.ingested_at, s.article_id), reverse=True)
        return sorted(by_article.values(), key=lambda s: (s.published is None, s.published or 0, s.article_id))

    def timeline(self, topic: str) -> list[TimelineEvent]:
        """Dated events about `topic` across articles, oldest first."""
        topic = self.check_question(topic)
        self.ensure_indexed()
        query = self.analyse(topic)
        found = self.searcher.search(query, self.settings.top_k * 2)
        sentences = self.evidence.gather(query, found.hits, found.sentence_vectors, found.term_weights)
        return build_timeline(query, sentences, ranking.parameters())

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

    def ingest_links(self, urls: Sequence[str]) -> IngestReport:
        """Fetch the article pages at `urls` and index them (each page's URL is its article id); pages that
        cannot be used are listed in `skipped`, each with a message naming its URL."""
        articles, skipped = [], []
        with WebClient(self.settings) as client:
            for url in urls:
                try:
                    articles.append(fetch_article(client, url))
                except FetchError as err:
                    log.info("%s", err)  # reported in `skipped`; the front end shows it
                    skipped.append(str(err))
        report = self.ingest_articles(articles) if articles else IngestReport()
        return replace(report, skipped=(*report.skipped, *skipped))

    def ingest_upload(self, name: str, data: bytes) -> IngestReport:
        """Index the articles of one file sent as bytes (`.txt`, `.md`, `.jsonl`, `.html`; see
        `retrieval.ingest.uploads`); what is refused is listed in `skipped`."""
        loaded = articles_from_upload(name, data, max_bytes=self.settings.max_file_bytes)
        report = self.ingest_articles(loaded.articles) if loaded.articles else IngestReport()
        return replace(report, skipped=(*report.skipped, *loaded.skipped))

    def follower(self) -> FeedFollower:
        """A `FeedFollower` that indexes new feed items into this index (`isnad follow`); close it when done
        (it holds the HTTP client), or use it in a `with` block."""
        return FeedFollower(self.settings, WebClient(self.settings), self.ingest_articles)

    def _ingest_paths(self, paths: Sequence[Path], *, prune: bool, progress: bool) -> IngestReport:
        loaded = load_articles(paths, max_bytes=self.settings.max_file_bytes)
        report = self.index.ingest(loaded.articles, prune=prune, progress=progress)
        return replace(report, skipped=tuple(loaded.skipped))


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 1)


def _titles(found: SearchResult) -> list[str]:
    """Titles of the articles closest to the question, named when declining."""
    return [hit.passage.title for hit in found.hits]


def _changed(standalone: str, question: str) -> str | None:
    return standalone if standalone != question else None
