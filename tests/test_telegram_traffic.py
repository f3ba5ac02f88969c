"""Answers reach people although Telegram refuses now and then, and a recall broadcast leaves them room.

End to end through the local Bot API server (on SQLite by long polling, on PostgreSQL by webhook):
Telegram's 429s and 5xx on the verdict card, and Telegram's flood limit while a recall goes out.
The shared send budget itself is checked with a fake clock and by the order in which sends go.
"""
from __future__ import annotations

import asyncio
import gc
import weakref

import pytest

from bot.traffic import SendBudget
from core.i18n import Translator
from recalls.campaigns import issue
from tests.botapi import BotAPIServer
from tests.conftest import SAMPLES_TODAY
from tests.harness import running_bot
from tests.test_recalls_sender import BATCH, FakeTime, draft, notices, people, unsettled

I18N = Translator()
CODE = "https://id.gs1.org/01/04780181590830/21/r3.J1TWDtkwtD"   # a genuine pack of Paracetamol-UZ
SORRY = I18N("en", "error-generic")


def is_card(text: str | None) -> bool:
    return "Paracetamol-UZ" in (text or "")


async def test_the_verdict_card_gets_through_a_429_a_500_and_a_502(tg):
    tg.dp["clock"] = lambda zone: SAMPLES_TODAY
    user = 7701
    tg.server.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", chat_id=user)
    tg.server.fail_next("sendMessage", 500, "Internal Server Error", chat_id=user)
    tg.server.fail_next("sendMessage", 502, "Bad Gateway", chat_id=user)
    [card] = await tg.ask(user, CODE, timeout=30)
    assert is_card(card.text)
    refused = [c.error_code for c in tg.server.calls if c.method == "sendMessage" and c.chat_id == user and not c.ok]
    assert refused == [429, 500, 502]
    assert [m["text"] for m in tg.server.messages_to(user)] == [card.text]  # once, and no "Something went wrong"


# ----------------------------------------------------------------------------- a recall going out meanwhile

@pytest.fixture
async def flood_limited(sample_bot_db):
    """The bot on the sample register, against a server that allows 30 messages a second like Telegram."""
    db, mode = sample_bot_db
    async with BotAPIServer(global_limit=30, global_window=1.0) as server:
        async with running_bot(db, mode=mode, server=server) as running:
            running.dp["clock"] = lambda zone: SAMPLES_TODAY
            yield running


async def test_checks_are_all_answered_while_a_recall_goes_out(flood_limited):
    server, db = flood_limited.server, flood_limited.services.db
    recipients = range(30001, 30121)          # about five seconds of notices at 25 a second
    await people(db, {uid: {"checked": [BATCH]} for uid in recipients})
    await issue(db, draft(), "operator:traffic")
    await server.wait_for(lambda c: c.method == "sendMessage" and c.chat_id in recipients, count=10, consume=False)

    citizens = range(31001, 31031)            # thirty people check a pack at the same moment
    for uid in citizens:
        server.send_text(uid, CODE, language_code="en")
    answers = {uid: await server.wait_for(uid, timeout=40) for uid in citizens}

    assert sorted(uid for uid, [reply] in answers.items() if is_card(reply.text)) == list(citizens)
    assert not [c for c in server.sent if c.text == SORRY]
    while await unsettled(db):
        await asyncio.sleep(0.1)
    last_answer = max(reply.at for [reply] in answers.values())
    assert any(c.at > last_answer for c in server.sent if c.chat_id in recipients), "the recall was over already"
    assert [uid for uid in recipients if not notices(server)[uid]] == []  # nobody missed the recall either


# ----------------------------------------------------------------------------- the budget

async def test_the_budget_keeps_the_rate_and_a_429_holds_every_call():
    fake = FakeTime()
    budget = SendBudget(29, clock=fake.clock, sleep=fake.sleep)
    stamps = []
    for _ in range(300):
        await budget.take()
        stamps.append(fake.now)
    # Any window of T seconds holds at most 1 + rate x T: 29 a second keeps any second within 30.
    assert max(sum(1 for s in stamps if start <= s < start + 1) for start in stamps) <= 30
    budget.pause(3)
    paused_at = fake.now
    await budget.wait_pause()        # a call that is not a message waits too
    assert fake.now >= paused_at + 3
    budget.pause(3)
    paused_at = fake.now
    await budget.take(bulk=True)
    assert fake.now >= paused_at + 3


async def test_answers_go_before_a_broadcast_that_waits():
    budget = SendBudget(200)         # 5 ms a message: real time, but only the order is looked at
    order: list[str] = []
    three = asyncio.Event()

    async def broadcast() -> None:
        for _ in range(12):
            await budget.take(bulk=True)
            order.append("notice")
            if len(order) == 3:
                three.set()

    async def answer() -> None:
        await budget.take()
        order.append("answer")

    sending = asyncio.create_task(broadcast())
    await three.wait()
    await asyncio.gather(*(answer() for _ in range(5)))
    await sending
    assert order == ["notice"] * 3 + ["answer"] * 5 + ["notice"] * 9


# ----------------------------------------------------------------------------- reading Telegram's answers

async def test_each_kind_of_answer_is_read_by_one_response_class_for_good(botapi, tmp_path):
    """pydantic holds parametrized models weakly and a garbage collection frees them: built again on every
    call, `Response[Message]` cost the bot a tenth of its time under load (bot/session.py)."""
    from aiogram.methods.base import Response
    from aiogram.types import Message

    from bot.app import create_bot
    from core.db import Database
    from tests.harness import test_settings

    def response_class() -> type:
        return Response[Message]  # inside a function, as aiogram's check_response does

    bot = create_bot(test_settings(botapi, Database(f"sqlite+aiosqlite:///{tmp_path}/unused.db")))
    try:
        await bot.send_message(7702, "one")
        first = weakref.ref(response_class())
        gc.collect()
        await bot.send_message(7702, "two")
        assert response_class() is first()
    finally:
        await bot.session.close()
