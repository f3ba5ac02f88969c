"""The recall outbox and its sender: audience rules, pacing, 429s, blocked users, crashes, one leader.

The sender runs with the bot's own Telegram side (bot/jobs/broadcast.py) against the local Bot API
server over real HTTP, on SQLite and PostgreSQL. Assertions count what the server received.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from contextlib import asynccontextmanager, suppress

import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from sqlalchemy import func, select, text, update

from bot.jobs.broadcast import Broadcast
from core.clock import utcnow
from core.db import Database
from core.i18n import Translator
from core.migrate import upgrade
from core.users import User
from recalls import outbox
from recalls.campaigns import AlreadyIssued, RecallOrder, count_audience, issue, issue_feed_campaigns
from recalls.leader import LOCK_KEY, AdvisoryLock
from recalls.models import OutboxRow, RecallCampaign, RecallOptOut, RecallSubscription
from recalls.pacing import TokenBucket
from recalls.sender import GroupWrite, InFlight, Sender, SenderConfig, serve
from register.models import Recall
from tests.botapi import BotAPIServer
from tests.botapi.server import parse_html
from tests.conftest import new_database
from verification.models import Check

I18N = Translator()
GTIN, BATCH, OTHER_BATCH = "04784911862525", "N98758", "A71448"
FAST = dict(idle_s=0.05, progress_s=0.2, backoff_s=0.05)


def words(lang: str, key: str, **args) -> str:
    return parse_html(I18N(lang, key, **args))[0]


async def people(db, spec: dict[int, dict]) -> None:
    """Users by id: language, active, and the batches they checked (reasons: the card they saw)."""
    async with db.session() as session:
        for uid, p in spec.items():
            session.add(User(id=uid, language=p.get("lang", "en"), active=p.get("active", True)))
        await session.flush()
        for uid, p in spec.items():
            for batch in p.get("checked", ()):
                session.add(Check(user_id=uid, code_text=f"01{GTIN}21X{uid}", gtin=GTIN, serial=f"X{uid}",
                                  batch=batch, verdict=p.get("verdict", "green"),
                                  reasons=p.get("reasons", "in_circulation")))
            if p.get("subscribed"):
                session.add(RecallSubscription(user_id=uid, gtin=GTIN))
            if p.get("stopped"):
                session.add(RecallOptOut(user_id=uid))
        await session.commit()


def draft(**overrides) -> RecallOrder:
    values = dict(gtin=GTIN, product_name="Ceftriakson", batches=(BATCH,), reason="quality defect",
                  severity="high", notice="Do not use batch N98758.", notices={"ru": "Не применяйте серию N98758."})
    values.update(overrides)
    return RecallOrder(**values)


async def unsettled(db) -> int:
    """Outbox rows not yet sent, failed or blocked, across campaigns."""
    async with db.session() as session:
        return await session.scalar(select(func.count()).where(OutboxRow.state.in_(outbox.OPEN))) or 0


async def outbox_rows(db) -> dict[int, tuple[str, str]]:
    async with db.session() as session:
        rows = (await session.execute(select(OutboxRow.user_id, OutboxRow.audience, OutboxRow.state)
                                      .order_by(OutboxRow.id))).all()
    return {uid: (audience, state) for uid, audience, state in rows}


def notices(server: BotAPIServer) -> Counter:
    return Counter(c.chat_id for c in server.sent if c.method == "sendMessage")


@asynccontextmanager
async def telegram(**limits):
    async with BotAPIServer(**limits) as server:
        bot = Bot(server.token, session=server.aiogram_session(),
                  default=DefaultBotProperties(parse_mode=ParseMode.HTML))
        try:
            yield server, bot
        finally:
            await bot.session.close()


async def settle(db, timeout: float = 20) -> None:
    """Wait until every outbox row is sent, failed or blocked."""
    deadline = asyncio.get_running_loop().time() + timeout
    while await unsettled(db):
        assert asyncio.get_running_loop().time() < deadline, await outbox_rows(db)
        await asyncio.sleep(0.05)


def started(db, bot, **config) -> tuple[Sender, asyncio.Task]:
    """The bot's sender, running in the background."""
    sender = Sender(db, Broadcast(db, I18N, bot).deliver, SenderConfig(**{**FAST, **config}))
    return sender, asyncio.create_task(sender.run())


@asynccontextmanager
async def sending(db, bot, **config):
    sender, task = started(db, bot, **config)
    try:
        yield sender
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


# ----------------------------------------------------------------------------- pacing, with a fake clock

class FakeTime:
    """A monotonic clock that a sleep moves on at once, so pacing is tested without real time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 1e-4)


async def test_the_bucket_keeps_the_rate_and_a_pause_holds_everyone():
    fake = FakeTime()
    bucket = TokenBucket(25, burst=1, clock=fake.clock, sleep=fake.sleep)
    stamps = []
    for _ in range(250):
        await bucket.acquire()
        stamps.append(fake.now)
    # Any one-second window holds at most rate + burst sends; 250 sends take about 10 s.
    assert max(sum(1 for s in stamps if start <= s < start + 1) for start in stamps) <= 26
    assert 9.9 <= stamps[-1] - stamps[0] <= 10.1
    bucket.pause(3)
    paused_at = fake.now
    await bucket.acquire()
    # Nothing goes out during the pause, and the bucket is empty after it (no burst of saved tokens).
    assert fake.now >= paused_at + 3 + 1 / 25 - 1e-9


def run_sends(limiter: InFlight, count: int, pace, takes_s) -> Counter:
    """`count` sends at the pace the limit allows (per second) and each taking `takes_s(limit)`:
    how many went out at each limit."""
    at, seen = 0.0, Counter()
    for _ in range(count):
        limit = limiter.limit
        at += 1 / pace(limit)
        limiter.started(at)
        seen[limit] += 1
        limiter.measured(takes_s(limit), alone=limit == 1)
    return seen


def test_in_flight_opens_places_only_while_they_pay():
    # Telegram 150 ms away, rate 25: one at a time makes 6.7 a second, four make the rate.
    # After one round at one place it goes straight to four (25 / 6.7, and 25 x 0.15 allows it).
    far = InFlight(25, most=32)
    fourth = lambda n: min(25, n / 0.15)  # noqa: E731
    seen = run_sends(far, 20, pace=fourth, takes_s=lambda n: 0.15)
    assert seen[1] == 5 and seen[4] >= 14  # a round is half a second: five sends at one place
    seen = run_sends(far, 3000, pace=fourth, takes_s=lambda n: 0.15)
    assert far.limit == 4 and seen[4] > 0.95 * 3000
    assert max(seen) <= 4
    # A busy sender near the rate: a second place makes each send slower and the pace no better.
    near = InFlight(950, most=32)
    seen = run_sends(near, 200_000, pace=lambda n: 880 if n == 1 else 890, takes_s=lambda n: 0.0011 * n)
    assert near.limit == 1 and seen[1] > 0.95 * 200_000  # tries of a second place grow rarer: 64 rounds apart
    # A round trip shorter than the interval between two sends never justifies a second place.
    quick = InFlight(950, most=32)
    seen = run_sends(quick, 20_000, pace=lambda n: 600 * n, takes_s=lambda n: 0.0009)
    assert set(seen) == {1}
    # Whatever the pace, never more than `most`.
    stalled = InFlight(25, most=3)
    run_sends(stalled, 500, pace=lambda n: n / 30, takes_s=lambda n: 30.0)
    assert stalled.limit == 3


async def test_marks_that_arrive_during_a_write_share_the_next_and_a_failed_write_fails_them_all():
    writes = []

    async def write(ids):
        writes.append(ids)
        await asyncio.sleep(0.01)

    group = GroupWrite(write)
    await asyncio.gather(*(group.mark(i) for i in range(1, 6)))
    assert writes == [[1], [2, 3, 4, 5]]

    async def broken(ids):
        await asyncio.sleep(0.01)
        raise OSError("disk gone")

    group = GroupWrite(broken)
    results = await asyncio.gather(*(group.mark(i) for i in range(3)), return_exceptions=True)
    assert [type(r) for r in results] == [OSError] * 3
    with pytest.raises(OSError):  # nothing is written after a failure: the sender starts over
        await group.mark(9)


async def test_sent_marks_read_back_like_any_other_row(db):
    await people(db, {uid: {"checked": [BATCH]} for uid in (81, 82, 83)})
    await issue(db, draft(), "operator:m")
    before = utcnow()
    claimed = await outbox.claim(db, "me", 2)
    assert [n.user_id for n in claimed] == [81, 82] and {n.claim for n in claimed} == {"me"}
    async with outbox.sent_marks(db, "me") as write:
        await write([n.id for n in claimed])
    async with db.session() as session:
        rows = {r.user_id: r for r in (await session.execute(select(OutboxRow))).scalars()}
    assert {uid: row.state for uid, row in rows.items()} == {81: "sent", 82: "sent", 83: "pending"}
    assert before <= rows[81].sent_at <= utcnow() and rows[81].sent_at.tzinfo is not None
    assert rows[83].sent_at is None


# ----------------------------------------------------------------------------- the audience

async def test_an_operators_text_is_stored_without_control_characters(db):
    """PostgreSQL refuses a NUL in text and in JSON: typed text is kept without control characters."""
    await issue(db, draft(reason="bad\x00 seal", notice="Do not\x00 use.", notices={"ru": "Не\x07 применяйте."}),
                "operator:nul")
    async with db.session() as session:
        campaign = await session.scalar(select(RecallCampaign))
        recall = await session.scalar(select(Recall))
    assert (campaign.reason, campaign.notice, campaign.notices) == ("bad seal", "Do not use.", {"ru": "Не применяйте."})
    assert (recall.reason, recall.notice, recall.notices) == ("bad seal", "Do not use.", {"ru": "Не применяйте."})


async def test_the_audience_in_order_once_each_and_only_the_reachable(db):
    await people(db, {
        1: {"checked": [BATCH, BATCH]},                  # checked twice: told once
        2: {"checked": [BATCH], "subscribed": True},     # both: counted as "checked"
        3: {"subscribed": True},
        4: {"checked": [OTHER_BATCH]},                   # another batch: only "everyone"
        5: {"checked": [BATCH], "stopped": True},        # sent /stop
        6: {"checked": [BATCH], "active": False},        # blocked the bot
        7: {"checked": [BATCH], "verdict": "red", "reasons": "recalled in_circulation"},  # already told
        8: {},
    })
    audience = await count_audience(db, GTIN, (BATCH,))
    assert (audience.checked, audience.subscribed, audience.everyone) == (2, 1, 3)
    issued = await issue(db, draft(everyone=True), "operator:a")
    assert issued.total == 6
    assert await outbox_rows(db) == {1: ("checked", "pending"), 2: ("checked", "pending"),
                                     3: ("subscribed", "pending"), 4: ("everyone", "pending"),
                                     7: ("everyone", "pending"), 8: ("everyone", "pending")}
    # Every batch: user 4 checked one too.
    assert (await count_audience(db, GTIN, None)).checked == 3
    # The recall is in force at once, and the same draft cannot be issued twice.
    async with db.session() as session:
        recall = (await session.execute(select(Recall).where(Recall.source == "operator"))).scalar_one()
    assert (recall.gtin, recall.batch, recall.active, recall.notices) == (GTIN, BATCH, True,
                                                                           {"ru": "Не применяйте серию N98758."})
    with pytest.raises(AlreadyIssued):
        await issue(db, draft(), "operator:a")


async def test_feed_recalls_get_one_campaign_each(db):
    await people(db, {1: {"checked": [BATCH]}, 2: {"checked": [OTHER_BATCH]}, 3: {"subscribed": True}})
    async with db.session() as session:
        session.add_all([
            Recall(gtin=GTIN, batch=BATCH, reason="quality defect", severity="high", notice="Feed notice",
                   source="feed"),
            Recall(gtin=GTIN, batch=OTHER_BATCH, reason="falsified", severity="high", notice="Lifted",
                   source="feed", active=False),
            Recall(gtin=GTIN, batch="Z1", reason="x", severity="low", notice="By an operator", source="operator"),
        ])
        await session.commit()
    [issued] = await issue_feed_campaigns(db)
    assert issued.total == 2
    assert await outbox_rows(db) == {1: ("checked", "pending"), 3: ("subscribed", "pending")}
    assert await issue_feed_campaigns(db) == []  # noticed once
    async with db.session() as session:
        campaign = (await session.execute(select(RecallCampaign))).scalar_one()
    assert (campaign.source, campaign.batches, campaign.notice) == ("feed", [BATCH], "Feed notice")


# ----------------------------------------------------------------------------- delivery

async def test_each_recipient_gets_the_notice_once_in_their_language(db):
    langs = {11: "uz", 12: "ru", 13: "ky", 14: "en"}
    await people(db, {uid: {"lang": lang, "checked": [BATCH]} for uid, lang in langs.items()})
    await issue(db, draft(), "operator:b")
    async with telegram() as (server, bot):
        async with sending(db, bot, rate=50):
            await settle(db)
        assert notices(server) == Counter(list(langs))
        for uid, lang in langs.items():
            [message] = server.messages_to(uid)
            assert words(lang, "recall-reason-quality-defect") in message["text"]
            assert words(lang, "recall-why-checked") in message["text"]
            notice = "Не применяйте серию N98758." if lang == "ru" else "Do not use batch N98758."
            assert notice in message["text"]
    assert set(await outbox_rows(db)) == set(langs)
    assert all(state == "sent" for _, state in (await outbox_rows(db)).values())


async def test_a_429_pauses_every_send_and_nobody_is_lost(db):
    await people(db, {uid: {"checked": [BATCH]} for uid in range(21, 61)})  # 0.8 s of sending at 50/s
    await issue(db, draft(), "operator:c")
    async with telegram() as (server, bot):
        server.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", chat_id=23)
        async with sending(db, bot, rate=50, burst=1):
            await settle(db)
        refused = next(c for c in server.calls if c.method == "sendMessage" and c.error_code == 429)
        # Sends already on their way may land a moment later; then nothing until retry_after has passed.
        sent = [c.at - refused.at for c in server.sent if c.method == "sendMessage"]
        assert [at for at in sent if 0.5 < at < 1.9] == []
        assert any(at >= 1.9 for at in sent)
        assert notices(server) == Counter(range(21, 61))


async def test_the_servers_flood_limit_slows_the_sender_without_losses(db):
    await people(db, {uid: {"checked": [BATCH]} for uid in range(41, 53)})
    await issue(db, draft(), "operator:d")
    async with telegram(global_limit=5, global_window=1.0) as (server, bot):
        async with sending(db, bot, rate=40, burst=1):
            await settle(db, timeout=30)
        assert server.rate_limited > 0
        assert notices(server) == Counter(range(41, 53))


async def test_a_far_telegram_gets_a_few_sends_in_flight_and_a_near_one_gets_one(db):
    await people(db, {uid: {"checked": [BATCH]} for uid in range(401, 461)})
    await issue(db, draft(), "operator:n")
    async with telegram(latency=0.1) as (server, bot):
        async with sending(db, bot, rate=40) as far:   # 40 a second, 100 ms away: about 4 at once
            await settle(db)
        assert notices(server) == Counter(range(401, 461))
    assert 3 <= far.stats.most_in_flight <= 10
    await people(db, {uid: {"checked": [OTHER_BATCH]} for uid in range(461, 481)})
    await issue(db, draft(batches=(OTHER_BATCH,)), "operator:o")
    async with telegram() as (server, bot):
        async with sending(db, bot, rate=40) as near:  # a few ms away: one at a time is enough
            await settle(db)
        assert notices(server) == Counter(range(461, 481))
    assert near.stats.most_in_flight == 1


async def test_blocked_users_become_inactive_and_errors_are_retried_or_given_up(db):
    await people(db, {uid: {"checked": [BATCH]} for uid in (61, 62, 63, 64)})
    await issue(db, draft(), "operator:e")
    async with telegram() as (server, bot):
        server.block_user(61)
        server.fail_next("sendMessage", 502, "Bad Gateway", chat_id=62)               # transient: again later
        server.fail_next("sendMessage", 400, "Bad Request: chat not found", chat_id=63)  # permanent
        async with sending(db, bot, rate=50):
            await settle(db)
        assert notices(server) == Counter({62: 1, 64: 1})
    async with db.session() as session:
        rows = {r.user_id: r for r in (await session.execute(select(OutboxRow))).scalars()}
        active = dict((await session.execute(select(User.id, User.active))).all())
    assert {uid: row.state for uid, row in rows.items()} == {61: "blocked", 62: "sent", 63: "failed", 64: "sent"}
    assert rows[62].attempts == 1 and rows[63].error == "Bad Request: chat not found"
    assert active == {61: False, 62: True, 63: True, 64: True}


# ----------------------------------------------------------------------------- crashes

async def test_rows_left_sending_by_a_crash_go_again_and_nobody_is_skipped(db):
    await people(db, {uid: {"checked": [BATCH]} for uid in range(71, 76)})
    await issue(db, draft(), "operator:f")
    async with telegram() as (server, bot):
        # The crash: 71 was told, but the process died before writing it down; 72 was claimed, not sent.
        await bot.send_message(71, "the notice, before the crash")
        async with db.session() as session:
            await session.execute(update(OutboxRow).where(OutboxRow.user_id.in_([71, 72])).values(state="sending"))
            await session.commit()
        async with sending(db, bot, rate=50):
            await settle(db)
        assert notices(server) == Counter({71: 2, 72: 1, 73: 1, 74: 1, 75: 1})  # one duplicate, no loss


async def sender_after(db, server, bot, *, rate: float, notices_sent: int) -> tuple[Sender, asyncio.Task]:
    """A sender running in the background, once it has sent `notices_sent` notices."""
    sender, task = started(db, bot, rate=rate)
    await server.wait_for(lambda c: c.method == "sendMessage", count=notices_sent, timeout=20, consume=False)
    return sender, task


async def test_a_sender_killed_midway_resumes_with_at_most_one_duplicate(db):
    await people(db, {uid: {"checked": [BATCH]} for uid in range(100, 130)})
    await issue(db, draft(), "operator:g")
    async with telegram() as (server, bot):
        # Sends take far less than the 33 ms between two: one in flight, so a crash repeats at most that one.
        crashed, task = await sender_after(db, server, bot, rate=30, notices_sent=10)
        crashed.lost = True  # as in a crash: nothing is written on the way out
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
        before = sum(notices(server).values())
        assert 10 <= before < 30 and await unsettled(db) > 0
        async with sending(db, bot, rate=50) as resumed:
            await settle(db)
        received = notices(server)
    assert crashed.stats.most_in_flight == resumed.stats.most_in_flight == 1
    assert set(received) == set(range(100, 130))
    assert sum(received.values()) - 30 <= 1


async def test_a_sender_replaced_while_running_stops_at_its_next_write(db):
    await people(db, {uid: {"checked": [BATCH]} for uid in range(500, 530)})
    await issue(db, draft(), "operator:p")
    async with telegram() as (server, bot):
        old, task = await sender_after(db, server, bot, rate=20, notices_sent=5)
        # Another replica thinks the old one dead and takes its rows over (as `serve` would on a new leader).
        await outbox.reset_in_flight(db)
        taken = await outbox.claim(db, "new-leader", 100)
        told = set(notices(server))
        assert len(taken) >= 30 - len(told)  # every row not yet on record as sent
        with pytest.raises(outbox.ClaimLost):
            await asyncio.wait_for(task, 10)
        assert old.lost and sum(notices(server).values()) - len(told) <= 1  # only the notice in flight went on
        async with sending(db, bot, rate=50):  # the new leader starts over from the outbox
            await settle(db)
        received = notices(server)
    assert set(received) == set(range(500, 530)) and sum(received.values()) - 30 <= 1


# ----------------------------------------------------------------------------- one leader on PostgreSQL

async def test_two_senders_on_postgres_only_the_leader_sends(tmp_path):
    async with new_database("postgres", tmp_path) as first:
        await upgrade(first)
        await people(first, {uid: {"checked": [BATCH]} for uid in range(200, 230)})
        await issue(first, draft(), "operator:h")
        second = Database(first.url)
        try:
            async with telegram() as (server, bot):
                locks = [AdvisoryLock(db, LOCK_KEY, "recall sender") for db in (first, second)]
                config = SenderConfig(rate=15, **FAST)
                tasks = [asyncio.create_task(serve(db, Broadcast(db, I18N, bot).deliver, config=config,
                                                   leadership=lock, retry_s=0.1, check_s=0.2))
                         for db, lock in zip((first, second), locks)]
                await server.wait_for(lambda c: c.method == "sendMessage", count=5, timeout=20, consume=False)
                assert sorted(lock.held for lock in locks) == [False, True]
                async with first.session() as session:
                    held = await session.scalar(text(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = "
                        "(SELECT oid FROM pg_database WHERE datname = current_database())"))
                assert held == 1
                # The leader goes away mid-campaign; the other takes over and finishes.
                leader = next(i for i, lock in enumerate(locks) if lock.held)
                tasks[leader].cancel()
                with suppress(asyncio.CancelledError):
                    await tasks[leader]
                await settle(first, timeout=30)
                assert locks[1 - leader].held
                tasks[1 - leader].cancel()
                with suppress(asyncio.CancelledError):
                    await tasks[1 - leader]
                received = notices(server)
            assert received == Counter(range(200, 230))  # nobody twice: one sender at a time
        finally:
            await second.close()


async def test_a_database_failure_while_writing_down_restarts_the_sender_and_loses_nobody(db, monkeypatch):
    await people(db, {uid: {"checked": [BATCH]} for uid in range(300, 320)})
    await issue(db, draft(), "operator:i")
    real, failures = outbox.sent_marks, []

    @asynccontextmanager
    async def flaky(database, token):
        async with real(database, token) as write:
            async def once_broken(ids):
                if not failures:
                    failures.append(ids)
                    raise OSError("the database went away for a moment")
                await write(ids)
            yield once_broken

    monkeypatch.setattr(outbox, "sent_marks", flaky)
    async with telegram() as (server, bot):
        task = asyncio.create_task(serve(db, Broadcast(db, I18N, bot).deliver, config=SenderConfig(rate=50, **FAST),
                                         retry_s=0.1, check_s=0.1))
        try:
            await settle(db)
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        received = notices(server)
    assert failures and set(received) == set(range(300, 320))
    # Only the notices whose "sent" could not be written down went twice.
    assert sum(received.values()) - 20 <= len(failures[0])
