"""Reminders before a checked pack expires: the card's button, and /reminders to list and cancel them.

The schedule is rows in the database (verification/reminders.py); bot/jobs/reminders.py sends them.
"""
from __future__ import annotations

import html

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, TelegramObject

from core.db import Database
from core.i18n import Translate
from core.languages import zone_for
from core.settings import Settings
from core.users import UserInfo
from handlers.callbacks import ReminderAction
from handlers.card_buttons import CardButton, CardPress
from handlers.cards.layout import day_text
from handlers.trace import Trace
from verification.history import get_check
from verification.reminders import PackReminders, cancel, pending_for, schedule

BUTTON_LIMIT = 60


async def from_card(_event: TelegramObject, press: CardPress, bot: Bot, db: Database, user: UserInfo, lang: str,
                    t: Translate, trace: Trace, settings: Settings) -> None:
    """The card's "Remind me before it expires"."""
    check = await get_check(db, user.id, press.check_id)
    if check is None or check.gtin is None or check.expiry is None:
        trace.outcome = "remind:gone"
        await press.refuse(t("reminder-check-gone"))
        return
    await press.taken()
    days = await schedule(db, user.id, check, settings.reminder_days, zone_for(lang))
    trace.outcome = f"remind:{len(days)}"
    if not days:
        await bot.send_message(user.id, t("reminder-too-late", expiry=day_text(check.expiry)))
        return
    await bot.send_message(user.id, t("reminder-set", expiry=day_text(check.expiry),
                                      days=", ".join(day_text(day) for day in days)))


async def list_reminders(message: Message, db: Database, user: UserInfo, lang: str, t: Translate) -> None:
    text, markup = await _view(db, user.id, lang, t)
    await message.answer(text, reply_markup=markup)


async def cancel_pressed(query: CallbackQuery, callback_data: ReminderAction, db: Database, user: UserInfo,
                         lang: str, t: Translate) -> None:
    done = await cancel(db, user.id, callback_data.reminder_id)
    await query.answer(t("reminder-cancelled" if done else "reminder-check-gone"))
    if query.message is not None:  # None: a message too old for Telegram to hand back
        text, markup = await _view(db, user.id, lang, t)
        await query.message.edit_text(text, reply_markup=markup)


async def _view(db: Database, user_id: int, lang: str, t: Translate) -> tuple[str, InlineKeyboardMarkup | None]:
    packs = await pending_for(db, user_id, zone_for(lang))
    if not packs:
        return t("reminders-empty"), None
    lines = [t("reminders-title")] + [t("reminders-line", name=_name(pack), batch=pack.batch or "—",
                                        expiry=day_text(pack.expiry),
                                        days=", ".join(day_text(day) for day in pack.days)) for pack in packs]
    rows = [[InlineKeyboardButton(text=_clip(t("reminders-button-cancel", name=_name(pack))),
                                  callback_data=ReminderAction(action="cancel", reminder_id=pack.id).pack())]
            for pack in packs]
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def _name(pack: PackReminders) -> str:
    return pack.trade_name or f"GTIN {pack.gtin}"


def _clip(text: str) -> str:
    text = html.unescape(text)  # a button's text is plain, not HTML
    return text if len(text) <= BUTTON_LIMIT else text[: BUTTON_LIMIT - 1] + "…"


def router() -> Router:
    """This conversation's handlers (a new Router for each Dispatcher)."""
    router = Router(name="reminders")
    router.message.filter(F.chat.type == "private")
    router.message.register(list_reminders, Command("reminders"))
    router.callback_query.register(from_card, CardButton("remind"))
    router.message.register(from_card, CardButton("remind"))  # from the Mini App
    router.callback_query.register(cancel_pressed, ReminderAction.filter(F.action == "cancel"))
    return router
