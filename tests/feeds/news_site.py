"""A news site on 127.0.0.1 for the tests: article pages made from the seed articles, an RSS and an Atom
feed of them, and the pages a careless or hostile site serves (a broken feed, a huge page, a redirect to a
private address). It answers conditional requests as a real server does and records every request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
LAST_MODIFIED = format_datetime(dt.datetime(2026, 2, 4, 12, 0, tzinfo=dt.UTC), usegmt=True)


@dataclass
class Page:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    conditional: bool = False  # answers If-None-Match / If-Modified-Since with 304


def article_html(title: str, paragraphs: list[str], *, outlet: str, published: str | None, author: str | None) -> bytes:
    """An article page: headline, paragraphs, page furniture around them, metadata in the head."""
    meta = [
        f'<meta property="og:site_name" content="{html.escape(outlet)}">',
        f'<meta property="og:title" content="{html.escape(title)}">',
    ]
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        meta.append(f'<meta name="author" content="{html.escape(author)}">')
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = (
        f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{html.escape(title)} | {html.escape(outlet)}</title>'
        f"{''.join(meta)}</head><body><nav><a href='/'>الرئيسية</a> | <a href='/politics'>سياسة</a></nav>"
        f"<main><article><h1>{html.escape(title)}</h1>{body}</article></main>"
        "<aside><h3>اقرأ أيضا</h3><ul><li><a href='/x'>خبر آخر</a></li></ul></aside>"
        "<footer>جميع الحقوق محفوظة</footer></body></html>"
    )
    return page.encode("utf-8")


def seed_paragraphs(name: str) -> tuple[str, list[str]]:
    """A seed article's headline (its longest early line that reads like one) and its paragraphs."""
    lines = [line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs = [line for line in lines if len(line) > 60]
    title = next((line for line in lines[:4] if 20 < len(line) <= 120 and not line[:1].isdigit()), paragraphs[0][:80])
    return title, paragraphs


@dataclass(frozen=True)
class Item:
    path: str
    title: str
    published: dt.datetime | None


def rss(site: str, items: list[Item]) -> bytes:
    entries = "".join(
        f"<item><title>{html.escape(i.title)}</title><link>{site}{i.path}</link><guid>{site}{i.path}</guid>"
        + (f"<pubDate>{format_datetime(i.published, usegmt=True)}</pubDate>" if i.published else "")
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>أخبار الاختبار</title>'
        f"<link>{site}/</link><description>test</description>{entries}</channel></rss>"
    ).encode()


def atom(site: str, items: list[Item]) -> bytes:
    entries = "".join(
        f'<entry><title>{html.escape(i.title)}</title><link href="{site}{i.path}"/><id>{site}{i.path}</id>'
        + (f"<updated>{i.published.isoformat()}</updated>" if i.published else "")
        + "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Atom test</title><id>{site}/atom.xml</id><updated>2026-02-04T12:00:00Z</updated>{entries}</feed>"
    ).encode()


class NewsSite:
    """The site and its HTTP server (start with `with NewsSite() as site:`)."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str], int]] = []  # (path, request headers, status), when answered
        self.arrivals: list[str] = []  # paths, as the requests come in
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.serve(self)

            def log_message(self, *args: object) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def put(self, path: str, page: Page) -> str:
        with self._lock:
            self.pages[path] = page
        return self.url + path

    def requested(self, path: str) -> list[tuple[dict[str, str], int]]:
        with self._lock:
            return [(headers, status) for p, headers, status in self.requests if p == path]

    def arrived(self, path: str) -> bool:
        """Whether a request for `path` has come in (it may still be waiting out its page's delay)."""
        with self._lock:
            return path in self.arrivals

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        path = urlsplit(handler.path).path
        with self._lock:
            self.arrivals.append(path)
            page = self.pages.get(path)
        headers = {k.lower(): v for k, v in handler.headers.items()}
        if page is None:
            status, body, out_headers = 404, b"not found", {"Content-Type": "text/plain"}
        else:
            time.sleep(page.delay_s)
            etag = '"' + hashlib.sha256(page.body).hexdigest()[:16] + '"'
            out_headers = {"Content-Type": page.content_type, **page.headers}
            if page.conditional:
                out_headers |= {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            fresh = page.conditional and (
                headers.get("if-none-match") == etag
                or (headers.get("if-modified-since") == LAST_MODIFIED and "if-none-match" not in headers)
            )
            status, body = (304, b"") if fresh else (page.status, page.body)
        with self._lock:
            self.requests.append((path, headers, status))
        handler.send_response(status)
        for name, value in out_headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if status != 304:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # a client gave up (a page too big)
                handler.wfile.write(body)
