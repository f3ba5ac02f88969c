"""Each importer with files in the real shapes, on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import shutil
from datetime import date, datetime, timezone
from decimal import Decimal

from sqlalchemy import func, select

from register import DEMO_DIR
from register.demo import FILES
from register.fields import check_digit
from register.importers import KINDS
from register.load import data_dates, import_source
from register.models import Batch, CodeStatus, MaxPrice, Product, Recall, RegisterEntry, Registration
from register.readers import Document
from tests.conftest import DATA, PACKS

UTC = timezone.utc


async def rows(db, model, *where, order=None):
    async with db.session() as session:
        query = select(model).where(*where)
        return (await session.execute(query.order_by(order) if order is not None else query)).scalars().all()


async def count(db, model, *where) -> int:
    async with db.session() as session:
        return (await session.execute(select(func.count()).select_from(model).where(*where))).scalar()


def ean(body: str) -> str:
    return body + str(check_digit(body))


async def test_uz_register_datatables_with_bom(db):
    assert (PACKS / "uz_register.json").read_bytes().startswith(b"\xef\xbb\xbf")
    report = await import_source(db, "uz-register", PACKS / "uz_register.json", data_date=date(2026, 11, 2))
    assert (report.rows_read, report.applied, report.rejected, report.refused) == (8, 8, 0, False)
    [entry] = await rows(db, RegisterEntry, RegisterEntry.source_id == "row_1")
    assert (entry.registration_number, entry.trade_name, entry.inn, entry.form, entry.atc) == (
        "DV/X 03471/07/24", "Paracetamol-UZ", "Paracetamol", "tabletkalar 500 mg N20", "N02BE01")
    assert "paracetamol uz" in entry.search_text
    # No date in the list itself: the one given, at midnight in Tashkent.
    assert (await data_dates(db))["uz-register"] == datetime(2026, 11, 1, 19, tzinfo=UTC)


async def test_uz_certificates_become_batches(db):
    report = await import_source(db, "uz-certificates", PACKS / "uz_certificates.json")
    assert (report.applied, report.refused) == (20, False)
    [batch] = await rows(db, Batch, Batch.series == "V31583")
    assert (batch.registration_number, batch.certificate_number, batch.certificate_date, batch.issuer,
            batch.importer) == ("DV/X 03471/07/24", "UZ.SMT.409976", date(2026, 7, 23), "Uzpharm-Control",
                                "Dori-Darmon JSC")
    assert (await data_dates(db))["uz-certificates"] == datetime(2026, 11, 7, 19, tzinfo=UTC)  # 08.11.2026


async def test_uz_prices_in_uzs_and_max_sale_price_wins(db, tmp_path):
    document = json.loads((PACKS / "uz_prices.json").read_text(encoding="utf-8-sig"))
    document["result"]["content"][0]["maxSalePrice"] = "28 500"
    (tmp_path / "prices.json").write_text(json.dumps(document), encoding="utf-8")
    report = await import_source(db, "uz-prices", tmp_path / "prices.json")
    assert (report.applied, report.refused) == (8, False)
    prices = {p.registration_number: p for p in await rows(db, MaxPrice)}
    first, second = prices["DV/X 03471/07/24"], prices["DV/M 08104/07/19"]
    assert (first.retail_price, first.currency, first.source) == (Decimal("28500"), "UZS", "uz-prices")
    assert (second.retail_price, second.wholesale_price, second.effective_date) == (
        Decimal("39000"), Decimal("34320"), date(2026, 11, 1))


def _znvlp_workbook(tmp_path):
    """The real header file with a title and rows on its three sheets."""
    import openpyxl
    path = tmp_path / "znvlp.xlsx"
    shutil.copy(DATA / "ru_znvlp_price_register_header.xlsx", path)
    book = openpyxl.load_workbook(path)
    full, included, excluded = book.worksheets
    full["A1"] = "Государственный реестр предельных отпускных цен по состоянию на 15.11.2026"
    para, ibu, old, new = ean("460123456789"), ean("460765432101"), ean("460111122223"), ean("460999988887")
    rows = [
        ("Парацетамол", "Парацетамол", "таблетки 500 мг", "Фармстандарт, Россия", "N02BE01", 10, 25.5, None,
         "ЛС-000001", "20.03.2010 (20-4-4109350-изм)", para, datetime(2024, 1, 15)),
        ("Ибупрофен", "Нурофен", "таблетки 200 мг", "Рекитт, Великобритания", "M01AE01", 20, "112,40", None,
         "П N012345/01", "01.02.2011 (1)", int(ibu), "01.03.2024"),
        ("Цефтриаксон", "Цефтриаксон", "порошок 1 г", "Биохимик, Россия", "J01DD04", 1, 30, None,
         "ЛП-000333", "01.01.2015 (3)", old, datetime(2020, 5, 1)),
    ]
    for row in rows:
        full.append(row)
    included.append(rows[0])  # the same price on two sheets is one price
    included.append(("Метформин", "Сиофор", "таблетки 1000 мг", "Берлин-Хеми", "A10BA02", 60, 310, None,
                     "П N014600/01", "02.02.2012 (2)", new, datetime(2025, 6, 1)))
    excluded.append(("Цефтриаксон", "Цефтриаксон", "порошок 1 г", "Биохимик, Россия", "J01DD04", 1, 30, None,
                     "ЛП-000333", "01.01.2015 (3)", old, "решение", datetime(2025, 1, 10)))
    book.save(path)
    return path, para, ibu, new


def test_every_row_is_named_by_exactly_its_kinds_columns(tmp_path):
    """Writers take a row's values by column name: a parser fills every column of its kind and no other."""
    files = {kind: DEMO_DIR / names[0] for kind, names in FILES if (DEMO_DIR / names[0]).is_file()}
    files["ru-znvlp"] = _znvlp_workbook(tmp_path)[0]
    assert set(files) == set(KINDS)
    for name, path in files.items():
        kind = KINDS[name]
        made = [kind.parse(record) for _, record in kind.read(Document(location=str(path), path=path))]
        rows = [row for item in made for row in (item if isinstance(item, list) else [item])]
        assert rows and all(row.keys() == set(kind.columns) for row in rows), name


async def test_ru_znvlp_from_the_real_header_layout(db, tmp_path):
    path, para, ibu, new = _znvlp_workbook(tmp_path)
    await import_source(db, "uz-prices", PACKS / "uz_prices.json")
    report = await import_source(db, "ru-znvlp", path)
    assert (report.rows_read, report.rejected, report.refused) == (5, 0, False), report.errors
    prices = {p.gtin: p for p in await rows(db, MaxPrice, MaxPrice.source == "ru-znvlp")}
    assert set(prices) == {"0" + para, "0" + ibu, "0" + new}  # the excluded price is gone, the repeat merged
    assert (prices["0" + para].retail_price, prices["0" + para].currency, prices["0" + para].registration_number,
            prices["0" + para].effective_date) == (Decimal("25.50"), "RUB", "ЛС-000001", date(2024, 1, 15))
    assert prices["0" + ibu].retail_price == Decimal("112.40")
    assert await count(db, MaxPrice, MaxPrice.source == "uz-prices") == 8  # another source's prices stay
    assert (await data_dates(db))["ru-znvlp"] == datetime(2026, 11, 14, 21, tzinfo=UTC)  # title, Moscow


async def test_feeds_read_the_same_from_csv_and_json_lines(db, tmp_path):
    import csv
    with open(PACKS / "gtin_catalogue.csv", encoding="utf-8") as stream:
        records = list(csv.DictReader(stream))
    (tmp_path / "catalogue.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert (await import_source(db, "gtin-catalogue", PACKS / "gtin_catalogue.csv")).applied == 8
    from_csv = [(p.gtin, p.trade_name, p.search_text) for p in await rows(db, Product, order=Product.gtin)]
    assert (await import_source(db, "gtin-catalogue", tmp_path / "catalogue.jsonl")).applied == 8
    assert [(p.gtin, p.trade_name, p.search_text) for p in await rows(db, Product, order=Product.gtin)] == from_csv

    assert (await import_source(db, "registrations", PACKS / "registrations.csv")).applied == 8
    [salbutamol] = await rows(db, Registration, Registration.number == "DV/X 01642/11/19")
    assert (salbutamol.status, salbutamol.valid_until) == ("expired", date(2026, 10, 12))


async def test_code_status_is_incremental_and_the_later_change_wins(db, tmp_path):
    assert (await import_source(db, "code-status", PACKS / "code_status.csv")).applied == 19
    head = "gtin,serial,status,reason,batch,expiry,changed_at\n"
    (tmp_path / "delta.csv").write_text(head + "\n".join([
        # older than what the mirror holds: ignored
        "04780181590830,r3.J1TWDtkwtD,withdrawn,sale,V31583,2027-04-02,2026-11-19T10:00:00+05:00",
        # newer: applied; then an even newer row for the same code in the same file
        "05403186091391,lBYOvfZ8UzDzV,withdrawn,sale,C96000,2027-08-30,2026-11-21T09:00:00+05:00",
        "05403186091391,lBYOvfZ8UzDzV,withdrawn,destruction,C96000,2027-08-30,2026-11-21T11:00:00+05:00",
        "05403186091391,lBYOvfZ8UzDzV,in_circulation,,C96000,2027-08-30,2026-11-21T10:00:00+05:00",
        "4780181590830,NEWSERIAL0001,applied,,N1,,2026-11-21T08:00:00Z",  # a new code, 13-digit GTIN
    ]) + "\n", encoding="utf-8")
    report = await import_source(db, "code-status", tmp_path / "delta.csv")
    assert (report.rows_read, report.rejected, report.refused) == (5, 0, False)
    codes = {(c.gtin, c.serial): c for c in await rows(db, CodeStatus)}
    assert len(codes) == 20  # upserted, not replaced
    assert codes["04780181590830", "r3.J1TWDtkwtD"].status == "in_circulation"
    changed = codes["05403186091391", "lBYOvfZ8UzDzV"]
    assert (changed.status, changed.reason) == ("withdrawn", "destruction")
    assert changed.changed_at == datetime(2026, 11, 21, 6, tzinfo=UTC)
    assert codes["04780181590830", "NEWSERIAL0001"].expiry is None
    assert (await data_dates(db))["code-status"] == datetime(2026, 11, 21, 8, tzinfo=UTC)


async def test_feed_recalls_are_merged_and_operator_recalls_untouched(db, tmp_path):
    async with db.session() as session:
        session.add(Recall(gtin="04780181590830", batch=None, reason="operator", severity="low", source="operator",
                           issued_at=datetime(2026, 11, 1, tzinfo=UTC)))
        await session.commit()
    assert (await import_source(db, "recalls", PACKS / "recalls.csv")).applied == 1
    [first] = await rows(db, Recall, Recall.source == "feed")
    head = "gtin,batch,reason,severity,issued_at,notice\n"
    line = (PACKS / "recalls.csv").read_text(encoding="utf-8").splitlines()[1]
    (tmp_path / "more.csv").write_text(
        head + line.replace(",high,", ",medium,") + "\n05403186091391,,contamination,high,2026-11-20,All batches.\n",
        encoding="utf-8")
    assert (await import_source(db, "recalls", tmp_path / "more.csv")).applied == 2
    feed = {r.batch: r for r in await rows(db, Recall, Recall.source == "feed")}
    assert feed["R77001"].id == first.id and feed["R77001"].severity == "medium"  # same recall, updated
    assert feed[None].gtin == "05403186091391" and feed[None].active
    (tmp_path / "fewer.csv").write_text(head + line + "\n", encoding="utf-8")
    assert (await import_source(db, "recalls", tmp_path / "fewer.csv")).applied == 1
    assert [r.batch for r in await rows(db, Recall, Recall.source == "feed", Recall.active.is_(True))] == ["R77001"]
    assert await count(db, Recall, Recall.source == "operator", Recall.active.is_(True)) == 1
