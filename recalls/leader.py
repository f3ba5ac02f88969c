"""One recall sender at a time: leadership over the outbox (core.leader)."""
from __future__ import annotations

from core.db import Database
from core.leader import AdvisoryLock, SingleProcess
from core.leader import leadership_for as _leadership_for

__all__ = ["LOCK_KEY", "AdvisoryLock", "SingleProcess", "leadership_for"]

LOCK_KEY = 0x6D65_6463_7263_6C31  # "medcrcl1", a positive bigint


def leadership_for(db: Database) -> SingleProcess | AdvisoryLock:
    return _leadership_for(db, LOCK_KEY, "recall sender")
