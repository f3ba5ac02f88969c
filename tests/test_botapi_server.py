"""The local Bot API server (tests/botapi) driven through aiogram's real Bot and HTTP client."""
from __future__ import annotations

import asyncio
import io
import time
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiohttp import web
from PIL import Image

from tests.botapi import BotAPIServer

USER = 555001


def png(width: int = 1600, height: int = 1200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=d, callback_data=d) for d in data]])


@pytest.fixture
async def server():
    async with BotAPIServer() as s:
        yield s


def make_bot(server: BotAPIServer, token: str | None = None) -> Bot:
    return Bot(token or server.token, session=AiohttpSession(api=TelegramAPIServer.from_base(server.base_url)))


@pytest.fixture
async def bot(server):
    b = make_bot(server)
    yield b
    await b.session.close()


async def raw_post(server: BotAPIServer, method: str, **data) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as s:
        async with s.post(f"{server.base_url}/bot{server.token}/{method}", data=data) as resp:
            return resp.status, await resp.json()


async def test_get_me_and_unknown_token(server, bot):
    me = await bot.get_me()
    assert me.is_bot and me.id == 123456789 and me.username == "medcheck_test_bot"
    stranger = make_bot(server, "987654:not-registered")
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()
    await stranger.session.close()


async def test_unknown_method_and_missing_fields(server):
    status, body = await raw_post(server, "sendMesage", chat_id=1, text="x")
    assert (status, body) == (404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})
    assert (await raw_post(server, "SENDMESSAGE", chat_id=1, text="case-insensitive"))[0] == 200
    status, body = await raw_post(server, "sendMessage", chat_id=1)
    assert (status, body["description"]) == (400, "Bad Request: message text is empty")
    status, body = await raw_post(server, "sendMessage", text="hi")
    assert (status, body["description"]) == (400, "Bad Request: chat_id is empty")
    status, body = await raw_post(server, "deleteMessage", chat_id=1)
    assert (status, body["description"]) == (400, 'Bad Request: parameter "message_id" is required')
    status, body = await raw_post(server, "sendMessage", chat_id=1, text="x", reply_markup="{not json")
    assert (status, body["description"]) == (400, "Bad Request: can't parse reply keyboard markup JSON object")


async def test_send_message_roundtrip_is_recorded(server, bot):
    m1 = await bot.send_message(USER, "<b>Pack</b> is <i>genuine</i> &amp; valid", parse_mode="HTML",
                                reply_markup=keyboard("ok", "report"))
    m2 = await bot.send_message(USER, "second")
    other = await bot.send_message(USER + 1, "other chat")
    assert (m1.message_id, m2.message_id, other.message_id) == (1, 2, 1)
    assert m1.text == "Pack is genuine & valid" and m1.from_user.is_bot and m1.chat.type == "private"
    assert [(e.type, e.offset, e.length) for e in m1.entities] == [("bold", 0, 4), ("italic", 8, 7)]
    assert m1.reply_markup.inline_keyboard[0][1].callback_data == "report"
    call = server.sent[0]
    assert (call.method, call.chat_id, call.params["text"]) == ("sendMessage", USER, "<b>Pack</b> is <i>genuine</i> &amp; valid")
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["text"] == "ok"  # JSON field decoded
    assert call.text == "Pack is genuine & valid"
    assert [m["text"] for m in server.messages_to(USER)] == ["Pack is genuine & valid", "second"]


async def test_validation_errors_raise_telegram_bad_request(server, bot):
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "x" * 4097)
    await bot.send_message(USER, "x" * 4096)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "\U0001F48A" * 2049)  # 4098 UTF-16 units
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "")
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "pick", reply_markup=keyboard("d" * 65))
    await bot.send_message(USER, "pick", reply_markup=keyboard("d" * 64))
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_photo(USER, BufferedInputFile(png(50, 50), "p.png"), caption="c" * 1025)
    with pytest.raises(TelegramBadRequest, match="can't parse entities"):
        await bot.send_message(USER, "dose < 5 mg", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="Unsupported start tag \"br\""):
        await bot.send_message(USER, "a<br>b", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match='Unmatched end tag at byte offset 8, expected "</i>"'):
        await bot.send_message(USER, "<b>x<i>y</b></i>", parse_mode="HTML")
    with pytest.raises(TelegramServerError, match="Not Implemented"):  # said loudly, never faked
        await bot.send_message(USER, "*Done*", parse_mode="MarkdownV2")
    spaced = await bot.send_message(USER, "  <b>Done</b>  ", parse_mode="HTML")
    assert spaced.text == "Done" and (spaced.entities[0].offset, spaced.entities[0].length) == (0, 4)
    assert len(server.messages_to(USER)) == 3 and server.calls[0].ok is False


async def test_rate_limit_answers_429_with_retry_after(bot):
    async with BotAPIServer(chat_limit=1, chat_window=0.5, retry_after=3) as limited:
        b = make_bot(limited)
        await b.send_message(USER, "one")
        with pytest.raises(TelegramRetryAfter) as info:
            await b.send_message(USER, "two")
        assert info.value.retry_after == 3 and limited.rate_limited == 1
        await b.send_message(USER + 1, "another chat is not limited")
        await asyncio.sleep(0.55)
        await b.send_message(USER, "window passed")
        await b.session.close()
    async with BotAPIServer(global_limit=3, global_window=10) as limited:
        b = make_bot(limited)
        for chat in range(3):
            await b.send_message(chat + 1, "hi")
        with pytest.raises(TelegramRetryAfter) as info:
            await b.send_message(99, "hi")
        assert info.value.retry_after == 10 and limited.rate_limited == 1
        await b.send_chat_action(99, "typing")  # not a message: not counted
        await b.session.close()


async def test_paid_broadcast_has_its_own_limit_and_costs_stars(bot):
    async with BotAPIServer(global_limit=2, global_window=10, paid_limit=3, paid_window=10,
                            stars_balance=0.4) as limited:
        b = make_bot(limited)
        for chat in range(2):
            await b.send_message(chat + 1, "free")
        with pytest.raises(TelegramRetryAfter):
            await b.send_message(3, "free")
        for chat in range(3):  # the free limit is spent, the paid one is not
            await b.send_message(chat + 1, "paid", allow_paid_broadcast=True)
        with pytest.raises(TelegramRetryAfter):
            await b.send_message(4, "paid", allow_paid_broadcast=True)
        assert limited.paid_messages == 3 and limited.rate_limited == 2
        await b.session.close()
    async with BotAPIServer(stars_balance=0.2) as poor:  # two paid messages, then no Stars left
        b = make_bot(poor)
        for chat in range(2):
            await b.send_message(chat + 1, "paid", allow_paid_broadcast=True)
        with pytest.raises(TelegramBadRequest, match="BALANCE_TOO_LOW"):
            await b.send_message(3, "paid", allow_paid_broadcast=True)
        await b.send_message(3, "free")
        assert poor.paid_messages == 2
        await b.session.close()


async def test_blocked_unreachable_and_injected_faults(server, bot):
    server.block_user(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "hello")
    server.make_chat_unreachable(777)
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(777, "hello")
    server.fail_next("sendMessage", 429, "Too Many Requests: retry after 7")
    with pytest.raises(TelegramRetryAfter) as info:
        await bot.send_message(1, "x")
    assert info.value.retry_after == 7
    await bot.send_message(1, "fault consumed")
    server.fail_next("*", 502, "Bad Gateway", count=2, chat_id=2)
    await bot.send_message(1, "other chat unaffected")
    assert [c.ok for c in server.calls[-1:]] == [True]


async def test_get_file_download_and_too_big(server, bot):
    data = bytes(range(256)) * 40
    ref = server.add_file(data, file_name="register.xlsx")
    file = await bot.get_file(ref.file_id)
    assert file.file_size == len(data) and file.file_path.endswith(".xlsx")
    assert (await bot.download(ref.file_id)).read() == data
    big = server.add_file(b"tiny", size=20 * 1024 * 1024 + 1)
    with pytest.raises(TelegramBadRequest, match="file is too big"):
        await bot.get_file(big.file_id)
    with pytest.raises(TelegramBadRequest, match="invalid file_id"):
        await bot.get_file("nope")


async def test_user_photo_sizes_and_bot_uploads(server, bot):
    image = png(1600, 1200)
    update = server.send_photo(USER, image, caption="my pack")
    sizes = update["message"]["photo"]
    assert [(s["width"], s["height"]) for s in sizes] == [(90, 68), (320, 240), (800, 600), (1280, 960), (1600, 1200)]
    assert (await bot.download(sizes[-1]["file_id"])).read() == image
    thumb = (await bot.download(sizes[0]["file_id"])).read()
    assert Image.open(io.BytesIO(thumb)).size == (90, 68)
    sent = await bot.send_photo(USER, BufferedInputFile(png(40, 30), "code.png"), caption="<b>result</b>", parse_mode="HTML")
    assert sent.caption == "result" and sent.photo[-1].width == 40
    assert server.file_bytes(sent.photo[-1].file_id) == png(40, 30)
    assert (await bot.download(sent.photo[-1].file_id)).read() == png(40, 30)
    again = await bot.send_photo(USER + 1, sizes[-1]["file_id"])  # resend by file_id
    assert again.photo[-1].file_id == sizes[-1]["file_id"]
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(USER, BufferedInputFile(b"not an image", "x.jpg"))
    doc = await bot.send_document(USER, BufferedInputFile(b"a;b\n1;2\n", "report.csv"))
    assert doc.document.file_name == "report.csv" and doc.document.mime_type == "text/csv"
    album = await bot.send_media_group(USER, media=[
        {"type": "photo", "media": BufferedInputFile(png(20, 20), "a.png"), "caption": "front"},
        {"type": "photo", "media": BufferedInputFile(png(30, 20), "b.png")}])
    assert len({m.media_group_id for m in album}) == 1 and album[0].caption == "front"
    assert [m.photo[-1].width for m in album] == [20, 30]


async def test_long_polling_waits_and_confirms(server, bot):
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.3)
    assert not poll.done()
    server.send_text(USER, "/start", language_code="uz")
    updates = await asyncio.wait_for(poll, 2)
    assert time.monotonic() - started < 2
    message = updates[0].message
    assert message.text == "/start" and message.from_user.language_code == "uz"
    assert message.entities[0].type == "bot_command"
    assert [u.update_id for u in await bot.get_updates(timeout=0)] == [updates[0].update_id]  # not confirmed yet
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == []
    started = time.monotonic()
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=1) == []
    assert time.monotonic() - started >= 0.9
    for i in range(3):
        server.send_text(USER, f"m{i}")
    assert [u.message.text for u in await bot.get_updates(limit=2)] == ["m0", "m1"]


async def test_second_poller_terminates_the_first(server, bot):
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.2)
    second = asyncio.create_task(bot.get_updates(timeout=5))
    with pytest.raises(TelegramConflictError, match="terminated by other getUpdates"):
        await asyncio.wait_for(first, 2)
    server.send_text(USER, "hi")
    assert len(await asyncio.wait_for(second, 2)) == 1


async def test_edit_rules(server, bot):
    sent = await bot.send_message(USER, "checking", reply_markup=keyboard("a"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("checking", chat_id=USER, message_id=sent.message_id, reply_markup=keyboard("a"))
    edited = await bot.edit_message_text("done", chat_id=USER, message_id=sent.message_id)
    assert edited.text == "done" and edited.reply_markup is None  # Telegram drops the keyboard
    await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id, reply_markup=keyboard("b"))
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=99)
    user_msg = server.send_text(USER, "mine")["message"]
    with pytest.raises(TelegramBadRequest, match="message can't be edited"):
        await bot.edit_message_text("x", chat_id=USER, message_id=user_msg["message_id"])
    assert await bot.delete_message(USER, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    copied = await bot.copy_message(USER + 1, USER, user_msg["message_id"])
    assert server.messages_to(USER + 1)[0]["text"] == "mine" and copied.message_id == 1
    forwarded = await bot.forward_message(USER + 1, USER, user_msg["message_id"])
    assert forwarded.forward_origin.sender_user.id == USER


async def test_forum_topics(server, bot):
    group = -1001234567890
    with pytest.raises(TelegramBadRequest, match="the chat is not a forum"):
        await bot.create_forum_topic(group, "Complaint #1")
    server.add_chat(group, title="Moderators", is_forum=True)
    topic = await bot.create_forum_topic(group, "Complaint #1")
    msg = await bot.send_message(group, "details", message_thread_id=topic.message_thread_id)
    assert msg.message_thread_id == topic.message_thread_id and msg.is_topic_message
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(group, "x", message_thread_id=999)
    assert await bot.close_forum_topic(group, topic.message_thread_id)
    update = server.send_in_topic(group, topic.message_thread_id, USER, "reply from moderator")
    assert update["message"]["message_thread_id"] == topic.message_thread_id
    assert update["message"]["chat"]["is_forum"] is True


async def test_commands_chat_and_callback_answers(server, bot):
    await bot.set_my_commands([{"command": "start", "description": "Start"}], language_code="ru")
    assert server.commands[('{"type": "default"}', "ru")] == [{"command": "start", "description": "Start"}]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([{"command": "Bad-Cmd", "description": "x"}])
    chat = await bot.get_chat(USER)
    assert chat.type == "private" and chat.id == USER
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("123")
    sent = await bot.send_message(USER, "choose", reply_markup=keyboard("yes", "no"))
    with pytest.raises(ValueError):
        server.press_button(USER, sent.model_dump(), "maybe")
    query = server.press_button(USER, server.sent[-1], "yes")["callback_query"]
    assert query["message"]["message_id"] == sent.message_id and query["data"] == "yes"
    assert await bot.answer_callback_query(query["id"], text="ok")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query["id"])
    assert server.callback_answers[query["id"]]["text"] == "ok"


async def test_dispatcher_polling_end_to_end(server, bot):
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(f"Hi {message.from_user.first_name}", reply_markup=keyboard("lang:uz"))

    @dp.callback_query(F.data.startswith("lang:"))
    async def lang(query: CallbackQuery) -> None:
        await query.answer("saved")
        await query.message.edit_text("Language saved")

    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False, polling_timeout=2))
    try:
        server.send_command(USER, "start", first_name="Dilnoza")
        [reply] = await server.wait_for(USER)
        assert reply.text == "Hi Dilnoza"
        server.press_button(USER, reply, "lang:uz")
        [edit] = await server.wait_for("editMessageText")
        assert edit.result["text"] == "Language saved"
        assert server.messages_to(USER)[0]["text"] == "Language saved"
        with pytest.raises(TimeoutError, match="got 0"):
            await server.wait_for(USER, timeout=0.3)  # both answers were consumed
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(polling, 5)


@asynccontextmanager
async def receiving(hook):
    """A local HTTP server that answers every POST to /hook with `hook`; yields its URL."""
    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}/hook"
    finally:
        await runner.cleanup()


async def test_webhook_delivery_with_secret_retries_and_conflict(server, bot):
    received: list[tuple[dict, str | None]] = []
    statuses = iter([500, 200, 200, 200])

    async def hook(request: web.Request) -> web.Response:
        received.append((await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token")))
        return web.json_response({}, status=next(statuses))

    async with receiving(hook) as url:
        server.webhook_retry_delay = 0.05
        assert await bot.set_webhook(url, secret_token="s3cr3t_token")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        server.send_text(USER, "via webhook")
        for _ in range(100):
            if len(received) >= 2:
                break
            await asyncio.sleep(0.02)
        assert [(u["message"]["text"], secret) for u, secret in received] == [("via webhook", "s3cr3t_token")] * 2
        info = await bot.get_webhook_info()
        assert info.pending_update_count == 0 and "500" in info.last_error_message
        assert await bot.delete_webhook()
        server.send_text(USER, "polling again")
        assert (await bot.get_updates())[0].message.text == "polling again"


async def test_webhook_reply_method_is_reported_not_emulated(server, bot):
    async def hook(request: web.Request) -> web.Response:
        update = await request.json()
        return web.json_response({"method": "sendMessage", "chat_id": update["message"]["chat"]["id"], "text": "pong"})

    async with receiving(hook) as url:
        await bot.set_webhook(url)
        server.send_text(USER, "ping")
        for _ in range(100):
            if server.calls[-1].via == "webhook-reply":
                break
            await asyncio.sleep(0.02)
        assert (server.calls[-1].error_code, server.calls[-1].via) == (501, "webhook-reply")
        assert server.pending_updates == []
