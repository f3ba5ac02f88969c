"""`medcheck stats export`: the /stats figures as CSV for the regulator's analysts, one figure a row.

Long format (section, day, name, value, median_excess_percent) so any spreadsheet pivots it; every
product, region and campaign is listed, not only the top ones the charts show.
"""
from __future__ import annotations

import csv
import io
from datetime import timedelta

from core.clock import today_in
from core.db import Database
from core.spreadsheet import FilterError, parse_day, safe_cell
from stats.aggregates import Period, gather

COLUMNS = ("section", "day", "name", "value", "median_excess_percent")
DEFAULT_DAYS = 30


def export_period(first: str | None, last: str | None) -> Period:
    """--from and --to (Tashkent dates, inclusive; default the last 30 days); raises FilterError."""
    to = parse_day("to", last) or today_in()
    start = parse_day("from", first) or to - timedelta(days=DEFAULT_DAYS - 1)
    if start > to:
        raise FilterError("from", first or str(start))
    return Period(start, to)


async def export_csv(db: Database, period: Period) -> bytes:
    """UTF-8 with BOM (spreadsheets then read Cyrillic); names a spreadsheet would run as formulas are text."""
    report = await gather(db, period, top=None)
    rows: list[tuple] = []
    for day, counts in sorted(report.checks.items()):
        rows += [("checks", day.isoformat(), verdict, n, "") for verdict, n in sorted(counts.items())]
    rows += [("red_reasons", "", reason, n, "") for reason, n in report.red_reasons.most_common()]
    rows += [("complaints", "", kind, n, "") for kind, n in sorted(report.complaints.items())]
    for section, ranked in (("overprice_products", report.overprice_products),
                            ("overprice_regions", report.overprice_regions)):
        rows += [(section, "", r.name, r.complaints, "" if r.median_excess_percent is None else r.median_excess_percent)
                 for r in ranked]
    rows += [("handling_hours", "", "complaint", round(hours, 1), "") for hours in sorted(report.handling_hours)]
    for reach in report.recalls:
        rows += [(f"recall_{state}", "", f"{reach.campaign_id} {reach.product}", getattr(reach, state), "")
                 for state in ("sent", "blocked", "failed")]
    for day, counts in sorted(report.alerts.items()):
        rows += [("alerts", day.isoformat(), kind, n, "") for kind, n in sorted(counts.items())]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")
