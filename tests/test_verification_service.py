"""The verification service against the sample register, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from core.clock import today_in
from core.users import touch_user
from register.demo import load_directory
from register.models import MaxPrice, Product, Recall
from tests.conftest import PACKS
from verification.gs1 import parse_code
from verification.history import get_check, recent_checks, record_check
from verification.service import verify_code, verify_text

VERDICTS = [json.loads(line) for line in (PACKS / "verdicts.jsonl").read_text().splitlines() if line.strip()]
JSON_KEYS = ["verdict", "reasons", "gtin", "serial", "batch", "expiry", "product", "registration",
             "certificate", "code_status", "max_price", "recall", "data_date", "unchecked"]


def sample(reason: str) -> dict:
    return next(row for row in VERDICTS if row["expect_reason"] == reason)


@pytest.fixture
async def register(db):
    """The migrated database with the sample register files loaded."""
    await load_directory(db, PACKS)
    return db


async def test_every_sample_code_gets_its_expected_verdict(register, today):
    wrong = []
    for row in VERDICTS:
        [result] = await verify_text(register, row["text"], today)
        got = (result.verdict.level, result.verdict.reasons[0])
        if got != (row["expect_verdict"], row["expect_reason"]):
            wrong.append((row["gtin"], row["serial"], got, row["expect_verdict"], row["expect_reason"]))
        if row["expect_reason"] not in ("not_registered", "unknown_code"):  # the code status gives both
            assert (result.batch, result.expiry.isoformat()) == (row["batch"], row["expiry"])
    assert wrong == []


async def test_json_shape_of_a_green_pack(register, today):
    row = sample("in_circulation")
    [result] = await verify_text(register, row["text"], today)
    data = result.to_json()
    assert list(data) == JSON_KEYS
    assert json.loads(json.dumps(data)) == data  # plain JSON, nothing left to convert
    assert (data["verdict"], data["reasons"]) == ("green", ["in_circulation"])
    assert (data["gtin"], data["serial"], data["batch"], data["expiry"]) == (
        row["gtin"], row["serial"], row["batch"], row["expiry"])
    assert data["product"]["trade_name"] == "Paracetamol-UZ"
    assert data["registration"] == {"number": "DV/X 03471/07/24", "holder": "Uzpharmsanoat",
                                    "country": "Uzbekistan", "registered_on": "2024-02-11",
                                    "valid_until": "2029-02-09", "status": "valid"}
    assert data["certificate"]["series"] == row["batch"] and data["certificate"]["certificate_number"]
    assert data["code_status"]["status"] == "in_circulation"
    assert data["max_price"]["currency"] == "UZS"
    assert Decimal(data["max_price"]["retail_price"]) == Decimal("27000")
    assert data["recall"] is None
    assert data["data_date"] == "2026-11-20"  # the code-status feed's newest change, in Tashkent


async def test_recalled_pack_carries_the_notice(register, today):
    [result] = await verify_text(register, sample("recalled")["text"], today)
    assert result.recall.severity == "high" and "R77001" in result.recall.notice
    assert result.to_json()["recall"]["batch"] == "R77001"


async def test_withdrawn_pack_says_why(register, today):
    [result] = await verify_text(register, sample("withdrawn")["text"], today)
    assert (result.code_status.status, result.code_status.reason) == ("withdrawn", "sale")


async def test_unknown_gtin_has_nothing_but_the_code(register, today):
    data = (await verify_text(register, sample("not_registered")["text"], today))[0].to_json()
    assert data["reasons"] == ["not_registered"]
    assert all(data[key] is None for key in ("product", "registration", "certificate", "code_status", "recall"))


async def test_bare_ean13_confirms_product_and_price_only(register, today):
    [result] = await verify_text(register, "4780181590830", today)
    assert (result.verdict.level, result.verdict.reasons) == ("yellow", ("product_only",))
    assert result.product.trade_name == "Paracetamol-UZ" and result.max_price is not None
    assert result.data_date is not None  # the catalogue's date: a bare GTIN rests on it
    assert (result.code.serial, result.code_status, result.certificate) == (None, None, None)


async def test_bare_ean13_of_an_unknown_product_is_not_registered(register, today):
    [result] = await verify_text(register, "4600000000008", today)
    assert result.verdict.reasons == ("not_registered", "product_only")


async def test_digital_link_takes_batch_from_the_code_status(register, today):
    row = sample("in_circulation")
    url = f"https://id.gs1.org/01/{row['gtin']}/21/{row['serial']}"
    [result] = await verify_text(register, url, today)
    assert result.code.batch is None
    assert (result.batch, result.certificate.series, result.verdict.level) == (row["batch"], row["batch"], "green")


async def test_text_without_a_code_is_a_none_verdict(register, today):
    [result] = await verify_text(register, "hello pharmacy", today)
    assert (result.verdict.level, result.verdict.reasons, result.code_error) == ("none", ("no_code",), "not_a_code")
    assert result.to_json() == dict.fromkeys(JSON_KEYS) | {"verdict": "none", "reasons": ["no_code"]}


async def test_recall_of_every_batch_and_inactive_recalls(register, today):
    row = sample("in_circulation")
    async with register.session() as session:
        session.add(Recall(gtin=row["gtin"], batch="OTHER1", reason="other batch", severity="high"))
        session.add(Recall(gtin=row["gtin"], batch=None, reason="old", severity="high", active=False))
        await session.commit()
    code = parse_code(row["text"])
    assert (await verify_code(register, code, today)).verdict.level == "green"
    async with register.session() as session:
        session.add(Recall(gtin=row["gtin"], batch=None, reason="all batches", severity="medium"))
        await session.commit()
    result = await verify_code(register, code, today)
    assert (result.verdict.reasons[0], result.recall.reason) == ("recalled", "all batches")


async def test_price_prefers_the_gtin_and_the_current_date(register, today):
    row = sample("in_circulation")
    async with register.session() as session:
        session.add_all([
            MaxPrice(source="test", gtin=row["gtin"], retail_price=Decimal("100.50"), currency="UZS",
                     effective_date=date(2026, 1, 1)),
            MaxPrice(source="test", gtin=row["gtin"], retail_price=Decimal("999"), currency="UZS",
                     effective_date=date(2027, 1, 1)),  # not yet in force
        ])
        await session.commit()
    result = await verify_code(register, parse_code(row["text"]), today)
    assert (result.max_price.matched_by, result.to_json()["max_price"]["retail_price"]) == ("gtin", "100.50")


async def test_register_entry_fills_names_the_catalogue_lacks(register, today):
    async with register.session() as session:  # a second pack size of Paracetamol-UZ, names not in the feed
        session.add(Product(gtin="04780181590847", registration_number="DV/X 03471/07/24", trade_name=""))
        await session.commit()
    [result] = await verify_text(register, "04780181590847", today)
    assert result.product.trade_name == "Paracetamol-UZ"  # from uz_register.json
    assert result.product.inn == "Paracetamol"


async def test_history_is_private_to_its_user(register, today):
    for user_id in (1001, 1002):
        await touch_user(register, user_id, "ru", "ru", frozenset())
    green = await verify_text(register, sample("in_circulation")["text"], today)
    red = await verify_text(register, sample("withdrawn")["text"], today)
    first = await record_check(register, 1001, green[0])
    second = await record_check(register, 1001, red[0])
    other = await record_check(register, 1002, green[0])

    recent = await recent_checks(register, 1001)
    assert [c.id for c in recent] == [second, first]
    assert (recent[0].verdict, recent[0].reasons) == ("red", ("withdrawn",))
    assert [c.id for c in await recent_checks(register, 1001, limit=1)] == [second]

    mine = await get_check(register, 1001, first)
    assert (mine.gtin, mine.serial, mine.batch, mine.verdict) == (
        green[0].code.gtin, green[0].code.serial, green[0].batch, "green")
    assert mine.created_at.tzinfo is not None
    # The stored text reopens the same pack.
    assert (await verify_text(register, mine.code_text, today))[0].to_json() == green[0].to_json()

    assert await get_check(register, 1001, other) is None  # someone else's check
    assert await get_check(register, 1002, first) is None
    assert await get_check(register, 1001, 999_999) is None


async def test_a_result_without_a_code_is_not_recorded(register, today):
    [result] = await verify_text(register, "", today)
    with pytest.raises(ValueError):
        await record_check(register, 1001, result)


def test_today_defaults_to_tashkent():
    assert today_in() == datetime.now(ZoneInfo("Asia/Tashkent")).date()
    assert today_in(ZoneInfo("Asia/Bishkek")) == datetime.now(ZoneInfo("Asia/Bishkek")).date()
