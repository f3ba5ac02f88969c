"""Complaint tables: the complaint (with its place in the desk outbox), its photos, and what happened to it."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, UTCDateTime


class Complaint(Base):
    """One citizen's complaint; `desk_*` columns make it its own outbox row for the support desk."""

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_user_created", "user_id", "created_at"),
        Index("ix_complaints_desk_due", "desk_state", "desk_next_at"),
        Index("ix_complaints_desk_thread", "desk_chat_id", "desk_thread_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    draft_key: Mapped[str | None] = mapped_column(String(32), unique=True)  # the draft it was stored from
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))  # overprice, counterfeit, withdrawn, damaged, other
    status: Mapped[str] = mapped_column(String(16), default="new")  # new, in_progress, answered, closed, rejected
    # The medicine, as the register knew it when the citizen complained.
    check_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("checks.id", ondelete="SET NULL"))
    product_name: Mapped[str | None] = mapped_column(String(255))
    gtin: Mapped[str | None] = mapped_column(String(14))
    registration_number: Mapped[str | None] = mapped_column(String(64))
    serial: Mapped[str | None] = mapped_column(String(64))
    batch: Mapped[str | None] = mapped_column(String(64))
    # The price paid against the cap; the excess is computed once, when the complaint is stored.
    price_paid: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    max_price: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    currency: Mapped[str | None] = mapped_column(String(3))
    price_verdict: Mapped[str | None] = mapped_column(String(12))  # over_cap, within_cap, no_cap
    excess: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    excess_percent: Mapped[Decimal | None] = mapped_column(Numeric(8, 1))
    pharmacy: Mapped[str | None] = mapped_column(Text)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    phone: Mapped[str | None] = mapped_column(String(32))
    assignee_id: Mapped[int | None] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The support desk: pending -> topic (forum topic made) -> media (photos posted) -> posted.
    desk_state: Mapped[str] = mapped_column(String(8), default="pending")
    desk_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    desk_thread_id: Mapped[int | None] = mapped_column(BigInteger)
    desk_message_id: Mapped[int | None] = mapped_column(BigInteger)  # the card with the staff buttons
    desk_attempts: Mapped[int] = mapped_column(Integer, default=0)
    desk_next_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # also a lease while posting
    desk_error: Mapped[str | None] = mapped_column(Text)


class ComplaintPhoto(Base):
    """A receipt or pack photo: Telegram's ids and our EXIF-free copy (purged after the retention period)."""

    __tablename__ = "complaint_photos"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(8))  # receipt, pack
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_unique_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ComplaintEvent(Base):
    """The receipt, a status change or a staff answer; each one is a notice owed to the citizen (an outbox row)."""

    __tablename__ = "complaint_events"
    __table_args__ = (Index("ix_complaint_events_due", "delivery", "next_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(8))  # received (the receipt), status, answer
    status: Mapped[str] = mapped_column(String(16))  # the complaint's status after this event
    author_id: Mapped[int | None] = mapped_column(BigInteger)
    text: Mapped[str | None] = mapped_column(Text)  # the answer as staff wrote it
    desk_message_id: Mapped[int | None] = mapped_column(BigInteger)  # the staff message in the topic
    # Delivery to the citizen: pending -> sent, or none (nothing to tell), or failed (they blocked us).
    delivery: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
