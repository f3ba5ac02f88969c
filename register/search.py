"""Finding medicines by name: trade name or INN, typed in Latin or Cyrillic."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from core.db import Database
from register.models import Product, RegisterEntry
from register.normalize import loose_key, search_key

MAX_WORDS = 8


@dataclass(frozen=True)
class ProductMatch:
    """A medicine found by name; `gtin` is None when only the register (no catalogue entry) knows it."""

    trade_name: str
    inn: str | None
    registration_number: str | None
    gtin: str | None = None
    form: str | None = None
    strength: str | None = None
    pack_size: str | None = None
    manufacturer: str | None = None


def _like(column, word: str):
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def _condition(column, words: list[str]):
    # Every word must appear, in its exact or its sound-alike form.
    return and_(*(or_(_like(column, word), _like(column, loose_key(word))) for word in words))


async def find_products(db: Database, query: str, limit: int = 10) -> list[ProductMatch]:
    """Catalogue products whose trade name or INN matches `query`, best first, then register-only entries.

    Only the first MAX_WORDS words count: a name is a few words, and a page of them would make a
    query deeper than SQLite accepts.
    """
    words = list(dict.fromkeys(search_key(query).split()))[:MAX_WORDS]
    key = " ".join(words)
    if not words:
        return []
    async with db.session() as session:
        products = (await session.execute(
            select(Product).where(_condition(Product.search_text, words)).limit(limit * 5))).scalars().all()
        found = [ProductMatch(p.trade_name, p.inn, p.registration_number, p.gtin, p.form, p.strength,
                              p.pack_size, p.manufacturer) for p in products]
        if len(found) < limit:
            known = {match.registration_number for match in found}
            entries = (await session.execute(
                select(RegisterEntry).where(_condition(RegisterEntry.search_text, words)).limit(limit * 5)
            )).scalars().all()
            found += [ProductMatch(e.trade_name, e.inn, e.registration_number, None, e.form,
                                   manufacturer=e.manufacturer)
                      for e in entries if e.registration_number not in known]
    found.sort(key=lambda match: _rank(match, key))
    return found[:limit]


def _rank(match: ProductMatch, key: str) -> tuple:
    name, inn = search_key(match.trade_name), search_key(match.inn)
    loose = loose_key(key)
    exact = key in (name, inn) or loose in (loose_key(name), loose_key(inn))
    prefix = name.startswith(key) or inn.startswith(key) or loose_key(name).startswith(loose)
    return (not exact, not prefix, match.gtin is None, name, match.gtin or "")
