"""Errors with messages meant for the person at the keyboard.

    IsnadError                 base: `str(err)` is a one-line message a front end can show as is
    ├── InputError             a question or option the user gave is unusable (empty, too long, ...)
    │   └── QuestionTooLong    over the length limit; carries `length` and `limit` for front ends
    ├── SourceError            a path to ingest is missing or unreadable
    ├── IndexUnusable          the index on disk cannot be used (not an index, built by another embedder)
    ├── StoreUnavailable       the Chroma server cannot be reached
    └── LLMError               the configured chat model failed or timed out (callers fall back)

Front ends show `str(err)` and log the detail; nothing else should reach a user as a traceback.
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
    """The index cannot be opened or does not match the configured embedder."""


class StoreUnavailable(IsnadError):
    """The vector store (a Chroma server) is unreachable."""


class LLMError(IsnadError):
    """The chat model failed; the caller falls back to the extractive answer."""
