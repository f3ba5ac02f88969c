"""The desk outbox: complaints waiting to be posted to the support chat, and notices owed to citizens.

A row is claimed by moving its `next_at` into the future (a lease), so two bot replicas never post
the same complaint at once; a failure pushes `next_at` further by a growing backoff. Nothing is
ever dropped: a complaint stays pending until the support chat accepts it.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from complaints.models import Complaint, ComplaintEvent, ComplaintPhoto
from complaints.service import ComplaintView, get_complaint
from core.backoff import backoff
from core.bells import Bells
from core.clock import utcnow
from core.db import Database
from core.users import User

LEASE = timedelta(minutes=2)       # a replica that dies mid-post frees the row after this
BACKOFF_BASE_S = 2.0
BACKOFF_MAX_S = 600.0
EVENT_ATTEMPTS = 20                # a notice that fails this often (not a block) is given up


def retry_delay(attempts: int, base: float | None = None, cap: float | None = None) -> float:
    """Seconds before the next try after `attempts` failures: 2, 4, 8, ... up to ten minutes."""
    base = BACKOFF_BASE_S if base is None else base
    cap = BACKOFF_MAX_S if cap is None else cap
    return backoff(attempts, base, cap)


# ---------------------------------------------------------------- waking the desk job
_desk = Bells()
ring = _desk.ring                 # a new complaint, an answer: work for the desk job of this database
wait_for_work = _desk.wait        # the desk job sleeps until rung or its interval passes


# ---------------------------------------------------------------- complaints to post
@dataclass(frozen=True)
class DeskPhoto:
    role: str
    data: bytes | None
    file_id: str | None
    width: int
    height: int


@dataclass(frozen=True)
class DeskItem:
    complaint: ComplaintView
    photos: list[DeskPhoto]


async def claim_complaints(db: Database, limit: int = 10, now: datetime | None = None) -> list[int]:
    """Ids of complaints due for posting, leased to the caller."""
    now = now or utcnow()
    due = (select(Complaint.id).where(Complaint.desk_state != "posted", Complaint.desk_next_at <= now)
           .order_by(Complaint.id).limit(limit))
    claimed = []
    async with db.session() as session:
        for complaint_id in (await session.scalars(due)).all():
            result = await session.execute(
                update(Complaint)
                .where(Complaint.id == complaint_id, Complaint.desk_state != "posted", Complaint.desk_next_at <= now)
                .values(desk_next_at=now + LEASE))
            if result.rowcount == 1:
                claimed.append(complaint_id)
        await session.commit()
    return claimed


async def release_complaints(db: Database, complaint_ids: list[int]) -> None:
    """Give leased complaints back at once (the job is stopping), instead of when the lease ends."""
    if not complaint_ids:
        return
    async with db.session() as session:
        await session.execute(update(Complaint)
                              .where(Complaint.id.in_(complaint_ids), Complaint.desk_state != "posted")
                              .values(desk_next_at=utcnow()))
        await session.commit()


async def desk_item(db: Database, complaint_id: int) -> DeskItem | None:
    complaint = await get_complaint(db, complaint_id)
    if complaint is None:
        return None
    async with db.session() as session:
        rows = (await session.scalars(select(ComplaintPhoto).where(ComplaintPhoto.complaint_id == complaint_id)
                                      .order_by(ComplaintPhoto.id))).all()
    order = {"receipt": 0, "pack": 1}
    photos = [DeskPhoto(r.role, r.data, r.file_id, r.width, r.height) for r in rows]
    return DeskItem(complaint, sorted(photos, key=lambda p: order.get(p.role, 2)))


async def _set(db: Database, complaint_id: int, **values) -> None:
    async with db.session() as session:
        await session.execute(update(Complaint).where(Complaint.id == complaint_id).values(**values))
        await session.commit()


async def topic_made(db: Database, complaint_id: int, chat_id: int, thread_id: int) -> None:
    """The forum topic exists: remember it before posting into it, so a retry does not make another."""
    await _set(db, complaint_id, desk_state="topic", desk_chat_id=chat_id, desk_thread_id=thread_id)


async def photos_posted(db: Database, complaint_id: int) -> None:
    await _set(db, complaint_id, desk_state="media")


async def card_posted(db: Database, complaint_id: int, message_id: int) -> None:
    await _set(db, complaint_id, desk_state="posted", desk_message_id=message_id, desk_error=None)


async def topic_lost(db: Database, complaint_id: int) -> None:
    """The topic was deleted before the card reached it: start again with a new topic."""
    await _set(db, complaint_id, desk_state="pending", desk_thread_id=None, desk_chat_id=None)


async def desk_failed(db: Database, complaint_id: int, error: str, now: datetime | None = None) -> float:
    """Count a failed post and schedule the next try; returns the delay in seconds."""
    now = now or utcnow()
    async with db.session() as session:
        row = await session.get(Complaint, complaint_id)
        if row is None:
            return 0.0
        row.desk_attempts += 1
        delay = retry_delay(row.desk_attempts)
        row.desk_next_at, row.desk_error = now + timedelta(seconds=delay), error[:500]
        await session.commit()
    return delay


async def desk_defer(db: Database, complaint_id: int, seconds: float, now: datetime | None = None) -> None:
    """Try again after `seconds` without counting a failure (Telegram asked us to slow down)."""
    await _set(db, complaint_id, desk_next_at=(now or utcnow()) + timedelta(seconds=seconds))


# ---------------------------------------------------------------- notices to citizens
@dataclass(frozen=True)
class ComplaintNotice:
    """What a citizen is told about their complaint: received, a new status, or the staff's answer."""

    event_id: int
    complaint_id: int
    user_id: int
    language: str
    kind: str            # status, answer
    status: str
    text: str | None
    desk_chat_id: int | None
    desk_thread_id: int | None
    desk_message_id: int | None   # the staff message to confirm delivery under


async def claim_notices(db: Database, limit: int = 20, now: datetime | None = None) -> list[ComplaintNotice]:
    """Notices due for delivery, leased to the caller, oldest first."""
    now = now or utcnow()
    stmt = (select(ComplaintEvent, Complaint.user_id, User.language, Complaint.desk_chat_id,
                   Complaint.desk_thread_id)
            .join(Complaint, Complaint.id == ComplaintEvent.complaint_id)
            .outerjoin(User, User.id == Complaint.user_id)
            .where(ComplaintEvent.delivery == "pending", ComplaintEvent.next_at <= now)
            .order_by(ComplaintEvent.id).limit(limit))
    notices = []
    async with db.session() as session:
        for event, user_id, language, chat_id, thread_id in (await session.execute(stmt)).all():
            result = await session.execute(
                update(ComplaintEvent)
                .where(ComplaintEvent.id == event.id, ComplaintEvent.delivery == "pending",
                       ComplaintEvent.next_at <= now)
                .values(next_at=now + LEASE))
            if result.rowcount == 1:
                notices.append(ComplaintNotice(event.id, event.complaint_id, user_id, language or "ru", event.kind,
                                      event.status, event.text, chat_id, thread_id, event.desk_message_id))
        await session.commit()
    return notices


async def release_notices(db: Database, event_ids: list[int]) -> None:
    """Give leased notices back at once (the job is stopping)."""
    if not event_ids:
        return
    async with db.session() as session:
        await session.execute(update(ComplaintEvent)
                              .where(ComplaintEvent.id.in_(event_ids), ComplaintEvent.delivery == "pending")
                              .values(next_at=utcnow()))
        await session.commit()


async def notice_sent(db: Database, event_id: int) -> None:
    await _set_event(db, event_id, delivery="sent", delivered_at=utcnow())


async def notice_undeliverable(db: Database, event_id: int) -> None:
    """Nothing more to try: the citizen blocked the bot or deleted their account, or Telegram refuses the text."""
    await _set_event(db, event_id, delivery="failed")


async def notice_failed(db: Database, event_id: int, now: datetime | None = None) -> float | None:
    """Count a failed delivery; returns the seconds until the next try, or None once it is given up."""
    now = now or utcnow()
    async with db.session() as session:
        row = await session.get(ComplaintEvent, event_id)
        if row is None:
            return 0.0
        row.attempts += 1
        delay = retry_delay(row.attempts)
        given_up = row.attempts >= EVENT_ATTEMPTS
        if given_up:
            row.delivery = "failed"
        row.next_at = now + timedelta(seconds=delay)
        await session.commit()
    return None if given_up else delay


async def notice_defer(db: Database, event_id: int, seconds: float, now: datetime | None = None) -> None:
    await _set_event(db, event_id, next_at=(now or utcnow()) + timedelta(seconds=seconds))


async def _set_event(db: Database, event_id: int, **values) -> None:
    async with db.session() as session:
        await session.execute(update(ComplaintEvent).where(ComplaintEvent.id == event_id).values(**values))
        await session.commit()


async def next_due(db: Database, posting: bool = True) -> datetime | None:
    """When the earliest waiting row is due (complaints only when `posting`), or None when nothing waits."""
    async with db.session() as session:
        events = await session.scalar(select(func.min(ComplaintEvent.next_at))
                                      .where(ComplaintEvent.delivery == "pending"))
        complaints = await session.scalar(select(func.min(Complaint.desk_next_at))
                                          .where(Complaint.desk_state != "posted")) if posting else None
    known = [when for when in (events, complaints) if when is not None]
    if not known:
        return None
    earliest = min(known)
    # func.min bypasses the column type on SQLite, so the zone may be missing
    return earliest if isinstance(earliest, datetime) and earliest.tzinfo else _aware(earliest)


def _aware(value) -> datetime:
    from datetime import timezone
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
