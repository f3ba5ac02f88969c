"""`medcheck stats export --from D --to D`: the operators' figures as CSV."""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from core.db import Database
from core.spreadsheet import FilterError
from stats.export import export_csv, export_period


def stats_command(args: argparse.Namespace) -> int:
    """medcheck stats export [--from D] [--to D] [-o FILE]"""
    try:
        period = export_period(args.first, args.last)
    except FilterError as exc:
        print(f"medcheck stats: cannot read --{exc.field} {exc.value!r}", file=sys.stderr)
        return 2

    async def go() -> bytes:
        db = Database(args.settings.database_url)
        try:
            return await export_csv(db, period)
        finally:
            await db.close()

    data = asyncio.run(go())
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(args.output).write_bytes(data)
        print(f"{period.first} to {period.last} written to {args.output}", file=sys.stderr)
    return 0
