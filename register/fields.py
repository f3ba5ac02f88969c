"""Checks for single values of a register row; each failure is a `RowError` with a one-line reason."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from functools import lru_cache

TASHKENT = timezone(timedelta(hours=5), "Asia/Tashkent")  # no DST since 1992
MOSCOW = timezone(timedelta(hours=3), "Europe/Moscow")    # no DST since 2014
_MAX_MONEY = Decimal("1e14")  # Numeric(16, 2)
_CENT = Decimal("0.01")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


class RowError(ValueError):
    """A row the load rejects, with the reason a person can act on."""


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def absent(value: object, name: str, optional: bool) -> bool:
    """True when `value` is blank and may be; a blank value that may not be is a RowError."""
    if not blank(value):
        return False
    if optional:
        return True
    raise RowError(f"no {name}")


def text(value: object, limit: int | None = None) -> str | None:
    """Optional descriptive text, stripped; cut to `limit` characters (a long name is not an error)."""
    if blank(value):
        return None
    result = " ".join(str(value).split())
    if limit and len(result) > limit:
        result = result[: limit - 1] + "…"
    return result


def required(value: object, name: str, limit: int | None = None) -> str:
    result = text(value, limit)
    if result is None:
        raise RowError(f"no {name}")
    return result


def key(value: object, name: str, limit: int, *, optional: bool = False) -> str | None:
    """An identifier (registration number, serial, batch): never cut, too long is an error."""
    if absent(value, name, optional):
        return None
    result = str(value).strip()
    if len(result) > limit:
        raise RowError(f"{name} longer than {limit} characters")
    return result


def choice(value: object, name: str, allowed: frozenset[str], *, optional: bool = False) -> str | None:
    if absent(value, name, optional):
        return None
    result = str(value).strip().lower()
    if result not in allowed:
        raise RowError(f"{name} {str(value).strip()!r} is not one of {', '.join(sorted(allowed))}")
    return result


def gtin(value: object) -> str:
    """A GTIN as 14 digits with a valid check digit; 8-, 12- and 13-digit forms are padded with zeros."""
    if blank(value):
        raise RowError("no GTIN")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = str(value).zfill(13)  # a spreadsheet number lost the EAN-13's leading zero
    return _gtin(str(value).strip())


@lru_cache(maxsize=1 << 16)
def _gtin(raw: str) -> str:
    if not (raw.isascii() and raw.isdigit()):
        raise RowError(f"GTIN {raw!r} is not all digits")
    if len(raw) not in (8, 12, 13, 14):
        raise RowError(f"GTIN {raw} has {len(raw)} digits, not 8, 12, 13 or 14")
    digits = raw.zfill(14)
    expected = check_digit(digits[:13])
    if int(digits[13]) != expected:
        raise RowError(f"GTIN {digits} has a bad check digit (expected {expected})")
    return digits


def check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def day(value: object, name: str, *, optional: bool = True) -> date | None:
    """A date given as YYYY-MM-DD, DD.MM.YYYY or a spreadsheet date."""
    if absent(value, name, optional):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _day(str(value).strip(), name)


@lru_cache(maxsize=1 << 14)
def _day(raw: str, name: str) -> date:
    try:
        if "-" in raw:
            return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw).date()
        match = _DOTTED.fullmatch(raw)
        if match:
            d, m, y = (int(part) for part in match.groups())
            return date(y, m, d)
    except ValueError:
        pass
    raise RowError(f"{name} {raw!r} is not a date")


def first_day(value: object, name: str) -> date | None:
    """The first DD.MM.YYYY date inside free text like "20.03.2010 (20-4-4109350-изм)"."""
    if blank(value) or isinstance(value, (date, datetime)):
        return day(value, name)
    match = _DOTTED.search(str(value))
    return day(match.group(0), name) if match else day(value, name)


def moment(value: object, name: str, zone: tzinfo = TASHKENT, *, optional: bool = False) -> datetime | None:
    """An aware UTC datetime from ISO 8601; a time without zone is read in `zone`, a bare date as its midnight."""
    if absent(value, name, optional):
        return None
    if isinstance(value, datetime):
        return _aware(value, zone)
    if isinstance(value, date):
        return datetime.combine(value, time(), zone).astimezone(timezone.utc)
    return _moment(str(value).strip(), name, zone)


@lru_cache(maxsize=1 << 14)
def _moment(raw: str, name: str, zone: tzinfo) -> datetime:
    try:
        if len(raw) == 10 and "." in raw:
            return datetime.combine(_day(raw, name), time(), zone).astimezone(timezone.utc)
        return _aware(datetime.fromisoformat(raw), zone)
    except (ValueError, RowError):
        raise RowError(f"{name} {raw!r} is not an ISO 8601 date and time") from None


def _aware(value: datetime, zone: tzinfo) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=zone)
    return value.astimezone(timezone.utc)


def money(value: object, name: str, *, optional: bool = False) -> Decimal | None:
    """A non-negative amount with two decimals; "27 000,50" and spreadsheet numbers are fine."""
    if absent(value, name, optional):
        return None
    if isinstance(value, bool):
        raise RowError(f"{name} {value!r} is not a number")
    raw = value if isinstance(value, (int, Decimal)) else str(value).strip()
    if isinstance(raw, str):
        raw = "".join(raw.split()).replace("\u202f", "").replace(",", ".")
    try:
        amount = Decimal(str(raw))
    except InvalidOperation:
        raise RowError(f"{name} {value!r} is not a number") from None
    if not amount.is_finite() or amount < 0 or amount >= _MAX_MONEY:
        raise RowError(f"{name} {value!r} is not a price")
    return amount.quantize(_CENT)


def degrees(value: object, name: str, limit: float) -> float:
    """A latitude (limit 90) or longitude (limit 180) in decimal degrees; "41,3111" is fine."""
    raw = required(value, name).replace(",", ".") if isinstance(value, str) else value
    try:
        result = float(raw)
    except (TypeError, ValueError):
        raise RowError(f"{name} {value!r} is not a number") from None
    if not -limit <= result <= limit:
        raise RowError(f"{name} {result} is outside -{limit:g}..{limit:g}")
    return result


def count(value: object, name: str) -> int:
    """A whole number of packs, zero or more ("12", 12 and 12.0 alike)."""
    if blank(value):
        raise RowError(f"no {name}")
    try:
        number = float(str(value).strip()) if not isinstance(value, (int, float)) else value
    except ValueError:
        raise RowError(f"{name} {value!r} is not a number") from None
    if isinstance(value, bool) or number != int(number) or number < 0 or number >= 2**31:
        raise RowError(f"{name} {value!r} is not a count of packs")
    return int(number)
