"""Group-chat rules, the allow-list, the rate limit, history, settings and the small helpers."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from pathlib import Path

import pytest
from telegram import Chat, Message, Update, User
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.telegram.access import AllowList, RateLimiter, Verdict
from bot.telegram.addressing import is_addressed, question_for_bot
from bot.telegram.app import run, webhook_options
from bot.telegram.history import ChatHistory
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.redaction import REDACTED, TokenRedactor
from bot.telegram.resilience import ApiSupport, with_retries
from bot.telegram.settings import MissingToken, TelegramSettings
from retrieval.errors import IsnadError
from retrieval.records import Turn
from retrieval.settings import load_settings

BOT = User(id=666, first_name="isnad", is_bot=True, username="IsnadBot")
ALICE = User(id=1, first_name="Alice", is_bot=False)
GROUP = Chat(id=-100200, type=Chat.SUPERGROUP, title="news")
PRIVATE = Chat(id=1, type=Chat.PRIVATE)
WHEN = dt.datetime(2025, 11, 16, tzinfo=dt.UTC)


def message(text: str | None, chat: Chat = GROUP, reply_to: Message | None = None) -> Message:
    return Message(1, WHEN, chat, from_user=ALICE, text=text, reply_to_message=reply_to)


def asked(msg: Message) -> str | None:
    return question_for_bot(msg, username="IsnadBot", bot_id=666)


# Group-chat rules


def test_private_chats_answer_every_text_message() -> None:
    assert asked(message("  ما الخبر؟ ", PRIVATE)) == "ما الخبر؟"
    assert asked(message("", PRIVATE)) == ""
    assert asked(message(None, PRIVATE)) is None  # a sticker or a photo


def test_groups_answer_mentions_and_replies_to_the_bot_only() -> None:
    from_bot = Message(7, WHEN, GROUP, from_user=BOT, text="an earlier answer")
    from_someone = Message(8, WHEN, GROUP, from_user=ALICE, text="hi")

    assert asked(message("@IsnadBot ما مستقبل القواعد؟")) == "ما مستقبل القواعد؟"
    assert asked(message("what about the bases, @isnadbot?")) == "what about the bases,  ?"
    assert asked(message("and then?", reply_to=from_bot)) == "and then?"
    assert asked(message("chatter")) is None
    assert asked(message("reply to a person", reply_to=from_someone)) is None
    assert asked(message("mail me at x@IsnadBot.org or @IsnadBotFan")) is None


def test_commands_are_addressed_unless_meant_for_another_bot() -> None:
    def addressed(text: str) -> bool:
        return is_addressed(message(text), username="IsnadBot", bot_id=666)

    assert addressed("/ask what?")
    assert addressed("/start@IsnadBot")
    assert not addressed("/start@OtherBot")
    assert not addressed("good morning")
    assert is_addressed(message("anything", PRIVATE), username="IsnadBot", bot_id=666)


# Allow-list and rate limit


def test_allow_list_checks_chat_and_user_ids_and_refuses_each_chat_once() -> None:
    allow = AllowList({1, -100200})

    assert allow.permits(chat_id=-100200, user_id=99)
    assert allow.permits(chat_id=5, user_id=1)
    assert not allow.permits(chat_id=5, user_id=99)
    assert allow.first_refusal(5)
    assert not allow.first_refusal(5)
    assert allow.first_refusal(6)


def test_empty_allow_list_lets_everyone_in() -> None:
    assert AllowList([]).permits(chat_id=5, user_id=None)


def test_rate_limit_per_user_per_minute_warns_once() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])

    assert [limiter.check(1) for _ in range(4)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.SLOW_DOWN, Verdict.QUIET]
    assert limiter.check(2) is Verdict.ALLOW  # another user is not affected
    now[0] = 59.0
    assert limiter.check(1) is Verdict.QUIET
    now[0] = 60.5  # the first two questions have left the window
    assert [limiter.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.SLOW_DOWN]


def test_rate_limit_zero_is_off_and_idle_users_are_forgotten() -> None:
    assert all(RateLimiter(0).check(1) is Verdict.ALLOW for _ in range(100))
    now = [0.0]
    limiter = RateLimiter(1, clock=lambda: now[0])
    for user in range(100):
        limiter.check(user)
    now[0] = 200.0
    limiter.check(1000)
    assert len(limiter._asked) == 1


# History


def test_history_is_bounded_persistent_and_per_chat(tmp_path: Path) -> None:
    history = ChatHistory(tmp_path / "history", max_turns=2)
    for i in range(3):
        history.append(-100200, Turn(f"سؤال {i}", f"جواب {i}", None if i == 0 else f"standalone {i}"))
    history.append(1, Turn("other chat", "x"))

    reopened = ChatHistory(tmp_path / "history", max_turns=2)
    assert reopened.load(-100200) == [
        Turn("سؤال 1", "جواب 1", "standalone 1"),
        Turn("سؤال 2", "جواب 2", "standalone 2"),
    ]
    assert reopened.load(1) == [Turn("other chat", "x")]
    reopened.clear(-100200)
    assert reopened.load(-100200) == []
    assert sorted(p.name for p in (tmp_path / "history").iterdir()) == ["1.json"]  # no temp files left


def test_unreadable_history_is_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "5.json").write_text("{not json", encoding="utf-8")
    assert ChatHistory(tmp_path, 3).load(5) == []
    assert "unreadable chat history" in caplog.text
    assert ChatHistory(tmp_path, 0).load(5) == []


# Settings


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("ISNAD_TELEGRAM_ALLOWED_IDS", "1, -100200 7")
    monkeypatch.setenv("ISNAD_TELEGRAM_QUESTIONS_PER_MINUTE", "3")

    settings = TelegramSettings(_env_file=None)

    assert settings.require_token() == "123:secret"
    assert "123:secret" not in repr(settings)
    assert settings.allowed_ids == frozenset({1, -100200, 7})
    assert settings.questions_per_minute == 3
    assert settings.api_url == "https://api.telegram.org"


def test_missing_token_is_a_clear_isnad_error() -> None:
    with pytest.raises(MissingToken, match=r"TELEGRAM_BOT_TOKEN is not set.*@BotFather") as caught:
        TelegramSettings(_env_file=None).require_token()
    assert isinstance(caught.value, IsnadError)
    with pytest.raises(MissingToken):
        TelegramSettings(_env_file=None, token="  ").require_token()


def test_run_without_a_token_fails_before_doing_anything(tmp_path: Path) -> None:
    with pytest.raises(MissingToken):
        run(load_settings(data_dir=tmp_path), TelegramSettings(_env_file=None))
    assert not any(tmp_path.iterdir())


def test_webhook_listens_on_the_path_of_the_public_url() -> None:
    settings = TelegramSettings(_env_file=None, webhook_url="https://bot.example.org/tg/hook", webhook_port=8080)
    options = webhook_options(settings)

    assert options["url_path"] == "tg/hook" and options["port"] == 8080
    assert options["webhook_url"] == "https://bot.example.org/tg/hook"
    assert len(options["secret_token"]) >= 32
    assert webhook_options(settings)["secret_token"] != options["secret_token"]  # random when unset
    fixed = TelegramSettings(_env_file=None, webhook_url="https://x.org/", webhook_secret="s3cret_-")
    assert webhook_options(fixed)["secret_token"] == "s3cret_-"
    with pytest.raises(ValueError, match="A-Z"):
        TelegramSettings(_env_file=None, webhook_secret="no spaces allowed")


# Retries, optional methods, ordering, redaction


@pytest.mark.anyio
async def test_network_errors_are_retried_with_backoff_but_bad_requests_are_not() -> None:
    attempts = []

    async def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise TimedOut() if len(attempts) == 1 else NetworkError("connection reset")
        return "sent"

    assert await with_retries(flaky, delays=(0, 0, 0)) == "sent"
    assert len(attempts) == 3

    async def bad() -> str:
        attempts.append(1)
        raise BadRequest("can't parse entities")

    attempts.clear()
    with pytest.raises(BadRequest):
        await with_retries(bad, delays=(0, 0))
    assert len(attempts) == 1

    async def down() -> str:
        raise NetworkError("down")

    with pytest.raises(NetworkError):
        await with_retries(down, delays=(0, 0))


@pytest.mark.anyio
async def test_optional_methods_fail_quietly_and_are_reported_once(caplog: pytest.LogCaptureFixture) -> None:
    support = ApiSupport()

    async def unsupported() -> bool:
        raise NetworkError("Internal Server Error (500)")

    assert await support.attempt("sendChatAction", unsupported) is None
    assert await support.attempt("sendChatAction", unsupported) is None
    assert support.has_failed("sendChatAction") and not support.has_failed("setMyCommands")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "sendChatAction" in warnings[0].getMessage()


@pytest.mark.anyio
async def test_updates_of_one_chat_run_in_order_and_chats_run_concurrently() -> None:
    processor = PerChatUpdateProcessor()
    log: list[str] = []

    def update(update_id: int, chat: Chat) -> Update:
        return Update(update_id, message=Message(update_id, WHEN, chat, text="x"))

    async def work(name: str, delay: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")

    await asyncio.gather(
        processor.process_update(update(1, GROUP), work("group-1", 0.05)),
        processor.process_update(update(2, GROUP), work("group-2", 0)),
        processor.process_update(update(3, PRIVATE), work("private", 0)),
    )

    assert log.index("end group-1") < log.index("start group-2")
    assert log.index("end private") < log.index("end group-1")
    assert processor._locks == {}


def test_token_is_redacted_from_log_records() -> None:
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "HTTP Request: POST %s",
        ("https://api.telegram.org/bot123:abc/getMe",),
        None,
    )
    assert TokenRedactor("123:abc").filter(record)
    assert record.getMessage() == f"HTTP Request: POST https://api.telegram.org/bot{REDACTED}/getMe"
