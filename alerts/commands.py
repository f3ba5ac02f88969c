"""`medcheck alerts export`: leaks and clones as CSV for the regulator."""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from core.db import Database


def alerts_command(args: argparse.Namespace) -> int:
    """medcheck alerts export [--since D] [--until D] [--kind leak,clone] [-o FILE]"""
    from alerts.export import export_csv
    from core.spreadsheet import FilterError

    async def go() -> tuple[bytes, int]:
        db = Database(args.settings.database_url)
        try:
            return await export_csv(db, since=args.since, until=args.until, kind=args.kind)
        finally:
            await db.close()

    try:
        data, count = asyncio.run(go())
    except FilterError as exc:
        print(f"medcheck alerts: cannot read --{exc.field} {exc.value!r}", file=sys.stderr)
        return 2
    if args.output in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        Path(args.output).write_bytes(data)
        print(f"{count} alert(s) written to {args.output}", file=sys.stderr)
    return 0
