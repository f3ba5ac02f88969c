"""Schema migrations with Alembic, run on our own async engine (no alembic.ini needed)."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from core.db import Database

MIGRATIONS = Path(__file__).with_name("migrations")
LOCK_KEY = 0x6D65_6463_6D69_6731  # "medcmig1": replicas starting together migrate one after the other


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


async def upgrade(db: Database, revision: str = "head") -> None:
    await _run(db, command.upgrade, revision)


async def upgrade_if_due(db: Database) -> None:
    """Upgrade to the head unless already there: a shell command on an up-to-date database skips Alembic's
    slow start (loading every migration script)."""
    if await current_revision(db) != head_revision():
        await upgrade(db)


async def downgrade(db: Database, revision: str) -> None:
    await _run(db, command.downgrade, revision)


async def current_revision(db: Database) -> str | None:
    async with db.engine.connect() as conn:
        return await conn.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def all_revisions() -> list[str]:
    """Revision ids from the first to the head."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


async def _run(db: Database, action, revision: str) -> None:
    config = alembic_config()

    def apply(sync_connection) -> None:
        config.attributes["connection"] = sync_connection
        action(config, revision)

    async with db.engine.begin() as conn:
        if not db.is_sqlite:  # held until this transaction ends; the next one then finds the schema up to date
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})
        await conn.run_sync(apply)
