"""The Uzbek published register: medicines and batch certificates (DataTables), reference prices (pageable API)."""
from __future__ import annotations

import html
import re

from register.fields import RowError, day, key, money, text
from register.importers.base import Kind, Row
from register.models import Batch, MaxPrice, RegisterEntry
from register.normalize import search_text
from register.readers import datatables_records, pageable_records

_TAG = re.compile(r"<[^>]*>")


def plain(value: object, limit: int | None = None) -> str | None:
    """DataTables cells may carry HTML and entities; keep the text."""
    if isinstance(value, str) and ("<" in value or "&" in value):
        value = html.unescape(_TAG.sub(" ", value))
    return text(value, limit)


def registration(value: object, name: str, *, optional: bool = False) -> str | None:
    number = key(plain(value), name, 64, optional=optional)
    return " ".join(number.split()) if number else number


def register_entry(record: dict) -> Row:
    trade_name = plain(record.get("medicine_name"), 255)
    if not trade_name:
        raise RowError("no medicine_name")
    inn = plain(record.get("inn_name"), 255)
    return {
        "registration_number": registration(record.get("certificate_number"), "certificate_number"),
        "trade_name": trade_name,
        "inn": inn,
        "form": plain(record.get("box_group_id_display")),
        "atc": plain(record.get("atc_code"), 16),
        "manufacturer": plain(record.get("producer_name"), 255),
        "source_id": key(plain(record.get("DT_RowId")), "DT_RowId", 64, optional=True),
        "search_text": search_text(trade_name, inn),
    }


def certificate(record: dict) -> Row:
    return {
        "registration_number": registration(record.get("reg_num"), "reg_num", optional=True),
        "series": key(plain(record.get("series")), "series", 64),
        "product_title": plain(record.get("title"), 255),
        "certificate_number": key(plain(record.get("blank_num")), "blank_num", 64, optional=True),
        "certificate_date": day(plain(record.get("sert_date")), "sert_date"),
        "issuer": plain(record.get("sert_org"), 255),
        "manufacturer": plain(record.get("manufacturer"), 255),
        "country": plain(record.get("country"), 128),
        "importer": plain(record.get("customer"), 255),
        "expiry": None,  # the certificate holds until the batch expires; the list does not say when
        "status": "valid",
    }


def price(record: dict) -> Row:
    # `price` is USD; the UZS amounts are retailPrice (maxSalePrice on the detail card) and wholesalePrice.
    retail = money(record.get("maxSalePrice"), "maxSalePrice", optional=True)
    if retail is None:
        retail = money(record.get("retailPrice"), "retailPrice")
    return {
        "source": "uz-prices",
        "registration_number": registration(record.get("registrationNumber"), "registrationNumber"),
        "gtin": None,
        "trade_name": plain(record.get("trademark"), 255),
        "pack": plain(record.get("medicinalProductIncludingPackaging")),
        "retail_price": retail,
        "wholesale_price": money(record.get("wholesalePrice"), "wholesalePrice", optional=True),
        "currency": "UZS",
        "effective_date": day(record.get("priceDate"), "priceDate"),
    }


def _record_id(name: str):
    def record_key(record: dict, _row: Row) -> object:
        value = record.get(name)
        return None if value in (None, "") else str(value)
    return record_key


_ENTRY_COLUMNS = ("registration_number", "trade_name", "inn", "form", "atc", "manufacturer", "source_id",
                  "search_text")
_BATCH_COLUMNS = ("registration_number", "series", "product_title", "certificate_number", "certificate_date",
                  "issuer", "manufacturer", "country", "importer", "expiry", "status")
PRICE_COLUMNS = ("source", "registration_number", "gtin", "trade_name", "pack", "retail_price", "wholesale_price",
                 "currency", "effective_date")

KINDS = (
    Kind("uz-register", RegisterEntry.__table__, _ENTRY_COLUMNS, datatables_records, register_entry,
         key=_record_id("DT_RowId"), fetch="datatables",
         about="the Uzbek register of medicines: DataTables JSON (uz_register.json)"),
    Kind("uz-certificates", Batch.__table__, _BATCH_COLUMNS, datatables_records, certificate,
         key=_record_id("DT_RowId"), dated="certificate_date", fetch="datatables",
         about="the Uzbek quality certificates of batches: DataTables JSON (uz_certificates.json)"),
    Kind("uz-prices", MaxPrice.__table__, PRICE_COLUMNS, pageable_records, price, scope={"source": "uz-prices"},
         key=_record_id("uuid"), dated="effective_date", fetch="pageable",
         about="the Uzbek maximum retail prices: paged JSON API (uz_prices.json)"),
)
