"""The Telegram front end: a thin python-telegram-bot adapter over `retrieval.service.Isnad`.

Its settings are `Settings.telegram` (`ISNAD_TELEGRAM_*`) and `Settings.telegram_bot_token`.

app.py         build_application(), run(): polling or webhook; the start-up line
handlers.py    one handler per command / kind of message, the access gate, the error handler
inline.py      inline mode: `@bot question` in any chat
addressing.py  group-chat rules          access.py   the access rule, per-user rate limits
pipeline.py    service calls in worker threads, bounded
delivery.py    replies, typing indicator, streamed answers
render.py      Answer -> Telegram HTML blocks            split.py    blocks -> messages under 4,096
direction.py   Unicode direction isolates                texts.py    what the bot says, in Arabic and English
history.py     conversations on disk (per user in groups, per reply thread)
ordering.py    chats concurrently, one chat in order
resilience.py  retries with backoff, optional Bot API methods
redaction.py   the token kept out of logs
"""

from bot.telegram.app import MissingToken, build_application, run

__all__ = ["MissingToken", "build_application", "run"]
