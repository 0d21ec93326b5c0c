"""Fixtures for the Telegram bot's tests: a clean environment, the fake service, the emulator, a bot."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram_emulator import EmulatorProcess, RunningBot, StartBot, free_port, missing_reason, new_token, serving
from telegram_fakes import FakeIsnad

from bot.telegram import TelegramSettings, build_application
from bot.telegram.app import webhook_options
from retrieval.settings import load_settings


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_bot_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the settings they pass, whatever the developer's shell exports."""
    for name in list(os.environ):
        if name.startswith("ISNAD_TELEGRAM_") or name == "TELEGRAM_BOT_TOKEN":
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorProcess]:
    """The Bot API emulator on 127.0.0.1, shared by the session (each bot gets its own token)."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    process = EmulatorProcess()
    yield process
    process.close()


@pytest.fixture
def service() -> FakeIsnad:
    """The library behind the bot; override this fixture to run the e2e tests on another service."""
    return FakeIsnad()


@pytest.fixture
def start_bot(emulator: EmulatorProcess, service: Any, tmp_path: Path) -> StartBot:
    """`async with start_bot(**bot_settings) as bot:` runs the real application against the emulator.

    It polls, or with `webhook=True` receives updates on a local webhook the emulator calls.
    """

    @contextlib.asynccontextmanager
    async def start(
        *,
        with_service: Any = None,
        data_dir: Path = tmp_path,
        token: str | None = None,
        webhook: bool = False,
        **options: Any,
    ) -> AsyncIterator[RunningBot]:
        token = token or new_token()
        options = {"questions_per_minute": 0, "max_concurrent_answers": 4, **options}
        if webhook:
            port = free_port()
            options |= {"webhook_url": f"http://127.0.0.1:{port}/tg/hook", "webhook_listen": "127.0.0.1"}
            options |= {"webhook_port": port}
        telegram_settings = TelegramSettings(_env_file=None, token=token, api_url=emulator.url, **options)
        settings = load_settings(data_dir=data_dir)
        application = build_application(settings, telegram_settings, with_service or service)
        hook = webhook_options(telegram_settings) if webhook else None
        async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http, serving(application, hook):
            yield RunningBot(application, token, http)

    return start
