"""Group-chat rules: when a message is meant for the bot, and what the question in it is.

Private chats: every text message is a question. Groups: `/ask QUESTION` (a command handler),
messages that mention the bot, and replies to the bot's own messages; everything else is chatter.
"""

from __future__ import annotations

import re

from telegram import Message
from telegram.constants import ChatType


def question_for_bot(message: Message, *, username: str, bot_id: int) -> str | None:
    """The question `message` puts to the bot, or None when the bot should stay quiet."""
    if message.text is None:
        return None
    if message.chat.type == ChatType.PRIVATE:
        return _without_mention(message.text, username).strip()
    mention = _mention(username)
    replied = message.reply_to_message
    if (replied is not None and replied.from_user is not None and replied.from_user.id == bot_id) or (
        mention is not None and mention.search(message.text)
    ):
        return _without_mention(message.text, username).strip()
    return None


def is_addressed(message: Message, *, username: str, bot_id: int) -> bool:
    """Whether the bot should react at all: a question for it, or a command not meant for another bot."""
    if question_for_bot(message, username=username, bot_id=bot_id) is not None:
        return True
    text = message.text or ""
    if not text.startswith("/"):
        return False
    command = text.split(maxsplit=1)[0]
    return "@" not in command or command.lower().endswith(f"@{username.lower()}")


def _mention(username: str) -> re.Pattern[str] | None:
    if not username:
        return None
    return re.compile(rf"(?<![\w@])@{re.escape(username)}(?!\w)", re.IGNORECASE)


def _without_mention(text: str, username: str) -> str:
    mention = _mention(username)
    return mention.sub(" ", text) if mention else text
