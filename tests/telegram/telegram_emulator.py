"""Driving the Bot API emulator (npm `telegram-test-api`) from tests: the process, users, and the bot.

The emulator keeps what users and bots send, per bot token. Users speak through its client API
(`POST /sendMessage` with a `botToken` field, `/sendCallback` for a button press, `/sendInlineQuery`);
what the bot sent is read back from `POST /getUpdatesHistory`, which also shows edits, since an edit
rewrites the stored message, and its answers to inline queries and button presses from `POST /getAnswers`.

`emulator` is the one fixture that starts it; test modules that talk to a bot import it from here.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.ext import Application

from retrieval.settings import Settings, load_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIR = REPO_ROOT / "node_modules" / "telegram-test-api"
LAUNCHER = Path(__file__).with_name("telegram_emulator.cjs")
BOT_ID = 666  # what the emulator's getMe says
BOT_USERNAME = "TestNameBot"

_tokens = itertools.count(1)


def missing_reason() -> str | None:
    """Why the emulator cannot run here, or None when it can."""
    if not PACKAGE_DIR.is_dir():
        return "telegram-test-api is not installed: run `npm ci` at the repository root"
    if shutil.which("node") is None:
        return "node is not on PATH"
    return None


class EmulatorProcess:
    """The emulator running as a child process on 127.0.0.1; `url` is its root."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            ["node", str(LAUNCHER), str(REPO_ROOT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()  # blocks until it listens, or exits
        if not line:
            self._process.wait(timeout=10)
            raise RuntimeError(f"the emulator exited with status {self._process.returncode}")
        self.url = f"http://127.0.0.1:{json.loads(line)['port']}"

    def close(self) -> None:
        """Stop the emulator (closing its stdin asks it to exit), killing it if it lingers."""
        assert self._process.stdin is not None
        self._process.stdin.close()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()


@pytest.fixture(scope="session")
def emulator() -> Iterator[EmulatorProcess]:
    """The Bot API emulator on 127.0.0.1, shared by the session (each bot gets its own token)."""
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    process = EmulatorProcess()
    yield process
    process.close()


def bot_settings(emulator: EmulatorProcess, token: str, **overrides: Any) -> Settings:
    """Settings for a bot on the emulator: `telegram={...}` sets bot options, the rest library settings.

    Nothing comes from the environment or `.env`: every option a test does not give has its default.
    """
    telegram = {"api_url": emulator.url, **overrides.pop("telegram", {})}
    return load_settings(_env_file=None, telegram_bot_token=token, telegram=telegram, **overrides)


def new_token() -> str:
    """A bot token no other test uses: the emulator keeps each token's messages apart."""
    return f"{next(_tokens)}:TEST-token-{time.monotonic_ns()}"


@dataclass(frozen=True)
class BotMessage:
    """A message the bot sent, as the emulator stores it (after any edits)."""

    message_id: int
    chat_id: int
    text: str
    parse_mode: str | None
    reply_to: int | None  # the message it quotes
    edited: bool


class Chat:
    """One user in one chat, talking to the bot through the emulator's client API."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        token: str,
        *,
        user_id: int,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = None,
    ) -> None:
        self._http = http
        self._token = token
        self.user_id = user_id
        self.chat_id = chat_id if chat_id is not None else user_id
        self._chat_type = chat_type
        self._user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"User {user_id}"}
        if language_code:
            self._user["language_code"] = language_code

    async def send(self, text: str | None, *, reply_to: BotMessage | None = None, **fields: Any) -> int:
        """Send a message (a command when it starts with "/"); returns the id the emulator gave it."""
        message: dict[str, Any] = {
            "botToken": self._token,
            "date": int(time.time()),
            "from": self._user,
            "chat": self._chat(),
            **fields,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        if reply_to is not None:
            message["reply_to_message"] = {
                "message_id": reply_to.message_id,
                "date": int(time.time()),
                "chat": message["chat"],
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Bot", "username": BOT_USERNAME},
                "text": reply_to.text,
            }
        before = await self._history()
        response = await self._http.post("/sendMessage", json=message)
        response.raise_for_status()
        return await self._id_of(message, known={entry["messageId"] for entry in before if "message" in entry})

    async def send_document(self, name: str, content: bytes, *, mime_type: str = "text/plain") -> int:
        """Upload a file to the emulator and send it as a document; returns the message's id."""
        uploaded = await self._http.post(
            "/uploadFile", json={"name": name, "contentBase64": base64.b64encode(content).decode()}
        )
        uploaded.raise_for_status()
        stored = uploaded.json()["result"]
        document = {**stored, "file_name": name, "mime_type": mime_type}
        return await self.send(None, document=document)

    async def press(self, data: str, on: BotMessage) -> None:
        """Press a button with callback `data` under the bot's message `on`."""
        message = {"message_id": on.message_id, "date": int(time.time()), "chat": self._chat(), "text": on.text}
        callback = {"botToken": self._token, "from": self._user, "message": message, "data": data}
        response = await self._http.post("/sendCallback", json=callback)
        response.raise_for_status()

    async def inline_query(self, query: str) -> str:
        """Type `@bot query` in this chat; returns the inline query's id."""
        chat_type = "sender" if self._chat_type == "private" else self._chat_type
        body = {"botToken": self._token, "from": self._user, "query": query, "chat_type": chat_type}
        response = await self._http.post("/sendInlineQuery", json=body)
        response.raise_for_status()
        return str(response.json()["result"]["id"])

    async def answers(self, method: str) -> list[dict[str, Any]]:
        """What the bot answered to inline queries (`answerInlineQuery`) or button presses
        (`answerCallbackQuery`) for this user, oldest first."""
        response = await self._http.post("/getAnswers", json={"token": self._token})
        response.raise_for_status()
        return [a for a in response.json()["result"] if a["method"] == method]

    async def inline_answer(self, query_id: str, *, timeout_s: float = 10.0) -> dict[str, Any]:
        """Wait for the bot's answer to inline query `query_id`."""
        deadline = time.monotonic() + timeout_s
        while True:
            for answer in await self.answers("answerInlineQuery"):
                if str(answer["inline_query_id"]) == query_id:
                    return answer
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not answer inline query {query_id}")
            await asyncio.sleep(0.05)

    async def bot_messages(self) -> list[BotMessage]:
        """What the bot has sent to this chat so far, oldest first."""
        messages = []
        for entry in await self._history():
            sent = entry.get("message")
            if sent is None or "chat_id" not in sent or int(sent["chat_id"]) != self.chat_id:
                continue  # a user's message, or another chat
            reply = sent.get("reply_parameters")
            reply = json.loads(reply) if isinstance(reply, str) else reply
            messages.append(
                BotMessage(
                    message_id=entry["messageId"],
                    chat_id=self.chat_id,
                    text=sent.get("text", ""),
                    parse_mode=sent.get("parse_mode"),
                    reply_to=reply["message_id"] if reply else None,
                    edited="message_id" in sent,  # an edit merges its own fields into the stored message
                )
            )
        return sorted(messages, key=lambda m: m.message_id)

    async def wait_for(
        self, condition: Callable[[list[BotMessage]], bool], *, timeout_s: float = 10.0
    ) -> list[BotMessage]:
        """Poll the bot's messages to this chat until `condition` holds; fail after `timeout_s`."""
        deadline = time.monotonic() + timeout_s
        while True:
            messages = await self.bot_messages()
            if condition(messages):
                return messages
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting; the bot sent chat {self.chat_id}: {messages}")
            await asyncio.sleep(0.05)

    async def replies_to(self, message_id: int, *, count: int = 1, timeout_s: float = 10.0) -> list[BotMessage]:
        """Wait for `count` bot messages in this chat after `message_id`, the first one quoting it."""

        def arrived(messages: list[BotMessage]) -> bool:
            after = [m for m in messages if m.message_id > message_id]
            return len(after) >= count and after[0].reply_to == message_id

        messages = await self.wait_for(arrived, timeout_s=timeout_s)
        return [m for m in messages if m.message_id > message_id][:count]

    async def ask(self, text: str, *, timeout_s: float = 10.0) -> BotMessage:
        """Send `text` and return the bot's (first) reply to it."""
        return (await self.replies_to(await self.send(text), timeout_s=timeout_s))[0]

    async def ask_html(self, text: str, *, timeout_s: float = 10.0) -> BotMessage:
        """Send a question and return the HTML answer quoting it, once any streamed preview is final."""
        question_id = await self.send(text)

        def answered(messages: list[BotMessage]) -> bool:
            return any(m.reply_to == question_id and m.parse_mode == "HTML" for m in messages)

        messages = await self.wait_for(answered, timeout_s=timeout_s)
        return next(m for m in messages if m.reply_to == question_id)

    def _chat(self) -> dict[str, Any]:
        return {"id": self.chat_id, "type": self._chat_type, "title": "Test group", "first_name": "User"}

    async def _history(self) -> list[dict[str, Any]]:
        response = await self._http.post("/getUpdatesHistory", json={"token": self._token})
        response.raise_for_status()
        return response.json()["result"]

    async def _id_of(self, message: dict[str, Any], *, known: set[int]) -> int:
        for _ in range(100):
            for entry in await self._history():
                stored = entry.get("message", {})
                if (
                    entry["messageId"] not in known
                    and "chat" in stored
                    and stored["chat"]["id"] == self.chat_id
                    and stored.get("text") == message.get("text")
                    and stored.get("date") == message["date"]
                ):
                    return entry["messageId"]
            await asyncio.sleep(0.02)
        raise AssertionError(f"the emulator did not store {message.get('text')!r}")


@dataclass
class RunningBot:
    """A bot application polling the emulator, and a way to open chats with it."""

    application: Application
    token: str
    http: httpx.AsyncClient

    def chat(
        self, user_id: int, *, chat_id: int | None = None, chat_type: str = "private", language_code: str | None = None
    ) -> Chat:
        return Chat(
            self.http, self.token, user_id=user_id, chat_id=chat_id, chat_type=chat_type, language_code=language_code
        )


StartBot = Callable[..., contextlib.AbstractAsyncContextManager[RunningBot]]


@contextlib.asynccontextmanager
async def serving(application: Application, webhook: dict[str, Any] | None = None) -> AsyncIterator[Application]:
    """Run `application` as `run_polling`/`run_webhook` would, post_init included.

    Without `webhook` options it polls the emulator often (the emulator does not hold long polls).
    """
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        assert application.updater is not None
        if webhook is None:
            await application.updater.start_polling(poll_interval=0.05, timeout=0)
        else:
            await application.updater.start_webhook(**webhook)
        await application.start()
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
