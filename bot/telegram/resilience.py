"""Calls to the Bot API that must not fail for a passing network fault, and calls that may fail.

Flood control (`RetryAfter`) is handled below these helpers by PTB's `AIORateLimiter`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, TelegramError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt, wait_chain, wait_fixed

logger = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0)


def _passing_fault(exc: BaseException) -> bool:
    """A network failure worth another try; `BadRequest` (a `NetworkError` in PTB) is a mistake, not a fault."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


def _log_retry(state: RetryCallState) -> None:
    delay = state.next_action.sleep if state.next_action else 0.0
    error = state.outcome.exception() if state.outcome else None
    logger.warning("Telegram request failed (%s); retrying in %.1f s", error, delay)


async def with_retries(call: Callable[[], Awaitable[T]], *, delays: Sequence[float] = RETRY_DELAYS_S) -> T:
    """Await `call()`, calling it again after each delay while the network fails; the last error is raised.

    A timed-out request may still have reached Telegram, so a retry can duplicate a message:
    a repeated answer is better than a lost one.
    """
    retrying = AsyncRetrying(
        retry=retry_if_exception(_passing_fault),
        wait=wait_chain(*(wait_fixed(delay) for delay in delays)) if delays else wait_fixed(0),
        stop=stop_after_attempt(len(delays) + 1),
        before_sleep=_log_retry,
        reraise=True,
    )
    async for attempt in retrying:  # `call` returns an awaitable but is no coroutine function: no `retrying(call)`
        with attempt:
            return await call()
    raise AssertionError("unreachable: the last failure is raised again")


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
