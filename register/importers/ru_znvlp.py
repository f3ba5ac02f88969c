"""Russia's register of maximum prices of vital medicines (ЖНВЛП), an .xlsx workbook.

The header spans several rows (merged cells, regional sub-columns) under a title row, so columns are
found by their wording, in Russian or English. Sheets of excluded prices ("Исключённые", "excluded")
are not current prices: they are read only to drop the same price from the included sheets.
`retail_price` holds the registered maximum price in RUB without VAT; regional mark-ups are not kept.
"""
from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from datetime import date

from register.fields import MOSCOW, RowError, blank, first_day, gtin, money, text
from register.importers.base import Kind, Row
from register.importers.uz import PRICE_COLUMNS, registration
from register.models import MaxPrice
from register.readers import Document, Record, SourceError

_HEADER_SCAN = 30  # rows searched for the header below the title
_TITLE_DATE = re.compile(r"(\d{2}\.\d{2}\.\d{4})")
_EXCLUDED_SHEET = ("исключ", "exclud")


def _fold(value: object) -> str:
    return " ".join(str(value).lower().replace("ё", "е").split()) if value is not None else ""


# (field, test on the folded header text), first match wins; order matters ("дата регистрации цены" before "№ ру").
_COLUMNS = (
    ("excluded_on", lambda h: "дата исключ" in h or "date of exclusion" in h or "excluded on" in h),
    ("exclusion_reason", lambda h: "причина" in h or "reason" in h),
    ("price_registered", lambda h: "дата регистрации цены" in h or "price registration" in h),
    ("effective", lambda h: "вступления в силу" in h or "effective" in h),
    ("ean", lambda h: "штрих" in h or "ean" in h or "barcode" in h),
    ("registration_number", lambda h: h.startswith(("№ ру", "№ру", "номер ру")) or "registration number" in h),
    ("price", lambda h: ("предельная цена" in h and "без ндс" in h) or h.startswith("maximum price")),
    ("quantity", lambda h: h.startswith("количество") or h.startswith("quantity")),
    ("atc", lambda h: "атх" in h or h.startswith("atc")),
    ("manufacturer", lambda h: h.startswith("владелец") or h.startswith(("holder", "manufacturer"))),
    ("form", lambda h: h.startswith("лекарственная форма") or h.startswith("form")),
    ("trade_name", lambda h: h.startswith("торговое наименование") or h.startswith("trade name")),
    ("inn", lambda h: h.startswith("мнн") or h == "inn" or h.startswith("inn ")),
)
_REQUIRED = ("trade_name", "price", "registration_number")


def read(doc: Document) -> Iterator[Record]:
    """Data rows of the included sheets, each marked with the exclusion that applies to it, if any."""
    workbook = _open(doc)
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()  # many writers store a wrong used range; read every row there is
    try:
        sheets = [(sheet.title, *_layout(sheet)) for sheet in workbook.worksheets]
        usable = [s for s in sheets if s[1] is not None]
        if not usable:
            raise SourceError(f"{doc.name}: no sheet has the price register's columns "
                              f"({', '.join(_REQUIRED)}); sheets: {', '.join(s[0] for s in sheets)}")
        excluded: dict[tuple[str, str], date | bool] = {}
        for title, columns, start, title_date, is_excluded in usable:
            if title_date:
                doc.meta.setdefault("data_date", title_date)
            if is_excluded:
                for _, values in _rows(workbook[title], columns, start):
                    excluded[_raw_key(values)] = first_day(values.get("excluded_on"), "excluded_on") or True
        for title, columns, start, _, is_excluded in usable:
            if is_excluded:
                continue
            missing = [name for name in _REQUIRED if name not in columns]
            if missing:
                raise SourceError(f"{doc.name}: sheet {title!r} has the wrong columns: missing "
                                  f"{', '.join(missing)}")
            for number, values in _rows(workbook[title], columns, start):
                values["excluded"] = excluded.get(_raw_key(values))
                yield f"sheet {title!r} row {number}", values
    except RowError as exc:  # an unreadable exclusion date
        raise SourceError(f"{doc.name}: excluded sheet: {exc}") from None
    finally:
        workbook.close()


def _open(doc: Document):
    import openpyxl  # only this source needs it
    try:
        return openpyxl.load_workbook(doc.path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        hint = " (an old .xls? save it as .xlsx)" if isinstance(exc, zipfile.BadZipFile) else ""
        raise SourceError(f"{doc.name} is not a readable .xlsx workbook{hint}: {exc}") from None
    except Exception as exc:  # openpyxl raises its own InvalidFileException and friends
        raise SourceError(f"{doc.name} is not a readable .xlsx workbook: {exc}") from None


def _layout(sheet) -> tuple[dict[str, int] | None, int, date | None, bool]:
    """(field -> column, first data row, the title's date, whether the sheet lists excluded prices)."""
    head = list(sheet.iter_rows(min_row=1, max_row=_HEADER_SCAN, values_only=True))
    title_date = None
    for index, row in enumerate(head):
        columns = _match(row)
        if "trade_name" in columns and len(columns) >= 3:
            start = index + 1
            # Rows under the header with no trade name but some text are its continuation (sub-columns).
            while start < len(head) and blank(_cell(head[start], columns["trade_name"])) \
                    and any(isinstance(v, str) and v.strip() for v in head[start]):
                start += 1
            excluded = "excluded_on" in columns or any(word in _fold(sheet.title) for word in _EXCLUDED_SHEET)
            return columns, start + 1, title_date, excluded
        for value in row:
            found = _TITLE_DATE.search(str(value)) if isinstance(value, str) else None
            if found and title_date is None:
                title_date = first_day(found.group(1), "title date")
    return None, 0, None, False


def _match(row: tuple) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, value in enumerate(row):
        header = _fold(value)
        if not header:
            continue
        for name, test in _COLUMNS:
            if test(header):
                columns.setdefault(name, index)
                break
    return columns


def _cell(row: tuple, index: int | None) -> object:
    return row[index] if index is not None and index < len(row) else None


def _rows(sheet, columns: dict[str, int], start: int) -> Iterator[tuple[int, dict]]:
    for number, row in enumerate(sheet.iter_rows(min_row=start, values_only=True), start):
        if all(blank(value) for value in row):
            continue
        yield number, {name: _cell(row, index) for name, index in columns.items()}


def _raw_key(values: dict) -> tuple[str, str]:
    ean = values.get("ean")
    ean = str(int(ean)) if isinstance(ean, (int, float)) else re.sub(r"\D", "", str(ean or ""))
    return ean.lstrip("0"), " ".join(str(values.get("registration_number") or "").split())


def price(record: dict) -> list[Row]:
    """One row per EAN-13 in the row (none: one row by registration number only)."""
    trade_name = text(record.get("trade_name"), 255)
    if not trade_name:
        raise RowError("no trade name")
    amount = money(record.get("price"), "maximum price")
    number = registration(record.get("registration_number"), "registration number")
    effective = first_day(record.get("effective"), "effective date") or first_day(
        record.get("price_registered"), "price registration date")
    excluded = record.get("excluded")
    if excluded is True or (isinstance(excluded, date) and (effective is None or effective <= excluded)):
        return []  # excluded since: not a current price
    pack = text(record.get("form"))
    quantity = text(record.get("quantity"))
    if quantity:
        pack = f"{pack or ''} N{quantity}".strip()
    row = {"source": "ru-znvlp", "registration_number": number, "gtin": None, "trade_name": trade_name,
           "pack": pack, "retail_price": amount, "wholesale_price": None, "currency": "RUB", "effective_date": effective}
    gtins = _gtins(record.get("ean"))
    return [{**row, "gtin": code} for code in gtins] if gtins else [row]


def _gtins(value: object) -> list[str]:
    if blank(value) or (isinstance(value, str) and not re.search(r"\d", value)):
        return []
    if isinstance(value, (int, float)):
        return [gtin(value)]
    found = []
    for token in re.findall(r"\d+", str(value)):
        if len(token) not in (12, 13):  # 12: a spreadsheet number dropped the leading zero
            raise RowError(f"EAN13 {token} has {len(token)} digits")
        found.append(gtin(token.zfill(13)))
    return list(dict.fromkeys(found))


KIND = Kind("ru-znvlp", MaxPrice.__table__, PRICE_COLUMNS, read, price, scope={"source": "ru-znvlp"},
            drop_repeats=True, dated="effective_date", zone=MOSCOW, file_suffix=".xlsx",
            about="Russia's maximum prices of vital medicines (ZhNVLP): the published xlsx workbook")
