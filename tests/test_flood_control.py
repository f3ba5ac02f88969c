"""Flood control end to end: the bot speaks only in private chats and the staff chat, counts requests per
user and per chat (an album is one), and tells whoever goes over when to come back, once.

Through the local Bot API server, on SQLite by long polling and on PostgreSQL by webhook.
"""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from core.i18n import Translator
from core.settings import Settings
from tests.botapi.server import is_message_method, parse_html
from tests.harness import running_bot

SUPPORT, STRANGERS_GROUP = -1001500000001, -1001777000001
ADMIN, CITIZEN = 900001, 700101
I18N = Translator()
HELP = parse_html(I18N("en", "help-text"))[0]
WAIT = re.compile(r"Too many messages at once\. Please wait (\d+) seconds?")


@pytest.fixture
def start_bot(db, botapi):
    """Start the bot with the forum support chat configured (and flood control as the test says)."""
    botapi.add_chat(SUPPORT, is_forum=True, title="Support desk")
    mode = "polling" if db.url.startswith("sqlite") else "webhook"
    return lambda **overrides: running_bot(db, mode=mode, server=botapi, support_chat_id=SUPPORT,
                                           admin_ids=frozenset({ADMIN}), **overrides)


def blank_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 200), (250, 250, 250)).save(out, "JPEG")
    return out.getvalue()


def texts(calls) -> list[str]:
    return [c.text for c in calls]


async def quiet(server, chat_id: int, seconds: float = 1.0) -> None:
    """Nothing more reaches that chat."""
    with pytest.raises(TimeoutError):
        await server.wait_for(chat_id, timeout=seconds)


async def test_a_group_that_is_not_a_staff_chat_hears_nothing_and_is_left(start_bot, botapi):
    server = botapi
    async with start_bot() as tg:
        server.add_chat(STRANGERS_GROUP, title="Free pills")  # someone added the bot to their group
        for _ in range(60):
            server.send_text(CITIZEN, "/help", chat_id=STRANGERS_GROUP)
        [left] = await server.wait_for("leaveChat")
        assert left.params["chat_id"] == STRANGERS_GROUP
        [reply] = await tg.ask(CITIZEN, "/help")  # the same person in private: answered as always
        assert reply.text == HELP
        server.send_text(ADMIN, "/help", chat_id=SUPPORT)  # the staff chat is answered
        [in_support] = await server.wait_for(SUPPORT)
        assert in_support.text == HELP
        await quiet(server, STRANGERS_GROUP)
    assert not [c for c in server.calls if is_message_method(c.method) and c.chat_id == STRANGERS_GROUP]
    assert server.method_counts["leaveChat"] == 1


async def test_a_staff_chat_is_throttled_per_chat_too(start_bot, botapi):
    server = botapi
    async with start_bot(user_rate_per_minute=3):
        for user in range(700201, 700205):  # four people, one /help each: no one is over on their own
            server.send_text(user, "/help", chat_id=SUPPORT)
        replies = await server.wait_for(SUPPORT, count=4)
        assert sorted(bool(WAIT.match(text)) for text in texts(replies)) == [False, False, False, True]
        assert texts(replies).count(HELP) == 3
        server.send_text(ADMIN, "/help", chat_id=SUPPORT)  # staff are not counted
        [reply] = await server.wait_for(SUPPORT)
        assert reply.text == HELP
        await quiet(server, SUPPORT)


async def test_over_the_limit_the_user_is_told_once_when_to_come_back(start_bot, botapi):
    server = botapi
    async with start_bot(user_rate_per_minute=3) as tg:
        await tg.ask(CITIZEN, "/start")
        await tg.ask(CITIZEN, "/help")
        await tg.ask(CITIZEN, "/help")
        server.send_document(CITIZEN, b"%PDF-1.4 not a photo", file_name="leaflet.pdf")
        server.send_document(CITIZEN, b"\xff\xd8\xff broken", file_name="IMG_1.jpg", mime_type="image/jpeg")
        server.send_text(CITIZEN, "/history")
        server.send_photo(CITIZEN, blank_jpeg())
        [told] = await server.wait_for(CITIZEN)
        seconds = int(WAIT.match(told.text).group(1))
        assert 1 <= seconds <= 60
        await quiet(server, CITIZEN)  # once, not once per message
        [reply] = await tg.ask(700102, "/help")  # someone else is not held back
        assert reply.text == HELP


async def test_an_album_is_one_request(start_bot, botapi):
    server = botapi
    async with start_bot(user_rate_per_minute=3) as tg:
        await tg.ask(CITIZEN, "/start")
        for _ in range(10):
            server.send_photo(CITIZEN, blank_jpeg(), media_group_id="album-1")
        [album] = await server.wait_for(CITIZEN, timeout=30)
        assert "10" in album.text  # one answer for the ten photos
        [reply] = await tg.ask(CITIZEN, "/help")
        assert reply.text == HELP
        [told] = await tg.ask(CITIZEN, "/help")
        assert WAIT.match(told.text)


async def test_a_busy_honest_minute_at_the_default_rate(start_bot, botapi):
    server = botapi
    default = Settings.model_fields["user_rate_per_minute"].default
    async with start_bot(user_rate_per_minute=default) as tg:
        await tg.ask(CITIZEN, "/start")
        for _ in range(10):
            server.send_photo(CITIZEN, blank_jpeg(), media_group_id="album-2")
        await server.wait_for(CITIZEN, timeout=30)
        for _ in range(25):  # one request every two seconds or so, for a minute
            server.send_text(CITIZEN, "/help")
        replies = await server.wait_for(CITIZEN, count=25, timeout=30)
        assert texts(replies) == [HELP] * 25
        await quiet(server, CITIZEN)
