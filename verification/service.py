"""Verify a pack code against the register mirror: parse, look up, judge, and say it as plain data."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal

from core.clock import local_day, today_in
from core.db import Database
from register.freshness import MaxAge, freshness
from verification.coverage import coverage, register_date, unchecked
from verification.gs1 import CodeError, PackCode, parse_code
from verification.lookup import (
    CertificateInfo,
    CodeStatusInfo,
    Found,
    PriceInfo,
    ProductInfo,
    RecallInfo,
    RegistrationInfo,
    lookup,
    lookup_many,
)
from verification.verdict import NO_CODE, Facts, Verdict, judge


@dataclass(frozen=True)
class CheckResult:
    """One code's verdict with everything the register said about it."""

    code: PackCode | None          # None when the input held no usable code
    verdict: Verdict
    product: ProductInfo | None = None
    registration: RegistrationInfo | None = None
    certificate: CertificateInfo | None = None
    code_status: CodeStatusInfo | None = None
    max_price: PriceInfo | None = None
    recall: RecallInfo | None = None
    data_date: date | None = None  # "register data as of": the same for every card (coverage.register_date)
    batch: str | None = None       # the batch used: from the code, else from the code-status row
    expiry: date | None = None     # the expiry used: the code's, else the code status', else the batch's
    code_error: str | None = None  # why the input is no code (a gs1.CodeError reason); not in to_json
    unchecked: dict[str, date | None] = field(default_factory=dict)  # parts that cannot vouch for an absence
    has_leaflet: bool = False      # the card offers the patient leaflet; not in to_json

    def to_json(self) -> dict:
        """The published JSON shape: dates ISO, money as decimal strings, absent parts null."""
        return {
            "verdict": self.verdict.level,
            "reasons": list(self.verdict.reasons),
            "gtin": self.code.gtin if self.code else None,
            "serial": self.code.serial if self.code else None,
            "batch": self.batch,
            "expiry": _plain(self.expiry),
            "product": _plain(self.product),
            "registration": _plain(self.registration),
            "certificate": _plain(self.certificate),
            "code_status": _plain(self.code_status),
            "max_price": _plain(self.max_price),
            "recall": _plain(self.recall),
            "data_date": _plain(self.data_date),
            # Parts that could not vouch for an absence: part -> the day of their (stale) data, null if missing.
            "unchecked": _plain(self.unchecked) or None,
        }


def no_code(reason: str | None = None) -> CheckResult:
    """The result for an input that holds no usable code; `reason` says why (a CodeError reason)."""
    return CheckResult(code=None, verdict=NO_CODE, code_error=reason)


async def verify_code(db: Database, code: PackCode, today: date | None = None,
                      max_age: MaxAge = MaxAge()) -> CheckResult:
    """Judge one parsed code against the mirror as of `today` (default: today in Tashkent).

    A source older than `max_age` cannot vouch for an absence: such a verdict says "cannot check".
    """
    today = today or today_in()
    found = await lookup(db, code, today)
    return _Register(found.data_dates, max_age, today).check(code, found)


async def verify_codes(db: Database, codes: list[PackCode], today: date | None = None,
                       max_age: MaxAge = MaxAge()) -> list[CheckResult]:
    """`verify_code` of each code, in order, with the same results: a few set-based queries for a long list
    (a withdrawal document of thousands of packs) instead of one round trip per code."""
    today = today or today_in()
    found = await lookup_many(db, codes, today)
    if not found:
        return []
    register = _Register(found[0].data_dates, max_age, today)  # one reading of the sources serves every code
    return [register.check(code, one) for code, one in zip(codes, found, strict=True)]


async def verify_text(db: Database, text: str | bytes, today: date | None = None,
                      max_age: MaxAge = MaxAge()) -> list[CheckResult]:
    """Verify the code in a text (one code per text); a text that is no code gives one "none" result.

    A list, so that callers treat a typed code and a photo (which may carry several) alike.
    """
    try:
        code = parse_code(text)
    except CodeError as exc:
        return [no_code(exc.reason)]
    return [await verify_code(db, code, today, max_age)]


class _Register:
    """What the mirror's sources can vouch for on `today`, and the verdict on a code from what was found."""

    def __init__(self, data_dates: dict[str, datetime | None], max_age: MaxAge, today: date) -> None:
        sources = freshness(data_dates, max_age, today)
        self.gaps = unchecked(coverage(sources))
        self.gap_parts = frozenset(self.gaps)
        self.data_date = _tashkent_day(register_date(sources))
        self.today = today

    def check(self, code: PackCode, found: Found) -> CheckResult:
        expiry = code.expiry or _first(found.code_status, found.certificate, attr="expiry")
        verdict = judge(_facts(code, found, expiry, self.gap_parts), self.today)
        return CheckResult(
            code=code, verdict=verdict, product=found.product, registration=found.registration,
            certificate=found.certificate, code_status=found.code_status, max_price=found.max_price,
            recall=found.recall, data_date=self.data_date, batch=found.batch, expiry=expiry,
            unchecked=dict(self.gaps),  # each result its own dict
            has_leaflet=found.has_leaflet,
        )


def _facts(code: PackCode, found: Found, expiry: date | None, unchecked_parts: frozenset[str]) -> Facts:
    registration = found.registration
    return Facts(
        is_pack=code.is_pack,
        product_known=found.product is not None,
        registration_status=registration.status if registration else None,
        registration_valid_until=registration.valid_until if registration else None,
        batch=found.batch,
        certificate_known=found.certificate is not None,
        batch_status=found.certificate.status if found.certificate else None,
        code_status=found.code_status.status if found.code_status else None,
        recalled=found.recall is not None,
        expiry=expiry,
        unchecked=unchecked_parts,
    )


def _tashkent_day(when: datetime | None) -> date | None:
    return local_day(when) if when else None


def _first(*rows, attr: str):
    return next((getattr(row, attr) for row in rows if row is not None and getattr(row, attr)), None)


def _plain(value):
    """A dataclass, date or Decimal as JSON-ready values."""
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if hasattr(value, "__dataclass_fields__"):
        return {key: _plain(item) for key, item in asdict(value).items()}
    return value
