"""The register watch: every few minutes, what the register can vouch for; operators are told of each change.

Start-up (bot.app.start_services) already logged the state and recorded what to tell; this job sends
those notices, then looks again after each interval (a sync may have brought data, or data aged).
"""
from __future__ import annotations

import asyncio
import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError

from core.clock import today_in
from handlers.cards.register import register_notice_card
from verification.watch import RegisterStateNotice, claim_notices, record_changes, register_state

log = logging.getLogger("medcheck.register")
WATCH_EVERY_S = 600.0


async def watch_register(services, bot: Bot) -> None:
    """Run for as long as the bot runs (one of bot.jobs.every_job)."""
    while True:
        try:
            await watch_once(services, bot)
        except Exception:  # noqa: BLE001 - a database hiccup must not end the watch
            log.exception("register watch failed")
        await asyncio.sleep(WATCH_EVERY_S)


async def watch_once(services, bot: Bot) -> None:
    """Record any change since the last look, then send the notices waiting."""
    db = services.db
    state = await register_state(db, services.max_age, today_in())
    await record_changes(db, state.parts)
    by_user: dict[int, list[RegisterStateNotice]] = {}
    for notice in await claim_notices(db):
        by_user.setdefault(notice.user_id, []).append(notice)
    for user_id, notices in by_user.items():
        t = services.i18n.bind(notices[0].language)
        text = register_notice_card(t, notices)
        try:
            await bot.send_message(user_id, text)
        except (TelegramAPIError, TelegramNetworkError, asyncio.TimeoutError, OSError) as exc:
            # Claimed before sending, so it is not repeated: the log and /healthz still say it.
            log.warning("register notice to an operator not delivered: %s", exc)
