"""`medcheck`: one command line that reaches every service (also `python -m bot`)."""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sys
from collections.abc import Awaitable, Callable

from core.settings import Settings, load_settings

Handler = Callable[[argparse.Namespace], int | None]

NO_TOKEN = """\
BOT_TOKEN is not set, so the bot cannot connect to Telegram.
  1. In Telegram, open @BotFather, send /newbot and follow its questions; it answers with a token.
  2. Put it in a file named .env here:   BOT_TOKEN=123456:ABC...
  3. Start again.
Without a token you can still check a code or a photo from the command line:
  {medcheck} verify '0104780181590830 21r3.J1TWDtkwtD'
  {medcheck} verify path/to/photo.jpg"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medcheck", description="Check medicine packs by their GS1 DataMatrix: the Telegram bot and its tools.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, handler: Handler, help_text: str, **kwargs) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, **kwargs)
        p.set_defaults(handler=handler)
        return p

    command("run", run_command, "run the bot with long polling")
    command("webhook", webhook_command, "run the bot behind an aiohttp webhook server")
    p = command("migrate", migrate_command, "bring the database schema up to date")
    p.add_argument("--revision", default="head", help="target revision (default: head)")
    p.add_argument("--downgrade", action="store_true", help="go down to --revision instead of up")
    from register.importers import KINDS  # the kinds the loader takes, each with what it reads
    kinds = "\n".join(f"  {name:<16} {kind.about}" for name, kind in KINDS.items())
    p = command("import", import_command, "load one published register file or URL",
                formatter_class=argparse.RawDescriptionHelpFormatter,
                epilog=f"KIND is what the file holds (the file names are the samples'):\n{kinds}")
    p.add_argument("kind", choices=KINDS, metavar="KIND", help="one of the kinds below")
    p.add_argument("source", metavar="PATH_OR_URL")
    p.add_argument("--data-date", help="the data date of this file (YYYY-MM-DD); default: from the file or today")
    p.add_argument("--max-rejected-share", type=float, default=0.01,
                   help="refuse the load when more than this share of rows is bad (default 0.01)")
    p.add_argument("--max-rejected-rows", type=int, default=100,
                   help="refuse the load when more than this many rows are bad (default 100)")
    p = command("sync", sync_command, "fetch the configured sources and import what changed")
    p.add_argument("--config", help="sources file (default: SYNC_CONFIG)")
    p.add_argument("--only", action="append", help="sync just this source name (repeatable)")
    p = command("decode", decode_command, "read the codes in image files",
                epilog="Exit status: 0 when every file held a code, 1 when one held none, 2 when one is no image.")
    p.add_argument("--json", action="store_true", help="one JSON object per file")
    p.add_argument("files", nargs="+", metavar="FILE")
    p = command("verify", verify_command, "check a code or a photo against the register",
                epilog="Exit status: 0 when a code was judged (whatever the verdict), 1 when there is no pack "
                       "code, 2 when the input cannot be used.")
    p.add_argument("--json", action="store_true", help="one JSON object per code")
    p.add_argument("--today", help="judge as of this date (YYYY-MM-DD); default: today in Tashkent")
    p.add_argument("target", metavar="CODE_TEXT_OR_IMAGE_FILE")
    p = command("role", role_command, "grant or revoke a staff role (support, operator)")
    p.add_argument("action", choices=("grant", "revoke"))
    p.add_argument("user_id", type=int, metavar="USER_ID", help="the Telegram user id")
    p.add_argument("role", nargs="?", help="support or operator (for grant)")
    p = command("grant", grant_command, "grant a role: support, operator, or institution of an organisation")
    p.add_argument("user_id", type=int, metavar="USER_ID", help="the Telegram user id")
    p.add_argument("role", choices=("support", "operator", "institution"))
    p.add_argument("org", type=int, nargs="?", metavar="ORG_ID", help="the organisation (for institution)")
    p = command("org", org_command, "add or list the medical organisations that withdraw packs")
    p.add_argument("action", choices=("add", "list"))
    p.add_argument("name", nargs="?", help="the organisation's name (for add)")
    p.add_argument("--tin", help="its TIN (9 digits) or PINFL (14)")
    p.add_argument("--place", help="its business place id in the national system")
    p.add_argument("--region")
    p.add_argument("--gateway", choices=("xtrace", "file"), default="file",
                   help="xtrace: sent by the API; file: JSON and CSV for the web cabinet (default)")
    p.add_argument("--key-env", help="the environment variable that holds its xTrace API key (never the key)")
    p = command("complaints", complaints_command,
                "export complaints as CSV for the regulator, or purge old receipt images")
    p.add_argument("action", choices=("export", "purge"))
    p.add_argument("--since", help="created on or after this date (YYYY-MM-DD, Tashkent)")
    p.add_argument("--until", help="created on or before this date (YYYY-MM-DD, Tashkent)")
    p.add_argument("--status", help="new, in_progress, answered, closed, rejected (comma-separated)")
    p.add_argument("--kind", help="overprice, counterfeit, withdrawn, damaged, other (comma-separated)")
    p.add_argument("--product", help="part of the medicine's name, or its GTIN or registration number")
    p.add_argument("-o", "--output", help="write the CSV here (default: standard output)")
    p = command("alerts", alerts_command,
                "export leak and clone alerts (packs withdrawn by institutions seen again, codes in many hands) as CSV")
    p.add_argument("action", choices=("export",))
    p.add_argument("--since", help="raised on or after this date (YYYY-MM-DD, Tashkent)")
    p.add_argument("--until", help="raised on or before this date (YYYY-MM-DD, Tashkent)")
    p.add_argument("--kind", help="leak, clone (comma-separated; default: both)")
    p.add_argument("-o", "--output", help="write the CSV here (default: standard output)")
    p = command("stats", stats_command, "export the operators' statistics (what /stats charts) as CSV")
    p.add_argument("action", choices=("export",))
    p.add_argument("--from", dest="first", help="from this date (YYYY-MM-DD, Tashkent; default: 30 days back)")
    p.add_argument("--to", dest="last", help="to this date, inclusive (YYYY-MM-DD, Tashkent; default: today)")
    p.add_argument("-o", "--output", help="write the CSV here (default: standard output)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    settings = load_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(max(logging.WARNING, logging.getLogger().level))  # one line per revision is noise
    args.settings = settings
    try:
        code = args.handler(args) or 0
        sys.stdout.flush()  # inside the try: a reader that left early (`| head`) is found here
    except BrokenPipeError:
        # The reader wants no more; Python would complain once more when it flushes at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return code


# Each command imports what it runs only when it runs, so that `medcheck --help` answers at once.

def run_command(args: argparse.Namespace) -> int:
    from bot.runners import run_polling
    return _run_bot(args, run_polling)


def webhook_command(args: argparse.Namespace) -> int:
    from bot.runners import run_webhook
    return _run_bot(args, run_webhook)


def _run_bot(args: argparse.Namespace, runner: Callable[[Settings], Awaitable[None]]) -> int:
    if args.settings.bot_token is None:
        print(NO_TOKEN.format(medcheck=command_name()), file=sys.stderr)
        return 2
    from bot.runners import run_event_loop
    run_event_loop(runner(args.settings))
    return 0


def command_name() -> str:
    """This command as the user can type it again: `medcheck` when PATH finds it, else the path it was run by."""
    program = sys.argv[0]
    if os.path.basename(program) == "__main__.py":
        return "python -m bot"
    found = shutil.which(os.path.basename(program))
    return os.path.basename(program) if found and os.path.samefile(found, program) else program


def migrate_command(args: argparse.Namespace) -> int:
    from core.db import Database, with_database
    from core.migrate import current_revision, downgrade, upgrade

    async def work(db: Database) -> str | None:
        await (downgrade(db, args.revision) if args.downgrade else upgrade(db, args.revision))
        return await current_revision(db)

    print(f"database at revision {asyncio.run(with_database(args.settings.database_url, work))}")
    return 0


def decode_command(args: argparse.Namespace) -> int:
    from verification.decode_cli import decode_command
    return decode_command(args.files, args.json)


def verify_command(args: argparse.Namespace) -> int:
    from verification.verify_cli import verify_command
    return verify_command(args)


def import_command(args: argparse.Namespace) -> int:
    from register.commands import import_command
    return import_command(args)


def sync_command(args: argparse.Namespace) -> int:
    from register.commands import sync_command
    return sync_command(args)


def role_command(args: argparse.Namespace) -> int:
    from complaints.commands import role_command
    return role_command(args)


def complaints_command(args: argparse.Namespace) -> int:
    from complaints.commands import complaints_command
    return complaints_command(args)


def org_command(args: argparse.Namespace) -> int:
    from institutions.commands import org_command
    return org_command(args)


def grant_command(args: argparse.Namespace) -> int:
    if args.role == "institution":
        from institutions.commands import grant_command
        return grant_command(args)
    from complaints.commands import role_command
    return role_command(argparse.Namespace(**{**vars(args), "action": "grant"}))


def alerts_command(args: argparse.Namespace) -> int:
    from alerts.commands import alerts_command
    return alerts_command(args)


def stats_command(args: argparse.Namespace) -> int:
    from stats.commands import stats_command
    return stats_command(args)
