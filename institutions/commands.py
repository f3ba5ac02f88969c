"""`medcheck org add|list` and `medcheck grant USER institution ORG`: organisations at a shell."""
from __future__ import annotations

import argparse
import asyncio
import sys

from core.db import Database, with_database
from institutions.orgs import OrgError, add_org, grant_institution, list_orgs

_ERRORS = {
    "bad_tin": "the TIN is 9 digits (a company) or 14 (a person's PINFL)",
    "bad_gateway": "the gateway is xtrace or file",
    "bad_key_env": "--key-env names the environment variable holding the API key (A-Z, 0-9, _), "
                   "and the xtrace gateway needs one",
    "duplicate_tin": "an organisation with this TIN exists already",
    "unknown_org": "no organisation with this id (see `medcheck org list`)",
    "fixed_admin": "admins are set by ADMIN_IDS, not by this command",
}


def _run(args: argparse.Namespace, work) -> int:
    try:
        print(asyncio.run(with_database(args.settings.database_url, work)))
    except OrgError as exc:
        print(f"medcheck {args.command}: refused ({_ERRORS[exc.reason]})", file=sys.stderr)
        return 1
    return 0


def org_command(args: argparse.Namespace) -> int:
    """medcheck org add NAME --tin TIN --place ID [--region R] [--gateway xtrace|file] [--key-env VAR] | org list"""
    if args.action == "add":
        if not (args.name and args.tin and args.place):
            print("medcheck org add: give NAME, --tin and --place", file=sys.stderr)
            return 2

        async def work(db: Database) -> str:
            org = await add_org(db, args.name, args.tin, args.place, args.region, args.gateway, args.key_env)
            return f"organisation {org.id}: {org.name} (TIN {org.tin}, {org.gateway})"
        return _run(args, work)

    async def listing(db: Database) -> str:
        orgs = await list_orgs(db)
        lines = [f"{o.id}\t{o.tin}\t{o.business_place_id}\t{o.gateway}\t{o.api_key_env or '-'}\t"
                 f"{o.region or '-'}\t{o.name}" for o in orgs]
        return "\n".join(["id\ttin\tplace\tgateway\tkey_env\tregion\tname", *lines])
    return _run(args, listing)


def grant_command(args: argparse.Namespace) -> int:
    """medcheck grant USER_ID institution ORG_ID"""
    if args.org is None:
        print("medcheck grant: give the organisation id (see `medcheck org list`)", file=sys.stderr)
        return 2

    async def work(db: Database) -> str:
        before = await grant_institution(db, args.user_id, args.org, args.settings.admin_ids)
        return f"user {args.user_id}: {before} -> institution of organisation {args.org}"
    return _run(args, work)
