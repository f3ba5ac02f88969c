"""`medcheck`: one command line that reaches every service (also `python -m bot`)."""
from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys

from bot.settings import load_settings

NO_TOKEN = """\
BOT_TOKEN is not set, so the bot cannot connect to Telegram.
  1. In Telegram, open @BotFather, send /newbot and follow its questions; it answers with a token.
  2. Put it in a file named .env here:   BOT_TOKEN=123456:ABC...
  3. Start again.
Without a token you can still check a code or a photo from the command line:
  medcheck verify '0104780181590830 21r3.J1TWDtkwtD'
  medcheck verify path/to/photo.jpg"""

IMPORT_KINDS = ("uz-register", "uz-certificates", "uz-prices", "ru-znvlp", "gtin-catalogue",
                "registrations", "code-status", "recalls")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medcheck", description="Check medicine packs by their GS1 DataMatrix: the Telegram bot and its tools.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, target: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=target)
        return p

    command("run", "bot.cli:run_command", "run the bot with long polling")
    command("webhook", "bot.cli:webhook_command", "run the bot behind an aiohttp webhook server")
    p = command("migrate", "bot.cli:migrate_command", "bring the database schema up to date")
    p.add_argument("--revision", default="head", help="target revision (default: head)")
    p.add_argument("--downgrade", action="store_true", help="go down to --revision instead of up")
    p = command("import", "register.commands:import_command", "load one published register file or URL")
    p.add_argument("kind", choices=IMPORT_KINDS)
    p.add_argument("source", metavar="PATH_OR_URL")
    p.add_argument("--data-date", help="the data date of this file (YYYY-MM-DD); default: from the file or today")
    p.add_argument("--max-rejected-share", type=float, default=0.01,
                   help="refuse the load when more than this share of rows is bad (default 0.01)")
    p.add_argument("--max-rejected-rows", type=int, default=100,
                   help="refuse the load when more than this many rows are bad (default 100)")
    p = command("sync", "register.commands:sync_command", "fetch the configured sources and import what changed")
    p.add_argument("--config", help="sources file (default: SYNC_CONFIG)")
    p.add_argument("--only", action="append", help="sync just this source name (repeatable)")
    p = command("decode", "bot.cli:decode_cli", "read the codes in image files")
    p.add_argument("--json", action="store_true", help="one JSON object per file")
    p.add_argument("files", nargs="+", metavar="FILE")
    p = command("verify", "verification.verify_cli:verify_command", "check a code or a photo against the register")
    p.add_argument("--json", action="store_true", help="one JSON object per code")
    p.add_argument("--today", help="judge as of this date (YYYY-MM-DD); default: today in Tashkent")
    p.add_argument("target", metavar="CODE_TEXT_OR_IMAGE_FILE")
    p = command("role", "complaints.commands:role_command", "grant or revoke a staff role (support, operator)")
    p.add_argument("action", choices=("grant", "revoke"))
    p.add_argument("user_id", type=int, metavar="USER_ID", help="the Telegram user id")
    p.add_argument("role", nargs="?", help="support or operator (for grant)")
    p = command("complaints", "complaints.commands:complaints_command",
                "export complaints as CSV for the regulator, or purge old receipt images")
    p.add_argument("action", choices=("export", "purge"))
    p.add_argument("--since", help="created on or after this date (YYYY-MM-DD, Tashkent)")
    p.add_argument("--until", help="created on or before this date (YYYY-MM-DD, Tashkent)")
    p.add_argument("--status", help="new, in_progress, answered, closed, rejected (comma-separated)")
    p.add_argument("--kind", help="overprice, counterfeit, withdrawn, damaged, other (comma-separated)")
    p.add_argument("--product", help="part of the medicine's name, or its GTIN or registration number")
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
    module, name = args.handler.split(":")
    return getattr(importlib.import_module(module), name)(args) or 0


def run_command(args: argparse.Namespace) -> int:
    return _run_bot(args, "run_polling")


def webhook_command(args: argparse.Namespace) -> int:
    return _run_bot(args, "run_webhook")


def _run_bot(args: argparse.Namespace, runner: str) -> int:
    if args.settings.bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    from bot import runners
    asyncio.run(getattr(runners, runner)(args.settings))
    return 0


def migrate_command(args: argparse.Namespace) -> int:
    from bot.db import Database
    from bot.migrate import current_revision, downgrade, upgrade

    async def go() -> str | None:
        db = Database(args.settings.database_url)
        try:
            await (downgrade(db, args.revision) if args.downgrade else upgrade(db, args.revision))
            return await current_revision(db)
        finally:
            await db.close()

    print(f"database at revision {asyncio.run(go())}")
    return 0


def decode_cli(args: argparse.Namespace) -> int:
    from verification.decode_cli import decode_command
    return decode_command(args.files, args.json)
