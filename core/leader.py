"""One replica at a time does a job (the recall sender, the register sync): leadership is an advisory lock
on PostgreSQL, the one process on SQLite."""
from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from core.db import Database

log = logging.getLogger("medcheck")


class SingleProcess:
    """SQLite: the one process is the leader (run one bot process on SQLite: two would both lead)."""

    held = False

    async def acquire(self) -> bool:
        self.held = True
        return True

    async def alive(self) -> bool:
        return True

    async def release(self) -> None:
        self.held = False


class AdvisoryLock:
    """PostgreSQL: leadership is holding `pg_try_advisory_lock(key)` on a dedicated connection.

    Any number of replicas may run and exactly one leads; when the leader dies its connection closes,
    the lock goes with it, and another replica takes over. `job` names the job in the log.
    """

    def __init__(self, db: Database, key: int, job: str) -> None:
        self.db, self.key, self.job = db, key, job
        self.conn: AsyncConnection | None = None
        self.held = False

    async def acquire(self) -> bool:
        """Try once; True when this process now leads."""
        if self.held:
            return True
        conn = await self.db.engine.connect()
        try:
            got = await conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": self.key})
            await conn.commit()  # the lock is the session's, not the transaction's
        except BaseException:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self.conn, self.held = conn, True
        log.info("%s: leading (advisory lock %s)", self.job, self.key)
        return True

    async def alive(self) -> bool:
        """Still leading? A dead connection means the lock is gone."""
        if not self.held or self.conn is None:
            return False
        try:
            await self.conn.execute(text("SELECT 1"))
            await self.conn.commit()
            return True
        except Exception:  # noqa: BLE001 - any failure of the connection loses the lock
            log.warning("%s: the lock connection failed; leadership lost", self.job)
            await self._drop(invalidate=True)
            return False

    async def release(self) -> None:
        if self.conn is None:
            self.held = False
            return
        try:
            await self.conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": self.key})
            await self.conn.commit()
            await self._drop(invalidate=False)
        except Exception:  # noqa: BLE001 - closing the session releases the lock anyway
            await self._drop(invalidate=True)

    async def _drop(self, invalidate: bool) -> None:
        conn, self.conn, self.held = self.conn, None, False
        if conn is None:
            return
        try:
            if invalidate:
                await conn.invalidate()
            await conn.close()
        except Exception:  # noqa: BLE001
            pass


def leadership_for(db: Database, key: int, job: str) -> SingleProcess | AdvisoryLock:
    """Each job its own fixed 64-bit key (advisory locks are per database)."""
    return SingleProcess() if db.is_sqlite else AdvisoryLock(db, key, job)
