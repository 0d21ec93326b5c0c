"""Following RSS and Atom feeds: the list of feeds, what was seen, and one poll of the feeds that are due.

State lives in `ISNAD_DATA_DIR/feeds/state.json`, written atomically under `feeds.lock`, so `isnad feeds
add` in one process and `isnad follow` in another never lose each other's changes, and a killed follow
starts again where it was. Per feed it keeps the validators for conditional requests (ETag,
Last-Modified), the links already ingested, and the back-off after failures: the wait doubles with each
failure in a row, up to `ISNAD_FEED_MAX_BACKOFF_S`, and a success resets it.

An item's link is marked seen only once its article is in the index (or was refused for good: not HTML,
too big, no article text), so a follow killed mid-poll fetches the rest next time and adds nothing twice
(an article's id is its link, and ingest leaves an unchanged article alone).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import feedparser

from retrieval.errors import InputError
from retrieval.index.client import prepare_data_dir
from retrieval.index.files import atomic_write_text
from retrieval.index.locks import file_lock
from retrieval.ingest.web import FetchError, WebClient, fetch_article
from retrieval.records import Article, IngestReport
from retrieval.settings import Settings

log = logging.getLogger(__name__)

FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
SEEN_PER_FEED = 2_000  # links remembered per feed (a feed lists its latest items only)
STATE_FILE = "state.json"
LOCK_FILE = "feeds.lock"


@dataclass
class FeedState:
    """One followed feed."""

    url: str
    added_at: float = field(default_factory=time.time)
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_poll: float = 0.0
    last_polled: float | None = None
    last_error: str | None = None
    title: str | None = None
    seen: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one poll of one feed did."""

    feed: str
    not_modified: bool = False
    new_items: int = 0
    report: IngestReport | None = None
    skipped: tuple[str, ...] = ()
    error: str | None = None


def check_feed_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(f"Not a feed address: {url!r}; give an http:// or https:// URL.")
    return url


class FeedStore:
    """The followed feeds, read and written under a file lock."""

    def __init__(self, settings: Settings) -> None:
        self._data_dir = settings.data_dir
        self.folder = settings.feeds_dir
        self._path = self.folder / STATE_FILE
        self._lock = self.folder / LOCK_FILE

    def load(self) -> dict[str, FeedState]:
        if not self._path.exists():
            return {}
        with file_lock(self._lock):
            return self._read()

    def add(self, url: str) -> bool:
        """Follow `url`; False when it was followed already."""
        url = check_feed_url(url)
        prepare_data_dir(self._data_dir)  # the feed list lives in the index's data folder, never in another
        with file_lock(self._lock):
            feeds = self._read()
            if url in feeds:
                return False
            feeds[url] = FeedState(url)
            self._write(feeds)
            return True

    def remove(self, url: str) -> bool:
        """Stop following `url`; False when it was not followed."""
        with file_lock(self._lock):
            feeds = self._read()
            if feeds.pop(url.strip(), None) is None:
                return False
            self._write(feeds)
            return True

    def update(self, url: str, change: Callable[[FeedState], None]) -> None:
        """Apply `change` to the stored state of `url` (nothing if it was removed meanwhile)."""
        with file_lock(self._lock):
            feeds = self._read()
            if url in feeds:
                change(feeds[url])
                self._write(feeds)

    def _read(self) -> dict[str, FeedState]:
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:
            raise InputError(f"The feed list {self._path} cannot be read ({err}); fix or remove it.") from err
        return {item["url"]: FeedState(**item) for item in data.get("feeds", [])}

    def _write(self, feeds: dict[str, FeedState]) -> None:
        data = {"feeds": [vars(feed) for feed in feeds.values()]}
        atomic_write_text(self._path, json.dumps(data, ensure_ascii=False, indent=1))


@dataclass(frozen=True, slots=True)
class FeedItem:
    link: str
    published: dt.date | None


def feed_items(body: bytes, url: str) -> tuple[str | None, list[FeedItem]]:
    """The feed's title and its items with a link, in feed order; `FetchError` when it is not a feed."""
    parsed = feedparser.parse(body)
    if not parsed.entries and (parsed.bozo or not parsed.feed):
        problem = getattr(parsed, "bozo_exception", None)
        raise FetchError(url, f"not an RSS or Atom feed ({problem or 'no items'})")
    items = []
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        day = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC).date() if stamp else None
        items.append(FeedItem(link, day))
    return parsed.feed.get("title"), items


class FeedFollower:
    """Polls the feeds that are due and ingests their new items through `ingest`."""

    def __init__(
        self,
        settings: Settings,
        client: WebClient,
        ingest: Callable[[Sequence[Article]], IngestReport],
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.store = FeedStore(settings)
        self._client = client
        self._ingest = ingest
        self._clock = clock

    def __enter__(self) -> FeedFollower:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def poll_due(self) -> list[PollResult]:
        """Poll every feed whose time has come; one result per feed polled."""
        now = self._clock()
        return [self.poll(feed) for feed in self.store.load().values() if feed.next_poll <= now]

    def next_due(self) -> float | None:
        """When the next feed is due (None: no feeds)."""
        feeds = self.store.load().values()
        return min((f.next_poll for f in feeds), default=None)

    def poll(self, feed: FeedState) -> PollResult:
        """Fetch one feed (conditionally), ingest its unseen items, and record the outcome."""
        try:
            fetched = self._client.get(feed.url, accept=FEED_TYPES, etag=feed.etag, last_modified=feed.last_modified)
            if fetched.not_modified:
                self._succeeded(
                    feed.url, fetched.etag or feed.etag, fetched.last_modified or feed.last_modified, None, []
                )
                return PollResult(feed.url, not_modified=True)
            assert fetched.body is not None
            title, items = feed_items(fetched.body, feed.url)
        except FetchError as err:
            return self._failed(feed, str(err))
        seen = set(feed.seen)
        fresh = []
        for item in items:
            if item.link not in seen:
                seen.add(item.link)
                fresh.append(item)
        articles, done, skipped = [], [], []
        retry = False
        for item in fresh:
            try:
                articles.append(fetch_article(self._client, item.link, published=item.published))
                done.append(item.link)
            except FetchError as err:
                skipped.append(str(err))
                log.warning("%s", err)
                if err.lasting:
                    done.append(item.link)  # refused for good: do not fetch it at every poll
                else:
                    retry = True
        report = self._ingest(articles) if articles else None
        # An item to try again: forget the validators, or the next poll's "not modified" would hide it.
        etag, last_modified = (None, None) if retry else (fetched.etag, fetched.last_modified)
        self._succeeded(feed.url, etag, last_modified, title, done)
        if articles:
            log.info("Feed %s: %d new items, %d articles indexed.", feed.url, len(fresh), len(articles))
        return PollResult(feed.url, new_items=len(fresh), report=report, skipped=tuple(skipped))

    def _succeeded(
        self, url: str, etag: str | None, last_modified: str | None, title: str | None, seen: list[str]
    ) -> None:
        now = self._clock()

        def change(state: FeedState) -> None:
            state.etag, state.last_modified = etag, last_modified
            state.title = title or state.title
            state.failures, state.last_error = 0, None
            state.last_polled, state.next_poll = now, now + self.settings.feed_interval_s
            state.seen = [*[s for s in state.seen if s not in seen], *seen][-SEEN_PER_FEED:]

        self.store.update(url, change)

    def _failed(self, feed: FeedState, message: str) -> PollResult:
        now = self._clock()
        log.warning("%s", message)

        def change(state: FeedState) -> None:
            state.failures += 1
            wait = min(self.settings.feed_interval_s * 2**state.failures, self.settings.feed_max_backoff_s)
            state.last_error, state.last_polled, state.next_poll = message, now, now + wait

        self.store.update(feed.url, change)
        return PollResult(feed.url, error=message)
