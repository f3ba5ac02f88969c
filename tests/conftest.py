"""Shared fixtures: real databases (SQLite and PostgreSQL), the shared samples, today's date for verdicts.

PostgreSQL comes from TEST_POSTGRES_URL (default: the local server CI provides). Each test gets a
database of its own. On a laptop without PostgreSQL those tests are skipped with a clear reason;
with CI=true an unreachable PostgreSQL fails the run instead.
"""
from __future__ import annotations

import asyncio
import os
import uuid
from datetime import date
from pathlib import Path

import pytest

from bot.db import Database
from bot.migrate import upgrade

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MEDCHECK_SHARED", REPO.parent / "shared"))
PACKS = SHARED / "samples" / "packs"
SAMPLES_TODAY = date(2026, 11, 21)  # the day the sample verdicts hold (samples/README.md)
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"


def _admin_dsn() -> str:
    return POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")


_postgres_ok: bool | None = None


async def _postgres_reachable() -> bool:
    global _postgres_ok
    if _postgres_ok is None:
        import asyncpg
        try:
            conn = await asyncpg.connect(_admin_dsn(), timeout=5)
            await conn.close()
            _postgres_ok = True
        except (OSError, asyncpg.PostgresError, asyncio.TimeoutError):
            _postgres_ok = False
    return _postgres_ok


async def fresh_postgres_url() -> tuple[str, str]:
    """A new empty database on the test server; returns its URL and name."""
    import asyncpg
    if not await _postgres_reachable():
        message = f"PostgreSQL is not reachable at {POSTGRES_URL} (set TEST_POSTGRES_URL)"
        if IN_CI:
            pytest.fail(message + " — CI must test PostgreSQL, not skip it")
        pytest.skip(message)
    name = f"medcheck_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(_admin_dsn())
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return POSTGRES_URL.rsplit("/", 1)[0] + "/" + name, name


async def drop_postgres(name: str) -> None:
    import asyncpg
    conn = await asyncpg.connect(_admin_dsn())
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_db(request, tmp_path):
    """An empty (unmigrated) database of each kind."""
    if request.param == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        yield db
        await db.close()
    else:
        url, name = await fresh_postgres_url()
        db = Database(url)
        yield db
        await db.close()
        await drop_postgres(name)


@pytest.fixture
async def db(empty_db):
    """A migrated database of each kind."""
    await upgrade(empty_db)
    return empty_db


@pytest.fixture
def today() -> date:
    return SAMPLES_TODAY
