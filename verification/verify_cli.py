"""`medcheck verify [--json] [--today YYYY-MM-DD] CODE_TEXT_OR_IMAGE_FILE`: a check from the command line.

Works on a fresh machine: it migrates the database and loads the demo register when it is empty.
Exit 0 when a code was judged (whatever the verdict), 1 when the text or photo holds no pack code,
2 when the input cannot be used.
"""
from __future__ import annotations

import asyncio
import errno
import json
import sys
from datetime import date
from pathlib import Path

from core.clock import local_day, today_in
from core.db import Database, with_database
from core.migrate import upgrade_if_due
from register.demo import load_demo_if_empty
from register.freshness import MaxAge
from verification.gs1 import pack_codes
from verification.image import ImageError
from verification.service import CheckResult, no_code, verify_code, verify_text

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".bmp", ".gif", ".tif", ".tiff")

# What each reason means, for the operator reading a card (the bot's wording lives in the locales).
REASON_TEXT = {
    "in_circulation": "the code is known and in circulation",
    "recalled": "the batch is recalled or banned: it must not be sold or used",
    "withdrawn": "the code was withdrawn from circulation (already sold or used): should not be on sale",
    "not_registered": "the product is not registered: possibly smuggled or counterfeit",
    "unknown_code": "the product is registered, but this pack's code is not in circulation on record",
    "expired": "the pack is past its expiry date",
    "cannot_check": "cannot check right now: the register data it needs is missing or stale",
    "registration_expired": "the product's registration has expired",
    "registration_expiring": "the product's registration ends within 30 days",
    "product_only": "a product barcode: it names the product, never the individual pack",
    "no_certificate": "no quality certificate is on record for this batch",
    "no_code": "no pack code found",
}


class UsageError(Exception):
    """Input the command cannot use; the message says why."""


def verify_command(args) -> int:
    """Verify a code text or every code in an image file; print cards or JSON lines."""
    try:
        today = date.fromisoformat(args.today) if args.today else today_in()
    except ValueError:
        return _fail(f"--today must be a date like 2026-11-21, not {args.today!r}")
    try:
        results = asyncio.run(_verify(args.settings, args.target, today))
    except UsageError as exc:
        return _fail(str(exc))
    for result in results:
        print(json.dumps(result.to_json(), ensure_ascii=False) if args.json else card(result))
    return 0 if results[0].code is not None else 1


async def _verify(settings, target: str, today: date) -> list[CheckResult]:
    image = _read_image(target)
    symbols = _decode(image) if image is not None else None  # bad input fails before the database opens
    max_age = MaxAge.configured(settings)

    async def work(db: Database) -> list[CheckResult]:
        await upgrade_if_due(db)
        if settings.load_demo:
            await load_demo_if_empty(db)
        if symbols is None:
            return await verify_text(db, target, today, max_age)
        return await _verify_symbols(db, symbols, today, max_age)

    return await with_database(settings.database_url, work)


def _read_image(target: str) -> bytes | None:
    """The file's bytes when TARGET names a file; None when it is code text."""
    if not target:
        return None  # Path("") is the current directory
    path = Path(target)
    try:
        if path.is_file():
            return path.read_bytes()
        if path.is_dir():
            raise UsageError(f"{target} is a directory, not an image file or a code")
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:  # far too long for a file name: it is text
            return None
        raise UsageError(f"cannot read {target}: {exc.strerror}") from None
    if path.suffix.lower() in IMAGE_SUFFIXES:
        raise UsageError(f"no such file: {target}")
    return None


def _decode(image: bytes) -> list:
    """Every barcode in the image (decoded in-process: one image, one command)."""
    from verification.decode import decode_image  # the decoders load only when a photo is given
    try:
        return decode_image(image).symbols
    except ImageError as exc:
        raise UsageError(f"cannot read the image: {exc.reason.replace('_', ' ')}") from None


async def _verify_symbols(db: Database, symbols: list, today: date, max_age: MaxAge) -> list[CheckResult]:
    """A verdict for each code the bot would answer for this photo (the same choice: `pack_codes`)."""
    codes = pack_codes(symbol.payload for symbol in symbols)
    if not codes:  # nothing, or only other barcodes on the carton
        return [no_code("not_a_code" if symbols else None)]
    return [await verify_code(db, code, today, max_age) for code in codes]


def card(result: CheckResult) -> str:
    """A readable multi-line English card for one result."""
    verdict = result.verdict
    lines = [f"{verdict.level.upper()}: {REASON_TEXT[verdict.reasons[0]]}"]
    lines += [f"  also: {REASON_TEXT[reason]}" for reason in verdict.reasons[1:]]
    if result.code is None:
        if result.code_error:
            lines.append(f"  ({result.code_error.replace('_', ' ')})")
        return "\n".join(lines)
    code = result.code
    fields = [("GTIN", code.gtin), ("serial", code.serial), ("batch", result.batch),
              ("expiry", result.expiry and result.expiry.isoformat())]
    lines.append("Code:          " + "  ".join(f"{name} {value}" for name, value in fields if value))
    if p := result.product:
        details = ", ".join(x for x in (p.inn, p.form, p.strength, p.pack_size and f"pack of {p.pack_size}") if x)
        maker = ", ".join(x for x in (p.manufacturer, p.country) if x)
        lines.append(f"Product:       {p.trade_name} ({details})" + (f" by {maker}" if maker else ""))
    if r := result.registration:
        until = f", valid until {r.valid_until.isoformat()}" if r.valid_until else ""
        lines.append(f"Registration:  {r.number} ({r.status}{until})")
    elif result.product and result.product.registration_number:
        lines.append(f"Registration:  {result.product.registration_number}")
    if c := result.certificate:
        when = f" of {c.certificate_date.isoformat()}" if c.certificate_date else ""
        lines.append(f"Certificate:   {c.certificate_number or '-'}{when}" + (f", {c.issuer}" if c.issuer else ""))
    if s := result.code_status:
        why = f" ({s.reason})" if s.reason else ""
        when = f", since {local_day(s.changed_at).isoformat()}" if s.changed_at else ""
        lines.append(f"Code status:   {s.status.replace('_', ' ')}{why}{when}")
    if m := result.max_price:
        since = f" from {m.effective_date.isoformat()}" if m.effective_date else ""
        lines.append(f"Max price:     {m.retail_price} {m.currency}{since}")
    if rc := result.recall:
        lines.append(f"Recall:        {rc.reason} ({rc.severity}): {rc.notice}")
    for part, day in result.unchecked.items():
        lines.append(f"{'Stale data:' if day else 'No data:':<15}{part.replace('_', ' ')}"
                     + (f" (from {day.isoformat()})" if day else ""))
    lines.append(f"Register data: {result.data_date.isoformat() if result.data_date else 'unknown date'}")
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"medcheck verify: {message}", file=sys.stderr)
    return 2
