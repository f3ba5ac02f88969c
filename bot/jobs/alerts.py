"""The alerts sender: operators are told of each leak and clone the check path raised (alerts.service).

Alerts are rows before anything is sent; each is handed to the operators once (`notified_at`), and
each operator's notice is claimed before it is sent, so a crash or a restart never sends one twice.
"""
from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError

from alerts.service import claim_notices, queue_notices
from handlers.cards.alerts import alert_card

log = logging.getLogger("medcheck.alerts")
SEND_EVERY_S = 2.0  # two indexed reads of nothing, most of the time


async def send_alerts(services, bot: Bot) -> None:
    """Run for as long as the bot runs (one of bot.jobs.every_job)."""
    while True:
        try:
            await send_once(services, bot)
        except Exception:
            log.exception("alerts sender failed")
        await asyncio.sleep(SEND_EVERY_S)


async def send_once(services, bot: Bot) -> int:
    """Queue the new alerts' notices, then send those waiting; returns how many were sent."""
    db = services.db
    await queue_notices(db)
    sent = 0
    for notice in await claim_notices(db):
        text = alert_card(services.i18n.bind(notice.language), notice.alert, notice.language)
        try:
            await bot.send_message(notice.user_id, text)
            sent += 1
        except (TimeoutError, TelegramAPIError, TelegramNetworkError, OSError) as exc:
            # Claimed before sending, so it is not repeated: the export still holds the alert.
            log.warning("alert %d to an operator not delivered: %s", notice.alert.id, exc)
    return sent
