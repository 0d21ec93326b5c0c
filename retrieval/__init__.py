"""isnad's library: cited answers from Arabic news articles.

The public face is what front ends use; everything else is reached through `Isnad`:

- `Isnad(settings)`: ingest articles, answer questions (`answer`, `stream`), list `sources`, build a
  `timeline`, `search`, and `as_retriever` for LangChain chains.
- `Settings` / `load_settings()`: the one settings object (`ISNAD_*`, `.env`).
- The values it returns: `Answer`, `Citation`, `Turn`, `SourceInfo`, `TimelineEvent`, `IngestReport`,
  `Article`; and the errors it raises, all `IsnadError`s (the tree is drawn in `retrieval.errors`).
- `format_day(day, lang)`: a publication date as every front end shows it.
- `FeedStore` / `FeedState`: the followed feeds (`isnad feeds`, the bot's `/feeds`); `Isnad.follower()`
  polls them.

The data travels through the subpackages in this order (see docs/architecture.md):
`ingest` (files to cleaned, dated articles and passages) → `index` (Chroma and BM25) → `search` (hybrid
retrieval) → `answer` (sentence evidence, the extractive answerer, declining, follow-ups, timelines), with
`text` (Arabic folding, sentences, numbers, dates, the query model) used throughout and `llm` optional.
`Isnad` is loaded on first use, so importing a light part of the library does not load Chroma or a model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from retrieval.errors import (
    IndexUnusable,
    InputError,
    IsnadError,
    LLMError,
    QuestionTooLong,
    SourceError,
    StoreAccessDenied,
    StoreServerError,
    StoreUnavailable,
)
from retrieval.records import Answer, Article, Citation, IngestReport, SourceInfo, TimelineEvent, Turn
from retrieval.settings import Settings, TelegramSettings, load_settings
from retrieval.text.dates import format_day

if TYPE_CHECKING:
    from retrieval.ingest.feeds import FeedState, FeedStore
    from retrieval.service import Isnad

__all__ = [
    "Answer",
    "Article",
    "Citation",
    "FeedState",
    "FeedStore",
    "IndexUnusable",
    "IngestReport",
    "InputError",
    "Isnad",
    "IsnadError",
    "LLMError",
    "QuestionTooLong",
    "Settings",
    "SourceError",
    "SourceInfo",
    "StoreAccessDenied",
    "StoreServerError",
    "StoreUnavailable",
    "TelegramSettings",
    "TimelineEvent",
    "Turn",
    "format_day",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    if name == "Isnad":  # loaded on first use: it brings Chroma and the embedder with it
        from retrieval.service import Isnad

        return Isnad
    if name in ("FeedStore", "FeedState"):  # loaded on first use: they bring the feed parser and HTTP client
        from retrieval.ingest import feeds

        return getattr(feeds, name)
    raise AttributeError(f"module 'retrieval' has no attribute {name!r}")
