"""Every Alembic revision walks up, down and up again on SQLite and PostgreSQL, and matches the models."""
import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from bot.schema import metadata
from core.migrate import all_revisions, current_revision, downgrade, head_revision, upgrade


async def _tables(db) -> set[str]:
    async with db.engine.connect() as conn:
        return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))


async def test_every_revision_up_down_up(empty_db):
    revisions = all_revisions()
    assert revisions[0] == "0001" and revisions[-1] == head_revision()
    for revision in revisions:
        await upgrade(empty_db, revision)
        assert await current_revision(empty_db) == revision
    for revision in reversed(revisions[:-1]):
        await downgrade(empty_db, revision)
        assert await current_revision(empty_db) == revision
    await downgrade(empty_db, "base")
    assert await current_revision(empty_db) is None
    assert await _tables(empty_db) <= {"alembic_version"}
    await upgrade(empty_db)
    assert await current_revision(empty_db) == head_revision()
    assert {"products", "code_statuses", "users", "checks", "recalls"} <= await _tables(empty_db)


async def test_migrations_match_the_models(db):
    def diff(sync_conn):
        return compare_metadata(MigrationContext.configure(sync_conn, opts={"compare_type": True}), metadata)

    async with db.engine.connect() as conn:
        assert await conn.run_sync(diff) == []



async def test_replicas_starting_together_migrate_once(tmp_path):
    """Two replicas started at once on a new PostgreSQL database both upgrade it (`medcheck migrate` is
    what start-up runs first): one waits for the other, and neither fails."""
    import os
    import sys

    from tests.conftest import REPO, new_database

    async with new_database("postgres", tmp_path) as db:
        env = {**os.environ, "DATABASE_URL": db.url, "PYTHONPATH": str(REPO), "LOG_LEVEL": "WARNING"}
        procs = [await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "migrate", env=env, cwd=tmp_path,
                                                      stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
                 for _ in range(2)]
        outputs = [(await proc.communicate())[0].decode() for proc in procs]
        assert [proc.returncode for proc in procs] == [0, 0], outputs
        assert await current_revision(db) == head_revision()
