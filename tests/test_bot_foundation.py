"""The bot's plumbing end to end: languages, the update log, a database that is down, flood control."""
from __future__ import annotations

import asyncio
import logging
import re

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from bot.middlewares import hash_user, log_hash_key
from core.db import Database
from core.i18n import Translator
from core.migrate import upgrade
from tests.botapi.server import parse_html
from tests.conftest import drop_postgres, fresh_postgres_url
from tests.harness import running_bot

I18N = Translator()
# aiogram's FSM middleware (our SQL storage) runs before ours and meets a dead database first: the user
# gets "error-generic" in English and no update log line. Fixed by registering dp.fsm after our
# middlewares in bot/app.py (see the check issue's report); then remove this marker.
LOG_LINE = re.compile(r"update=\d+ kind=(\w+) user=(\S+) handler=(\S+) outcome=(\S+) ms=(\d+)")


def words(lang: str, key: str) -> str:
    return parse_html(I18N(lang, key))[0]


async def test_start_in_each_language(tg):
    users = {"uz": 6001, "ru": 6002, "ky": 6003, "en": 6004}
    for lang, user in users.items():
        tg.server.send_text(user, "/start", language_code=lang)
    for lang, user in users.items():
        [reply] = await tg.server.wait_for(user)
        assert reply.text == words(lang, "start-welcome")
    # A language we do not speak falls back to the default; a regional variant finds its language.
    [reply] = await tg.ask(6005, "/start", language_code="de")
    assert reply.text == words("en", "start-welcome")
    [reply] = await tg.ask(6006, "/help", language_code="ru-RU")
    assert reply.text == words("ru", "help-text")


async def _log_lines(caplog, count: int, timeout: float = 5) -> list[tuple[str, ...]]:
    # The line is written when the update is done, a moment after the reply went out.
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        lines = [LOG_LINE.search(r.getMessage()) for r in caplog.records if r.name == "medcheck.updates"]
        lines = [m.groups() for m in lines if m]
        if len(lines) >= count or asyncio.get_running_loop().time() > deadline:
            return lines
        await asyncio.sleep(0.05)


async def test_one_log_line_per_update_with_a_hashed_user(tg, caplog):
    caplog.set_level(logging.INFO, logger="medcheck.updates")
    user = 6101234567
    await tg.ask(user, "/start")
    await tg.ask(user, "not a code at all")
    lines = await _log_lines(caplog, 2)
    key = log_hash_key(tg.services.settings)
    assert [(kind, who, handler, outcome) for kind, who, handler, outcome, _ms in lines] == [
        ("message", hash_user(user, key), "start.start", "ok"),
        ("message", hash_user(user, key), "check.text", "not_a_code:not_a_code"),
    ]
    assert all(str(user) not in r.getMessage() for r in caplog.records)  # never the raw Telegram id


async def test_database_down_gets_a_polite_answer_on_postgres(botapi, tmp_path):
    url, name = await fresh_postgres_url()
    db = Database(url)
    try:
        await upgrade(db)
        async with running_bot(db, mode="webhook", server=botapi) as tg:
            [reply] = await tg.ask(6201, "/start", language_code="ru")
            assert reply.text == words("ru", "start-welcome")
            await drop_postgres(name)  # the database disappears under the running bot
            [reply] = await tg.ask(6201, "/start", language_code="ru")
            assert reply.text == words("ru", "service-unavailable")
            [reply] = await tg.ask(6202, "4780181590830", language_code="uz")
            assert reply.text == words("uz", "service-unavailable")
    finally:
        await db.close()
        await drop_postgres(name)


async def test_database_down_gets_a_polite_answer_on_sqlite(botapi, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="medcheck.updates")
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    try:
        await upgrade(db)
        async with running_bot(db, server=botapi) as tg:
            # The disk goes away: the same Database object now reaches a file that cannot be opened.
            await db.engine.dispose()
            db.engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'gone' / 'bot.db'}")
            db.sessions = async_sessionmaker(db.engine, expire_on_commit=False)
            [reply] = await tg.ask(6301, "/history", language_code="ky")
            assert reply.text == words("ky", "service-unavailable")
            lines = await _log_lines(caplog, 1)
            assert lines[-1][3] == "db_down"
    finally:
        await db.close()


async def test_a_flood_is_throttled_with_one_message(botapi, tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    try:
        await upgrade(db)
        async with running_bot(db, server=botapi, user_rate_per_minute=3) as tg:
            await tg.ask(6401, "/start")  # on Telegram a citizen's first message is always /start
            for _ in range(6):
                tg.server.send_text(6401, "/help")
            replies = await tg.server.wait_for(6401, count=3)
            texts = [r.text for r in replies]
            assert texts.count(words("en", "help-text")) == 2
            assert sum(t.startswith("Too many messages at once") for t in texts) == 1
            with pytest.raises(TimeoutError):
                await tg.server.wait_for(6401, timeout=0.7)
            # Someone else is not held back by the flood.
            [reply] = await tg.ask(6402, "/help")
            assert reply.text == words("en", "help-text")
    finally:
        await db.close()


async def test_the_bot_as_deployed_runs_on_uvloop_with_start_up_set_aside(botapi, tmp_path):
    """`medcheck run` takes uvloop's event loop, on which the bot needs half the CPU per answer, and sets what
    start-up made aside from the garbage collector, whose full collections stopped the loop (bot/runners.py)."""
    from tests.harness import BotProcess
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await upgrade(db)
    bot = BotProcess(botapi, db, tmp_path / "bot.log")
    try:
        await bot.start()
        botapi.send_text(6101, "/start", language_code="en")
        [reply] = await botapi.wait_for(6101, timeout=30)
        assert reply.text == words("en", "start-welcome")
        said = re.search(r"\(event loop: (\w+); (\d+) start-up objects set aside", (tmp_path / "bot.log").read_text())
        assert said and said[1] == "uvloop" and int(said[2]) > 100_000
    finally:
        await bot.stop()
        await db.close()
