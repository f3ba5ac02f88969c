"""The weekly digest: one row per week (its key makes it once across replicas) and a notice per operator."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, UTCDateTime


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
