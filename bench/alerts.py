"""Benchmark: what raising alerts adds to a check, beside recording it (the check path's one extra read).

    python bench/alerts.py --backend both --prefill 200000 --checks 2000

Fills `checks` with --prefill generated rows (plain SQL, not timed; a few codes checked very often, as a
sample pack is), then runs --checks checks one after another as the bot makes them: record_check, then
raise_alerts. Every 50th check is of one of the ten hot codes, so clones are raised (ten) and then found.
Prints the machine first and per backend:
    alerts backend=B prefill=N checks=C record_p50_ms=X record_p99_ms=Y raise_p50_ms=X raise_p99_ms=Y alerts=A
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select

from alerts.models import Alert
from alerts.service import raise_alerts
from bench.machine import machine
from core.clock import utcnow
from core.db import Database
from core.migrate import upgrade
from core.users import touch_user
from register.demo import load_directory
from tests.scratch_db import create_database, drop_database
from verification.gs1 import parse_code
from verification.history import record_check
from verification.models import Check
from verification.service import verify_code

PACKS = Path(__file__).resolve().parents[1] / "tests" / "data" / "packs"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
GTIN = "04780181590830"
USERS = 500


async def prefill(db: Database, rows: int) -> None:
    """`rows` checks over the last week: most codes once, ten codes hundreds of times."""
    now = utcnow()
    batch = []
    for n in range(rows):
        serial = f"HOT{n // 10 % 10}" if n % 10 == 0 else f"P{n:09d}"
        batch.append({"user_id": n % USERS + 1, "created_at": now - timedelta(seconds=n * 3), "code_text": "x",
                      "gtin": GTIN, "serial": serial, "batch": "B1", "expiry": None, "verdict": "yellow",
                      "reasons": ""})
        if len(batch) == 5000 or n == rows - 1:
            async with db.writing() as conn:
                await conn.execute(insert(Check), batch)
            batch = []


def ms(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100)[int(q) - 1] * 1000, 3) if len(values) > 1 else 0.0


async def run(backend: str, args: argparse.Namespace, workdir: Path) -> str:
    name = None
    if backend == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{workdir / 'alerts.db'}")
    else:
        url, name = await create_database(POSTGRES, prefix="medcheck_bench")
        db = Database(url)
    try:
        await upgrade(db)
        await load_directory(db, PACKS)
        for user_id in range(1, USERS + 1):
            await touch_user(db, user_id, "ru", "ru", frozenset())
        await prefill(db, args.prefill)
        if backend == "postgres":
            async with db.engine.connect() as conn:
                await conn.exec_driver_sql("ANALYZE checks")
        record, raising = [], []
        for n in range(args.checks):
            serial = f"N{n:07d}" if n % 50 else f"HOT{n // 50 % 10}"
            code = parse_code(f"01{GTIN}21{serial}")
            result = await verify_code(db, code)
            started = time.perf_counter()
            await record_check(db, n % USERS + 1, result)
            recorded = time.perf_counter()
            await raise_alerts(db, result)
            raising.append(time.perf_counter() - recorded)
            record.append(recorded - started)
        async with db.session() as session:
            alerts = await session.scalar(select(func.count()).select_from(Alert))
        return (f"alerts backend={backend} prefill={args.prefill} checks={args.checks} "
                f"record_p50_ms={ms(record, 50)} record_p99_ms={ms(record, 99)} "
                f"raise_p50_ms={ms(raising, 50)} raise_p99_ms={ms(raising, 99)} alerts={alerts}")
    finally:
        await db.close()
        if name:
            await drop_database(POSTGRES, name)


async def main_async(args: argparse.Namespace) -> None:
    logging.getLogger("medcheck.alerts").setLevel(logging.ERROR)  # one line per alert is not the figure
    print(machine(), flush=True)
    backends = ("sqlite", "postgres") if args.backend == "both" else (args.backend,)
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            print(await run(backend, args, Path(tmp)), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--prefill", type=int, default=200_000, help="checks already recorded")
    parser.add_argument("--checks", type=int, default=2000, help="checks timed")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
