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
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram import texts
from bot.telegram.access import AllowList, RateLimiter
from bot.telegram.handlers import Handlers
from bot.telegram.history import ChatHistory
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.pipeline import AnswerWorker, IsnadService
from bot.telegram.redaction import hide_token
from bot.telegram.resilience import ApiSupport
from bot.telegram.settings import TelegramSettings
from retrieval.settings import Settings

logger = logging.getLogger(__name__)

FLOOD_RETRIES = 3  # times a request is retried after Telegram answers "retry after N seconds"
BOOTSTRAP_RETRIES = 5  # times start-up calls (getMe, deleteWebhook/setWebhook) are retried


def build_application(settings: Settings, telegram_settings: TelegramSettings, service: IsnadService) -> Application:
    """The bot, wired to `service`, ready to be started; it has not contacted Telegram yet."""
    token = telegram_settings.require_token()
    support = ApiSupport()
    worker = AnswerWorker(service, telegram_settings.max_concurrent_answers)
    handlers = Handlers(
        worker=worker,
        history=ChatHistory(settings.data_dir / "telegram" / "history", telegram_settings.history_turns),
        allow_list=AllowList(telegram_settings.allowed_ids),
        limiter=RateLimiter(telegram_settings.questions_per_minute),
        support=support,
        settings=telegram_settings,
    )

    async def register_commands(application: Application) -> None:
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

    api_url = telegram_settings.api_url.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=FLOOD_RETRIES))
        .concurrent_updates(PerChatUpdateProcessor())
        .post_init(register_commands)
        .post_shutdown(release)
        .build()
    )
    _add_handlers(application, handlers)
    return application


def _add_handlers(application: Application, handlers: Handlers) -> None:
    new_message = filters.UpdateType.MESSAGE  # edits, channel posts and the rest are ignored
    private = filters.ChatType.PRIVATE
    application.add_handler(TypeHandler(Update, handlers.gate), group=-1)
    for name, callback in (
        ("start", handlers.start),
        ("help", handlers.help),
        ("reset", handlers.reset),
        ("sources", handlers.sources),
        ("timeline", handlers.timeline),
        ("ask", handlers.ask),
    ):
        application.add_handler(CommandHandler(name, callback, filters=new_message))
    application.add_handler(MessageHandler(new_message & filters.TEXT & ~filters.COMMAND, handlers.question))
    application.add_handler(MessageHandler(new_message & private & filters.COMMAND, handlers.unknown_command))
    application.add_handler(MessageHandler(new_message & private & ~filters.TEXT, handlers.not_text))
    application.add_error_handler(handlers.error)


def webhook_options(telegram_settings: TelegramSettings) -> dict[str, Any]:
    """Arguments for `run_webhook`/`start_webhook`: listen locally on the path of the public URL."""
    assert telegram_settings.webhook_url is not None
    secret = telegram_settings.webhook_secret
    return {
        "listen": telegram_settings.webhook_listen,
        "port": telegram_settings.webhook_port,
        "url_path": urlsplit(telegram_settings.webhook_url).path.lstrip("/"),
        "webhook_url": telegram_settings.webhook_url,
        "secret_token": secret.get_secret_value() if secret else secrets.token_urlsafe(32),
        "bootstrap_retries": BOOTSTRAP_RETRIES,
    }


def run(
    settings: Settings,
    telegram_settings: TelegramSettings | None = None,
    *,
    service: IsnadService | None = None,
) -> None:
    """Run the bot until interrupted: long polling, or a webhook server when a webhook URL is set.

    Raises `MissingToken` (an `IsnadError`) before anything else when no token is configured.
    """
    telegram_settings = telegram_settings or TelegramSettings()
    hide_token(telegram_settings.require_token())
    if service is None:
        from retrieval.service import Isnad  # the library loads models: import it only to run

        service = Isnad(settings)
    application = build_application(settings, telegram_settings, service)
    if telegram_settings.webhook_url:
        logger.info("Starting the Telegram bot with a webhook on port %s", telegram_settings.webhook_port)
        application.run_webhook(**webhook_options(telegram_settings))
    else:
        logger.info("Starting the Telegram bot with long polling")
        application.run_polling(bootstrap_retries=BOOTSTRAP_RETRIES)
