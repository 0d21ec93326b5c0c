"""A chat model over a local GGUF file through xllamacpp (the optional `isnad[llamacpp]` extra).

xllamacpp ships prebuilt CPU wheels of llama.cpp with its server inside, so nothing is compiled. The model is
loaded on first use into an in-process llama.cpp server with one slot, whose prompt cache reuses the longest
shared prefix of consecutive prompts (the fixed instructions). Tokens stream through a callback; returning
True from it stops the generation, which is how an abandoned answer (a timeout, a consumer that stopped
reading) frees the slot. The server is stopped when the model is closed, collected, or the process exits.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import weakref
from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr, model_validator

from retrieval.errors import LLMError

log = logging.getLogger(__name__)

_ROLES = {"system": "system", "human": "user", "ai": "assistant"}
_DONE = object()


class _ServerHolder:
    """Owns the one reference to the xllamacpp server: dropping it runs `~Server()`, which stops it."""

    def __init__(self) -> None:
        self.server: Any = None
        self.failure: LLMError | None = None
        self.lock = threading.Lock()

    def release(self) -> None:
        with self.lock:
            server, self.server = self.server, None
        del server  # the last reference: the C++ destructor stops the loop and the HTTP listener


class LlamaCppChat(BaseChatModel):
    """Chat with a GGUF model in this process; the model is loaded on first use and freed by `close()`."""

    model_path: str
    temperature: float = 0.0
    max_tokens: int = 256
    n_ctx: int = 4096
    n_threads: int = 0  # 0: llama.cpp's own choice
    timeout_s: float = 30.0  # longest wait for the next token, the first one included

    _holder: _ServerHolder = PrivateAttr(default_factory=_ServerHolder)
    _last_timings: dict[str, Any] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _stop_with_the_model(self) -> LlamaCppChat:
        weakref.finalize(self, self._holder.release)  # also runs at interpreter exit
        return self

    @property
    def _llm_type(self) -> str:
        return "llamacpp-chat"

    @property
    def last_timings(self) -> dict[str, Any]:
        """llama.cpp's own figures for the last answer: prompt_n, cache_n, prompt_ms, predicted_n, ..."""
        return dict(self._last_timings)

    def close(self) -> None:
        """Stop the server and free the model (loaded again on the next call)."""
        self._holder.release()

    def _server(self) -> Any:
        holder = self._holder
        with holder.lock:
            if holder.failure is not None:
                raise holder.failure
            if holder.server is None:
                holder.server = self._start()
            return holder.server

    def _start(self) -> Any:
        import xllamacpp

        params = xllamacpp.CommonParams()
        params.model.path = self.model_path
        params.n_ctx = self.n_ctx
        if self.n_threads > 0:
            params.cpuparams.n_threads = self.n_threads  # generation
            params.cpuparams_batch.n_threads = self.n_threads  # prompt processing
        params.n_parallel = 1  # one slot: each prompt can reuse the last one's cached prefix
        params.cache_prompt = True
        params.verbosity = 0  # errors come back through the API; nothing on the terminal
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # any free port; the loopback HTTP API is not used, and needs a key nobody knows
        params.api_keys = [secrets.token_urlsafe(32)]
        try:
            return xllamacpp.Server(params)
        except RuntimeError as exc:
            self._holder.failure = LLMError(f"The GGUF model {self.model_path} could not be loaded by llama.cpp.")
            raise self._holder.failure from exc

    def _request(self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any) -> dict[str, Any]:
        request = {
            "messages": [{"role": _ROLES.get(m.type, "user"), "content": m.text} for m in messages],
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "stream": True,
            "cache_prompt": True,
            **kwargs,
        }
        if stop:
            request["stop"] = stop
        return request

    def _pieces(self, request: dict[str, Any]) -> Iterator[str]:
        """The content pieces of a streamed answer; stops the generation when the caller stops reading."""
        server = self._server()
        chunks: queue.Queue[Any] = queue.Queue()
        cancel = threading.Event()

        def on_chunk(chunk: Any) -> bool:
            chunks.put(chunk)
            return cancel.is_set()  # True stops the generation

        def work() -> None:
            try:
                server.handle_chat_completions(request, on_chunk)
            except Exception as exc:  # handed to the reading thread
                chunks.put({"error": {"message": f"{type(exc).__name__}: {exc}"}})
            finally:
                chunks.put(_DONE)

        threading.Thread(target=work, name="llamacpp-answer", daemon=True).start()
        self._last_timings = {}
        try:
            while True:
                try:
                    chunk = chunks.get(timeout=self.timeout_s)
                except queue.Empty:
                    raise TimeoutError(f"no token from the local model in {self.timeout_s:g} s") from None
                if chunk is _DONE:
                    return
                if not isinstance(chunk, dict):
                    continue
                if "error" in chunk:
                    message = str((chunk["error"] or {}).get("message", "unknown error")).splitlines()[0][:160]
                    raise LLMError(f"The language model ({self.model_path.rsplit('/', 1)[-1]}) failed: {message}")
                if timings := chunk.get("timings"):
                    self._last_timings = dict(timings)
                for choice in chunk.get("choices") or []:
                    if piece := (choice.get("delta") or {}).get("content"):
                        yield piece
        finally:
            cancel.set()

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        content = "".join(self._pieces(self._request(messages, stop, **kwargs)))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=content))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for piece in self._pieces(self._request(messages, stop, **kwargs)):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk
