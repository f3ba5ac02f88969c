"""Alembic environment: runs on the connection `bot.migrate` hands over, on SQLite and PostgreSQL alike."""
from alembic import context

from bot.schema import metadata

config = context.config


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    raise SystemExit("run migrations with `medcheck migrate`, which knows the database URL")
run(connection)
