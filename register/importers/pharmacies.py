"""Pharmacies and what they hold (our own documented CSV or JSON Lines, see FORMATS.md and the README).

`pharmacies` is the list of licensed pharmacies and replaces the table; `stock` is an incremental feed
of what each pharmacy holds of a GTIN, upserted like code statuses (a report older than the one held
never overwrites it).
"""
from __future__ import annotations

from register.fields import RowError, count, degrees, gtin, key, moment, money, required, text
from register.importers.base import Kind, Row
from register.importers.feeds import _tabular, _unique
from register.models import Pharmacy, Stock
from register.normalize import search_text

ID_LIMIT = 32  # a pharmacy's id rides in a button's callback data (64 bytes)


def pharmacy(record: dict) -> Row:
    get = record.get
    latitude, longitude = degrees(get("latitude"), "latitude", 90), degrees(get("longitude"), "longitude", 180)
    if latitude == 0 and longitude == 0:
        raise RowError("latitude and longitude are both 0 (no position)")
    address, region = required(get("address"), "address"), required(get("region"), "region", 128)
    return {
        "id": key(get("id"), "id", ID_LIMIT),
        "name": required(get("name"), "name", 255),
        "address": address,
        "region": region,
        "latitude": latitude,
        "longitude": longitude,
        "phone": text(get("phone"), 64),
        "hours": text(get("opening_hours"), 255),
        "licence": key(get("licence_number"), "licence_number", 64, optional=True),
        "search_text": search_text(region, address),
    }


def stock(record: dict) -> Row:
    get = record.get
    currency = (text(get("currency")) or "UZS").upper()
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        raise RowError(f"currency {currency!r} is not a three-letter code")
    return {
        "gtin": gtin(get("gtin")),
        "pharmacy_id": key(get("pharmacy_id"), "pharmacy_id", ID_LIMIT),
        "quantity": count(get("quantity"), "quantity"),
        "price": money(get("price"), "price", optional=True),
        "currency": currency,
        "updated_at": moment(get("updated_at"), "updated_at"),
    }


KINDS = (
    Kind("pharmacies", Pharmacy.__table__,
         ("id", "name", "address", "region", "latitude", "longitude", "phone", "hours", "licence", "search_text"),
         _tabular("id", "name", "address", "region", "latitude", "longitude"), pharmacy, key=_unique("id"),
         about="licensed pharmacies and where they are: CSV or JSON Lines (pharmacies.csv)"),
    Kind("stock", Stock.__table__, ("gtin", "pharmacy_id", "quantity", "price", "currency", "updated_at"),
         _tabular("pharmacy_id", "gtin", "quantity", "updated_at"), stock, write="upsert", dated="updated_at",
         about="what each pharmacy holds of a GTIN, incremental: CSV or JSON Lines (stock.csv)"),
)
