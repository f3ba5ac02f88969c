"""The register queries for one pack code, returned as plain dataclasses.

This runs for every check, so it is one statement of indexed joins: the code's product,
registration, status, batch certificate, register entry, recall and price, and the data date of
each register source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import Date, String, and_, bindparam, case, func, or_, select, true

from core.db import Database
from register.models import Batch, CodeStatus, MaxPrice, Product, Recall, RegisterEntry, Registration, SourceState
from verification.gs1 import PackCode


@dataclass(frozen=True)
class ProductInfo:
    gtin: str
    registration_number: str | None
    trade_name: str
    inn: str | None
    form: str | None
    strength: str | None
    pack_size: str | None
    manufacturer: str | None
    country: str | None
    atc: str | None


@dataclass(frozen=True)
class RegistrationInfo:
    number: str
    holder: str | None
    country: str | None
    registered_on: date | None
    valid_until: date | None
    status: str


@dataclass(frozen=True)
class CertificateInfo:
    series: str
    certificate_number: str | None
    certificate_date: date | None
    issuer: str | None
    manufacturer: str | None
    country: str | None
    importer: str | None
    expiry: date | None
    status: str


@dataclass(frozen=True)
class CodeStatusInfo:
    status: str                    # applied, in_circulation, withdrawn
    reason: str | None             # why withdrawn: sale, medical_use, expiry, ...
    batch: str | None
    expiry: date | None
    changed_at: datetime | None


@dataclass(frozen=True)
class PriceInfo:
    retail_price: Decimal | None
    wholesale_price: Decimal | None
    currency: str
    effective_date: date | None
    source: str
    matched_by: str                # gtin or registration_number


@dataclass(frozen=True)
class RecallInfo:
    id: int
    batch: str | None              # None: every batch of the GTIN
    reason: str
    severity: str
    issued_at: datetime
    notice: str
    notices: dict[str, str] | None  # per language, when an operator wrote several


@dataclass(frozen=True)
class Found:
    """Everything the mirror holds about one code."""

    product: ProductInfo | None = None
    registration: RegistrationInfo | None = None
    certificate: CertificateInfo | None = None
    code_status: CodeStatusInfo | None = None
    max_price: PriceInfo | None = None
    recall: RecallInfo | None = None
    batch: str | None = None       # from the code (AI 10), else from the code-status row
    data_dates: dict[str, datetime | None] = field(default_factory=dict)  # source -> data date


async def lookup(db: Database, code: PackCode, today: date) -> Found:
    """Query the mirror for `code`; prices effective after `today` are used only if nothing current is."""
    params = {"gtin": code.gtin, "serial": code.serial, "batch": code.batch, "today": today}
    rows = await db.read(_STATEMENT, params)
    product, registration, status, batch_row, entry, recall, price = _rows_of_tables(rows[0])
    return Found(
        product=_product(product, entry) if product else None,
        registration=_registration(registration) if registration else None,
        certificate=_certificate(batch_row) if batch_row else None,
        code_status=_code_status(status) if status else None,
        max_price=_price_info(price, code.gtin) if price else None,
        recall=_recall_info(recall) if recall else None,
        batch=code.batch or (status.batch if status else None),
        data_dates={row.register_source: row.register_date for row in rows if row.register_source is not None},
    )


def _statement():
    """One round trip: a row per register source, each carrying everything known of the code.

    Built once (its parameters bound at each call), so SQLAlchemy compiles it once. The anchor is a
    one-value row, so a code status is found even when the catalogue lacks the GTIN; batch, register
    entry, recall and price each join the one best row their subquery picks.
    """
    gtin_param = bindparam("gtin", type_=String)
    anchor = select(gtin_param.label("gtin")).subquery("code")
    gtin, registration_number = anchor.c.gtin, Product.registration_number
    batch = func.coalesce(bindparam("batch", type_=String), CodeStatus.batch)
    today = bindparam("today", type_=Date)

    def best(column, *where, order_by):
        return (select(column).where(*where).order_by(*order_by).limit(1)
                .correlate(Product, CodeStatus).scalar_subquery())

    certificate = best(Batch.id, Batch.registration_number == registration_number, Batch.series == batch,
                       order_by=(Batch.certificate_date.desc().nulls_last(), Batch.id.desc()))
    entry = best(RegisterEntry.id, RegisterEntry.registration_number == registration_number,
                 order_by=(RegisterEntry.id,))
    # Without a batch only an all-batches recall can be said to cover the pack.
    recall = best(Recall.id, Recall.gtin == gtin_param, Recall.active.is_(True),
                  or_(Recall.batch.is_(None), Recall.batch == batch),
                  order_by=(Recall.batch.is_(None), case({"high": 0, "medium": 1}, value=Recall.severity, else_=2),
                            Recall.issued_at.desc()))
    price = best(MaxPrice.id, or_(MaxPrice.gtin == gtin_param, MaxPrice.registration_number == registration_number),
                 order_by=(case((MaxPrice.gtin == gtin_param, 0), else_=1),
                           case((MaxPrice.effective_date > today, 1), else_=0),
                           MaxPrice.effective_date.desc().nulls_last(), MaxPrice.id.desc()))
    return (
        select(*(model.__table__ for model in _JOINED),
               SourceState.source.label("register_source"), SourceState.data_date.label("register_date"))
        .select_from(anchor)
        .outerjoin(Product, Product.gtin == gtin)
        .outerjoin(Registration, Registration.number == registration_number)
        .outerjoin(CodeStatus, and_(CodeStatus.gtin == gtin, CodeStatus.serial == bindparam("serial", type_=String)))
        .outerjoin(Batch, Batch.id == certificate)
        .outerjoin(RegisterEntry, RegisterEntry.id == entry)
        .outerjoin(Recall, Recall.id == recall)
        .outerjoin(MaxPrice, MaxPrice.id == price)
        .outerjoin(SourceState, true())
    )


TableRow = SimpleNamespace  # one table's columns of the joined row, by name
_JOINED = (Product, Registration, CodeStatus, Batch, RegisterEntry, Recall, MaxPrice)
_STATEMENT = _statement()


def _rows_of_tables(row) -> list[TableRow | None]:
    """The joined row cut back into one row per table (None where the outer join found none).

    Plain rows rather than ORM objects: the ORM's identity map and loading cost more than the query.
    """
    parts, start = [], 0
    for model in _JOINED:
        columns = model.__table__.c
        values = dict(zip(columns.keys(), row[start:start + len(columns)]))
        start += len(columns)
        missing = all(values[key.name] is None for key in model.__table__.primary_key)
        parts.append(None if missing else SimpleNamespace(**values))
    return parts


def _product(row: TableRow, entry: TableRow | None) -> ProductInfo:
    def name(attr: str) -> str | None:
        # The catalogue may carry little more than the GTIN; the register entry fills in the names.
        return getattr(row, attr) or (getattr(entry, attr) if entry else None)
    return ProductInfo(
        gtin=row.gtin, registration_number=row.registration_number, trade_name=name("trade_name") or "",
        inn=name("inn"), form=name("form"), strength=row.strength, pack_size=row.pack_size,
        manufacturer=name("manufacturer"), country=row.country, atc=name("atc"),
    )


def _registration(row: TableRow) -> RegistrationInfo:
    return RegistrationInfo(row.number, row.holder, row.country, row.registered_on, row.valid_until, row.status)


def _certificate(row: TableRow) -> CertificateInfo:
    return CertificateInfo(row.series, row.certificate_number, row.certificate_date, row.issuer,
                           row.manufacturer, row.country, row.importer, row.expiry, row.status)


def _code_status(row: TableRow) -> CodeStatusInfo:
    return CodeStatusInfo(row.status, row.reason, row.batch, row.expiry, row.changed_at)


def _price_info(row: TableRow, gtin: str) -> PriceInfo:
    return PriceInfo(row.retail_price, row.wholesale_price, row.currency, row.effective_date, row.source,
                     "gtin" if row.gtin == gtin else "registration_number")


def _recall_info(row: TableRow) -> RecallInfo:
    return RecallInfo(row.id, row.batch, row.reason, row.severity, row.issued_at, row.notice, row.notices)
