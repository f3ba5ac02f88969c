"""The one database module: declarative Base, engine and sessions for SQLite and PostgreSQL.

It imports nothing of ours, so every domain package can put its tables on `Base`.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, nullcontext
from datetime import timezone
from pathlib import Path

from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# The database is down (or unreachable): callers answer "temporarily unavailable" rather than fail.
DB_DOWN = (OperationalError, DBAPIError, OSError, TimeoutError)

# Stable constraint names let Alembic alter tables the same way on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# aiosqlite logs every statement with its parameters (phones, user ids) at DEBUG: never let it.
logging.getLogger("aiosqlite").setLevel(logging.INFO)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)




class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on both databases (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime stored; use an aware UTC datetime")
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Database:
    """An engine and its session factory; `session()` opens a unit of work.

    Its errors and log lines never carry a statement's parameters: they hold personal data.
    """

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = make_url(url).database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine: AsyncEngine = create_async_engine(
                url, echo=echo, hide_parameters=True, connect_args={"timeout": 30})
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
            self._one_writer: asyncio.Lock | nullcontext = asyncio.Lock()
        else:
            self.engine = create_async_engine(
                url, echo=echo, hide_parameters=True, pool_size=10, max_overflow=20, pool_pre_ping=True,
                connect_args={"timeout": 10})
            event.listen(self.engine.sync_engine, "handle_error", _without_driver_detail)
            self._one_writer = nullcontext()
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    def connect(self) -> AsyncConnection:
        """A bare connection, for the few statements run on every update: no ORM session to set up."""
        return self.engine.connect()

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncConnection]:
        """A bare connection for one short write, committed at the end (rolled back on an error).

        SQLite lets one connection write at a time and makes the others sleep and try again, up to
        100 ms a try: under load that was the slowest answers' wait. Here writers queue on a lock
        instead, and take turns as soon as the one before commits. PostgreSQL needs no lock.
        """
        async with self._one_writer, self.engine.begin() as conn:
            yield conn

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()


def _without_driver_detail(context) -> None:
    # asyncpg's own error prints PostgreSQL's DETAIL, which names a violated key's values (a user id,
    # a phone). SQLAlchemy's error says what failed without it, so tracebacks stop there.
    context.original_exception.__cause__ = None


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # WAL lets readers keep answering from the old data while an import writes the new.
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
