"""Shared fixtures: real databases (SQLite and PostgreSQL), the test data, today's date for verdicts.

The suite carries its own data in tests/data (see its README); the carton photos are rendered from
their specs by tests/packs.py when the session starts.

PostgreSQL comes from TEST_POSTGRES_URL (default: the local server CI provides). Each test gets a
database of its own. On a laptop without PostgreSQL those tests are skipped with a clear reason;
with CI=true an unreachable PostgreSQL fails the run instead. Redis (TEST_REDIS_URL, default the local
server) is treated the same way by the tests that need it; each gets a key prefix of its own.
"""
from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

import pytest

from core.db import Database
from core.migrate import upgrade
from tests.packs import photos
from tests.scratch_db import create_database, drop_database

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "data"
PACKS = DATA / "packs"  # the sample register, the photo specs, and photos/ once rendered
REAL = DATA / "real"  # public test images, labelled in manifest.jsonl
SAMPLES_TODAY = date(2026, 11, 21)  # the day the sample verdicts hold (tests/data/README.md)
POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_sessionstart(session) -> None:
    photos(PACKS)  # rendered once; later runs find them in place


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
    if not await _postgres_reachable():
        message = f"PostgreSQL is not reachable at {POSTGRES_URL} (set TEST_POSTGRES_URL)"
        if IN_CI:
            pytest.fail(message + " — CI must test PostgreSQL, not skip it")
        pytest.skip(message)
    return await create_database(POSTGRES_URL)


async def drop_postgres(name: str) -> None:
    await drop_database(POSTGRES_URL, name)


@asynccontextmanager
async def new_database(kind: str, tmp_path: Path):
    """An empty (unmigrated) database of the given kind, dropped afterwards."""
    if kind == "sqlite":
        db = Database(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        try:
            yield db
        finally:
            await db.close()
        return
    url, name = await fresh_postgres_url()
    db = Database(url)
    try:
        yield db
    finally:
        await db.close()
        await drop_postgres(name)


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_db(request, tmp_path):
    """An empty (unmigrated) database of each kind."""
    async with new_database(request.param, tmp_path) as db:
        yield db


@pytest.fixture
async def db(empty_db):
    """A migrated database of each kind."""
    await upgrade(empty_db)
    return empty_db


@asynccontextmanager
async def new_redis_prefix():
    """(the test Redis's URL, a key prefix of its own); its keys are deleted afterwards.

    Skips the test when Redis is not reachable; with CI=true that fails the run instead.
    """
    import secrets

    from redis.asyncio import Redis
    from redis.exceptions import RedisError
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        try:
            await client.ping()
        except (OSError, RedisError, asyncio.TimeoutError):
            message = f"Redis is not reachable at {REDIS_URL} (set TEST_REDIS_URL)"
            if IN_CI:
                pytest.fail(message + " — CI must test Redis, not skip it")
            pytest.skip(message)
        prefix = f"test-{secrets.token_hex(6)}"
        yield REDIS_URL, prefix
        keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture
def today() -> date:
    return SAMPLES_TODAY


@pytest.fixture
async def botapi():
    """The local Telegram Bot API server."""
    from tests.botapi import BotAPIServer
    async with BotAPIServer() as server:
        yield server


@pytest.fixture
async def register_db(db):
    """A migrated database holding the sample register of tests/data/packs."""
    from register.demo import load_directory
    await load_directory(db, PACKS)
    return db


@pytest.fixture(params=["sqlite-polling", "postgres-webhook"])
async def sample_bot_db(request, tmp_path) -> tuple[Database, str]:
    """(a migrated database holding the sample register, how the bot takes updates with it):
    SQLite by long polling, PostgreSQL by webhook."""
    from register.demo import load_directory
    kind, mode = request.param.split("-")
    async with new_database(kind, tmp_path) as db:
        await upgrade(db)
        await load_directory(db, PACKS)
        yield db, mode


@pytest.fixture
async def tg(sample_bot_db, botapi):
    """The real bot on the sample register: on SQLite by long polling, on PostgreSQL by webhook."""
    from tests.harness import running_bot
    db, mode = sample_bot_db
    async with running_bot(db, mode=mode, server=botapi) as running:
        yield running
