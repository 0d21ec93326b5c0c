"""Hand-built passages, a chat model that records its prompt, and a loopback chat-completions server."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

from retrieval.llm.sources import Source, select_sources
from retrieval.records import Hit, Passage, Span
from retrieval.text.query import Query


def passage(
    article_id: str,
    sentences: list[str],
    *,
    published: dt.date | None = None,
    title: str = "خبر",
    outlet: str | None = None,
    offset: int = 0,
    position: int = 0,
) -> Passage:
    """A passage made of `sentences` joined by spaces, starting at `offset` in its article."""
    spans, cursor = [], offset
    for sentence in sentences:
        spans.append(Span(cursor, cursor + len(sentence)))
        cursor += len(sentence) + 1
    text = " ".join(sentences)
    return Passage(
        passage_id=f"{article_id}#{position}",
        article_id=article_id,
        title=title,
        text=text,
        start=offset,
        end=offset + len(text),
        sentences=tuple(spans),
        published=published,
        outlet=outlet,
        position=position,
    )


@dataclass(frozen=True)
class Evidence:
    """A ranked evidence sentence as the LLM path reads it (`retrieval.llm.EvidenceSentence`)."""

    passage: Passage
    span: Span
    text: str


def evidence(*passages: Passage) -> list[Evidence]:
    """Every sentence of the passages, in the order given (the ranking the evidence step would pass on)."""
    return [Evidence(p, span, text) for p in passages for span, text in p.sentence_texts()]


def pick(p: Passage, *indexes: int) -> list[Evidence]:
    """The given sentences of one passage, in that order."""
    found = p.sentence_texts()
    return [Evidence(p, *found[i]) for i in indexes]


def sources(*passages: Passage, limit: int = 20) -> list[Source]:
    """Every sentence of the passages numbered as the prompt would number them."""
    return select_sources(evidence(*passages), limit, budget=100_000)


def query(text: str) -> Query:
    return Query.analyse(text)


def hits(*passages: Passage) -> list[Hit]:
    return [Hit(p, 1.0 / n) for n, p in enumerate(passages, start=1)]


# Shaped like the seed articles: a visit dated against the publication date, a disagreement about a day.
VISIT = passage(
    "visit.txt",
    [
        "بحث وزير الدفاع السوري اليوم الأحد مع وفد عسكري روسي سبل تعزيز التعاون.",
        "وقالت مصادر حكومية إن الوفد الروسي يضم نحو 190 شخصية.",
        "وكان الرئيس السوري أحمد الشرع قد أجرى في 15 أكتوبر/تشرين الأول الماضي أول زيارة له إلى روسيا.",
    ],
    published=dt.date(2025, 11, 16),
    title="وفد عسكري روسي في دمشق",
    outlet="الجزيرة",
)
SECOND_VISIT = passage(
    "second.txt",
    [
        "وصل الرئيس السوري أحمد الشرع إلى موسكو يوم الأربعاء في ثاني زيارة له في أقل من أربعة أشهر.",
        "وكان الشرع قد زار روسيا للمرة الأولى في أكتوبر/تشرين الأول.",
    ],
    title="محادثات مستقبل القواعد الروسية في سوريا",
)
ARRIVED_WEDNESDAY = passage(
    "wednesday.txt",
    ["وصل رئيس هيئة الأركان العامة للجيش السوري أمس الأربعاء إلى العاصمة الروسية موسكو."],
    published=dt.date(2025, 10, 2),
    title="رئيس الأركان السوري في موسكو",
)
ARRIVED_THURSDAY = passage(
    "thursday.txt",
    ["وصل وفد رسمي من وزارة الدفاع السورية صباح اليوم الخميس إلى العاصمة الروسية موسكو."],
    published=dt.date(2025, 10, 3),
    title="زيارة وفد عسكري سوري إلى روسيا",
)


class RecordingChatModel(BaseChatModel):
    """Answers with a fixed reply (streamed word by word) and keeps every prompt it was given."""

    reply: str
    received: list[list[BaseMessage]] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "recording-fake"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        self.received.append(list(messages))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        self.received.append(list(messages))
        for word in self.reply.split(" "):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word + " "))

    def prompt_text(self) -> str:
        """Everything the model was last shown, one message per block."""
        return "\n\n".join(f"[{m.type}]\n{m.text}" for m in self.received[-1])


class FailingChatModel(BaseChatModel):
    """Raises the given exception on every call."""

    error: Exception

    @property
    def _llm_type(self) -> str:
        return "failing-fake"

    def _generate(self, messages: list[BaseMessage], stop: list[str] | None = None, **kwargs: Any) -> ChatResult:
        raise self.error


# --- a loopback server speaking OpenAI's chat-completions protocol -----------------------------------


class ChatCompletionsServer:
    """`POST /v1/chat/completions` on 127.0.0.1: replies (plain or SSE), fails with `status`, or hangs."""

    def __init__(self, reply: str = "", *, status: int = 200, hang: bool = False) -> None:
        self.reply = reply
        self.status = status
        self.hang = hang
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> ChatCompletionsServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def _handler(server: ChatCompletionsServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            server.requests.append(body)
            server.headers.append({k.lower(): v for k, v in self.headers.items()})
            if server.hang:
                server.release.wait(10)
                return
            if self.path != "/v1/chat/completions" or server.status != 200:
                status = server.status if server.status != 200 else 404
                self._send(status, {"error": {"message": "refused", "type": "server_error", "code": status}})
            elif body.get("stream"):
                self._stream(body["model"])
            else:
                message = {"role": "assistant", "content": server.reply}
                self._send(200, _completion(body["model"], "chat.completion", message=message, finish="stop"))

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _stream(self, model: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            words = server.reply.split(" ")
            deltas = [{"role": "assistant", "content": ""}]
            deltas += [{"content": w + (" " if i < len(words) - 1 else "")} for i, w in enumerate(words)]
            for delta in deltas:
                self._event(_completion(model, "chat.completion.chunk", delta=delta))
            self._event(_completion(model, "chat.completion.chunk", delta={}, finish="stop"))
            self.wfile.write(b"data: [DONE]\n\n")
            self.wfile.flush()

        def _event(self, payload: dict[str, Any]) -> None:
            self.wfile.write(f"data: {json.dumps(payload)}\n\n".encode())
            self.wfile.flush()

    return Handler


def _completion(model: str, kind: str, *, finish: str | None = None, **choice: Any) -> dict[str, Any]:
    return {
        "id": "chatcmpl-test",
        "object": kind,
        "created": 1_763_251_200,
        "model": model,
        "choices": [{"index": 0, "finish_reason": finish, **choice}],
    }


def closed_port() -> int:
    """A loopback port that nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
