"""CSV exports for spreadsheets: the cells, and the filters an export is asked for.

Text a spreadsheet would run as a formula is shown as text instead; the filters (days, choices) are
read one way for every export.
"""
from __future__ import annotations

import re
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path

from core.languages import DEFAULT_ZONE  # the dates a regulator types are Tashkent dates

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class FilterError(ValueError):
    """A filter that cannot be read: `field` and the `value` given."""

    def __init__(self, field: str, value: str) -> None:
        super().__init__(f"{field}={value}")
        self.field, self.value = field, value


def safe_cell(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe, which shows it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def parse_day(field: str, value: str | None) -> date | None:
    """A typed ISO date (None when not given); raises FilterError."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FilterError(field, value) from None


def parse_choices(field: str, value: str | None, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """Words separated by commas or spaces, each one of `allowed`; raises FilterError."""
    if not value:
        return ()
    chosen = tuple(v.strip().lower() for v in re.split(r"[,\s]+", value) if v.strip())
    unknown = [v for v in chosen if v not in allowed]
    if unknown:
        raise FilterError(field, unknown[0])
    return chosen


def start_of_day(day: date) -> datetime:
    """When a Tashkent day starts."""
    return datetime.combine(day, time(0), DEFAULT_ZONE)


def iso_utc(value: datetime | None) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if value else ""


def write_export(data: bytes, output: str | None, written: str) -> None:
    """An export to standard output (no -o, or -o -) or to a file, and then "<written> written to FILE"
    on standard error, so that a pipe holds the CSV alone."""
    if output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(output).write_bytes(data)
        print(f"{written} written to {output}", file=sys.stderr)
