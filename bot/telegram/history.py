"""Each chat's recent conversation, kept on disk so follow-ups survive a restart."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

from retrieval.records import Turn

logger = logging.getLogger(__name__)


class ChatHistory:
    """The last `max_turns` turns of each chat, one small JSON file per chat under `directory`."""

    def __init__(self, directory: Path, max_turns: int) -> None:
        self._directory = directory
        self._max_turns = max_turns

    def load(self, chat_id: int) -> list[Turn]:
        """The chat's turns, oldest first; empty when there are none or the file is unreadable."""
        if self._max_turns == 0:
            return []
        path = self._path(chat_id)
        try:
            records = json.loads(path.read_text(encoding="utf-8"))["turns"]
            turns = [Turn(r["question"], r["answer"], r.get("standalone_question")) for r in records]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, KeyError, TypeError):
            logger.warning("Ignoring unreadable chat history %s", path, exc_info=True)
            return []
        return turns[-self._max_turns :]

    def append(self, chat_id: int, turn: Turn) -> None:
        """Add one turn, dropping the oldest beyond `max_turns`."""
        if self._max_turns == 0:
            return
        turns = [*self.load(chat_id), turn][-self._max_turns :]
        records = [
            {"question": t.question, "answer": t.answer, "standalone_question": t.standalone_question} for t in turns
        ]
        self._write(self._path(chat_id), json.dumps({"turns": records}, ensure_ascii=False))

    def clear(self, chat_id: int) -> None:
        """Forget the chat's conversation."""
        self._path(chat_id).unlink(missing_ok=True)

    def _path(self, chat_id: int) -> Path:
        return self._directory / f"{int(chat_id)}.json"

    def _write(self, path: Path, content: str) -> None:
        # Write a sibling file, then rename over the old one: readers never see half a file.
        self._directory.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=self._directory, prefix=f".{path.stem}.", suffix=".tmp", delete=False
        ) as handle:
            handle.write(content)
        try:
            os.replace(handle.name, path)
        except OSError:
            Path(handle.name).unlink(missing_ok=True)
            raise
