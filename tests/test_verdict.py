"""The verdict rules, one row per rule and per precedence case (pure: no database)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from verification.verdict import REASONS, Facts, judge

TODAY = date(2026, 11, 21)
# A pack whose code is in circulation, registered until 2029, batch certified, expiring in 2028.
GREEN = Facts(is_pack=True, product_known=True, registration_status="valid",
              registration_valid_until=date(2029, 2, 9), batch="V31583", certificate_known=True,
              batch_status="valid", code_status="in_circulation", expiry=date(2028, 4, 2))

CASES = [
    # (id, changes to GREEN, level, reasons)
    ("in_circulation", {}, "green", ("in_circulation",)),
    ("recalled batch", {"recalled": True}, "red", ("recalled", "in_circulation")),
    ("banned batch", {"batch_status": "banned"}, "red", ("recalled", "in_circulation")),
    ("withdrawn", {"code_status": "withdrawn"}, "red", ("withdrawn",)),
    ("gtin unknown", {"product_known": False, "registration_status": None, "registration_valid_until": None,
                      "certificate_known": False, "code_status": None}, "red", ("not_registered",)),
    ("registration annulled", {"registration_status": "annulled"}, "red", ("not_registered", "in_circulation")),
    ("registration suspended", {"registration_status": "suspended"}, "red", ("not_registered", "in_circulation")),
    ("expired", {"expiry": date(2026, 11, 1)}, "red", ("expired", "in_circulation")),
    ("expires today is not expired", {"expiry": TODAY}, "green", ("in_circulation",)),
    ("code unknown", {"code_status": None}, "yellow", ("unknown_code",)),
    ("code applied, never in circulation", {"code_status": "applied"}, "yellow", ("unknown_code",)),
    ("bare gtin", {"is_pack": False, "code_status": None, "batch": None, "expiry": None},
     "yellow", ("product_only",)),
    ("registration status expired", {"registration_status": "expired"}, "yellow",
     ("registration_expired", "in_circulation")),
    ("registration date passed", {"registration_valid_until": date(2026, 10, 12)}, "yellow",
     ("registration_expired", "in_circulation")),
    ("registration expiring in 12 days", {"registration_valid_until": date(2026, 12, 3)}, "yellow",
     ("registration_expiring", "in_circulation")),
    ("registration expiring in exactly 30 days", {"registration_valid_until": date(2026, 12, 21)}, "yellow",
     ("registration_expiring", "in_circulation")),
    ("registration ending in 31 days is fine", {"registration_valid_until": date(2026, 12, 22)}, "green",
     ("in_circulation",)),
    ("no registration record: no registration reason", {"registration_status": None,
                                                        "registration_valid_until": None},
     "green", ("in_circulation",)),
    ("no certificate keeps the level", {"certificate_known": False}, "green",
     ("in_circulation", "no_certificate")),
    ("no batch known: no certificate question", {"batch": None, "certificate_known": False}, "green",
     ("in_circulation",)),
    # Precedence: the first reason is the one the citizen must hear.
    ("recalled before withdrawn", {"recalled": True, "code_status": "withdrawn"}, "red",
     ("recalled", "withdrawn")),
    ("withdrawn before expired", {"code_status": "withdrawn", "expiry": date(2026, 1, 1)}, "red",
     ("withdrawn", "expired")),
    ("not registered before expired", {"product_known": False, "code_status": None,
                                       "expiry": date(2026, 1, 1)}, "red", ("not_registered", "expired")),
    ("expired before unknown code", {"code_status": None, "expiry": date(2026, 1, 1)}, "red",
     ("expired", "unknown_code")),
    ("recalled before registration expired", {"recalled": True, "registration_status": "expired"}, "red",
     ("recalled", "registration_expired", "in_circulation")),
    ("unknown code before registration expiring", {"code_status": None,
                                                   "registration_valid_until": date(2026, 12, 3)},
     "yellow", ("unknown_code", "registration_expiring")),
    ("bare gtin of an unknown product", {"is_pack": False, "product_known": False, "code_status": None},
     "red", ("not_registered", "product_only")),
    ("bare gtin of a recalled product", {"is_pack": False, "code_status": None, "recalled": True},
     "red", ("recalled", "product_only")),
    ("everything wrong", {"recalled": True, "code_status": "withdrawn", "registration_status": "annulled",
                          "expiry": date(2026, 1, 1), "certificate_known": False}, "red",
     ("recalled", "withdrawn", "not_registered", "expired", "no_certificate")),
]


@pytest.mark.parametrize(("changes", "level", "reasons"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rules(changes, level, reasons):
    verdict = judge(replace(GREEN, **changes), TODAY)
    assert (verdict.level, verdict.reasons) == (level, reasons)


def test_register_presence_alone_is_never_green():
    for status in (None, "applied"):
        assert judge(replace(GREEN, code_status=status), TODAY).level != "green"


def test_reasons_are_from_the_published_set():
    allowed = {"in_circulation", "recalled", "withdrawn", "not_registered", "unknown_code", "expired",
               "registration_expired", "registration_expiring", "product_only", "no_certificate", "no_code",
               "cannot_check"}
    assert set(REASONS) == allowed
    for _, changes, _, reasons in CASES:
        assert set(reasons) <= allowed


def test_nothing_known_is_red():
    assert judge(Facts(), TODAY).reasons == ("not_registered",)
