"""Reading source files into numbered records: JSON documents (DataTables, pageable API), CSV and JSON Lines.

A record is `(where, dict)`: `where` is the line or record number a rejection names. A record the
reader could not make sense of carries the reason under `PROBLEM`; a file that cannot be read at
all raises `SourceError`, which refuses the whole load.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PROBLEM = "\0problem"  # key of a record the reader already knows is bad
Record = tuple[int | str, dict]


class SourceError(Exception):
    """The source cannot be used at all (unreadable, truncated, wrong columns); one-line reason."""


@dataclass
class Document:
    """One source as fetched: a local file, or records already gathered from a paged API."""

    location: str
    path: Path | None = None
    payload: object = None           # the parsed JSON document when it came in pages
    meta: dict = field(default_factory=dict)  # what a reader learns on the way, e.g. "data_date"

    @property
    def name(self) -> str:
        return self.path.name if self.path else self.location


def _pairs(pairs: list[tuple[str, object]]) -> dict:
    # json keeps the last of two equal keys silently; a record that says two things is rejected instead.
    result: dict = {}
    for name, value in pairs:
        if name in result and result[name] != value:
            result[PROBLEM] = f"duplicate key {name!r} with different values"
        result[name] = value
    return result


def parse_json(data: bytes, where: str) -> object:
    """A JSON document from bytes (UTF-8, with or without BOM)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{where} is not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        ended = exc.pos >= len(text.rstrip()) - 1 or exc.msg.startswith("Unterminated string")
        raise SourceError(f"{where} is not valid JSON{' (truncated?)' if ended else ''}: {exc.msg} "
                          f"(line {exc.lineno}, column {exc.colno})") from None


def load_document(doc: Document) -> object:
    if doc.payload is not None:
        return doc.payload
    try:
        data = doc.path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read {doc.path}: {exc.strerror or exc}") from None
    if not data.strip():
        raise SourceError(f"{doc.name} is empty")
    return parse_json(data, doc.name)


def datatables_records(doc: Document) -> Iterator[Record]:
    """Records of a DataTables response `{"draw", "recordsTotal", "recordsFiltered", "data": [...]}`."""
    document = load_document(doc)
    if isinstance(document, list):
        return _numbered(document)
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise SourceError(f"{doc.name} is not a DataTables response: no \"data\" list")
    if PROBLEM in document:
        raise SourceError(f"{doc.name}: {document[PROBLEM]}")
    data = document["data"]
    total = document.get("recordsFiltered", document.get("recordsTotal"))
    if isinstance(total, int) and total > len(data):
        # One page of many would replace the whole register with a fragment.
        raise SourceError(f"{doc.name} holds {len(data)} of {total} records (one page?); "
                          "give the URL so every page is fetched")
    return _numbered(data)


def pageable_records(doc: Document) -> Iterator[Record]:
    """Records of a pageable API answer `{"success", "result": {"content": [...], "totalPages", ...}}`."""
    document = load_document(doc)
    if isinstance(document, list):
        return _numbered(document)
    result = document.get("result") if isinstance(document, dict) else None
    if not isinstance(result, dict) or not isinstance(result.get("content"), list):
        raise SourceError(f"{doc.name} is not a pageable API answer: no \"result\".\"content\" list")
    if document.get("success") is False:
        raise SourceError(f"{doc.name} reports success=false")
    if PROBLEM in document or PROBLEM in result:
        raise SourceError(f"{doc.name}: {document.get(PROBLEM) or result.get(PROBLEM)}")
    pages = result.get("totalPages")
    if isinstance(pages, int) and pages > 1 and not result.get("complete"):
        raise SourceError(f"{doc.name} holds page {int(result.get('number') or 0) + 1} of {pages}; "
                          "give the URL so every page is fetched")
    return _numbered(result["content"])


def _numbered(items: list) -> Iterator[Record]:
    for number, item in enumerate(items, 1):
        yield number, item if isinstance(item, dict) else {PROBLEM: "not a JSON object"}


def tabular_records(doc: Document, required: tuple[str, ...]) -> Iterator[Record]:
    """Records of a CSV (header row) or JSON Lines file, told apart by extension, else by content."""
    if doc.payload is not None:
        return _numbered(doc.payload)
    try:
        with open(doc.path, "rb") as raw:
            head = raw.read(4096)
    except OSError as exc:
        raise SourceError(f"cannot read {doc.path}: {exc.strerror or exc}") from None
    first = head.decode("utf-8-sig", errors="ignore").lstrip()[:1]
    if not first:
        raise SourceError(f"{doc.name} is empty")
    suffix = doc.path.suffix.lower()
    if first == "[":
        document = load_document(doc)
        if not isinstance(document, list):
            raise SourceError(f"{doc.name} is neither CSV, JSON Lines nor a JSON list of records")
        return _numbered(document)
    if suffix in (".jsonl", ".ndjson") or (suffix != ".csv" and first == "{"):
        return _json_lines(doc.path)
    return _csv_rows(doc, required)


def _json_lines(path: Path) -> Iterator[Record]:
    with open(path, encoding="utf-8-sig") as lines:
        number = 0
        try:
            for number, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line, object_pairs_hook=_pairs)
                except json.JSONDecodeError as exc:
                    yield number, {PROBLEM: f"not valid JSON: {exc.msg} at column {exc.colno}"}
                    continue
                yield number, item if isinstance(item, dict) else {PROBLEM: "not a JSON object"}
        except UnicodeDecodeError:
            raise SourceError(f"{path.name} is not UTF-8 text (after line {number})") from None


def _csv_rows(doc: Document, required: tuple[str, ...]) -> Iterator[Record]:
    with open(doc.path, encoding="utf-8-sig", newline="") as stream:
        line = 0
        try:
            header_line = stream.readline()
            delimiter = _delimiter(header_line)
            cells = next(csv.reader([header_line.rstrip("\r\n")], delimiter=delimiter), [])
            header = [name.strip().lower() for name in cells]
            _check_header(doc.name, header, required)
            reader = csv.reader(stream, delimiter=delimiter)
            width = len(header)
            line = 1
            for row in reader:
                start, line = line + 1, reader.line_num + 1
                if len(row) != width:
                    if any(cell.strip() for cell in row):
                        yield start, {PROBLEM: f"{len(row)} fields where the header has {width}"}
                    continue
                yield start, dict(zip(header, row))
        except UnicodeDecodeError:
            raise SourceError(f"{doc.name} is not UTF-8 text (after line {line})") from None
        except csv.Error as exc:
            raise SourceError(f"{doc.name} is not well-formed CSV near line {line + 1}: {exc}") from None


def _delimiter(header_line: str) -> str:
    # Spreadsheets in Russian and Uzbek locales save CSV with semicolons.
    if "," not in header_line:
        for candidate in (";", "\t"):
            if candidate in header_line:
                return candidate
    return ","


def _check_header(name: str, header: list[str], required: tuple[str, ...]) -> None:
    if not any(header):
        raise SourceError(f"{name} has no header row")
    repeated = sorted({column for column in header if header.count(column) > 1})
    if repeated:
        raise SourceError(f"{name}: column {repeated[0]!r} appears twice in the header")
    missing = [column for column in required if column not in header]
    if missing:
        raise SourceError(f"{name} has the wrong columns: missing {', '.join(missing)} "
                          f"(found {', '.join(header)})")
