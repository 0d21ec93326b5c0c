"""Getting replies to the user: split HTML messages, the typing indicator, and a streamed answer."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

from telegram import LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest

from bot.telegram.resilience import ApiSupport, with_retries
from bot.telegram.split import pack_messages

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
EMPTY = "…"  # Telegram refuses empty messages; the service should never give one, but just in case
_PREVIEW_CHARS = 4000  # a streamed draft shows at most this much of the text so far


def quoting(message: Message) -> ReplyParameters:
    """Reply parameters that quote `message`, still sending if it has been deleted meanwhile."""
    return ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)


async def reply_text(message: Message, text: str) -> Message:
    """A plain-text reply that quotes `message`."""
    return await with_retries(lambda: message.reply_text(text, reply_parameters=quoting(message)))


async def reply_blocks(message: Message, blocks: Sequence[str]) -> list[Message]:
    """Reply with HTML `blocks`, packed into as many messages as needed; the first one quotes `message`."""
    return await send_parts(message, pack_messages(blocks) or [EMPTY], quote=True)


async def send_parts(message: Message, parts: list[str], *, quote: bool) -> list[Message]:
    """Send HTML `parts` in order to `message`'s chat; with `quote`, the first part quotes `message`."""
    sent = []
    for i, part in enumerate(parts):
        # Without reply parameters PTB would quote anyway in groups: say "no" explicitly.
        reply_parameters = quoting(message) if quote and i == 0 else None
        sent.append(
            await with_retries(
                lambda part=part, reply_parameters=reply_parameters: message.reply_html(
                    part,
                    reply_parameters=reply_parameters,
                    do_quote=reply_parameters is not None,
                    link_preview_options=NO_PREVIEW,
                )
            )
        )
    return sent


@contextlib.asynccontextmanager
async def typing_indicator(message: Message, support: ApiSupport, interval_s: float) -> AsyncIterator[None]:
    """Show "typing…" in `message`'s chat until the block ends (Telegram clears it after ~5 s)."""
    done = asyncio.Event()

    async def keep_typing() -> None:
        while not done.is_set():
            await support.attempt("sendChatAction", lambda: message.reply_chat_action(ChatAction.TYPING))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), interval_s)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        done.set()
        await task


class StreamingReply:
    """A private-chat answer that grows on screen while it is produced.

    Nothing is shown for the first `interval_s` (a quick answer arrives as one message); then,
    every `interval_s`, the text so far appears as a message draft (`sendMessageDraft`) or, where
    drafts are unavailable or `mode` is "edit", as a message edited in place. `finish` replaces
    the preview with the final HTML blocks.
    """

    def __init__(self, message: Message, *, support: ApiSupport, mode: str, interval_s: float) -> None:
        self._message = message
        self._support = support
        self._mode = mode
        self._interval_s = interval_s
        self._latest = ""
        self._shown = ""
        self._shown_preview = ""
        self._preview: Message | None = None  # the message being edited, in edit mode
        self._done = asyncio.Event()
        self._ticker = asyncio.create_task(self._tick())

    @staticmethod
    def suits(message: Message, mode: str) -> bool:
        """Whether answers to `message` should stream: private chats only, and not when turned off."""
        return mode != "off" and message.chat.type == ChatType.PRIVATE

    def update(self, text_so_far: str) -> None:
        """Remember the latest text; the ticker shows it at its next beat."""
        self._latest = text_so_far

    async def stop(self) -> None:
        """Stop previewing (waiting for an update in flight); the preview, if any, stays as it is."""
        self._done.set()
        await self._ticker

    async def finish(self, blocks: Sequence[str]) -> list[Message]:
        """Stop previewing and deliver the final HTML `blocks`, packed into messages as needed."""
        await self.stop()
        parts = pack_messages(blocks) or [EMPTY]
        preview = self._preview
        if preview is not None:
            edited = await self._support.attempt(
                "editMessageText",
                lambda: _edit(preview, parts[0], parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
            )
            if edited:
                return [preview, *await send_parts(self._message, parts[1:], quote=False)]
        return await send_parts(self._message, parts, quote=True)

    async def _tick(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._done.wait(), self._interval_s)
                return
            if self._latest and self._latest != self._shown:
                await self._show(self._latest)

    async def _show(self, text_so_far: str) -> None:
        preview = text_so_far if len(text_so_far) <= _PREVIEW_CHARS else text_so_far[:_PREVIEW_CHARS] + " …"
        if preview == self._shown_preview:
            return
        self._shown_preview = preview
        message = self._message
        if self._mode == "draft" and not self._support.has_failed("sendMessageDraft"):
            shown = await self._support.attempt(
                "sendMessageDraft",
                lambda: message.get_bot().send_message_draft(
                    message.chat_id,
                    draft_id=message.message_id,
                    text=preview,
                    message_thread_id=message.message_thread_id,
                ),
            )
            if shown is not None:
                self._shown = text_so_far
                return
        if self._preview is None:
            self._preview = await self._support.attempt(
                "sendMessage", lambda: message.reply_text(preview, reply_parameters=quoting(message))
            )
        else:
            preview_message = self._preview
            await self._support.attempt("editMessageText", lambda: _edit(preview_message, preview))
        self._shown = text_so_far


async def _edit(message: Message, text: str, **options: Any) -> bool:
    """Edit `message` to `text`; an edit that changes nothing counts as done."""
    try:
        await message.edit_text(text, **options)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
    return True
