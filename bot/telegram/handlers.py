"""The bot's behaviour: one short handler per command or kind of message, the access gate, the error handler."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.telegram import texts
from bot.telegram.access import AccessRule, RateLimiter, limit_key
from bot.telegram.addressing import is_addressed, question_for_bot
from bot.telegram.delivery import StreamingReply, quoting, reply_blocks, reply_text, typing_indicator
from bot.telegram.history import ChatHistory, Conversation
from bot.telegram.inline import REFUSAL_CACHE_S, plain_result
from bot.telegram.pipeline import AnswerWorker
from bot.telegram.render import render_answer, render_sources, render_timeline
from bot.telegram.resilience import ApiSupport
from bot.telegram.texts import error_text, language_of, language_of_message, refusal
from retrieval import Answer, IsnadError, StoreUnavailable, TelegramSettings, Turn

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE


class Handlers:
    """What the bot does with each update; PTB calls these bound methods."""

    def __init__(
        self,
        *,
        worker: AnswerWorker,
        history: ChatHistory,
        access: AccessRule,
        limiter: RateLimiter,
        support: ApiSupport,
        settings: TelegramSettings,
    ) -> None:
        self._worker = worker
        self._history = history
        self._access = access
        self._limiter = limiter
        self._support = support
        self._settings = settings

    async def gate(self, update: Update, context: Context) -> None:
        """Stop every update the access rule does not serve, telling the refused chat (at most once a day)."""
        chat = None if update.inline_query else update.effective_chat
        user = update.effective_user
        if self._access.serves(chat, user):
            return
        logger.info("Refused an update from chat %s, user %s: not allowed", chat and chat.id, user and user.id)
        if update.inline_query is not None and user is not None:
            # Only the asker sees an inline result, so the refusal is given each time.
            query = update.inline_query
            told = refusal(None, user, language_of(query.query, user))
            await self._support.attempt(
                "answerInlineQuery",
                lambda: query.answer([plain_result("refused", told)], cache_time=REFUSAL_CACHE_S, is_personal=True),
            )
        elif update.callback_query is not None:
            callback = update.callback_query
            tell = self._access.should_tell(chat.id if chat else callback.from_user.id)
            text = refusal(chat, user, language_of(None, user)) if tell else None
            await self._support.attempt("answerCallbackQuery", lambda: callback.answer(text, show_alert=tell))
        elif (
            update.message is not None
            and is_addressed(update.message, username=context.bot.username, bot_id=context.bot.id)
            and self._access.should_tell(update.message.chat_id)
        ):
            message = update.message
            await reply_text(message, refusal(message.chat, message.from_user, language_of_message(message)))
        raise ApplicationHandlerStop

    async def start(self, update: Update, context: Context) -> None:
        """Greet, with three example questions."""
        message = _message(update)
        await reply_text(message, texts.GREETING(language_of_message(message)))

    async def help(self, update: Update, context: Context) -> None:
        """Explain how to ask and list the commands."""
        message = _message(update)
        await reply_text(message, texts.HELP(language_of_message(message), username=context.bot.username))

    async def reset(self, update: Update, context: Context) -> None:
        """Forget the asker's conversation in this chat."""
        message = _message(update)
        self._history.clear(_conversation(message))
        await reply_text(message, texts.RESET_DONE(language_of_message(message)))

    async def sources(self, update: Update, context: Context) -> None:
        """List the indexed articles with their dates."""
        message = _message(update)
        language = language_of_message(message)
        if not await self._admit(message, language):
            return
        try:
            async with typing_indicator(message, self._support, self._settings.typing_interval_s):
                sources = await self._worker.call(self._worker.service.sources)
        except IsnadError as err:
            await reply_text(message, _error_text(err, message.chat_id, language))
            return
        if sources:
            await reply_blocks(message, render_sources(sources, language))
        else:
            await reply_text(message, texts.NO_SOURCES(language))

    async def timeline(self, update: Update, context: Context) -> None:
        """List dated events about the topic after the command, oldest first."""
        message = _message(update)
        topic = _after_command(message)
        language = language_of(topic, message.from_user)
        if not topic:
            await reply_text(message, texts.TIMELINE_USAGE(language))
            return
        if not await self._admit(message, language):
            return
        try:
            async with typing_indicator(message, self._support, self._settings.typing_interval_s):
                events = await self._worker.call(self._worker.service.timeline, topic)
        except IsnadError as err:
            await reply_text(message, _error_text(err, message.chat_id, language))
            return
        if events:
            await reply_blocks(message, render_timeline(topic, events, language or "ar"))
        else:
            await reply_text(message, texts.NO_EVENTS(language))

    async def ask(self, update: Update, context: Context) -> None:
        """Answer the question after /ask (how groups ask without mentioning the bot)."""
        message = _message(update)
        question = _after_command(message)
        if question:
            await self._answer(message, question, context)
        else:
            await reply_text(message, texts.ASK_USAGE(language_of_message(message)))

    async def question(self, update: Update, context: Context) -> None:
        """Answer a text message: any in private chats; in groups only mentions and replies to the bot."""
        message = _message(update)
        question = question_for_bot(message, username=context.bot.username, bot_id=context.bot.id)
        if question is None:
            return
        if question:
            await self._answer(message, question, context)
        else:
            await reply_text(message, texts.EMPTY_QUESTION(language_of_message(message)))

    async def not_text(self, update: Update, context: Context) -> None:
        """Say, in private chats, that stickers, photos and voice notes cannot be read (not past the limit:
        they are not questions, and a flood of them gets no flood of replies)."""
        message = _message(update)
        if not self._limiter.wait_s(_limit_key(message)):
            await reply_text(message, texts.TEXT_ONLY(language_of(None, message.from_user)))

    async def unknown_command(self, update: Update, context: Context) -> None:
        """Point to /help after a command the bot does not know."""
        message = _message(update)
        await reply_text(message, texts.UNKNOWN_COMMAND(language_of(None, message.from_user)))

    async def button(self, update: Update, context: Context) -> None:
        """Acknowledge a button press (the bot's messages carry no buttons today; old ones may)."""
        query = update.callback_query
        assert query is not None
        await self._support.attempt("answerCallbackQuery", query.answer)

    async def error(self, update: object, context: Context) -> None:
        """Log the exception, then apologise in the chat where it happened."""
        logger.error("Error while handling update %s", getattr(update, "update_id", None), exc_info=context.error)
        if isinstance(update, Update) and update.effective_message is not None:
            message = update.effective_message
            apology = texts.APOLOGY(language_of_message(message))
            await self._support.attempt(
                "sendMessage", lambda: message.reply_text(apology, reply_parameters=quoting(message))
            )

    async def _answer(self, message: Message, question: str, context: Context) -> None:
        """Answer `question`, streaming in private chats, and remember the turn with its messages."""
        language = language_of(question, message.from_user)
        if not await self._admit(message, language):
            return
        conversation = _conversation(message)
        history = self._thread(message, context) or self._history.load(conversation)
        try:
            async with typing_indicator(message, self._support, self._settings.typing_interval_s):
                if StreamingReply.suits(message, self._settings.stream):
                    answer, sent = await self._stream(message, question, history)
                else:
                    answer = await self._worker.answer(question, history)
                    sent = await reply_blocks(message, render_answer(answer))
        except IsnadError as err:
            await reply_text(message, _error_text(err, message.chat_id, language))
            return
        turn = Turn(question, answer.text, answer.standalone_question)
        self._history.append(conversation, turn, [m.message_id for m in sent])

    def _thread(self, message: Message, context: Context) -> list[Turn] | None:
        """The conversation of the bot's answer that `message` replies to, up to that answer."""
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
            return None
        return self._history.thread(message.chat_id, replied.message_id)

    async def _stream(self, message: Message, question: str, history: list[Turn]) -> tuple[Answer, list[Message]]:
        """Deliver the answer while it streams; return it, once delivered, with the messages that carry it."""
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
        return answer, await reply.finish(render_answer(answer))

    async def _admit(self, message: Message, language: str | None) -> bool:
        """Whether the rate limit lets this user ask here now; if not, say how many seconds to wait."""
        wait_s = self._limiter.wait_s(_limit_key(message))
        if wait_s:
            limit = self._limiter.per_minute
            await reply_text(message, texts.SLOW_DOWN(language, limit=limit, seconds=wait_s))
        return not wait_s


def _limit_key(message: Message) -> tuple[str, int]:
    return limit_key(message.chat.type, message.from_user.id if message.from_user else message.chat_id)


def _conversation(message: Message) -> Conversation:
    """A private chat's conversation, or the asker's own in a group."""
    if message.chat.type == ChatType.PRIVATE or message.from_user is None:
        return Conversation(message.chat_id)
    return Conversation(message.chat_id, message.from_user.id)


def _message(update: Update) -> Message:
    # Every message handler is registered for new messages only, so there is always one.
    assert update.message is not None
    return update.message


def _after_command(message: Message) -> str:
    """The text after `/command` (newlines kept), stripped."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def _error_text(err: IsnadError, chat_id: int, language: str | None) -> str:
    """What to tell a chat about a library error (see `texts.error_text`), logged."""
    if isinstance(err, StoreUnavailable):
        logger.warning("The index is unavailable for chat %s: %s", chat_id, err)
    else:
        logger.info("Request refused in chat %s: %s", chat_id, err)
    return error_text(err, language)
