"""Lists of codes as hospital pharmacies keep them: what a USB scanner types into a text file (one code a
line), a CSV export, or a spreadsheet. Every cell that holds a pack code counts; anything else is
reported by its line, so a staff member can see what was not read.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from verification.gs1 import CodeError, PackCode, parse_code

MAX_LIST_BYTES = 10 * 1024 * 1024  # 30 000 codes of 100 characters fit three times over
LIST_EXTENSIONS = (".txt", ".csv", ".tsv", ".xlsx")
_NEWLINE = re.compile(r"\r\n|\r|\n")


class ListError(ValueError):
    """Why a file is no list of codes at all: too_big, not_a_list, unreadable."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class CodeList:
    codes: list[PackCode] = field(default_factory=list)
    bad_lines: list[int] = field(default_factory=list)  # 1-based lines (rows) with no pack code in them


def is_code_list(file_name: str | None) -> bool:
    return (file_name or "").lower().endswith(LIST_EXTENSIONS)


def read_code_list(data: bytes, file_name: str) -> CodeList:
    """The pack codes in a text, CSV or XLSX file, in order (a header row or a blank line is not "bad")."""
    if len(data) > MAX_LIST_BYTES:
        raise ListError("too_big")
    if not is_code_list(file_name):
        raise ListError("not_a_list")
    rows = _xlsx_rows(data) if file_name.lower().endswith(".xlsx") else _text_rows(data)
    found = CodeList()
    for number, cells in enumerate(rows, start=1):
        codes = [code for code in map(_pack_code, cells) if code is not None]
        found.codes.extend(codes)
        if not codes and any(cells) and not (number == 1 and _looks_like_header(cells)):
            found.bad_lines.append(number)
    return found


def _pack_code(cell: str) -> PackCode | None:
    try:
        code = parse_code(cell)
    except CodeError:
        return None
    return code if code.is_pack else None


def _looks_like_header(cells: list[str]) -> bool:
    return not any(any(ch.isdigit() for ch in cell) for cell in cells)


def _text_rows(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ListError("unreadable") from None
    if "\x00" in text:
        raise ListError("unreadable")
    lines = lines_of(text)
    separator = _table_separator([line for line in lines[:50] if line.strip()])
    if separator is None:
        return [[line.strip()] for line in lines]
    return [[cell.strip() for cell in row] for row in csv.reader(lines, delimiter=separator)]


def lines_of(text: str) -> list[str]:
    """Lines as people mean them: str.splitlines would also cut at the GS inside a code."""
    return _NEWLINE.split(text)


def _table_separator(lines: list[str]) -> str | None:
    """The column separator when every line has the same number of it: a table. A scanner's line is one
    code, and a serial may hold a comma or a semicolon, so a separator on some lines only is no table."""
    for separator in ("\t", ";", ","):
        counts = {line.count(separator) for line in lines}
        if len(counts) == 1 and counts != {0}:
            return separator
    return None


def _xlsx_rows(data: bytes) -> list[list[str]]:
    import openpyxl  # only spreadsheets need it

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises its own InvalidFileException, zipfile's BadZipFile and more
        raise ListError("unreadable") from None
    try:
        return [[("" if value is None else str(value)).strip() for value in row]
                for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
