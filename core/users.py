"""Users of the bot: language, role and whether Telegram still lets us reach them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, Boolean, String, bindparam, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from core.clock import utcnow
from core.db import Base, Database, UTCDateTime
from core.languages import LANGUAGES

ROLES = ("citizen", "operator", "support", "admin", "institution")  # institution: staff of one organisation
LAST_SEEN_STEP = timedelta(minutes=10)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)  # Telegram id
    language: Mapped[str] = mapped_column(String(2))
    language_chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    role: Mapped[str] = mapped_column(String(16), default="citizen")
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once they blocked the bot
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


@dataclass(frozen=True)
class UserInfo:
    id: int
    language: str
    role: str
    active: bool

    @property
    def is_staff(self) -> bool:
        return self.role in ("operator", "support", "admin")


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.language, user.role, user.active)


_USER = (select(User.language, User.language_chosen, User.role, User.active, User.last_seen_at)
         .where(User.id == bindparam("id")))
_INSERT_NEW = {"sqlite": sqlite.insert(User.__table__).on_conflict_do_nothing(),
               "postgresql": postgresql.insert(User.__table__).on_conflict_do_nothing()}


async def touch_user(db: Database, user_id: int, telegram_language: str | None,
                     default_language: str, admin_ids: frozenset[int]) -> UserInfo:
    """Find or create the user; a returning user who blocked us and came back is active again.

    Every update passes here, so it is plain statements: one read, and a write only when something
    changed (a new user, one back after blocking us, ten minutes since last seen, a new language).
    """
    row = next(iter(await db.read(_USER, {"id": user_id})), None)
    now = utcnow()
    if row is None:
        user = UserInfo(user_id, pick_language(telegram_language, default_language),
                        "admin" if user_id in admin_ids else "citizen", True)
        # New users met at the same moment share a transaction. An album's photos arrive together:
        # the first to be written creates the row, with the same values as the others would.
        await db.insert(_INSERT_NEW[db.engine.dialect.name], {
            "id": user_id, "language": user.language, "role": user.role, "created_at": now, "last_seen_at": now})
        return user
    changes: dict[str, object] = {}
    if not row.active:
        changes["active"] = True
    if now - row.last_seen_at > LAST_SEEN_STEP:  # not a database write on every single update
        changes["last_seen_at"] = now
    if user_id in admin_ids and row.role != "admin":
        changes["role"] = "admin"  # ADMIN_IDS is the source of truth for admins
    if not row.language_chosen and telegram_language:
        language = pick_language(telegram_language, row.language)
        if language != row.language:
            changes["language"] = language
    if changes:
        async with db.writing() as conn:
            await conn.execute(update(User).where(User.id == user_id).values(**changes))
    return UserInfo(user_id, changes.get("language", row.language), changes.get("role", row.role), True)


def pick_language(telegram_language: str | None, default: str) -> str:
    code = (telegram_language or "").split("-")[0].lower()
    return code if code in LANGUAGES else default


async def set_language(session: AsyncSession, user_id: int, language: str) -> None:
    await session.execute(update(User).where(User.id == user_id)
                          .values(language=language, language_chosen=True))
    await session.commit()


async def set_role(session: AsyncSession, user_id: int, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = await session.get(User, user_id)
    if user is None:
        user = User(id=user_id, language="ru", role=role)
        session.add(user)
    user.role = role
    await session.commit()


async def mark_unreachable(session: AsyncSession, user_id: int) -> None:
    await session.execute(update(User).where(User.id == user_id).values(active=False))
    await session.commit()


async def get_user(session: AsyncSession, user_id: int) -> UserInfo | None:
    user = await session.get(User, user_id)
    return _info(user) if user else None
