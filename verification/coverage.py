"""What the register can vouch for right now: each part of a verdict, and the sources its "not on record" rests on.

A row that is absent says "not on record" only if the source that would hold it is loaded and fresh
(register/freshness.py). Otherwise the verdict says "cannot check right now", never "counterfeit".
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from register.fields import TASHKENT
from register.freshness import SourceFreshness

# Part of a verdict -> the sources that could hold its row; any one of them fresh is enough.
RESTS_ON: dict[str, tuple[str, ...]] = {
    "product": ("gtin-catalogue",),          # not registered
    "registration": ("registrations",),      # no registration on record
    "code_status": ("code-status",),         # the pack's code is not on record
    "certificate": ("uz-certificates",),     # no quality certificate for the batch
    "price": ("uz-prices", "ru-znvlp"),      # no maximum price
}
# "Register data as of" on every card: the oldest of the sources a pack's identity rests on, so a pack
# card and a product card of the same register say the same date.
REGISTER_DATE_FROM = RESTS_ON["product"] + RESTS_ON["registration"] + RESTS_ON["code_status"]


@dataclass(frozen=True)
class PartState:
    part: str
    state: str                # fresh, stale or missing
    as_of: datetime | None    # the newest data date among its loaded sources
    sources: tuple[str, ...]

    @property
    def checkable(self) -> bool:
        return self.state == "fresh"

    @property
    def as_of_day(self) -> date | None:
        return self.as_of.astimezone(TASHKENT).date() if self.as_of else None


def coverage(sources: Mapping[str, SourceFreshness]) -> dict[str, PartState]:
    """Each part's state: fresh when one of its sources is fresh, stale when one is loaded, else missing."""
    parts = {}
    for part, names in RESTS_ON.items():
        states = [sources[name] for name in names]
        loaded = [s.as_of for s in states if s.loaded]
        state = "fresh" if any(s.fresh for s in states) else "stale" if loaded else "missing"
        parts[part] = PartState(part, state, max(loaded, default=None), names)
    return parts


def register_date(sources: Mapping[str, SourceFreshness]) -> datetime | None:
    """The date the card calls "register data as of": the oldest loaded source a pack's identity rests on."""
    return min((sources[name].as_of for name in REGISTER_DATE_FROM if sources[name].loaded), default=None)


def unchecked(parts: Mapping[str, PartState]) -> dict[str, date | None]:
    """Parts that cannot vouch for an absence: part -> the day of its data in Tashkent (None: not loaded)."""
    return {name: part.as_of_day for name, part in parts.items() if not part.checkable}
