"""The verdict rules: one pure function from what the register knows about a code to green/yellow/red.

Only the code's own status can make a pack green; register presence alone never does (FORMATS.md,
"What citizens' apps report"). Every reason that applies is returned, the deciding one first.

Precedence (the first reason decides the level; the rest follow in this order):

| reason                | level  | when |
|-----------------------|--------|------|
| recalled              | red    | an active recall covers the batch (or every batch), or the batch is banned |
| withdrawn             | red    | the code left circulation (sold, used, destroyed...): not for a shelf |
| not_registered        | red    | the GTIN is unknown to a fresh catalogue, or its registration is suspended/annulled |
| expired               | red    | the pack's expiry date has passed |
| cannot_check          | yellow | not on record, but the source that would hold it is missing or stale |
| unknown_code          | yellow | the product is registered but this code is not in circulation on record |
| product_only          | yellow | a bare GTIN (EAN-13): it names the product, never the pack |
| registration_expired  | yellow | the registration has lapsed (packs made before may still be sold) |
| registration_expiring | yellow | the registration ends within 30 days |
| in_circulation        | green  | the code is known and in circulation |
| no_certificate        | (none) | the batch has no quality certificate on record: said, but the level stays |

`no_certificate` leaves the level alone: the code status is the authority for a pack, and the
public certificate list lags behind the market.

An absence is a finding only when the source that would hold the row can vouch for it
(`Facts.unchecked`, from verification/coverage.py): missing or stale register data is "cannot
check", never "not registered" or "not on record". What a row says (withdrawn, recalled, a
suspended registration) stands whatever the age of its source.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

LEVELS = ("green", "yellow", "red", "none")
EXPIRING_WITHIN = timedelta(days=30)

# Reason -> level, in precedence order (dicts keep insertion order).
REASONS: dict[str, str | None] = {
    "recalled": "red",
    "withdrawn": "red",
    "not_registered": "red",
    "expired": "red",
    "cannot_check": "yellow",
    "unknown_code": "yellow",
    "product_only": "yellow",
    "registration_expired": "yellow",
    "registration_expiring": "yellow",
    "in_circulation": "green",
    "no_certificate": None,
    "no_code": "none",
}
_SEVERITY = {"none": 0, "green": 1, "yellow": 2, "red": 3}
_DEAD_REGISTRATION = frozenset({"suspended", "annulled"})
_BANNED_BATCH = frozenset({"banned", "recalled", "suspended", "revoked", "annulled", "withdrawn"})


@dataclass(frozen=True)
class Facts:
    """What the lookup found for one code; the defaults mean "nothing on record"."""

    is_pack: bool = True                       # GTIN + serial; False for a bare GTIN
    product_known: bool = False                # the GTIN is in the catalogue
    registration_status: str | None = None     # valid, suspended, expired, annulled; None: no record
    registration_valid_until: date | None = None
    batch: str | None = None                   # from the code (AI 10) or the code-status row
    certificate_known: bool = False            # a quality certificate for that batch is on record
    batch_status: str | None = None            # the certificate row's status (valid, banned...)
    code_status: str | None = None             # applied, in_circulation, withdrawn; None: unknown
    recalled: bool = False                     # an active recall covers this GTIN and batch
    expiry: date | None = None                 # from the code, else the code-status row, else the batch
    unchecked: frozenset[str] = frozenset()    # parts whose absence cannot be trusted (coverage.RESTS_ON)


@dataclass(frozen=True)
class Verdict:
    level: str                 # green, yellow, red, none
    reasons: tuple[str, ...]   # the deciding reason first
    unchecked: tuple[str, ...] = ()  # the parts "cannot_check" is about (product, code_status)

    @property
    def reason(self) -> str | None:
        return self.reasons[0] if self.reasons else None


NO_CODE = Verdict("none", ("no_code",))


def judge(facts: Facts, today: date) -> Verdict:
    """Apply the rules to `facts` as of `today`; every applicable reason, in precedence order."""
    found: set[str] = set()
    unchecked: list[str] = []

    def absent(part: str, reason: str) -> None:
        # No row: a finding only when the source that would hold it can vouch for that.
        if part in facts.unchecked:
            found.add("cannot_check")
            unchecked.append(part)
        else:
            found.add(reason)

    if facts.recalled or (facts.batch_status or "").lower() in _BANNED_BATCH:
        found.add("recalled")
    if facts.code_status == "withdrawn":
        found.add("withdrawn")
    elif facts.code_status == "in_circulation":
        found.add("in_circulation")
    if (facts.registration_status or "").lower() in _DEAD_REGISTRATION:
        found.add("not_registered")
    elif not facts.product_known:
        absent("product", "not_registered")
    if facts.expiry is not None and facts.expiry < today:
        found.add("expired")
    if not facts.is_pack:
        found.add("product_only")
    elif facts.product_known and facts.code_status is None:
        absent("code_status", "unknown_code")
    elif facts.product_known and facts.code_status not in ("in_circulation", "withdrawn"):
        found.add("unknown_code")  # on record but not in circulation ("applied": printed, never put into it)
    if facts.product_known:
        found.update(_registration_reasons(facts, today))
        if facts.batch and not facts.certificate_known and "certificate" not in facts.unchecked:
            found.add("no_certificate")  # an unchecked list says nothing; the card's batch line says so
    reasons = tuple(reason for reason in REASONS if reason in found)
    level = max((REASONS[r] for r in reasons if REASONS[r]), key=_SEVERITY.__getitem__, default="none")
    return Verdict(level, reasons, tuple(unchecked))


def _registration_reasons(facts: Facts, today: date) -> set[str]:
    until = facts.registration_valid_until
    if (facts.registration_status or "").lower() == "expired" or (until is not None and until < today):
        return {"registration_expired"}
    if until is not None and until - today <= EXPIRING_WITHIN:
        return {"registration_expiring"}
    return set()
