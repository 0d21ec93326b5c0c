"""The Telegram front end: a thin python-telegram-bot adapter over `retrieval.service.Isnad`.

settings.py    TelegramSettings (ISNAD_TELEGRAM_*, TELEGRAM_BOT_TOKEN), MissingToken
app.py         build_application(), run(): polling or webhook
handlers.py    one handler per command / kind of message, the error handler
addressing.py  group-chat rules          access.py   allow-list, per-user rate limit
pipeline.py    service calls in worker threads, bounded
delivery.py    replies, typing indicator, streamed answers
render.py      Answer -> Telegram HTML   split.py    HTML -> messages under 4,096
history.py     per-chat conversation on disk
ordering.py    chats concurrently, one chat in order
resilience.py  retries with backoff, optional Bot API methods
redaction.py   the token kept out of logs
"""

from bot.telegram.app import build_application, run
from bot.telegram.settings import MissingToken, TelegramSettings, load_telegram_settings

__all__ = ["MissingToken", "TelegramSettings", "build_application", "load_telegram_settings", "run"]
