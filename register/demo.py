"""The demo register shipped in `register/demo/`: loaded into an empty database so a fresh bot answers.

Its files are the sample register of `samples/packs` (FORMATS.md shapes), against which the sample
pack photos get their expected verdicts. `load_directory` loads any directory laid out the same way.
"""
from __future__ import annotations

import csv
import logging
import tempfile
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from core.clock import utcnow
from core.db import Database
from register import DEMO_DIR
from register.importers import KINDS
from register.load import ImportReport, import_source, load_document
from register.models import Product, SourceState
from register.readers import Document

log = logging.getLogger("medcheck.register")

# Load order: registrations and the register before what refers to them, recalls last.
FILES = (
    ("registrations", ("registrations.csv", "registrations.jsonl")),
    ("uz-register", ("uz_register.json",)),
    ("gtin-catalogue", ("gtin_catalogue.csv", "gtin_catalogue.jsonl")),
    ("uz-certificates", ("uz_certificates.json",)),
    ("uz-prices", ("uz_prices.json",)),
    ("ru-znvlp", ("ru_znvlp.xlsx",)),
    ("code-status", ("code_status.csv", "code_status.jsonl")),
    ("recalls", ("recalls.csv", "recalls.jsonl")),
    ("leaflets", ("leaflets.csv", "leaflets.jsonl")),
    ("pharmacies", ("pharmacies.csv", "pharmacies.jsonl")),
    ("stock", ("stock.csv", "stock.jsonl")),
)


async def load_directory(db: Database, directory: Path, *,
                         stock_as_of_now: bool = False) -> dict[str, ImportReport]:
    """Load whichever register files `directory` holds, in dependency order; reports by kind.

    `stock_as_of_now`: a stock.csv's reports are moved forward so that the newest is dated now (its
    ages kept), since stock older than a few days is never shown as in stock and a demo must show some.
    """
    reports: dict[str, ImportReport] = {}
    for kind, names in FILES:
        path = next((Path(directory) / name for name in names if (Path(directory) / name).is_file()), None)
        if path is None:
            continue
        if kind == "stock" and stock_as_of_now and path.suffix == ".csv":
            reports[kind] = await _load_stock_as_of_now(db, path)
        else:
            reports[kind] = await import_source(db, kind, path)
        if reports[kind].refused:
            log.warning("%s: %s", path, reports[kind].reason)
    return reports


async def load_demo_if_empty(db: Database) -> bool:
    """Load the shipped demo register when the products table is empty; whether it did.

    While the demo's stock is the mirror's, each start dates it as of now again, so that it never ages
    out of "in stock".
    """
    async with db.session() as session:
        if (await session.execute(select(Product.gtin).limit(1))).first() is not None:
            if "stock" in await demo_sources(db) and (DEMO_DIR / "stock.csv").is_file():
                await _load_stock_as_of_now(db, DEMO_DIR / "stock.csv")
            return False
    reports = await load_directory(db, DEMO_DIR, stock_as_of_now=True)
    return bool(reports) and not any(report.refused for report in reports.values())


async def _load_stock_as_of_now(db: Database, path: Path) -> ImportReport:
    """Load a stock CSV with every report moved by one interval, the newest to now; recorded under `path`."""
    with open(path, encoding="utf-8-sig", newline="") as source:
        rows = list(csv.DictReader(source))
    moments = [datetime.fromisoformat(row["updated_at"]) for row in rows]
    shift = utcnow() - max(moments)
    with tempfile.TemporaryDirectory() as scratch:
        moved = Path(scratch) / path.name
        with open(moved, "w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            for row, moment in zip(rows, moments):
                writer.writerow({**row, "updated_at": (moment + shift).isoformat()})
        return await load_document(db, KINDS["stock"], Document(location=str(path.resolve()), path=moved))


async def demo_sources(db: Database) -> list[str]:
    """The sources whose data in the mirror is the shipped demo register, not a real one."""
    demo = str(DEMO_DIR.resolve())
    async with db.session() as session:
        rows = await session.execute(select(SourceState.source, SourceState.location))
        return sorted(source for source, location in rows if (location or "").startswith(demo))
