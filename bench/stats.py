"""Benchmark: /stats for the last 30 days over a year of checks (10 million rows by default).

    python bench/stats.py --checks 10000000            # PostgreSQL (BENCH_POSTGRES_URL)
    python bench/stats.py --backend sqlite --checks 1000000

Fills a scratch database set-based (PostgreSQL: INSERT ... SELECT FROM generate_series; SQLite: a
recursive CTE), not timed: --checks checks spread evenly over 365 days (70% green, 20% yellow, 10% red
over the four red reasons), 20 000 overprice complaints in 22 regions, one recall campaign a week with
its notices, and some alerts. The indexes /stats does not read are dropped first and its own is built
after the rows, so the fill is quick; then VACUUM ANALYZE, as autovacuum would have done on a live
database. Timed: the first count since the fill (it keeps the closed days' counts, as the first
/stats of a day does), then what /stats does after: queries (`gather`) and all charts drawn in two
decoder workers (warmed by one untimed run first); the median of --runs. Prints the machine first, then
    stats backend=B checks=N seconds=X
where X is the whole answer (queries and charts) for 30 days.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import machine
from core.clock import today_in
from core.db import Database
from core.i18n import Translator
from core.migrate import upgrade
from stats.aggregates import Period, gather
from stats.regions import CENTRES
from stats.report import stats_for
from tests.scratch_db import create_database, drop_database
from verification.decoder_pool import DecoderPool

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
USERS = 10_000
COMPLAINTS = 20_000
YEAR_S = 365 * 86400
NOT_FOR_STATS = ("ix_checks_user_created", "ix_checks_gtin_batch", "ix_checks_code_created")
STATS_INDEX = "CREATE INDEX ix_checks_created_verdict ON checks (created_at, verdict, reasons)"  # as migration 0012
# (verdict, reasons) by n % 20: 14 green, 4 yellow, one each of two red reasons; reds rotate by n % 40.
VERDICT_SQL = """CASE WHEN g % 20 < 14 THEN 'green' WHEN g % 20 < 18 THEN 'yellow' ELSE 'red' END"""
REASONS_SQL = """CASE WHEN g % 20 < 14 THEN 'in_circulation' WHEN g % 20 < 18 THEN 'unknown_code'
                      WHEN g % 40 = 18 THEN 'expired' WHEN g % 40 = 19 THEN 'recalled'
                      WHEN g % 40 = 38 THEN 'withdrawn' ELSE 'not_registered' END"""


def fill_sql(backend: str, checks: int) -> list[str]:
    """The statements that fill the database: users, checks, complaints, campaigns and notices, alerts."""
    if backend == "postgres":
        series = "generate_series(1, {n}) AS s(g)"
        at = "now() - make_interval(secs => {expr})"  # {expr} seconds ago
    else:
        series = ("(WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {n}) "
                  "SELECT g FROM s)")
        at = "datetime(strftime('%s','now') - ({expr}), 'unixepoch')"
    regions = list(CENTRES.values())
    lat = "CASE g % 22 " + " ".join(f"WHEN {i} THEN {la}" for i, (la, _) in enumerate(regions)) + " END"
    lon = "CASE g % 22 " + " ".join(f"WHEN {i} THEN {lo}" for i, (_, lo) in enumerate(regions)) + " END"
    campaigns = 52
    return [
        f"INSERT INTO users (id, language, language_chosen, role, active, created_at, last_seen_at) "
        f"SELECT g, 'ru', false, 'citizen', true, {at.format(expr=YEAR_S)}, {at.format(expr=0)} "
        f"FROM {series.format(n=USERS)}",
        f"INSERT INTO checks (user_id, created_at, code_text, gtin, serial, batch, verdict, reasons) "
        f"SELECT g % {USERS} + 1, {at.format(expr=f'(g * {YEAR_S}.0 / {checks})')}, 'x', '04780181590830', "
        f"'S' || g, 'B' || (g % 100), {VERDICT_SQL}, {REASONS_SQL} FROM {series.format(n=checks)}",
        f"INSERT INTO complaints (user_id, created_at, updated_at, kind, status, product_name, excess_percent, "
        f"latitude, longitude, closed_at, desk_state, desk_attempts, desk_next_at) "
        f"SELECT g % {USERS} + 1, {at.format(expr=f'(g * {YEAR_S}.0 / {COMPLAINTS})')}, "
        f"{at.format(expr=f'(g * {YEAR_S}.0 / {COMPLAINTS})')}, 'overprice', 'closed', 'Product ' || (g % 40), "
        f"5 + g % 60, {lat}, {lon}, {at.format(expr=f'(g * {YEAR_S}.0 / {COMPLAINTS} - 3600 * (g % 200))')}, "
        f"'posted', 0, {at.format(expr=0)} FROM {series.format(n=COMPLAINTS)}",
        f"INSERT INTO recall_campaigns (id, key, gtin, product_name, reason, severity, notice, source, created_at, "
        f"everyone, recall_ids, status, total, paid_booked) "
        f"SELECT g, 'bench:' || g, '04780181590830', 'Recalled ' || g, 'bench', 'high', '', 'operator', "
        f"{at.format(expr=f'(g * {YEAR_S}.0 / {campaigns})')}, false, '[]', 'done', 200, 0 "
        f"FROM {series.format(n=campaigns)}",
        f"INSERT INTO recall_outbox (campaign_id, user_id, audience, language, state, attempts) "
        f"SELECT g % {campaigns} + 1, g % {USERS} + 1, 'checked', 'ru', "
        f"CASE WHEN g % 10 < 8 THEN 'sent' WHEN g % 10 = 8 THEN 'blocked' ELSE 'failed' END, 1 "
        f"FROM {series.format(n=campaigns * 200)}",
        f"INSERT INTO alerts (kind, gtin, serial, checked_at, period, created_at) "
        f"SELECT CASE WHEN g % 3 = 0 THEN 'clone' ELSE 'leak' END, '04780181590830', 'A' || g, "
        f"{at.format(expr='(g * 3600.0)')}, g, {at.format(expr='(g * 3600.0)')} FROM {series.format(n=2000)}",
    ]


async def fill(db: Database, backend: str, checks: int) -> float:
    started = time.perf_counter()
    async with db.engine.begin() as conn:
        for index in (*NOT_FOR_STATS, "ix_checks_created_verdict"):
            await conn.exec_driver_sql(f"DROP INDEX {index}")
        for statement in fill_sql(backend, checks):
            await conn.exec_driver_sql(statement)
        await conn.exec_driver_sql(STATS_INDEX)  # built once over the rows: quicker than kept up row by row
    if backend == "postgres":
        async with db.engine.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        async with db.engine.begin() as conn:
            await conn.exec_driver_sql("ANALYZE")
    return time.perf_counter() - started


async def run(backend: str, args: argparse.Namespace, workdir: Path) -> str:
    name = None
    if backend == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{workdir / 'stats.db'}")
    else:
        url, name = await create_database(POSTGRES, prefix="medcheck_bench")
        db = Database(url)
    pool = DecoderPool(workers=2, deadline_s=30, max_pending=32)
    try:
        await upgrade(db)
        filled = await fill(db, backend, args.checks)
        print(f"filled backend={backend} checks={args.checks} in {filled:.0f} s", flush=True)
        t = Translator().bind("en")
        period = Period.last_days(30, today_in())
        await pool.started()
        started = time.perf_counter()
        await gather(db, period)  # the first since the fill: counts the 29 closed days and keeps them
        first = time.perf_counter() - started
        await stats_for(db, pool, t, period)  # warms the workers (matplotlib)
        queries, answers = [], []
        for _ in range(args.runs):
            started = time.perf_counter()
            report = await gather(db, period)
            queries.append(time.perf_counter() - started)
            started = time.perf_counter()
            _text, pictures = await stats_for(db, pool, t, period)
            answers.append(time.perf_counter() - started)
        in_period = sum(sum(c.values()) for c in report.checks.values())
        print(f"stats backend={backend} checks_in_30_days={in_period} charts={len(pictures)} "
              f"first_queries_seconds={first:.3f} queries_seconds={statistics.median(queries):.3f}", flush=True)
        return f"stats backend={backend} checks={args.checks} seconds={statistics.median(answers):.3f}"
    finally:
        await pool.close()
        await db.close()
        if name:
            await drop_database(POSTGRES, name)


async def main_async(args: argparse.Namespace) -> None:
    print(machine(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        print(await run(args.backend, args, Path(tmp)), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--checks", type=int, default=10_000_000, help="check rows over the year")
    parser.add_argument("--runs", type=int, default=3, help="timed /stats answers (the median is printed)")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
