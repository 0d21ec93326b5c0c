"""`isnad follow` beside a running bot, both on one Chroma server and one data folder: the article a feed
brings is found by the bot's very next search, which loads only the lexical segment the follow published."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FEEDS_TESTS = Path(__file__).resolve().parents[1] / "feeds"
sys.path.insert(0, str(FEEDS_TESTS))
from news_site import Item, NewsSite, Page, article_html, rss  # noqa: E402
from quick_isnad import QuickEmbeddings  # noqa: E402

from retrieval.service import Isnad  # noqa: E402
from retrieval.settings import Settings  # noqa: E402

PARAGRAPHS = [
    "افتتحت البلدية جسر الزرقاء المعلق يوم الأحد بحضور عدد من المسؤولين وسكان المدينة.",
    "ويبلغ طول الجسر أربعمئة متر فوق الوادي، ويربط بين حيين كانا منفصلين منذ سنوات طويلة.",
    "وقال رئيس البلدية إن الجسر سيخفف الازدحام في وسط المدينة ويختصر الطريق إلى المدارس.",
]


def test_follow_and_a_bot_share_one_server(
    server_env: dict[str, str], server_settings: Settings, corpus: Path, tmp_path: Path
) -> None:
    bot = Isnad(server_settings, embeddings=QuickEmbeddings(size=32))
    bot.ingest([corpus])
    assert {h.passage.article_id for h in bot.search("جسر الزرقاء", 5, mode="lexical")} == set()
    with NewsSite() as site:
        page = article_html("جسر الزرقاء", PARAGRAPHS, outlet="البلدية", published="2026-02-01T09:00:00Z", author=None)
        link = site.put("/bridge.html", Page(page))
        feed = site.put("/rss.xml", Page(rss(site.url, [Item("/bridge.html", "bridge", None)]), "application/rss+xml"))
        env = server_env | {"ISNAD_FETCH_ALLOW_NETWORKS": "127.0.0.0/8", "PYTHONPATH": str(FEEDS_TESTS.parents[1])}
        script = str(FEEDS_TESTS / "quick_isnad.py")
        for args in (["feeds", "add", feed], ["follow", "--once"]):
            done = subprocess.run(
                [sys.executable, script, *args], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=180
            )
            assert done.returncode == 0, done.stderr

    read_all = bot.index.store.all_passages
    bot.index.store.all_passages = lambda: pytest.fail("the bot rebuilt its lexical index")  # type: ignore[method-assign]
    found = bot.search("جسر الزرقاء", 5, mode="lexical")
    assert found and found[0].passage.article_id == link
    bot.index.store.all_passages = read_all  # type: ignore[method-assign]
    assert {s.article_id for s in bot.sources()} >= {link, "port.txt", "poetry.txt"}
