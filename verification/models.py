"""The history of checks: what each user checked, so recalls can reach them and /history can reopen it."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, UTCDateTime


class Check(Base):
    __tablename__ = "checks"
    __table_args__ = (
        Index("ix_checks_user_created", "user_id", "created_at"),
        Index("ix_checks_gtin_batch", "gtin", "batch"),
        # Who checked one code lately (alerts: clones); user_id too, so the index alone answers.
        Index("ix_checks_code_created", "gtin", "serial", "created_at", "user_id"),
        # /stats counts a period's checks by day, verdict and reason from this index alone (bench/stats.py).
        Index("ix_checks_created_verdict", "created_at", "verdict", "reasons"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    code_text: Mapped[str] = mapped_column(Text)  # the normalised element string, reopened by /history
    gtin: Mapped[str | None] = mapped_column(String(14))
    serial: Mapped[str | None] = mapped_column(String(64))
    batch: Mapped[str | None] = mapped_column(String(64))
    expiry: Mapped[date | None] = mapped_column(Date)
    verdict: Mapped[str] = mapped_column(String(8))
    reasons: Mapped[str] = mapped_column(String(255), default="")  # space-separated reason names


class RegisterAlert(Base):
    """The state each part of the register was last announced in (verification/watch.py)."""

    __tablename__ = "register_alerts"
    part: Mapped[str] = mapped_column(String(32), primary_key=True)  # coverage.RESTS_ON
    state: Mapped[str] = mapped_column(String(8))                   # fresh, stale, missing
    as_of: Mapped[datetime | None] = mapped_column(UTCDateTime)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RegisterNotice(Base):
    """One operator to tell about one change: a row before anything is sent, claimed once by `sent_at`."""

    __tablename__ = "register_notices"
    __table_args__ = (Index("ix_register_notices_sent_at", "sent_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    part: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(8))
    as_of: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ExpiryReminder(Base):
    """One reminder to one user that a checked pack expires soon: pending -> sent | blocked | cancelled.

    Rows are the schedule, so it survives restarts; only the leading replica sends (bot/jobs/reminders.py).
    """

    __tablename__ = "expiry_reminders"
    __table_args__ = (
        Index("ix_expiry_reminders_state_due", "state", "due_at"),
        Index("ix_expiry_reminders_user", "user_id", "state"),
        UniqueConstraint("user_id", "gtin", "batch", "expiry", "days_before", name="uq_expiry_reminders_once"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    gtin: Mapped[str] = mapped_column(String(14))
    batch: Mapped[str] = mapped_column(String(64), default="")  # "" when the pack did not say
    expiry: Mapped[date] = mapped_column(Date)
    days_before: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
