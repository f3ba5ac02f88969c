"""Benchmark: one recall to many people through the local Bot API server, with a crash in the middle.

    python bench/broadcast.py                       # 100 000 recipients, SQLite, rate 950/s, 1 crash
    python bench/broadcast.py --recipients 20000 --database-url postgresql+asyncpg://postgres@127.0.0.1/test
    python bench/broadcast.py --recipients 1500 --rate 25 --server-limit 30 --latency-ms 150   # a far Telegram
    python bench/broadcast.py --urgent --recipients 20000 --rate 25 --server-limit 30   # paid broadcast at 900/s

What it does:
1. A fresh database (a temporary SQLite file, or a new database on the given PostgreSQL server) with
   N users in four languages, each of whom checked the recalled batch; one campaign is issued with
   `recalls.campaigns.issue`, which writes N outbox rows in one transaction.
2. The local Bot API server (tests/botapi) runs in this process with a global flood limit
   (--server-limit per second, default 1000; beyond it: 429 with retry_after).
3. The sender — the bot's own job, `recalls.sender.serve` with `bot.jobs.broadcast.Broadcast` — runs
   in a subprocess at --rate (default 950/s: Telegram's real limit is about 30/s; the scale keeps the
   run to minutes, and the share of the configured rate is what counts). After each 1/(crashes+1) of
   the recipients the subprocess is killed with SIGKILL and started again; it resumes from the outbox.
4. Figures come from the server's own record of sendMessage per chat: duplicates (a chat that got the
   notice more than once), losses (a recipient who got none), 429 answers, and throughput while
   sending: each sender process counts from its first call (getMe, once its imports are done) to its
   last notice, so restart gaps are left out; the wall-clock share is printed as well. CPU seconds of
   the server and of the sender processes are printed too: on a 2-core machine shared with other work
   the sender (about 0.7 ms of CPU per notice, most of it aiogram and aiohttp) is nearly CPU-bound at
   950/s. The sender logs, when it stops, how many notices it had in flight at most, how many sends
   overlapped another, and how long a send on its own takes.

With --urgent the campaign is an urgent one (paid broadcast, its cap --stars, default enough for
everyone): the server keeps Telegram's paid limit of 1000 a second for messages sent with
allow_paid_broadcast besides its free --server-limit (give 30 for Telegram's), and the sender sends
the paid notices at --paid-rate (default 900/s); rate_share is then of the paid rate.

Prints the machine first and the result last, exactly:
    broadcast recipients=N sent=N lost=N duplicates=N crashes=K rate_share=X paid=P stars_booked=S
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select  # noqa: E402

from bench.machine import load_average, machine  # noqa: E402
from core.db import Database  # noqa: E402
from core.languages import LANGUAGES  # noqa: E402
from core.migrate import upgrade  # noqa: E402
from core.users import User  # noqa: E402
from recalls.campaigns import RecallOrder, attach_report, issue  # noqa: E402
from recalls.models import OutboxRow, RecallCampaign  # noqa: E402
from recalls.paid import spent_stars  # noqa: E402
from tests.scratch_db import create_database, drop_database  # noqa: E402
from verification.models import Check  # noqa: E402

GTIN, BATCH = "04784911862525", "BENCH01"
OPERATOR = 1
FIRST_USER = 10_000_000
CHUNK = 10_000


# ----------------------------------------------------------------------------- the database

async def fresh_database(url: str | None, workdir: Path) -> tuple[Database, str | None]:
    """A temporary SQLite file, or a new database on the PostgreSQL server of `url` (and its name)."""
    if url is None:
        return Database(f"sqlite+aiosqlite:///{workdir / 'bench.db'}"), None
    fresh, name = await create_database(url, prefix="medcheck_broadcast")
    return Database(fresh), name


async def prepare(db: Database, recipients: int, urgent_stars: int = 0) -> int:
    """N users who each checked the batch, and the campaign; returns the campaign id."""
    await upgrade(db)
    ids = range(FIRST_USER, FIRST_USER + recipients)
    async with db.engine.begin() as conn:
        await conn.execute(insert(User), [{"id": OPERATOR, "language": "en", "role": "operator"}])
        for start in range(0, recipients, CHUNK):
            part = ids[start:start + CHUNK]
            await conn.execute(insert(User), [{"id": uid, "language": LANGUAGES[uid % 4]} for uid in part])
            await conn.execute(insert(Check), [
                {"user_id": uid, "code_text": f"01{GTIN}21S{uid}", "gtin": GTIN, "serial": f"S{uid}",
                 "batch": BATCH, "verdict": "green", "reasons": "in_circulation"} for uid in part])
    started = time.perf_counter()
    issued = await issue(db, RecallOrder(gtin=GTIN, product_name="Ceftriakson", batches=(BATCH,),
                                   reason="quality defect", severity="high",
                                   notice="Batch BENCH01 failed sterility testing. Do not use it.",
                                   notices={"ru": "Серия BENCH01 не прошла испытание на стерильность. Не применяйте."},
                                   created_by=OPERATOR, urgent_stars=urgent_stars),
                         f"operator:bench-{uuid.uuid4().hex}")
    print(f"campaign: {issued.total} outbox rows written in one transaction in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    return issued.campaign_id


async def remaining(db: Database) -> int:
    async with db.session() as session:
        return await session.scalar(select(func.count()).where(OutboxRow.state.in_(("pending", "sending")))) or 0


async def states(db: Database) -> dict[str, int]:
    async with db.session() as session:
        return dict((await session.execute(select(OutboxRow.state, func.count()).group_by(OutboxRow.state))).all())


# ----------------------------------------------------------------------------- the sender subprocess

def sender_main(args: argparse.Namespace) -> None:
    """Run the bot's sender job against the bench server until killed."""
    from aiogram import Bot
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.enums import ParseMode

    from bot.jobs.broadcast import Broadcast
    from core.i18n import Translator
    from recalls.sender import SenderConfig, serve

    logging.basicConfig(level=logging.WARNING, format="  sender %(process)d: %(message)s")
    logging.getLogger("medcheck.recalls").setLevel(logging.INFO)  # how it went, when it stops

    async def run() -> None:
        db = Database(args.database_url)
        bot = Bot(args.token, session=AiohttpSession(api=TelegramAPIServer.from_base(args.api_base)),
                  default=DefaultBotProperties(parse_mode=ParseMode.HTML))
        await bot.get_me()  # marks on the server the moment this sender is ready
        job = Broadcast(db, Translator(), bot)
        config = SenderConfig(rate=args.rate, max_in_flight=args.in_flight, paid_rate=args.paid_rate,
                              progress_s=3.0)
        task = asyncio.create_task(serve(db, job.deliver, report=job.report, config=config, feed_s=3600))
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
        try:
            await task
        except asyncio.CancelledError:
            pass
        finally:
            await bot.session.close()
            await db.close()

    if os.environ.get("BENCH_PROFILE"):  # a profile of the sender process, written on SIGTERM
        import cProfile
        cProfile.runctx("asyncio.run(run())", globals(), locals(), os.environ["BENCH_PROFILE"])
    else:
        asyncio.run(run())


def start_sender(args: argparse.Namespace, url: str, server) -> subprocess.Popen:
    command = [sys.executable, __file__, "--sender", "--database-url", url, "--api-base", server.base_url,
               "--token", server.token, "--rate", str(args.rate), "--in-flight", str(args.in_flight),
               "--paid-rate", str(args.paid_rate)]
    return subprocess.Popen(command)


# ----------------------------------------------------------------------------- the run

async def bench(args: argparse.Namespace) -> None:
    from aiogram import Bot

    from tests.botapi import BotAPIServer

    print(machine(f"SQLite {sqlite3.sqlite_version}"), flush=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    db, pg_name = await fresh_database(args.database_url, workdir)
    backend = "postgresql" if pg_name else "sqlite"
    print(f"setup: {backend}, {args.recipients} recipients, rate {args.rate}/s, server limit "
          f"{args.server_limit}/s, {args.latency_ms:g} ms round trip added, at most {args.in_flight} in flight, "
          f"{args.crashes} crash(es)" + (f"; urgent: paid at {args.paid_rate}/s, server paid limit 1000/s, cap "
                                          f"{urgent_stars(args)} Stars" if args.urgent else ""), flush=True)
    try:
        started = time.perf_counter()
        campaign_id = await prepare(db, args.recipients, urgent_stars(args) if args.urgent else 0)
        print(f"prepared in {time.perf_counter() - started:.1f} s", flush=True)
        async with BotAPIServer(global_limit=args.server_limit, global_window=1.0,
                                paid_limit=1000 if args.urgent else None,
                                latency=args.latency_ms / 1000) as server:
            bot = Bot(server.token, session=server.aiogram_session())
            progress = await bot.send_message(OPERATOR, "progress")
            await bot.session.close()
            await attach_report(db, campaign_id, OPERATOR, progress.message_id)
            cpu = time.process_time()
            await run_with_crashes(args, db, server)
            server.bench_cpu = (time.process_time() - cpu, resource.getrusage(resource.RUSAGE_CHILDREN))
            await report(args, db, server, campaign_id)
    finally:
        await db.close()
        if pg_name:
            await drop_database(args.database_url, pg_name)
        shutil.rmtree(workdir, ignore_errors=True)


def urgent_stars(args: argparse.Namespace) -> int:
    """The cap: as given, else every recipient paid plus what each crash leaves booked (two claims, 256 rows)."""
    return args.stars if args.stars is not None else -(-(args.recipients + 256 * args.crashes) // 10)


def _notices(server) -> list:
    return [c for c in server.sent if c.method == "sendMessage" and c.chat_id != OPERATOR]


async def run_with_crashes(args: argparse.Namespace, db: Database, server) -> None:
    url = db.url
    kills = [args.recipients * (k + 1) // (args.crashes + 1) for k in range(args.crashes)]
    server.bench_runs = []  # (start, end) monotonic of each sender process
    proc = start_sender(args, url, server)
    run_start = time.monotonic()
    seen = delivered = 0
    while True:
        await asyncio.sleep(0.05)
        fresh, seen = server.sent[seen:], len(server.sent)  # counted as they come: the list grows long
        delivered += sum(1 for c in fresh if c.method == "sendMessage" and c.chat_id != OPERATOR)
        if kills and delivered >= kills[0]:
            kills.pop(0)
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            at = time.monotonic()
            server.bench_runs.append((run_start, at))
            print(f"crash: SIGKILL after {delivered} notices; restarting", flush=True)
            proc = start_sender(args, url, server)
            run_start = time.monotonic()
            continue
        if proc.poll() is not None:
            raise SystemExit(f"the sender exited with {proc.returncode}")
        if delivered >= args.recipients and not kills and await remaining(db) == 0:
            break
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    server.bench_runs.append((run_start, time.monotonic()))


async def report(args: argparse.Namespace, db: Database, server, campaign_id: int) -> None:
    calls = _notices(server)
    per_chat = Counter(c.chat_id for c in calls)
    expected = set(range(FIRST_USER, FIRST_USER + args.recipients))
    received = expected & set(per_chat)
    duplicates = sum(n - 1 for chat, n in per_chat.items() if n > 1)
    lost = len(expected - received)
    strangers = set(per_chat) - expected
    # Throughput while a sender was sending: per process, first to last notice it delivered.
    sending_s, spans = 0.0, []
    ready = sorted(c.at for c in server.calls if c.method == "getMe")
    for start, end in server.bench_runs:
        start = next((at for at in ready if start <= at < end), start)  # after its imports and start-up
        times = sorted(c.at for c in calls if start <= c.at < end)
        if len(times) > 1:
            sending_s += times[-1] - times[0]
            spans.append(f"{len(times)} in {times[-1] - times[0]:.1f} s")
    wall_s = calls[-1].at - calls[0].at if len(calls) > 1 else 0.0
    throughput = len(calls) / sending_s if sending_s else 0.0
    rate = args.paid_rate if args.urgent else args.rate
    async with db.session() as session:
        booked = await session.scalar(select(RecallCampaign.paid_booked).where(RecallCampaign.id == campaign_id))
    by_state = await states(db)
    edits = server.method_counts.get("editMessageText", 0)
    print(f"outbox: {by_state}; load average now {load_average()}", flush=True)
    print(f"sender runs: {'; '.join(spans)}", flush=True)
    parent_cpu, children = server.bench_cpu
    print(f"cpu: {parent_cpu:.1f} s in this process (the Bot API server), "
          f"{children.ru_utime + children.ru_stime:.1f} s in the sender processes", flush=True)
    print(f"server: {len(calls)} notices accepted ({server.paid_messages} by paid broadcast), "
          f"{server.rate_limited} answered 429, {edits} progress edits, {len(strangers)} unexpected chats", flush=True)
    print(f"time: {sending_s:.1f} s sending, {wall_s:.1f} s wall clock with restarts; throughput "
          f"{throughput:.1f}/s = {throughput / rate:.3f} of the rate while sending, "
          f"{len(calls) / wall_s if wall_s else 0:.1f}/s = {(len(calls) / wall_s if wall_s else 0) / rate:.3f} "
          f"over the wall clock", flush=True)
    print(f"broadcast recipients={args.recipients} sent={len(received)} lost={lost} duplicates={duplicates} "
          f"crashes={args.crashes} rate_share={throughput / rate:.3f} paid={server.paid_messages} "
          f"stars_booked={spent_stars(booked)}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=950.0, help="the sender's configured rate per second")
    parser.add_argument("--server-limit", type=int, default=1000, help="the server's global limit per second")
    parser.add_argument("--in-flight", type=int, default=32,
                        help="the most sends awaiting their answer at once (the sender keeps as few as hold the rate)")
    parser.add_argument("--latency-ms", type=float, default=0.0,
                        help="round trip the server adds to each call, as a far Telegram would")
    parser.add_argument("--crashes", type=int, default=1, help="SIGKILLs of the sender along the way")
    parser.add_argument("--urgent", action="store_true", help="an urgent recall: paid broadcast at --paid-rate")
    parser.add_argument("--paid-rate", type=float, default=900.0, help="the sender's paid broadcast rate per second")
    parser.add_argument("--stars", type=int, default=None,
                        help="an urgent recall's cap in Stars (default: enough for every recipient, and each crash)")
    parser.add_argument("--database-url", default=None, help="PostgreSQL server to bench on (default: SQLite)")
    parser.add_argument("--sender", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--api-base", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sender:
        sender_main(args)
    else:
        asyncio.run(bench(args))


if __name__ == "__main__":
    main()
