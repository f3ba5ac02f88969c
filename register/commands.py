"""`medcheck import` and `medcheck sync`: exit 0 only when every load was applied (or had nothing new)."""
from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import date

from core.db import Database, with_database
from core.migrate import upgrade_if_due
from register.load import ImportReport, Tolerance, import_source
from register.sync import ConfigError, load_config, sync_all

SHOWN_ERRORS = 10


def import_command(args: argparse.Namespace) -> int:
    """Load one file or URL; print the summary and the first rejected rows."""
    try:
        data_date = date.fromisoformat(args.data_date) if getattr(args, "data_date", None) else None
    except ValueError:
        print(f"medcheck import: --data-date {args.data_date!r} is not YYYY-MM-DD", file=sys.stderr)
        return 2

    async def work(db: Database) -> ImportReport:
        await upgrade_if_due(db)
        tolerance = Tolerance(share=args.max_rejected_share, rows=args.max_rejected_rows)
        return await import_source(db, args.kind, args.source, data_date=data_date,
                                   tolerance=tolerance, progress=sys.stdout.isatty())

    report = asyncio.run(with_database(args.settings.database_url, work))
    _print(report)
    if report.refused:
        print(f"medcheck import: refused, the old data stays: {report.reason}", file=sys.stderr)
        return 1
    return 0


def sync_command(args: argparse.Namespace) -> int:
    """Sync the configured sources (or --only some of them) once."""
    path = getattr(args, "config", None) or args.settings.sync_config
    if not path:
        print("medcheck sync: no sources file; pass --config FILE or set SYNC_CONFIG", file=sys.stderr)
        return 2
    try:
        sources = load_config(path)
    except ConfigError as exc:
        print(f"medcheck sync: {exc}", file=sys.stderr)
        return 2
    if getattr(args, "only", None):
        unknown = sorted(set(args.only) - {s.name for s in sources})
        if unknown:
            print(f"medcheck sync: no source named {', '.join(unknown)} in {path}", file=sys.stderr)
            return 2
        sources = [s for s in sources if s.name in args.only]

    async def work(db: Database):
        await upgrade_if_due(db)
        return await sync_all(db, sources, progress=sys.stdout.isatty())

    failed = 0
    for source, report in asyncio.run(with_database(args.settings.database_url, work)):
        _print(report, label=source.name)
        if report.refused:
            print(f"  refused, the old data stays: {report.reason}")
            failed += 1
    if failed:
        print(f"medcheck sync: {failed} of {len(sources)} sources refused or failed; their old data stays",
              file=sys.stderr)
    return 1 if failed else 0


def _print(report: ImportReport, label: str | None = None) -> None:
    line = report.summary()
    if label and label != report.kind:
        line = f"{label} ({line})"
    print(line)
    rejected = report.errors if not report.refused or report.rejected else []
    for error in rejected[:SHOWN_ERRORS]:
        print(f"  {error}")
    if report.rejected > SHOWN_ERRORS:
        print(f"  ... and {report.rejected - SHOWN_ERRORS} more")
