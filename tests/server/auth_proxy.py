"""An authenticating reverse proxy on loopback, in front of a real Chroma server.

It does what nginx or a cloud gateway does in front of an open-source Chroma server (which has no
authentication of its own): a request without the right token gets `401` and a small HTML page; any other
is forwarded as it is. A test may also make it answer some requests itself (`answer_with`), as a gateway
that rate-limits or fails would, or hold them without answering (`hang`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx

REFUSAL_PAGE = b"<html><head><title>401 Authorization Required</title></head><body>401</body></html>\n"
Reply = tuple[int, dict[str, str], bytes]
# Not passed on: headers about one hop, and the encoding (httpx hands over the body already decoded).
_HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "host"}


class AuthProxy:
    """`http://127.0.0.1:PORT` forwarding to `upstream` when the request carries `token` in `header`."""

    def __init__(self, upstream: str, token: str, *, header: str = "Authorization") -> None:
        self.upstream = upstream.rstrip("/")
        self.header = header
        self.expected = f"Bearer {token}" if header == "Authorization" else token
        self.forwarded = 0
        self.refused = 0
        self.answer_with: Callable[[str, str], Reply | None] | None = None  # (method, path) -> reply or None
        self.hang = threading.Event()  # while set, every request is held without an answer
        self.released = threading.Event()
        self._client = httpx.Client(timeout=30.0)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> AuthProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()
        self._client.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_request(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if proxy.hang.is_set():
                    proxy.released.wait(timeout=60)
                    self.close_connection = True
                    return
                if self.headers.get(proxy.header) != proxy.expected:
                    proxy.refused += 1
                    self.reply(401, {"Content-Type": "text/html", "WWW-Authenticate": "Bearer"}, REFUSAL_PAGE)
                    return
                own = proxy.answer_with(self.command, self.path) if proxy.answer_with else None
                if own is not None:
                    self.reply(*own)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP | {"authorization"}}
                answer = proxy._client.request(self.command, proxy.upstream + self.path, headers=headers, content=body)
                proxy.forwarded += 1
                kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
                self.reply(answer.status_code, kept, answer.content)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_request

            def reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet: the tests count requests instead

        return Handler
