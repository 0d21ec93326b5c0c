"""Following feeds, without a network: feed parsing, back-off, conditional requests, items to try again,
and the feed list shared by processes. (End to end over HTTP: tests/feeds.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.ingest.feeds import FeedFollower, FeedStore, feed_items
from retrieval.ingest.web import Fetched, FetchError
from retrieval.records import Article, IngestReport
from retrieval.settings import Settings, load_settings

PAGE = (
    "<html><head><meta property='article:published_time' content='2026-02-04'></head><body><article>"
    + "<p>وصل وفد عسكري روسي رفيع المستوى إلى دمشق اليوم في زيارة رسمية لبحث التعاون بين البلدين.</p>" * 4
    + "</article></body></html>"
).encode()


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><link>{link}</link><pubDate>Wed, 04 Feb 2026 08:00:00 GMT</pubDate></item>" for link in links
    )
    return f"<rss version='2.0'><channel><title>t</title>{items}</channel></rss>".encode()


class FakeWeb:
    """Answers from a table: URL -> Fetched, or an exception to raise; records conditional headers."""

    def __init__(self) -> None:
        self.table: dict[str, Fetched | FetchError] = {}
        self.calls: list[tuple[str, str | None]] = []

    def get(
        self, url: str, *, accept: str = "*/*", etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        self.calls.append((url, etag))
        answer = self.table[url]
        if isinstance(answer, FetchError):
            raise answer
        if etag and answer.etag == etag:
            return Fetched(url, 304, answer.content_type, None, etag)
        return answer


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(_env_file=None, data_dir=tmp_path / "data", feed_interval_s=60, feed_max_backoff_s=300)


def follower(settings: Settings, web: FakeWeb, clock: Clock, ingested: list[list[Article]]) -> FeedFollower:
    def ingest(articles):  # type: ignore[no-untyped-def]
        ingested.append(list(articles))
        return IngestReport(articles_added=len(articles))

    return FeedFollower(settings, web, ingest, clock=clock)  # type: ignore[arg-type]


def test_feed_items_carry_their_links_and_dates() -> None:
    atom = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>a</title>"
        b"<entry><link href='https://x.org/1'/><updated>2026-01-28T08:30:00Z</updated></entry>"
        b"<entry><title>no link</title></entry></feed>"
    )
    title, items = feed_items(atom, "https://x.org/atom")
    assert title == "a" and [(i.link, i.published) for i in items] == [("https://x.org/1", dt.date(2026, 1, 28))]
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        feed_items(b"\x00\x01 nothing", "https://x.org/broken")


def test_a_failing_feed_backs_off_doubling_up_to_the_limit_and_a_success_resets(settings: Settings) -> None:
    web, clock, ingested = FakeWeb(), Clock(), []
    FeedStore(settings).add("https://x.org/feed")
    follow = follower(settings, web, clock, ingested)
    web.table["https://x.org/feed"] = FetchError("https://x.org/feed", "the server answered HTTP 503", lasting=False)
    waits = []
    for _ in range(4):
        follow.poll_due()
        state = FeedStore(settings).load()["https://x.org/feed"]
        waits.append(state.next_poll - clock.now)
        assert follow.poll_due() == []  # not due again before its wait is over
        clock.now = state.next_poll
    assert waits == [120, 240, 300, 300]
    web.table["https://x.org/feed"] = Fetched("https://x.org/feed", 200, "application/rss+xml", rss())
    follow.poll_due()
    state = FeedStore(settings).load()["https://x.org/feed"]
    assert (state.failures, state.last_error, state.next_poll - clock.now) == (0, None, 60)


def test_an_item_that_failed_for_now_is_tried_again_and_nothing_is_ingested_twice(settings: Settings) -> None:
    web, clock, ingested = FakeWeb(), Clock(), []
    FeedStore(settings).add("https://x.org/feed")
    follow = follower(settings, web, clock, ingested)
    web.table["https://x.org/feed"] = Fetched(
        "https://x.org/feed", 200, "application/rss+xml", rss("https://x.org/1", "https://x.org/2"), etag='"v1"'
    )
    web.table["https://x.org/1"] = Fetched("https://x.org/1", 200, "text/html", PAGE)
    web.table["https://x.org/2"] = FetchError("https://x.org/2", "no answer in time", lasting=False)
    first = follow.poll_due()[0]
    assert [a.article_id for a in ingested[0]] == ["https://x.org/1"] and first.skipped
    assert ingested[0][0].published == dt.date(2026, 2, 4)
    clock.now += 61
    web.table["https://x.org/2"] = Fetched("https://x.org/2", 200, "text/html", PAGE)
    follow.poll_due()
    assert ("https://x.org/feed", None) in web.calls[-3:]  # no ETag sent: the feed is read again
    assert [a.article_id for a in ingested[1]] == ["https://x.org/2"]
    clock.now += 61
    follow.poll_due()  # now a conditional request, answered 304: nothing fetched, nothing ingested
    assert web.calls[-1] == ("https://x.org/feed", '"v1"') and len(ingested) == 2


def test_two_processes_changing_the_feed_list_lose_nothing(settings: Settings) -> None:
    one, other = FeedStore(settings), FeedStore(settings)
    assert one.add("https://a.org/rss") and other.add("https://b.org/rss")
    assert not one.add("https://b.org/rss")
    assert sorted(FeedStore(settings).load()) == ["https://a.org/rss", "https://b.org/rss"]
    assert other.remove("https://a.org/rss") and not one.remove("https://a.org/rss")
    assert list(one.load()) == ["https://b.org/rss"]
