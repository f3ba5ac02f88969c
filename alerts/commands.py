"""`medcheck alerts export`: leaks and clones as CSV for the regulator."""
from __future__ import annotations

import argparse
import asyncio
import sys

from core.db import with_database


def alerts_command(args: argparse.Namespace) -> int:
    """medcheck alerts export [--since D] [--until D] [--kind leak,clone] [-o FILE]"""
    from alerts.export import export_csv
    from core.spreadsheet import FilterError, write_export

    try:
        data, count = asyncio.run(with_database(
            args.settings.database_url, lambda db: export_csv(db, since=args.since, until=args.until, kind=args.kind)))
    except FilterError as exc:
        print(f"medcheck alerts: cannot read --{exc.field} {exc.value!r}", file=sys.stderr)
        return 2
    write_export(data, args.output, f"{count} alert(s)")
    return 0
