"""Shared fixtures: an environment isolated from the developer's, isolated settings, small Arabic corpora."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

sys.path.insert(0, str(Path(__file__).resolve().parent / "server"))  # the `chroma run` helper
from chroma_server import ChromaServer, missing_reason

from retrieval.records import Article
from retrieval.settings import Settings, load_settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SETTING_PREFIXES = ("ISNAD_", "TELEGRAM_")  # what isnad and its Telegram bot read from the environment


def _forget_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(SETTING_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session", autouse=True)
def _isolated_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Session- and module-scoped fixtures, too, start without the developer's settings, in an empty folder."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        _forget_settings_from_environment(monkeypatch)
        monkeypatch.chdir(tmp_path_factory.mktemp("session-cwd"))
        yield


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test runs without `ISNAD_*` / `TELEGRAM_*` variables from the shell, in an empty working folder,
    so no `.env` is read and nothing is written beside the checkout (the default data folder is relative)."""
    _forget_settings_from_environment(monkeypatch)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with the defaults, whose data directory is a fresh temporary folder (no `.env` read)."""
    return load_settings(_env_file=None, data_dir=tmp_path / "data", seeds_dir=SEEDS)


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


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ChromaServer]:
    """A Chroma server on a free loopback port, shared by every test of the session that needs one."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server") / "data").start()
    yield server
    server.stop()
