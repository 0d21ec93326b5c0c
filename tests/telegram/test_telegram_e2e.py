"""End to end: the real bot `Application` against the Bot API emulator, played by emulated users.

The emulator lacks some Bot API methods the bot uses: setMyCommands, sendChatAction and
sendMessageDraft (see `test_missing_bot_api_methods_are_survived_and_reported_once`). It stores
`reply_parameters` without acting on them, so the tests read them back to check quoting.
"""

from __future__ import annotations

import asyncio
import html
import logging
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from telegram import Update
from telegram_emulator import BOT_USERNAME, REPO_ROOT, BotMessage, Chat, EmulatorProcess, StartBot, new_token
from telegram_fakes import CITATION, SOURCES, FakeIsnad

from bot.telegram import texts
from bot.telegram.redaction import hide_token
from bot.telegram.render import render_answer
from bot.telegram.split import MAX_MESSAGE_LENGTH, utf16_length
from retrieval.service import Isnad
from retrieval.settings import load_settings

pytestmark = pytest.mark.anyio


def cites_a_source(reply: BotMessage) -> bool:
    """An HTML answer with a numbered footnote and its quote in an expandable blockquote."""
    return (
        reply.parse_mode == "HTML"
        and re.search(r"^\[1\] ", reply.text, re.MULTILINE) is not None
        and "<blockquote expandable>" in reply.text
    )


async def test_start_greets_in_arabic_and_english(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        reply = await bot.chat(101).ask("/start")

    assert reply.text == texts.GREETING
    assert "مرحبًا" in reply.text and "Hello" in reply.text


async def test_webhook_mode_with_a_secret_token(start_bot: StartBot) -> None:
    async with start_bot(webhook=True, webhook_secret="s3cret-token_") as bot:
        greeting = await bot.chat(121).ask("/start")
        answer = await bot.chat(122).ask("a question by webhook")

    assert greeting.text == texts.GREETING
    assert cites_a_source(answer)


async def test_question_is_answered_with_a_citation_then_a_follow_up(start_bot: StartBot, service: FakeIsnad) -> None:
    async with start_bot() as bot:
        chat = bot.chat(102)
        first = await chat.ask("ما مستقبل القواعد الروسية في سوريا؟")
        follow_up = await chat.ask("ومتى بدأت المحادثات؟")

    assert cites_a_source(first) and cites_a_source(follow_up)
    assert CITATION.quote in first.text and "<b>المصادر</b>" in first.text
    if isinstance(service, FakeIsnad):
        assert "(after: ما مستقبل القواعد الروسية في سوريا؟)" in follow_up.text
        assert [len(history) for _, history in service.calls] == [0, 1]


async def test_history_survives_a_restart_and_reset_clears_it(
    start_bot: StartBot, service: FakeIsnad, tmp_path: Path
) -> None:
    async with start_bot(data_dir=tmp_path) as bot:
        await bot.chat(103).ask("first question")
    async with start_bot(data_dir=tmp_path) as bot:
        chat = bot.chat(103)
        after_restart = await chat.ask("second question")
        assert (await chat.ask("/reset")).text == texts.RESET_DONE
        after_reset = await chat.ask("third question")

    assert "(after: first question)" in after_restart.text
    assert "(after:" not in after_reset.text


async def test_sources_lists_articles_with_dates(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        reply = await bot.chat(104).ask("/sources")

    assert reply.parse_mode == "HTML"
    for source in SOURCES:
        assert source.title in reply.text and source.published.isoformat() in reply.text


async def test_timeline_and_usage_messages(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        chat = bot.chat(105)
        timeline = await chat.ask("/timeline القواعد الروسية")
        usage = await chat.ask("/timeline")
        ask_usage = await chat.ask("/ask")
        unknown = await chat.ask("/frobnicate")

    assert "<b>16 November 2025</b>" in timeline.text
    assert (usage.text, ask_usage.text, unknown.text) == (texts.TIMELINE_USAGE, texts.ASK_USAGE, texts.UNKNOWN_COMMAND)


async def test_long_answer_is_split_under_the_limit(start_bot: StartBot, service: FakeIsnad) -> None:
    async with start_bot() as bot:
        chat = bot.chat(106)
        question_id = await chat.send("please give a long answer")
        parts = await chat.replies_to(question_id, count=3)
        await asyncio.sleep(0.3)  # nothing more should come
        assert len(await chat.bot_messages()) == 3

    assert [p.reply_to for p in parts] == [question_id, None, None]  # the first part quotes the question
    assert all(p.parse_mode == "HTML" and utf16_length(p.text) <= MAX_MESSAGE_LENGTH for p in parts)
    assert parts[-1].text.endswith("</blockquote>")
    if isinstance(service, FakeIsnad):
        expected = render_answer(service.answer("please give a long answer"))
        assert re.sub(r"\s+", "", "".join(p.text for p in parts)) == re.sub(r"\s+", "", expected)


async def test_user_outside_the_allow_list_is_refused_once(start_bot: StartBot, service: FakeIsnad) -> None:
    async with start_bot(allowed_ids=frozenset({107})) as bot:
        allowed, stranger = bot.chat(107), bot.chat(999)
        refusal = await stranger.ask("may I ask?")
        await stranger.send("/start")
        await stranger.send("hello again")
        answer = await allowed.ask("an allowed question")
        await asyncio.sleep(0.3)
        stranger_messages = await stranger.bot_messages()

    assert refusal.text == texts.NOT_ALLOWED
    assert stranger_messages == [refusal]
    assert cites_a_source(answer)
    if isinstance(service, FakeIsnad):
        assert [question for question, _ in service.calls] == ["an allowed question"]


async def test_three_users_thirty_questions_together_none_lost_or_crossed(
    start_bot: StartBot, service: FakeIsnad
) -> None:
    users = (201, 202, 203)
    async with start_bot(history_turns=3) as bot:
        chats = {user: bot.chat(user) for user in users}
        questions = {(user, i): f"user {user} question {i}" for user in users for i in range(10)}
        sent = await asyncio.gather(*(chats[user].send(text) for (user, _), text in questions.items()))
        ids = dict(zip(questions, sent, strict=True))
        for user, chat in chats.items():
            mine = [ids[user, i] for i in range(10)]
            await chat.wait_for(lambda messages, mine=mine: {m.reply_to for m in messages} >= set(mine), timeout_s=60)
        replies = {user: await chat.bot_messages() for user, chat in chats.items()}

    for user in users:
        assert len(replies[user]) == 10  # one answer per question, nothing else
        by_question = {reply.reply_to: reply for reply in replies[user]}
        for i in range(10):
            reply = by_question[ids[user, i]]
            assert cites_a_source(reply)
            if isinstance(service, FakeIsnad):
                assert f"Answer to: user {user} question {i}" in reply.text
    if isinstance(service, FakeIsnad):
        assert len(service.calls) == 30
        for question, history in service.calls:
            asker = question.split()[1]
            assert all(turn.question.split()[1] == asker for turn in history)  # no history crossed chats
            assert len(history) <= 3


async def test_private_answers_grow_while_streaming(start_bot: StartBot) -> None:
    slow = FakeIsnad(chunks=6, chunk_delay_s=0.25)
    async with start_bot(with_service=slow, stream="draft", stream_interval_s=0.2) as bot:
        chat = bot.chat(108)
        question_id = await chat.send("a question with a streamed answer")
        seen = await chat.wait_for(lambda messages: any(m.text and m.parse_mode is None for m in messages))
        final = await chat.wait_for(lambda messages: any(cites_a_source(m) for m in messages))

    preview = seen[0]
    full_text = "Answer to: a question with a streamed answer [1]"
    assert preview.reply_to == question_id
    assert full_text.startswith(preview.text) and len(preview.text) < len(full_text)  # part of the text, plain
    assert len(final) == 1 and final[0].message_id == preview.message_id and final[0].edited
    assert final[0].text.startswith(full_text)


async def test_groups_answer_only_ask_mentions_and_replies(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        group = bot.chat(301, chat_id=-100301, chat_type="supergroup")
        await group.send("chatter that is not for the bot")
        by_ask = await group.ask("/ask what happened in Damascus?")
        by_mention = await group.ask(f"@{BOT_USERNAME} and in Moscow?")
        reply_id = await group.send("and after that?", reply_to=by_mention)
        by_reply = (await group.replies_to(reply_id))[0]
        await group.send("more chatter")
        await asyncio.sleep(0.3)
        messages = await group.bot_messages()

    assert messages == [by_ask, by_mention, by_reply]
    assert all(cites_a_source(m) for m in messages)
    assert "Answer to: what happened in Damascus?" in by_ask.text
    assert "Answer to: and in Moscow?" in by_mention.text


async def test_rate_limit_says_slow_down_once(start_bot: StartBot) -> None:
    async with start_bot(questions_per_minute=2) as bot:
        chat = bot.chat(109)
        replies = [await chat.ask(f"question {i}") for i in range(3)]
        await chat.send("question 3")
        await asyncio.sleep(0.3)
        messages = await chat.bot_messages()

    assert [cites_a_source(r) for r in replies] == [True, True, False]
    assert replies[2].text == texts.SLOW_DOWN
    assert len(messages) == 3


async def test_odd_updates_are_survived(start_bot: StartBot, caplog: pytest.LogCaptureFixture) -> None:
    sticker = {
        "sticker": {
            "file_id": "s1",
            "file_unique_id": "u1",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
        }
    }
    voice = {"voice": {"file_id": "v1", "file_unique_id": "u2", "duration": 3}}
    async with start_bot() as bot:
        chat = bot.chat(110)
        assert (await chat.replies_to(await chat.send(None, **sticker)))[0].text == texts.TEXT_ONLY
        assert (await chat.replies_to(await chat.send(None, **voice)))[0].text == texts.TEXT_ONLY
        too_long = await chat.ask("س" * 10_000)
        french = await chat.ask("Qu'est-ce qui s'est passé à Damas ?")
        apology = await chat.ask("boom")
        edited = Update.de_json(
            {
                "update_id": 10**6,
                "edited_message": {
                    "message_id": 1,
                    "date": 1,
                    "edit_date": 2,
                    "text": "edited question",
                    "chat": {"id": 110, "type": "private"},
                    "from": {"id": 110, "is_bot": False, "first_name": "U"},
                },
            },
            bot.application.bot,
        )
        await bot.application.process_update(edited)
        still_answering = await chat.ask("still there?")
        await asyncio.sleep(0.2)
        messages = await chat.bot_messages()

    assert "too long" in too_long.text and too_long.parse_mode is None
    assert cites_a_source(french)
    assert apology.text == texts.APOLOGY
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info and "failed on purpose" in str(errors[0].exc_info[1])
    assert cites_a_source(still_answering)
    assert len(messages) == 6  # the edited message got no reply


async def test_missing_bot_api_methods_are_survived_and_reported_once(
    start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    """The emulator (telegram-test-api 4.2.1) lacks setMyCommands, sendChatAction and sendMessageDraft."""
    slow = FakeIsnad(chunks=4, chunk_delay_s=0.15)
    async with start_bot(with_service=slow, stream="draft", stream_interval_s=0.2, typing_interval_s=0.1) as bot:
        chat = bot.chat(111)
        answers = [await chat.ask_html(f"question {i}") for i in range(2)]

    assert all(cites_a_source(a) and a.edited for a in answers)  # drafts failed: previews were edited instead
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    for method in ("setMyCommands", "sendChatAction", "sendMessageDraft"):
        assert sum(f"Bot API method {method} failed" in w for w in warnings) == 1, warnings


async def test_token_never_appears_in_logs(start_bot: StartBot, caplog: pytest.LogCaptureFixture) -> None:
    token = new_token()
    httpx_logger = logging.getLogger("httpx")
    level = httpx_logger.level
    redactor = hide_token(token)  # what `run` does
    caplog.set_level(logging.DEBUG)
    httpx_logger.setLevel(logging.DEBUG)  # httpx logs every request URL, token included, at INFO
    try:
        async with start_bot(token=token) as bot:
            await bot.chat(112).ask("/help")
            await bot.chat(112).ask("a question")
    finally:
        httpx_logger.setLevel(level)
        for handler in logging.getLogger().handlers:
            handler.removeFilter(redactor)

    assert "/getMe" in caplog.text and "/sendMessage" in caplog.text  # requests were logged...
    assert token not in caplog.text  # ...without the token


RUN_BOT = """
import logging
from telegram_fakes import FakeIsnad
from bot.telegram import run
from retrieval.settings import load_settings
logging.basicConfig(level=logging.INFO)
logging.getLogger("telegram.ext.Updater").setLevel(logging.WARNING)
run(load_settings(), service=FakeIsnad())
"""


async def test_run_polls_until_interrupted_and_keeps_the_token_out_of_its_log(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    """`run` itself, as `isnad telegram` calls it: settings from the environment, Ctrl+C to stop."""
    token = new_token()
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "ISNAD_TELEGRAM_API_URL": emulator.url,
        "ISNAD_DATA_DIR": str(tmp_path),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(Path(__file__).parent)]),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_BOT], env=environment, cwd=tmp_path, stderr=subprocess.PIPE, text=True
    )
    try:
        async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http:
            chat = Chat(http, token, user_id=114)
            greeting = await chat.ask("/start", timeout_s=30)
            answer = await chat.ask_html("a question for run()")
    finally:
        process.send_signal(signal.SIGINT)
        log = await asyncio.to_thread(lambda: process.communicate(timeout=30)[1])

    assert greeting.text == texts.GREETING and cites_a_source(answer)
    assert process.returncode == 0
    assert "Application started" in log and token not in log


@pytest.mark.e2e
async def test_real_library_answers_over_the_seed_articles(start_bot: StartBot, tmp_path: Path) -> None:
    isnad = Isnad(load_settings(data_dir=tmp_path / "isnad"))
    async with start_bot(with_service=isnad) as bot:
        chat = bot.chat(113)
        answer = await chat.ask_html("لماذا زار رئيس الأركان السوري موسكو؟", timeout_s=120)
        follow_up = await chat.ask_html("ومتى كان ذلك؟", timeout_s=120)
        sources = await chat.ask("/sources", timeout_s=60)
    titles = [source.title for source in isnad.sources()]

    assert cites_a_source(answer) and "موسكو" in answer.text
    assert follow_up.parse_mode == "HTML"
    assert titles and all(html.escape(title, quote=False) in sources.text for title in titles)
