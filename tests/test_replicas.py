"""Two replicas: `medcheck webhook` twice behind a round-robin load balancer, on one PostgreSQL and one Redis.

Each replica is a process of its own, as deployed. The local Bot API server posts every update to the
balancer's one URL (Telegram knows one webhook per bot), and the balancer hands them out in turn.
What must hold: every update answered once, a conversation goes on whichever replica takes its next
update, one replica sends recalls (another takes over when it dies), and a replica told to stop
(SIGTERM) answers the updates it has taken before it goes.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import AsyncExitStack
from types import SimpleNamespace

import pytest
import pytest_asyncio
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from redis.asyncio import Redis
from sqlalchemy import func, select

from bot.fsm_storage import FsmRecord
from core.i18n import Translator
from core.migrate import upgrade
from handlers.callbacks import CheckAction, ComplaintStep
from recalls.campaigns import issue
from register.demo import load_directory
from tests.botapi import BotAPIServer
from tests.conftest import PACKS, new_database, new_redis_prefix
from tests.harness import BotProcess, LoadBalancer, RunningBot
from tests.test_complaints_bot import PARACETAMOL, SUPPORT, answer_card, complaint_row, jpeg, label, until
from tests.test_recalls_sender import BATCH, OTHER_BATCH, draft, people, settle

TYPED = PARACETAMOL.replace("\x1d", " ")  # as a citizen types it
pytestmark = pytest.mark.asyncio(loop_scope="module")


class Replicas:
    """Two `medcheck webhook` processes, the balancer before them, and a client to act as staff would.

    One pair serves the whole module (a replica starts in seconds, the suite runs on 2 cores); a test
    that kills a replica leaves it to the next test's start, which starts it again as an orchestrator would.
    """

    def __init__(self, server, db, lb: LoadBalancer, replicas: list[BotProcess], rb: RunningBot,
                 redis: tuple[str, str]) -> None:
        self.server, self.db, self.lb, self.replicas, self.rb = server, db, lb, replicas, rb
        self.redis_url, self.redis_prefix = redis
        self.since = 0

    async def ready(self) -> "Replicas":
        await asyncio.gather(*(r.start() for r in self.replicas if not r.running))
        self.since = len(self.lb.routed)
        return self

    def routed(self) -> list[tuple[int, int]]:
        """(update_id, replica) for each update the balancer handed out during this test."""
        return self.lb.routed[self.since:]

    def answers(self, user_id: int) -> int:
        return sum(1 for c in self.server.sent if c.chat_id == user_id and c.method == "sendMessage")

    def leading(self) -> list[int]:
        """The replicas whose log says they lead the recall sender (since each last started)."""
        return [i for i, r in enumerate(self.replicas) if "recall sender: leading" in r.log()]

    async def conversation_keys(self, user_id: int) -> tuple[list[bytes], int]:
        """(this user's conversation keys in Redis, their rows in the database's own conversation table)."""
        client = Redis.from_url(self.redis_url)
        try:
            keys = [key async for key in client.scan_iter(match=f"{self.redis_prefix}:{user_id}:{user_id}:*")]
        finally:
            await client.aclose()
        async with self.db.session() as session:
            rows = await session.scalar(select(func.count()).select_from(FsmRecord))
        return keys, rows


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def pair(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("replicas")
    async with AsyncExitStack() as stack:
        redis = await stack.enter_async_context(new_redis_prefix())
        db = await stack.enter_async_context(new_database("postgres", tmp_path))
        await upgrade(db)
        await load_directory(db, PACKS)
        server = await stack.enter_async_context(BotAPIServer())
        server.add_chat(SUPPORT, is_forum=True, title="Support desk")
        settings = dict(REDIS_URL=redis[0], REDIS_KEY_PREFIX=redis[1], SUPPORT_CHAT_ID=str(SUPPORT),
                        REGISTER_MAX_AGE_DAYS="3650")  # the samples' data date is fixed; today is not
        lb = LoadBalancer([])
        processes = [BotProcess(server, db, tmp_path / f"replica-{i}.log", webhook=lb.url, **settings)
                     for i in range(2)]
        lb.backends[:] = [p.url for p in processes]
        await stack.enter_async_context(lb)
        for process in processes:
            stack.push_async_callback(process.stop)
        client = Bot(server.token, session=server.aiogram_session(), default=DefaultBotProperties(parse_mode="HTML"))
        stack.push_async_callback(client.session.close)
        rb = RunningBot(server, SimpleNamespace(db=db, i18n=Translator()), client, None, "replicas")
        yield Replicas(server, db, lb, processes, rb, redis)


@pytest_asyncio.fixture(loop_scope="module")
async def replicas(pair):
    """Both replicas running (started again if a test before killed them)."""
    return await pair.ready()


async def test_every_check_is_answered_once_and_both_replicas_take_a_share(replicas):
    server, users = replicas.server, range(810001, 810061)
    update_ids = []
    for user in users:
        server.add_user(user, language_code="en")
        update_ids.append(server.send_text(user, TYPED)["update_id"])
    await server.wait_for(lambda c: c.method == "sendMessage" and c.chat_id in users, count=len(users), timeout=40)
    await asyncio.sleep(1.0)  # time for anything sent twice to show up
    assert {user: replicas.answers(user) for user in users} == dict.fromkeys(users, 1)
    # Each update was posted once and taken at the first try: nothing for Telegram to send again.
    assert sorted((uid, status) for uid, status in server.webhook_deliveries if uid in update_ids) == \
        [(uid, 200) for uid in update_ids]
    taken = Counter(index for _, index in replicas.routed())
    assert sum(taken.values()) == len(users) and min(taken[0], taken[1]) >= len(users) // 4, taken


async def test_a_complaint_goes_on_on_the_other_replica_and_is_stored_once(replicas):
    rb, server, user = replicas.rb, replicas.server, 820001
    card, check_id = await answer_card(rb, user)
    server.press_button(user, card, CheckAction(action="complain", check_id=check_id).pack())
    await server.wait_for(user, timeout=20)
    await rb.ask(user, "45 000", timeout=20)
    await rb.ask(user, "Dorixona 36, Chilonzor 5", timeout=20)
    await rb.photo(user, jpeg(), timeout=20)
    keys, rows = await replicas.conversation_keys(user)
    assert keys and rows == 0  # the draft so far is in Redis, where both replicas read it
    await rb.ask(user, label(rb, "en", "complaint-button-skip"), timeout=20)
    _review, summary = await rb.ask(user, label(rb, "en", "complaint-button-skip"), count=2, timeout=20)
    # A double tap on Send: the two taps reach the two replicas at the same moment.
    for _ in range(2):
        server.press_button(user, summary, ComplaintStep(action="send").pack())
    await server.wait_for(lambda c: c.chat_id == user and "received" in (c.text or ""), timeout=30)
    await until(lambda: _posted(replicas.db), timeout=30)
    await asyncio.sleep(1.0)

    taken = [index for _, index in replicas.routed()]
    assert len(taken) == 8 and all(a != b for a, b in zip(taken, taken[1:])), taken  # every step on the other one
    assert sum(1 for c in server.sent if c.chat_id == user and "received" in (c.text or "")) == 1
    assert sum(c.ok for c in server.calls if c.method == "createForumTopic") == 1
    assert await complaint_row(replicas.db, 2) is None


async def _posted(db) -> bool:
    row = await complaint_row(db)
    return row is not None and row.desk_state == "posted"


async def test_one_replica_sends_recalls_and_the_other_takes_over_when_it_dies(replicas):
    server, db = replicas.server, replicas.db
    first, second = range(830001, 830021), range(830101, 830121)
    await people(db, {uid: {"checked": [BATCH]} for uid in first} | {uid: {"checked": [OTHER_BATCH]} for uid in second})

    await issue(db, draft(), "operator:first")
    await server.wait_for(lambda c: c.method == "sendMessage" and c.chat_id in first, count=len(first), timeout=30)
    await settle(db)  # written down as sent (a leader killed before that sends its last few again)
    [leader] = replicas.leading()
    await replicas.replicas[leader].kill()

    await issue(db, draft(batches=(OTHER_BATCH,)), "operator:second")
    await server.wait_for(lambda c: c.method == "sendMessage" and c.chat_id in second, count=len(second), timeout=30)
    assert replicas.leading() == [0, 1]  # the survivor leads now
    # And the balancer passes the dead replica over: checks are still answered.
    [answer] = await replicas.rb.ask(830999, TYPED, timeout=20)
    assert answer.method == "sendMessage"
    await asyncio.sleep(1.0)
    assert {uid: replicas.answers(uid) for uid in [*first, *second]} == dict.fromkeys([*first, *second], 1)


async def test_a_replica_told_to_stop_answers_what_it_has_taken_and_one_killed_loses_it(replicas):
    """SIGTERM (a rolling deploy): the updates it took are answered before it goes. SIGKILL (out of memory, a
    lost machine): those it took and had not answered are lost, never sent again, so never answered twice."""
    server, user, other, unlucky = replicas.server, 840001, 840002, 840003
    server.add_user(user, language_code="en")
    server.held.clear()
    server.hold(lambda method, params: method == "sendmessage" and str(params.get("chat_id")) == str(user))
    server.send_text(user, TYPED)
    await server.wait_held("sendMessage", timeout=20)
    [(_, index)] = replicas.routed()
    stopping = asyncio.create_task(replicas.replicas[index].terminate())
    await asyncio.sleep(1.0)
    assert not stopping.done()  # still finishing its update
    await replicas.rb.ask(other, TYPED, timeout=20)  # meanwhile the other replica takes the new ones
    server.release()
    assert await stopping == 0
    [answer] = await server.wait_for(user, timeout=5)
    assert "Paracetamol" in answer.text

    server.held.clear()
    server.hold(lambda method, params: method == "sendmessage" and str(params.get("chat_id")) == str(unlucky))
    update_id = server.send_text(unlucky, TYPED)["update_id"]
    await server.wait_held("sendMessage", timeout=20)  # its answer is on the way
    await replicas.replicas[1 - index].kill()
    server.release()
    await asyncio.sleep(1.0)
    assert replicas.answers(unlucky) == 0
    assert [status for uid, status in server.webhook_deliveries if uid == update_id] == [200]
