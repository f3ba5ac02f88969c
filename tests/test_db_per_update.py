"""The statements run on every update: rows written together share transactions (core.db.Batches), and reads
(Database.read) survive what a database does to them.

On SQLite and PostgreSQL: each caller gets its own row's id, one bad row fails only its own caller, and
a row is on record when its caller's await returns. A read after PostgreSQL dropped its connections is
made again; a SQLite read that meets a locked file waits without holding the event loop.
"""
from __future__ import annotations

import asyncio

from sqlalchemy import event, func, select

from core.migrate import upgrade
from core.users import User, touch_user
from tests.conftest import SAMPLES_TODAY, new_database
from tests.test_verification_service import sample
from verification.history import recent_checks, record_check
from verification.models import Check
from verification.service import verify_text


def counting_commits(db) -> list[int]:
    commits: list[int] = []
    event.listen(db.engine.sync_engine, "commit", lambda _conn: commits.append(1))
    return commits


async def test_checks_recorded_together_share_a_transaction_and_each_gets_its_own_row(register_db):
    users = range(5001, 5041)
    await asyncio.gather(*(touch_user(register_db, user, "en", "en", frozenset()) for user in users))
    [result] = await verify_text(register_db, sample("in_circulation")["text"], SAMPLES_TODAY)
    commits = counting_commits(register_db)

    ids = await asyncio.gather(*(record_check(register_db, user, result) for user in users))

    assert len(commits) <= 10, "forty checks recorded at once should take a few transactions, not forty"
    for user, check_id in zip(users, ids):
        [record] = await recent_checks(register_db, user)
        assert record.id == check_id


async def test_users_met_together_are_created_together_once_each(db):
    commits = counting_commits(db)
    users = await asyncio.gather(*(touch_user(db, user, lang, "ru", frozenset())
                                   for user in range(6001, 6031) for lang in ("uz", "uz")))
    assert len(commits) <= 10, "thirty new users met at once should take a few transactions, not thirty"
    assert {u.id for u in users} == set(range(6001, 6031)) and {u.language for u in users} == {"uz"}
    async with db.session() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 30


async def test_a_bad_row_fails_only_its_own_caller(register_db):
    await touch_user(register_db, 5101, "en", "en", frozenset())
    [result] = await verify_text(register_db, sample("in_circulation")["text"], SAMPLES_TODAY)
    # 5199 is nobody: its check breaks the foreign key to users, and it alone is refused.
    outcomes = await asyncio.gather(*(record_check(register_db, user, result) for user in (5101, 5199, 5101)),
                                    return_exceptions=True)
    assert isinstance(outcomes[1], Exception)
    assert all(isinstance(outcomes[i], int) for i in (0, 2))
    async with register_db.session() as session:
        assert await session.scalar(select(func.count()).select_from(Check)) == 2



async def test_a_read_after_postgresql_dropped_its_connections_is_made_again(tmp_path):
    """PostgreSQL restarted: the pool's connections are dead, and the next update's first read still answers."""
    import asyncpg

    async with new_database("postgres", tmp_path) as db:
        await upgrade(db)
        assert (await db.read(select(func.count()).select_from(User), {}))[0][0] == 0
        server, name = db.url.rsplit("/", 1)
        admin = await asyncpg.connect(server.replace("postgresql+asyncpg://", "postgresql://") + "/postgres")
        try:
            dropped = await admin.fetchval("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                           "WHERE datname = $1", name)
        finally:
            await admin.close()
        assert dropped >= 1
        assert (await db.read(select(func.count()).select_from(User), {}))[0][0] == 0
        await touch_user(db, 6101, "en", "en", frozenset())  # the writes that follow find new connections too


async def test_a_sqlite_read_that_must_wait_for_a_lock_waits_off_the_event_loop(tmp_path):
    """Reads run on the loop's thread, but one that meets a locked file waits in aiosqlite's thread instead."""
    import sqlite3

    async with new_database("sqlite", tmp_path) as db:
        await upgrade(db)
        await db.close()  # nobody else has the file open while the holder takes it
        holder = sqlite3.connect(tmp_path / "test.db", isolation_level=None)
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("INSERT INTO users (id, language, language_chosen, role, active, created_at, last_seen_at) "
                       "VALUES (1, 'en', 0, 'citizen', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00')")
        read = asyncio.create_task(db.read(select(func.count()).select_from(User), {}))
        ticks = 0
        for _ in range(20):  # the loop keeps running while the read waits
            await asyncio.sleep(0.01)
            ticks += 1
        assert ticks == 20 and not read.done()
        holder.execute("COMMIT")
        holder.execute("PRAGMA locking_mode=NORMAL")
        holder.execute("SELECT 1 FROM users").fetchall()  # the exclusive lock goes with the next access
        holder.close()
        assert (await asyncio.wait_for(read, 10))[0][0] == 1
