"""End to end: the real bot `Application` against the Bot API emulator, played by emulated users.

The emulator lacks some Bot API methods the bot uses: setMyCommands, sendChatAction and
sendMessageDraft (see `test_missing_bot_api_methods_are_survived_and_reported_once`). It stores
`reply_parameters` without acting on them, so the tests read them back to check quoting. Inline mode is
added to it by the launcher (`telegram_emulator.cjs`), so inline queries travel the same way as messages.
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
import threading
import time
from pathlib import Path

import httpx
import pytest
from reading import reading_problems, visible_text
from telegram import Update
from telegram_emulator import BOT_USERNAME, REPO_ROOT, BotMessage, Chat, EmulatorProcess, StartBot, new_token
from telegram_fakes import CITATION, LONG_ANSWER_ARTICLES, SOURCES, FakeIsnad

from bot.telegram import texts
from bot.telegram.direction import strip_isolates
from bot.telegram.redaction import hide_token
from bot.telegram.render import render_answer
from bot.telegram.split import MAX_MESSAGE_LENGTH, pack_messages, utf16_length
from retrieval.service import Isnad
from retrieval.settings import load_settings

pytestmark = pytest.mark.anyio

LATIN = re.compile(r"[A-Za-z]")
WAIT = re.compile(r"Ask again in (\d+) s")


def seen(message: BotMessage) -> str:
    """What the user reads: the visible text, without the invisible direction marks."""
    return strip_isolates(visible_text(message.text) if message.parse_mode == "HTML" else message.text)


def cites_a_source(reply: BotMessage) -> bool:
    """An HTML answer with a numbered source and its quote."""
    return (
        reply.parse_mode == "HTML"
        and re.search(r"^\[1\] ", seen(reply), re.MULTILINE) is not None
        and "<blockquote>" in reply.text
    )


def wait_told(reply: BotMessage) -> int:
    """The seconds a rate-limited user is told to wait (English replies)."""
    match = WAIT.search(seen(reply))
    assert match, reply.text
    return int(match.group(1))


# Talking to the bot


async def test_start_greets_in_the_users_language(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        unknown = await bot.chat(101).ask("/start")
        arabic = await bot.chat(131, language_code="ar").ask("/start")
        english = await bot.chat(132, language_code="en").ask("/start")

    assert unknown.text == texts.GREETING(None)
    assert "مرحبًا" in unknown.text and "Hello" in unknown.text
    assert arabic.text == texts.GREETING("ar") and "Hello" not in arabic.text
    assert english.text == texts.GREETING("en") and "مرحبًا" not in english.text


async def test_webhook_mode_with_a_secret_token(start_bot: StartBot) -> None:
    async with start_bot(webhook=True, webhook_secret="s3cret-token_") as bot:
        greeting = await bot.chat(121).ask("/start")
        answer = await bot.chat(122).ask("a question by webhook")

    assert greeting.text == texts.GREETING(None)
    assert cites_a_source(answer)


async def test_question_is_answered_with_a_citation_then_a_follow_up(start_bot: StartBot, service: FakeIsnad) -> None:
    async with start_bot() as bot:
        chat = bot.chat(102)
        first = await chat.ask("ما مستقبل القواعد الروسية في سوريا؟")
        follow_up = await chat.ask("ومتى بدأت المحادثات؟")

    assert cites_a_source(first) and cites_a_source(follow_up)
    assert seen(first).startswith("Answer to: ما مستقبل القواعد الروسية في سوريا؟ [1]\n\nالمصادر\n[1] ")
    assert seen(first).count(CITATION.quote) == 1  # the quote once, under its article
    assert "16 نوفمبر 2025" in seen(first)  # the article's date, in the answer's language
    assert reading_problems(visible_text(first.text), (CITATION.quote,)) == []
    if isinstance(service, FakeIsnad):
        assert "(after: ما مستقبل القواعد الروسية في سوريا؟)" in seen(follow_up)
        assert [len(history) for _, history in service.calls] == [0, 1]


async def test_history_survives_a_restart_and_reset_clears_it(
    start_bot: StartBot, service: FakeIsnad, tmp_path: Path
) -> None:
    async with start_bot(data_dir=tmp_path) as bot:
        await bot.chat(103).ask("first question")
    async with start_bot(data_dir=tmp_path) as bot:
        chat = bot.chat(103)
        after_restart = await chat.ask("second question")
        assert (await chat.ask("/reset")).text == texts.RESET_DONE(None)
        after_reset = await chat.ask("third question")

    assert "(after: first question)" in seen(after_restart)
    assert "(after:" not in seen(after_reset)


async def test_sources_lists_articles_with_dates(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        reply = await bot.chat(104, language_code="en").ask("/sources")

    assert reply.parse_mode == "HTML"
    assert seen(reply).splitlines() == [
        "Sources (2)",
        "",
        f"[1] {SOURCES[0].title} — عنب بلدي, 3 October 2025",
        "",
        f"[2] {SOURCES[1].title} — {SOURCES[1].outlet}, 16 November 2025",
    ]


async def test_timeline_and_usage_messages(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        chat = bot.chat(105, language_code="ar")
        timeline = await chat.ask("/timeline القواعد الروسية")
        usage = await chat.ask("/timeline")
        ask_usage = await chat.ask("/ask")
        unknown = await chat.ask("/frobnicate")

    assert seen(timeline).splitlines()[2:5] == [
        "16 November 2025 [1]",
        f"«{CITATION.quote}»",
        f"[1] {CITATION.title} — {CITATION.outlet}، 16 نوفمبر 2025",
    ]
    assert (usage.text, ask_usage.text, unknown.text) == (
        texts.TIMELINE_USAGE("ar"),
        texts.ASK_USAGE("ar"),
        texts.UNKNOWN_COMMAND("ar"),
    )


async def test_long_answer_is_split_between_articles_under_the_limit(start_bot: StartBot, service: FakeIsnad) -> None:
    async with start_bot() as bot:
        chat = bot.chat(106)
        question_id = await chat.send("please give a long answer")
        expected = pack_messages(render_answer(service.answer("please give a long answer")))
        parts = await chat.replies_to(question_id, count=len(expected))
        await asyncio.sleep(0.3)  # nothing more should come
        assert len(await chat.bot_messages()) == len(expected)

    assert len(parts) >= 3
    assert [p.reply_to for p in parts] == [question_id] + [None] * (len(parts) - 1)  # the first quotes the question
    assert all(p.parse_mode == "HTML" and utf16_length(p.text) <= MAX_MESSAGE_LENGTH for p in parts)
    assert [p.text for p in parts] == expected
    for n in range(1, LONG_ANSWER_ARTICLES + 1):  # each article's heading and its three quotes in one message
        holding = [p for p in parts if f"({n}." in seen(p)]
        assert len(holding) == 1 and seen(holding[0]).count(f"({n}.") == 3
        assert re.search(rf"^\[{n}\] مقال رقم {n} ", seen(holding[0]), re.MULTILINE)


async def test_long_timeline_is_split_between_items_each_with_its_source(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        chat = bot.chat(115, language_code="en")
        question_id = await chat.send("/timeline a long topic")
        parts = await chat.replies_to(question_id, count=2)
        await asyncio.sleep(0.3)
        parts = [m for m in await chat.bot_messages() if m.message_id >= parts[0].message_id]

    items = 0
    for part in parts:
        lines = seen(part).split("\n\n")
        blocks = lines[1:] if part is parts[0] else lines  # the first message opens with the topic
        for block in blocks:
            date, quote, source = block.split("\n")
            assert re.fullmatch(r"\d+ October 2025 \[\d\]", date), block
            assert quote.startswith("«") and re.fullmatch(r"\[\d\] .* — سانا & وكالات, 16 November 2025", source)
            assert date.split()[-1] == source.split()[0]  # the item's number is its source's number
            items += 1
    assert len(parts) >= 2 and items == 30


# Access


async def test_access_rule_for_private_chats_groups_and_inline_queries_both_ways(
    start_bot: StartBot, service: FakeIsnad
) -> None:
    listed_user, listed_group = 107, -100500
    async with start_bot(allowed_ids=frozenset({listed_user, listed_group})) as bot:
        private_ok = await bot.chat(listed_user).ask("an allowed question")
        stranger = bot.chat(999)
        refusal = await stranger.ask("may I ask?")
        await stranger.send("/start")
        await stranger.send("hello again")
        # A listed user in a group that is not listed: the group's members would read the answer.
        other_group = bot.chat(listed_user, chat_id=-100600, chat_type="supergroup")
        group_refusal = await other_group.ask("/ask what happened?")
        await other_group.send(f"@{BOT_USERNAME} and now?")
        await other_group.send("chatter not for the bot")
        # A member who is not listed, in the listed group.
        group_ok = await bot.chat(999, chat_id=listed_group, chat_type="supergroup").ask("/ask a group question")
        inline_ok = await bot.chat(listed_user).inline_query("an inline question")
        inline_refused = await stranger.inline_query("a stranger's inline question")
        ok_answer = await bot.chat(listed_user).inline_answer(inline_ok)
        refused_answer = await stranger.inline_answer(inline_refused)
        await asyncio.sleep(0.3)
        stranger_messages = await stranger.bot_messages()
        other_group_messages = await other_group.bot_messages()

    assert cites_a_source(private_ok) and cites_a_source(group_ok)
    assert refusal.text == texts.NOT_ALLOWED_USER("en", id=999) and "999" in seen(refusal)
    assert stranger_messages == [refusal]  # told once, then nothing for a day
    assert group_refusal.text == texts.NOT_ALLOWED_GROUP("en", id=-100600) and "-100600" in seen(group_refusal)
    assert other_group_messages == [group_refusal]
    assert "Answer to: an inline question" in ok_answer["results"][0]["title"]
    assert refused_answer["results"][0]["input_message_content"]["message_text"] == texts.NOT_ALLOWED_USER("en", id=999)
    assert refused_answer["is_personal"] is True
    if isinstance(service, FakeIsnad):
        asked = [question for question, _ in service.calls]
        assert sorted(asked) == ["a group question", "an allowed question", "an inline question"]


async def test_button_presses_follow_the_access_rule(start_bot: StartBot) -> None:
    async with start_bot(allowed_ids=frozenset({108})) as bot:
        allowed, stranger = bot.chat(108), bot.chat(998, language_code="ar")
        greeting = await allowed.ask("/start")
        await allowed.press("old-button", on=greeting)
        await stranger.press("old-button", on=greeting)
        await stranger.press("old-button", on=greeting)
        deadline = time.monotonic() + 10
        while len(answers := await allowed.answers("answerCallbackQuery")) < 3 and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        stranger_messages = await stranger.bot_messages()

    assert len(answers) == 3
    acknowledged, refused, refused_again = sorted(answers, key=lambda a: int(a["callback_query_id"]))
    assert "text" not in acknowledged  # a plain acknowledgement
    assert refused["text"] == texts.NOT_ALLOWED_USER("ar", id=998) and refused["show_alert"] in (True, "true")
    assert "text" not in refused_again  # told once a day; the button still stops spinning
    assert stranger_messages == []


# Limits


async def test_rate_limit_says_how_long_to_wait_and_never_drops_a_question(start_bot: StartBot) -> None:
    async with start_bot(questions_per_minute=2) as bot:
        chat = bot.chat(109)
        answered = [await chat.ask(f"question {i}") for i in range(2)]
        refused = [await chat.ask(f"question {i}") for i in range(2, 5)]
        group = bot.chat(109, chat_id=-100109, chat_type="supergroup")  # the same user, in a group
        in_group = [await group.ask(f"/ask group question {i}") for i in range(3)]
        in_private_again = await chat.ask("question 5")
        messages = await chat.bot_messages()

    assert all(cites_a_source(r) for r in answered)
    waits = [wait_told(r) for r in refused]  # every question over the limit is answered with the wait
    assert all(50 <= w <= 60 for w in waits) and waits == sorted(waits, reverse=True)
    assert [cites_a_source(r) for r in in_group] == [True, True, False]  # groups have their own allowance
    assert 50 <= wait_told(in_group[2]) <= 60
    assert not cites_a_source(in_private_again)
    assert len(messages) == 6  # one reply to every private message, none lost


async def test_inline_query_offers_the_answer_with_its_citations(start_bot: StartBot, service: FakeIsnad) -> None:
    async with start_bot() as bot:
        chat = bot.chat(150, language_code="en")
        query_id = await chat.inline_query("When did al-Sharaa visit Moscow?")
        answer = await chat.inline_answer(query_id)
        long_id = await chat.inline_query("please give a long answer")
        long_answer = await chat.inline_answer(long_id)

    (result,) = answer["results"]
    content = result["input_message_content"]
    shown = strip_isolates(visible_text(content["message_text"]))
    assert result["type"] == "article" and result["title"] == "Answer to: When did al-Sharaa visit Moscow? [1]"
    assert content["parse_mode"] == "HTML"
    assert shown.startswith("Answer to: When did al-Sharaa visit Moscow? [1]\n\nSources\n[1] ")
    assert CITATION.quote in shown and "16 November 2025" in shown
    assert result["description"].startswith(f"[1] {CITATION.title}")
    assert answer["is_personal"] is True
    assert reading_problems(visible_text(content["message_text"]), (CITATION.quote,)) == []
    long_text = long_answer["results"][0]["input_message_content"]["message_text"]
    assert utf16_length(long_text) <= MAX_MESSAGE_LENGTH
    assert strip_isolates(visible_text(long_text)).endswith("The whole answer: ask me in a private chat.")


async def test_inline_queries_are_answered_once_the_user_stops_typing(start_bot: StartBot, service: FakeIsnad) -> None:
    async with start_bot() as bot:
        chat = bot.chat(151)
        ids = [await chat.inline_query(text) for text in ("Wh", "When did", "When did it happen?")]
        final = await chat.inline_answer(ids[-1])
        await asyncio.sleep(1.0)  # the earlier queries would have been answered by now
        answered = {str(a["inline_query_id"]) for a in await chat.answers("answerInlineQuery")}

    assert answered == {ids[-1]}
    assert "When did it happen?" in final["results"][0]["title"]
    if isinstance(service, FakeIsnad):
        assert [question for question, _ in service.calls] == ["When did it happen?"]


async def test_inline_queries_are_rate_limited_with_the_wait(start_bot: StartBot) -> None:
    async with start_bot(questions_per_minute=1) as bot:
        chat = bot.chat(152)
        first = await chat.inline_answer(await chat.inline_query("first inline question"))
        second = await chat.inline_answer(await chat.inline_query("second inline question"))

    assert "first inline question" in first["results"][0]["title"]
    text = strip_isolates(second["results"][0]["input_message_content"]["message_text"])
    assert text.startswith("Please slow down") and 50 <= int(WAIT.search(text).group(1)) <= 60


# Groups


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
    assert "Answer to: what happened in Damascus?" in seen(by_ask)
    assert "Answer to: and in Moscow?" in seen(by_mention)


async def test_group_follow_ups_are_read_per_user_or_per_thread(start_bot: StartBot) -> None:
    async with start_bot() as bot:
        alice = bot.chat(311, chat_id=-100310, chat_type="supergroup")
        bob = bot.chat(312, chat_id=-100310, chat_type="supergroup")
        alice_first = await alice.ask("/ask alice's question")
        await bob.ask("/ask bob's question")
        alice_follow_up = await alice.ask("/ask alice's follow-up")
        bob_in_alice_thread = (await bob.replies_to(await bob.send("and then?", reply_to=alice_first)))[0]
        bob_follow_up = await bob.ask("/ask bob's follow-up")

    assert "(after: alice's question)" in seen(alice_follow_up)  # not bob's, asked in between
    assert "(after: alice's question)" in seen(bob_in_alice_thread)  # the thread he replied to
    assert "(after: and then?)" in seen(bob_follow_up)  # bob's own last question


# Languages, failures and odd input


async def test_an_arabic_chat_is_answered_in_arabic(start_bot: StartBot) -> None:
    async with start_bot(questions_per_minute=3) as bot:
        chat = bot.chat(116, language_code="ar")
        sticker = await chat.replies_to(
            await chat.send(None, voice={"file_id": "v", "file_unique_id": "u", "duration": 2})
        )
        too_long = await chat.ask("س" * 5000)
        answered = await chat.ask("ما الخبر؟")
        slow_down = await chat.ask("وماذا بعد؟")

    assert sticker[0].text == texts.TEXT_ONLY("ar")
    assert too_long.text == texts.TOO_LONG("ar", length="5,000", limit="2,000")
    assert cites_a_source(answered)
    assert any(slow_down.text == texts.SLOW_DOWN("ar", limit=3, seconds=n) for n in range(50, 61)), slow_down.text
    for reply in (too_long, slow_down, sticker[0]):
        assert not LATIN.search(reply.text), reply.text
    assert reading_problems(too_long.text) == []


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
        assert (await chat.replies_to(await chat.send(None, **sticker)))[0].text == texts.TEXT_ONLY(None)
        assert (await chat.replies_to(await chat.send(None, **voice)))[0].text == texts.TEXT_ONLY(None)
        too_long = await chat.ask("why " * 2500)
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

    assert too_long.text == texts.TOO_LONG("en", length="9,999", limit="2,000") and too_long.parse_mode is None
    assert cites_a_source(french)
    assert apology.text == texts.APOLOGY("en")
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


async def test_private_answers_grow_while_streaming(start_bot: StartBot) -> None:
    slow = FakeIsnad(chunks=6, chunk_delay_s=0.25)
    async with start_bot(with_service=slow, stream="draft", stream_interval_s=0.2) as bot:
        chat = bot.chat(108)
        question_id = await chat.send("a question with a streamed answer")
        seen_first = await chat.wait_for(lambda messages: any(m.text and m.parse_mode is None for m in messages))
        final = await chat.wait_for(lambda messages: any(cites_a_source(m) for m in messages))

    preview = seen_first[0]
    full_text = slow.answer("a question with a streamed answer").text
    assert preview.reply_to == question_id
    assert full_text.startswith(preview.text) and len(preview.text) < len(full_text)  # part of the text, plain
    assert len(final) == 1 and final[0].message_id == preview.message_id and final[0].edited
    assert seen(final[0]).startswith("Answer to: a question with a streamed answer [1]")


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
                assert f"Answer to: user {user} question {i}" in seen(reply)
    if isinstance(service, FakeIsnad):
        assert len(service.calls) == 30
        for question, history in service.calls:
            asker = question.split()[1]
            assert all(turn.question.split()[1] == asker for turn in history)  # no history crossed chats
            assert len(history) <= 3


# Running it


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


def bot_environment(emulator: EmulatorProcess, token: str, data_dir: Path) -> dict[str, str]:
    """The environment of a bot process: the tests' own (cleared of ISNAD_*), the token and the emulator."""
    return {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token,
        "ISNAD_TELEGRAM_API_URL": emulator.url,
        "ISNAD_DATA_DIR": str(data_dir),
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(Path(__file__).parent)]),
    }


async def test_run_polls_until_interrupted_and_keeps_the_token_out_of_its_log(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    """`run` itself: settings from the environment, Ctrl+C to stop."""
    token = new_token()
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_BOT],
        env=bot_environment(emulator, token, tmp_path),
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http:
            chat = Chat(http, token, user_id=114)
            greeting = await chat.ask("/start", timeout_s=30)
            answer = await chat.ask_html("a question for run()")
    finally:
        process.send_signal(signal.SIGINT)
        log = await asyncio.to_thread(lambda: process.communicate(timeout=30)[1])

    assert greeting.text == texts.GREETING(None) and cites_a_source(answer)
    assert process.returncode == 0
    assert "Application started" in log and token not in log


async def test_isnad_telegram_says_who_and_how_at_the_default_log_level(
    emulator: EmulatorProcess, tmp_path: Path
) -> None:
    """`isnad telegram` as a user runs it, with no log level set: one line says that it runs, and how."""
    token = new_token()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli.main", "telegram"],
        env=bot_environment(emulator, token, tmp_path / "data"),
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    started = threading.Event()

    def read_log() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            lines.append(line)
            if "is running" in line:
                started.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        assert await asyncio.to_thread(started.wait, 60), "".join(lines)
        async with httpx.AsyncClient(base_url=emulator.url, timeout=10) as http:
            greeting = await Chat(http, token, user_id=117).ask("/start", timeout_s=30)
    finally:
        process.send_signal(signal.SIGINT)
        await asyncio.to_thread(process.wait, 30)
        reader.join(timeout=10)

    (startup,) = [line for line in lines if "is running" in line]
    assert startup.strip() == (
        f"INFO bot.telegram.app: Telegram bot @{BOT_USERNAME} is running: long polling; data folder "
        f"{tmp_path / 'data'}; store embedded in {tmp_path / 'data' / 'chroma'}; answerer extractive"
    )
    assert greeting.text == texts.GREETING(None)
    assert token not in "".join(lines)
    assert not any(line.startswith("INFO") and line is not startup for line in lines)  # otherwise quiet


@pytest.mark.e2e
async def test_real_library_answers_over_the_seed_articles_read_right(start_bot: StartBot, tmp_path: Path) -> None:
    isnad = Isnad(load_settings(_env_file=None, data_dir=tmp_path / "isnad"))
    async with start_bot(with_service=isnad) as bot:
        chat = bot.chat(113)
        arabic = await chat.ask_html("لماذا زار رئيس الأركان السوري موسكو؟", timeout_s=120)
        follow_up = await chat.ask_html("ومتى كان ذلك؟", timeout_s=120)
        english = await chat.ask_html("When did al-Sharaa visit Moscow?", timeout_s=120)
        sources = await chat.ask("/sources", timeout_s=60)
    titles = [source.title for source in isnad.sources()]
    quotes = tuple(c.quote for q in ("لماذا زار رئيس الأركان السوري موسكو؟",) for c in isnad.answer(q).citations)
    quotes += tuple(c.quote for c in isnad.answer("When did al-Sharaa visit Moscow?").citations)

    assert cites_a_source(arabic) and "موسكو" in seen(arabic)
    assert cites_a_source(english) and "October 2025" in seen(english)
    assert follow_up.parse_mode == "HTML"
    assert titles and all(html.escape(title, quote=False) in sources.text for title in titles)
    for reply in (arabic, english, follow_up):
        assert reading_problems(visible_text(reply.text), quotes) == []
