"""Recall records: from the register feed or issued by an operator in the bot."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, UTCDateTime, utcnow


class Recall(Base):
    __tablename__ = "recalls"
    __table_args__ = (Index("ix_recalls_gtin_batch", "gtin", "batch"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gtin: Mapped[str] = mapped_column(String(14))
    batch: Mapped[str | None] = mapped_column(String(64))  # None: every batch of the GTIN
    reason: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))  # low, medium, high
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    notice: Mapped[str] = mapped_column(Text, default="")
    notices: Mapped[dict | None] = mapped_column(JSON)  # per language, when the operator wrote several
    source: Mapped[str] = mapped_column(String(16), default="feed")  # feed, operator
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
