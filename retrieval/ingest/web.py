"""Fetching pages and feeds from the web, safely, and turning an article page into an `Article`.

One `WebClient` (one `httpx.Client`) serves every fetch: a timeout per request, a size limit read as the
body streams in, a user agent that names isnad, redirects followed by hand (at most `MAX_REDIRECTS`, only
to http and https). Every hop's host is resolved and refused when any of its addresses is private,
loopback, link-local, multicast, reserved or unspecified, unless its network is listed in
`ISNAD_FETCH_ALLOW_NETWORKS`; the address the connection actually reached is checked again before the
body is read (a name that resolves to a public address when checked and to a private one when connecting
is still refused, though its request has been sent).

Article pages are read with `trafilatura`: title, author, site name (the outlet) and main text, and the
publication date from the page's metadata only (`article:published_time`, `og:` and JSON-LD; no guessing
from the URL or the text); then the text goes through the same cleaning and dating as a file. A page that
is not HTML, is over the size limit or holds no article text is refused with a message naming its URL.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import socket
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import httpx

from retrieval.errors import SourceError
from retrieval.ingest.articles import article_from_text
from retrieval.records import Article
from retrieval.settings import Settings

log = logging.getLogger(__name__)

USER_AGENT = "isnad/0.1 (news question answering; +https://github.com/isnad)"
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(SourceError):
    """A page or feed that could not be fetched or read; the message names its URL."""

    def __init__(self, url: str, reason: str, *, lasting: bool = True) -> None:
        super().__init__(f"Skipped {url}: {reason}.")
        self.url = url
        self.reason = reason
        self.lasting = lasting  # False: worth trying again later (a timeout, a server error)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response that was read: where it came from in the end, and its body (None for 304)."""

    url: str
    status: int
    content_type: str
    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class WebClient:
    """The one HTTP client isnad fetches with; close it (or use it in a `with` block) when done."""

    def __init__(self, settings: Settings, *, transport: httpx.BaseTransport | None = None) -> None:
        self.max_bytes = settings.fetch_max_bytes
        self.allowed_networks = settings.fetch_allow_networks
        self._client = httpx.Client(
            timeout=httpx.Timeout(settings.fetch_timeout_s),
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )

    def __enter__(self) -> WebClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def get(
        self, url: str, *, accept: str = "*/*", etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET `url`, following redirects within the rules above; `FetchError` for anything refused."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            self._check_target(url, current)
            try:
                with self._client.stream("GET", current, headers=headers) as response:
                    self._check_peer(url, response)
                    if response.is_redirect:
                        location = response.headers.get("location", "")
                        current = urljoin(current, location)
                        continue
                    return self._read(url, current, response)
            except httpx.TimeoutException as err:
                raise FetchError(url, f"no answer in time ({type(err).__name__})", lasting=False) from err
            except httpx.HTTPError as err:
                raise FetchError(url, f"cannot be reached ({err})", lasting=False) from err
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")

    def _read(self, url: str, current: str, response: httpx.Response) -> Fetched:
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        found = dict(url=current, status=response.status_code, content_type=content_type)
        validators = dict(etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))
        if response.status_code == 304:
            return Fetched(**found, body=None, **validators)
        if response.status_code >= 400:
            lasting = response.status_code in (404, 410) or 400 <= response.status_code < 500
            raise FetchError(url, f"the server answered HTTP {response.status_code}", lasting=lasting)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, self._too_big(int(declared)))
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > self.max_bytes:
                raise FetchError(url, self._too_big(None))
        return Fetched(**found, body=bytes(body), **validators)

    def _too_big(self, size: int | None) -> str:
        """Over the limit: `size` bytes as declared, or (None) found larger while reading."""
        told = f"{size:,} bytes is over" if size is not None else "larger than"
        return f"{told} the {self.max_bytes:,}-byte limit (ISNAD_FETCH_MAX_BYTES)"

    def _check_target(self, url: str, current: str) -> None:
        """Refuse schemes other than http(s), and hosts with an address this client may not reach."""
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https"):
            where = "" if current == url else f" (redirected to {current})"
            raise FetchError(url, f"only http and https links are fetched{where}")
        if not parts.hostname:
            raise FetchError(url, "the link has no host")
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        except (socket.gaierror, UnicodeError) as err:
            raise FetchError(url, f"the host {parts.hostname} cannot be resolved", lasting=False) from err
        for info in infos:
            self._check_address(url, current, str(info[4][0]))

    def _check_peer(self, url: str, response: httpx.Response) -> None:
        """The address the connection reached, checked like the resolved ones."""
        stream = response.extensions.get("network_stream")
        peer = stream.get_extra_info("server_addr") if stream is not None else None
        if peer:
            self._check_address(url, str(response.url), str(peer[0]))

    def _check_address(self, url: str, current: str, address: str) -> None:
        ip = ipaddress.ip_address(address.split("%")[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if (not ip.is_global or ip.is_multicast) and not any(ip in net for net in self.allowed_networks):
            where = "" if current == url else f" (redirected to {current})"
            raise FetchError(
                url,
                f"{urlsplit(current).hostname} is a private or local address ({ip}){where}; "
                "list its network in ISNAD_FETCH_ALLOW_NETWORKS to allow it",
            )


def article_from_html(
    html: bytes | str, *, url: str | None, article_id: str, published: dt.date | None = None
) -> Article | None:
    """The article on an HTML page (None when the page holds no article text): trafilatura's title,
    author, site name and main text, then the same cleaning and dating as a file. Its date: the page's
    metadata, else `published` (a feed item's date), else the dateline in its text."""
    import trafilatura  # a heavy import, needed only here

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if document is None or not (document.text or "").strip():
        return None
    article = article_from_text(document.text, article_id=article_id, source_path=url)
    if not article.text:
        return None
    published = _date(document.date) or published or article.published
    return replace(
        article,
        title=(document.title or "").strip() or article.title,
        published=published,
        outlet=(document.sitename or "").strip() or article.outlet or (urlsplit(url).hostname if url else None),
        author=(document.author or "").strip() or None,
        url=url,
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def fetch_article(client: WebClient, url: str, *, published: dt.date | None = None) -> Article:
    """The article at `url` (its id and `url` are the link); `published` (e.g. a feed item's date) is used
    when the page's metadata gives none. `FetchError` when the page is refused or holds no article."""
    fetched = client.get(url, accept="text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
    if fetched.content_type and fetched.content_type not in HTML_TYPES:
        raise FetchError(url, f"not an HTML page ({fetched.content_type})")
    assert fetched.body is not None
    try:
        article = article_from_html(fetched.body, url=url, article_id=url, published=published)
    except Exception as err:  # trafilatura and lxml raise many types on broken markup
        raise FetchError(url, f"the page cannot be parsed ({type(err).__name__})") from err
    if article is None:
        raise FetchError(url, "no article text was found on the page")
    return article
