"""`medcheck role ...` and `medcheck complaints ...`: the desk's tools for operators at a shell."""
from __future__ import annotations

import argparse
import asyncio
import sys

from core.db import with_database
from core.spreadsheet import write_export


def role_command(args: argparse.Namespace) -> int:
    """medcheck role grant USER_ID ROLE | medcheck role revoke USER_ID"""
    from complaints.roles import RoleError, grant_role, revoke_role

    settings = args.settings

    async def work(db) -> str:
        if args.action == "grant":
            if not args.role:
                raise SystemExit("medcheck role grant: give the role (support or operator)")
            before = await grant_role(db, args.user_id, args.role, settings.admin_ids)
            return f"user {args.user_id}: {before} -> {args.role.lower()}"
        before = await revoke_role(db, args.user_id, settings.admin_ids)
        return f"user {args.user_id}: {before} -> citizen"

    try:
        print(asyncio.run(with_database(settings.database_url, work)))
    except RoleError as exc:
        print(f"medcheck role: refused ({_ROLE_ERRORS[exc.reason]})", file=sys.stderr)
        return 1
    return 0


_ROLE_ERRORS = {
    "unknown_role": "roles that can be granted: support, operator",
    "fixed_admin": "admins are set by ADMIN_IDS, not by this command",
    "unknown_user": "no such user",
}


def complaints_command(args: argparse.Namespace) -> int:
    """medcheck complaints export [--since D] [--until D] [--status S] [--kind K] [--product P] [-o FILE]
    medcheck complaints purge   (forget receipt images past RECEIPT_RETENTION_DAYS)"""
    from complaints.export import FilterError, export_csv, make_filter
    from complaints.retention import purge_images

    settings = args.settings

    async def work(db):
        if args.action == "purge":
            return await purge_images(db, settings.receipt_retention_days)
        flt = make_filter(since=args.since, until=args.until, status=args.status, kind=args.kind,
                          product=args.product)
        return await export_csv(db, flt)

    try:
        result = asyncio.run(with_database(settings.database_url, work))
    except FilterError as exc:
        print(f"medcheck complaints: cannot read --{exc.field} {exc.value!r}", file=sys.stderr)
        return 2
    if args.action == "purge":
        print(f"purged the images of {result} photo(s)")
        return 0
    data, count = result
    write_export(data, args.output, f"{count} complaint(s)")
    return 0
