"""Who the bot serves (the access rule) and how often (a per-user rate limit that says how long to wait).

The access rule, one for every kind of update (messages, commands, inline queries, button presses):
with `ISNAD_TELEGRAM_ALLOWED_IDS` empty, everyone; otherwise a chat is served when its own id is listed:
a group's id lets all its members ask there, and a user's id lets that user ask in private (a private
chat's id is the user's id). An inline query has no chat: it is served when the user's id is listed.
Listing a user does not open the groups they are in; listing a group does not open its members' private
chats.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable, Hashable, Iterable

from telegram import Chat, User
from telegram.constants import ChatType

REMIND_AFTER_S = 24 * 3600.0  # a refused chat is told again after a day, never sooner
_REMEMBERED_REFUSALS = 10_000


class AccessRule:
    """The allow-list, and when a refused chat was last told so."""

    def __init__(
        self,
        ids: Iterable[int],
        *,
        remind_after_s: float = REMIND_AFTER_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ids = frozenset(ids)
        self._remind_after_s = remind_after_s
        self._clock = clock
        self._told: dict[int, float] = {}  # refused chat or user id -> when it was last told, oldest first

    @property
    def is_open(self) -> bool:
        """Whether everyone is served (the allow-list is empty)."""
        return not self._ids

    def serves(self, chat: Chat | None, user: User | None) -> bool:
        """Whether an update from `user` in `chat` (None for an inline query) is served."""
        if self.is_open:
            return True
        if chat is not None:
            return chat.id in self._ids
        return user is not None and user.id in self._ids

    def should_tell(self, refused_id: int) -> bool:
        """True when `refused_id` (a chat, or the user of an inline query) has not been told for a day."""
        now = self._clock()
        last = self._told.pop(refused_id, None)
        if last is not None and now - last < self._remind_after_s:
            self._told[refused_id] = last
            return False
        if len(self._told) >= _REMEMBERED_REFUSALS:
            del self._told[next(iter(self._told))]
        self._told[refused_id] = now
        return True


class RateLimiter:
    """At most `per_minute` questions per key in any 60 seconds; 0 turns the limit off.

    The bot keys it by user and place, `("private", user_id)` or `("group", user_id)`, so that a user's
    questions in groups do not use up their private allowance, nor the other way round.
    """

    def __init__(self, per_minute: int, *, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._window_s = window_s
        self._clock = clock
        self._asked: dict[Hashable, deque[float]] = {}
        self._last_sweep = clock()

    def wait_s(self, key: Hashable) -> int:
        """0 when a question under `key` may be asked now (it is counted); otherwise the whole seconds until
        the next one will be (a refused question is not counted)."""
        if self.per_minute <= 0:
            return 0
        now = self._clock()
        if now - self._last_sweep > self._window_s:  # drop idle keys now and then, not on every call
            self._last_sweep = now
            for idle in [k for k, times in self._asked.items() if not times or times[-1] <= now - self._window_s]:
                del self._asked[idle]
        asked = self._asked.setdefault(key, deque())
        while asked and asked[0] <= now - self._window_s:
            asked.popleft()
        if len(asked) < self.per_minute:
            asked.append(now)
            return 0
        return max(1, math.ceil(asked[0] + self._window_s - now))


def limit_key(chat_type: str | None, user_id: int) -> tuple[str, int]:
    """The allowance a question uses: the user's questions in groups, or in private (inline queries count
    where they are typed: in a group's allowance there, else in the private one)."""
    return ("group" if chat_type in (ChatType.GROUP, ChatType.SUPERGROUP) else "private"), user_id
