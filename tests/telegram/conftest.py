"""Fixtures for the Telegram bot's tests: a clean environment, the fake service, the emulator, a bot."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram_emulator import (
    EmulatorProcess,
    RunningBot,
    StartBot,
    bot_settings,
    emulator,  # noqa: F401 (the shared fixture)
    free_port,
    new_token,
    serving,
)
from telegram_fakes import FakeIsnad

from bot.telegram import build_application
from bot.telegram.app import webhook_options


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _no_bot_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see only the settings they pass, whatever the developer's shell exports."""
    for name in list(os.environ):
        if name.startswith("ISNAD_") or name == "TELEGRAM_BOT_TOKEN":
            monkeypatch.delenv(name)


@pytest.fixture
def service() -> FakeIsnad:
    """The library behind the bot; override this fixture to run the e2e tests on another service."""
    return FakeIsnad()


@pytest.fixture
def start_bot(emulator: EmulatorProcess, service: Any, tmp_path: Path) -> StartBot:  # noqa: F811
    """`async with start_bot(**bot_options) as bot:` runs the real application against the emulator.

    It polls, or with `webhook=True` receives updates on a local webhook the emulator calls. Keyword
    arguments are `ISNAD_TELEGRAM_*` options; `settings={...}` passes library settings.
    """

    @contextlib.asynccontextmanager
    async def start(
        *,
        with_service: Any = None,
        data_dir: Path = tmp_path,
        token: str | None = None,
        webhook: bool = False,
        settings: dict[str, Any] | None = None,
        **options: Any,
    ) -> AsyncIterator[RunningBot]:
        token = token or new_token()
        options = {"questions_per_minute": 0, "max_concurrent_answers": 4, **options}
        if webhook:
            port = free_port()
            options |= {"webhook_url": f"http://127.0.0.1:{port}/tg/hook", "webhook_listen": "127.0.0.1"}
            options |= {"webhook_port": port}
        configured = bot_settings(emulator, token, data_dir=data_dir, telegram=options, **(settings or {}))
        application = build_application(configured, with_service or service)
        hook = webhook_options(configured.telegram) if webhook else None
        async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http, serving(application, hook):
            yield RunningBot(application, token, http)

    return start
