"""Alembic environment: runs on the connection `core.migrate` hands over, on SQLite and PostgreSQL alike.

Its target is `Base.metadata` with the models imported so far; `bot.schema` imports them all (autogenerate
and the migration test import it first).
"""
from alembic import context

from core.db import Base

config = context.config


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    raise SystemExit("run migrations with `medcheck migrate`, which knows the database URL")
run(connection)
