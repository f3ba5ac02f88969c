"""`medcheck stats export --from D --to D`: the operators' figures as CSV."""
from __future__ import annotations

import argparse
import asyncio
import sys

from core.db import with_database
from core.spreadsheet import FilterError, write_export
from stats.export import export_csv, export_period


def stats_command(args: argparse.Namespace) -> int:
    """medcheck stats export [--from D] [--to D] [-o FILE]"""
    try:
        period = export_period(args.first, args.last)
    except FilterError as exc:
        print(f"medcheck stats: cannot read --{exc.field} {exc.value!r}", file=sys.stderr)
        return 2

    data = asyncio.run(with_database(args.settings.database_url, lambda db: export_csv(db, period)))
    write_export(data, args.output, f"{period.first} to {period.last}")
    return 0
