"""Conversations kept on disk, so that follow-ups survive a restart.

A private chat is one conversation. In a group each member has their own, so one member's follow-up is
never read against another member's question; a reply to one of the bot's answers continues the
conversation that answer belongs to, whoever asked it. Each turn remembers the ids of the messages
that carried its answer, which is how a reply finds its thread.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval import Turn
from retrieval.index.files import atomic_write_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Conversation:
    """Whose conversation: a private chat (`user_id` None), or one member of a group."""

    chat_id: int
    user_id: int | None = None

    @property
    def file_name(self) -> str:
        return f"{int(self.chat_id)}.json" if self.user_id is None else f"{int(self.chat_id)}_{int(self.user_id)}.json"


class ChatHistory:
    """The last `max_turns` turns of each conversation, one small JSON file each under `directory`."""

    def __init__(self, directory: Path, max_turns: int) -> None:
        self._directory = directory
        self._max_turns = max_turns

    def load(self, conversation: Conversation) -> list[Turn]:
        """The conversation's turns, oldest first; empty when there are none or the file is unreadable."""
        return [turn for turn, _ in self._records(self._directory / conversation.file_name)]

    def thread(self, chat_id: int, answer_message_id: int) -> list[Turn] | None:
        """The turns of the conversation in `chat_id` whose answer was message `answer_message_id`, up to
        that answer; None when no kept turn was answered by that message."""
        if self._max_turns == 0:
            return None
        chat_files = [self._directory / f"{int(chat_id)}.json", *self._directory.glob(f"{int(chat_id)}_*.json")]
        for path in chat_files:
            records = self._records(path)
            for i, (_, message_ids) in enumerate(records):
                if answer_message_id in message_ids:
                    return [turn for turn, _ in records[: i + 1]]
        return None

    def append(self, conversation: Conversation, turn: Turn, message_ids: list[int]) -> None:
        """Add one turn answered by `message_ids`, dropping the oldest beyond `max_turns`."""
        if self._max_turns == 0:
            return
        path = self._directory / conversation.file_name
        records = [*self._records(path), (turn, message_ids)][-self._max_turns :]
        content = [
            {
                "question": t.question,
                "answer": t.answer,
                "standalone_question": t.standalone_question,
                "message_ids": ids,
            }
            for t, ids in records
        ]
        self._write(path, json.dumps({"turns": content}, ensure_ascii=False))

    def clear(self, conversation: Conversation) -> None:
        """Forget the conversation."""
        (self._directory / conversation.file_name).unlink(missing_ok=True)

    def _records(self, path: Path) -> list[tuple[Turn, list[int]]]:
        if self._max_turns == 0:
            return []
        try:
            raw: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["turns"]
            records = [
                (
                    Turn(r["question"], r["answer"], r.get("standalone_question")),
                    [int(i) for i in r.get("message_ids", [])],
                )
                for r in raw
            ]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError):
            logger.warning("Ignoring unreadable chat history %s", path, exc_info=True)
            return []
        return records[-self._max_turns :]

    def _write(self, path: Path, content: str) -> None:
        atomic_write_text(path, content)  # readers never see half a file
