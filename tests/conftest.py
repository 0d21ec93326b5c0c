"""Shared fixtures: isolated settings, a real Chroma store in a temporary folder, small Arabic corpora."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from retrieval.records import Article
from retrieval.settings import Settings, load_settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings whose data directory is a fresh temporary folder."""
    return load_settings(data_dir=tmp_path / "data", seeds_dir=SEEDS)


@pytest.fixture
def fake_embeddings() -> DeterministicFakeEmbedding:
    return DeterministicFakeEmbedding(size=32)


@pytest.fixture
def small_articles() -> list[Article]:
    """Three short made-up articles: dated, dated, undated."""
    return [
        Article(
            article_id="a.txt",
            title="زيارة وزير الزراعة إلى القاهرة",
            text="زار وزير الزراعة القاهرة في 3 مارس/آذار الماضي. وبحث هناك تصدير القمح.\nوقال إن المحادثات كانت مثمرة.",
            published=dt.date(2025, 4, 10),
        ),
        Article(
            article_id="b.txt",
            title="افتتاح ميناء جديد",
            text="افتتحت الحكومة ميناء جديدا في مدينة العقبة أمس الأربعاء. ويضم الميناء ثلاثة أرصفة.",
            published=dt.date(2025, 6, 12),
        ),
        Article(
            article_id="c.txt",
            title="مهرجان الشعر",
            text="انطلق مهرجان الشعر العربي يوم الخميس بمشاركة عشرين شاعرا. ويستمر المهرجان أسبوعا.",
        ),
    ]
