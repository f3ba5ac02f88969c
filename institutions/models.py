"""Tables of the institutions domain: organisations, their staff, withdrawal documents and their outbox."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, UTCDateTime

GATEWAYS = ("xtrace", "file")
REASONS = ("medical_use", "expiry", "free_prescription", "destruction", "loss")
# draft -> queued (stored, in the outbox) -> sent (accepted, processing) -> success | partial | error
STATUSES = ("draft", "queued", "sent", "success", "partial", "error")


class Organisation(Base):
    """A hospital or clinic; its API key is never stored, only the name of the variable that holds it."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    tin: Mapped[str] = mapped_column(String(14), unique=True)
    business_place_id: Mapped[str] = mapped_column(String(64))
    region: Mapped[str | None] = mapped_column(String(128))
    gateway: Mapped[str] = mapped_column(String(8), default="file")  # xtrace, file
    api_key_env: Mapped[str | None] = mapped_column(String(64))  # e.g. XTRACE_KEY_CLINIC7
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InstitutionStaff(Base):
    """Which organisation a user with the `institution` role works for."""

    __tablename__ = "institution_staff"
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)


class WithdrawalDocument(Base):
    __tablename__ = "withdrawal_documents"
    __table_args__ = (Index("ix_withdrawal_documents_org_status", "organisation_id", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True)  # ours: a retry is recognised by it
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    author_id: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(24))
    primary_type: Mapped[str | None] = mapped_column(String(32))
    primary_number: Mapped[str | None] = mapped_column(String(64))
    primary_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="draft")
    national_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)  # the document's own error, when the whole of it failed
    notice_due: Mapped[bool] = mapped_column(Boolean, default=False, index=True)  # its author is yet to be told
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WithdrawalCode(Base):
    """A pack in a document, with what the mirror said of it before we marked it withdrawn (to undo a refusal)."""

    __tablename__ = "withdrawal_codes"
    __table_args__ = (UniqueConstraint("document_id", "gtin", "serial"),
                      Index("ix_withdrawal_codes_gtin_serial", "gtin", "serial"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("withdrawal_documents.id", ondelete="CASCADE"))
    gtin: Mapped[str] = mapped_column(String(14))
    serial: Mapped[str] = mapped_column(String(64))
    batch: Mapped[str | None] = mapped_column(String(64))
    expiry: Mapped[date | None] = mapped_column(Date)
    product: Mapped[str | None] = mapped_column(String(255))
    warning: Mapped[str | None] = mapped_column(String(24))  # the confirmed warning: unknown, withdrawn, ...
    # added -> pending (submitted, marked in the mirror) -> confirmed | rejected (the mirror mark undone)
    state: Mapped[str] = mapped_column(String(10), default="added")
    error: Mapped[str | None] = mapped_column(Text)  # the national system's reason for refusing this code
    prev_status: Mapped[str | None] = mapped_column(String(16))
    prev_reason: Mapped[str | None] = mapped_column(String(24))
    prev_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class WithdrawalOutbox(Base):
    """The document's work owed to the national system: `send` it, then `poll` its status until `done`.

    Claimed by a lease on `next_at`; `in_flight` is set before a send and cleared when its answer is on
    record, so a claim that finds it set knows the outcome is unknown and searches before sending again.
    """

    __tablename__ = "withdrawal_outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("withdrawal_documents.id"), unique=True)
    state: Mapped[str] = mapped_column(String(8), default="send")  # send, poll, done
    in_flight: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    error: Mapped[str | None] = mapped_column(Text)
