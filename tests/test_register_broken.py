"""Broken files are refused, the old data stays and keeps answering; a reader sees old or new, never half."""
from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import func, select

import register.store
from register.demo import load_directory
from register.fields import check_digit
from register.load import Tolerance, import_source
from register.models import CodeStatus, MaxPrice, Product, RegisterEntry, SourceState
from tests.conftest import PACKS


def _text(name: str) -> str:
    return (PACKS / name).read_text(encoding="utf-8-sig")


def _register(edit) -> bytes:
    document = json.loads(_text("uz_register.json"))
    edit(document)
    return b"\xef\xbb\xbf" + json.dumps(document, ensure_ascii=False).encode()


def _prices(edit) -> str:
    document = json.loads(_text("uz_prices.json"))
    edit(document["result"]["content"])
    return json.dumps(document)


CATALOGUE = _text("gtin_catalogue.csv")
CODES = _text("code_status.csv")

# name: (kind, file name, content, what the reason must say)
BROKEN = {
    "truncated JSON": ("uz-register", "r.json", (PACKS / "uz_register.json").read_bytes()[:1500], "not valid JSON"),
    "one page of many": ("uz-register", "r.json", _register(lambda d: d.update(recordsFiltered=9000)), "one page"),
    "duplicate JSON key": ("uz-register", "r.json", _register(lambda d: d["data"].__setitem__(
        0, json.loads('{"medicine_name": "A", "certificate_number": "X"}'))).replace(
        b'"medicine_name": "A"', b'"medicine_name": "A", "medicine_name": "B"'), "duplicate key 'medicine_name'"),
    "repeated row id": ("uz-register", "r.json", _register(lambda d: d["data"][1].update(DT_RowId="row_1")),
                        "repeats the key"),
    "non-numeric price": ("uz-prices", "p.json", _prices(lambda c: c[3].update(retailPrice="n/a")),
                          "retailPrice 'n/a' is not a number"),
    "prices not pageable": ("uz-prices", "p.json", json.dumps({"success": True, "data": []}), "no \"result\""),
    "wrong columns": ("gtin-catalogue", "c.csv", "ean,name\n4780181590830,X\n", "missing gtin"),
    "duplicate GTIN": ("gtin-catalogue", "c.csv", CATALOGUE + CATALOGUE.splitlines()[1] + "\n", "repeats the key"),
    "bad check digit": ("gtin-catalogue", "c.csv", CATALOGUE.replace("04780181590830", "04780181590831"),
                        "line 2: GTIN 04780181590831 has a bad check digit"),
    "empty file": ("gtin-catalogue", "c.csv", "", "empty"),
    "header only": ("gtin-catalogue", "c.csv", CATALOGUE.splitlines()[0] + "\n", "no rows"),
    "unknown status": ("code-status", "s.csv", CODES.replace("in_circulation", "sold", 1), "status 'sold'"),
    "bad date": ("code-status", "s.csv", CODES.replace("2027-04-02", "2027-02-31"), "expiry '2027-02-31'"),
    "ragged row": ("code-status", "s.jsonl", "\n".join(['{"gtin": "04780181590830", "serial": "x", '
                                                        '"status": "applied", "changed_at": "2026-11-21T00:00Z"}',
                                                        '{"gtin": "0478018159']), "line 2: not valid JSON"),
    "not a workbook": ("ru-znvlp", "z.xlsx", b"PK\x03\x04 not really a zip", "not a readable .xlsx"),
    "old xls": ("ru-znvlp", "z.xls", b"\xd0\xcf\x11\xe0 binary", "not a readable .xlsx"),
}


async def _snapshot(db) -> dict:
    async with db.session() as session:
        counts = {model.__name__: (await session.execute(select(func.count()).select_from(model))).scalar()
                  for model in (Product, RegisterEntry, MaxPrice, CodeStatus)}
        states = dict((await session.execute(select(SourceState.source, SourceState.imported_at))).all())
        name = (await session.execute(select(Product.trade_name).where(Product.gtin == "04780181590830"))).scalar()
    return {"counts": counts, "states": states, "paracetamol": name}


async def test_broken_files_are_refused_and_the_old_data_stays(db, tmp_path):
    await load_directory(db, PACKS)
    before = await _snapshot(db)
    assert before["paracetamol"] == "Paracetamol-UZ" and before["counts"]["CodeStatus"] == 19
    wrong = []
    for case, (kind, name, content, expected) in BROKEN.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        report = await import_source(db, kind, path)
        said = " | ".join([report.reason, *report.errors])
        if not report.refused or expected not in said:
            wrong.append((case, report.refused, said))
    assert wrong == []
    assert await _snapshot(db) == before  # not one row or state touched


async def test_a_few_bad_rows_are_reported_under_the_threshold(db, tmp_path):
    lines = ["gtin,serial,status,reason,batch,expiry,changed_at"]
    lines += [f"04780181590830,S{n:05d},in_circulation,,B1,2028-01-31,2026-11-21T10:00:00+05:00" for n in range(300)]
    lines[57] = lines[57].replace("04780181590830", "04780181590831")
    path = tmp_path / "codes.csv"
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")  # with a BOM, as Excel saves it
    report = await import_source(db, "code-status", path)
    assert (report.rows_read, report.applied, report.rejected, report.refused) == (300, 299, 1, False)
    assert report.errors == ["line 58: GTIN 04780181590831 has a bad check digit (expected 0)"]
    # A stricter tolerance refuses the same file.
    strict = await import_source(db, "code-status", path, tolerance=Tolerance(share=0.001))
    assert strict.refused and "1 of 300 rows rejected" in strict.reason


def _gtin(n: int) -> str:
    body = f"478{n:09d}"
    return body + str(check_digit(body))


@pytest.mark.parametrize("kind", ["gtin-catalogue", "code-status"])
async def test_a_reader_during_an_import_sees_old_or_new_never_half(db, tmp_path, monkeypatch, kind):
    size = 2000
    if kind == "gtin-catalogue":
        old, new, model, column = "Old", "New", Product, Product.trade_name
        head = "gtin,registration_number,trade_name\n"
        lines = [f"{_gtin(n)},R{n},{{tag}}\n" for n in range(size)]
    else:
        old, new, model, column = "in_circulation", "withdrawn", CodeStatus, CodeStatus.status
        head = "gtin,serial,status,reason,batch,expiry,changed_at\n"
        lines = [f"04780181590830,S{n},{{tag}},,B,,2026-11-{{day}}T10:00:00+05:00\n" for n in range(size)]
    (tmp_path / "old.csv").write_text(head + "".join(line.format(tag=old, day=20) for line in lines))
    (tmp_path / "new.csv").write_text(head + "".join(line.format(tag=new, day=21) for line in lines))
    assert (await import_source(db, kind, tmp_path / "old.csv")).applied == size

    inside = asyncio.Event()
    real_save_state = register.store.save_state

    async def slow_save_state(*args, **kwargs):
        await real_save_state(*args, **kwargs)
        inside.set()  # the new rows are written but not committed: the window a reader must not see
        await asyncio.sleep(0.5)

    monkeypatch.setattr(register.store, "save_state", slow_save_state)
    task = asyncio.create_task(import_source(db, kind, tmp_path / "new.csv"))
    seen, during = set(), 0
    while not task.done():
        async with db.session() as session:
            result = (await session.execute(select(column, func.count()).select_from(model).group_by(column))).all()
        seen.add(tuple(sorted(tuple(row) for row in result)))
        during += inside.is_set() and not task.done()
        await asyncio.sleep(0.01)
    assert (await task).applied == size
    assert during > 0
    assert seen <= {((old, size),), ((new, size),)}
