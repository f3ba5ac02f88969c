"""Benchmark: "where to buy it near me" at national size, on SQLite and PostgreSQL.

    python bench/nearby.py --backend both --pharmacies 20000 --stock 5000000

Fills a fresh database (set-based SQL, not through the importer: that is bench/import_codes.py's
business) with pharmacies clustered around the cities of Uzbekistan and Kyrgyzstan and a few in the
countryside, and stock rows in the table's key order: each of 1000 GTINs held by every fourth pharmacy,
one report in ten older than STOCK_MAX_AGE_DAYS, one in eight with nothing left. Then times
`pharmacies.nearby.nearby` as the bot calls it, from places drawn like the pharmacies (people live where
pharmacies are) for random GTINs; a search that finds nothing within 3 km widens, and is timed whole.
Goal: p99 under 20 ms on both databases. Prints the machine first and, last,
    nearby backend=B pharmacies=N stock=M p50_ms=X p99_ms=Y
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import machine  # noqa: E402
from core.db import Database  # noqa: E402
from core.migrate import upgrade  # noqa: E402
from pharmacies.nearby import KM_PER_DEGREE, Place, nearby  # noqa: E402
from register.fields import check_digit  # noqa: E402
from tests.scratch_db import create_database, drop_database  # noqa: E402

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
GTIN_COUNT = 1000
HOLDERS = 4  # each GTIN is held by every fourth pharmacy
GTINS = [body + str(check_digit(body)) for body in (f"0478{n:09d}" for n in range(1, GTIN_COUNT + 1))]
# City, region, centre, share of the pharmacies, spread (km).
CITIES = [
    ("Tashkent", "Toshkent shahri", 41.311, 69.280, 0.25, 7),
    ("Samarkand", "Samarqand viloyati", 39.654, 66.960, 0.08, 5),
    ("Namangan", "Namangan viloyati", 40.998, 71.672, 0.06, 4),
    ("Andijan", "Andijon viloyati", 40.783, 72.344, 0.06, 4),
    ("Fergana", "Fargʻona viloyati", 40.389, 71.783, 0.05, 4),
    ("Bukhara", "Buxoro viloyati", 39.768, 64.455, 0.05, 4),
    ("Qarshi", "Qashqadaryo viloyati", 38.861, 65.789, 0.04, 4),
    ("Nukus", "Qoraqalpogʻiston", 42.460, 59.600, 0.03, 4),
    ("Bishkek", "Бишкек", 42.875, 74.590, 0.14, 6),
    ("Osh", "Ош", 40.530, 72.800, 0.05, 4),
]
RURAL = 0.19  # the rest: villages across both countries, each in its nearest city's region


def places(count: int, rng: random.Random) -> list[tuple[float, float, str]]:
    """(latitude, longitude, region) drawn like the pharmacies."""
    out = []
    weights = [c[4] for c in CITIES] + [RURAL]
    for _ in range(count):
        pick = rng.choices(range(len(weights)), weights)[0]
        if pick < len(CITIES):
            _, region, lat, lon, _, spread = CITIES[pick]
            km = spread
        else:
            lat, lon, km = rng.uniform(37.5, 43.0), rng.uniform(58.0, 78.0), 0
            region = min(CITIES, key=lambda c: (c[2] - lat) ** 2 + (c[3] - lon) ** 2)[1]
        dlat = rng.gauss(0, km) / KM_PER_DEGREE
        dlon = rng.gauss(0, km) / (KM_PER_DEGREE * math.cos(math.radians(lat)))
        out.append((round(lat + dlat, 6), round(lon + dlon, 6), region))
    return out


async def fill(db: Database, pharmacies: int, stock: int) -> None:
    rng = random.Random(15)
    rows = [(f"PH{i:06d}", f"Apteka {i}", f"Street {i % 500}, {i}", region, lat, lon, "+998 71 000 00 00",
             "08:00–22:00", f"L-{i}", "")
            for i, (lat, lon, region) in enumerate(places(pharmacies, rng))]
    per_gtin = min(pharmacies // HOLDERS, stock // GTIN_COUNT)
    gtins = ", ".join(f"({i}, '{g}')" for i, g in enumerate(GTINS))
    async with db.engine.connect() as conn:
        if db.is_sqlite:
            await conn.exec_driver_sql("INSERT INTO pharmacies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            await conn.exec_driver_sql("CREATE TEMP TABLE bench_gtins (i INTEGER PRIMARY KEY, gtin TEXT)")
            await conn.exec_driver_sql(f"INSERT INTO bench_gtins VALUES {gtins}")
            # In key order (gtin, pharmacy_id), so SQLite appends to its index instead of splitting pages.
            await conn.exec_driver_sql(
                "WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x + 1 < ?) "
                "INSERT INTO stock (gtin, pharmacy_id, quantity, price, currency, updated_at) "
                "SELECT g.gtin, printf('PH%06d', 4 * (x % ?) + (4 - g.i % 4) % 4), "
                "CASE WHEN x % 8 = 0 THEN 0 ELSE x % 37 END, 20000 + (x % 50) * 1000, 'UZS', "
                "strftime('%Y-%m-%d %H:%M:%f', 'now', CASE WHEN x % 10 = 0 THEN '-5 days' "
                "ELSE '-' || (x % 48) || ' hours' END) || '+00:00' "
                "FROM n JOIN bench_gtins g ON g.i = x / ?",
                (per_gtin * GTIN_COUNT, per_gtin, per_gtin))
        else:
            raw = await conn.get_raw_connection()
            await raw.driver_connection.copy_records_to_table("pharmacies", records=rows)
            await conn.exec_driver_sql("CREATE TEMP TABLE bench_gtins (i int PRIMARY KEY, gtin text)")
            await conn.exec_driver_sql(f"INSERT INTO bench_gtins VALUES {gtins}")
            await conn.exec_driver_sql(
                "INSERT INTO stock (gtin, pharmacy_id, quantity, price, currency, updated_at) "
                "SELECT g.gtin, 'PH' || lpad((4 * (x % $2) + (4 - g.i % 4) % 4)::text, 6, '0'), "
                "CASE WHEN x % 8 = 0 THEN 0 ELSE x % 37 END, 20000 + (x % 50) * 1000, 'UZS', "
                "now() - CASE WHEN x % 10 = 0 THEN interval '5 days' ELSE (x % 48) * interval '1 hour' END "
                "FROM generate_series(0, $1 - 1) x JOIN bench_gtins g ON g.i = x / $2",
                (per_gtin * GTIN_COUNT, per_gtin))
        await conn.commit()
    async with db.engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        if db.is_sqlite:
            await conn.exec_driver_sql("ANALYZE")
            await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            await conn.exec_driver_sql("VACUUM ANALYZE pharmacies")
            await conn.exec_driver_sql("VACUUM ANALYZE stock")


async def searches(db: Database, count: int) -> tuple[list[float], dict[str, list[float]]]:
    """Times of whole searches (widening included), in milliseconds; and by how far each had to look."""
    rng = random.Random(11)
    asked = [(Place(lat, lon), rng.choice(GTINS)) for lat, lon, _ in places(count + 100, rng)]
    times, scopes = [], {}
    for n, (place, gtin) in enumerate(asked):
        started = time.perf_counter()
        result = await nearby(db, gtin, place, max_age_days=3)
        if n >= 100:  # warm-up excluded
            times.append((time.perf_counter() - started) * 1000)
            scope = f"{result.radius_km:g} km" if result.radius_km else "region" if result.shown else "none"
            scopes.setdefault(scope, []).append(times[-1])
    return times, scopes


def _p99(ordered: list[float]) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def run(backend: str, pharmacies: int, stock: int, count: int) -> str:
    with tempfile.TemporaryDirectory(prefix="medcheck-bench-") as tmp:
        pg_name = None
        if backend == "sqlite":
            db = Database(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        else:
            url, pg_name = await create_database(POSTGRES, prefix="medcheck_bench")
            db = Database(url)
        try:
            await upgrade(db)
            started = time.perf_counter()
            await fill(db, pharmacies, stock)
            async with db.engine.connect() as conn:
                held = (await conn.exec_driver_sql("SELECT count(*) FROM stock")).scalar()
            print(f"{backend}: {pharmacies} pharmacies and {held} stock rows in {time.perf_counter() - started:.1f} s",
                  flush=True)
            times, scopes = await searches(db, count)
            times.sort()
            p99 = _p99(times)
            print(f"{backend}: answered within " + ", ".join(
                f"{scope}: {len(ms)} (p99 {_p99(sorted(ms)):.1f} ms)" for scope, ms in sorted(scopes.items())),
                flush=True)
            return (f"nearby backend={backend} pharmacies={pharmacies} stock={held} "
                    f"p50_ms={statistics.median(times):.2f} p99_ms={p99:.2f}")
        finally:
            await db.close()
            if pg_name:
                await drop_database(POSTGRES, pg_name)


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--pharmacies", type=int, default=20_000)
    parser.add_argument("--stock", type=int, default=5_000_000)
    parser.add_argument("--searches", type=int, default=2000, help="searches timed")
    args = parser.parse_args(argv)
    print(machine(), flush=True)
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    lines = [await run(backend, args.pharmacies, args.stock, args.searches) for backend in backends]
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
