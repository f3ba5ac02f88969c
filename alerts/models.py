"""Alerts are rows before anything is sent: the regulator's export reads them, the sender tells operators."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, UTCDateTime


class Alert(Base):
    """One leak or clone seen on a check. Who checked is not kept here: the export leaves no trace of citizens."""

    __tablename__ = "alerts"
    __table_args__ = (
        # Once per code per window: two replicas raising the same alert at the same moment write one row.
        UniqueConstraint("kind", "gtin", "serial", "period", name="uq_alerts_kind_code_period"),
        Index("ix_alerts_notified_at", "notified_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))                  # leak, clone
    gtin: Mapped[str] = mapped_column(String(14))
    serial: Mapped[str] = mapped_column(String(64))
    batch: Mapped[str | None] = mapped_column(String(64))
    product: Mapped[str | None] = mapped_column(Text)             # the trade name when the catalogue had it
    reason: Mapped[str | None] = mapped_column(String(24))        # leak: why it was withdrawn
    institution: Mapped[str | None] = mapped_column(Text)         # leak: who withdrew it, when the mirror says
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)     # the check that raised it
    location: Mapped[str | None] = mapped_column(Text)            # where, when the citizen shared it
    users: Mapped[int | None] = mapped_column(Integer)            # clone: different people within the window
    period: Mapped[int] = mapped_column(Integer)                  # the window's number, for the unique key
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # operators' notices written


class AlertNotice(Base):
    """One operator to tell about one alert: claimed once by `sent_at` before it is sent."""

    __tablename__ = "alert_notices"
    __table_args__ = (Index("ix_alert_notices_sent_at", "sent_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(Integer, ForeignKey("alerts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
