"""The one database module: declarative Base, engine and sessions for SQLite and PostgreSQL.

It imports nothing of ours but the metrics, so every domain package can put its tables on `Base`.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, nullcontext
from datetime import timezone
from functools import partial
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import DateTime, Engine, Executable, Insert, MetaData, Row, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

from core.metrics import DB_ERRORS

T = TypeVar("T")
R = TypeVar("R")

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


class Batches(Generic[T, R]):
    """Items that arrive while a write runs go together in the next one: one transaction for many.

    `write` takes items in arrival order and returns a result for each, in that order. Each caller
    awaits its own item's result (or the batch's error), so what it awaited is on record.
    """

    MOST = 500  # items in one write, so that none holds the database for long

    def __init__(self, write: Callable[[list[T]], Awaitable[list[R]]]) -> None:
        self._write = write
        self._pending: list[tuple[T, asyncio.Future[R]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def add(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:self.MOST], self._pending[self.MOST:]
            if len(batch) == 1:
                await self._write_alone(batch[0])
                continue
            try:
                results = await self._write([item for item, _ in batch])
            except Exception:  # one bad item must not sink the others: each alone, so only its caller fails
                for entry in batch:
                    await self._write_alone(entry)
            else:
                for (_, future), result in zip(batch, results, strict=True):
                    if not future.done():  # its caller may have gone; the row is written all the same
                        future.set_result(result)

    async def _write_alone(self, entry: tuple[T, asyncio.Future[R]]) -> None:
        item, future = entry
        try:
            [result] = await self._write([item])
        except Exception as exc:
            if not future.done():
                future.set_exception(exc)
        else:
            if not future.done():
                future.set_result(result)


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
            event.listen(self.engine.sync_engine, "handle_error", _count_error)
            self._one_writer: asyncio.Lock | nullcontext = asyncio.Lock()
            # Reads on the event loop's own thread (read()): a file's SQLite without aiosqlite, and with
            # a short wait for a lock, so that the loop is never held for long.
            self._reader: Engine | None = None
            if path and path != ":memory:":
                self._reader = create_engine(make_url(url).set(drivername="sqlite+pysqlite"), echo=echo,
                                             hide_parameters=True, pool_size=1, connect_args={"timeout": 0.05})
                event.listen(self._reader, "connect", _sqlite_pragmas)
        else:
            self.engine = create_async_engine(
                url, echo=echo, hide_parameters=True, pool_size=10, max_overflow=20,
                connect_args={"timeout": 10})
            event.listen(self.engine.sync_engine, "handle_error", _without_driver_detail)
            event.listen(self.engine.sync_engine, "handle_error", _count_error)
            self._one_writer = nullcontext()
            self._reader = None
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # A lone read needs no transaction: in autocommit asyncpg sends no BEGIN and ROLLBACK around it.
        self._reads = self.engine if self.is_sqlite else self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._inserts: dict[Insert, Batches[dict[str, Any], Row | None]] = {}

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            yield session

    async def read(self, statement: Executable, params: dict[str, Any]) -> list[Row]:
        """The rows of one small indexed query, the kind run on every update.

        On SQLite it runs right here on the event loop's thread: such a query takes about 0.1 ms, and
        handing it to aiosqlite's thread and back cost twice that. In WAL mode a reader does not wait
        for writers; should the file be locked all the same (a checkpoint that must wait for nobody),
        the read goes the usual way, through the thread, rather than hold the loop.

        On PostgreSQL a connection that the server dropped (a restart) is found here, as every update
        starts with a read: the read is made once more on a new connection, and the pool replaces the
        others. That is why the pool does not ping each connection before use (a round trip each time).
        """
        if self._reader is not None:
            try:
                with self._reader.connect() as conn:
                    return conn.execute(statement, params).all()
            except OperationalError:
                pass
        for attempt in (1, 2):
            try:
                async with self._reads.connect() as conn:
                    return (await conn.execute(statement, params)).all()
            except DBAPIError as exc:
                if not exc.connection_invalidated or attempt == 2:
                    raise
        raise AssertionError("unreachable")

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncConnection]:
        """A bare connection for one short write, committed at the end (rolled back on an error).

        SQLite lets one connection write at a time and makes the others sleep and try again, up to
        100 ms a try: under load that was the slowest answers' wait. Here writers queue on a lock
        instead, and take turns as soon as the one before commits. PostgreSQL needs no lock.
        """
        async with self._one_writer, self.engine.begin() as conn:
            yield conn

    async def insert(self, statement: Insert, row: dict[str, Any]) -> Row | None:
        """Insert one row; rows inserted at the same moment share one transaction (Batches).

        Returns the row's RETURNING values when `statement` has them. For the rows written on every
        update, where a transaction each was most of the cost of a write.
        """
        batches = self._inserts.get(statement)
        if batches is None:
            batches = self._inserts[statement] = Batches(partial(self._insert_many, statement))
        return await batches.add(row)

    async def _insert_many(self, statement: Insert, rows: list[dict[str, Any]]) -> list[Row | None]:
        async with self.writing() as conn:
            result = await conn.execute(statement, rows)
            return list(result.all()) if statement._returning else [None] * len(rows)

    async def ping(self) -> None:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    async def close(self) -> None:
        await self.engine.dispose()
        if self._reader is not None:
            self._reader.dispose()


async def with_database(url: str, work: Callable[[Database], Awaitable[T]]) -> T:
    """`work(db)` on a database opened for it and closed after: one shell command's whole use of it."""
    db = Database(url)
    try:
        return await work(db)
    finally:
        await db.close()


def _count_error(context) -> None:
    # Every error the driver raised through the engine; the class says which kind (OperationalError: unreachable).
    DB_ERRORS.labels(type(context.sqlalchemy_exception or context.original_exception).__name__).inc()


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
