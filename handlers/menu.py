"""The command menu Telegram shows beside the text field: the citizens' in each language, staff their own.

Set at start (every replica sets the same, so it does not matter which is last) and for one person
when their role changes. Staff get a chat scope of their own, in their language.
"""
from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, MenuButtonDefault
from sqlalchemy import select

from core.db import DB_DOWN, Database
from core.i18n import Translator
from core.languages import LANGUAGES
from core.settings import Settings
from core.users import User, get_user
from handlers.cards.miniapp import scan_live_menu_button

CITIZEN = ("start", "leaflet", "find", "reminders", "history", "subscribe", "stop", "complaint", "complaints", "language",
           "help")
STAFF = {  # what each role adds to the citizen's menu
    "operator": ("recall", "stats"),
    "support": ("export",),
    "institution": ("withdraw", "drafts", "operations"),
    "admin": ("recall", "stats", "export", "grant", "revoke", "org"),
}

log = logging.getLogger("medcheck.menu")


def commands_for(i18n: Translator, lang: str, role: str = "citizen") -> list[BotCommand]:
    return [BotCommand(command=name, description=i18n(lang, f"menu-{name}"))
            for name in STAFF.get(role, ()) + CITIZEN]


async def set_menus(bot: Bot, db: Database, i18n: Translator, settings: Settings) -> None:
    """Every language's citizen menu, then each staff member's (a dp.startup handler: a failure is logged,
    never stops the bot from starting)."""
    try:
        await bot.set_my_commands(commands_for(i18n, settings.default_language), scope=BotCommandScopeDefault())
        for lang in LANGUAGES:
            await bot.set_my_commands(commands_for(i18n, lang), scope=BotCommandScopeDefault(), language_code=lang)
        async with db.session() as session:
            staff = (await session.execute(select(User.id, User.role, User.language)
                                           .where(User.role != "citizen", User.active.is_(True)))).all()
    except (TelegramAPIError, *DB_DOWN) as exc:
        log.warning("the command menu was not set: %s", exc)
        return
    for user_id, role, lang in staff:
        await set_staff_menu(bot, i18n, user_id, role, lang)
    await set_scan_live_button(bot, i18n, settings)


async def set_scan_live_button(bot: Bot, i18n: Translator, settings: Settings) -> None:
    """The menu button beside the text field opens live scanning (the Mini App) when WEBAPP_URL is set;
    otherwise it is Telegram's default (the command list), also undoing a button set by an earlier start."""
    button = (scan_live_menu_button(i18n.bind(settings.default_language), settings.webapp_url)
              if settings.webapp_url else MenuButtonDefault())
    try:
        await bot.set_chat_menu_button(menu_button=button)
    except TelegramAPIError as exc:
        log.warning("the menu button was not set: %s", exc)


async def set_staff_menu(bot: Bot, i18n: Translator, user_id: int, role: str, lang: str) -> None:
    """One person's menu for their role; a citizen's own scope is removed, so the default shows again."""
    scope = BotCommandScopeChat(chat_id=user_id)
    try:
        if role in STAFF:
            await bot.set_my_commands(commands_for(i18n, lang, role), scope=scope)
        else:
            await bot.delete_my_commands(scope=scope)
    except TelegramAPIError as exc:  # they never opened a chat with the bot, or blocked it
        log.info("no command menu for a %s: %s", role, exc)


async def refresh_menu(bot: Bot, db: Database, i18n: Translator, user_id: int) -> None:
    """After a role change: the person's menu as their role now is."""
    async with db.session() as session:
        user = await get_user(session, user_id)
    if user is not None:
        await set_staff_menu(bot, i18n, user.id, user.role, user.language)
