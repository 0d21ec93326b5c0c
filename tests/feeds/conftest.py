"""Fixtures for fetching and following: the local news site, and `isnad` run against it in a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from news_site import Item, NewsSite, Page, article_html, atom, rss, seed_paragraphs

REPO_ROOT = Path(__file__).resolve().parents[2]
QUICK_ISNAD = Path(__file__).with_name("quick_isnad.py")
MAX_BYTES = 200_000
OUTLETS = ["عنب بلدي", "الجزيرة نت", "حلب اليوم", "سانا", "روسيا اليوم"]
PUBLISHED = {0: "2025-10-02T09:00:00+03:00", 2: "2025-11-16T10:00:00Z", 4: "2026-01-28T08:30:00Z"}  # 1 and 3: none
FEED_DATES = {n: dt.datetime(2025, 8 + n, 3, 8, 0, tzinfo=dt.UTC) for n in range(5)}  # what the feeds say


@dataclass
class Site:
    """The running site and the links it serves."""

    server: NewsSite
    rss: str
    atom: str
    broken: str
    articles: dict[int, str]  # seed number -> link
    huge: str
    to_private: str
    not_html: str
    rss_items: list[Item]

    def add_to_rss(self, item: Item) -> None:
        self.rss_items.insert(0, item)
        self.server.put("/rss.xml", Page(rss(self.server.url, self.rss_items), "application/rss+xml", conditional=True))


def seed_page(server: NewsSite, n: int, *, delay_s: float = 0.0) -> str:
    name = sorted(p.name for p in (REPO_ROOT / "seeds").glob("*.txt"))[n]
    title, paragraphs = seed_paragraphs(name)
    body = article_html(title, paragraphs, outlet=OUTLETS[n], published=PUBLISHED.get(n), author=f"مراسل {n}")
    return server.put(f"/news/{n:03d}.html", Page(body, delay_s=delay_s))


def build_site(server: NewsSite, *, delay_s: float = 0.0) -> Site:
    articles = {n: seed_page(server, n, delay_s=delay_s) for n in range(5)}
    filler = "<p>" + "نص طويل جدا في صفحة ضخمة. " * 12_000 + "</p>"
    huge = server.put("/news/huge.html", Page(f"<html><body><article>{filler}</article></body></html>".encode()))
    to_private = server.put(
        "/news/moved.html", Page(b"", status=302, headers={"Location": "http://10.255.0.1/internal/secret.html"})
    )
    not_html = server.put("/news/report.pdf", Page(b"%PDF-1.4 not an article", "application/pdf"))
    broken = server.put("/broken.xml", Page(b"<<< this is not a feed >>>", "application/rss+xml"))
    items = [Item(f"/news/{n:03d}.html", f"item {n}", FEED_DATES[n]) for n in (0, 1, 2)]
    items += [Item("/news/huge.html", "huge", None), Item("/news/moved.html", "moved", None)]
    atom_items = [Item(f"/news/{n:03d}.html", f"item {n}", FEED_DATES[n]) for n in (3,)]
    atom_items.append(Item("/news/report.pdf", "a report", None))
    feed = server.put("/rss.xml", Page(rss(server.url, items), "application/rss+xml", conditional=True))
    atom_feed = server.put("/atom.xml", Page(atom(server.url, atom_items), "application/atom+xml"))
    return Site(server, feed, atom_feed, broken, articles, huge, to_private, not_html, items)


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    with NewsSite() as server:
        yield server


@pytest.fixture
def site(news_site: NewsSite) -> Site:
    return build_site(news_site)


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """`isnad`'s environment: its own data folder, loopback allowed (the site runs there), a small size limit."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ISNAD_", "TELEGRAM_"))}
    (tmp_path / "no-seeds").mkdir()
    return base | {
        "ISNAD_SEEDS_DIR": str(tmp_path / "no-seeds"),
        "ISNAD_DATA_DIR": str(tmp_path / "data"),
        "ISNAD_FETCH_ALLOW_NETWORKS": "127.0.0.0/8",
        "ISNAD_FETCH_MAX_BYTES": str(MAX_BYTES),
        "ISNAD_FEED_INTERVAL_S": "1",
        "PYTHONPATH": str(REPO_ROOT),
    }


def isnad(env: dict[str, str], *args: str, timeout: float = 180) -> Run:
    done = subprocess.run(
        [sys.executable, str(QUICK_ISNAD), *args],
        env=env,
        cwd=Path(env["ISNAD_DATA_DIR"]).parent,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def sources(env: dict[str, str]) -> list[dict]:
    run = isnad(env, "sources", "--json")
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)
