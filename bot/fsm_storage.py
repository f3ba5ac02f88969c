"""aiogram FSM storage in our own database, so a conversation survives a restart without Redis."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Mapping

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy import String, Text, bindparam, delete, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, Database, UTCDateTime


class FsmRecord(Base):
    __tablename__ = "fsm_states"
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SQLStorage(BaseStorage):
    """Plain statements on a bare connection: every update reads its user's state."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.keys = DefaultKeyBuilder(with_destiny=True)

    async def _save(self, key: StorageKey, **values: Any) -> None:
        key_text = self.keys.build(key)
        async with self.db.writing() as conn:
            row = (await conn.execute(_RECORD, {"key": key_text})).first()
            record = {"state": row.state, "data": row.data} if row else {"state": None, "data": "{}"}
            record.update(values)
            table = FsmRecord.__table__
            if record["state"] is None and record["data"] == "{}":
                # Keep the table as small as the live conversations.
                if row:
                    await conn.execute(delete(table).where(table.c.key == key_text))
            elif row:
                await conn.execute(update(table).where(table.c.key == key_text).values(**values, updated_at=utcnow()))
            else:
                await conn.execute(insert(table).values(key=key_text, updated_at=utcnow(), **record))

    async def _load(self, key: StorageKey):
        return next(iter(await self.db.read(_RECORD, {"key": self.keys.build(key)})), None)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self._save(key, state=state.state if isinstance(state, State) else state)

    async def get_state(self, key: StorageKey) -> str | None:
        record = await self._load(key)
        return record.state if record else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._save(key, data=json.dumps(dict(data), ensure_ascii=False, default=str))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        record = await self._load(key)
        return json.loads(record.data) if record else {}

    async def close(self) -> None:
        pass


_RECORD = select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == bindparam("key"))
