"""A complaint's life: stored on confirmation, listed for its author, moved along by staff.

Everything a citizen should hear about (the receipt, a status, an answer) is written as a
ComplaintEvent in the same transaction; the desk job delivers those (see `complaints.outbox`).
What people typed enters here, and only as `printable` text (a NUL would make PostgreSQL refuse
the whole complaint).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from complaints.draft import ComplaintDraft, is_complete
from complaints.images import CleanImage
from complaints.models import Complaint, ComplaintEvent, ComplaintPhoto
from complaints.money import compute_excess
from core.clock import utcnow
from core.db import Database
from core.text import printable
from core.users import User

STATUSES = ("new", "in_progress", "answered", "closed", "rejected")
FINAL = frozenset({"closed", "rejected"})
STAFF_ACTIONS = ("take", "answer", "close", "reject")
ANSWER_LIMIT = 10_000  # characters of a staff answer; the desk sends a long one in several messages


@dataclass(frozen=True)
class PhotoIn:
    role: str            # receipt, pack
    file_id: str
    file_unique_id: str
    image: CleanImage


@dataclass(frozen=True)
class ComplaintView:
    id: int
    user_id: int
    language: str        # the author's language now
    kind: str
    status: str
    created_at: datetime
    product_name: str | None
    gtin: str | None
    registration_number: str | None
    serial: str | None
    batch: str | None
    price_paid: Decimal | None
    max_price: Decimal | None
    currency: str | None
    price_verdict: str | None
    excess: Decimal | None
    excess_percent: Decimal | None
    pharmacy: str | None
    latitude: float | None
    longitude: float | None
    phone: str | None
    assignee_id: int | None
    closed_at: datetime | None
    desk_state: str
    desk_chat_id: int | None
    desk_thread_id: int | None
    desk_message_id: int | None
    photos: int = 0
    answers: int = 0

    @property
    def is_final(self) -> bool:
        return self.status in FINAL


class ComplaintError(ValueError):
    """A request about a complaint that cannot be done: not_found, final, incomplete, empty or too_long."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ActionResult:
    complaint: ComplaintView
    changed: bool        # False when the action left things as they were (e.g. taking it twice)


async def create_complaint(db: Database, user_id: int, draft: ComplaintDraft, photos: list[PhotoIn]) -> ComplaintView:
    """Store a confirmed draft with its photos in one transaction; the excess over the cap is fixed now.

    The receipt owed to the citizen ("Complaint No. N received") is stored with it, so it is sent
    even if the bot dies right after. A draft is stored once: sending it again returns its complaint.
    """
    if not is_complete(draft) or not any(p.role == "receipt" for p in photos):
        raise ComplaintError("incomplete")
    stored = await _complaint_of_draft(db, draft.key)
    if stored is not None:
        return stored
    product = draft.product
    cap = product.max_price if product else None
    excess = compute_excess(draft.price_paid, cap) if draft.price_paid is not None else None
    row = Complaint(
        user_id=user_id, kind=draft.kind, status="new",
        check_id=product.check_id if product else None,
        product_name=product.name if product else None,
        gtin=product.gtin if product else None,
        registration_number=product.registration_number if product else None,
        serial=product.serial if product else None,
        batch=product.batch if product else None,
        price_paid=draft.price_paid, max_price=cap, currency=product.currency if product else None,
        price_verdict=excess.verdict if excess else None,
        excess=excess.amount if excess else None, excess_percent=excess.percent if excess else None,
        pharmacy=_typed(draft.pharmacy), latitude=draft.latitude, longitude=draft.longitude,
        phone=_typed(draft.phone), draft_key=draft.key,
        desk_state="pending", desk_next_at=utcnow(),
    )
    async with db.session() as session:
        session.add(row)
        try:
            await session.flush()
        except IntegrityError:
            await session.rollback()
            stored = await _complaint_of_draft(db, draft.key)  # the same draft, stored a moment ago elsewhere
            if stored is None:
                raise
            return stored
        for photo in photos:
            session.add(ComplaintPhoto(
                complaint_id=row.id, role=photo.role, file_id=photo.file_id,
                file_unique_id=photo.file_unique_id, data=photo.image.data,
                width=photo.image.width, height=photo.image.height))
        session.add(ComplaintEvent(complaint_id=row.id, kind="received", status="new"))
        await session.commit()
    return await get_complaint(db, row.id)


async def _complaint_of_draft(db: Database, key: str) -> ComplaintView | None:
    async with db.session() as session:
        views = await _views(session, select(Complaint).where(Complaint.draft_key == key))
    return views[0] if views else None


async def get_complaint(db: Database, complaint_id: int) -> ComplaintView | None:
    async with db.session() as session:
        views = await _views(session, select(Complaint).where(Complaint.id == complaint_id))
    return views[0] if views else None


async def complaint_in_topic(db: Database, chat_id: int, thread_id: int) -> ComplaintView | None:
    """The complaint whose forum topic this is, if any."""
    async with db.session() as session:
        views = await _views(session, select(Complaint).where(
            Complaint.desk_chat_id == chat_id, Complaint.desk_thread_id == thread_id))
    return views[0] if views else None


async def user_complaints(db: Database, user_id: int, limit: int = 10) -> list[ComplaintView]:
    """The user's complaints, newest first."""
    stmt = (select(Complaint).where(Complaint.user_id == user_id)
            .order_by(Complaint.created_at.desc(), Complaint.id.desc()).limit(limit))
    async with db.session() as session:
        return await _views(session, stmt)


async def last_answers(db: Database, complaint_ids: list[int]) -> dict[int, str]:
    """The latest staff answer of each complaint that has one."""
    if not complaint_ids:
        return {}
    latest = (select(func.max(ComplaintEvent.id))
              .where(ComplaintEvent.complaint_id.in_(complaint_ids), ComplaintEvent.kind == "answer")
              .group_by(ComplaintEvent.complaint_id))
    async with db.session() as session:
        rows = await session.execute(select(ComplaintEvent.complaint_id, ComplaintEvent.text)
                                     .where(ComplaintEvent.id.in_(latest)))
        return {cid: text for cid, text in rows}


async def staff_action(db: Database, complaint_id: int, staff_id: int, action: str) -> ActionResult:
    """Take (or prepare to answer), close or reject a complaint; closed and rejected ones stay so."""
    if action not in STAFF_ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    async with db.session() as session:
        row = await _open_complaint(session, db, complaint_id)
        changed = False
        if action in ("take", "answer"):
            if row.assignee_id != staff_id:
                row.assignee_id, changed = staff_id, True
            if row.status == "new":
                _set_status(session, row, "in_progress", staff_id)
                changed = True
        else:
            _set_status(session, row, "closed" if action == "close" else "rejected", staff_id)
            row.assignee_id = row.assignee_id or staff_id
            changed = True
        row.updated_at = utcnow()
        await session.commit()
    return ActionResult(await get_complaint(db, complaint_id), changed)


async def _open_complaint(session, db: Database, complaint_id: int) -> Complaint:
    """The complaint, locked for this change (PostgreSQL); a missing or closed one cannot change."""
    row = await session.get(Complaint, complaint_id, with_for_update=not db.is_sqlite)
    if row is None:
        raise ComplaintError("not_found")
    if row.status in FINAL:
        raise ComplaintError("final")
    return row


async def record_answer(db: Database, complaint_id: int, staff_id: int, text: str,
                        desk_message_id: int | None = None) -> ActionResult:
    """Keep a staff answer and owe it to the citizen; the complaint becomes "answered"."""
    text = printable(text or "").strip()
    if not text:
        raise ComplaintError("empty")
    if len(text) > ANSWER_LIMIT:
        raise ComplaintError("too_long")
    async with db.session() as session:
        row = await _open_complaint(session, db, complaint_id)
        row.status, row.updated_at = "answered", utcnow()
        row.assignee_id = row.assignee_id or staff_id
        session.add(ComplaintEvent(complaint_id=row.id, kind="answer", status="answered", author_id=staff_id,
                                   text=text, desk_message_id=desk_message_id))
        await session.commit()
    return ActionResult(await get_complaint(db, complaint_id), True)


def _typed(text: str | None) -> str | None:
    """What a citizen typed, as it is stored."""
    return printable(text) if text else text


def _set_status(session, row: Complaint, status: str, staff_id: int | None) -> None:
    row.status = status
    if status in FINAL:
        row.closed_at = utcnow()
    session.add(ComplaintEvent(complaint_id=row.id, kind="status", status=status, author_id=staff_id))


async def _views(session, stmt) -> list[ComplaintView]:
    rows = (await session.scalars(stmt)).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    photos = dict((await session.execute(
        select(ComplaintPhoto.complaint_id, func.count()).where(ComplaintPhoto.complaint_id.in_(ids))
        .group_by(ComplaintPhoto.complaint_id))).all())
    answers = dict((await session.execute(
        select(ComplaintEvent.complaint_id, func.count())
        .where(ComplaintEvent.complaint_id.in_(ids), ComplaintEvent.kind == "answer")
        .group_by(ComplaintEvent.complaint_id))).all())
    languages = dict((await session.execute(
        select(User.id, User.language).where(User.id.in_({row.user_id for row in rows})))).all())
    return [_view(row, languages.get(row.user_id, "ru"), photos.get(row.id, 0), answers.get(row.id, 0))
            for row in rows]


def _view(row: Complaint, language: str, photos: int, answers: int) -> ComplaintView:
    return ComplaintView(
        id=row.id, user_id=row.user_id, language=language, kind=row.kind, status=row.status,
        created_at=row.created_at, product_name=row.product_name, gtin=row.gtin,
        registration_number=row.registration_number, serial=row.serial, batch=row.batch,
        price_paid=row.price_paid, max_price=row.max_price, currency=row.currency,
        price_verdict=row.price_verdict, excess=row.excess, excess_percent=row.excess_percent,
        pharmacy=row.pharmacy, latitude=row.latitude, longitude=row.longitude, phone=row.phone,
        assignee_id=row.assignee_id, closed_at=row.closed_at, desk_state=row.desk_state,
        desk_chat_id=row.desk_chat_id, desk_thread_id=row.desk_thread_id,
        desk_message_id=row.desk_message_id, photos=photos, answers=answers,
    )
