"""Waking a background job when there is work for it, instead of letting it sleep out its interval.

One `Bells` per kind of job; a bell per database, so that several bots in one process (tests,
replicas) wake only their own job. Another replica's work is found by the job's own interval.
"""
from __future__ import annotations

import asyncio
import weakref

from core.db import Database


class Bells:
    def __init__(self) -> None:
        self._events: weakref.WeakKeyDictionary[Database, asyncio.Event] = weakref.WeakKeyDictionary()

    def ring(self, db: Database) -> None:
        """There is work for the job of this database."""
        self._events.setdefault(db, asyncio.Event()).set()

    async def wait(self, db: Database, timeout: float) -> None:
        """Sleep until rung or until `timeout` seconds pass."""
        event = self._events.setdefault(db, asyncio.Event())
        try:
            await asyncio.wait_for(event.wait(), max(0.0, timeout))
        except asyncio.TimeoutError:
            pass
        event.clear()
