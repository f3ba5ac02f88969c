"""Alerts as CSV for the regulator: what was seen, where and when; never who checked it."""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from alerts.service import KINDS, list_alerts
from core.db import Database
from core.spreadsheet import iso_utc, parse_choices, parse_day, safe_cell, start_of_day

COLUMNS = ("id", "created_at_utc", "kind", "product", "gtin", "batch", "serial", "withdrawal_reason",
           "institution", "withdrawn_at_utc", "checked_at_utc", "location", "different_people")


async def export_csv(db: Database, *, since: str | None = None, until: str | None = None,
                     kind: str | None = None) -> tuple[bytes, int]:
    """Alerts created between the Tashkent dates `since` and `until` (inclusive), of `kind` ("leak,clone").

    UTF-8 with BOM, so spreadsheets read Cyrillic; text a spreadsheet would run as a formula is neutralised.
    Raises FilterError for a date or kind that cannot be read.
    """
    first, last = parse_day("since", since), parse_day("until", until)
    kinds = parse_choices("kind", kind, KINDS)
    alerts = await list_alerts(db, kinds=kinds, since=start_of_day(first) if first else None,
                               until=start_of_day(last + timedelta(days=1)) if last else None)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for a in alerts:
        writer.writerow(safe_cell(value) for value in (
            a.id, iso_utc(a.created_at), a.kind, a.product, a.gtin, a.batch, a.serial, a.reason, a.institution,
            iso_utc(a.withdrawn_at), iso_utc(a.checked_at), a.location, a.users))
    return out.getvalue().encode("utf-8-sig"), len(alerts)
