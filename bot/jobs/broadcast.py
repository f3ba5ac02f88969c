"""The recall sender as a background job: recalls.sender with Telegram on the other end.

`run_sender(services, bot)` (one of bot.jobs.every_job) runs on every replica; the one
holding the leadership (a PostgreSQL advisory lock; on SQLite the single process) sends. Here the
outbox's plain notices become Telegram messages in each recipient's language, Telegram's answers
become plain outcomes, and campaign progress becomes an edited message in the operator's chat.
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiohttp import ClientError

from bot.traffic import bulk
from core.db import Database
from core.i18n import Translator
from core.users import get_user
from handlers.cards.recall import notice_text, progress_text
from recalls.campaigns import CampaignInfo, get_campaign
from recalls.outbox import RecallNotice
from recalls.sender import Delivery, Outcome, Progress, SenderConfig, serve

if TYPE_CHECKING:
    from bot.app import Services

log = logging.getLogger("medcheck.recalls")
TRANSIENT = (TelegramServerError, TelegramNetworkError, TelegramNotFound, TelegramConflictError,
             TelegramUnauthorizedError, ClientError, OSError, asyncio.TimeoutError)


class Broadcast:
    """Renders and sends notices, and shows operators their campaign's progress."""

    def __init__(self, db: Database, i18n: Translator, bot: Bot) -> None:
        self.db, self.i18n, self.bot = db, i18n, bot
        self.campaigns: dict[int, asyncio.Task[CampaignInfo | None]] = {}  # one read per campaign
        self.texts: dict[tuple[int, str, str], str] = {}
        self.operator_language: dict[int, str] = {}

    async def deliver(self, notice: RecallNotice) -> Delivery:
        paid_refused = ""
        try:
            text = await self.text(notice)
            with bulk():  # answers to people go first; the sender retries by itself
                try:
                    # A paid notice is outside the bot's free budget (bot/traffic.py): it is Telegram's other limit.
                    await self.bot.send_message(notice.user_id, text, allow_paid_broadcast=notice.paid or None)
                except TelegramBadRequest as exc:
                    if not notice.paid:
                        raise
                    # Maybe the chat, maybe the payment (no Stars left, a bot not yet allowed to): the notice
                    # is tried once more at the free rate, so a refused payment loses nobody.
                    await self.bot.send_message(notice.user_id, text)
                    paid_refused = exc.message
        except TelegramRetryAfter as exc:
            return Delivery(Outcome.SLOW_DOWN, retry_after=float(exc.retry_after), error=exc.message)
        except TelegramForbiddenError as exc:
            return Delivery(Outcome.BLOCKED, error=exc.message)
        except TelegramBadRequest as exc:
            return Delivery(Outcome.FAILED, error=exc.message)
        except TRANSIENT as exc:
            return Delivery(Outcome.RETRY, error=f"{type(exc).__name__}: {exc}")
        except TelegramAPIError as exc:  # e.g. the chat migrated: nothing a retry would change
            return Delivery(Outcome.FAILED, error=exc.message)
        return Delivery(Outcome.SENT, paid_refused=paid_refused)

    async def text(self, notice: RecallNotice) -> str:
        key = (notice.campaign_id, notice.language, notice.audience)
        if key not in self.texts:
            if notice.campaign_id not in self.campaigns:
                self.campaigns[notice.campaign_id] = asyncio.ensure_future(get_campaign(self.db, notice.campaign_id))
            try:
                campaign = await asyncio.shield(self.campaigns[notice.campaign_id])
            except Exception:
                self.campaigns.pop(notice.campaign_id, None)  # read it again next time
                raise
            self.texts[key] = notice_text(self.i18n, campaign, notice.language, notice.audience)
        return self.texts[key]

    async def report(self, progress: Progress) -> None:
        if progress.report_chat_id is None or progress.report_message_id is None:
            return
        chat = progress.report_chat_id
        if chat not in self.operator_language:
            async with self.db.session() as session:
                operator = await get_user(session, chat)
            self.operator_language[chat] = operator.language if operator else "en"
        text = progress_text(self.i18n, self.operator_language[chat], progress)
        try:
            await self.bot.edit_message_text(text=text, chat_id=chat, message_id=progress.report_message_id)
        except TelegramBadRequest as exc:  # not modified, or the operator deleted it
            log.info("recall progress for campaign %s not shown: %s", progress.counts.campaign_id, exc.message)


async def run_sender(services: Services, bot: Bot) -> None:
    """The background job: lead if possible, send the outbox, pick up feed recalls."""
    job = Broadcast(services.db, services.i18n, bot)
    await serve(services.db, job.deliver, report=job.report,
                config=SenderConfig(rate=services.settings.broadcast_rate,
                                    max_in_flight=services.settings.broadcast_max_in_flight,
                                    paid_rate=services.settings.paid_broadcast_rate))
