"""Errors with messages meant for the person at the keyboard.

    IsnadError                     base: `str(err)` is a one-line message a front end can show as is
    ├── InputError                 a question or option the user gave is unusable (empty, too long, ...)
    │   └── QuestionTooLong        over the length limit; carries `length` and `limit` for front ends
    ├── SourceError                a path to ingest is missing or unreadable
    ├── IndexUnusable              the index cannot be used until it is rebuilt: the data folder is not an
    │                              index, the local store is damaged, or another embedder built it
    ├── StoreUnavailable           the Chroma server cannot be used right now: unreachable, or no answer
    │   │                          within ISNAD_CHROMA_TIMEOUT_S; asking again later may work
    │   └── StoreServerError       the server answered with an error (rate limit, internal error, ...);
    │       │                      the message carries the server's own words, and `status` its HTTP code
    │       └── StoreAccessDenied  the server (or the proxy in front of it) refused isnad's credentials
    └── LLMError                   the configured chat model failed or timed out (callers fall back)

Only `IndexUnusable` tells the user to rebuild the index; a server's errors never do, since rebuilding
cannot cure them. Front ends show `str(err)` and log the detail; nothing else should reach a user as a
traceback.
"""


class IsnadError(Exception):
    """Base class: the message is for the user."""


class InputError(IsnadError):
    """The user's question or options cannot be used."""


class QuestionTooLong(InputError):
    """The question is longer than `ISNAD_MAX_QUESTION_CHARS`."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(f"The question is {length:,} characters long; the limit is {limit:,}.")
        self.length = length
        self.limit = limit


class SourceError(IsnadError):
    """A path given to ingest does not exist or cannot be read."""


class IndexUnusable(IsnadError):
    """The index cannot be opened, is damaged, or does not match the configured embedder: rebuild it."""


class StoreUnavailable(IsnadError):
    """The vector store (a Chroma server) cannot be reached or did not answer in time."""


class StoreServerError(StoreUnavailable):
    """The Chroma server answered with an error; `status` is its HTTP status code when known."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class StoreAccessDenied(StoreServerError):
    """The Chroma server, or an authenticating proxy in front of it, refused the request's credentials."""


class LLMError(IsnadError):
    """The chat model failed; the caller falls back to the extractive answer."""
