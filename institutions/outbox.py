"""The withdrawal outbox: one row per submitted document, and the only way its sending moves on.

A row is claimed by moving `next_at` into the future (a lease, as the desk does), so two replicas
never work one document at once and a replica that dies frees it when the lease ends. `in_flight` is
on record before a send starts: a claim that finds it set does not know whether the national system
got the document, so it searches by our UUID before sending again. That makes a send exactly once
across crashes, restarts and timeouts.

A new status is on record with `notice_due` before its author is told, and each notice is claimed
before it is sent, as the register watch does: never repeated, and not lost to a crash before it.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from core.backoff import backoff
from core.bells import Bells
from core.clock import utcnow
from core.db import DB_DOWN, Database
from institutions.documents import settle_codes, wire_code
from institutions.gateway import FINAL, DocumentFile, Gateway, Outgoing, SendError, document_files
from institutions.models import Organisation, WithdrawalCode, WithdrawalDocument, WithdrawalOutbox

log = logging.getLogger(__name__)
# Longer than one step can take (two requests, each waiting up to a minute for the rate limit and
# XTRACE_TIMEOUT_S for its answer), so that no replica takes over a document still being sent.
LEASE = timedelta(minutes=10)
POLL = timedelta(seconds=30)      # how often a document in processing is asked about
BACKOFF_BASE_S = 5.0
BACKOFF_MAX_S = 900.0

GatewayFor = Callable[[str], Gateway]                                   # gateway kind -> gateway
DeliverFiles = Callable[[int, int, list[DocumentFile]], Awaitable[None]]  # author id, document id, files
StatusChanged = Callable[[int, str], Awaitable[None]]                   # document id, new status


@dataclass(frozen=True)
class Job:
    id: int
    document_id: int
    state: str        # send, poll
    in_flight: bool
    attempts: int


async def claim(db: Database, limit: int = 10, now: datetime | None = None) -> list[Job]:
    """Rows due for work, leased to the caller."""
    now = now or utcnow()
    t = WithdrawalOutbox
    due = select(t.id).where(t.state != "done", t.next_at <= now).order_by(t.id).limit(limit)
    jobs = []
    async with db.session() as session:
        for outbox_id in (await session.scalars(due)).all():
            result = await session.execute(update(t).where(t.id == outbox_id, t.state != "done", t.next_at <= now)
                                           .values(next_at=now + LEASE))
            if result.rowcount == 1:
                row = await session.get(t, outbox_id)
                jobs.append(Job(row.id, row.document_id, row.state, row.in_flight, row.attempts))
        await session.commit()
    return jobs


async def outgoing(db: Database, document_id: int) -> tuple[Outgoing, str, int]:
    """The document as the gateway sends it, its organisation's gateway kind, and its author."""
    async with db.session() as session:
        doc = await session.get(WithdrawalDocument, document_id)
        org = await session.get(Organisation, doc.organisation_id)
        codes = (await session.execute(select(WithdrawalCode.gtin, WithdrawalCode.serial)
                                       .where(WithdrawalCode.document_id == document_id)
                                       .order_by(WithdrawalCode.id))).all()
    out = Outgoing(doc.uuid, org.business_place_id, doc.reason, doc.primary_type, doc.primary_number,
                   doc.primary_date, doc.submitted_at, [wire_code(g, s) for g, s in codes], org.api_key_env)
    return out, org.gateway, doc.author_id


async def work(db: Database, job: Job, gateway_for: GatewayFor, deliver: DeliverFiles) -> None:
    """Move one claimed document on by one step: send it (or find it sent), or ask how it stands."""
    out, kind, author = await outgoing(db, job.document_id)
    sending = False  # True once a send has started: a 429 then means it was not accepted
    try:
        if kind == "file":
            try:
                await deliver(author, job.document_id, document_files(out))
            except Exception as exc:  # noqa: BLE001 - Telegram or the network: try again later
                raise SendError(f"files not delivered: {exc}") from None
            await _sent(db, job, None, done=True)
        elif job.state == "send":
            gateway = gateway_for(kind)
            national_id = await gateway.find(out) if job.in_flight else None
            if national_id is None:
                await _update(db, job, in_flight=True)  # on record before the request leaves
                sending = True
                national_id = await gateway.send(out)
            await _sent(db, job, national_id)
        else:
            await _poll(db, job, gateway_for(kind), out)
    except SendError as exc:
        if exc.permanent:
            await _finish(db, job, "error", {}, str(exc))
        elif exc.retry_after is not None:  # asked to wait: not a failure, and nothing was accepted
            await _update(db, job, in_flight=False if sending else job.in_flight, error=str(exc),
                          next_at=utcnow() + timedelta(seconds=exc.retry_after))
        else:
            await _update(db, job, attempts=job.attempts + 1, error=str(exc)[:500],
                          next_at=utcnow() + timedelta(seconds=backoff(job.attempts + 1, BACKOFF_BASE_S,
                                                                       BACKOFF_MAX_S)))


async def _poll(db: Database, job: Job, gateway: Gateway, out: Outgoing) -> None:
    async with db.session() as session:
        national_id = await session.scalar(select(WithdrawalDocument.national_id)
                                           .where(WithdrawalDocument.id == job.document_id))
    processing = await gateway.status(out, national_id)
    if processing.status not in FINAL:
        await _update(db, job, next_at=utcnow() + POLL, error=None)
        return
    await _finish(db, job, FINAL[processing.status], processing.errors, processing.error)


async def _update(db: Database, job: Job, **values) -> None:
    async with db.session() as session:
        await session.execute(update(WithdrawalOutbox).where(WithdrawalOutbox.id == job.id).values(**values))
        await session.commit()


async def _sent(db: Database, job: Job, national_id: str | None, done: bool = False) -> None:
    now = utcnow()
    async with db.session() as session:
        await session.execute(update(WithdrawalDocument).where(WithdrawalDocument.id == job.document_id)
                              .values(status="sent", national_id=national_id, updated_at=now, notice_due=True))
        await session.execute(update(WithdrawalOutbox).where(WithdrawalOutbox.id == job.id).values(
            state="done" if done else "poll", in_flight=False, attempts=0, error=None, next_at=now + POLL))
        await session.commit()


async def _finish(db: Database, job: Job, status: str, errors: dict[str, str], error: str | None) -> None:
    """The national system's last word: the document's status, each code's fate, the row closed."""
    now = utcnow()
    async with db.session() as session:
        doc = await session.get(WithdrawalDocument, job.document_id)
        await settle_codes(session, doc.id, doc.submitted_at, errors, all_failed=status == "error", error=error)
        doc.status, doc.error, doc.finished_at, doc.updated_at, doc.notice_due = status, error, now, now, True
        await session.execute(update(WithdrawalOutbox).where(WithdrawalOutbox.id == job.id)
                              .values(state="done", in_flight=False, error=error))
        await session.commit()


async def drain(db: Database, gateway_for: GatewayFor, deliver: DeliverFiles,
                changed: StatusChanged | None = None, now: datetime | None = None, limit: int = 10) -> int:
    """Work every document due now, one step each, then tell the authors of new statuses; returns how
    many documents were worked."""
    jobs = await claim(db, limit, now)
    for job in jobs:
        await work(db, job, gateway_for, deliver)
    if changed is not None:
        for document_id, status in await claim_status_changes(db):
            try:
                await changed(document_id, status)
            except Exception:  # claimed before sending, so not repeated; /operations shows it all the same
                log.exception("withdrawal status notice not delivered")
    return len(jobs)


async def claim_status_changes(db: Database, limit: int = 50) -> list[tuple[int, str]]:
    """Documents whose status changed since their author was told, with that status, claimed: a status
    is on record before its notice, so a crash in between delays the notice but does not lose it."""
    t = WithdrawalDocument
    claimed = []
    async with db.session() as session:
        due = (await session.execute(select(t.id, t.status).where(t.notice_due.is_(True)).order_by(t.id)
                                     .limit(limit))).all()
        for document_id, status in due:
            result = await session.execute(update(t).where(t.id == document_id, t.notice_due.is_(True),
                                                           t.status == status).values(notice_due=False))
            if result.rowcount == 1:
                claimed.append((document_id, status))
        await session.commit()
    return claimed


_sender = Bells()
ring = _sender.ring  # a document was submitted: send it now, not at the next look


async def run(db: Database, gateway_for: GatewayFor, deliver: DeliverFiles, changed: StatusChanged | None = None,
              idle_s: float = 5.0) -> None:
    """The background job: drain the outbox, then sleep `idle_s` (or until rung), and again."""
    while True:
        try:
            worked = await drain(db, gateway_for, deliver, changed)
        except DB_DOWN:
            log.warning("withdrawal outbox: database unavailable, trying again shortly")
            worked = 0
        except Exception:  # one bad document must not stop the others; its lease frees it
            log.exception("withdrawal outbox failed")
            worked = 0
        if not worked:
            await _sender.wait(db, idle_s)
