"""What a complaint knows before the citizen types anything: the medicine and its maximum price."""
from __future__ import annotations

from datetime import date

from sqlalchemy import case, or_, select

from complaints.draft import ProductFacts
from core.clock import today_in
from core.db import Database
from register.models import MaxPrice
from register.search import ProductMatch, find_products
from verification.history import get_check
from verification.service import CheckResult, verify_text


def product_name(trade_name: str | None, strength: str | None = None, pack_size: str | None = None) -> str | None:
    """"Paracetamol-UZ 500 mg N20": enough for a pharmacist and the regulator to know which pack."""
    if not trade_name:
        return None
    parts = [trade_name, strength or ""]
    if pack_size:
        parts.append(pack_size if not pack_size.isdigit() else f"N{pack_size}")
    return " ".join(p for p in parts if p).strip()[:255]


def facts_from_result(result: CheckResult, check_id: int | None = None) -> ProductFacts | None:
    """The product of a verified code, with the cap the register gives it; None when there is no code."""
    if result.code is None:
        return None
    product, price = result.product, result.max_price
    return ProductFacts(
        name=product_name(product.trade_name, product.strength, product.pack_size) if product else None,
        gtin=result.code.gtin,
        registration_number=product.registration_number if product else None,
        serial=result.code.serial,
        batch=result.batch,
        max_price=price.retail_price if price else None,
        currency=price.currency if price else None,
        check_id=check_id,
    )


async def facts_from_check(db: Database, user_id: int, check_id: int,
                           today: date | None = None) -> ProductFacts | None:
    """The medicine of one of the user's own checks, verified again now (the cap may have changed)."""
    check = await get_check(db, user_id, check_id)
    if check is None:
        return None
    results = await verify_text(db, check.code_text, today)
    facts = facts_from_result(results[0], check_id) if results else None
    if facts is None:  # the stored code no longer parses: keep what the history knows
        facts = ProductFacts(name=None, gtin=check.gtin, serial=check.serial, batch=check.batch,
                             check_id=check_id)
    return facts


async def search_products(db: Database, query: str, limit: int = 8) -> list[ProductFacts]:
    """Medicines whose name matches `query`, each with its cap when the register has one."""
    matches = await find_products(db, query, limit=limit)
    return [await facts_from_match(db, match) for match in matches]


async def facts_from_match(db: Database, match: ProductMatch, today: date | None = None) -> ProductFacts:
    cap = await max_price(db, match.gtin, match.registration_number, today)
    return ProductFacts(
        name=product_name(match.trade_name, match.strength, match.pack_size),
        gtin=match.gtin, registration_number=match.registration_number,
        max_price=cap[0] if cap else None, currency=cap[1] if cap else None,
    )


async def max_price(db: Database, gtin: str | None, registration_number: str | None,
                    today: date | None = None) -> tuple | None:
    """(retail cap, currency) for a pack: by GTIN, else by registration when every pack of it has one cap."""
    today = today or today_in()
    async with db.session() as session:
        if gtin:
            row = await session.execute(
                select(MaxPrice.retail_price, MaxPrice.currency)
                .where(MaxPrice.gtin == gtin, MaxPrice.retail_price.is_not(None))
                .order_by(case((MaxPrice.effective_date > today, 1), else_=0),
                          MaxPrice.effective_date.desc().nulls_last(), MaxPrice.id.desc())
                .limit(1))
            found = row.first()
            if found:
                return tuple(found)
        if not registration_number:
            return None
        rows = (await session.execute(
            select(MaxPrice.retail_price, MaxPrice.currency, MaxPrice.effective_date)
            .where(MaxPrice.registration_number == registration_number, MaxPrice.retail_price.is_not(None),
                   or_(MaxPrice.effective_date.is_(None), MaxPrice.effective_date <= today)))).all()
    # Several pack sizes under one registration have several caps: naming one would mislead.
    latest = max((when for _, _, when in rows if when is not None), default=None)
    caps = {(price, currency) for price, currency, when in rows if when == latest or latest is None}
    return next(iter(caps)) if len(caps) == 1 else None
