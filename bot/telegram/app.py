"""Building the bot's `Application` and running it with long polling or a webhook."""

from __future__ import annotations

import logging
import secrets
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram import texts
from bot.telegram.access import AccessRule, RateLimiter
from bot.telegram.handlers import Handlers
from bot.telegram.history import ChatHistory
from bot.telegram.inline import InlineAnswers
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.pipeline import AnswerWorker, IsnadService
from bot.telegram.redaction import hide_token
from bot.telegram.resilience import ApiSupport
from retrieval import FeedStore, IsnadError, Settings, TelegramSettings

logger = logging.getLogger(__name__)

FLOOD_RETRIES = 3  # times a request is retried after Telegram answers "retry after N seconds"
BOOTSTRAP_RETRIES = 5  # times start-up calls (getMe, deleteWebhook/setWebhook) are retried
LINK_MESSAGE = r"^\s*https?://\S+\s*$"  # a message that is one link: an article to add, not a question


class MissingToken(IsnadError):
    """The bot cannot start without a token from @BotFather."""


def require_token(settings: Settings) -> str:
    """The token's value, or a `MissingToken` error that says how to get one."""
    token = settings.telegram_bot_token.get_secret_value().strip() if settings.telegram_bot_token else ""
    if not token:
        raise MissingToken(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather, then "
            "export TELEGRAM_BOT_TOKEN=<the token it gives you> and run `isnad telegram` again."
        )
    return token


def build_application(settings: Settings, service: IsnadService) -> Application:
    """The bot, wired to `service`, ready to be started; it has not contacted Telegram yet."""
    token = require_token(settings)
    telegram = settings.telegram
    support = ApiSupport()
    worker = AnswerWorker(service, telegram.max_concurrent_answers)
    limiter = RateLimiter(telegram.questions_per_minute)
    handlers = Handlers(
        worker=worker,
        history=ChatHistory(settings.data_dir / "telegram" / "history", telegram.history_turns),
        access=AccessRule(telegram.allowed_ids),
        limiter=limiter,
        support=support,
        settings=telegram,
        feeds=FeedStore(settings),
        max_upload_bytes=settings.max_file_bytes,
    )

    async def start_up(application: Application) -> None:
        logger.info(startup_line(settings, application.bot.username))
        for language_code, column in ((None, 1), ("ar", 2)):
            commands = [BotCommand(row[0], row[column]) for row in texts.COMMANDS]
            await support.attempt(
                "setMyCommands",
                lambda commands=commands, code=language_code: application.bot.set_my_commands(
                    commands, language_code=code
                ),
            )

    async def release(application: Application) -> None:
        worker.close()

    api_url = telegram.api_url.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=FLOOD_RETRIES))
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(start_up)
        .post_shutdown(release)
        .build()
    )
    _add_handlers(application, handlers, InlineAnswers(worker, limiter))
    return application


def startup_line(settings: Settings, username: str) -> str:
    """What the bot says in the log when it starts: who, how it gets updates, and what it answers from."""
    telegram = settings.telegram
    if telegram.webhook_url:
        mode = f"webhook {telegram.webhook_url} (serving on {telegram.webhook_listen}:{telegram.webhook_port})"
    else:
        mode = "long polling"
    store = f"Chroma server {settings.chroma_url}" if settings.chroma_url else f"embedded in {settings.chroma_dir}"
    answerer = "extractive" if settings.llm == "none" else f"LLM {settings.llm}"
    return (
        f"Telegram bot @{username} is running: {mode}; data folder {settings.data_dir.resolve()}; "
        f"store {store}; answerer {answerer}"
    )


def _add_handlers(application: Application, handlers: Handlers, inline: InlineAnswers) -> None:
    new_message = filters.UpdateType.MESSAGE  # edits, channel posts and the rest are ignored
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, handlers.gate), group=-1)  # the access rule, for every update
    for name, callback in (
        ("start", handlers.start),
        ("help", handlers.help),
        ("reset", handlers.reset),
        ("sources", handlers.sources),
        ("timeline", handlers.timeline),
        ("ask", handlers.ask),
        ("latest", handlers.latest),
        ("feeds", handlers.feeds),
    ):
        application.add_handler(CommandHandler(name, callback, filters=new_message))
    link = filters.Regex(LINK_MESSAGE)
    application.add_handler(MessageHandler(new_message & private & filters.TEXT & link, handlers.add_link))
    application.add_handler(MessageHandler(new_message & private & filters.Document.ALL, handlers.add_file))
    application.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND, handlers.question))
    application.add_handler(MessageHandler(new_message & private & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(new_message & private & ~filters.TEXT, handlers.not_text))
    application.add_handler(InlineQueryHandler(inline))
    application.add_handler(CallbackQueryHandler(handlers.button))
    application.add_error_handler(handlers.error)


def webhook_options(telegram: TelegramSettings) -> dict[str, Any]:
    """Arguments for `run_webhook`/`start_webhook`: listen locally on the path of the public URL."""
    assert telegram.webhook_url is not None
    secret = telegram.webhook_secret
    return {
        "listen": telegram.webhook_listen,
        "port": telegram.webhook_port,
        "url_path": urlsplit(telegram.webhook_url).path.lstrip("/"),
        "webhook_url": telegram.webhook_url,
        "secret_token": secret.get_secret_value() if secret else secrets.token_urlsafe(32),
        "bootstrap_retries": BOOTSTRAP_RETRIES,
    }


def run(settings: Settings, *, service: IsnadService | None = None) -> None:
    """Run the bot until interrupted: long polling, or a webhook server when a webhook URL is set.

    Raises `MissingToken` (an `IsnadError`) before anything else when no token is configured. At the
    default log level (no `ISNAD_LOG_LEVEL` given) the start-up line is still logged.
    """
    hide_token(require_token(settings))
    if "log_level" not in settings.model_fields_set and logger.getEffectiveLevel() > logging.INFO:
        logger.setLevel(logging.INFO)
    if service is None:
        from retrieval import Isnad  # the library loads models: import it only to run

        service = Isnad(settings)
    application = build_application(settings, service)
    if settings.telegram.webhook_url:
        application.run_webhook(**webhook_options(settings.telegram))
    else:
        application.run_polling(bootstrap_retries=BOOTSTRAP_RETRIES)
