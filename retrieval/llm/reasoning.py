"""Hiding the `<think>…</think>` block that reasoning models (Qwen3, DeepSeek-R1 ...) put before an answer."""

from __future__ import annotations

import re

_OPEN, _CLOSE = "<think>", "</think>"
_THINK = re.compile(r"<think>.*?(?:</think>|\Z)", re.DOTALL)


def strip_reasoning(text: str) -> str:
    """`text` without its `<think>` blocks (an unclosed one runs to the end)."""
    return _THINK.sub("", text).strip()


class ReasoningFilter:
    """Passes streamed text through, minus `<think>` blocks, even when a tag is split across chunks."""

    def __init__(self) -> None:
        self._pending = ""
        self._thinking = False
        self._started = False  # leading white space is dropped until the answer starts

    def feed(self, chunk: str) -> str:
        """The visible part of `chunk`, given everything fed before."""
        self._pending += chunk
        shown: list[str] = []
        while True:
            tag = _CLOSE if self._thinking else _OPEN
            at = self._pending.find(tag)
            if at < 0:
                keep = _partial_tag(self._pending, tag)
                if not self._thinking:
                    shown.append(self._pending[: len(self._pending) - keep])
                self._pending = self._pending[len(self._pending) - keep :]
                return self._visible("".join(shown))
            if not self._thinking:
                shown.append(self._pending[:at])
            self._pending = self._pending[at + len(tag) :]
            self._thinking = not self._thinking

    def flush(self) -> str:
        """What is still held back at the end of the stream."""
        rest, self._pending = ("" if self._thinking else self._pending), ""
        return self._visible(rest)

    def _visible(self, text: str) -> str:
        if not self._started:
            text = text.lstrip()
            self._started = bool(text)
        return text


def _partial_tag(text: str, tag: str) -> int:
    """Length of the longest end of `text` that could begin `tag`."""
    return next((k for k in range(min(len(tag) - 1, len(text)), 0, -1) if text.endswith(tag[:k])), 0)
