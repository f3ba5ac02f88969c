"""How fresh the mirror is: per source kind, whether it is loaded, its data date, and whether that is recent enough.

A source's "as of" is its data date (`SourceState.data_date`, as `medcheck import` and `sync` report
it). It is fresh while it is at most its maximum age old (`REGISTER_MAX_AGE_DAYS`, overridden per
source by `REGISTER_MAX_AGE_DAYS_BY_SOURCE`). Ages count whole days in Tashkent, like the verdict's "today".
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.db import Database
from register.fields import TASHKENT
from register.importers import KINDS
from register.load import data_dates

DEFAULT_MAX_AGE_DAYS = 7


@dataclass(frozen=True)
class MaxAge:
    """How many days old each source's data may be and still vouch for "not on record"."""

    days: int = DEFAULT_MAX_AGE_DAYS
    by_source: Mapping[str, int] = field(default_factory=dict)  # source kind -> days

    def of(self, source: str) -> int:
        return self.by_source.get(source, self.days)


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    as_of: datetime | None  # the data date (UTC); None: never loaded
    max_age_days: int
    fresh: bool

    @property
    def loaded(self) -> bool:
        return self.as_of is not None

    @property
    def state(self) -> str:
        """fresh, stale or missing."""
        return "fresh" if self.fresh else "stale" if self.loaded else "missing"

    @property
    def as_of_day(self) -> date | None:
        return self.as_of.astimezone(TASHKENT).date() if self.as_of else None


def source_key(name: str) -> str:
    """A source kind as typed in a setting: "code_status" and "code-status" are the same source."""
    key = name.strip().lower().replace("_", "-")
    if key not in KINDS:
        raise ValueError(f"{name!r} is not a source kind; known: {', '.join(KINDS)}")
    return key


def freshness(dates: Mapping[str, datetime | None], max_age: MaxAge, today: date) -> dict[str, SourceFreshness]:
    """Every source kind's freshness on `today`, from the data dates the mirror records."""
    out = {}
    for source in KINDS:
        as_of, days = dates.get(source), max_age.of(source)
        fresh = as_of is not None and (today - as_of.astimezone(TASHKENT).date()).days <= days
        out[source] = SourceFreshness(source, as_of, days, fresh)
    return out


async def register_freshness(db: Database, max_age: MaxAge, today: date) -> dict[str, SourceFreshness]:
    """`freshness` of what the database holds now."""
    return freshness(await data_dates(db), max_age, today)
