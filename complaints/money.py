"""Prices as citizens type them ("45 000 сум", "45,000 so'm", "45000.50") and how far they are over the cap."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# One pack of medicine never costs this much; a bigger number is a typo (an extra zero or a phone number).
MAX_PAID = Decimal("100000000")
CENT = Decimal("0.01")

# Currency words people add after the number: Uzbek so'm, Kyrgyz som, their codes and abbreviations.
_CURRENCY = {"so'm", "som", "sum", "soum", "uzs", "kgs", "сум", "сўм", "сом", "с", "сумов", "сума", "сомов"}
_APOSTROPHES = str.maketrans({c: "'" for c in "ʻʼ’‘`´ʹ′"})
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f\u2007]+")
_SHAPE = re.compile(r"^(?P<sign>[-−–])?(?P<number>\d[\d '.,]*)(?P<unit>[^\d]*)$")


class PriceError(ValueError):
    """Why a typed price is not accepted: not_a_number, zero, negative, too_precise or too_large."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def parse_price(text: str) -> Decimal:
    """The amount of a typed price, to the tiyin; raises PriceError with the reason it is refused.

    A single separator followed by exactly three digits groups thousands ("45,000", "45.000") unless
    the number starts with 0 ("0.001" is a fraction); otherwise the last separator marks the decimals
    ("45000.50", "1 234,5"). More than two decimals is less than the smallest coin: refused, not rounded.
    """
    cleaned = _SPACES.sub(" ", (text or "").translate(_APOSTROPHES)).strip().lower()
    match = _SHAPE.match(cleaned)
    if match is None:
        raise PriceError("not_a_number")
    unit = match["unit"].strip().rstrip(".")
    if unit and unit not in _CURRENCY:
        raise PriceError("not_a_number")
    amount = _amount(match["number"].strip().replace("'", " "))
    if match["sign"] and amount != 0:
        raise PriceError("negative")
    if amount == 0:
        raise PriceError("zero")
    if amount > MAX_PAID:
        raise PriceError("too_large")
    return amount


def _amount(number: str) -> Decimal:
    if " " in number:
        groups = number.split(" ")
        # Spaces only ever group thousands: "45 000", "1 250 000,50".
        if not all(re.fullmatch(r"\d{3}", g) for g in groups[1:-1]) or not re.fullmatch(r"\d{1,3}", groups[0]):
            raise PriceError("not_a_number")
        if not re.fullmatch(r"\d{3}([.,]\d{1,2})?", groups[-1]):
            raise PriceError("not_a_number")
        number = "".join(groups)
    separators = [c for c in number if c in ".,"]
    if not separators:
        digits = number
    elif len(set(separators)) == 2:
        # "1,234.56" or "1.234,56": the last separator marks the decimals, the other groups thousands.
        last = max(number.rfind("."), number.rfind(","))
        whole, decimals = number[:last], number[last + 1:]
        if not _grouped(whole, whole and next(c for c in whole if c in ".,")) or not decimals.isdigit():
            raise PriceError("not_a_number")
        digits = re.sub(r"[.,]", "", whole) + "." + decimals
    else:
        sep = separators[0]
        parts = number.split(sep)
        if (len(parts) > 2 or len(parts[-1]) == 3) and not parts[0].startswith("0") and _grouped(number, sep):
            digits = number.replace(sep, "")
        elif len(parts) == 2 and parts[-1].isdigit():
            digits = parts[0] + "." + parts[-1]
        else:
            raise PriceError("not_a_number")
    try:
        amount = Decimal(digits)
    except InvalidOperation:
        raise PriceError("not_a_number") from None
    if amount != amount.quantize(CENT):
        raise PriceError("too_precise")
    return amount.quantize(CENT)


def _grouped(number: str, sep: str) -> bool:
    parts = number.split(sep)
    return bool(re.fullmatch(r"\d{1,3}", parts[0])) and all(re.fullmatch(r"\d{3}", p) for p in parts[1:])


@dataclass(frozen=True)
class Excess:
    """How the price paid compares with the maximum price."""

    verdict: str                 # over_cap, within_cap, no_cap
    amount: Decimal | None       # paid minus cap when over it, else 0 (None without a cap)
    percent: Decimal | None      # that amount as a percentage of the cap, one decimal


def compute_excess(paid: Decimal, cap: Decimal | None) -> Excess:
    """Compare the price paid with the cap; a missing or zero cap cannot be judged."""
    if cap is None or cap <= 0:
        return Excess("no_cap", None, None)
    if paid <= cap:
        return Excess("within_cap", Decimal("0.00"), Decimal("0.0"))
    amount = (paid - cap).quantize(CENT)
    percent = (amount * 100 / cap).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Excess("over_cap", amount, percent)
