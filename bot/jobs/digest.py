"""The weekly digest sender: queues last week's digest when it is due, then sends each operator theirs.

Operators are told privately, as alerts are: the bot knows no operators' chat. The charts of a
language are drawn once per week and reused for every operator who reads it.
"""
from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError

from core.clock import utcnow
from handlers.stats import send_stats
from stats.digest import claim_notices, due_week, queue_digest
from stats.report import stats_for
from verification.decoder_pool import DecoderBusy, DecodeTimeout

log = logging.getLogger("medcheck.stats")
LOOK_EVERY_S = 60.0


async def send_digests(services, bot: Bot) -> None:
    """Run for as long as the bot runs (one of bot.jobs.every_job)."""
    if not services.settings.weekly_digest:
        return
    while True:
        try:
            await send_once(services, bot)
        except Exception:
            log.exception("weekly digest failed")
        await asyncio.sleep(LOOK_EVERY_S)


async def send_once(services, bot: Bot) -> int:
    """Queue the due week's digest (once across replicas), then send the notices waiting; returns how many went."""
    await queue_digest(services.db, due_week(utcnow()))
    drawn: dict[tuple, tuple[str, list[bytes]]] = {}  # (language, period) -> summary and charts
    sent = 0
    for notice in await claim_notices(services.db):
        t = services.i18n.bind(notice.language)
        key = (notice.language, notice.period)
        try:
            if key not in drawn:
                text, pictures = await stats_for(services.db, services.decoder, t, notice.period)
                drawn[key] = (t("stats-digest") + "\n" + text, pictures)
            await send_stats(bot, notice.user_id, *drawn[key])
            sent += 1
        except (DecoderBusy, DecodeTimeout, TimeoutError, TelegramAPIError, TelegramNetworkError, OSError) as exc:
            # Claimed before sending, so it is not repeated: /stats still shows the week.
            log.warning("weekly digest to an operator not delivered: %s", exc)
    return sent
