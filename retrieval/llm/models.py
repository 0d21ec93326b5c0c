"""The chat model named by `settings.llm`, built by one factory; the rest of the code sees a `BaseChatModel`.

none                        no LLM: the extractive answerer
openai:MODEL                any OpenAI-compatible endpoint (OpenAI, OpenRouter, vLLM, llama.cpp's
                            server, Ollama's /v1) at `llm_base_url`, key `llm_api_key`
ollama:MODEL                Ollama's native API at `llm_base_url` (default http://localhost:11434)
llamacpp:/path/model.gguf   a local GGUF file in this process through xllamacpp (`pip install 'isnad[llamacpp]'`:
                            prebuilt wheels, no compiler), `llm_threads` threads, `llm_context` tokens of context

Every model writes at most `llm_max_tokens` tokens and waits `llm_timeout_s` at most for a reply.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from langchain_core.language_models import BaseChatModel
from pydantic import SecretStr

from retrieval.errors import IsnadError
from retrieval.settings import Settings

SCHEMES = ("none", "openai:MODEL", "ollama:MODEL", "llamacpp:/path/model.gguf")
# Local OpenAI-compatible servers need no key, but the client refuses to start without one.
_NO_KEY = SecretStr("not-needed")


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model `settings.llm` names, or None for `none`; `IsnadError` when it names none we know."""
    spec = settings.llm.strip()
    if spec.lower() in ("", "none"):
        return None
    scheme, _, target = spec.partition(":")
    scheme, target = scheme.strip().lower(), target.strip()
    if not target or scheme not in ("openai", "ollama", "llamacpp"):
        raise IsnadError(f"ISNAD_LLM={spec!r} is not understood; use one of: {', '.join(SCHEMES)}.")
    if scheme == "openai":
        return _openai(settings, target)
    if scheme == "ollama":
        return _ollama(settings, target)
    return _llamacpp(settings, target)


def describe_model(model: BaseChatModel) -> str:
    """A short name for messages: the model's name, or its kind."""
    for attribute in ("model_name", "model", "model_path"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return Path(value).name if attribute == "model_path" else value
    return model.get_name()


def _openai(settings: Settings, model: str) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=model,
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key or _NO_KEY,
        timeout=settings.llm_timeout_s,
        max_retries=0,  # the timeout setting bounds the wait; a retry would double it
        temperature=settings.llm_temperature,
        max_completion_tokens=settings.llm_max_tokens,
    )


def _ollama(settings: Settings, model: str) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    return ChatOllama(
        model=model,
        base_url=settings.llm_base_url,
        temperature=settings.llm_temperature,
        num_predict=settings.llm_max_tokens,
        client_kwargs={"timeout": settings.llm_timeout_s},
    )


def _llamacpp(settings: Settings, path: str) -> BaseChatModel:
    if importlib.util.find_spec("xllamacpp") is None:
        raise IsnadError("ISNAD_LLM=llamacpp:... needs xllamacpp: pip install 'isnad[llamacpp]'.")
    model_path = Path(path).expanduser()
    if not model_path.is_file():
        raise IsnadError(f"The GGUF model file {model_path} does not exist.")
    from retrieval.llm.llamacpp import LlamaCppChat

    return LlamaCppChat(
        model_path=str(model_path),
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        n_ctx=settings.llm_context,
        n_threads=settings.llm_threads,
        timeout_s=settings.llm_timeout_s,
    )


def release_chat_model(model: BaseChatModel | None) -> None:
    """Free what a model holds in this process (a local GGUF model's server); nothing for remote ones."""
    close = getattr(model, "close", None)
    if callable(close):
        close()
