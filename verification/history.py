"""A user's check history: recorded so recalls can reach them, reopened by /history (only their own)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select

from core.clock import utcnow
from core.db import Database
from register.models import Product
from verification.models import Check
from verification.service import CheckResult


@dataclass(frozen=True)
class CheckRecord:
    id: int
    user_id: int
    created_at: datetime          # UTC
    code_text: str                # the normalised element string: parse_code() reads it again
    gtin: str | None
    serial: str | None
    batch: str | None
    expiry: date | None
    verdict: str
    reasons: tuple[str, ...]
    # The medicine as the catalogue names it now (None when its GTIN is not in the catalogue).
    trade_name: str | None = None
    form: str | None = None
    strength: str | None = None


_INSERT_CHECK = insert(Check.__table__).returning(Check.__table__.c.id, sort_by_parameter_order=True)


async def record_check(db: Database, user_id: int, result: CheckResult) -> int:
    """Store `result` in the user's history and return the row id.

    The user must exist (the bot's middleware creates users); a result without a code has
    nothing to reopen or to recall, so it raises ValueError.
    """
    if result.code is None:
        raise ValueError("a result without a code is not recorded")
    row = dict(
        user_id=user_id, created_at=utcnow(), code_text=result.code.element_string, gtin=result.code.gtin,
        serial=result.code.serial, batch=result.batch, expiry=result.expiry,
        verdict=result.verdict.level, reasons=" ".join(result.verdict.reasons),
    )
    # On every check: checks recorded at the same moment share a transaction, committed before it returns.
    return (await db.insert(_INSERT_CHECK, row)).id


async def recent_checks(db: Database, user_id: int, limit: int = 10) -> list[CheckRecord]:
    """The user's latest checks, newest first, each with the name of its medicine when the catalogue has it."""
    stmt = (select(Check, Product).outerjoin(Product, Product.gtin == Check.gtin).where(Check.user_id == user_id)
            .order_by(Check.created_at.desc(), Check.id.desc()).limit(limit))
    async with db.session() as session:
        return [_record(row, product) for row, product in await session.execute(stmt)]


async def get_check(db: Database, user_id: int, check_id: int) -> CheckRecord | None:
    """One check by id, or None when it does not exist or belongs to someone else."""
    stmt = select(Check).where(Check.id == check_id, Check.user_id == user_id)
    async with db.session() as session:
        row = await session.scalar(stmt)
    return _record(row) if row else None


def _record(row: Check, product: Product | None = None) -> CheckRecord:
    return CheckRecord(row.id, row.user_id, row.created_at, row.code_text, row.gtin, row.serial, row.batch,
                       row.expiry, row.verdict, tuple(row.reasons.split()),
                       product.trade_name if product else None, product.form if product else None,
                       product.strength if product else None)
