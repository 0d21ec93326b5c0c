"""Keeping the bot token out of logs: it is part of every Bot API URL that httpx would log."""

from __future__ import annotations

import logging

REDACTED = "<token>"


class TokenRedactor(logging.Filter):
    """Replaces the token in every record that passes through the handler it is attached to."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg, record.args = message.replace(self._token, REDACTED), None
        if record.exc_info and not record.exc_text:
            # Formatters reuse `exc_text` once set, so the traceback is redacted here, once.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._token in record.exc_text:
            record.exc_text = record.exc_text.replace(self._token, REDACTED)
        return True


def hide_token(token: str) -> TokenRedactor:
    """Redact `token` in all output of the root logger's handlers, and quiet httpx's request log."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redactor = TokenRedactor(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor
