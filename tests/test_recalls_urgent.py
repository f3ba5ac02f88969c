"""Urgent recalls: sent by Telegram's paid broadcast far above the free 30 a second, within a cap in Stars
that is booked durably (a crash never lets it pass), with answers to citizens still on time.

Through the local Bot API server, which keeps Telegram's two limits: the free one (30 a second) and the
paid one for messages sent with allow_paid_broadcast (1000 a second). On SQLite and PostgreSQL.
"""
from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from core.i18n import Translator
from recalls import outbox
from recalls.campaigns import issue
from recalls.models import RecallCampaign
from tests.botapi import BotAPIServer
from tests.conftest import SAMPLES_TODAY
from tests.harness import running_bot
from tests.test_recalls_sender import BATCH, OTHER_BATCH, draft, notices, people, sending, settle, telegram, unsettled
from tests.test_telegram_traffic import CODE, SORRY, is_card

I18N = Translator()


async def booked(db, campaign_id: int) -> int:
    async with db.session() as session:
        return await session.scalar(select(RecallCampaign.paid_booked).where(RecallCampaign.id == campaign_id))


def rate(calls) -> float:
    """Messages a second from the first of `calls` to the last."""
    return (len(calls) - 1) / (calls[-1].at - calls[0].at)


async def test_paid_bookings_stay_within_the_cap_across_a_crash_and_urgent_notices_go_first(db):
    await people(db, {uid: {"checked": [OTHER_BATCH]} for uid in range(1, 11)})
    await people(db, {uid: {"checked": [BATCH]} for uid in range(11, 61)})
    usual = await issue(db, draft(batches=(OTHER_BATCH,)), "operator:usual")     # issued first, 10 people
    urgent = await issue(db, draft(urgent_stars=3), "operator:urgent")           # 50 people, 30 may go paid
    first = await outbox.claim(db, "a", 20)
    assert [(n.user_id, n.paid) for n in first] == [(uid, True) for uid in range(11, 31)]
    assert await booked(db, urgent.campaign_id) == 20
    # The sender dies with them in flight: they go again, and their bookings stand (they may have been paid).
    await outbox.reset_in_flight(db)
    again = await outbox.claim(db, "b", 40)
    assert [n.user_id for n in again] == list(range(11, 51))
    assert [n.paid for n in again] == [True] * 10 + [False] * 30   # the cap: the rest go at the free rate
    assert await booked(db, urgent.campaign_id) == 30
    # Released unsent (a clean stop, a 429): their bookings are free again.
    await outbox.release(db, again)
    assert await booked(db, urgent.campaign_id) == 20
    rest = await outbox.claim(db, "c", 100)
    assert [n.campaign_id for n in rest] == [urgent.campaign_id] * 50 + [usual.campaign_id] * 10
    assert sum(n.paid for n in rest) == 10 and await booked(db, urgent.campaign_id) == 30
    assert await booked(db, usual.campaign_id) == 0


async def test_an_urgent_recall_goes_far_above_the_free_limit_then_at_the_free_rate_once_the_cap_is_spent(db):
    recipients = range(1001, 1351)
    await people(db, {uid: {"checked": [BATCH]} for uid in recipients})
    issued = await issue(db, draft(urgent_stars=30), "operator:u")                # 300 paid, then 50 free
    async with telegram(global_limit=30, paid_limit=1000) as (server, bot):
        async with sending(db, bot, rate=25, paid_rate=500) as sender:
            await settle(db, timeout=40)
        sent = [c for c in server.sent if c.method == "sendMessage"]
    assert notices(server) == Counter(recipients)                                 # each once: nobody lost
    paid = [c for c in sent if c.params.get("allow_paid_broadcast")]
    free = [c for c in sent if not c.params.get("allow_paid_broadcast")]
    assert len(paid) == server.paid_messages == sender.stats.paid == 300 == await booked(db, issued.campaign_id)
    assert paid[-1].at <= free[0].at and server.rate_limited == 0
    assert rate(paid) > 150 and rate(free) < 30   # 500 a second asked; a busy 2-core machine may give less


async def test_telegrams_paid_limit_slows_the_paid_sends_and_what_it_refused_is_not_counted_as_spent(db):
    recipients = range(3001, 3061)
    await people(db, {uid: {"checked": [BATCH]} for uid in recipients})
    issued = await issue(db, draft(urgent_stars=100), "operator:slow")
    async with telegram(global_limit=30, paid_limit=20) as (server, bot):  # a paid limit below the paid rate
        async with sending(db, bot, rate=25, paid_rate=40, burst=1):
            await settle(db, timeout=30)
    assert server.rate_limited > 0 and notices(server) == Counter(recipients)
    assert await booked(db, issued.campaign_id) == server.paid_messages == 60  # the refused ones were given back


async def test_when_telegram_refuses_the_payment_the_notices_go_at_the_free_rate_and_nobody_is_lost(db):
    recipients = range(2001, 2041)
    await people(db, {uid: {"checked": [BATCH]} for uid in recipients})
    issued = await issue(db, draft(urgent_stars=100), "operator:broke")
    async with telegram(global_limit=30, paid_limit=1000, stars_balance=1) as (server, bot):  # ten paid messages
        async with sending(db, bot, rate=50, paid_rate=500) as sender:
            await settle(db, timeout=30)
        refused = [c for c in server.calls if c.error_code == 400]
    assert notices(server) == Counter(recipients)
    assert server.paid_messages == sender.stats.paid == 10
    # Refused once for each paid notice in flight at that moment, then no paid try any more.
    assert {c.description for c in refused} == {"Bad Request: BALANCE_TOO_LOW"}
    assert 1 <= len(refused) <= sender.stats.most_in_flight
    async with db.session() as session:
        campaign = await session.get(RecallCampaign, issued.campaign_id)
    assert campaign.paid_max == campaign.paid_booked  # closed on record: a restarted sender books no more


@pytest.fixture
async def flood_limited(sample_bot_db):
    """The bot on the sample register, against a server with Telegram's free and paid limits."""
    db, mode = sample_bot_db
    async with BotAPIServer(global_limit=30, global_window=1.0, paid_limit=1000) as server:
        async with running_bot(db, mode=mode, server=server) as running:
            running.dp["clock"] = lambda zone: SAMPLES_TODAY
            yield running


async def test_checks_are_answered_on_time_while_an_urgent_recall_goes_out(flood_limited):
    server, db = flood_limited.server, flood_limited.services.db
    recipients = range(40001, 41501)
    await people(db, {uid: {"checked": [BATCH]} for uid in recipients})
    await issue(db, draft(urgent_stars=1000), "operator:urgent-traffic")
    await server.wait_for(lambda c: c.method == "sendMessage" and c.chat_id in recipients, count=50, consume=False)

    citizens = range(41601, 41631)  # thirty people check a pack at the same moment
    for uid in citizens:
        server.send_text(uid, CODE, language_code="en")
    answers = {uid: await server.wait_for(uid, timeout=40) for uid in citizens}
    assert sorted(uid for uid, [reply] in answers.items() if is_card(reply.text)) == list(citizens)
    assert not [c for c in server.sent if c.text == SORRY] and server.rate_limited == 0
    await settle(db, timeout=60)
    assert await unsettled(db) == 0
    calls = [c for c in server.sent if c.method == "sendMessage" and c.chat_id in recipients]
    assert notices(server) == Counter(recipients) + Counter(citizens)
    assert [c.chat_id for c in calls if not c.params.get("allow_paid_broadcast")] == []
    assert rate(calls) > 100  # the bot's free budget of 29 a second does not hold them
