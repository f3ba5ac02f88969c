"""What every card shares: Telegram's length limit, how it is measured, and how a date is written."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from core.clock import local_day
from core.languages import DEFAULT_ZONE

TEXT_LIMIT = 4096  # Telegram's limit for a message text, in UTF-16 code units


def units(text: str) -> int:
    """The length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def fit(sections: list[list[str]]) -> str:
    """Join sections with blank lines; drop whole lines from the end until Telegram takes it.

    The first section (the verdict) always stays; the raw HTML is measured, which is never
    shorter than the text Telegram counts.
    """
    blocks = [list(section) for section in sections if section]
    text = "\n\n".join("\n".join(block) for block in blocks)
    while units(text) > TEXT_LIMIT and (len(blocks) > 1 or len(blocks[0]) > 1):
        blocks[-1].pop()
        if not blocks[-1]:
            blocks.pop()
        text = "\n\n".join("\n".join(block) for block in blocks)
    return text


def day_text(value: date | datetime | None, zone: ZoneInfo | None = None) -> str:
    """A date as dd.mm.yyyy; a moment first moved into the user's zone (storage is UTC)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = local_day(value, zone or DEFAULT_ZONE)
    return value.strftime("%d.%m.%Y")
