"""Inline mode: `@yourbot question` in any chat offers the answer as a result to send there.

Telegram sends a new inline query as the user types, so a query is answered only once it has stood
for `settle_s` with no newer query from the same user (older ones are left unanswered: the client shows
the results of the latest only). The answer is the first message of the compact answer (the answer
line and the articles that fit) with a note when some were left out. It runs under the access rule
(the gate, before this) and the rate limit: a limited user gets the wait as the only result.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from telegram import InlineQuery, InlineQueryResultArticle, InputTextMessageContent, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.telegram import texts
from bot.telegram.access import RateLimiter, limit_key
from bot.telegram.direction import strip_isolates
from bot.telegram.pipeline import AnswerWorker
from bot.telegram.render import answer_line, cited_articles, published_text, render_answer
from bot.telegram.resilience import with_retries
from bot.telegram.split import MAX_MESSAGE_LENGTH, pack_messages, utf16_length
from bot.telegram.texts import error_text, language_of
from retrieval import Answer, IsnadError

logger = logging.getLogger(__name__)

SETTLE_S = 0.8  # a query is answered once the user has stopped typing this long
ANSWER_CACHE_S = 300  # Telegram may reuse an answer for the same query, for the same user only
REFUSAL_CACHE_S = 60
_TITLE_CHARS = 120


def plain_result(result_id: str, text: str) -> InlineQueryResultArticle:
    """A result that sends `text` as it is (a refusal, a wait, an error)."""
    return InlineQueryResultArticle(result_id, _title(text), InputTextMessageContent(text))


def answer_result(answer: Answer) -> InlineQueryResultArticle:
    """The answer as one result: its answer line as the title, its first source as the description."""
    articles = cited_articles(answer.citations)
    description = None
    if articles:
        first = articles[0]
        description = f"[{first.n}] {first.title} — {published_text(first.published, answer.language)}"
    return InlineQueryResultArticle(
        uuid.uuid4().hex,
        _title(answer_line(answer)),
        InputTextMessageContent(
            inline_message(answer),
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
        ),
        description=description,
    )


def inline_message(answer: Answer) -> str:
    """The compact answer in one message: as many article blocks as fit, then a note if some did not."""
    note = f"<i>{texts.MORE_IN_PRIVATE(answer.language)}</i>"
    whole = pack_messages(render_answer(answer))
    if len(whole) <= 1:
        return whole[0] if whole else ""
    room = MAX_MESSAGE_LENGTH - utf16_length(note) - 2
    return f"{pack_messages(render_answer(answer), room)[0]}\n\n{note}"


class InlineAnswers:
    """Answers inline queries, one at a time per user, the latest only."""

    def __init__(self, worker: AnswerWorker, limiter: RateLimiter, *, settle_s: float = SETTLE_S) -> None:
        self._worker = worker
        self._limiter = limiter
        self._settle_s = settle_s
        self._latest: dict[int, str] = {}  # user id -> id of their latest inline query

    async def __call__(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        assert query is not None
        question = query.query.strip()
        user_id = query.from_user.id
        self._latest[user_id] = query.id
        try:
            await asyncio.sleep(self._settle_s)
            if self._latest.get(user_id) != query.id:
                return  # the user typed on: a newer query replaces this one
            if not question:
                await self._send(query, [], cache_time=0)
                return
            language = language_of(question, query.from_user)
            wait_s = self._limiter.wait_s(limit_key(query.chat_type, user_id))
            if wait_s:
                limit = self._limiter.per_minute
                slow_down = texts.SLOW_DOWN(language, limit=limit, seconds=wait_s)
                await self._send(query, [plain_result("wait", slow_down)], cache_time=0)
                return
            try:
                answer = await self._worker.answer(question, ())
            except IsnadError as err:
                logger.info("Inline query refused for user %s: %s", user_id, err)
                await self._send(query, [plain_result("error", error_text(err, language))], cache_time=0)
                return
            await self._send(query, [answer_result(answer)], cache_time=ANSWER_CACHE_S)
        finally:
            if self._latest.get(user_id) == query.id:
                del self._latest[user_id]

    @staticmethod
    async def _send(query: InlineQuery, results: list[InlineQueryResultArticle], *, cache_time: int) -> None:
        try:
            await with_retries(lambda: query.answer(results, cache_time=cache_time, is_personal=True))
        except BadRequest as err:  # the query expired meanwhile (Telegram waits about ten seconds)
            logger.info("Inline query %s could not be answered: %s", query.id, err)


def _title(text: str) -> str:
    """The first line of `text`, cut at a word to fit a result's title."""
    first = strip_isolates(text).strip().split("\n", 1)[0]
    if len(first) <= _TITLE_CHARS:
        return first
    return first[:_TITLE_CHARS].rsplit(" ", 1)[0] + " …"
