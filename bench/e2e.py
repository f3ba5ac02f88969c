"""Benchmark: many citizens photograph packs at once; the real bot answers through the local Bot API server.

    python bench/e2e.py --users 200

The bot runs exactly as `medcheck webhook` does (or --mode polling) against PostgreSQL holding the
sample register plus --codes generated code statuses (1 M by default, bulk-copied). The local Bot API
server runs in a thread of its own, so the event-loop lag measured is the bot's. Each simulated user
sends one sample pack photo at the same moment and waits for the answer; a user told "busy" sends
the photo again a second later, as a person would. Prints the machine first and, last:

    e2e users=N updates=N updates_per_s=X p50_ms=Y p99_ms=Z loop_lag_max_ms=W

updates counts every update the bot handled (retries included); p50/p99 are update-to-reply
latencies of the final answers; loop_lag_max_ms is the worst lateness of a 10 ms ticker.
Not part of the test suite.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import random
import statistics
import string
import sys
import threading
import time
from datetime import date, datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.import_codes import GTINS  # noqa: E402
from bench.loop_lateness import ticker  # noqa: E402
from bench.machine import machine  # noqa: E402
from bench.samples import SAMPLES, require_samples  # noqa: E402
from core.db import Database  # noqa: E402
from core.i18n import Translator  # noqa: E402
from core.migrate import upgrade  # noqa: E402
from register.demo import load_directory  # noqa: E402
from tests.botapi import BotAPIServer  # noqa: E402
from tests.harness import running_bot  # noqa: E402
from tests.scratch_db import create_database, drop_database  # noqa: E402

PACKS = SAMPLES / "packs"
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
SAMPLES_TODAY = date(2026, 11, 21)
BUSY_RETRY_S = 1.0
MAX_TRIES = 30


class ServerThread:
    """The local Bot API server on its own event loop in a thread (the user side of the benchmark)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = BotAPIServer(photo_thumbnails=False)
        self.thread = threading.Thread(target=self.loop.run_forever, name="botapi", daemon=True)

    async def __aenter__(self) -> "ServerThread":
        self.thread.start()
        await self.call(self.server.start())
        return self

    async def __aexit__(self, *exc) -> None:
        await self.call(self.server.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    async def call(self, coro):
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(coro, self.loop))

    async def run(self, fn, *args, **kwargs):
        async def sync():
            return fn(*args, **kwargs)
        return await self.call(sync())


async def open_database(url: str | None) -> tuple[Database, str | None]:
    """The given database, or a fresh one on the local test server (dropped afterwards)."""
    if url:
        return Database(url), None
    fresh, name = await create_database(POSTGRES, prefix="medcheck_e2e")
    return Database(fresh), name


async def bulk_codes(db: Database, count: int) -> float:
    """COPY `count` generated code statuses into the mirror; returns seconds."""
    import asyncpg
    started = time.perf_counter()
    rng = random.Random(5)
    alphabet = string.ascii_letters + string.digits
    changed = datetime(2026, 11, 1, 4, tzinfo=timezone.utc)
    expiry = date(2028, 1, 31)
    records = [(GTINS[n % len(GTINS)], "".join(rng.choices(alphabet, k=13)), "in_circulation", None,
                f"B{n % 5000:05d}", expiry, changed) for n in range(count)]
    conn = await asyncpg.connect(db.url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.copy_records_to_table(
            "code_statuses", records=records,
            columns=["gtin", "serial", "status", "reason", "batch", "expiry", "changed_at"])
        # Settle PostgreSQL's after-load work (vacuum, hint bits, checkpoint) so it does not run during the test.
        await conn.execute("VACUUM ANALYZE code_statuses")
        try:
            await conn.execute("CHECKPOINT")
        except asyncpg.InsufficientPrivilegeError:
            pass
    finally:
        await conn.close()
    return time.perf_counter() - started


def readable_photos() -> list[bytes]:
    """Sample pack photos that carry a code (the bot reads most of them; unread ones get the no-code help)."""
    rows = [json.loads(line) for line in (PACKS / "photos.jsonl").read_text().splitlines() if line.strip()]
    return [(PACKS / "photos" / row["file"]).read_bytes() for row in rows if row["expected"]]


async def replies(server: BotAPIServer, waiting: dict[int, asyncio.Future]) -> None:
    """Hand each user the bot's next message to them (one reader of the server's record for all users;
    a wait_for per user would cost the server thread, and through the GIL the bot, O(users) per reply)."""
    seen = 0
    while True:
        calls = server.sent[seen:]  # appended by the server thread; a slice is atomic under the GIL
        seen += len(calls)
        for call in calls:
            future = waiting.get(call.chat_id) if call.method == "sendMessage" else None
            if future is not None and not future.done():
                future.set_result((call.at, call.text))
        await asyncio.sleep(0.005)


async def run(args) -> str:
    db, name = await open_database(args.database_url)
    try:
        started = time.perf_counter()
        await upgrade(db)
        await load_directory(db, PACKS)
        print(f"register: sample register loaded in {time.perf_counter() - started:.1f} s", flush=True)
        if args.codes:
            seconds = await bulk_codes(db, args.codes)
            print(f"register: {args.codes} code statuses copied in {seconds:.1f} s", flush=True)
        busy_text = Translator()("en", "check-busy")
        async with ServerThread() as st:
            server = st.server
            overrides = {"decode_queue": args.decode_queue} if args.decode_queue else {}
            async with running_bot(db, mode=args.mode, server=server, decode_workers=args.workers,
                                   user_rate_per_minute=10_000, **overrides) as tg:
                tg.dp["clock"] = lambda zone: SAMPLES_TODAY
                photos = readable_photos()
                users = [900_000 + n for n in range(args.users)]
                lags: list[float] = []
                stop = asyncio.Event()
                tick = asyncio.create_task(ticker(stop, lags))
                latencies: list[float] = []
                waited: list[float] = []  # from the user's first photo to the answer, "busy" rounds included
                updates = busy = 0
                waiting: dict[int, asyncio.Future] = {}
                watch = asyncio.create_task(replies(server, waiting))

                async def citizen(n: int, user: int) -> None:
                    nonlocal updates, busy
                    first = time.monotonic()
                    for _ in range(MAX_TRIES):
                        waiting[user] = asyncio.get_running_loop().create_future()
                        sent_at = time.monotonic()
                        updates += 1
                        await st.run(server.send_photo, user, photos[n % len(photos)], language_code="en")
                        replied_at, text = await asyncio.wait_for(waiting[user], 120)
                        if text != busy_text:
                            latencies.append((replied_at - sent_at) * 1000)
                            waited.append((replied_at - first) * 1000)
                            return
                        busy += 1
                        await asyncio.sleep(BUSY_RETRY_S)
                    raise RuntimeError(f"user {user} was told busy {MAX_TRIES} times")

                started = time.monotonic()
                await asyncio.gather(*(citizen(n, user) for n, user in enumerate(users)))
                elapsed = time.monotonic() - started
                stop.set()
                watch.cancel()
                await tick
        latencies.sort()
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"answers: {len(latencies)} cards or help messages, {busy} 'busy' answers retried; "
              f"{elapsed:.1f} s from the first photo to the last answer; a user waited "
              f"p50 {statistics.median(waited):.0f} ms, max {max(waited):.0f} ms, busy rounds included", flush=True)
        return (f"e2e users={args.users} updates={updates} updates_per_s={updates / elapsed:.1f} "
                f"p50_ms={statistics.median(latencies):.0f} p99_ms={p99:.0f} "
                f"loop_lag_max_ms={max(lags) * 1000:.0f}")
    finally:
        await db.close()
        if name and not args.keep:
            await drop_database(POSTGRES, name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="simulated users, each sending one photo at once")
    parser.add_argument("--database-url", help="PostgreSQL URL to use as is (default: a fresh database "
                                               "on the local test server, dropped afterwards)")
    parser.add_argument("--codes", type=int, default=1_000_000, help="generated code statuses to bulk-load")
    parser.add_argument("--mode", choices=("webhook", "polling"), default="webhook")
    parser.add_argument("--workers", type=int, default=0, help="decoder processes (0: one per CPU)")
    parser.add_argument("--decode-queue", type=int, help="photos decoding or waiting before 'busy' "
                                                          "(default: the bot's DECODE_QUEUE setting)")
    parser.add_argument("--keep", action="store_true", help="keep the fresh database")
    args = parser.parse_args(argv)
    require_samples()
    logging.basicConfig(level=logging.WARNING)
    print(machine(), flush=True)
    print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine skews every figure)", flush=True)
    result = asyncio.run(run(args))
    print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
    print(result)


if __name__ == "__main__":
    main()
