"""The Telegram bot's own settings: `ISNAD_TELEGRAM_*` variables and `.env`, plus `TELEGRAM_BOT_TOKEN`."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from retrieval.errors import IsnadError


class MissingToken(IsnadError):
    """The bot cannot start without a token from @BotFather."""


class TelegramSettings(BaseSettings):
    """Every knob of the Telegram front end. Read once by `run`, then passed down."""

    model_config = SettingsConfigDict(
        env_prefix="ISNAD_TELEGRAM_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    token: SecretStr | None = Field(
        None,
        validation_alias="TELEGRAM_BOT_TOKEN",
        description="The bot token from @BotFather (variable `TELEGRAM_BOT_TOKEN`). Never logged.",
    )
    api_url: str = Field(
        "https://api.telegram.org",
        description="Bot API server root; point it at a self-hosted Bot API server or an emulator.",
    )
    webhook_url: str | None = Field(
        None,
        description="Public HTTPS URL Telegram posts updates to (the bot serves plain HTTP on `webhook_port`, "
        "behind a proxy that terminates TLS); unset = long polling.",
    )
    webhook_listen: str = Field("0.0.0.0", description="Address the webhook server binds to.")
    webhook_port: int = Field(8443, ge=1, le=65535, description="Port the webhook server listens on.")
    webhook_secret: SecretStr | None = Field(
        None, description="Secret Telegram sends with each webhook call; unset = a random one per start."
    )
    allowed_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), description="Chat and user ids allowed to use the bot, comma-separated; empty = everyone."
    )
    questions_per_minute: int = Field(6, ge=0, description="Questions one user may ask per minute; 0 = no limit.")
    max_concurrent_answers: int = Field(2, ge=1, description="Answers produced at the same time, across chats.")
    history_turns: int = Field(6, ge=0, description="Turns of each chat's conversation kept for follow-ups.")
    stream: Literal["draft", "edit", "off"] = Field(
        "draft",
        description="How private chats see a streamed answer grow: message drafts, edits of a message, or not.",
    )
    stream_interval_s: float = Field(
        1.5, ge=0.2, description="Seconds between two updates of a streamed answer (and before the first)."
    )
    typing_interval_s: float = Field(4.0, gt=0, description="Seconds between two typing indicators.")

    @field_validator("webhook_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram accepts 1-256 characters from A-Z, a-z, 0-9, `_` and `-`."""
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("use 1 to 256 characters from A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("allowed_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `123, -100456` as well as a list."""
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(",", " ").split())
        return value

    def require_token(self) -> str:
        """The token's value, or a `MissingToken` error that says how to get one."""
        if self.token is None or not self.token.get_secret_value().strip():
            raise MissingToken(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather, then "
                "export TELEGRAM_BOT_TOKEN=<the token it gives you> and run `isnad telegram` again."
            )
        return self.token.get_secret_value().strip()


def load_telegram_settings(**overrides: object) -> TelegramSettings:
    """Build the bot settings from the environment and `.env`, with explicit overrides on top."""
    return TelegramSettings(**overrides)  # type: ignore[arg-type]
