"""Our own documented feeds (CSV or JSON Lines): GTIN catalogue, registrations, code statuses, recalls."""
from __future__ import annotations

from functools import partial

from register.fields import RowError, choice, day, gtin, key, moment, required, text
from register.importers.base import Kind
from register.models import CodeStatus, Product, Recall, Registration
from register.normalize import search_text
from register.readers import tabular_records

CODE_STATUSES = frozenset({"applied", "in_circulation", "withdrawn"})
WITHDRAWAL_REASONS = frozenset({"sale", "medical_use", "expiry", "free_prescription", "destruction", "loss",
                                "export"})
SEVERITIES = frozenset({"low", "medium", "high"})
REGISTRATION_STATUSES = frozenset({"valid", "suspended", "expired", "annulled"})


def product(record: dict) -> tuple:
    trade_name = required(record.get("trade_name"), "trade_name", 255)
    inn = text(record.get("inn"), 255)
    number = key(record.get("registration_number"), "registration_number", 64, optional=True)
    return (
        gtin(record.get("gtin")),
        " ".join(number.split()) if number else None,
        trade_name,
        inn,
        text(record.get("form"), 255),
        text(record.get("strength"), 128),
        text(record.get("pack_size"), 128),
        text(record.get("manufacturer"), 255),
        text(record.get("country"), 128),
        text(record.get("atc"), 16),
        search_text(trade_name, inn),
    )


def registration(record: dict) -> tuple:
    registered_on = day(record.get("registered_on"), "registered_on")
    valid_until = day(record.get("valid_until"), "valid_until")
    if registered_on and valid_until and valid_until < registered_on:
        raise RowError(f"valid_until {valid_until} is before registered_on {registered_on}")
    return (
        " ".join(key(record.get("registration_number"), "registration_number", 64).split()),
        text(record.get("holder"), 255),
        text(record.get("country"), 128),
        registered_on,
        valid_until,
        choice(record.get("status"), "status", REGISTRATION_STATUSES),
    )


def code_status(record: dict) -> tuple:
    get = record.get
    return (
        gtin(get("gtin")),
        key(get("serial"), "serial", 64),
        choice(get("status"), "status", CODE_STATUSES),
        choice(get("reason"), "reason", WITHDRAWAL_REASONS, optional=True),
        key(get("batch"), "batch", 64, optional=True),
        day(get("expiry"), "expiry"),
        moment(get("changed_at"), "changed_at"),
    )


def recall(record: dict) -> tuple:
    return (
        gtin(record.get("gtin")),
        key(record.get("batch"), "batch", 64, optional=True),  # empty: every batch of the GTIN
        required(record.get("reason"), "reason"),
        choice(record.get("severity"), "severity", SEVERITIES),
        moment(record.get("issued_at"), "issued_at"),
        text(record.get("notice")) or "",
    )


def _first(_record: dict, row: tuple) -> object:
    return row[0]


def _recall_key(_record: dict, row: tuple) -> object:
    return row[0], row[1], row[4]


def _tabular(*required_columns: str):
    return partial(tabular_records, required=required_columns)


KINDS = (
    Kind("gtin-catalogue", Product.__table__,
         ("gtin", "registration_number", "trade_name", "inn", "form", "strength", "pack_size", "manufacturer",
          "country", "atc", "search_text"),
         _tabular("gtin", "registration_number", "trade_name"), product, key=_first,
         about="products by GTIN: CSV or JSON Lines (gtin_catalogue.csv)"),
    Kind("registrations", Registration.__table__,
         ("number", "holder", "country", "registered_on", "valid_until", "status"),
         _tabular("registration_number", "status"), registration, key=_first,
         about="registration certificates and their validity: CSV or JSON Lines (registrations.csv)"),
    Kind("code-status", CodeStatus.__table__,
         ("gtin", "serial", "status", "reason", "batch", "expiry", "changed_at"),
         _tabular("gtin", "serial", "status", "changed_at"), code_status, write="upsert", dated="changed_at",
         about="each pack's status by GTIN and serial: CSV or JSON Lines (code_status.csv)"),
    Kind("recalls", Recall.__table__, ("gtin", "batch", "reason", "severity", "issued_at", "notice"),
         _tabular("gtin", "batch", "reason", "severity", "issued_at"), recall, write="merge", key=_recall_key,
         dated="issued_at", about="recalled or banned batches: CSV or JSON Lines (recalls.csv)"),
)
