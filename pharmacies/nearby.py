"""The nearest pharmacies that hold a medicine: within 3 km, else 10 km, else the place's region.

The same SQL runs on SQLite and PostgreSQL: a bounding box on the indexed coordinates (a latitude band
of `ix_pharmacies_lat_lon`, longitude filtered inside the index) picks the candidates, each joined to
its stock row by the stock table's primary key (gtin, pharmacy_id). Exact (haversine) distances and the
order are computed here. A stock report older than the allowed age never counts as "in stock": the
answer claims no more than the data supports.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select

from core.clock import utcnow
from core.db import Database
from register.models import MaxPrice, Pharmacy, Product, Stock
from register.normalize import search_key

RADII_KM = (3.0, 10.0)   # widened in this order, then to the region
REGION_REACH_KM = 50.0   # the place's region is that of the nearest pharmacy within this distance
EARTH_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_KM / 180
PAGE_SIZE = 5
DISTRICT_MATCHES = 500   # pharmacies whose address names a typed district, averaged into its centre
FEW, SOME = 5, 20        # quantity bands: up to FEW packs is "few", up to SOME is "some", more is "many"


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class InStock:
    """A pharmacy with a recent report of the medicine in stock, and how far it is."""

    pharmacy_id: str
    name: str
    address: str
    region: str
    phone: str | None
    hours: str | None
    latitude: float
    longitude: float
    distance_km: float
    quantity: int
    price: Decimal | None
    currency: str
    updated_at: datetime

    @property
    def band(self) -> str:
        """few, some or many packs."""
        return "few" if self.quantity <= FEW else "some" if self.quantity <= SOME else "many"


@dataclass(frozen=True)
class Nearby:
    """The answer: where it looked (`radius_km`, or None for the whole `region`) and what it found there.

    Nothing found anywhere: `found` is empty, `radius_km` None, and `region` the one it looked in (None
    when no pharmacy at all is within REGION_REACH_KM of the place).
    """

    radius_km: float | None
    region: str | None
    found: list[InStock]

    @property
    def widened(self) -> bool:
        return self.radius_km != RADII_KM[0]

    def page(self, number: int) -> list[InStock]:
        return self.found[number * PAGE_SIZE:(number + 1) * PAGE_SIZE]

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.found) / PAGE_SIZE))


@dataclass(frozen=True)
class Cap:
    """The regulated maximum retail price of the medicine."""

    price: Decimal
    currency: str

    def compare(self, price: Decimal | None, currency: str) -> str | None:
        """below, at or above the cap; None when there is no price or it is in another currency."""
        if price is None or currency != self.currency:
            return None
        return "below" if price < self.price else "at" if price == self.price else "above"


def distance_km(a: Place, lat: float, lon: float) -> float:
    """The great-circle (haversine) distance from `a` to (lat, lon)."""
    p1, p2 = math.radians(a.latitude), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(h)))


def _box(place: Place, km: float):
    """The condition "inside the square of half-side `km` around `place`" (a circle of `km` fits in it)."""
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(place.latitude)), 0.01))
    return and_(Pharmacy.latitude.between(place.latitude - dlat, place.latitude + dlat),
                Pharmacy.longitude.between(place.longitude - dlon, place.longitude + dlon))


_COLUMNS = (Pharmacy.id, Pharmacy.name, Pharmacy.address, Pharmacy.region, Pharmacy.phone, Pharmacy.hours,
            Pharmacy.latitude, Pharmacy.longitude, Stock.quantity, Stock.price, Stock.currency, Stock.updated_at)


async def _in_stock(db: Database, gtin: str, place: Place, where, fresh_since: datetime) -> list[InStock]:
    stmt = (select(*_COLUMNS)
            .join(Stock, and_(Stock.gtin == gtin, Stock.pharmacy_id == Pharmacy.id))
            .where(where, Stock.quantity > 0, Stock.updated_at >= fresh_since))
    async with db.session() as session:
        rows = (await session.execute(stmt)).all()
    found = [InStock(r.id, r.name, r.address, r.region, r.phone, r.hours, r.latitude, r.longitude,
                     distance_km(place, r.latitude, r.longitude), r.quantity, r.price, r.currency, r.updated_at)
             for r in rows]
    found.sort(key=lambda f: (f.distance_km, f.pharmacy_id))
    return found


async def region_of(db: Database, place: Place) -> str | None:
    """The region of the pharmacy nearest to `place` within REGION_REACH_KM, whatever it holds."""
    stmt = select(Pharmacy.latitude, Pharmacy.longitude, Pharmacy.region).where(_box(place, REGION_REACH_KM))
    async with db.session() as session:
        rows = (await session.execute(stmt)).all()
    near = [(distance_km(place, r.latitude, r.longitude), r.region) for r in rows]
    near = [(km, region) for km, region in near if km <= REGION_REACH_KM]
    return min(near)[1] if near else None


async def nearby(db: Database, gtin: str, place: Place, *, max_age_days: int,
                 now: datetime | None = None) -> Nearby:
    """Pharmacies with `gtin` in stock nearest to `place`: within 3 km, else 10 km, else the region."""
    fresh_since = (now or utcnow()) - timedelta(days=max_age_days)
    for km in RADII_KM:
        found = [f for f in await _in_stock(db, gtin, place, _box(place, km), fresh_since) if f.distance_km <= km]
        if found:
            return Nearby(km, None, found)
    region = await region_of(db, place)
    if region is None:
        return Nearby(None, None, [])
    return Nearby(None, region, await _in_stock(db, gtin, place, Pharmacy.region == region, fresh_since))


async def district_centre(db: Database, text: str) -> Place | None:
    """The centre of the pharmacies whose region or address names every word typed ("Chilonzor", "Юнусабад")."""
    words = search_key(text).split()[:4]
    if not words:
        return None
    like = [Pharmacy.search_text.contains(word, autoescape=True) for word in words]
    stmt = select(Pharmacy.latitude, Pharmacy.longitude).where(*like).limit(DISTRICT_MATCHES)
    async with db.session() as session:
        rows = (await session.execute(stmt)).all()
    if not rows:
        return None
    return Place(sum(r.latitude for r in rows) / len(rows), sum(r.longitude for r in rows) / len(rows))


async def pharmacy(db: Database, pharmacy_id: str) -> Pharmacy | None:
    async with db.session() as session:
        return await session.get(Pharmacy, pharmacy_id)


async def product_name(db: Database, gtin: str) -> str | None:
    """The catalogue's name of the medicine: trade name, strength."""
    async with db.session() as session:
        product = await session.get(Product, gtin)
    if product is None:
        return None
    return ", ".join(part for part in (product.trade_name, product.strength) if part)


async def price_cap(db: Database, gtin: str, today: date) -> Cap | None:
    """The maximum retail price in force: by GTIN first, else by the product's registration number."""
    registration = select(Product.registration_number).where(Product.gtin == gtin).scalar_subquery()
    stmt = (select(MaxPrice.retail_price, MaxPrice.currency)
            .where(or_(MaxPrice.gtin == gtin, MaxPrice.registration_number == registration),
                   MaxPrice.retail_price.is_not(None))
            .order_by(case((MaxPrice.gtin == gtin, 0), else_=1),
                      case((MaxPrice.effective_date > today, 1), else_=0),
                      func.coalesce(MaxPrice.effective_date, date(1900, 1, 1)).desc(), MaxPrice.id.desc())
            .limit(1))
    async with db.session() as session:
        row = (await session.execute(stmt)).first()
    return Cap(row.retail_price, row.currency) if row else None
