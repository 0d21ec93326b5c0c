"""A deterministic stand-in for `retrieval.service.Isnad`: same methods, canned answers, no models."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from retrieval.errors import QuestionTooLong
from retrieval.records import Answer, Citation, IngestReport, SourceInfo, TimelineEvent, Turn

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
LONG_ANSWER_ARTICLES = 12  # "long answer": this many articles, three long quotes each (about 10,000 characters)
LONG_TIMELINE_EVENTS = 30  # a topic with "long" gets this many events


def long_citations() -> tuple[Citation, ...]:
    """Three citations (one per quoted sentence) for each of `LONG_ANSWER_ARTICLES` articles."""
    return tuple(
        replace(
            CITATION,
            n=n,
            article_id=f"article_{n:02d}.txt",
            title=f"مقال رقم {n} عن التعاون العسكري بين سوريا وروسيا",
            quote=f"{LONG_SENTENCE * 3}({n}.{k})",
            url=None if n % 2 else f"https://example.org/{n}",
        )
        for n in range(1, LONG_ANSWER_ARTICLES + 1)
        for k in range(1, 4)
    )


class FakeIsnad:
    """Answers "Answer to: QUESTION [1]" citing one sentence, after `delay_s`; records every call.

    "long answer" in a question gets an answer citing `LONG_ANSWER_ARTICLES` articles; "boom" raises a
    RuntimeError; a question over 2,000 characters raises `QuestionTooLong`, as the library does.
    `stream` yields the text in `chunks` pieces, `chunk_delay_s` apart, then the `Answer`.
    """

    def __init__(self, *, delay_s: float = 0.0, chunks: int = 3, chunk_delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self.chunks = chunks
        self.chunk_delay_s = chunk_delay_s
        self.calls: list[tuple[str, tuple[Turn, ...]]] = []
        self._lock = threading.Lock()

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        if len(question) > MAX_QUESTION_CHARS:
            raise QuestionTooLong(len(question), MAX_QUESTION_CHARS)
        with self._lock:
            self.calls.append((question, tuple(history)))
        if "boom" in question:
            raise RuntimeError("the fake service failed on purpose")
        time.sleep(self.delay_s)
        language = "ar" if re.search(r"[\u0600-\u06FF]", question) else "en"
        after = f" (after: {history[-1].question})" if history else ""
        line = f"Answer to: {question}{after} [1]"
        citations = long_citations() if "long answer" in question else (CITATION,)
        quotes = "\n".join(f"«{c.quote}» [{c.n}]" for c in citations)
        standalone = f"{history[-1].question} / {question}" if history else None
        return Answer(
            question, f"{line}\n{quotes}", language, citations, standalone_question=standalone, answer_line=line
        )

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        answer = self.answer(question, history)
        size = -(-len(answer.text) // self.chunks)
        for start in range(0, len(answer.text), size):
            time.sleep(self.chunk_delay_s)
            yield answer.text[start : start + size]
        yield answer

    def sources(self, *, since: dt.datetime | None = None) -> list[SourceInfo]:
        return list(SOURCES)

    def ingest_links(self, urls: Sequence[str]) -> IngestReport:
        raise AssertionError("the fake service adds no articles; tests of adding use the real library")

    def ingest_upload(self, name: str, data: bytes) -> IngestReport:
        raise AssertionError("the fake service adds no articles; tests of adding use the real library")

    def timeline(self, topic: str) -> list[TimelineEvent]:
        if "long" not in topic:
            return [TimelineEvent("16 November 2025", CITATION.published, CITATION)]
        return [
            TimelineEvent(
                f"{day} October 2025",
                dt.date(2025, 10, day),
                replace(CITATION, n=day, article_id=f"article_{day % 4}.txt", quote=f"{LONG_SENTENCE * 2}({day})"),
            )
            for day in range(1, LONG_TIMELINE_EVENTS + 1)
        ]
