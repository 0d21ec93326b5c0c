"""Opening Chroma: the data folder, the client (an embedded store or a server), and what its failures mean.

`open_client` opens a `PersistentClient` under the data directory, or an `HttpClient` when
`ISNAD_CHROMA_URL` is set, with the token, tenant and database that a secured or shared deployment needs.

Every HTTP request to a server has a timeout (`ISNAD_CHROMA_TIMEOUT_S`). chromadb 1.5 builds its HTTP
session with `timeout=None` and already sends requests while the client is being constructed, with no
setting for either; so while `open_client` constructs a client, each session chromadb builds gets the
timeout (`_timeout_for_new_sessions`), and sessions built by anyone else are left alone.

`failure` decides by type what an exception from chromadb means (the tree is in `retrieval.errors`): the
transport's connection and timeout errors mean the server is unavailable; an error the server returned
(one of chromadb's typed `ChromaError`s, or a bare HTTP status from a proxy in front of it) is reported in
the server's own words; anything else from an embedded store means the local index is damaged.
"""

from __future__ import annotations

import functools
import json
import string
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import chromadb
import httpx
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, RateLimitError

from retrieval.errors import (
    IndexUnusable,
    InputError,
    IsnadError,
    StoreAccessDenied,
    StoreServerError,
    StoreUnavailable,
)
from retrieval.settings import Settings

MARKER_FILE = "isnad.json"
INDEX_FORMAT = 1
REBUILD_HINT = "run `isnad ingest --rebuild` to index the articles again"
_TOKEN_AUTH = "chromadb.auth.token_authn.TokenAuthClientProvider"
_TOKEN_CHARACTERS = frozenset(string.ascii_letters + string.digits + string.punctuation)  # what chromadb sends
_ACCESS_DENIED = frozenset({401, 403, 407})


def prepare_data_dir(data_dir: Path) -> None:
    """Create the data directory, or check that an existing one is an isnad index and nothing else."""
    marker = data_dir / MARKER_FILE
    if data_dir.exists() and not data_dir.is_dir():
        raise IndexUnusable(f"{data_dir} is a file, not an index folder; set ISNAD_DATA_DIR to a folder.")
    if data_dir.is_dir() and any(data_dir.iterdir()) and not marker.is_file():
        raise IndexUnusable(
            f"{data_dir} is not an isnad index (it has no {MARKER_FILE}); "
            "point ISNAD_DATA_DIR at an empty folder or an existing isnad index."
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    if not marker.is_file():
        marker.write_text(json.dumps({"format": INDEX_FORMAT}), encoding="utf-8")


@dataclass(frozen=True, slots=True)
class ChromaEndpoint:
    """The Chroma server a store talks to, as messages describe it (never the token itself)."""

    url: str
    timeout_s: float
    auth_header: str | None = None  # the header the token goes in; None when no token is set


def endpoint_of(settings: Settings) -> ChromaEndpoint | None:
    """The server `settings` point at, or None for an embedded store."""
    if not settings.chroma_url:
        return None
    header = settings.chroma_auth_header if _token(settings) else None
    return ChromaEndpoint(settings.chroma_url, settings.chroma_timeout_s, header)


def _token(settings: Settings) -> str | None:
    """The auth token, or None when unset or empty (an empty line in `.env` means no token)."""
    return settings.chroma_auth_token.get_secret_value() if settings.chroma_auth_token else None


def open_client(settings: Settings) -> chromadb.ClientAPI:
    """A Chroma client: a server when `chroma_url` is set, else an embedded store in the data directory."""
    prepare_data_dir(settings.data_dir)  # the lexical index and chat histories live there in both modes
    if settings.chroma_url:
        return _open_server(settings)
    try:
        return chromadb.PersistentClient(
            path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False)
        )
    except Exception as err:
        reason = _first_line(err)
        raise IndexUnusable(f"The index in {settings.chroma_dir} cannot be opened ({reason}); {REBUILD_HINT}.") from err


def _open_server(settings: Settings) -> chromadb.ClientAPI:
    assert settings.chroma_url is not None
    url = urlparse(settings.chroma_url)
    if not url.hostname:
        raise IndexUnusable(f"ISNAD_CHROMA_URL is not a URL: {settings.chroma_url!r}")
    https = url.scheme == "https"
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    token = _token(settings)
    if token:
        if not set(token) <= _TOKEN_CHARACTERS:
            raise InputError("ISNAD_CHROMA_AUTH_TOKEN must be ASCII letters, digits and punctuation, without spaces.")
        chroma_settings.chroma_client_auth_provider = _TOKEN_AUTH
        chroma_settings.chroma_client_auth_credentials = token
        chroma_settings.chroma_auth_token_transport_header = settings.chroma_auth_header
    _install_session_timeout()
    reset = _timeout_for_new_sessions.set(settings.chroma_timeout_s)
    try:
        # Constructing the client already asks the server who we are and whether the tenant and database exist.
        return chromadb.HttpClient(
            host=url.hostname,
            port=url.port or (443 if https else 8000),
            ssl=https,
            settings=chroma_settings,
            tenant=settings.chroma_tenant,
            database=settings.chroma_database,
        )
    except Exception as err:
        raise failure(err, endpoint_of(settings), "The Chroma server cannot be used", connecting=True) from err
    finally:
        _timeout_for_new_sessions.reset(reset)


_timeout_for_new_sessions: ContextVar[float | None] = ContextVar("chroma_timeout_for_new_sessions", default=None)


def _install_session_timeout() -> None:
    """Make chromadb's HTTP client apply `_timeout_for_new_sessions` to the session it builds (once per process)."""
    from chromadb.api.fastapi import FastAPI  # the HTTP client; imported here, as only server mode needs it

    original = FastAPI.__init__
    if getattr(original, "_isnad_sets_timeout", False):
        return

    @functools.wraps(original)
    def init_with_timeout(self: FastAPI, system: chromadb.config.System) -> None:
        original(self, system)
        seconds = _timeout_for_new_sessions.get()
        session = getattr(self, "_session", None)
        if seconds is not None and isinstance(session, httpx.Client):
            session.timeout = httpx.Timeout(seconds)

    init_with_timeout._isnad_sets_timeout = True  # type: ignore[attr-defined]
    FastAPI.__init__ = init_with_timeout  # type: ignore[method-assign]


# --- what a failure means ---------------------------------------------------------------------------


def failure(err: BaseException, endpoint: ChromaEndpoint | None, doing: str, *, connecting: bool = False) -> IsnadError:
    """The error to show for `err`, raised by chromadb while `doing` something (a phrase for messages);
    `connecting` while a client is being constructed (when it checks the tenant and database).

    Decided by the types in the exception's chain (chromadb wraps some errors in a bare `ValueError` or
    `Exception` while constructing a client, keeping the original as the context)."""
    for cause in _chain(err):
        if isinstance(cause, IsnadError):
            return cause
        if endpoint is None:
            continue
        if isinstance(cause, httpx.TimeoutException | TimeoutError):
            return StoreUnavailable(
                f"The Chroma server at {endpoint.url} did not answer within {endpoint.timeout_s:g} s; "
                "check that it is running and not overloaded, or raise ISNAD_CHROMA_TIMEOUT_S."
            )
        if isinstance(cause, httpx.TransportError | ConnectionError):
            return unreachable(endpoint.url, cause)
        if isinstance(cause, ChromaError):
            said = f"{cause.name() or type(cause).__name__}: {_first_line(cause)}"  # the base class has no name
            return _server_error(endpoint, cause.code(), said, cause, connecting=connecting)
        if isinstance(cause, httpx.HTTPStatusError):
            response = cause.response
            said = " ".join(filter(None, [str(response.status_code), response.reason_phrase]))
            detail = _body_detail(response)
            said = f"{said}: {detail}" if detail else said
            return _server_error(endpoint, response.status_code, said, cause, connecting=connecting)
    if endpoint is None:
        return IndexUnusable(f"{doing} ({_first_line(err)}); {REBUILD_HINT}.")
    return StoreServerError(
        f"The Chroma server at {endpoint.url} gave an answer isnad cannot use ({_first_line(err)}); "
        "check that ISNAD_CHROMA_URL points at a Chroma server, and see its log."
    )


def unreachable(server: str | None, err: BaseException) -> StoreUnavailable:
    """The one-line message for a Chroma server that cannot be connected to."""
    where = f"The Chroma server at {server}" if server else "The Chroma server"
    return StoreUnavailable(f"{where} is unreachable ({_first_line(err)}); start it, or check ISNAD_CHROMA_URL.")


def _server_error(
    endpoint: ChromaEndpoint, status: int, said: str, cause: BaseException, *, connecting: bool
) -> StoreServerError:
    where = f"The Chroma server at {endpoint.url}"
    if status in _ACCESS_DENIED:
        if endpoint.auth_header is None:
            advice = "it needs a token: set ISNAD_CHROMA_AUTH_TOKEN"
        else:
            advice = f"check ISNAD_CHROMA_AUTH_TOKEN (sent as the {endpoint.auth_header} header)"
        return StoreAccessDenied(f"{where} refused the request ({said}); {advice}.", status=status)
    if status == 429 or isinstance(cause, RateLimitError):
        return StoreServerError(f"{where} is limiting requests ({said}); try again shortly.", status=status)
    if status == 404 and connecting:  # constructing a client looks up the tenant and database
        return StoreServerError(
            f"{where} answered: not found ({said}); check ISNAD_CHROMA_TENANT and ISNAD_CHROMA_DATABASE.",
            status=status,
        )
    if status == 404:  # a collection handle whose collection is gone: the next call opens it again
        return StoreServerError(
            f"{where} answered: not found ({said}); the collection was deleted meanwhile, perhaps by "
            "`isnad ingest --rebuild` elsewhere: try again.",
            status=status,
        )
    return StoreServerError(f"{where} answered with an error ({said}); see the server's log.", status=status)


def _chain(err: BaseException) -> Iterator[BaseException]:
    """`err`, then what caused it, then what was being handled when each was raised."""
    seen: set[int] = set()
    current: BaseException | None = err
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _body_detail(response: httpx.Response) -> str:
    """A short reason from an error response's body: a JSON message, or plain text; never an HTML page."""
    try:
        text = response.text.strip()
    except httpx.ResponseNotRead:
        return ""
    try:
        body = json.loads(text)
    except ValueError:
        return "" if text.startswith("<") else _shorten(text.splitlines()[0] if text else "")
    if isinstance(body, dict):
        for key in ("message", "detail", "error"):
            if isinstance(body.get(key), str) and body[key].strip():
                return _shorten(body[key].strip().splitlines()[0])
    return ""


def _first_line(err: BaseException) -> str:
    """The first line of an exception's message (or its type), short enough for a one-line message."""
    text = str(err).strip()
    return _shorten(text.splitlines()[0]) if text else type(err).__name__


def _shorten(text: str) -> str:
    return text if len(text) <= 160 else text[:157] + "..."
