"""Alerts as CSV for the regulator: what was seen, where and when; never who checked it."""
from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, time, timedelta

from alerts.service import KINDS, list_alerts
from core.db import Database
from core.languages import DEFAULT_ZONE  # the dates a regulator types are Tashkent dates
from core.spreadsheet import safe_cell

COLUMNS = ("id", "created_at_utc", "kind", "product", "gtin", "batch", "serial", "withdrawal_reason",
           "institution", "withdrawn_at_utc", "checked_at_utc", "location", "different_people")


class ExportError(ValueError):
    """An option that cannot be read: `field` and the `value` given."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"{field}={value}")
        self.field, self.value = field, value


async def export_csv(db: Database, *, since: str | None = None, until: str | None = None,
                     kind: str | None = None) -> tuple[bytes, int]:
    """Alerts created between the Tashkent dates `since` and `until` (inclusive), of `kind` ("leak,clone").

    UTF-8 with BOM, so spreadsheets read Cyrillic; text a spreadsheet would run as a formula is neutralised.
    Raises ExportError for a date or kind that cannot be read.
    """
    first, last = _date("since", since), _date("until", until)
    kinds = tuple(k.strip().lower() for k in re.split(r"[,\s]+", kind or "") if k.strip())
    if unknown := [k for k in kinds if k not in KINDS]:
        raise ExportError("kind", unknown[0])
    alerts = await list_alerts(db, kinds=kinds, since=_start(first) if first else None,
                               until=_start(last + timedelta(days=1)) if last else None)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for a in alerts:
        writer.writerow(safe_cell(value) for value in (
            a.id, _iso(a.created_at), a.kind, a.product, a.gtin, a.batch, a.serial, a.reason, a.institution,
            _iso(a.withdrawn_at), _iso(a.checked_at), a.location, a.users))
    return out.getvalue().encode("utf-8-sig"), len(alerts)


def _date(field: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ExportError(field, value) from None


def _start(day: date) -> datetime:
    return datetime.combine(day, time(0), DEFAULT_ZONE)


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""
