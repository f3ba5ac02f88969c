"""`medcheck decode [--json] FILE...`: read the codes in image files, one report per file."""
from __future__ import annotations

import json
from pathlib import Path

from verification.decode import Symbol, decode_image
from verification.gs1 import CodeError, parse_code
from verification.image import ImageError

PARSED_FIELDS = ("gtin", "serial", "batch", "expiry", "crypto_key", "crypto")


def decode_command(paths: list[str], as_json: bool) -> int:
    """Decode each file and print one line per file (JSON) or per code (text).

    Returns 2 when a file is missing or no image, else 1 when a file holds no code, else 0.
    """
    status = 0
    for name in paths:
        report = decode_file(Path(name))
        status = max(status, 2 if report["error"] else 0 if report["codes"] else 1)
        print(json.dumps(report, ensure_ascii=False) if as_json else _readable(report), flush=True)
    return status


def decode_file(path: Path) -> dict:
    """The report for one file: {"file", "ms", "codes", "hints", "error"}."""
    report: dict = {"file": str(path), "ms": None, "codes": [], "hints": [], "error": None}
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        report["error"] = "missing"
        return report
    except OSError as exc:
        report["error"] = f"unreadable: {exc.strerror}"
        return report
    try:
        result = decode_image(data)
    except ImageError as exc:
        report["error"] = exc.reason
        return report
    report["ms"] = round(result.ms, 1)
    report["codes"] = [_code(symbol) for symbol in result.symbols]
    report["hints"] = list(result.hints)
    return report


def _code(symbol: Symbol) -> dict:
    try:
        fields = parse_code(symbol.payload).to_dict()
        parsed = {key: fields[key] for key in PARSED_FIELDS}
    except CodeError:
        parsed = None
    return {"format": symbol.format, "text": symbol.text, "gs1": symbol.gs1, "parsed": parsed}


def _readable(report: dict) -> str:
    head = f"{report['file']}:"
    if report["error"]:
        return f"{head} error: {report['error']}"
    if not report["codes"]:
        hints = f" (hints: {', '.join(report['hints'])})" if report["hints"] else ""
        return f"{head} no code{hints} [{report['ms']} ms]"
    lines = []
    for code in report["codes"]:
        text = code["text"].replace("\x1d", "<GS>")
        kind = f"{code['format']}{' GS1' if code['gs1'] else ''}"
        parsed = code["parsed"]
        detail = ""
        if parsed:
            detail = "  " + " ".join(f"{key}={parsed[key]}" for key in PARSED_FIELDS if parsed[key])
        lines.append(f"{head} {kind} {text}{detail} [{report['ms']} ms]")
    return "\n".join(lines)
