"""The demo register shipped in register/demo: rebuilt from its files, the sample packs verify against it."""
from __future__ import annotations

import json

from register.demo import DEMO_DIR, FILES, load_demo_if_empty, load_directory
from register.search import find_products
from tests.conftest import PACKS

VERDICTS = [json.loads(line) for line in (PACKS / "verdicts.jsonl").read_text().splitlines() if line.strip()]


async def test_the_demo_loads_once_into_an_empty_database(db):
    assert await load_demo_if_empty(db) is True
    assert await load_demo_if_empty(db) is False  # products exist now


async def test_every_demo_file_loads_cleanly(db):
    reports = await load_directory(db, DEMO_DIR)
    assert set(reports) == {kind for kind, _ in FILES} - {"ru-znvlp"}
    assert {kind: (r.rejected, r.refused) for kind, r in reports.items()} == {kind: (0, False) for kind in reports}
    assert all(r.applied == r.rows_read > 0 for r in reports.values())


async def test_sample_packs_get_their_expected_verdicts_against_the_demo(db, today):
    from verification.service import verify_text
    assert await load_demo_if_empty(db)
    wrong = []
    for row in VERDICTS:
        [result] = await verify_text(db, row["text"], today)
        if (result.verdict.level, result.verdict.reasons[0]) != (row["expect_verdict"], row["expect_reason"]):
            wrong.append((row["gtin"], row["serial"], result.verdict, row["expect_reason"]))
    assert wrong == []


async def test_find_products_by_trade_name_or_inn_in_either_alphabet(db):
    await load_demo_if_empty(db)

    async def names(query: str) -> list[str]:
        return [match.trade_name for match in await find_products(db, query)]

    assert await names("парацетамол") == ["Paracetamol-UZ"]
    assert await names("Цефтриаксон") == ["Ceftriakson"]
    assert await names("amoxicillin") == ["Amoksiklav"]       # INN
    assert await names("КАРБАМАЗЕПИН") == ["Karbamazepin"]
    assert await names("ibu fort") == ["Ibuprofen Forte"]     # every word, anywhere
    assert await names("100%") == [] and await names("  ") == []
    [match] = await find_products(db, "salbutamol")
    assert (match.gtin, match.registration_number) == ("05408955597975", "DV/X 01642/11/19")


async def test_the_first_real_code_feed_replaces_the_demo_codes(db, tmp_path):
    from sqlalchemy import select

    from register.load import import_source
    from register.models import CodeStatus
    await load_demo_if_empty(db)
    feed = tmp_path / "codes.csv"
    feed.write_text("gtin,serial,status,reason,batch,expiry,changed_at\n"
                    "04780181590830,REAL000000001,in_circulation,,B1,2028-01-31,2026-01-01T00:00:00Z\n")
    assert (await import_source(db, "code-status", feed)).applied == 1
    async with db.session() as session:
        assert (await session.execute(select(CodeStatus.serial))).scalars().all() == ["REAL000000001"]
    assert (await import_source(db, "code-status", PACKS / "code_status.csv")).applied == 19  # then it adds up
