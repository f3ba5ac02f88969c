"""The durable outbox of recall notices: one row per recipient, and the only way its state moves.

A row is 'sending' from the claim until its answer is on record; the rows a dead sender left 'sending'
go out again, so nobody is skipped and only what was in flight can arrive twice.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select, update

from core.clock import utcnow
from core.db import Database
from core.users import mark_unreachable
from recalls import paid
from recalls.models import OutboxRow, RecallCampaign

# pending -> (claim) sending -> sent | blocked | failed, or pending again to retry (later, or at once after a 429)
OPEN = ("pending", "sending")
OUTBOX = OutboxRow.__table__


@dataclass(frozen=True)
class RecallNotice:
    """One notice to send: who, in which language, for which campaign."""

    id: int
    campaign_id: int
    user_id: int
    language: str
    audience: str
    attempts: int
    claim: str  # the token of the sender that holds it
    paid: bool = False  # booked for paid broadcast (recalls/paid.py)


@dataclass(frozen=True)
class Counts:
    campaign_id: int
    total: int
    sent: int = 0
    failed: int = 0
    blocked: int = 0
    left: int = 0  # pending or sending

    @property
    def done(self) -> bool:
        return self.left == 0


@dataclass(frozen=True)
class OpenCampaign:
    id: int
    created_at: datetime
    report_chat_id: int | None
    report_message_id: int | None
    paid_booked: int | None = None  # urgent: paid notices booked so far (None: not urgent)


class ClaimLost(RuntimeError):
    """Another sender took over this sender's rows: it leads now, and this one must stop."""


async def reset_in_flight(db: Database) -> int:
    """Rows a dead sender left 'sending' go out again; of those, only the ones it had in flight can arrive twice."""
    async with db.session() as session:
        result = await session.execute(update(OutboxRow).where(OutboxRow.state == "sending")
                                       .values(state="pending", claim=None))
        await session.commit()
    return result.rowcount


async def claim(db: Database, token: str, limit: int, now: datetime | None = None) -> list[RecallNotice]:
    """Take the next due pending rows, marking them 'sending' by `token`: an urgent campaign's first (as
    many of those paid as its cap still allows), then the oldest; all in one transaction."""
    now = now or utcnow()
    # Core, not the ORM: these statements run for every few dozen notices.
    async with db.engine.begin() as conn:
        urgent = await paid.urgent_campaigns(conn)
        rows = []
        for campaign_id in (*urgent, None):
            if len(rows) < limit:
                rows += (await conn.execute(_claim_rows(token, limit - len(rows), now, campaign_id))).all()
        taken = [RecallNotice(*row) for row in rows]
        # By the rows' own campaigns: one issued since `urgent` was read is booked all the same.
        booked = await paid.book(conn, Counter(n.campaign_id for n in taken))
    notices = []
    for notice in sorted(taken, key=lambda n: (n.campaign_id not in booked, n.id)):
        if booked.get(notice.campaign_id, 0) > 0:
            booked[notice.campaign_id] -= 1
            notice = replace(notice, paid=True)
        notices.append(notice)
    return notices


def _claim_rows(token: str, limit: int, now: datetime, campaign_id: int | None):
    t = OUTBOX
    due = [t.c.state == "pending", or_(t.c.next_attempt_at.is_(None), t.c.next_attempt_at <= now)]
    if campaign_id is not None:
        due.append(t.c.campaign_id == campaign_id)
    ids = select(t.c.id).where(*due).order_by(t.c.id).limit(limit)
    return (update(t).where(t.c.id.in_(ids.scalar_subquery())).values(state="sending", claim=token)
            .returning(t.c.id, t.c.campaign_id, t.c.user_id, t.c.language, t.c.audience, t.c.attempts, t.c.claim))


MarkSent = Callable[[list[int]], Awaitable[None]]


@asynccontextmanager
async def sent_marks(db: Database, token: str) -> AsyncIterator[MarkSent]:
    """Writes "sent" marks on a connection of its own, at the driver's speed: the broadcast's hot statement.

    When only one notice may be in flight, every notice waits for its "sent" to be on record before
    the next goes out; through SQLAlchemy that write would cost as much as the send itself, so it is one
    autocommitted statement on the driver. The time is converted by the column's own type, so it reads
    back as any other does.
    A row that is no longer this sender's claim is left alone, and the write raises `ClaimLost`.
    """
    async with db.engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")  # one round trip, its own commit
        driver = (await conn.get_raw_connection()).driver_connection
        stamp = OUTBOX.c.sent_at.type.bind_processor(conn.dialect) or (lambda value: value)
        if db.is_sqlite:
            async def write(ids: list[int]) -> None:
                cursor = await driver.execute(
                    f"UPDATE recall_outbox SET state = 'sent', sent_at = ?, error = NULL, claim = NULL "
                    f"WHERE claim = ? AND id IN ({', '.join('?' * len(ids))})", (stamp(utcnow()), token, *ids))
                _check_claim(cursor.rowcount, ids)
            yield write
            return
        # Not waiting for the WAL to reach the disk halves the write. Our own crash loses nothing by
        # it; a crash of PostgreSQL itself may forget the last fraction of a second of marks, and
        # those notices go again: a few duplicates, never a loss.
        await driver.execute("SET synchronous_commit = off")
        try:
            async def write(ids: list[int]) -> None:
                status = await driver.execute(
                    "UPDATE recall_outbox SET state = 'sent', sent_at = $1, error = NULL, claim = NULL "
                    "WHERE claim = $2 AND id = ANY($3::integer[])", stamp(utcnow()), token, ids)
                _check_claim(int(status.rsplit(" ", 1)[1]), ids)  # "UPDATE <rows>"
            yield write
        finally:
            with suppress(Exception):  # a broken connection is dropped by the pool anyway
                await driver.execute("RESET synchronous_commit")


def _check_claim(updated: int, ids: list[int]) -> None:
    if updated != len(ids):
        raise ClaimLost(f"{len(ids) - updated} of notices {ids} were taken over by another sender")


async def _settle(session, notice: RecallNotice, **values) -> None:
    """Move this sender's row on, one attempt more; ClaimLost if another sender holds it now."""
    result = await session.execute(update(OutboxRow).where(OutboxRow.id == notice.id, OutboxRow.claim == notice.claim)
                                   .values(attempts=notice.attempts + 1, claim=None, **values))
    _check_claim(result.rowcount, [notice.id])


async def mark_blocked(db: Database, notice: RecallNotice, error: str) -> None:
    """The user blocked the bot: the row is closed and the user is no longer reachable."""
    async with db.session() as session:
        await _settle(session, notice, state="blocked", error=error[:255])
        await mark_unreachable(session, notice.user_id)  # commits both


async def mark_failed(db: Database, notice: RecallNotice, error: str) -> None:
    async with db.session() as session:
        await _settle(session, notice, state="failed", error=error[:255])
        await session.commit()


async def retry_later(db: Database, notice: RecallNotice, delay_s: float, error: str) -> None:
    """A transient failure: pending again after `delay_s`, one attempt more on the count."""
    async with db.session() as session:
        await _settle(session, notice, state="pending", error=error[:255],
                      next_attempt_at=utcnow() + timedelta(seconds=delay_s))
        await session.commit()


async def release(db: Database, notices: list[RecallNotice]) -> None:
    """Back to pending without counting an attempt (Telegram asked us to slow down, or we stopped);
    their paid bookings, unused, are given back."""
    if not notices:
        return
    async with db.engine.begin() as conn:
        await conn.execute(update(OUTBOX).where(OUTBOX.c.id.in_([n.id for n in notices]),
                                                OUTBOX.c.claim == notices[0].claim)
                           .values(state="pending", claim=None))
        await paid.give_back(conn, Counter(n.campaign_id for n in notices if n.paid))


async def stop_paid(db: Database, campaign_id: int) -> None:
    """No more paid notices for this campaign: its cap closes at what is booked."""
    async with db.session() as session:
        await session.execute(update(RecallCampaign).where(RecallCampaign.id == campaign_id)
                              .values(paid_max=RecallCampaign.paid_booked))
        await session.commit()


async def open_campaigns(db: Database) -> list[OpenCampaign]:
    async with db.session() as session:
        rows = (await session.execute(
            select(RecallCampaign.id, RecallCampaign.created_at, RecallCampaign.report_chat_id,
                   RecallCampaign.report_message_id,
                   case((RecallCampaign.paid_max.is_(None), None), else_=RecallCampaign.paid_booked))
            .where(RecallCampaign.status == "sending").order_by(RecallCampaign.id))).all()
    return [OpenCampaign(*row) for row in rows]


async def counts(db: Database, campaign_id: int) -> Counts:
    state = OutboxRow.state
    stmt = select(func.count(),
                  func.sum(case((state == "sent", 1), else_=0)),
                  func.sum(case((state == "failed", 1), else_=0)),
                  func.sum(case((state == "blocked", 1), else_=0)),
                  func.sum(case((state.in_(OPEN), 1), else_=0))).where(OutboxRow.campaign_id == campaign_id)
    async with db.session() as session:
        total, sent, failed, blocked, left = (await session.execute(stmt)).one()
    return Counts(campaign_id, total or 0, sent or 0, failed or 0, blocked or 0, left or 0)


async def finish(db: Database, campaign_id: int) -> bool:
    """Close a campaign whose rows are all settled; False if another sender closed it first."""
    async with db.session() as session:
        result = await session.execute(update(RecallCampaign).where(
            and_(RecallCampaign.id == campaign_id, RecallCampaign.status == "sending"))
            .values(status="done", finished_at=utcnow()))
        await session.commit()
    return result.rowcount > 0
