"""Our own documented feeds (CSV or JSON Lines): GTIN catalogue, registrations, code statuses, recalls, leaflets."""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import partial
from operator import itemgetter
from pathlib import Path
from urllib.parse import urljoin

from register.fields import RowError, blank, choice, day, gtin, key, moment, required, text
from register.importers.base import Kind, Row
from register.models import CodeStatus, Leaflet, Product, Recall, Registration
from register.normalize import search_text
from register.readers import Document, Record, tabular_records

CODE_STATUSES = frozenset({"applied", "in_circulation", "withdrawn"})
WITHDRAWAL_REASONS = frozenset({"sale", "medical_use", "expiry", "free_prescription", "destruction", "loss",
                                "export"})
INSTITUTION_REASONS = frozenset({"medical_use", "free_prescription"})  # a medical institution used or gave it out
SEVERITIES = frozenset({"low", "medium", "high"})
REGISTRATION_STATUSES = frozenset({"valid", "suspended", "expired", "annulled"})


def product(record: dict) -> Row:
    trade_name = required(record.get("trade_name"), "trade_name", 255)
    inn = text(record.get("inn"), 255)
    number = key(record.get("registration_number"), "registration_number", 64, optional=True)
    return {
        "gtin": gtin(record.get("gtin")),
        "registration_number": " ".join(number.split()) if number else None,
        "trade_name": trade_name,
        "inn": inn,
        "form": text(record.get("form"), 255),
        "strength": text(record.get("strength"), 128),
        "pack_size": text(record.get("pack_size"), 128),
        "manufacturer": text(record.get("manufacturer"), 255),
        "country": text(record.get("country"), 128),
        "atc": text(record.get("atc"), 16),
        "search_text": search_text(trade_name, inn),
    }


def registration(record: dict) -> Row:
    registered_on = day(record.get("registered_on"), "registered_on")
    valid_until = day(record.get("valid_until"), "valid_until")
    if registered_on and valid_until and valid_until < registered_on:
        raise RowError(f"valid_until {valid_until} is before registered_on {registered_on}")
    return {
        "number": " ".join(key(record.get("registration_number"), "registration_number", 64).split()),
        "holder": text(record.get("holder"), 255),
        "country": text(record.get("country"), 128),
        "registered_on": registered_on,
        "valid_until": valid_until,
        "status": choice(record.get("status"), "status", REGISTRATION_STATUSES),
    }


def code_status(record: dict) -> Row:
    get = record.get
    return {
        "gtin": gtin(get("gtin")),
        "serial": key(get("serial"), "serial", 64),
        "status": choice(get("status"), "status", CODE_STATUSES),
        "reason": choice(get("reason"), "reason", WITHDRAWAL_REASONS, optional=True),
        "batch": key(get("batch"), "batch", 64, optional=True),
        "expiry": day(get("expiry"), "expiry"),
        "changed_at": moment(get("changed_at"), "changed_at"),
    }


def recall(record: dict) -> Row:
    return {
        "gtin": gtin(record.get("gtin")),
        "batch": key(record.get("batch"), "batch", 64, optional=True),  # empty: every batch of the GTIN
        "reason": required(record.get("reason"), "reason"),
        "severity": choice(record.get("severity"), "severity", SEVERITIES),
        "issued_at": moment(record.get("issued_at"), "issued_at"),
        "notice": text(record.get("notice")) or "",
    }


BASE = "\0base"  # where a leaflet's relative location is relative to: the list's own URL or file
_LANGUAGE = re.compile(r"[a-z]{2}")


def leaflet(record: dict) -> Row:
    number = key(record.get("registration_number"), "registration_number", 64, optional=True)
    code = gtin(record.get("gtin")) if not blank(record.get("gtin")) else None
    if code is None and number is None:
        raise RowError("no gtin and no registration_number: the leaflet belongs to nothing")
    language = required(record.get("language"), "language").lower()
    if not _LANGUAGE.fullmatch(language):
        raise RowError(f"language {language!r} is not a two-letter code like ru or uz")
    location = _location(required(record.get("url"), "url"), record.get(BASE) or "")
    if len(location) > 1024:  # leaflet_files keys uploads by it
        raise RowError("url longer than 1024 characters")
    return {
        "gtin": code,
        "registration_number": " ".join(number.split()) if number else None,
        "language": language,
        "location": location,
        "title": required(record.get("title"), "title", 255),
        "published_on": day(record.get("date"), "date"),
    }


def _location(given: str, base: str) -> str:
    """An http(s) URL as it is; a path relative to the list (a URL beside a fetched list, a file beside a local one)."""
    if given.startswith(("http://", "https://")):
        return given
    if base.startswith(("http://", "https://")):
        return urljoin(base, given)
    path = Path(given)
    return str(path if path.is_absolute() else (Path(base).parent / path).resolve())


def leaflet_records(doc: Document) -> Iterator[Record]:
    """The tabular records of a leaflets list, each told where the list itself is."""
    for where, record in tabular_records(doc, required=("url", "language", "title")):
        yield where, {**record, BASE: doc.location}


def _unique(*columns: str):
    """A `Kind.key`: rows are one thing when these columns are equal."""
    values = itemgetter(*columns)
    return lambda _record, row: values(row)


def _tabular(*required_columns: str):
    return partial(tabular_records, required=required_columns)


KINDS = (
    Kind("gtin-catalogue", Product.__table__,
         ("gtin", "registration_number", "trade_name", "inn", "form", "strength", "pack_size", "manufacturer",
          "country", "atc", "search_text"),
         _tabular("gtin", "registration_number", "trade_name"), product, key=_unique("gtin"),
         about="products by GTIN: CSV or JSON Lines (gtin_catalogue.csv)"),
    Kind("registrations", Registration.__table__,
         ("number", "holder", "country", "registered_on", "valid_until", "status"),
         _tabular("registration_number", "status"), registration, key=_unique("number"),
         about="registration certificates and their validity: CSV or JSON Lines (registrations.csv)"),
    Kind("code-status", CodeStatus.__table__,
         ("gtin", "serial", "status", "reason", "batch", "expiry", "changed_at"),
         _tabular("gtin", "serial", "status", "changed_at"), code_status, write="upsert", dated="changed_at",
         about="each pack's status by GTIN and serial: CSV or JSON Lines (code_status.csv)"),
    Kind("recalls", Recall.__table__, ("gtin", "batch", "reason", "severity", "issued_at", "notice"),
         _tabular("gtin", "batch", "reason", "severity", "issued_at"), recall, write="merge",
         key=_unique("gtin", "batch", "issued_at"), dated="issued_at",
         about="recalled or banned batches: CSV or JSON Lines (recalls.csv)"),
    Kind("leaflets", Leaflet.__table__,
         ("gtin", "registration_number", "language", "location", "title", "published_on"),
         leaflet_records, leaflet, key=_unique("gtin", "registration_number", "language"),
         about="medicines' instructions by GTIN or registration number: CSV or JSON Lines (leaflets.csv)"),
)
