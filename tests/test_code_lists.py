"""Lists of codes from hospital pharmacies' scanners: text, CSV and XLSX, with what could not be read."""
from __future__ import annotations

import io

import openpyxl
import pytest

from institutions.code_lists import MAX_LIST_BYTES, ListError, read_code_list

A = "010478018159083021r3.J1TWDtkwtD"
B = "010540318609139121lBYOvfZ8UzDzV\x1d91KIBJ"  # with its crypto tail after a GS
WITH_COMMA = "0104780181590830218a,b;c"  # serials may hold commas and semicolons


def serials(found) -> list[str]:
    return [code.serial for code in found.codes]


def test_a_scanners_text_file_is_one_code_a_line():
    found = read_code_list(f"\ufeff{A}\r\n\r\n{B}\n{WITH_COMMA}\nnot a code\n0104780181590830\n".encode(), "scan.TXT")
    assert serials(found) == ["r3.J1TWDtkwtD", "lBYOvfZ8UzDzV", "8a,b;c"]
    assert found.bad_lines == [5, 6]  # a line of text, and a GTIN alone (it names no pack)


def test_a_csv_table_reads_every_cell_and_skips_its_header():
    table = f"code;qty;note\n{A};1;ok\n2;{B};\n;;\nbroken;3;x\n"
    found = read_code_list(table.encode(), "export.csv")
    assert serials(found) == ["r3.J1TWDtkwtD", "lBYOvfZ8UzDzV"] and found.bad_lines == [5]


def test_a_spreadsheet_reads_every_sheet():
    book = openpyxl.Workbook()
    book.active.append(["Code"])
    book.active.append([A])
    book.create_sheet("more").append([None, B.split("\x1d")[0]])  # spreadsheets hold no GS
    out = io.BytesIO()
    book.save(out)
    assert serials(read_code_list(out.getvalue(), "list.xlsx")) == ["r3.J1TWDtkwtD", "lBYOvfZ8UzDzV"]


@pytest.mark.parametrize("data, name, reason", [
    (b"x" * (MAX_LIST_BYTES + 1), "big.txt", "too_big"),
    (b"PK\x03\x04 not really a workbook", "list.xlsx", "unreadable"),
    (b"\xff\xfe\x00\x00binary", "list.txt", "unreadable"),
    (A.encode(), "act.pdf", "not_a_list"),
])
def test_what_is_no_list_says_why(data, name, reason):
    with pytest.raises(ListError) as refused:
        read_code_list(data, name)
    assert refused.value.reason == reason
