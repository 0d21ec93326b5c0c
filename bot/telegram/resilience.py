"""Calls to the Bot API that must not fail for a passing network fault, and calls that may fail.

Flood control (`RetryAfter`) is handled below these helpers by PTB's `AIORateLimiter`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, TelegramError

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0)


async def with_retries(call: Callable[[], Awaitable[T]], *, delays: Sequence[float] = RETRY_DELAYS_S) -> T:
    """Await `call()`, calling it again after each delay while the network fails.

    A timed-out request may still have reached Telegram, so a retry can duplicate a message:
    a repeated answer is better than a lost one. `BadRequest` is a mistake, not a fault: not retried.
    """
    for delay in delays:
        try:
            return await call()
        except BadRequest:
            raise
        except NetworkError as exc:
            logger.warning("Telegram request failed (%s); retrying in %.1f s", exc, delay)
            await asyncio.sleep(delay)
    return await call()


class ApiSupport:
    """Runs optional Bot API calls, reporting the first failure of each method and carrying on.

    Some servers (older self-hosted ones, emulators) lack methods such as `sendChatAction` or
    `sendMessageDraft`; the bot works without them, and says so once in the log.
    """

    def __init__(self) -> None:
        self._failed: set[str] = set()

    def has_failed(self, method: str) -> bool:
        """Whether a call to `method` has failed before."""
        return method in self._failed

    async def attempt(self, method: str, call: Callable[[], Awaitable[T]]) -> T | None:
        """Await `call()`; on a Telegram error log it (loudly the first time) and return None."""
        try:
            return await call()
        except TelegramError as exc:
            if method in self._failed:
                logger.debug("Bot API method %s failed again: %s", method, exc)
            else:
                self._failed.add(method)
                logger.warning("Bot API method %s failed (%s); carrying on without it", method, exc)
            return None
