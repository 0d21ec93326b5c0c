"""Who may ask (the allow-list) and how often (a per-user rate limit)."""

from __future__ import annotations

import enum
import time
from collections import deque
from collections.abc import Callable, Iterable

_REMEMBERED_REFUSALS = 10_000


class AllowList:
    """Chat and user ids allowed to use the bot; an empty list lets everyone in."""

    def __init__(self, ids: Iterable[int]) -> None:
        self._ids = frozenset(ids)
        self._refused: dict[int, None] = {}  # chats already told "no", oldest first

    def permits(self, *, chat_id: int | None, user_id: int | None) -> bool:
        """Whether a message from `user_id` in `chat_id` may be answered."""
        return not self._ids or chat_id in self._ids or user_id in self._ids

    def first_refusal(self, chat_id: int) -> bool:
        """True the first time a chat is refused: it gets one polite refusal and nothing else."""
        if chat_id in self._refused:
            return False
        if len(self._refused) >= _REMEMBERED_REFUSALS:
            del self._refused[next(iter(self._refused))]
        self._refused[chat_id] = None
        return True


class Verdict(enum.Enum):
    """What to do with a question under the rate limit."""

    ALLOW = "allow"
    SLOW_DOWN = "slow down"  # refuse, and say why (once per burst)
    QUIET = "quiet"  # refuse silently: the user was already told


class RateLimiter:
    """At most `per_minute` questions per user in any 60 seconds; 0 turns the limit off."""

    def __init__(self, per_minute: int, *, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_window = per_minute
        self._window_s = window_s
        self._clock = clock
        self._asked: dict[int, deque[float]] = {}
        self._warned: set[int] = set()
        self._last_sweep = clock()

    def check(self, user_id: int) -> Verdict:
        """Count one question from `user_id` if the limit allows it."""
        if self._per_window <= 0:
            return Verdict.ALLOW
        now = self._clock()
        if now - self._last_sweep > self._window_s:  # drop idle users now and then, not on every call
            self._last_sweep = now
            for idle in [uid for uid, times in self._asked.items() if times[-1] <= now - self._window_s]:
                del self._asked[idle]
                self._warned.discard(idle)
        asked = self._asked.setdefault(user_id, deque())
        while asked and asked[0] <= now - self._window_s:
            asked.popleft()
        if len(asked) < self._per_window:
            asked.append(now)
            self._warned.discard(user_id)
            return Verdict.ALLOW
        if user_id in self._warned:
            return Verdict.QUIET
        self._warned.add(user_id)
        return Verdict.SLOW_DOWN
