"""The bot's behaviour: one short handler per command or kind of message, and the error handler."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram import texts
from bot.telegram.access import AllowList, RateLimiter, Verdict
from bot.telegram.addressing import is_addressed, question_for_bot
from bot.telegram.delivery import StreamingReply, quoting, reply_html, reply_text, typing_indicator
from bot.telegram.history import ChatHistory
from bot.telegram.pipeline import AnswerWorker
from bot.telegram.render import render_answer, render_sources, render_timeline
from bot.telegram.resilience import ApiSupport
from bot.telegram.settings import TelegramSettings
from retrieval.errors import IsnadError, StoreUnavailable
from retrieval.records import Answer, Turn

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class Handlers:
    """What the bot does with each update; PTB calls these bound methods."""

    def __init__(
        self,
        *,
        worker: AnswerWorker,
        history: ChatHistory,
        allow_list: AllowList,
        limiter: RateLimiter,
        support: ApiSupport,
        settings: TelegramSettings,
    ) -> None:
        self._worker = worker
        self._history = history
        self._allow = allow_list
        self._limiter = limiter
        self._support = support
        self._settings = settings

    async def gate(self, update: Update, context: Context) -> None:
        """Stop updates from outside the allow-list; a chat that addressed the bot is refused once."""
        chat, user = update.effective_chat, update.effective_user
        if self._allow.permits(chat_id=chat.id if chat else None, user_id=user.id if user else None):
            return
        message = update.message
        bot = context.bot
        if (
            message is not None
            and is_addressed(message, username=bot.username, bot_id=bot.id)
            and self._allow.first_refusal(message.chat_id)
        ):
            await reply_text(message, texts.NOT_ALLOWED)
        logger.info("Ignored an update from chat %s, user %s: not allowed", chat and chat.id, user and user.id)
        raise ApplicationHandlerStop

    async def start(self, update: Update, context: Context) -> None:
        """Greet, in Arabic and English, with three example questions."""
        await reply_text(_message(update), texts.GREETING)

    async def help(self, update: Update, context: Context) -> None:
        """Explain how to ask and list the commands."""
        await reply_text(_message(update), texts.HELP)

    async def reset(self, update: Update, context: Context) -> None:
        """Forget this chat's conversation."""
        message = _message(update)
        self._history.clear(message.chat_id)
        await reply_text(message, texts.RESET_DONE)

    async def sources(self, update: Update, context: Context) -> None:
        """List the indexed articles with their dates."""
        message = _message(update)
        if not await self._admit(message):
            return
        try:
            async with typing_indicator(message, self._support, self._settings.typing_interval_s):
                sources = await self._worker.call(self._worker.service.sources)
        except IsnadError as err:
            await reply_text(message, _error_text(err, message))
            return
        await (reply_html(message, render_sources(sources)) if sources else reply_text(message, texts.NO_SOURCES))

    async def timeline(self, update: Update, context: Context) -> None:
        """List dated events about the topic after the command, oldest first."""
        message = _message(update)
        topic = _after_command(message)
        if not topic:
            await reply_text(message, texts.TIMELINE_USAGE)
            return
        if not await self._admit(message):
            return
        try:
            async with typing_indicator(message, self._support, self._settings.typing_interval_s):
                events = await self._worker.call(self._worker.service.timeline, topic)
        except IsnadError as err:
            await reply_text(message, _error_text(err, message))
            return
        await (reply_html(message, render_timeline(topic, events)) if events else reply_text(message, texts.NO_EVENTS))

    async def ask(self, update: Update, context: Context) -> None:
        """Answer the question after /ask (how groups ask without mentioning the bot)."""
        message = _message(update)
        question = _after_command(message)
        await (self._answer(message, question) if question else reply_text(message, texts.ASK_USAGE))

    async def question(self, update: Update, context: Context) -> None:
        """Answer a text message: any in private chats; in groups only mentions and replies to the bot."""
        message = _message(update)
        question = question_for_bot(message, username=context.bot.username, bot_id=context.bot.id)
        if question is None:
            return
        await (self._answer(message, question) if question else reply_text(message, texts.EMPTY_QUESTION))

    async def not_text(self, update: Update, context: Context) -> None:
        """Say, in private chats, that stickers, photos and voice notes cannot be read."""
        message = _message(update)
        if await self._admit(message, warn=False):
            await reply_text(message, texts.TEXT_ONLY)

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Point to /help after a command the bot does not know."""
        await reply_text(_message(update), texts.UNKNOWN_COMMAND)

    async def error(self, update: object, context: Context) -> None:
        """Log the exception, then apologise in the chat where it happened."""
        logger.error("Error while handling update %s", getattr(update, "update_id", None), exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            message = update.effective_message
            await self._support.attempt(
                "sendMessage", lambda: message.reply_text(texts.APOLOGY, reply_parameters=quoting(message))
            )

    async def _answer(self, message: Message, question: str) -> None:
        """Answer `question`, streaming in private chats, and remember the turn."""
        if not await self._admit(message):
            return
        history = self._history.load(message.chat_id)
        try:
            async with typing_indicator(message, self._support, self._settings.typing_interval_s):
                if StreamingReply.suits(message, self._settings.stream):
                    answer = await self._stream(message, question, history)
                else:
                    answer = await self._worker.answer(question, history)
                    await reply_html(message, render_answer(answer))
        except IsnadError as err:
            await reply_text(message, _error_text(err, message))
            return
        self._history.append(message.chat_id, Turn(question, answer.text, answer.standalone_question))

    async def _stream(self, message: Message, question: str, history: list[Turn]) -> Answer:
        """Deliver the answer while it streams; return it once delivered."""
        reply = StreamingReply(
            message,
            support=self._support,
            mode=self._settings.stream,
            interval_s=self._settings.stream_interval_s,
        )
        try:
            answer = await self._worker.stream(question, history, reply.update)
        except BaseException:
            await reply.stop()
            raise
        await reply.finish(render_answer(answer))
        return answer

    async def _admit(self, message: Message, *, warn: bool = True) -> bool:
        """Whether the rate limit lets this user ask now; the first refusal says so."""
        user_id = message.from_user.id if message.from_user else message.chat_id
        verdict = self._limiter.check(user_id)
        if verdict is Verdict.SLOW_DOWN and warn:
            await reply_text(message, texts.SLOW_DOWN)
        return verdict is Verdict.ALLOW


def _error_text(err: IsnadError, message: Message) -> str:
    """What to tell the chat about a library error: its message, or "temporarily unavailable" when the
    store cannot be reached (the service reconnects by itself, so asking again later works)."""
    if isinstance(err, StoreUnavailable):
        logger.warning("The index is unavailable for chat %s: %s", message.chat_id, err)
        return texts.UNAVAILABLE
    logger.info("Request refused in chat %s: %s", message.chat_id, err)
    return str(err)


def _message(update: Update) -> Message:
    # Every handler is registered for new messages only, so there is always one.
    assert update.message is not None
    return update.message


def _after_command(message: Message) -> str:
    """The text after `/command` (newlines kept), stripped."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""
