"""A citizen's say over recall notices: the products they follow, and /stop for none at all."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from core.db import Database
from recalls.models import RecallOptOut, RecallSubscription
from register.models import Product


@dataclass(frozen=True)
class Subscription:
    gtin: str
    name: str | None  # None when the catalogue does not know the GTIN


async def subscribe(db: Database, user_id: int, gtin: str) -> bool:
    """Follow recalls of `gtin` (and turn notices back on); False when already followed."""
    async with db.session() as session:
        await session.execute(delete(RecallOptOut).where(RecallOptOut.user_id == user_id))
        new = await session.get(RecallSubscription, (user_id, gtin)) is None
        if new:
            session.add(RecallSubscription(user_id=user_id, gtin=gtin))
        try:
            await session.commit()
        except IntegrityError:  # the button pressed twice in a moment
            return False
    return new


async def unsubscribe(db: Database, user_id: int, gtin: str) -> bool:
    async with db.session() as session:
        result = await session.execute(delete(RecallSubscription).where(
            RecallSubscription.user_id == user_id, RecallSubscription.gtin == gtin))
        await session.commit()
    return result.rowcount > 0


async def subscriptions(db: Database, user_id: int) -> list[Subscription]:
    stmt = (select(RecallSubscription.gtin, Product.trade_name)
            .outerjoin(Product, Product.gtin == RecallSubscription.gtin)
            .where(RecallSubscription.user_id == user_id)
            .order_by(RecallSubscription.created_at, RecallSubscription.gtin))
    async with db.session() as session:
        return [Subscription(gtin, name) for gtin, name in (await session.execute(stmt)).all()]


async def stop_notices(db: Database, user_id: int) -> bool:
    """No recall notices at all (subscriptions are kept for /subscribe); False when already stopped."""
    async with db.session() as session:
        if await session.get(RecallOptOut, user_id) is not None:
            return False
        session.add(RecallOptOut(user_id=user_id))
        try:
            await session.commit()
        except IntegrityError:  # a second /stop a moment after the first
            return False
    return True


async def resume_notices(db: Database, user_id: int) -> bool:
    """Undo /stop; False when notices were on anyway."""
    async with db.session() as session:
        result = await session.execute(delete(RecallOptOut).where(RecallOptOut.user_id == user_id))
        await session.commit()
    return result.rowcount > 0
