"""Throwaway PostgreSQL databases for tests and benchmarks: one CREATE DATABASE each, dropped after."""
from __future__ import annotations

import uuid

import asyncpg


def _plain(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


async def create_database(server_url: str, prefix: str = "medcheck") -> tuple[str, str]:
    """A new empty database on the server of `server_url`; returns its SQLAlchemy URL and name."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(_plain(server_url), timeout=10)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return server_url.rsplit("/", 1)[0] + "/" + name, name


async def drop_database(server_url: str, name: str) -> None:
    admin = await asyncpg.connect(_plain(server_url), timeout=10)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
