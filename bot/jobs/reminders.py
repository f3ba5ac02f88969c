"""The expiry reminder sender: one replica (core.leader) sends the reminders that are due.

The schedule is rows (verification/reminders.py), so a restart loses none; a reminder is marked sent
before it is sent, so none goes twice. A user who blocked the bot is marked and not tried again.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError, TelegramNetworkError, TelegramRetryAfter

from bot.traffic import bulk
from core.clock import utcnow
from core.languages import zone_for
from core.leader import leadership_for
from handlers.cards.layout import day_text
from handlers.register_words import recall_reason_words
from verification.reminders import DueReminder, claim_due, mark_blocked, retry_later

log = logging.getLogger("medcheck.reminders")
LOCK_KEY = 0x6D65_6463_7265_6D31  # "medcrem1": the one replica that sends reminders
LOOK_EVERY_S = 30.0  # reminders are due at 10:00 local: a look every half minute is on time
FOLLOWER_WAIT_S = 60.0
RETRY_AFTER = timedelta(minutes=10)


async def send_reminders(services, bot: Bot) -> None:
    """Run for as long as the bot runs (one of bot.jobs.every_job)."""
    lock = leadership_for(services.db, LOCK_KEY, "expiry reminders")
    try:
        while True:
            try:
                if await lock.acquire():
                    while await lock.alive():
                        await send_once(services, bot)
                        await asyncio.sleep(LOOK_EVERY_S)
            except Exception:  # noqa: BLE001 - the database or Telegram failed; try again later
                log.exception("expiry reminders failed")
            await asyncio.sleep(FOLLOWER_WAIT_S)
    finally:
        await lock.release()


async def send_once(services, bot: Bot, now: datetime | None = None) -> int:
    """Send the reminders due by `now` (a test moves the clock on); returns how many went out."""
    now = now or utcnow()
    sent = 0
    for reminder in await claim_due(services.db, now):
        try:
            with bulk():  # answers to people go first
                await bot.send_message(reminder.user_id, reminder_text(services.i18n.bind(reminder.language),
                                                                       reminder, now))
            sent += 1
        except TelegramForbiddenError:
            await mark_blocked(services.db, reminder)
        except TelegramRetryAfter as exc:
            await retry_later(services.db, reminder, now + timedelta(seconds=exc.retry_after))
        except (TelegramNetworkError, OSError, asyncio.TimeoutError) as exc:
            log.warning("reminder %d not sent, tried again later: %s", reminder.id, exc)
            await retry_later(services.db, reminder, now + RETRY_AFTER)
        except TelegramAPIError as exc:  # a chat that is gone: nothing a retry would change
            log.warning("reminder %d not sent: %s", reminder.id, exc.message)
    return sent


def reminder_text(t, reminder: DueReminder, now: datetime) -> str:
    lines = [t("reminder-text", name=reminder.trade_name or f"GTIN {reminder.gtin}", batch=reminder.batch or "—",
               expiry=day_text(reminder.expiry), days=reminder.days_left(now))]
    if reminder.recalled_at:
        lines.append(t("reminder-recalled", date=day_text(reminder.recalled_at, zone_for(reminder.language)),
                       reason=recall_reason_words(t, reminder.recall_reason or "")))
    lines.append(t("reminder-footer"))
    return "\n\n".join(lines)
