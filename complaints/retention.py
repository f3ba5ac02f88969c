"""Receipts are personal data: once a complaint has been closed for the retention period, its images go."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from complaints.models import Complaint, ComplaintPhoto
from complaints.service import FINAL
from core.clock import utcnow
from core.db import Database


async def purge_images(db: Database, retention_days: int, now: datetime | None = None) -> int:
    """Forget the bytes and Telegram file ids of photos of complaints closed or rejected more than
    `retention_days` ago; the complaint itself (what, where, how much) stays for the statistics.
    Returns how many photos were purged."""
    now = now or utcnow()
    cutoff = now - timedelta(days=retention_days)
    expired = select(Complaint.id).where(Complaint.status.in_(FINAL), Complaint.closed_at < cutoff)
    async with db.session() as session:
        result = await session.execute(
            update(ComplaintPhoto)
            .where(ComplaintPhoto.complaint_id.in_(expired), ComplaintPhoto.purged_at.is_(None))
            .values(data=None, file_id=None, file_unique_id=None, purged_at=now)
            .execution_options(synchronize_session=False))
        await session.commit()
    return result.rowcount or 0
