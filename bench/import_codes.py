"""Benchmark: load code statuses (`medcheck import code-status`) and look codes up by GTIN + serial.

    python bench/import_codes.py --backend both --rows 1000000 --lookup-rows 10000000

Imports --rows generated rows from a CSV file through `register.load.import_source` into a fresh
database, fills the table up to --lookup-rows with generated rows (plain SQL, not timed), then times
single-code lookups as the bot makes them. Targets on a 2-core machine: 1 M rows in under 60 s on
PostgreSQL and 120 s on SQLite; lookup p99 under 2 ms at 10 M rows. Prints the machine first and the
figures last:
    import backend=B rows=N seconds=S rows_per_s=R
    lookup backend=B rows=N p50_ms=X p99_ms=Y
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from bench.machine import machine  # noqa: E402
from core.db import Database  # noqa: E402
from core.migrate import upgrade  # noqa: E402
from register.fields import check_digit  # noqa: E402
from register.load import Tolerance, import_source  # noqa: E402
from register.models import CodeStatus  # noqa: E402
from tests.scratch_db import create_database, drop_database  # noqa: E402

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
GTINS = [f"0478{n:09d}" for n in range(1, 1001)]
GTINS = [body + str(check_digit(body)) for body in GTINS]
SERIAL_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!%&()*+-./:;<=>?_"


def write_csv(path: Path, rows: int, seed: int = 7) -> None:
    """Realistic rows: random GS1 serials, mostly in circulation, a few withdrawn, repeated timestamps."""
    rng = random.Random(seed)
    stamps = [f"2026-11-{day:02d}T{hour:02d}:00:00+05:00" for day in range(1, 21) for hour in (9, 13, 17)]
    expiries = [f"20{year}-{month:02d}-28" for year in (27, 28, 29) for month in range(1, 13)]
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["gtin", "serial", "status", "reason", "batch", "expiry", "changed_at"])
        for n in range(rows):
            serial = "".join(rng.choices(SERIAL_CHARS, k=13))
            withdrawn = n % 10 == 0
            writer.writerow([GTINS[n % len(GTINS)], serial, "withdrawn" if withdrawn else "in_circulation",
                             "sale" if withdrawn else "", f"B{n % 5000:05d}", expiries[n % len(expiries)],
                             stamps[n % len(stamps)]])


async def open_database(backend: str, workdir: Path) -> tuple[Database, str | None]:
    if backend == "sqlite":
        return Database(f"sqlite+aiosqlite:///{workdir / 'bench.db'}"), None
    url, name = await create_database(POSTGRES, prefix="medcheck_bench")
    return Database(url), name


async def fill(db: Database, total: int) -> int:
    """Add generated rows until the table holds `total`; serial `F` + number, so lookups can pick any."""
    async with db.engine.connect() as conn:
        have = (await conn.exec_driver_sql("SELECT count(*) FROM code_statuses")).scalar()
        extra = max(0, total - have)
        if not extra:
            return 0
        per_gtin = -(-extra // len(GTINS))
        values = ", ".join(f"({i}, '{g}')" for i, g in enumerate(GTINS))
        if db.is_sqlite:
            await conn.exec_driver_sql("CREATE TEMP TABLE bench_gtins (i INTEGER PRIMARY KEY, gtin TEXT)")
            await conn.exec_driver_sql(f"INSERT INTO bench_gtins VALUES {values}")
            # Rows arrive in key order, so SQLite appends to its index instead of splitting pages.
            await conn.exec_driver_sql(
                "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x + 1 < ?) "
                "INSERT INTO code_statuses (gtin, serial, status, batch, expiry, changed_at) "
                "SELECT g.gtin, printf('F%012d', x % ?), 'in_circulation', 'F1', '2028-01-31', "
                "'2026-11-01 04:00:00.000000' FROM n JOIN bench_gtins g ON g.i = x / ?",
                (extra, per_gtin, per_gtin))
        else:
            await conn.exec_driver_sql("CREATE TEMP TABLE bench_gtins (i int PRIMARY KEY, gtin text)")
            await conn.exec_driver_sql(f"INSERT INTO bench_gtins VALUES {values}")
            await conn.exec_driver_sql(
                "INSERT INTO code_statuses (gtin, serial, status, batch, expiry, changed_at) "
                "SELECT g.gtin, 'F' || lpad((x % $2)::text, 12, '0'), 'in_circulation', 'F1', date '2028-01-31', "
                "timestamptz '2026-11-01 04:00:00Z' FROM generate_series(0, $1 - 1) x "
                "JOIN bench_gtins g ON g.i = x / $2", (extra, per_gtin))
        await conn.commit()
        return extra


async def settle(db: Database) -> None:
    """Statistics fresh and, on SQLite, the write-ahead log folded back: the state a running mirror is in."""
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        if db.is_sqlite:
            await conn.exec_driver_sql("ANALYZE")
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            await conn.exec_driver_sql("VACUUM ANALYZE code_statuses")


async def lookups(db: Database, total: int, filled: int, count: int) -> list[float]:
    """Times of single lookups through SQLAlchemy, as the bot does them, in milliseconds."""
    rng = random.Random(11)
    per_gtin = -(-filled // len(GTINS)) if filled else 0
    stmt = select(CodeStatus.status, CodeStatus.reason, CodeStatus.batch, CodeStatus.expiry,
                  CodeStatus.changed_at)
    times = []
    async with db.engine.connect() as conn:
        for n in range(count + 200):
            if filled and n % 4:
                k = rng.randrange(filled)
                gtin, serial = GTINS[k // per_gtin], f"F{k % per_gtin:012d}"
            else:
                gtin, serial = rng.choice(GTINS), "".join(rng.choices(SERIAL_CHARS, k=13))  # mostly a miss
            query = stmt.where(CodeStatus.gtin == gtin, CodeStatus.serial == serial)
            started = time.perf_counter()
            (await conn.execute(query)).first()
            if n >= 200:  # warm-up excluded
                times.append((time.perf_counter() - started) * 1000)
        await conn.rollback()
    return times


async def run(backend: str, rows: int, lookup_rows: int, samples: int) -> None:
    with tempfile.TemporaryDirectory(prefix="medcheck-bench-") as tmp:
        workdir = Path(tmp)
        source = workdir / "code_status.csv"
        started = time.perf_counter()
        write_csv(source, rows)
        print(f"{backend}: wrote {rows} rows ({source.stat().st_size / 2**20:.0f} MiB) "
              f"in {time.perf_counter() - started:.1f} s", flush=True)
        db, pg_name = await open_database(backend, workdir)
        try:
            await upgrade(db)
            report = await import_source(db, "code-status", source, tolerance=Tolerance(rows=0),
                                         progress=sys.stdout.isatty())
            if report.refused:
                raise SystemExit(f"import refused: {report.reason}")
            import_line = (f"import backend={backend} rows={report.applied} seconds={report.seconds:.2f} "
                           f"rows_per_s={report.applied / report.seconds:.0f}")
            print(import_line, flush=True)
            started = time.perf_counter()
            filled = await fill(db, lookup_rows)
            await settle(db)
            print(f"{backend}: filled to {max(lookup_rows, rows)} rows in {time.perf_counter() - started:.1f} s",
                  flush=True)
            times = await lookups(db, max(lookup_rows, rows), filled, samples)
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            lookup_line = (f"lookup backend={backend} rows={max(lookup_rows, rows)} "
                           f"p50_ms={statistics.median(times):.3f} p99_ms={p99:.3f}")
            return import_line, lookup_line
        finally:
            await db.close()
            if pg_name:
                await drop_database(POSTGRES, pg_name)


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--rows", type=int, default=1_000_000, help="code-status rows to import (timed)")
    parser.add_argument("--lookup-rows", type=int, default=10_000_000, help="table size for the lookups")
    parser.add_argument("--lookups", type=int, default=5000, help="lookups timed")
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    lines = []
    for backend in backends:
        lines.extend(await run(backend, args.rows, args.lookup_rows, args.lookups))
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
