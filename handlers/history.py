"""/history: the user's last checks, each one a button that verifies the code again with today's data."""
from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from core.clock import Clock, today_for
from core.db import DB_DOWN, Database
from core.i18n import Translate
from core.languages import zone_for
from core.users import UserInfo
from handlers.callbacks import CheckAction
from handlers.cards.check import history_card, history_keyboard
from handlers.check import send_card, verify_again
from handlers.trace import Trace
from register.freshness import MaxAge
from verification.history import get_check, recent_checks

log = logging.getLogger("medcheck.check")
HISTORY_SIZE = 10


async def history(message: Message, db: Database, user: UserInfo, lang: str, t: Translate) -> None:
    records = await recent_checks(db, user.id, limit=HISTORY_SIZE)
    await message.answer(history_card(t, records, zone=zone_for(lang)), reply_markup=history_keyboard(t, records))


async def reopen(query: CallbackQuery, callback_data: CheckAction, bot: Bot, db: Database, user: UserInfo,
                 lang: str, t: Translate, trace: Trace, max_age: MaxAge, clock: Clock | None = None) -> None:
    """Only the user's own checks open; the card is new, its buttons keep the original check."""
    try:
        record = await get_check(db, user.id, callback_data.check_id)
        if record is None:
            trace.outcome = "not_found"
            await query.answer(t("history-not-found"), show_alert=True)
            return
        await query.answer()
        result = await verify_again(db, record.code_text, lang=lang, clock=clock, max_age=max_age)
    except DB_DOWN:
        log.exception("database failed while reopening a check")
        trace.outcome = "db_down"
        await bot.send_message(query.from_user.id, t("service-unavailable"))
        return
    trace.outcome = result.verdict.level
    await send_card(bot, query.from_user.id, result, record.id, t=t, lang=lang, today=today_for(lang, clock))


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="history")
    router.message.filter(F.chat.type == "private")  # a citizen's own checks are shown in private only
    router.message.register(history, Command("history"))
    router.callback_query.register(reopen, CheckAction.filter(F.action == "open"))
    return router
