"""The register queries for one pack code, returned as plain dataclasses.

This runs for every check, so it is one statement of indexed joins: the code's product,
registration, status, batch certificate, register entry, recall and price, whether a leaflet is
published for it, and the data date of each register source. A long list (a withdrawal document)
is the same statement over many codes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import JSON, Date, String, and_, bindparam, case, column, exists, func, or_, select, true

from core.db import Database
from register.models import (
    Batch,
    CodeStatus,
    Leaflet,
    MaxPrice,
    Product,
    Recall,
    RegisterEntry,
    Registration,
    SourceState,
)
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
    has_leaflet: bool = False      # a patient leaflet is published for the product (its GTIN or registration)


async def lookup(db: Database, code: PackCode, today: date) -> Found:
    """Query the mirror for `code`; prices effective after `today` are used only if nothing current is."""
    params = {"gtin": code.gtin, "serial": code.serial, "batch": code.batch, "today": today}
    rows = await db.read(_STATEMENT, params)
    dates = {row.register_source: row.register_date for row in rows if row.register_source is not None}
    return _found(code, rows[0], dates)


async def lookup_many(db: Database, codes: list[PackCode], today: date, chunk: int = 1000) -> list[Found]:
    """`lookup` of each code, in order, with the same answers: one statement per `chunk` codes, not one per code."""
    if not codes:
        return []
    found: list[Found] = []
    async with db.engine.connect() as conn:
        dates = dict((await conn.execute(select(SourceState.source, SourceState.data_date))).all())
        for start in range(0, len(codes), chunk):
            part = codes[start:start + chunk]
            params = {"codes": [[index, code.gtin, code.serial, code.batch] for index, code in enumerate(part)],
                      "today": today}
            by_index = {row[0]: row[1:] for row in await conn.execute(_MANY[conn.dialect.name], params)}
            found += [_found(code, by_index[index], dates) for index, code in enumerate(part)]
    return found


def _statement(anchor, *first):
    """The codes of `anchor` (columns gtin, serial, batch) with everything known of each: one row per code.

    `first`: columns put before the tables' (a chunk's row index). The anchor's rows find a code status
    even when the catalogue lacks the GTIN; batch, register entry, recall and price each join the one
    best row their subquery picks.
    """
    gtin, registration_number = anchor.c.gtin, Product.registration_number
    batch = func.coalesce(anchor.c.batch, CodeStatus.batch)
    today = bindparam("today", type_=Date)

    def best(column, *where, order_by):
        return (select(column).where(*where).order_by(*order_by).limit(1)
                .correlate(anchor, Product, CodeStatus).scalar_subquery())

    certificate = best(Batch.id, Batch.registration_number == registration_number, Batch.series == batch,
                       order_by=(Batch.certificate_date.desc().nulls_last(), Batch.id.desc()))
    entry = best(RegisterEntry.id, RegisterEntry.registration_number == registration_number,
                 order_by=(RegisterEntry.id,))
    # Without a batch only an all-batches recall can be said to cover the pack.
    recall = best(Recall.id, Recall.gtin == gtin, Recall.active.is_(True),
                  or_(Recall.batch.is_(None), Recall.batch == batch),
                  order_by=(Recall.batch.is_(None), case({"high": 0, "medium": 1}, value=Recall.severity, else_=2),
                            Recall.issued_at.desc()))
    # A price for the GTIN itself before one for its registration: two subqueries, as SQLite cannot
    # read the outer row in the ORDER BY of a subquery in a join's ON clause ("no such column").
    current_first = (case((MaxPrice.effective_date > today, 1), else_=0),
                     MaxPrice.effective_date.desc().nulls_last(), MaxPrice.id.desc())
    price = func.coalesce(best(MaxPrice.id, MaxPrice.gtin == gtin, order_by=current_first),
                          best(MaxPrice.id, MaxPrice.registration_number == registration_number, order_by=current_first))
    leaflet = (exists().where(Product.gtin.is_not(None),  # a leaflet is offered for a catalogued product only
                              or_(Leaflet.gtin == gtin, Leaflet.registration_number == registration_number))
               .correlate(anchor, Product))
    return (
        select(*first, *(model.__table__ for model in _JOINED), leaflet.label("has_leaflet"))
        .select_from(anchor)
        .outerjoin(Product, Product.gtin == gtin)
        .outerjoin(Registration, Registration.number == registration_number)
        .outerjoin(CodeStatus, and_(CodeStatus.gtin == gtin, CodeStatus.serial == anchor.c.serial))
        .outerjoin(Batch, Batch.id == certificate)
        .outerjoin(RegisterEntry, RegisterEntry.id == entry)
        .outerjoin(Recall, Recall.id == recall)
        .outerjoin(MaxPrice, MaxPrice.id == price)
    )


def _one_code():
    """`lookup`'s one round trip: the code's row once per register source, each carrying that source's data date.

    Built once (its parameters bound at each call), so SQLAlchemy compiles it once.
    """
    anchor = select(*(bindparam(name, type_=String).label(name) for name in ("gtin", "serial", "batch"))).subquery(
        "code")
    return (_statement(anchor)
            .add_columns(SourceState.source.label("register_source"), SourceState.data_date.label("register_date"))
            .outerjoin(SourceState, true()))


def _many_codes(json_elements):
    """`lookup_many`'s statement: the codes come as one JSON parameter, `codes`, an array of
    [index, gtin, serial, batch], which `json_elements` (the dialect's function) makes rows.

    One parameter rather than a VALUES list, so SQLAlchemy compiles it once, not at each call.
    """
    value = json_elements(bindparam("codes", type_=JSON)).table_valued(column("value", JSON)).c.value
    anchor = select(value[0].as_integer().label("idx"), value[1].as_string().label("gtin"),
                    value[2].as_string().label("serial"), value[3].as_string().label("batch")).subquery("code")
    return _statement(anchor, anchor.c.idx)


def _found(code: PackCode, row, dates: dict[str, datetime | None]) -> Found:
    product, registration, status, batch_row, entry, recall, price = _rows_of_tables(row)
    return Found(
        product=_product(product, entry) if product else None,
        registration=_registration(registration) if registration else None,
        certificate=_certificate(batch_row) if batch_row else None,
        code_status=_code_status(status) if status else None,
        max_price=_price_info(price, code.gtin) if price else None,
        recall=_recall_info(recall) if recall else None,
        batch=code.batch or (status.batch if status else None),
        data_dates=dates,
        has_leaflet=bool(row[_LEAFLET_AT]),
    )


TableRow = SimpleNamespace  # one table's columns of the joined row, by name
_JOINED = (Product, Registration, CodeStatus, Batch, RegisterEntry, Recall, MaxPrice)
_STATEMENT = _one_code()
_MANY = {"sqlite": _many_codes(func.json_each), "postgresql": _many_codes(func.json_array_elements)}


def _layout() -> list[tuple[tuple[str, ...], int, tuple[int, ...]]]:
    """Per joined table: its column names, where they start in the row, and where its primary key sits."""
    layout, start = [], 0
    for model in _JOINED:
        names = tuple(model.__table__.c.keys())
        layout.append((names, start, tuple(start + names.index(key.name) for key in model.__table__.primary_key)))
        start += len(names)
    return layout


_LAYOUT = _layout()
_LEAFLET_AT = sum(len(model.__table__.c) for model in _JOINED)  # the column after the tables'


def _rows_of_tables(row) -> list[TableRow | None]:
    """The joined row cut back into one row per table (None where the outer join found none).

    Plain rows rather than ORM objects: the ORM's identity map and loading cost more than the query.
    """
    return [None if all(row[key] is None for key in keys)
            else SimpleNamespace(**dict(zip(names, row[start:start + len(names)])))
            for names, start, keys in _LAYOUT]


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
