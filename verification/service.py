"""Verify a pack code against the register mirror: parse, look up, judge, and say it as plain data."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.db import Database
from verification.gs1 import CodeError, PackCode, parse_code
from verification.lookup import (
    CertificateInfo, CodeStatusInfo, Found, PriceInfo, ProductInfo, RecallInfo, RegistrationInfo, lookup,
)
from verification.verdict import NO_CODE, Facts, Verdict, judge

DEFAULT_ZONE = "Asia/Tashkent"


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
    data_date: date | None = None  # as of when the deciding feed speaks: code statuses (catalogue for a GTIN)
    batch: str | None = None       # the batch used: from the code, else from the code-status row
    expiry: date | None = None     # the expiry used: the code's, else the code status', else the batch's
    code_error: str | None = None  # why the input is no code (a gs1.CodeError reason); not in to_json

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
        }


def local_today(zone: str = DEFAULT_ZONE) -> date:
    """Today's date where the citizen is (a pack expires at the end of their day, not UTC's)."""
    return datetime.now(ZoneInfo(zone)).date()


def no_code(reason: str | None = None) -> CheckResult:
    """The result for an input that holds no usable code; `reason` says why (a CodeError reason)."""
    return CheckResult(code=None, verdict=NO_CODE, code_error=reason)


async def verify_code(db: Database, code: PackCode, today: date | None = None) -> CheckResult:
    """Judge one parsed code against the mirror as of `today` (default: today in Tashkent)."""
    today = today or local_today()
    found = await lookup(db, code, today)
    expiry = code.expiry or _first(found.code_status, found.certificate, attr="expiry")
    verdict = judge(_facts(code, found, expiry), today)
    return CheckResult(
        code=code, verdict=verdict, product=found.product, registration=found.registration,
        certificate=found.certificate, code_status=found.code_status, max_price=found.max_price,
        recall=found.recall, data_date=_data_date(code, found.data_dates), batch=found.batch, expiry=expiry,
    )


async def verify_text(db: Database, text: str | bytes, today: date | None = None) -> list[CheckResult]:
    """Verify the code in a text (one code per text); a text that is no code gives one "none" result.

    A list, so that callers treat a typed code and a photo (which may carry several) alike.
    """
    try:
        code = parse_code(text)
    except CodeError as exc:
        return [no_code(exc.reason)]
    return [await verify_code(db, code, today)]


def _facts(code: PackCode, found: Found, expiry: date | None) -> Facts:
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
    )


def _data_date(code: PackCode, dates: dict[str, datetime | None]) -> date | None:
    """The data date, in Tashkent, of the feed the verdict rests on: a pack's own status, or the catalogue."""
    # Other feeds date themselves by their newest row (a certificate, a price), which says little of freshness.
    when = dates.get("code-status" if code.is_pack else "gtin-catalogue")
    return when.astimezone(ZoneInfo(DEFAULT_ZONE)).date() if when else None


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
