"""Recall campaigns: who is told of a recall (the recalls themselves are register data: `register.models.Recall`)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, UTCDateTime

# A campaign is the act of recalling; the outbox holds one row per person to tell, written in the
# same transaction, so nothing is sent that is not on record and nothing on record is forgotten.
CAMPAIGN_STATUSES = ("sending", "done")
OUTBOX_STATES = ("pending", "sending", "sent", "failed", "blocked")
AUDIENCES = ("checked", "subscribed", "everyone")  # in the order they are told


class RecallCampaign(Base):
    __tablename__ = "recall_campaigns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)  # "feed:<recall id>" or "operator:<draft>"
    gtin: Mapped[str] = mapped_column(String(14))
    product_name: Mapped[str | None] = mapped_column(String(255))
    batches: Mapped[list | None] = mapped_column(JSON)  # None: every batch of the GTIN
    reason: Mapped[str] = mapped_column(Text)
    severity: Mapped[str] = mapped_column(String(8))
    notice: Mapped[str] = mapped_column(Text, default="")
    notices: Mapped[dict | None] = mapped_column(JSON)  # per language, when the operator wrote several
    source: Mapped[str] = mapped_column(String(16))  # feed, operator
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    everyone: Mapped[bool] = mapped_column(Boolean, default=False)  # also every active user
    recall_ids: Mapped[list] = mapped_column(JSON)  # the Recall rows this campaign put in force
    status: Mapped[str] = mapped_column(String(16), default="sending")
    total: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    report_chat_id: Mapped[int | None] = mapped_column(BigInteger)  # where the progress message lives
    report_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Urgent (paid broadcast): the most notices that may go paid (None: not urgent), and how many have
    # been booked so far: booked before they go, so a crash never lets the spend pass its cap.
    paid_max: Mapped[int | None] = mapped_column(Integer)
    paid_booked: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class OutboxRow(Base):
    """One notice to one person: pending -> sending -> sent | failed | blocked."""

    __tablename__ = "recall_outbox"
    __table_args__ = (
        UniqueConstraint("campaign_id", "user_id"),
        Index("ix_recall_outbox_state_id", "state", "id"),
        Index("ix_recall_outbox_campaign_state_id", "campaign_id", "state", "id"),  # urgent campaigns first
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(Integer, ForeignKey("recall_campaigns.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    audience: Mapped[str] = mapped_column(String(12))  # checked, subscribed, everyone
    language: Mapped[str] = mapped_column(String(2))
    state: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # transient errors back off
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    error: Mapped[str | None] = mapped_column(String(255))
    claim: Mapped[str | None] = mapped_column(String(32))  # the sender that holds it 'sending'


class RecallSubscription(Base):
    """A citizen asked to hear about recalls of this product."""

    __tablename__ = "recall_subscriptions"
    __table_args__ = (Index("ix_recall_subscriptions_gtin", "gtin"),)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    gtin: Mapped[str] = mapped_column(String(14), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RecallOptOut(Base):
    """A citizen sent /stop: no recall notices at all until /subscribe."""

    __tablename__ = "recall_optouts"
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    stopped_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
