"""`GET /metrics`: the Prometheus text of core/metrics.py, with the outboxes and the register read fresh.

Counters move as things happen; what is waiting in the outboxes and how old the register data is are
read from the database when Prometheus asks (a few indexed counts every scrape, usually 15 s apart).
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import bindparam, func, select

from alerts.models import AlertNotice
from complaints.models import Complaint, ComplaintEvent
from core.clock import utcnow
from core.db import Database, UTCDateTime
from core.metrics import OUTBOX_AGE, OUTBOX_DEPTH, REGISTER_AGE
from institutions.models import WithdrawalDocument, WithdrawalOutbox
from recalls.models import OutboxRow, RecallCampaign
from register.importers import KINDS
from register.load import data_dates
from verification.models import ExpiryReminder, RegisterNotice

log = logging.getLogger("medcheck")
READ_TIMEOUT_S = 5.0

# Each outbox: how many rows wait, and since when the oldest (its own time, or its parent's).
OUTBOXES = {
    "desk": select(func.count(), func.min(Complaint.created_at)).where(Complaint.desk_state != "posted"),
    "desk_replies": select(func.count(), func.min(ComplaintEvent.created_at))
    .where(ComplaintEvent.delivery == "pending"),
    "recalls": select(func.count(), func.min(RecallCampaign.created_at)).select_from(OutboxRow)
    .join(RecallCampaign, RecallCampaign.id == OutboxRow.campaign_id)
    .where(OutboxRow.state.in_(("pending", "sending"))),
    "withdrawals": select(func.count(), func.min(WithdrawalDocument.submitted_at)).select_from(WithdrawalOutbox)
    .join(WithdrawalDocument, WithdrawalDocument.id == WithdrawalOutbox.document_id)
    .where(WithdrawalOutbox.state != "done"),
    "alert_notices": select(func.count(), func.min(AlertNotice.created_at)).where(AlertNotice.sent_at.is_(None)),
    "register_notices": select(func.count(), func.min(RegisterNotice.created_at))
    .where(RegisterNotice.sent_at.is_(None)),
    # Reminders wait from when they fall due, not from when they were set.
    "reminders": select(func.count(), func.min(ExpiryReminder.due_at))
    .where(ExpiryReminder.state == "pending", ExpiryReminder.due_at <= bindparam("now", type_=UTCDateTime)),
}


def _seconds_since(when: datetime | None, now: datetime) -> float:
    if when is None:
        return 0.0
    if when.tzinfo is None:  # min() over a column comes back without the column type's zone on SQLite
        when = when.replace(tzinfo=now.tzinfo)
    return max(0.0, (now - when).total_seconds())


async def read_gauges(db: Database) -> None:
    """Set the outbox and register gauges from the database."""
    now = utcnow()
    async with db.session() as session:
        for name, query in OUTBOXES.items():
            count, oldest = (await session.execute(query, {"now": now})).one()
            OUTBOX_DEPTH.labels(name).set(count)
            OUTBOX_AGE.labels(name).set(_seconds_since(oldest, now) if count else 0.0)
    dates = await data_dates(db)
    for source in KINDS:
        REGISTER_AGE.labels(source).set(_seconds_since(dates[source], now) if source in dates else -1)


def metrics_route(db: Database):
    """The aiohttp handler: a database that does not answer leaves those gauges as they were, the rest still served."""
    async def metrics(_request: web.Request) -> web.Response:
        try:
            await asyncio.wait_for(read_gauges(db), READ_TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - the counters are worth serving without the gauges
            log.warning("metrics: could not read the outboxes: %s", str(exc)[:200])
        return web.Response(body=generate_latest(), headers={"Content-Type": CONTENT_TYPE_LATEST})
    return metrics
