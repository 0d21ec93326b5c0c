"""A deterministic stand-in for `retrieval.service.Isnad`: same methods, canned answers, no models."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Iterator, Sequence

from retrieval.errors import InputError
from retrieval.records import Answer, Citation, SourceInfo, TimelineEvent, Turn

QUOTE = "بحث وزير الدفاع السوري مرهف أبو قصرة مع وفد عسكري روسي رفيع المستوى سبل تعزيز التعاون العسكري."
CITATION = Citation(
    n=1,
    article_id="002_7fa08adb6b02ef67.txt",
    title="وفد عسكري روسي رفيع في دمشق: تعزيز التعاون المشترك",
    quote=QUOTE,
    start=14,
    end=14 + len(QUOTE),
    published=dt.date(2025, 11, 16),
    outlet="سانا & وكالات",
    url="https://example.org/news?id=2&lang=ar",
)
SOURCES = [
    SourceInfo("001_f22616ff3d8ce778.txt", "زيارة وفد عسكري سوري إلى روسيا", 4, dt.date(2025, 10, 3), "عنب بلدي"),
    SourceInfo(CITATION.article_id, CITATION.title, 3, CITATION.published, CITATION.outlet, CITATION.url),
]
LONG_SENTENCE = "هذه جملة طويلة من جواب مفصل عن العلاقات العسكرية السورية الروسية <و> التعاون & التنسيق. "
MAX_QUESTION_CHARS = 2000


class FakeIsnad:
    """Answers "Answer to: QUESTION" citing one sentence, after `delay_s`; records every call.

    "long answer" in a question gets a 10,000-character answer; "boom" raises a RuntimeError;
    a question over 2,000 characters raises `InputError`, as the library does. `stream` yields
    the text in `chunks` pieces, `chunk_delay_s` apart, then the `Answer`.
    """

    def __init__(self, *, delay_s: float = 0.0, chunks: int = 3, chunk_delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.chunks = chunks
        self.chunk_delay_s = chunk_delay_s
        self.calls: list[tuple[str, tuple[Turn, ...]]] = []
        self._lock = threading.Lock()

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        if len(question) > MAX_QUESTION_CHARS:
            raise InputError(f"The question is too long ({MAX_QUESTION_CHARS} characters at most).")
        with self._lock:
            self.calls.append((question, tuple(history)))
        if "boom" in question:
            raise RuntimeError("the fake service failed on purpose")
        time.sleep(self.delay_s)
        language = "ar" if re.search(r"[\u0600-\u06FF]", question) else "en"
        if "long answer" in question:
            text = (LONG_SENTENCE * 120)[:10_000] + " [1]"
        else:
            after = f" (after: {history[-1].question})" if history else ""
            text = f"Answer to: {question}{after} [1]"
        standalone = f"{history[-1].question} / {question}" if history else None
        return Answer(question, text, language, (CITATION,), standalone_question=standalone)

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        answer = self.answer(question, history)
        size = -(-len(answer.text) // self.chunks)
        for start in range(0, len(answer.text), size):
            time.sleep(self.chunk_delay_s)
            yield answer.text[start : start + size]
        yield answer

    def sources(self) -> list[SourceInfo]:
        return list(SOURCES)

    def timeline(self, topic: str) -> list[TimelineEvent]:
        return [TimelineEvent("16 November 2025", CITATION.published, CITATION)]
