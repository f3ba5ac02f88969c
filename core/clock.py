"""The clock: time is UTC in storage; "today" is a date in someone's time zone."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from core.languages import DEFAULT_ZONE, zone_for

Clock = Callable[[str], date]  # zone name -> "today" there; tests pin it to the samples' day


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def today_in(zone: ZoneInfo = DEFAULT_ZONE, clock: Clock | None = None) -> date:
    """Today's date where the person is (a pack expires at the end of their day, not UTC's)."""
    return clock(zone.key) if clock else datetime.now(zone).date()


def today_for(lang: str, clock: Clock | None = None) -> date:
    """Today in the zone of a reader of `lang`."""
    return today_in(zone_for(lang), clock)


def local_day(moment: datetime, zone: ZoneInfo = DEFAULT_ZONE) -> date:
    """The calendar day of a stored (UTC) moment where the reader is."""
    return moment.astimezone(zone).date()
