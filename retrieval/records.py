"""The value objects that travel through the pipeline (articles, passages, search hits, answers), and how
passages and sentences are named and described in the vector store.

A sentence's id is derived from its article's content hash and its span, so the same sentence of the same
article version always has the same id, whichever process stored it. A passage's metadata holds only
scalars (Chroma's rule); `passage_from_record` reads back exactly what `passage_metadata` wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, cleaned. Citation offsets index into `text`."""

    article_id: str  # file name for text files, the `id` field for JSONL records
    title: str
    text: str
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    source_path: str | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range [start, end) in an article's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Passage:
    """A run of whole sentences from one article, the unit that is embedded and indexed."""

    passage_id: str
    article_id: str
    title: str
    text: str
    start: int
    end: int
    sentences: tuple[Span, ...]  # absolute offsets in the article text
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    article_hash: str = ""
    position: int = 0  # index of the passage within its article
    passage_count: int = 1  # passages the article was split into
    author: str | None = None
    story_id: str | None = None  # the story the article belongs to with other articles; None when alone
    ingested_at: dt.datetime | None = None  # when this version of the article was indexed (UTC)
    story_bands: tuple[str, ...] = ()  # MinHash band keys (first passage only; see `retrieval.ingest.stories`)

    def sentence_texts(self) -> list[tuple[Span, str]]:
        """Each sentence of the passage with its absolute span."""
        return [(s, self.text[s.start - self.start : s.end - self.start]) for s in self.sentences]


@dataclass(frozen=True, slots=True)
class Hit:
    """A passage returned by a search, with the score that ranked it."""

    passage: Passage
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """One numbered source of an answer: the exact sentence quoted from an article."""

    n: int
    article_id: str
    title: str
    quote: str
    start: int
    end: int
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    story_id: str | None = None  # articles with the same story id tell the same news

    @classmethod
    def quoting(cls, passage: Passage, span: Span, n: int) -> Citation:
        """Citation number `n`: the sentence at `span` (absolute offsets) of `passage`'s article."""
        return cls(
            n=n,
            article_id=passage.article_id,
            title=passage.title,
            quote=passage.text[span.start - passage.start : span.end - passage.start],
            start=span.start,
            end=span.end,
            published=passage.published,
            outlet=passage.outlet,
            url=passage.url,
            story_id=passage.story_id,
        )


@dataclass(frozen=True, slots=True)
class Turn:
    """One exchange of a conversation, kept as history for follow-up questions."""

    question: str
    answer: str
    standalone_question: str | None = None


def newest_published(citations: Iterable[Citation]) -> dt.date | None:
    """The newest publication date among `citations` (None when none is dated)."""
    return max((c.published for c in citations if c.published), default=None)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the library returns for one question; front ends only render it."""

    question: str
    text: str
    language: str  # "ar" or "en"
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    standalone_question: str | None = None  # the rewritten question when this was a follow-up
    verified: bool = True
    fallback: str | None = None  # "extractive" when the LLM answer was replaced
    notice: str | None = None  # a one-line note for the user (e.g. the LLM was unreachable)
    timings_ms: dict[str, float] = field(default_factory=dict)
    answer_line: str | None = None  # the direct answer with its [n] markers; None when abstained
    # The extractive answerer's estimate (0-1) that its answer holds the answer; a decline carries the estimate
    # that made it decline. None where nothing was estimated (an LLM's answer, a question refused outright).
    confidence: float | None = None

    @property
    def as_of(self) -> dt.date | None:
        """How fresh the answer is: the newest publication date among the cited articles."""
        return newest_published(self.citations)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """One indexed article, as `isnad sources` lists it."""

    article_id: str
    title: str
    passages: int
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    story_id: str | None = None
    ingested_at: dt.datetime | None = None  # when it was indexed (UTC)
    author: str | None = None

    @classmethod
    def of(cls, passage: Passage, passages: int) -> SourceInfo:
        """The article `passage` belongs to (every passage carries its article's details), with `passages`."""
        return cls(
            article_id=passage.article_id,
            title=passage.title,
            passages=passages,
            published=passage.published,
            outlet=passage.outlet,
            url=passage.url,
            story_id=passage.story_id,
            ingested_at=passage.ingested_at,
            author=passage.author,
        )


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """A dated sentence about a topic; `isnad timeline` lists these oldest first."""

    date_text: str  # the normalised date, e.g. "15 October 2025"
    earliest: dt.date | None
    citation: Citation


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest run changed, counted in articles and passages."""

    articles_added: int = 0
    articles_replaced: int = 0
    articles_removed: int = 0
    articles_unchanged: int = 0
    passages_added: int = 0
    passages_removed: int = 0
    passages_unchanged: int = 0
    skipped: tuple[str, ...] = ()  # one message per file that was not ingested
    written: tuple[SourceInfo, ...] = ()  # the articles added or replaced, as `isnad sources` would list them


BAND_KEYS = tuple(f"story_band_{i:02d}" for i in range(32))  # see `retrieval.ingest.stories`


def sentence_id(article_hash: str, span: Span) -> str:
    """The store id of one sentence of one article version."""
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
    if p.author:
        meta["author"] = p.author
    if p.story_id:
        meta["story_id"] = p.story_id
    if p.ingested_at:
        meta["ingested_at"] = p.ingested_at.isoformat()
        meta["ingested_ts"] = int(p.ingested_at.timestamp())  # a number, for "what arrived since"
    meta.update(zip(BAND_KEYS, p.story_bands, strict=False))
    return meta


def passage_from_record(passage_id: str, text: str, meta: dict) -> Passage:
    """The passage a stored record describes (the inverse of `passage_metadata`)."""
    spans = tuple(Span(*map(int, pair.split("-"))) for pair in str(meta.get("sentences", "")).split(";") if pair)
    published = meta.get("published")
    ingested = meta.get("ingested_at")
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
        author=meta.get("author"),
        story_id=meta.get("story_id"),
        ingested_at=dt.datetime.fromisoformat(ingested) if ingested else None,
        story_bands=tuple(str(meta[k]) for k in BAND_KEYS if k in meta),
    )
