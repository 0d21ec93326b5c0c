"""Adding articles and feeds through the bot: administrators send a link or a file and are told what was
added; everyone else is refused politely; `/feeds` for administrators, `/latest` for everyone.

The real library answers (with a fast deterministic embedder), against a news site on 127.0.0.1 and the
Bot API emulator, which keeps uploaded files and serves them to the bot as Telegram does.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from telegram_emulator import StartBot

from bot.telegram import texts
from bot.telegram.direction import strip_isolates
from retrieval import FeedStore
from retrieval.service import Isnad
from retrieval.settings import load_settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "feeds"))  # the news site helper
from news_site import NewsSite, Page, article_html

pytestmark = pytest.mark.anyio

ADMIN, OTHER = 501, 502
ARTICLE_TEXT = "افتتحت البلدية جسرا جديدا فوق نهر الزرقاء اليوم الأحد بكلفة مليوني دينار.\nوقال رئيس البلدية إن الجسر يخدم آلاف السكان."


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite() as server:
        paragraphs = [
            "وصل وفد عسكري روسي رفيع المستوى إلى دمشق اليوم الأحد في زيارة رسمية تستمر ثلاثة أيام لبحث التعاون.",
            "وقال مصدر في وزارة الدفاع إن الوفد سيلتقي كبار المسؤولين لبحث ملفات التعاون العسكري والتنسيق بين البلدين.",
            "وتأتي الزيارة بعد سلسلة من اللقاءات بين الجانبين خلال الأشهر الماضية في موسكو ودمشق.",
        ]
        page = article_html(
            "وفد عسكري روسي في دمشق", paragraphs, outlet="الجزيرة نت", published="2025-11-16T10:00:00Z", author=None
        )
        server.put("/news/delegation.html", Page(page))
        yield server


@pytest.fixture
def library(tmp_path: Path) -> Isnad:
    (tmp_path / "no-seeds").mkdir()
    settings = load_settings(
        _env_file=None,
        data_dir=tmp_path / "data",
        seeds_dir=tmp_path / "no-seeds",
        fetch_allow_networks="127.0.0.0/8",
    )
    return Isnad(settings, embeddings=DeterministicFakeEmbedding(size=16))


def seen(text: str) -> str:
    return strip_isolates(text)


async def test_an_administrator_adds_a_link_and_files_and_is_told_what_was_added(
    start_bot: StartBot, library: Isnad, site: NewsSite, tmp_path: Path
) -> None:
    options = {"admin_ids": str(ADMIN)}
    settings = {"fetch_allow_networks": "127.0.0.0/8", "seeds_dir": tmp_path / "no-seeds"}
    async with start_bot(with_service=library, data_dir=tmp_path / "data", settings=settings, **options) as bot:
        admin = bot.chat(ADMIN, language_code="en")
        link = await admin.ask(f"{site.url}/news/delegation.html", timeout_s=60)
        again = await admin.ask(f"{site.url}/news/delegation.html", timeout_s=60)
        text_file = (
            await admin.replies_to(await admin.send_document("bridge.txt", ARTICLE_TEXT.encode()), timeout_s=60)
        )[0]
        records = "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in (
                {
                    "id": "wire-1",
                    "title": "خبر الوكالة",
                    "text": ARTICLE_TEXT.replace("الزرقاء", "العقبة"),
                    "outlet": "وكالة",
                    "published": "2026-02-01",
                },
                {"title": "بلا معرف", "text": "نص"},
            )
        )
        jsonl = (await admin.replies_to(await admin.send_document("wire.jsonl", records.encode()), timeout_s=60))[0]
        pdf = (await admin.replies_to(await admin.send_document("report.pdf", b"%PDF-1.4"), timeout_s=60))[0]
        latest = await admin.ask("/latest", timeout_s=60)

    assert seen(link.text).splitlines() == [
        "Added: وفد عسكري روسي في دمشق — 16 November 2025 — الجزيرة نت — 1 passages"
    ]
    assert seen(again.text) == seen(texts.ALREADY_INDEXED("en"))
    assert seen(text_file.text).startswith("Added: افتتحت البلدية جسرا جديدا")
    assert "— outlet unknown — 1 passages" in seen(text_file.text)
    lines = seen(jsonl.text).splitlines()
    assert lines[0] == "Added: خبر الوكالة — 1 February 2026 — وكالة — 1 passages"
    assert lines[1] == "Skipped wire.jsonl:2: a record needs `id` and `text`."
    assert seen(pdf.text).startswith("Skipped report.pdf: only .htm, .html, .jsonl, .md, .txt files can be added.")
    indexed = {s.article_id for s in library.sources()}
    assert indexed == {f"{site.url}/news/delegation.html", "upload/bridge.txt", "wire-1"}
    for title in ("وفد عسكري روسي في دمشق", "خبر الوكالة"):
        assert title in seen(latest.text)


async def test_anyone_else_is_refused_politely_and_nothing_is_added(
    start_bot: StartBot, library: Isnad, site: NewsSite, tmp_path: Path
) -> None:
    async with start_bot(with_service=library, data_dir=tmp_path / "data", admin_ids=str(ADMIN)) as bot:
        other = bot.chat(OTHER, language_code="en")
        link = await other.ask(f"{site.url}/news/delegation.html")
        upload = (await other.replies_to(await other.send_document("bridge.txt", ARTICLE_TEXT.encode())))[0]
        feeds = await other.ask(f"/feeds add {site.url}/rss.xml")

    for reply in (link, upload, feeds):
        assert reply.text == texts.ADMINS_ONLY("en")
    assert site.requested("/news/delegation.html") == []
    assert library.index.store.count() == 0


async def test_administrators_list_add_and_remove_feeds(start_bot: StartBot, library: Isnad, tmp_path: Path) -> None:
    feed = "https://news.example.org/rss.xml"
    async with start_bot(with_service=library, data_dir=tmp_path / "data", admin_ids=str(ADMIN)) as bot:
        admin = bot.chat(ADMIN, language_code="en")
        empty = await admin.ask("/feeds")
        added = await admin.ask(f"/feeds add {feed}")
        listed = await admin.ask("/feeds")
        twice = await admin.ask(f"/feeds add {feed}")
        bad = await admin.ask("/feeds add ftp://example.org/feed")
        removed = await admin.ask(f"/feeds remove {feed}")
        usage = await admin.ask("/feeds frobnicate")

    assert empty.text == texts.NO_FEEDS("en")
    assert added.text == texts.FEED_ADDED("en", url=feed)
    assert listed.text == f"• {feed}"
    assert twice.text == texts.FEED_KNOWN("en", url=feed)
    assert "Not a feed address" in seen(bad.text)
    assert removed.text == texts.FEED_REMOVED("en", url=feed)
    assert usage.text == texts.FEEDS_USAGE("en")
    assert list(FeedStore(library.settings).load()) == []
