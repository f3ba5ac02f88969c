"""What stats keeps: each closed day's checks counted once, and the weekly digest (one row per week, its key
making it once across replicas, and a notice per operator)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, UTCDateTime


class CheckDay(Base):
    """A closed Tashkent day's checks by verdict and reasons: counted from `checks` once, then read from here.

    A day without checks has one row with no verdict, so that it too is known to be counted.
    """

    __tablename__ = "stats_check_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    verdict: Mapped[str] = mapped_column(String(8), primary_key=True)
    reasons: Mapped[str] = mapped_column(String(255), primary_key=True)
    checks: Mapped[int] = mapped_column(Integer)


class StatsDigest(Base):
    __tablename__ = "stats_digests"
    week: Mapped[str] = mapped_column(String(8), primary_key=True)  # ISO week it covers: "2026-W47"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StatsDigestNotice(Base):
    """One operator to send one week's digest to; claimed once by `sent_at` before it is sent."""

    __tablename__ = "stats_digest_notices"
    __table_args__ = (Index("ix_stats_digest_notices_sent_at", "sent_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[str] = mapped_column(String(8), ForeignKey("stats_digests.week", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
