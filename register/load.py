"""Loading one source into the mirror: read, check every row, then write all of it or none of it.

A bad row is reported with its line or record number and the reason. When more rows are bad than
the tolerance allows, the load is refused and the mirror keeps answering from the old data.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from time import perf_counter

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from core.clock import utcnow
from core.db import Database
from register.fetch import fetch
from register.fields import RowError
from register.importers import KINDS, Kind, Row
from register.models import SourceState
from register.readers import PROBLEM, Document, Record, SourceError
from register.store import writer_for

KEPT_ERRORS = 100    # rejected rows named in a report; the count covers them all
CHUNK_ROWS = 20_000  # rows checked per step, so the event loop keeps serving while a big file loads


@dataclass
class ImportReport:
    """What one load did. `refused` means nothing changed; `reason` says why in one line."""

    kind: str
    rows_read: int = 0
    applied: int = 0
    rejected: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    refused: bool = False
    reason: str = ""
    data_date: datetime | None = None
    not_modified: bool = False  # a sync found the source unchanged (HTTP 304): nothing to load

    def summary(self) -> str:
        """One line: kind, rows read, applied, rejected, seconds; `reason` says why when refused."""
        if self.not_modified:
            return f"{self.kind}: not modified since the last sync"
        line = (f"{self.kind}: {self.rows_read} rows read, {self.applied} applied, {self.rejected} rejected "
                f"in {self.seconds:.2f} s")
        if self.refused:
            return f"{line}; refused"
        if self.data_date:
            line += f"; data as of {self.data_date:%Y-%m-%d %H:%M} UTC"
        return line


@dataclass(frozen=True)
class Tolerance:
    """How many bad rows a load may carry: more than `share` of the rows, or more than `rows`, refuses it."""

    share: float = 0.01
    rows: int = 100

    def exceeded(self, rejected: int, read: int) -> bool:
        return rejected > self.rows or rejected > self.share * read


class TooManyRejected(SourceError):
    """Refused before the end of the file: reading on could not change the verdict."""


async def import_source(db: Database, kind: str, source: str | Path, *, data_date: date | None = None,
                        tolerance: Tolerance = Tolerance(), progress: bool = False) -> ImportReport:
    """Load one file or http(s) URL (every page followed) of `kind`; all of it or, if refused, none."""
    spec = KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown source kind {kind!r}; known: {', '.join(KINDS)}")
    started = perf_counter()
    if isinstance(source, str) and source.startswith(("http://", "https://")):
        try:
            fetched = await fetch(spec, source, progress=progress)
        except SourceError as exc:
            return refused_report(kind, str(exc), started)
        try:
            return await load_document(db, spec, fetched.document, data_date=data_date, tolerance=tolerance,
                                       progress=progress, started=started,
                                       http={"etag": fetched.etag, "last_modified": fetched.last_modified})
        finally:
            fetched.cleanup()
    path = Path(source)
    return await load_document(db, spec, Document(location=str(path.resolve()), path=path), data_date=data_date,
                               tolerance=tolerance, progress=progress, started=started)


def refused_report(kind: str, reason: str, started: float) -> ImportReport:
    return ImportReport(kind, seconds=perf_counter() - started, errors=[reason], refused=True, reason=reason)


async def load_document(db: Database, kind: Kind, doc: Document, *, data_date: date | None = None,
                        tolerance: Tolerance = Tolerance(), progress: bool = False,
                        started: float | None = None, http: dict | None = None) -> ImportReport:
    """Check and write an already fetched document; `http` holds the ETag/Last-Modified to remember."""
    started = perf_counter() if started is None else started
    report = ImportReport(kind.name)
    check = Checker(kind, report, tolerance, progress)
    try:
        records = await asyncio.to_thread(kind.read, doc)
        with closing(check.chunks(records)) as chunks:
            async with db.engine.connect() as conn:
                writer = writer_for(kind, conn, db.is_sqlite)
                try:
                    while (chunk := await asyncio.to_thread(next, chunks, None)) is not None:
                        await writer.add(chunk)
                    problem = check.problem()
                    if problem:
                        raise SourceError(problem)
                    dated = _data_date(kind, doc, check.latest, data_date)
                    state = {"data_date": dated, "imported_at": utcnow(), "rows": check.rows,
                             "location": doc.location, "etag": None, "last_modified": None, **(http or {})}
                    report.applied, report.data_date = await writer.commit(state), dated
                except BaseException:
                    await writer.abort()
                    raise
    except SourceError as exc:
        report.refused, report.reason = True, str(exc)
    except DBAPIError as exc:
        report.refused, report.reason = True, f"the database refused the load: {str(exc.orig).splitlines()[0]}"
    finally:
        check.close()
    if report.refused and not report.errors:
        report.errors.append(report.reason)
    report.seconds = perf_counter() - started
    return report


class Checker:
    """Turns records into checked rows, counting and naming the rejected ones."""

    def __init__(self, kind: Kind, report: ImportReport, tolerance: Tolerance, progress: bool) -> None:
        self.kind, self.report, self.tolerance = kind, report, tolerance
        self.rows = 0
        self.latest = None
        self._seen: set | None = set() if (kind.key or kind.drop_repeats) else None
        self._bar = None
        if progress:
            from tqdm import tqdm
            self._bar = tqdm(desc=kind.name, unit=" rows", unit_scale=True, leave=False)

    def reject(self, where: int | str, reason: str) -> None:
        report = self.report
        report.rejected += 1
        if len(report.errors) < KEPT_ERRORS:
            report.errors.append(f"{self._place(where)}: {reason}")
        if report.rejected > self.tolerance.rows:
            raise TooManyRejected(f"more than {self.tolerance.rows} rows rejected; the first: {report.errors[0]}")

    def _place(self, where: int | str) -> str:
        if isinstance(where, str):
            return where
        return f"{'line' if self.kind.fetch == 'file' else 'record'} {where}"

    def chunks(self, records: Iterator[Record]) -> Iterator[list[Row]]:
        kind, parse, seen, dated = self.kind, self.kind.parse, self._seen, self.kind.dated
        chunk: list[Row] = []
        for where, record in records:
            self.report.rows_read += 1
            if PROBLEM in record:
                self.reject(where, record[PROBLEM])
                continue
            try:
                made = parse(record)
            except RowError as exc:
                self.reject(where, str(exc))
                continue
            for row in made if isinstance(made, list) else (made,):
                if seen is not None:
                    marker = tuple(row.items()) if kind.drop_repeats else kind.key(record, row)
                    if marker is not None and marker in seen:
                        if not kind.drop_repeats:
                            self.reject(where, f"repeats the key {marker!r} of an earlier row")
                        continue
                    seen.add(marker)
                if dated is not None and row[dated] is not None and (self.latest is None or row[dated] > self.latest):
                    self.latest = row[dated]
                chunk.append(row)
            if len(chunk) >= CHUNK_ROWS:
                self._advance(chunk)
                yield chunk
                chunk = []
        if chunk:
            self._advance(chunk)
            yield chunk

    def _advance(self, chunk: list[Row]) -> None:
        self.rows += len(chunk)
        if self._bar is not None:
            self._bar.update(len(chunk))

    def problem(self) -> str | None:
        """Why the load must be refused, if it must."""
        report = self.report
        if self.tolerance.exceeded(report.rejected, report.rows_read):
            return (f"{report.rejected} of {report.rows_read} rows rejected (the limit is "
                    f"{self.tolerance.share * 100:g}% or {self.tolerance.rows} rows); the first: {report.errors[0]}")
        if self.rows == 0 and self.kind.write != "upsert":
            # An empty file must not wipe the register; an incremental feed may well be empty.
            return "no rows to load" if report.rows_read == 0 else "no current rows to load"
        return None

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _data_date(kind: Kind, doc: Document, latest: object, given: date | None) -> datetime:
    """From the file where it says (a title date, the latest row date), else `given`, else now."""
    found = doc.meta.get("data_date") or latest or given
    if found is None:
        return utcnow()
    if isinstance(found, datetime):
        return found.astimezone(timezone.utc)
    return datetime.combine(found, time(), kind.zone).astimezone(timezone.utc)


async def data_dates(db: Database) -> dict[str, datetime]:
    """Each loaded source's data date (UTC), for "register data as of ..."."""
    async with db.session() as session:
        rows = await session.execute(select(SourceState.source, SourceState.data_date))
        return {source: when for source, when in rows if when is not None}
