"""The languages the bot speaks and the time zone each one's readers live in."""
from __future__ import annotations

from zoneinfo import ZoneInfo

LANGUAGES = ("uz", "ru", "ky", "en")
DEFAULT_ZONE = ZoneInfo("Asia/Tashkent")
ZONES = {"ky": ZoneInfo("Asia/Bishkek")}  # everyone else reads Tashkent time


def zone_for(lang: str) -> ZoneInfo:
    """The zone dates are shown in: Bishkek for Kyrgyz speakers, Tashkent otherwise."""
    return ZONES.get(lang, DEFAULT_ZONE)
