"""Turning whatever a chat model raised into a one-line `LLMError` the user can read."""

from __future__ import annotations

import logging

import httpx

from retrieval.errors import LLMError

log = logging.getLogger(__name__)


def llm_failure(exc: BaseException, model: str) -> LLMError:
    """A one-line `LLMError` for `exc`; the detail goes to the log."""
    if isinstance(exc, LLMError):
        return exc
    log.info("The language model %s failed: %r", model, exc, exc_info=exc)  # INFO: no traceback on a terminal
    return LLMError(f"The language model ({model}) {_what_happened(exc)}")


def _what_happened(exc: BaseException) -> str:
    import ollama
    import openai

    if isinstance(exc, openai.APITimeoutError | httpx.TimeoutException | TimeoutError):
        return "did not answer in time (ISNAD_LLM_TIMEOUT_S)."
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return f"refused the request (HTTP {exc.status_code}); check ISNAD_LLM_API_KEY."
    if isinstance(exc, openai.NotFoundError):
        return "answered HTTP 404; check the model name and ISNAD_LLM_BASE_URL."
    if isinstance(exc, openai.APIStatusError):
        return f"answered with an error (HTTP {exc.status_code})."
    if isinstance(exc, ollama.ResponseError):
        return f"answered with an error (HTTP {exc.status_code}): {_first_line(exc.error)}"
    if isinstance(exc, openai.APIConnectionError | httpx.TransportError | ConnectionError):
        return "could not be reached; check ISNAD_LLM_BASE_URL and that the server is running."
    return f"failed ({type(exc).__name__})."


def _first_line(text: str, limit: int = 160) -> str:
    lines = (text or "").strip().splitlines()
    return lines[0][:limit] if lines else "no detail"
