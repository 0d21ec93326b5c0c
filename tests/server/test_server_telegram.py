"""The Telegram bot over a Chroma server that goes away and comes back: a short "temporarily unavailable"
reply meanwhile, and answers again afterwards without a restart of the bot."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from chroma_server import ChromaServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "telegram"))  # the Bot API emulator helpers
from telegram_emulator import Chat, EmulatorProcess, missing_reason, new_token, serving

from bot.telegram import TelegramSettings, build_application, texts
from retrieval.service import Isnad
from retrieval.settings import load_settings

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorProcess]:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    process = EmulatorProcess()
    yield process
    process.close()


async def test_the_bot_says_unavailable_then_recovers(
    emulator: EmulatorProcess, own_server: ChromaServer, tmp_path: Path, corpus: Path
) -> None:
    settings = load_settings(
        _env_file=None,
        chroma_url=own_server.url,
        collection=f"isnad_{uuid.uuid4().hex[:12]}",
        data_dir=tmp_path / "data",
        seeds_dir=corpus,
    )
    isnad = Isnad(settings)  # the real library, with the bundled model
    isnad.ingest([corpus])
    token = new_token()
    telegram_settings = TelegramSettings(_env_file=None, token=token, api_url=emulator.url, questions_per_minute=0)
    application = build_application(settings, telegram_settings, isnad)
    question = "متى افتتحت الحكومة ميناء العقبة؟"
    async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http, serving(application):
        chat = Chat(http, token, user_id=401)
        before = await chat.ask_html(question, timeout_s=60)
        own_server.stop()
        during = await chat.ask(question, timeout_s=30)
        sources_during = await chat.ask("/sources", timeout_s=30)
        own_server.start()
        after = await chat.ask_html(question, timeout_s=60)

    assert "[1]" in before.text and "العقبة" in before.text
    assert during.text == texts.UNAVAILABLE and sources_during.text == texts.UNAVAILABLE
    assert after.text == before.text
