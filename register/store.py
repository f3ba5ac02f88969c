"""Writing a checked load: each source in one transaction, so a reader sees the old data or the new, never half.

Replacing sources delete their rows and insert the new ones inside that transaction; incremental
feeds (code statuses, stock) are staged in a temporary table and upserted on the table's primary key
(an older row, by the kind's dated column, never overwrites a newer one);
feed recalls are merged so the ids that campaigns point at survive a reload. PostgreSQL takes rows by
COPY, SQLite by executemany; on SQLite the write lock is taken only for the final statements.
"""
from __future__ import annotations

from collections.abc import Callable
from operator import itemgetter

from sqlalchemy import Table, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from register import DEMO_DIR
from register.importers import Kind, Row
from register.models import SourceState

_BATCH = 20_000  # rows per executemany on SQLite


async def begin_write(conn: AsyncConnection, sqlite: bool) -> None:
    """Open the writing transaction; on SQLite take the write lock now, not halfway (no snapshot upgrade)."""
    if sqlite:
        if conn.in_transaction():
            await conn.commit()
        await conn.exec_driver_sql("BEGIN IMMEDIATE")


class Writer:
    """Rows arrive in chunks; nothing is visible to readers until `commit`."""

    def __init__(self, conn: AsyncConnection, kind: Kind, sqlite: bool) -> None:
        self.conn, self.kind, self.sqlite = conn, kind, sqlite
        self.table: Table = kind.table
        self._values = _driver_values(kind, conn, sqlite)

    async def add(self, rows: list[Row]) -> None:
        raise NotImplementedError

    async def commit(self, state: dict) -> int:
        """Apply the load and the source's state together; returns the rows written."""
        raise NotImplementedError

    async def abort(self) -> None:
        if self.conn.in_transaction():
            await self.conn.rollback()

    async def _insert(self, table: str, rows: list[Row]) -> None:
        """Write `rows` into `table` (the kind's own or its stage) by the driver's fast path."""
        if not rows:
            return
        columns = self.kind.columns
        if self.sqlite:
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            for start in range(0, len(rows), _BATCH):
                await self.conn.exec_driver_sql(sql, list(map(self._values, rows[start:start + _BATCH])))
        else:
            # The transaction must already be open through SQLAlchemy, or COPY would commit on its own.
            raw = await self.conn.get_raw_connection()
            await raw.driver_connection.copy_records_to_table(table, records=map(self._values, rows),
                                                               columns=list(columns))


class BufferedWriter(Writer):
    """Keeps the rows in memory until commit: these sources are small."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.rows: list[Row] = []

    async def add(self, rows: list[Row]) -> None:
        self.rows.extend(rows)


class ReplaceWriter(BufferedWriter):
    async def commit(self, state: dict) -> int:
        await begin_write(self.conn, self.sqlite)
        delete = self.table.delete()
        for name, value in self.kind.scope.items():
            delete = delete.where(self.table.c[name] == value)
        await self.conn.execute(delete)
        await self._insert(self.table.name, self.rows)
        await save_state(self.conn, self.kind, state)
        await self.conn.commit()
        return len(self.rows)


class UpsertWriter(Writer):
    """An incremental feed (code statuses, stock): staged, then upserted on the primary key in one statement."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.staged = 0
        self.stage = f"stage_{self.table.name}"

    async def add(self, rows: list[Row]) -> None:
        if not self.staged:
            await self._create_stage()
        await self._insert(self.stage, rows)
        self.staged += len(rows)

    async def _create_stage(self) -> None:
        columns = ", ".join(self.kind.columns)
        if self.sqlite:
            # A temporary table lives outside the main database file: staging takes no lock readers notice.
            await self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{self.stage}")
            await self.conn.exec_driver_sql(
                f"CREATE TEMP TABLE {self.stage} AS SELECT {columns} FROM main.{self.table.name} WHERE 0")
        else:
            await self.conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
            await self.conn.exec_driver_sql(
                f"CREATE TEMP TABLE {self.stage} ON COMMIT DROP AS SELECT {columns} FROM {self.table.name} "
                "WITH NO DATA")
            await self.conn.exec_driver_sql(f"ALTER TABLE {self.stage} ADD COLUMN seq bigserial")

    async def commit(self, state: dict) -> int:
        columns = self.kind.columns
        names = ", ".join(columns)
        keys = ", ".join(c.name for c in self.table.primary_key.columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in self.table.primary_key.columns)
        table, dated = self.table.name, self.kind.dated
        newer = f"{table}.{dated} IS NULL OR excluded.{dated} >= {table}.{dated}"
        written = 0
        await begin_write(self.conn, self.sqlite)
        after_demo = await _replaces_demo(self.conn, self.kind, state)
        if after_demo:
            # Demo rows must not linger among real ones: the first real load replaces them.
            await self.conn.execute(self.table.delete())
        if self.staged:
            if self.sqlite:
                # Rows apply in file order, so of two rows for one code the later-dated one stays.
                sql = (f"INSERT INTO {table} ({names}) SELECT {names} FROM temp.{self.stage} WHERE true "
                       f"ORDER BY rowid ON CONFLICT ({keys}) DO UPDATE SET {updates} WHERE {newer}")
            else:
                # ON CONFLICT may touch a row once per statement: keep each code's latest row.
                sql = (f"INSERT INTO {table} ({names}) SELECT DISTINCT ON ({keys}) {names} "
                       f"FROM {self.stage} ORDER BY {keys}, {dated} DESC, seq DESC "
                       f"ON CONFLICT ({keys}) DO UPDATE SET {updates} WHERE {newer}")
            written = (await self.conn.exec_driver_sql(sql)).rowcount
            if self.sqlite:
                await self.conn.exec_driver_sql(f"DROP TABLE temp.{self.stage}")
        await save_state(self.conn, self.kind, state, keep_later_date=not after_demo)
        await self.conn.commit()
        return written

    async def abort(self) -> None:
        await super().abort()
        if self.sqlite and self.staged:
            await self.conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{self.stage}")
            await self.conn.commit()


class MergeWriter(BufferedWriter):
    """Feed recalls, matched on (gtin, batch, issued_at): updated in place, new ones added, vanished ones lifted."""

    async def commit(self, state: dict) -> int:
        t = self.table
        await begin_write(self.conn, self.sqlite)
        existing = (await self.conn.execute(
            select(t.c.id, t.c.gtin, t.c.batch, t.c.issued_at).where(t.c.source == "feed"))).all()
        ids = {(row.gtin, row.batch, row.issued_at): row.id for row in existing}
        matched: set[int] = set()
        fresh = []
        for row in self.rows:
            values = {**row, "active": True}
            recall_id = ids.get((row["gtin"], row["batch"], row["issued_at"]))
            if recall_id is None:
                fresh.append({**values, "source": "feed"})
            else:
                matched.add(recall_id)
                await self.conn.execute(update(t).where(t.c.id == recall_id).values(**values))
        if fresh:
            await self.conn.execute(insert(t), fresh)
        gone = [recall_id for recall_id in ids.values() if recall_id not in matched]
        if gone:
            await self.conn.execute(update(t).where(t.c.id.in_(gone)).values(active=False))
        await save_state(self.conn, self.kind, state)
        await self.conn.commit()
        return len(self.rows)


def writer_for(kind: Kind, conn: AsyncConnection, sqlite: bool) -> Writer:
    return {"replace": ReplaceWriter, "upsert": UpsertWriter, "merge": MergeWriter}[kind.write](conn, kind, sqlite)


def _driver_values(kind: Kind, conn: AsyncConnection, sqlite: bool) -> Callable[[Row], tuple]:
    """A row's values in `kind.columns` order; on SQLite bound as SQLAlchemy would (dates as text, UTC
    datetimes, decimals as floats), since executemany on the driver skips SQLAlchemy's binding."""
    values = itemgetter(*kind.columns)
    processors = [(index, kind.table.c[name].type.bind_processor(conn.dialect)) for index, name in
                  enumerate(kind.columns)] if sqlite else []
    processors = [(index, process) for index, process in processors if process is not None]
    if not processors:
        return values

    def convert(row: Row) -> tuple:
        bound = list(values(row))
        for index, process in processors:
            if bound[index] is not None:
                bound[index] = process(bound[index])
        return tuple(bound)

    return convert


async def _replaces_demo(conn: AsyncConnection, kind: Kind, state: dict) -> bool:
    t = SourceState.__table__
    previous = (await conn.execute(select(t.c.location).where(t.c.source == kind.name))).scalar()
    demo = str(DEMO_DIR.resolve())
    return bool(previous and previous.startswith(demo) and not str(state.get("location")).startswith(demo))


async def save_state(conn: AsyncConnection, kind: Kind, state: dict, *, keep_later_date: bool = False) -> None:
    """Record what the mirror now holds of `kind`; an incremental feed keeps the later of two data dates."""
    t = SourceState.__table__
    values = dict(state)
    if keep_later_date:
        previous = (await conn.execute(select(t.c.data_date).where(t.c.source == kind.name))).scalar()
        if previous and values.get("data_date") and previous > values["data_date"]:
            values["data_date"] = previous
    done = await conn.execute(update(t).where(t.c.source == kind.name).values(**values))
    if done.rowcount == 0:
        await conn.execute(insert(t).values(source=kind.name, **values))


async def source_states(conn: AsyncConnection) -> dict[str, dict]:
    t = SourceState.__table__
    rows = (await conn.execute(select(t))).mappings().all()
    return {row["source"]: dict(row) for row in rows}
