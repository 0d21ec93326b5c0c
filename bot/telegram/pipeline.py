"""The answer pipeline, run off the event loop so that one slow answer never holds up other chats."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol, TypeVar

from retrieval import Answer, IngestReport, SourceInfo, TimelineEvent, Turn

T = TypeVar("T")


class IsnadService(Protocol):
    """The part of `retrieval.service.Isnad` the bot uses (tests pass a fake with these methods)."""

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | Answer]: ...

    def sources(self, *, since: dt.datetime | None = None) -> list[SourceInfo]: ...

    def ingest_links(self, urls: Sequence[str]) -> IngestReport: ...

    def ingest_upload(self, name: str, data: bytes) -> IngestReport: ...

    def timeline(self, topic: str) -> list[TimelineEvent]: ...


class AnswerWorker:
    """Runs the blocking service calls in worker threads, at most `limit` at a time."""

    def __init__(self, service: IsnadService, limit: int) -> None:
        self.service = service
        self._slots = asyncio.Semaphore(limit)
        self._threads = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="isnad-answer")

    async def call(self, function: Callable[..., T], *args: object) -> T:
        """`function(*args)` in a worker thread, once a slot is free."""
        async with self._slots:
            return await asyncio.get_running_loop().run_in_executor(self._threads, function, *args)

    async def answer(self, question: str, history: Sequence[Turn]) -> Answer:
        """The service's answer to `question`."""
        return await self.call(self.service.answer, question, tuple(history))

    async def stream(self, question: str, history: Sequence[Turn], on_text: Callable[[str], None]) -> Answer:
        """The service's answer, calling `on_text` on the event loop with the text so far as it grows."""
        loop = asyncio.get_running_loop()

        def produce() -> Answer:
            text = ""
            for item in self.service.stream(question, tuple(history)):
                if isinstance(item, Answer):
                    return item
                text += item
                loop.call_soon_threadsafe(on_text, text)
            raise RuntimeError("the answer stream ended without an Answer")

        return await self.call(produce)

    def close(self) -> None:
        """Let running answers finish; start no new ones."""
        self._threads.shutdown(wait=False, cancel_futures=True)
