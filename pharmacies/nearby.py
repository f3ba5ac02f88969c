"""The nearest pharmacies that hold a medicine: within 3 km, else 10 km, else the place's region.

The same SQL runs on SQLite and PostgreSQL: a bounding box on the indexed coordinates (a latitude band
of `ix_pharmacies_lat_lon`, longitude filtered inside it) picks the candidates, each joined to its stock
row by the stock table's primary key (gtin, pharmacy_id); the database orders them by a flat-earth
distance and returns the nearest few, whose exact (haversine) distance is computed here. The box grows
in rings, and stops as soon as it holds the page asked for and one more (so a next page is known to
exist): in a city a 1.5 km box answers, and only a rural place looks far. Names and addresses are read
for the page shown only. A stock report older than the allowed age never
counts as "in stock": the answer claims no more than the data supports.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import and_, bindparam, case, func, or_, select

from core.clock import utcnow
from core.db import Database
from register.models import MaxPrice, Pharmacy, Product, Stock
from register.normalize import search_key

RADII_KM = (3.0, 10.0)   # the answer says which of these it looked within, or that it looked in the region
# Boxes tried in turn (km): up to 3, up to 10, then within the region as far as any region reaches.
RINGS_KM = (1.5, 3.0, 10.0, 20.0, 40.0, 80.0, 160.0, 320.0, 600.0)
REGION_REACH_KM = 50.0  # the place's region: that of the nearest pharmacy, looked for this far
FAR_KM = 80.0  # before looking further, ask whether anyone has it at all (a city region is reached by then)
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
class Holder:
    """A pharmacy's recent report of the medicine in stock, and how far the pharmacy is."""

    pharmacy_id: str
    latitude: float
    longitude: float
    distance_km: float
    quantity: int
    price: Decimal | None
    currency: str
    updated_at: datetime


@dataclass(frozen=True)
class InStock:
    """A pharmacy shown in the answer: its report and what a citizen needs before going there."""

    holder: Holder
    name: str
    address: str
    phone: str | None
    hours: str | None

    @property
    def band(self) -> str:
        """few, some or many packs."""
        quantity = self.holder.quantity
        return "few" if quantity <= FEW else "some" if quantity <= SOME else "many"


@dataclass(frozen=True)
class Nearby:
    """One page of the answer: where it looked (`radius_km`, or None for the whole `region`) and what is there.

    Nothing found: `shown` is empty, and `region` is the one it looked in (None when no pharmacy at all
    is within 50 km of the place).
    """

    radius_km: float | None
    region: str | None
    page: int
    shown: list[InStock]
    more: bool  # a further page exists

    @property
    def widened(self) -> bool:
        return self.radius_km != RADII_KM[0]

    @property
    def first(self) -> int:
        """The number of the first pharmacy shown, counting from 1."""
        return self.page * PAGE_SIZE + 1


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


def _box(place: Place, km: float) -> dict[str, float]:
    """The square of half-side `km` around `place` (a circle of `km` fits in it), and the place itself, as the
    statements' parameters."""
    squeeze = max(math.cos(math.radians(place.latitude)), 0.01)  # a degree of longitude is this much shorter
    dlat, dlon = km / KM_PER_DEGREE, km / (KM_PER_DEGREE * squeeze)
    return {"south": place.latitude - dlat, "north": place.latitude + dlat, "west": place.longitude - dlon,
            "east": place.longitude + dlon, "lat": place.latitude, "lon": place.longitude, "squeeze": squeeze}


# Built once: a search runs several, and building a statement costs more than SQLite takes to run it.
_IN_BOX = and_(Pharmacy.latitude.between(bindparam("south"), bindparam("north")),
               Pharmacy.longitude.between(bindparam("west"), bindparam("east")))
# The squared flat-earth distance in degrees: orders candidates as the haversine does at these distances, so the
# database returns only the nearest few and Python measures those exactly.
_NORTHING = Pharmacy.latitude - bindparam("lat")
_EASTING = (Pharmacy.longitude - bindparam("lon")) * bindparam("squeeze")
_NEAREST_FIRST = _NORTHING * _NORTHING + _EASTING * _EASTING
_FRESH = and_(Stock.gtin == bindparam("gtin"), Stock.quantity > 0, Stock.updated_at >= bindparam("fresh_since"))
_HOLDERS = (select(Pharmacy.id, Pharmacy.latitude, Pharmacy.longitude, Stock.quantity, Stock.price, Stock.currency,
                   Stock.updated_at)
            .join(Stock, and_(Stock.pharmacy_id == Pharmacy.id, _FRESH)).where(_IN_BOX)
            .order_by(_NEAREST_FIRST).limit(bindparam("most")))
_HOLDERS_IN_REGION = _HOLDERS.where(Pharmacy.region == bindparam("region"))
_HELD_ANYWHERE = select(Stock.pharmacy_id).where(_FRESH).limit(1)
_NEAREST_PHARMACY = (select(Pharmacy.latitude, Pharmacy.longitude, Pharmacy.region).where(_IN_BOX)
                     .order_by(_NEAREST_FIRST).limit(1))
_DETAILS = (select(Pharmacy.id, Pharmacy.name, Pharmacy.address, Pharmacy.phone, Pharmacy.hours)
            .where(Pharmacy.id.in_(bindparam("ids", expanding=True))))


async def _holders(db: Database, gtin: str, place: Place, km: float, fresh_since: datetime, region: str | None,
                   wanted: int) -> list[Holder]:
    """The pharmacies within `km` of `place` (in `region`, if given) with a fresh report, nearest first; of
    many, about the nearest `wanted` (twice as many are measured exactly, for the flat-earth order's sake)."""
    params = {"gtin": gtin, "fresh_since": fresh_since, "most": 2 * wanted, **_box(place, km)}
    if region is not None:
        params["region"] = region
    rows = await db.read(_HOLDERS if region is None else _HOLDERS_IN_REGION, params)
    found = [Holder(r.id, r.latitude, r.longitude, distance_km(place, r.latitude, r.longitude), r.quantity, r.price,
                    r.currency, r.updated_at) for r in rows]
    found = [holder for holder in found if holder.distance_km <= km]
    found.sort(key=lambda holder: (holder.distance_km, holder.pharmacy_id))
    return found


async def region_of(db: Database, place: Place) -> str | None:
    """The region of the pharmacy nearest to `place`, whatever it holds; None when none is within 50 km."""
    for row in await db.read(_NEAREST_PHARMACY, _box(place, REGION_REACH_KM)):
        if distance_km(place, row.latitude, row.longitude) <= REGION_REACH_KM:
            return row.region
    return None


async def nearby(db: Database, gtin: str, place: Place, *, max_age_days: int, page: int = 0,
                 now: datetime | None = None) -> Nearby:
    """Page `page` of the pharmacies with `gtin` in stock nearest to `place`: within 3 km, else 10 km, else
    the region; a report older than `max_age_days` does not count."""
    fresh_since = (now or utcnow()) - timedelta(days=max_age_days)
    wanted = (page + 1) * PAGE_SIZE + 1  # one more than the page shows: is there a next page?
    region = None
    for km in RINGS_KM:
        if km > RADII_KM[-1] and region is None:
            region = await region_of(db, place)
            if region is None:
                break
        if km == FAR_KM and not await db.read(_HELD_ANYWHERE, {"gtin": gtin, "fresh_since": fresh_since}):
            break  # nobody anywhere has it: no need to look across the whole region
        found = await _holders(db, gtin, place, km, fresh_since, region, wanted)
        if len(found) >= wanted or (found and (km in RADII_KM or km == RINGS_KM[-1])):
            radius = next((radius for radius in RADII_KM if km <= radius), None)
            return Nearby(radius, region, page, await _details(db, found[page * PAGE_SIZE:wanted - 1]),
                          len(found) >= wanted)
    return Nearby(None, region, page, [], False)


async def _details(db: Database, holders: list[Holder]) -> list[InStock]:
    if not holders:
        return []
    rows = {row.id: row for row in await db.read(_DETAILS, {"ids": [holder.pharmacy_id for holder in holders]})}
    return [InStock(holder, rows[holder.pharmacy_id].name, rows[holder.pharmacy_id].address,
                    rows[holder.pharmacy_id].phone, rows[holder.pharmacy_id].hours)
            for holder in holders if holder.pharmacy_id in rows]


async def district_centre(db: Database, text: str) -> Place | None:
    """The centre of the pharmacies whose region or address names every word typed ("Chilonzor", "Юнусабад")."""
    words = search_key(text).split()[:4]
    if not words:
        return None
    like = [Pharmacy.search_text.contains(word, autoescape=True) for word in words]
    rows = await db.read(select(Pharmacy.latitude, Pharmacy.longitude).where(*like).limit(DISTRICT_MATCHES), {})
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
