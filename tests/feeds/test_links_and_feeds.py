"""End to end against a news site on 127.0.0.1: `isnad ingest LINK`, `isnad feeds`, `isnad follow`.

The site serves HTML pages made from the seed articles (with `article:published_time` and without), an
RSS feed that answers conditional requests, an Atom feed that does not, a broken feed, a page over the size
limit, a PDF and a redirect to a private address. `isnad` runs as a process, as a user runs it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from conftest import FEED_DATES, MAX_BYTES, OUTLETS, QUICK_ISNAD, Site, build_site, isnad, seed_page, sources
from news_site import Item, NewsSite


def test_a_link_is_ingested_with_title_date_outlet_author_and_its_url_as_id(site: Site, env: dict[str, str]) -> None:
    run = isnad(env, "ingest", site.articles[2], site.articles[1], "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["articles"]["added"] == 2 and report["skipped"] == []
    found = {s["article_id"]: s for s in sources(env)}
    dated, undated = found[site.articles[2]], found[site.articles[1]]
    assert dated["url"] == site.articles[2] and dated["outlet"] == OUTLETS[2] and dated["author"] == "مراسل 2"
    assert dated["published"] == "2025-11-16"  # from article:published_time
    assert "بحث وزير الدفاع السوري" in dated["title"]
    # No date in the page's metadata: the dateline in its text, as for a file (this seed starts with one).
    assert undated["published"] == "2025-10-03" and undated["outlet"] == OUTLETS[1]
    again = isnad(env, "ingest", site.articles[2], "--json")
    assert json.loads(again.stdout)["articles"]["unchanged"] == 1  # the URL is the id: nothing added twice


def test_refused_links_are_skipped_with_a_message_naming_them_and_the_rest_is_ingested(
    site: Site, env: dict[str, str]
) -> None:
    run = isnad(env, "ingest", site.huge, site.to_private, site.not_html, site.articles[0])
    assert run.returncode == 0, run.stderr
    assert "Articles: 1 added" in run.stdout
    assert f"Skipped {site.huge}: " in run.stdout and f"bytes is over the {MAX_BYTES:,}-byte limit" in run.stdout
    assert f"Skipped {site.to_private}: 10.255.0.1 is a private or local address" in run.stdout
    assert "(redirected to http://10.255.0.1/internal/secret.html)" in run.stdout
    assert f"Skipped {site.not_html}: not an HTML page (application/pdf)" in run.stdout
    assert [s["article_id"] for s in sources(env)] == [site.articles[0]]


def test_loopback_is_refused_unless_its_network_is_allowed(site: Site, env: dict[str, str]) -> None:
    closed = {k: v for k, v in env.items() if k != "ISNAD_FETCH_ALLOW_NETWORKS"}
    run = isnad(closed, "ingest", site.articles[0])
    assert f"Skipped {site.articles[0]}: 127.0.0.1 is a private or local address" in run.stdout
    assert site.server.requested("/news/000.html") == []  # refused before connecting


def test_follow_picks_up_items_then_a_repeated_poll_adds_nothing_then_a_new_item(
    site: Site, env: dict[str, str]
) -> None:
    for feed in (site.rss, site.atom, site.broken):
        assert isnad(env, "feeds", "add", feed).returncode == 0
    assert "is followed already" in isnad(env, "feeds", "add", site.rss).stdout

    first = isnad(env, "follow", "--once")
    assert first.returncode == 0, first.stderr
    indexed = {s["article_id"]: s for s in sources(env)}
    assert sorted(indexed) == sorted(site.articles[n] for n in (0, 1, 2, 3))
    assert indexed[site.articles[3]]["published"] == FEED_DATES[3].date().isoformat()  # the Atom entry's date
    assert indexed[site.articles[0]]["published"] == "2025-10-02"  # the page's own metadata comes first
    # The broken feed, the huge page, the redirect and the PDF: one message each, naming the URL.
    assert f"Skipped {site.broken}: not an RSS or Atom feed" in first.stderr
    assert f"Skipped {site.huge}: " in first.stderr and "-byte limit (ISNAD_FETCH_MAX_BYTES)" in first.stderr
    assert f"Skipped {site.to_private}: 10.255.0.1 is a private or local address" in first.stderr
    assert f"Skipped {site.not_html}: not an HTML page" in first.stderr
    listed = json.loads(isnad(env, "feeds", "list", "--json").stdout)
    broken = next(f for f in listed if f["url"] == site.broken)
    assert broken["failures"] == 1 and broken["next_poll"] - broken["last_polled"] == 2  # backed off: 1 s doubled

    time.sleep(1.1)  # the 1-second interval passes
    pages_before = len([r for r in site.server.requests if r[0].startswith("/news/")])
    second = isnad(env, "follow", "--once")
    assert second.returncode == 0, second.stderr
    assert site.server.requested("/rss.xml")[-1][1] == 304  # a conditional request, answered "not modified"
    assert "if-none-match" in site.server.requested("/rss.xml")[-1][0]
    assert site.server.requested("/atom.xml")[-1][1] == 200  # unchanged content, served again: all items seen
    assert len([r for r in site.server.requests if r[0].startswith("/news/")]) == pages_before  # nothing fetched
    assert len(sources(env)) == 4

    new_link = seed_page(site.server, 4)
    site.add_to_rss(Item("/news/004.html", "item 4", FEED_DATES[4]))
    time.sleep(1.1)
    third = isnad(env, "follow", "--once")
    assert third.returncode == 0, third.stderr
    after = {s["article_id"]: s for s in sources(env)}
    assert sorted(after) == sorted([*indexed, new_link])
    assert after[new_link]["published"] == "2026-01-28" and after[new_link]["outlet"] == OUTLETS[4]
    assert Counter(path for path, _, _ in site.server.requests if path.startswith("/news/0"))["/news/000.html"] == 1


def test_a_killed_follow_resumes_without_duplicates(news_site: NewsSite, env: dict[str, str], tmp_path: Path) -> None:
    site = build_site(news_site, delay_s=0.4)  # slow pages, so that the kill lands mid-poll
    for feed in (site.rss, site.atom):
        assert isnad(env, "feeds", "add", feed).returncode == 0
    follow = subprocess.Popen(
        [sys.executable, str(QUICK_ISNAD), "follow"], env=env, cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    # Killed while the second feed's page is on its way: the RSS feed's articles are in, the Atom one is not.
    while not site.server.arrived("/news/003.html") and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(follow.pid, signal.SIGKILL)
    follow.wait(timeout=30)
    assert follow.returncode == -9
    killed_at = len(sources(env))

    time.sleep(1.1)
    resumed = isnad(env, "follow", "--once")
    assert resumed.returncode == 0, resumed.stderr
    found = sources(env)
    assert sorted(s["article_id"] for s in found) == sorted(site.articles[n] for n in (0, 1, 2, 3))
    assert killed_at == 3  # the RSS feed's articles were in before the kill; the Atom one came after
    ids = json.loads(isnad(env, "ingest", "--json").stdout)  # an ingest of nothing changes nothing
    assert ids["articles"]["added"] == 0
    passages = sum(s["passages"] for s in found)
    assert passages == len({(s["article_id"], n) for s in found for n in range(s["passages"])})
