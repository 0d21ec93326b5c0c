"""Group-chat rules, the access rule, the rate limit, history, settings, languages and the small helpers."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from telegram import Chat, Message, Update, User
from telegram.error import BadRequest, NetworkError, TimedOut

from bot.telegram import texts
from bot.telegram.access import AccessRule, RateLimiter, limit_key
from bot.telegram.addressing import is_addressed, question_for_bot
from bot.telegram.app import MissingToken, require_token, run, startup_line, webhook_options
from bot.telegram.history import ChatHistory, Conversation
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.redaction import REDACTED, TokenRedactor
from bot.telegram.resilience import ApiSupport, with_retries
from bot.telegram.texts import language_of
from retrieval.errors import IsnadError, QuestionTooLong, StoreUnavailable
from retrieval.records import Turn
from retrieval.settings import Settings, TelegramSettings, load_settings

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


# Access rule and rate limit

BOB = User(id=2, first_name="Bob", is_bot=False)
OTHER_GROUP = Chat(id=-100300, type=Chat.GROUP, title="elsewhere")
BOB_PRIVATE = Chat(id=2, type=Chat.PRIVATE)


def test_a_group_is_served_when_it_is_listed_whoever_asks_there() -> None:
    rule = AccessRule({1, -100200})  # Alice and the "news" group

    assert rule.serves(GROUP, BOB)  # an unlisted member of a listed group
    assert rule.serves(GROUP, ALICE)
    assert not rule.serves(OTHER_GROUP, ALICE)  # a listed user in an unlisted group
    assert not rule.serves(OTHER_GROUP, BOB)


def test_a_private_chat_or_inline_query_is_served_when_the_user_is_listed() -> None:
    rule = AccessRule({1, -100200})

    assert rule.serves(PRIVATE, ALICE)
    assert not rule.serves(BOB_PRIVATE, BOB)  # a member of a listed group, in private
    assert rule.serves(None, ALICE)  # inline query
    assert not rule.serves(None, BOB)
    assert not rule.serves(None, None)


def test_an_empty_list_serves_everyone() -> None:
    rule = AccessRule([])
    assert rule.is_open and rule.serves(OTHER_GROUP, BOB) and rule.serves(None, None)


def test_a_refused_chat_is_told_at_most_once_a_day() -> None:
    now = [0.0]
    rule = AccessRule({1}, clock=lambda: now[0])

    assert rule.should_tell(5)
    assert not rule.should_tell(5)
    assert rule.should_tell(6)  # another chat
    now[0] = 24 * 3600 - 1
    assert not rule.should_tell(5)
    now[0] = 24 * 3600 + 1
    assert rule.should_tell(5)
    assert not rule.should_tell(5)


def test_rate_limit_says_how_long_to_wait_and_counts_only_admitted_questions() -> None:
    now = [0.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    key = limit_key("private", 1)

    assert [limiter.wait_s(key) for _ in range(2)] == [0, 0]
    now[0] = 20.0
    assert limiter.wait_s(key) == 40  # the first question leaves the window at 60 s
    now[0] = 59.2
    assert limiter.wait_s(key) == 1  # whole seconds, never 0 while refused
    now[0] = 60.5
    assert [limiter.wait_s(key) for _ in range(3)] == [0, 0, 60]  # the refused ones did not count


def test_private_and_group_allowances_are_separate() -> None:
    limiter = RateLimiter(1, clock=lambda: 0.0)

    assert limiter.wait_s(limit_key("supergroup", 1)) == 0
    assert limiter.wait_s(limit_key("group", 1)) > 0  # every group shares one allowance
    assert limiter.wait_s(limit_key("private", 1)) == 0
    assert limiter.wait_s(limit_key("sender", 1)) > 0  # an inline query typed in the private chat
    assert limiter.wait_s(limit_key("private", 2)) == 0  # another user


def test_rate_limit_zero_is_off_and_idle_users_are_forgotten() -> None:
    assert all(RateLimiter(0).wait_s(("private", 1)) == 0 for _ in range(100))
    now = [0.0]
    limiter = RateLimiter(1, clock=lambda: now[0])
    for user in range(100):
        limiter.wait_s(("private", user))
    now[0] = 200.0
    limiter.wait_s(("private", 1000))
    assert len(limiter._asked) == 1


# The language the bot speaks


def test_the_language_of_a_chat_is_that_of_the_text_then_of_the_user() -> None:
    arabic_user = User(id=3, first_name="س", is_bot=False, language_code="ar")
    english_user = User(id=4, first_name="E", is_bot=False, language_code="en-GB")

    assert language_of("ما الخبر؟", english_user) == "ar"
    assert language_of("What happened?", arabic_user) == "en"
    assert language_of("/start", arabic_user) == "ar"
    assert language_of("/start@IsnadBot 2025", english_user) == "en"
    assert language_of("/start", ALICE) is None  # no language code: both languages


def test_phrases_speak_one_language_or_both() -> None:
    arabic = texts.TOO_LONG("ar", length="5,000", limit="2,000")
    english = texts.TOO_LONG("en", length="5,000", limit="2,000")

    assert not re.search(r"[A-Za-z]", arabic) and "5,000" in arabic
    assert "too long" in english and not re.search(r"[\u0600-\u06ff]", english)
    assert texts.RESET_DONE(None) == f"{texts.RESET_DONE('ar')}\n\n{texts.RESET_DONE('en')}"


def test_library_errors_are_told_in_the_chat_language() -> None:
    assert texts.error_text(QuestionTooLong(5000, 2000), "ar") == texts.TOO_LONG("ar", length="5,000", limit="2,000")
    assert texts.error_text(StoreUnavailable("down"), "en") == texts.UNAVAILABLE("en")
    assert "rebuild" in texts.error_text(IsnadError("rebuild the index"), "en")
    assert not re.search(r"[A-Za-z]", texts.error_text(IsnadError("rebuild the index"), "ar"))


# History


def test_history_is_bounded_persistent_and_per_conversation(tmp_path: Path) -> None:
    history = ChatHistory(tmp_path / "history", max_turns=2)
    alice, bob = Conversation(-100200, 1), Conversation(-100200, 2)
    for i in range(3):
        history.append(alice, Turn(f"سؤال {i}", f"جواب {i}", None if i == 0 else f"standalone {i}"), [10 + i])
    history.append(bob, Turn("bob's question", "x"), [20])
    history.append(Conversation(1), Turn("private chat", "y"), [30])

    reopened = ChatHistory(tmp_path / "history", max_turns=2)
    assert reopened.load(alice) == [
        Turn("سؤال 1", "جواب 1", "standalone 1"),
        Turn("سؤال 2", "جواب 2", "standalone 2"),
    ]
    assert reopened.load(bob) == [Turn("bob's question", "x")]
    assert reopened.load(Conversation(1)) == [Turn("private chat", "y")]
    reopened.clear(alice)
    assert reopened.load(alice) == [] and reopened.load(bob) == [Turn("bob's question", "x")]
    assert sorted(p.name for p in (tmp_path / "history").iterdir()) == ["-100200_2.json", "1.json"]


def test_a_reply_finds_the_thread_of_the_answer_it_replies_to(tmp_path: Path) -> None:
    history = ChatHistory(tmp_path, max_turns=5)
    alice = Conversation(-100200, 1)
    history.append(alice, Turn("first", "a1"), [10, 11])
    history.append(alice, Turn("second", "a2"), [12])
    history.append(Conversation(-1002000, 1), Turn("another chat", "a"), [13])

    assert history.thread(-100200, 11) == [Turn("first", "a1")]
    assert history.thread(-100200, 12) == [Turn("first", "a1"), Turn("second", "a2")]
    assert history.thread(-100200, 13) is None  # that answer was in another chat
    assert history.thread(-100200, 99) is None
    assert ChatHistory(tmp_path, max_turns=0).thread(-100200, 10) is None


def test_unreadable_history_is_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "5.json").write_text("{not json", encoding="utf-8")
    assert ChatHistory(tmp_path, 3).load(Conversation(5)) == []
    assert "unreadable chat history" in caplog.text
    assert ChatHistory(tmp_path, 0).load(Conversation(5)) == []


# Settings


def test_bot_settings_come_from_the_one_settings_object(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:secret")
    monkeypatch.setenv("ISNAD_TELEGRAM_ALLOWED_IDS", "1, -100200 7")
    monkeypatch.setenv("ISNAD_TELEGRAM_QUESTIONS_PER_MINUTE", "3")
    monkeypatch.setenv("ISNAD_TELEGRAM_WEBHOOK_PORT", "8080")
    monkeypatch.setenv("ISNAD_LLM_BASE_URL", "http://127.0.0.1:9")  # an underscore name that is not nested

    settings = load_settings(_env_file=None)

    assert require_token(settings) == "123:secret"
    assert "123:secret" not in repr(settings)
    assert settings.telegram.allowed_ids == frozenset({1, -100200, 7})
    assert settings.telegram.questions_per_minute == 3 and settings.telegram.webhook_port == 8080
    assert settings.telegram.api_url == "https://api.telegram.org"
    assert settings.llm_base_url == "http://127.0.0.1:9"


def test_bot_settings_from_a_dotenv_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=9:abc\nISNAD_TELEGRAM_STREAM=off\n", encoding="utf-8")

    settings = Settings(_env_file=env_file)  # type: ignore[call-arg]

    assert require_token(settings) == "9:abc" and settings.telegram.stream == "off"


def test_missing_token_is_a_clear_isnad_error() -> None:
    with pytest.raises(MissingToken, match=r"TELEGRAM_BOT_TOKEN is not set.*@BotFather") as caught:
        require_token(load_settings(_env_file=None))
    assert isinstance(caught.value, IsnadError)
    with pytest.raises(MissingToken):
        require_token(load_settings(_env_file=None, telegram_bot_token="  "))


def test_run_without_a_token_fails_before_doing_anything(tmp_path: Path) -> None:
    with pytest.raises(MissingToken):
        run(load_settings(_env_file=None, data_dir=tmp_path))
    assert not any(tmp_path.iterdir())


def test_webhook_listens_on_the_path_of_the_public_url() -> None:
    settings = TelegramSettings(webhook_url="https://bot.example.org/tg/hook", webhook_port=8080)
    options = webhook_options(settings)

    assert options["url_path"] == "tg/hook" and options["port"] == 8080
    assert options["webhook_url"] == "https://bot.example.org/tg/hook"
    assert len(options["secret_token"]) >= 32
    assert webhook_options(settings)["secret_token"] != options["secret_token"]  # random when unset
    fixed = TelegramSettings(webhook_url="https://x.org/", webhook_secret="s3cret_-")
    assert webhook_options(fixed)["secret_token"] == "s3cret_-"
    with pytest.raises(ValueError, match="A-Z"):
        TelegramSettings(webhook_secret="no spaces allowed")


def test_startup_line_names_the_bot_the_mode_the_data_the_store_and_the_answerer(tmp_path: Path) -> None:
    polling = startup_line(load_settings(_env_file=None, data_dir=tmp_path), "IsnadBot")
    webhook = startup_line(
        load_settings(
            _env_file=None,
            data_dir=tmp_path,
            chroma_url="http://10.0.0.5:8000",
            llm="ollama:qwen3",
            telegram={"webhook_url": "https://bot.example.org/tg/hook", "webhook_port": 8080},
        ),
        "IsnadBot",
    )

    assert polling == (
        f"Telegram bot @IsnadBot is running: long polling; data folder {tmp_path}; "
        f"store embedded in {tmp_path / 'chroma'}; answerer extractive"
    )
    assert "webhook https://bot.example.org/tg/hook (serving on 0.0.0.0:8080)" in webhook
    assert "store Chroma server http://10.0.0.5:8000" in webhook and "answerer LLM ollama:qwen3" in webhook


# Retries, optional methods, ordering, redaction


@pytest.mark.anyio
async def test_network_errors_are_retried_with_backoff_but_bad_requests_are_not() -> None:
    attempts = []

    async def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise TimedOut() if len(attempts) == 1 else NetworkError("connection reset")
        return "sent"

    assert await with_retries(lambda: flaky(), delays=(0, 0, 0)) == "sent"  # a callable returning an awaitable
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
async def test_retries_wait_the_given_delays_then_raise_the_last_error(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    real_sleep = asyncio.sleep

    async def sleep(delay: float) -> None:
        slept.append(delay)
        await real_sleep(0)

    monkeypatch.setattr(asyncio, "sleep", sleep)
    failures = iter([TimedOut(), NetworkError("reset"), NetworkError("still down")])

    async def down() -> str:
        raise next(failures)

    with pytest.raises(NetworkError, match="still down"):
        await with_retries(lambda: down(), delays=(0.5, 1.0))
    assert slept == [0.5, 1.0]


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
