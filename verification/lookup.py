"""The register queries for one pack code, returned as plain dataclasses.

This runs for every photo, so it keeps to four indexed round trips on one connection: the code's
product, registration, status, batch certificate and register entry in one joined row; then the
recall, the price and the data dates.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import String, and_, case, false, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

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
    async with db.session() as session:
        product, registration, status, batch_row, entry = await _code_row(session, code)
        batch = code.batch or (status.batch if status else None)
        recall = await _recall(session, code.gtin, batch)
        price = await _price(session, code.gtin, product.registration_number if product else None, today)
        dates = dict((await session.execute(select(SourceState.source, SourceState.data_date))).all())
    return Found(
        product=_product(product, entry) if product else None,
        registration=_registration(registration) if registration else None,
        certificate=_certificate(batch_row) if batch_row else None,
        code_status=_code_status(status) if status else None,
        max_price=_price_info(price, code.gtin) if price else None,
        recall=_recall_info(recall) if recall else None,
        batch=batch,
        data_dates=dates,
    )


async def _code_row(session: AsyncSession, code: PackCode):
    # One row from a one-value anchor, so a code status is found even when the catalogue lacks the GTIN.
    anchor = select(literal(code.gtin, String).label("gtin")).subquery("code")
    code_match = CodeStatus.serial == code.serial if code.serial else false()
    series = func.coalesce(literal(code.batch, String), CodeStatus.batch)
    stmt = (
        select(Product, Registration, CodeStatus, Batch, RegisterEntry)
        .select_from(anchor)
        .outerjoin(Product, Product.gtin == anchor.c.gtin)
        .outerjoin(Registration, Registration.number == Product.registration_number)
        .outerjoin(CodeStatus, and_(CodeStatus.gtin == anchor.c.gtin, code_match))
        .outerjoin(Batch, and_(Batch.registration_number == Product.registration_number, Batch.series == series))
        .outerjoin(RegisterEntry, RegisterEntry.registration_number == Product.registration_number)
        .order_by(Batch.certificate_date.desc().nulls_last(), Batch.id.desc(), RegisterEntry.id)
        .limit(1)
    )
    return (await session.execute(stmt)).one()


async def _recall(session: AsyncSession, gtin: str, batch: str | None) -> Recall | None:
    # Without a batch only an all-batches recall can be said to cover the pack.
    covers = or_(Recall.batch.is_(None), Recall.batch == batch) if batch else Recall.batch.is_(None)
    stmt = (
        select(Recall)
        .where(Recall.gtin == gtin, Recall.active.is_(True), covers)
        .order_by(Recall.batch.is_(None), case({"high": 0, "medium": 1}, value=Recall.severity, else_=2),
                  Recall.issued_at.desc())
        .limit(1)
    )
    return await session.scalar(stmt)


async def _price(session: AsyncSession, gtin: str, registration_number: str | None, today: date) -> MaxPrice | None:
    matches = [MaxPrice.gtin == gtin]
    if registration_number:
        matches.append(MaxPrice.registration_number == registration_number)
    stmt = (
        select(MaxPrice)
        .where(or_(*matches))
        .order_by(case((MaxPrice.gtin == gtin, 0), else_=1),
                  case((MaxPrice.effective_date > today, 1), else_=0),
                  MaxPrice.effective_date.desc().nulls_last(), MaxPrice.id.desc())
        .limit(1)
    )
    return await session.scalar(stmt)


def _product(row: Product, entry: RegisterEntry | None) -> ProductInfo:
    def name(attr: str) -> str | None:
        # The catalogue may carry little more than the GTIN; the register entry fills in the names.
        return getattr(row, attr) or (getattr(entry, attr) if entry else None)
    return ProductInfo(
        gtin=row.gtin, registration_number=row.registration_number, trade_name=name("trade_name") or "",
        inn=name("inn"), form=name("form"), strength=row.strength, pack_size=row.pack_size,
        manufacturer=name("manufacturer"), country=row.country, atc=name("atc"),
    )


def _registration(row: Registration) -> RegistrationInfo:
    return RegistrationInfo(row.number, row.holder, row.country, row.registered_on, row.valid_until, row.status)


def _certificate(row: Batch) -> CertificateInfo:
    return CertificateInfo(row.series, row.certificate_number, row.certificate_date, row.issuer,
                           row.manufacturer, row.country, row.importer, row.expiry, row.status)


def _code_status(row: CodeStatus) -> CodeStatusInfo:
    return CodeStatusInfo(row.status, row.reason, row.batch, row.expiry, row.changed_at)


def _price_info(row: MaxPrice, gtin: str) -> PriceInfo:
    return PriceInfo(row.retail_price, row.wholesale_price, row.currency, row.effective_date, row.source,
                     "gtin" if row.gtin == gtin else "registration_number")


def _recall_info(row: Recall) -> RecallInfo:
    return RecallInfo(row.id, row.batch, row.reason, row.severity, row.issued_at, row.notice, row.notices)
