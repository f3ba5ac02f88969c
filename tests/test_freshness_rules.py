"""The freshness rules without a database: per-source ages, the parts of a verdict, the settings' shape."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from bot.settings import SettingsError, load_settings
from register.fields import TASHKENT
from register.freshness import MaxAge, freshness
from verification.coverage import coverage
from verification.verdict import Facts, judge

TODAY = date(2026, 11, 21)
KNOWN = Facts(product_known=True, registration_status="valid", registration_valid_until=date(2029, 1, 1),
              batch="B1", certificate_known=True, code_status="in_circulation")


def tashkent_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=TASHKENT)


@pytest.mark.parametrize("facts, level, reasons, unchecked", [
    (Facts(unchecked=frozenset({"product"})), "yellow", ("cannot_check",), ("product",)),
    (Facts(), "red", ("not_registered",), ()),
    (replace(KNOWN, code_status=None, unchecked=frozenset({"code_status"})), "yellow", ("cannot_check",),
     ("code_status",)),
    (replace(KNOWN, code_status=None), "yellow", ("unknown_code",), ()),
    # A row on record is a finding whatever the age of its source.
    (replace(KNOWN, code_status="applied", unchecked=frozenset({"code_status"})), "yellow", ("unknown_code",), ()),
    (Facts(code_status="withdrawn", unchecked=frozenset({"product"})), "red", ("withdrawn", "cannot_check"),
     ("product",)),
    (replace(KNOWN, registration_status="annulled", unchecked=frozenset({"product", "registration"})), "red",
     ("not_registered", "in_circulation"), ()),
    # An unchecked certificate list says nothing about the batch; a fresh one may.
    (replace(KNOWN, certificate_known=False, unchecked=frozenset({"certificate"})), "green", ("in_circulation",), ()),
    (replace(KNOWN, certificate_known=False), "green", ("in_circulation", "no_certificate"), ()),
    (Facts(is_pack=False, unchecked=frozenset({"product"})), "yellow", ("cannot_check", "product_only"),
     ("product",)),
])
def test_an_absence_is_a_finding_only_where_the_source_vouches(facts, level, reasons, unchecked):
    verdict = judge(facts, TODAY)
    assert (verdict.level, verdict.reasons, verdict.unchecked) == (level, reasons, unchecked)


def test_a_source_is_fresh_up_to_its_maximum_age():
    dates = {"code-status": tashkent_midnight(date(2026, 11, 14)), "gtin-catalogue": tashkent_midnight(
        date(2026, 11, 13))}
    sources = freshness(dates, MaxAge(), TODAY)
    assert (sources["code-status"].state, sources["gtin-catalogue"].state, sources["recalls"].state) == (
        "fresh", "stale", "missing")  # 7 days old is fresh, 8 is stale
    assert sources["gtin-catalogue"].as_of_day == date(2026, 11, 13)
    longer = freshness(dates, MaxAge(by_source={"gtin-catalogue": 8}), TODAY)
    assert longer["gtin-catalogue"].fresh and longer["gtin-catalogue"].max_age_days == 8


def test_a_part_is_fresh_when_any_of_its_sources_is():
    dates = {"uz-prices": tashkent_midnight(date(2026, 9, 1)), "ru-znvlp": tashkent_midnight(date(2026, 11, 20))}
    parts = coverage(freshness(dates, MaxAge(), TODAY))
    assert parts["price"].state == "fresh"
    parts = coverage(freshness({"uz-prices": dates["uz-prices"]}, MaxAge(), TODAY))
    assert (parts["price"].state, parts["price"].as_of_day, parts["product"].state) == (
        "stale", date(2026, 9, 1), "missing")


def test_the_settings_take_days_per_source(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    monkeypatch.setenv("REGISTER_MAX_AGE_DAYS", "10")
    monkeypatch.setenv("REGISTER_MAX_AGE_DAYS_BY_SOURCE", '{"code_status": 2, "uz-prices": 30}')
    policy = load_settings().register_max_age
    assert (policy.of("code-status"), policy.of("uz-prices"), policy.of("gtin-catalogue")) == (2, 30, 10)


@pytest.mark.parametrize("value", ['{"codes": 2}', '{"code-status": 0}', "code-status=2", "[2]"])
def test_a_bad_age_stops_with_one_line(monkeypatch, tmp_path, value):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REGISTER_MAX_AGE_DAYS_BY_SOURCE", value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "REGISTER_MAX_AGE_DAYS_BY_SOURCE" in str(caught.value) and "\n" not in str(caught.value)
