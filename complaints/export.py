"""Complaints as CSV for the regulator, filtered by date, status, kind and product.

No contact data leaves this way: the file carries what was sold, where, for how much, and what
became of the complaint, not who complained.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from complaints.draft import KINDS
from complaints.models import Complaint, ComplaintEvent, ComplaintPhoto
from complaints.service import STATUSES
from core.db import Database
from core.spreadsheet import FilterError, iso_utc, parse_choices, parse_day, safe_cell, start_of_day

COLUMNS = ("id", "created_at_utc", "kind", "status", "product", "gtin", "registration_number", "batch",
           "serial", "price_paid", "max_price", "currency", "excess", "excess_percent", "price_verdict",
           "pharmacy", "latitude", "longitude", "photos", "answers", "closed_at_utc")
_KEYS = ("since", "until", "status", "kind", "product")


@dataclass(frozen=True)
class ExportFilter:
    since: date | None = None              # created on or after this local date
    until: date | None = None              # created on or before this local date
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    product: str | None = None             # part of the name, or a GTIN or registration number


def make_filter(since: str | None = None, until: str | None = None, status: str | None = None,
                kind: str | None = None, product: str | None = None) -> ExportFilter:
    """Build a filter from typed values ("2026-01-31", "closed,rejected"); raises FilterError."""
    return ExportFilter(since=parse_day("since", since), until=parse_day("until", until),
                        statuses=parse_choices("status", status, STATUSES), kinds=parse_choices("kind", kind, KINDS),
                        product=(product or "").strip() or None)


def parse_filter(text: str) -> ExportFilter:
    """Read "since=2026-01-01 status=closed product=Paracetamol UZ" (any order, any subset)."""
    text = (text or "").strip()
    if not text:
        return ExportFilter()
    parts = re.split(r"(?:^|\s+)(" + "|".join(_KEYS) + r")=", text, flags=re.IGNORECASE)
    if parts[0].strip():
        raise FilterError("filter", parts[0].strip())
    values = {key.lower(): value.strip() for key, value in zip(parts[1::2], parts[2::2])}
    return make_filter(**values)


async def export_csv(db: Database, flt: ExportFilter) -> tuple[bytes, int]:
    """The matching complaints as CSV (UTF-8 with BOM, so spreadsheets read Cyrillic) and their count.

    Typed text that a spreadsheet would run as a formula starts with an apostrophe instead.
    """
    photos = (select(func.count()).where(ComplaintPhoto.complaint_id == Complaint.id)
              .correlate(Complaint).scalar_subquery())
    answers = (select(func.count()).where(ComplaintEvent.complaint_id == Complaint.id,
                                          ComplaintEvent.kind == "answer")
               .correlate(Complaint).scalar_subquery())
    stmt = select(Complaint, photos, answers).order_by(Complaint.id)
    if flt.since:
        stmt = stmt.where(Complaint.created_at >= start_of_day(flt.since))
    if flt.until:
        stmt = stmt.where(Complaint.created_at < start_of_day(flt.until + timedelta(days=1)))
    if flt.statuses:
        stmt = stmt.where(Complaint.status.in_(flt.statuses))
    if flt.kinds:
        stmt = stmt.where(Complaint.kind.in_(flt.kinds))
    if flt.product:
        needle = flt.product.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        matches = [func.lower(Complaint.product_name).like(f"%{needle}%", escape="\\"),
                   Complaint.registration_number == flt.product]
        if flt.product.isdigit():
            matches.append(Complaint.gtin == flt.product.zfill(14))
        stmt = stmt.where(or_(*matches))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    async with db.session() as session:
        for row, photo_count, answer_count in (await session.execute(stmt)).all():
            writer.writerow(safe_cell(value) for value in (
                row.id, iso_utc(row.created_at), row.kind, row.status, row.product_name, row.gtin,
                row.registration_number, row.batch, row.serial, row.price_paid, row.max_price, row.currency,
                row.excess, row.excess_percent, row.price_verdict, row.pharmacy, row.latitude, row.longitude,
                photo_count, answer_count, iso_utc(row.closed_at),
            ))
            count += 1
    return out.getvalue().encode("utf-8-sig"), count
