"""Benchmark: a withdrawal document of --codes codes loaded from a file, built and submitted to the
local national-system server (tests/xtrace.py) through the outbox.

    python bench/withdrawal.py --backend both --codes 30000

build_s: parse the file's codes and add them to a draft (each checked against the mirror, as a staff
member's list is). submit_s: submit (the mirror's marks and the outbox row) and send until the national
system reports the document processed. Goal: 30 000 codes in under 10 s end to end. Prints the machine
first and, per backend, last:
    withdrawal codes=N build_s=X submit_s=Y lost=0 duplicates=0 total_s=X+Y backend=B
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import aiohttp

from bench.machine import machine
from core.clock import utcnow
from core.db import Database
from core.migrate import upgrade
from institutions import outbox
from institutions.code_lists import read_code_list
from institutions.documents import add_codes, create_draft, get_document, submit
from institutions.gateway import gateways
from institutions.orgs import add_org
from register.fields import check_digit
from register.models import CodeStatus
from tests.scratch_db import create_database, drop_database
from tests.xtrace import NationalSystem

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
GTIN = "0478000000001"
GTIN += str(check_digit(GTIN))
TODAY = date(2026, 11, 21)


async def run(db: Database, codes: int, workdir: Path) -> str:
    await upgrade(db)
    serials = [f"S{n:012d}" for n in range(codes)]
    async with db.session() as session:  # the mirror knows every pack as in circulation (not timed)
        for start in range(0, codes, 5000):
            await session.execute(CodeStatus.__table__.insert(), [
                {"gtin": GTIN, "serial": s, "status": "in_circulation", "changed_at": utcnow()}
                for s in serials[start:start + 5000]])
        await session.commit()
    listing = workdir / "codes.txt"  # what a USB scanner leaves: one code a line
    listing.write_text("".join(f"01{GTIN}21{s}\n" for s in serials))
    os.environ["XTRACE_KEY_BENCH"] = "test-key"
    org = await add_org(db, "Bench hospital", "123456789", "BP-1", gateway="xtrace", api_key_env="XTRACE_KEY_BENCH")

    started = time.perf_counter()
    doc = await create_draft(db, org.id, 1, "medical_use", "act", "B-1", TODAY)
    parsed = read_code_list(listing.read_bytes(), listing.name).codes  # as the bot reads a scanner's file
    answers = await add_codes(db, doc.id, org.id, parsed, today=TODAY)
    build_s = time.perf_counter() - started
    assert Counter(a.outcome for a in answers) == {"added": codes}, Counter(a.outcome for a in answers)

    async with NationalSystem() as server, aiohttp.ClientSession() as session:
        started = time.perf_counter()
        await submit(db, doc.id, org.id)
        gateway_for = gateways(session, server.url, timeout_s=60)
        while (await get_document(db, doc.id)).status not in ("success", "partial", "error"):
            await outbox.drain(db, gateway_for, None, now=utcnow() + outbox.POLL)
        submit_s = time.perf_counter() - started
        received = [c["code"] for d in server.docs.values() for c in d.body["codes"]]
    wanted = {f"01{GTIN}21{s}" for s in serials}
    lost = len(wanted - set(received))
    duplicates = len(received) - len(set(received))
    return (f"codes={codes} build_s={build_s:.2f} submit_s={submit_s:.2f} lost={lost} duplicates={duplicates}"
            f" total_s={build_s + submit_s:.2f}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--codes", type=int, default=30_000)
    args = parser.parse_args()
    print(machine(), flush=True)
    for backend in ("sqlite", "postgres") if args.backend == "both" else (args.backend,):
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "sqlite":
                db, name = Database(f"sqlite+aiosqlite:///{tmp}/bench.db"), None
            else:
                url, name = await create_database(POSTGRES)
                db = Database(url)
            try:
                print(f"withdrawal {await run(db, args.codes, Path(tmp))} backend={backend}", flush=True)
            finally:
                await db.close()
                if name:
                    await drop_database(POSTGRES, name)


if __name__ == "__main__":
    asyncio.run(main())
