"""Reminders that a checked pack expires soon: a durable schedule of rows, sent by one replica.

A user asks from a check's card; one row is written for each configured lead time (30, 7 and 1 days
by default) still ahead, due at ten in the morning where the user is. The sender claims due rows
(marking them sent before sending, so a crash never repeats one), and for each pack sends the
nearest of its due reminders only. A batch recalled meanwhile is said in the reminder.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from core.clock import utcnow
from core.db import Database
from core.languages import zone_for
from core.users import User, mark_unreachable
from register.models import Product, Recall
from verification.history import CheckRecord
from verification.models import ExpiryReminder

REMIND_AT = time(10)  # local time of day a reminder goes out: read in the morning, not at midnight
CLAIM_LIMIT = 100


@dataclass(frozen=True)
class PackReminders:
    """A user's pending reminders for one pack, as /reminders lists them."""
    id: int                     # one of its rows: the cancel button's
    gtin: str
    batch: str
    expiry: date
    trade_name: str | None
    days: tuple[date, ...]      # the days they go out, soonest first


@dataclass(frozen=True)
class DueReminder:
    id: int
    user_id: int
    language: str
    gtin: str
    batch: str
    expiry: date
    trade_name: str | None
    recalled_at: datetime | None  # an active recall of this batch (or of every batch), if any
    recall_reason: str | None

    def days_left(self, now: datetime) -> int:
        return (self.expiry - now.astimezone(zone_for(self.language)).date()).days


def due_at(expiry: date, days_before: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(expiry - timedelta(days=days_before), REMIND_AT, zone).astimezone(ZoneInfo("UTC"))


async def schedule(db: Database, user_id: int, check: CheckRecord, lead_days: tuple[int, ...], zone: ZoneInfo,
                   now: datetime | None = None) -> list[date]:
    """Reminders for this check's pack at each lead time still ahead; the days they go out (none: too late).

    Asking twice changes nothing; asking again after cancelling brings them back.
    """
    now = now or utcnow()
    if check.gtin is None or check.expiry is None:
        return []
    rows = [{"user_id": user_id, "gtin": check.gtin, "batch": check.batch or "", "expiry": check.expiry,
             "days_before": days, "due_at": due_at(check.expiry, days, zone), "state": "pending", "created_at": now}
            for days in sorted(set(lead_days), reverse=True)]
    rows = [row for row in rows if row["due_at"] > now]
    if not rows:
        return []
    table = ExpiryReminder.__table__
    insert = (sqlite if db.is_sqlite else postgresql).insert(table)
    statement = insert.on_conflict_do_update(
        index_elements=["user_id", "gtin", "batch", "expiry", "days_before"],
        set_={"state": "pending", "due_at": insert.excluded.due_at}, where=table.c.state == "cancelled")
    async with db.session() as session:
        await session.execute(statement, rows)
        await session.commit()
    return [row["due_at"].astimezone(zone).date() for row in rows]


async def pending_for(db: Database, user_id: int, zone: ZoneInfo) -> list[PackReminders]:
    """The user's packs with reminders still to go, the soonest expiry first."""
    stmt = (select(ExpiryReminder, Product.trade_name)
            .outerjoin(Product, Product.gtin == ExpiryReminder.gtin)
            .where(ExpiryReminder.user_id == user_id, ExpiryReminder.state == "pending")
            .order_by(ExpiryReminder.expiry, ExpiryReminder.gtin, ExpiryReminder.batch, ExpiryReminder.due_at))
    async with db.session() as session:
        rows = (await session.execute(stmt)).all()
    packs: dict[tuple, list] = {}
    for row, name in rows:
        packs.setdefault((row.gtin, row.batch, row.expiry), []).append((row, name))
    return [PackReminders(group[0][0].id, gtin, batch, expiry, group[0][1],
                          tuple(row.due_at.astimezone(zone).date() for row, _ in group))
            for (gtin, batch, expiry), group in packs.items()]


async def cancel(db: Database, user_id: int, reminder_id: int) -> bool:
    """Cancel every pending reminder of the pack this reminder is for; False when none was the user's."""
    async with db.session() as session:
        row = await session.scalar(select(ExpiryReminder).where(ExpiryReminder.id == reminder_id,
                                                                ExpiryReminder.user_id == user_id))
        if row is None:
            return False
        done = await session.execute(
            update(ExpiryReminder).where(ExpiryReminder.user_id == user_id, ExpiryReminder.gtin == row.gtin,
                                         ExpiryReminder.batch == row.batch, ExpiryReminder.expiry == row.expiry,
                                         ExpiryReminder.state == "pending").values(state="cancelled"))
        await session.commit()
        return done.rowcount > 0


async def claim_due(db: Database, now: datetime | None = None, limit: int = CLAIM_LIMIT) -> list[DueReminder]:
    """Reminders due by `now` for users we can reach, marked sent before they are sent (never twice).

    Of one pack's due reminders (the bot was down through two of them) only the nearest goes out; a pack
    already expired gets none ("missed").
    """
    now = now or utcnow()
    r = ExpiryReminder
    stmt = (select(r, User.language, Product.trade_name)
            .join(User, User.id == r.user_id).outerjoin(Product, Product.gtin == r.gtin)
            .where(r.state == "pending", r.due_at <= now, User.active.is_(True))
            .order_by(r.due_at).limit(limit))
    due: dict[tuple, tuple[int, DueReminder]] = {}  # pack -> (days before, the one reminder it gets)
    async with db.session() as session:
        rows = (await session.execute(stmt)).all()
        sent, missed = [], []
        for row, language, name in rows:
            pack = (row.user_id, row.gtin, row.batch, row.expiry)
            if row.expiry < now.astimezone(zone_for(language)).date():
                missed.append(row.id)
                continue
            sent.append(row.id)
            if pack not in due or row.days_before < due[pack][0]:  # the nearest says the most
                due[pack] = row.days_before, DueReminder(row.id, row.user_id, language, row.gtin, row.batch,
                                                         row.expiry, name, None, None)
        for ids, state in ((sent, "sent"), (missed, "missed")):
            if ids:
                await session.execute(update(r).where(r.id.in_(ids), r.state == "pending")
                                      .values(state=state, sent_at=now))
        await session.commit()
    return [await _with_recall(db, reminder) for _, reminder in due.values()]


async def _with_recall(db: Database, reminder: DueReminder) -> DueReminder:
    batch = [Recall.batch.is_(None)] + ([Recall.batch == reminder.batch] if reminder.batch else [])
    stmt = (select(Recall.issued_at, Recall.reason)
            .where(Recall.gtin == reminder.gtin, Recall.active.is_(True), or_(*batch))
            .order_by(Recall.issued_at.desc()).limit(1))
    async with db.session() as session:
        found = (await session.execute(stmt)).first()
    if found is None:
        return reminder
    return DueReminder(**{**reminder.__dict__, "recalled_at": found.issued_at, "recall_reason": found.reason})


async def mark_blocked(db: Database, reminder: DueReminder) -> None:
    """The user blocked the bot: this reminder is closed and the user is not tried again until they return."""
    async with db.session() as session:
        await session.execute(update(ExpiryReminder).where(ExpiryReminder.id == reminder.id)
                              .values(state="blocked"))
        await mark_unreachable(session, reminder.user_id)  # commits both


async def retry_later(db: Database, reminder: DueReminder, when: datetime) -> None:
    """A passing failure (the network, Telegram's limit): due again at `when`."""
    async with db.session() as session:
        await session.execute(update(ExpiryReminder).where(ExpiryReminder.id == reminder.id)
                              .values(state="pending", due_at=when, sent_at=None))
        await session.commit()

