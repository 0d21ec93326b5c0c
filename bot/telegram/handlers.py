"""The bot's behaviour: one short handler per command or kind of message, the access gate, the error handler."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from functools import partial

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
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
from retrieval import (
    Answer,
    FeedState,
    FeedStore,
    IngestReport,
    IsnadError,
    StoreUnavailable,
    TelegramSettings,
    Turn,
    format_day,
)

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE
LATEST_DAYS = 7  # /latest lists what arrived in this many days
LATEST_COUNT = 15  # at most this many articles


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
        feeds: FeedStore | None = None,
        max_upload_bytes: int = 5_000_000,
    ) -> None:
        self._feeds = feeds
        self._max_upload_bytes = max_upload_bytes
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

    async def latest(self, update: Update, context: Context) -> None:
        """List the articles that arrived in the last days, newest first."""
        message = _message(update)
        language = language_of_message(message)
        if not await self._admit(message, language):
            return
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=LATEST_DAYS)
        try:
            async with typing_indicator(message, self._support, self._settings.typing_interval_s):
                found = await self._worker.call(partial(self._worker.service.sources, since=since))
        except IsnadError as err:
            await reply_text(message, _error_text(err, message.chat_id, language))
            return
        if found:
            await reply_blocks(message, render_sources(found[:LATEST_COUNT], language))
        else:
            await reply_text(message, texts.NO_LATEST(language))

    async def feeds(self, update: Update, context: Context) -> None:
        """For administrators: list the followed feeds, `/feeds add URL`, `/feeds remove URL`."""
        message = _message(update)
        language = language_of(None, message.from_user)
        if not self._is_admin(message) or self._feeds is None:
            await reply_text(message, texts.ADMINS_ONLY(language))
            return
        words = _after_command(message).split()
        try:
            if not words:
                feeds = list(self._feeds.load().values())
                listing = "\n".join(_feed_line(f) for f in feeds)
                await reply_text(message, listing if feeds else texts.NO_FEEDS(language))
            elif len(words) == 2 and words[0] == "add":
                added = self._feeds.add(words[1])
                await reply_text(message, (texts.FEED_ADDED if added else texts.FEED_KNOWN)(language, url=words[1]))
            elif len(words) == 2 and words[0] == "remove":
                removed = self._feeds.remove(words[1])
                phrase = texts.FEED_REMOVED if removed else texts.FEED_UNKNOWN
                await reply_text(message, phrase(language, url=words[1]))
            else:
                await reply_text(message, texts.FEEDS_USAGE(language))
        except IsnadError as err:
            await reply_text(message, _error_text(err, message.chat_id, language))

    async def add_link(self, update: Update, context: Context) -> None:
        """A link sent in private: an administrator's article is fetched and indexed; anyone else is told
        politely that only administrators add articles."""
        message = _message(update)
        language = language_of(None, message.from_user)
        if not self._is_admin(message):
            await reply_text(message, texts.ADMINS_ONLY(language))
            return
        url = (message.text or "").strip()
        await self._add(message, language, self._worker.service.ingest_links, [url])

    async def add_file(self, update: Update, context: Context) -> None:
        """A file sent in private: an administrator's `.txt`, `.md`, `.jsonl` or `.html` is indexed."""
        message = _message(update)
        language = language_of(message.caption, message.from_user)
        document = message.document
        assert document is not None
        if not self._is_admin(message):
            await reply_text(message, texts.ADMINS_ONLY(language))
            return
        name = document.file_name or "upload.txt"
        if document.file_size and document.file_size > self._max_upload_bytes:
            await reply_text(
                message,
                f"Skipped {name}: {document.file_size:,} bytes is over the {self._max_upload_bytes:,}-byte limit.",
            )
            return
        try:
            telegram_file = await context.bot.get_file(document.file_id)
            data = bytes(await telegram_file.download_as_bytearray())
        except TelegramError as err:
            logger.warning("Could not download %s from chat %s: %s", name, message.chat_id, err)
            await reply_text(message, texts.APOLOGY(language))
            return
        await self._add(message, language, self._worker.service.ingest_upload, name, data)

    async def _add(
        self, message: Message, language: str | None, ingest: Callable[..., IngestReport], *args: object
    ) -> None:
        try:
            async with typing_indicator(message, self._support, self._settings.typing_interval_s):
                report = await self._worker.call(ingest, *args)
        except IsnadError as err:
            await reply_text(message, _error_text(err, message.chat_id, language))
            return
        logger.info("Chat %s added %d articles", message.chat_id, len(report.written))
        await reply_text(message, added_text(report, language))

    def _is_admin(self, message: Message) -> bool:
        user = message.from_user
        return user is not None and user.id in self._settings.admin_ids

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


def added_text(report: IngestReport, language: str | None) -> str:
    """What an administrator is told after adding a link or a file: each article added, with its date,
    outlet and passages; the ones already indexed; and what was refused, in the library's words."""
    lines = [
        texts.ADDED_ARTICLE(
            language,
            title=article.title,
            date=format_day(article.published, language or "en", weekday=False),
            outlet=article.outlet or texts.UNKNOWN_OUTLET(language),
            passages=article.passages,
        )
        for article in report.written
    ]
    if report.articles_unchanged and not report.written:
        lines.append(texts.ALREADY_INDEXED(language))
    lines += list(report.skipped)
    return "\n".join(lines) or texts.ADDED_NOTHING(language)


def _feed_line(feed: FeedState) -> str:
    line = f"• {feed.url}" + (f" — {feed.title}" if feed.title else "")
    if feed.last_error:
        line += f"\n  ⚠ {feed.last_error}"
    return line


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
