"""The Telegram bot over a Chroma server that goes away and comes back: a short "temporarily unavailable"
reply meanwhile, and answers again afterwards without a restart of the bot."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import httpx
import pytest
from chroma_server import ChromaServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "telegram"))  # the Bot API emulator helpers
from telegram_emulator import (
    Chat,
    EmulatorProcess,
    bot_settings,
    emulator,  # noqa: F401 (the shared fixture)
    new_token,
    serving,
)

from bot.telegram import build_application, texts
from retrieval.service import Isnad

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


async def test_the_bot_says_unavailable_then_recovers(
    emulator: EmulatorProcess,  # noqa: F811
    own_server: ChromaServer,
    tmp_path: Path,
    corpus: Path,
) -> None:
    token = new_token()
    settings = bot_settings(
        emulator,
        token,
        chroma_url=own_server.url,
        collection=f"isnad_{uuid.uuid4().hex[:12]}",
        data_dir=tmp_path / "data",
        seeds_dir=corpus,
        telegram={"questions_per_minute": 0},
    )
    isnad = Isnad(settings)  # the real library, with the bundled model
    isnad.ingest([corpus])
    application = build_application(settings, isnad)
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
    unavailable = texts.UNAVAILABLE("ar")
    assert during.text == unavailable and sources_during.text == texts.UNAVAILABLE(None)
    assert after.text == before.text
