"""Benchmark: open-loop arrivals at a fixed rate; how many answers, how fast, against a bare aiogram bot.

    python bench/load.py --kind text --rate 40 --seconds 10
    python bench/load.py --kind photo --rate 10 --db postgresql+asyncpg://postgres@127.0.0.1:5432/test
    python bench/load.py --kind text --rate 400 --only bare      # the ceiling alone

Each run starts the local Bot API server (tests/botapi) in a child process of its own, so that its CPU
does not count against the bot's event loop. Inside that process, request i arrives at t0 + i/rate
whether or not earlier ones were answered (open loop), each from its own user; the latency of a
request is the time from its update being queued to the bot's first message to that user
(sendMessage, sendPhoto, ...), both read on the server's clock. Requests still unanswered --seconds
plus --drain after t0 count as not answered.

  text:  a typed code from tests/data/packs/verdicts.jsonl (cycled)
  photo: a carton photo from tests/data/packs/photos.jsonl that carries a code (cycled)
  mixed: the two alternating

The bot under test runs in this process by long polling, as in the tests (tests.harness.running_bot)
on the sample register, with the per-user limit and the bot's send budget (SEND_RATE) set to 100 000
so that neither is what is measured: this is the bot's own throughput, not Telegram's 30/s. The
ceiling is the same run against a bare aiogram Dispatcher whose one handler answers every message
with one sendMessage. Both run on uvloop, and set what start-up made aside from the garbage collector
once started, as `medcheck` does (--asyncio: on asyncio's own loop).

Per run it prints answered/N, p50/p90/p99/max latency, the worst lateness of a 10 ms ticker on the
bot's event loop, and the CPU seconds of the bot and server processes. The last line, for the bot:

    load kind=K rate=R answered=A/N p50_ms=X p99_ms=Y ceiling_ratio=Z

ceiling_ratio = the bot's answered rate / the bare bot's answered rate at the same offered rate, where
an answered rate is answers / (seconds from t0 to the last answer, at least --seconds): 1.0 when the
bot keeps up as the bare bot does, lower when it answers fewer or falls behind and answers late.
A bot that keeps up but answers slower than the bare one loses a little: its last answer comes later
(0.995 for a 10 s run whose last answer took 60 ms); well below 0.95 means it did not keep up.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import multiprocessing
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from contextlib import asynccontextmanager
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.loop_lateness import ticker
from bench.machine import machine
from bot.runners import set_start_up_aside

FIRST_USER = 2_000_000
UNLIMITED = 100_000  # user_rate_per_minute and send_rate: not the limit under test


# ----------------------------------------------------------------------------- the server process

def requests(kind: str) -> list[tuple[str, object]]:
    """What users send: ("text", code) and/or ("photo", jpeg bytes), to be cycled."""
    from tests.conftest import PACKS
    from tests.packs import photos, specs
    texts = [("text", json.loads(line)["text"])
             for line in (PACKS / "verdicts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    if kind == "text":
        return texts
    folder = photos(PACKS)
    pics = [("photo", (folder / row["file"]).read_bytes()) for row in specs(PACKS) if row["expected"]]
    if kind == "photo":
        return pics
    return [item for pair in zip(texts, pics) for item in pair]


def server_main(conn, kind: str, rate: float, seconds: float, drain: float) -> None:
    """Child process: the Bot API server, the open-loop arrivals and the answer times."""
    asyncio.run(_serve(conn, kind, rate, seconds, drain))


async def _serve(conn, kind: str, rate: float, seconds: float, drain: float) -> None:
    from tests.botapi import BotAPIServer, is_message_method

    items = requests(kind)
    loop = asyncio.get_running_loop()
    async with BotAPIServer(photo_thumbnails=False) as server:
        conn.send((server.base_url, server.token))
        await loop.run_in_executor(None, conn.recv)  # the bot is up
        while not server.method_counts["getUpdates"]:
            await asyncio.sleep(0.01)
        total = max(1, round(rate * seconds))
        queued: dict[int, float] = {}     # user -> when the update was queued
        latency: dict[int, float] = {}    # user -> first answer - queued
        answers: Counter = Counter()      # first lines of the first answers: what the users were told
        late = 0.0                        # worst lateness of an arrival against its schedule
        cpu = time.process_time()
        t0 = time.monotonic() + 0.05
        end = t0 + seconds + drain        # answers after this do not count
        last_answer, seen = t0, 0

        def collect() -> None:
            nonlocal seen, last_answer
            calls, seen = server.sent[seen:], len(server.sent)
            for call in calls:
                user = call.chat_id
                if is_message_method(call.method) and user in queued and user not in latency and call.at <= end:
                    latency[user] = call.at - queued[user]
                    answers[(call.text or call.method).split("\n", 1)[0][:50]] += 1
                    last_answer = max(last_answer, call.at)

        for i in range(total):
            due = t0 + i / rate
            now = time.monotonic()
            if due > now:
                await asyncio.sleep(due - now)
            else:
                late = max(late, now - due)
            user, (what, payload) = FIRST_USER + i, items[i % len(items)]
            queued[user] = time.monotonic()
            if what == "text":
                server.send_text(user, payload, language_code="en")
            else:
                server.send_photo(user, payload, language_code="en")
            if i % 16 == 0:
                collect()
        while len(latency) < total and time.monotonic() < end:
            await asyncio.sleep(0.02)
            collect()
        collect()
        conn.send({"total": total, "latencies": sorted(latency.values()), "span": last_answer - t0,
                   "arrival_late": late, "cpu": time.process_time() - cpu, "answers": answers.most_common(3)})
        await loop.run_in_executor(None, conn.recv)  # the bot has stopped polling


@asynccontextmanager
async def server_process(args: argparse.Namespace):
    """The Bot API server in a child process; yields (connection, base_url, token)."""
    ctx = multiprocessing.get_context("spawn")
    ours, theirs = ctx.Pipe()
    proc = ctx.Process(target=server_main, args=(theirs, args.kind, args.rate, args.seconds, args.drain),
                       name="botapi", daemon=True)
    proc.start()
    try:
        loop = asyncio.get_running_loop()
        base_url, token = await loop.run_in_executor(None, ours.recv)
        yield ours, base_url, token
    finally:
        ours.send("stop")
        proc.join(10)
        if proc.is_alive():
            proc.kill()
            proc.join()


# ----------------------------------------------------------------------------- the bot side

async def measure(conn, args: argparse.Namespace) -> dict:
    """Start the arrivals and wait for the server's figures, timing the bot's loop meanwhile."""
    lags: list[float] = []
    stop = asyncio.Event()
    tick = asyncio.create_task(ticker(stop, lags))
    cpu = time.process_time()
    conn.send("go")
    result = await asyncio.get_running_loop().run_in_executor(None, conn.recv)
    result["bot_cpu"] = time.process_time() - cpu
    stop.set()
    await tick
    result["loop_late"] = max(lags, default=0.0)
    return result


async def run_bot(args: argparse.Namespace, db) -> dict:
    from tests.conftest import SAMPLES_TODAY
    from tests.harness import running_bot

    async with server_process(args) as (conn, base_url, token):
        server = SimpleNamespace(base_url=base_url, token=token)  # all running_bot needs of a server it does not own
        async with running_bot(db, server=server, user_rate_per_minute=UNLIMITED, send_rate=UNLIMITED,
                               decode_workers=args.workers) as tg:
            tg.dp["clock"] = lambda zone: SAMPLES_TODAY
            await tg.services.decoder.started()  # decoding is measured, not the workers' start-up
            print("bot:", set_start_up_aside(), flush=True)  # as `medcheck run` does once started
            return await measure(conn, args)


async def run_bare(args: argparse.Namespace) -> dict:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    async with server_process(args) as (conn, base_url, token):
        bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(base_url)))
        dp = Dispatcher()

        @dp.message()
        async def answer(message: Message) -> None:
            await message.answer("ok")

        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
        print("bare:", set_start_up_aside(), flush=True)  # the same for the ceiling
        try:
            return await measure(conn, args)
        finally:
            await dp.stop_polling()
            await polling


@asynccontextmanager
async def database(url: str):
    """A migrated database holding the sample register: a temporary SQLite file, or a scratch
    database on the given PostgreSQL server (dropped afterwards)."""
    from core.db import Database
    from core.migrate import upgrade
    from register.demo import load_directory
    from tests.conftest import PACKS
    from tests.scratch_db import create_database, drop_database

    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    name = None
    if url == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{workdir / 'load.db'}")
    else:
        fresh, name = await create_database(url, prefix="medcheck_load")
        db = Database(fresh)
    try:
        await upgrade(db)
        await load_directory(db, PACKS)
        yield db
    finally:
        await db.close()
        if name:
            await drop_database(url, name)
        shutil.rmtree(workdir, ignore_errors=True)


# ----------------------------------------------------------------------------- the report

def pct(latencies: list[float], q: float) -> str:
    """The q-quantile of sorted latencies in ms (nearest rank), or "-" when nothing was answered."""
    return f"{latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1000:.0f}" if latencies else "-"


def summary(who: str, args: argparse.Namespace, db_name: str, r: dict) -> str:
    lat = r["latencies"]
    return (f"run: {who} kind={args.kind} rate={args.rate:g} seconds={args.seconds:g} db={db_name} "
            f"answered={len(lat)}/{r['total']} p50_ms={pct(lat, 0.5)} p90_ms={pct(lat, 0.9)} p99_ms={pct(lat, 0.99)} "
            f"max_ms={pct(lat, 1.0)} answered_per_s={answered_rate(args, r):.1f} "
            f"loop_late_max_ms={r['loop_late'] * 1000:.0f} arrivals_late_max_ms={r['arrival_late'] * 1000:.0f} "
            f"cpu_s bot={r['bot_cpu']:.1f} server={r['cpu']:.1f}\n"
            f"  most told: {'; '.join(f'{n} x {text!r}' for text, n in r['answers'])}")


def answered_rate(args: argparse.Namespace, r: dict) -> float:
    return len(r["latencies"]) / max(args.seconds, r["span"])


async def main_async(args: argparse.Namespace) -> None:
    db_name = "sqlite" if args.db == "sqlite" else "postgresql"
    print(machine(f"SQLite {sqlite3.sqlite_version}"), flush=True)
    print(f"setup: open loop, {args.kind} at {args.rate:g}/s for {args.seconds:g} s (+{args.drain:g} s drain), "
          f"each request from its own user; bot by long polling on {db_name}, {args.workers} decoder process(es); "
          f"per-user limit and send budget {UNLIMITED}: the bot is measured, not Telegram's 30/s", flush=True)
    bot = bare = None
    if args.only != "bare":
        async with database(args.db) as db:
            bot = await run_bot(args, db)
        print(summary("bot", args, db_name, bot), flush=True)
    if args.only != "bot":
        bare = await run_bare(args)
        print(summary("bare", args, "none", bare), flush=True)
    main = bot or bare
    lat = main["latencies"]
    ratio = f"{answered_rate(args, bot) / answered_rate(args, bare):.3f}" if bot and bare and bare["latencies"] else "-"
    print(f"load kind={args.kind} rate={args.rate:g} answered={len(lat)}/{main['total']} "
          f"p50_ms={pct(lat, 0.5)} p99_ms={pct(lat, 0.99)} ceiling_ratio={ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=("text", "photo", "mixed"), default="text")
    parser.add_argument("--rate", type=float, default=20.0, help="requests a second, each from a new user")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long requests keep arriving")
    parser.add_argument("--drain", type=float, default=10.0, help="how long answers are awaited after that")
    parser.add_argument("--db", default="sqlite",
                        help="sqlite (a temporary file) or a PostgreSQL server URL, "
                             "postgresql+asyncpg://user@host:port/db (a scratch database is made there)")
    parser.add_argument("--workers", type=int, default=1, help="decoder processes of the bot (as in the tests)")
    parser.add_argument("--only", choices=("bot", "bare"), help="one run only (no ceiling_ratio then)")
    parser.add_argument("--asyncio", action="store_true",
                        help="both bots on asyncio's own event loop rather than uvloop (which `medcheck` runs on)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if args.asyncio:
        asyncio.run(main_async(args))
    else:
        from bot.runners import run_event_loop
        run_event_loop(main_async(args))


if __name__ == "__main__":
    main()
