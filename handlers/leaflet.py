"""The instructions (leaflet): the card's "Instructions" button, and /leaflet NAME.

The document goes in the reader's language, else Russian, else whatever exists (register.leaflets).
The first reader's press reads the file and uploads it; Telegram's file_id is remembered, so every
later reader gets it at once, without a download or an upload.
"""
from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    TelegramObject,
)
from aiogram.utils.chat_action import ChatActionSender

from core.db import Database
from core.i18n import Translate
from core.users import UserInfo
from handlers.callbacks import LeafletPick
from handlers.card_buttons import CardButton, CardPress
from handlers.cards.layout import day_text
from handlers.trace import Trace
from register.leaflets import (
    LeafletInfo,
    LeafletUnavailable,
    forget_upload,
    get_leaflet,
    leaflets_by_name,
    leaflets_for,
    pick,
    read_leaflet,
    remember_upload,
)
from verification.history import get_check

log = logging.getLogger("medcheck.leaflets")
BUTTON_LIMIT = 60


class Uploads:
    """One upload of a leaflet at a time in this process: readers who press together wait for the first's file_id."""

    def __init__(self) -> None:
        self.locks: dict[str, asyncio.Lock] = {}

    def of(self, leaflet: LeafletInfo) -> asyncio.Lock:
        return self.locks.setdefault(leaflet.location, asyncio.Lock())


async def send_leaflet(bot: Bot, chat_id: int, db: Database, leaflet: LeafletInfo, t: Translate, trace: Trace,
                       uploads: Uploads) -> None:
    """The document with its title and date; a file that cannot be had is said politely and logged."""
    caption = t("leaflet-caption", title=leaflet.title, date=day_text(leaflet.published_on)) \
        if leaflet.published_on else t("leaflet-caption-undated", title=leaflet.title)
    if leaflet.file_id and await _send_uploaded(bot, chat_id, db, leaflet, caption, trace):
        return
    async with uploads.of(leaflet):
        fresh = await get_leaflet(db, leaflet.id)  # another reader may have uploaded it meanwhile
        if fresh and fresh.file_id and fresh.file_id != leaflet.file_id \
                and await _send_uploaded(bot, chat_id, db, fresh, caption, trace):
            return
        async with ChatActionSender.upload_document(bot=bot, chat_id=chat_id):
            try:
                data = await read_leaflet(leaflet)
            except LeafletUnavailable as exc:
                log.warning("leaflet %d unavailable: %s", leaflet.id, exc.reason)
                trace.outcome = "leaflet:too_big" if exc.too_big else "leaflet:unavailable"
                await bot.send_message(chat_id, t("leaflet-too-big" if exc.too_big else "leaflet-unavailable"))
                return
            sent = await bot.send_document(chat_id, BufferedInputFile(data, leaflet.file_name), caption=caption)
        if sent.document is not None:
            await remember_upload(db, leaflet, sent.document.file_id, sent.document.file_size)
    trace.outcome = "leaflet:uploaded"


async def _send_uploaded(bot: Bot, chat_id: int, db: Database, leaflet: LeafletInfo, caption: str,
                         trace: Trace) -> bool:
    """Send by the remembered file_id; False (and forgotten) when Telegram no longer knows it."""
    try:
        await bot.send_document(chat_id, leaflet.file_id, caption=caption)
    except TelegramBadRequest as exc:  # another bot token, or a file Telegram dropped
        log.warning("leaflet %d: the stored file_id was refused (%s); uploading it again", leaflet.id, exc.message)
        await forget_upload(db, leaflet)
        return False
    trace.outcome = "leaflet:cached"
    return True


def uploads_of(dispatcher: Dispatcher) -> Uploads:
    return dispatcher.workflow_data.setdefault("leaflet_uploads", Uploads())


async def from_card(_event: TelegramObject, press: CardPress, bot: Bot, dispatcher: Dispatcher, db: Database,
                    user: UserInfo, lang: str, t: Translate, trace: Trace) -> None:
    """The card's "Instructions": the leaflet of the checked pack's product."""
    check = await get_check(db, user.id, press.check_id)
    leaflet = pick(await leaflets_for(db, check.gtin), lang) if check and check.gtin else None
    if leaflet is None:
        trace.outcome = "leaflet:none"
        await press.refuse(t("leaflet-gone"))
        return
    await press.taken()
    await send_leaflet(bot, user.id, db, leaflet, t, trace, uploads_of(dispatcher))


async def picked(query: CallbackQuery, callback_data: LeafletPick, bot: Bot, dispatcher: Dispatcher, db: Database,
                 t: Translate, trace: Trace) -> None:
    leaflet = await get_leaflet(db, callback_data.leaflet_id)
    if leaflet is None:  # the list was reloaded since the buttons were made
        trace.outcome = "leaflet:stale"
        await query.answer(t("leaflet-gone"), show_alert=True)
        return
    await query.answer()
    await send_leaflet(bot, query.from_user.id, db, leaflet, t, trace, uploads_of(dispatcher))


async def by_name(message: Message, command: CommandObject, bot: Bot, dispatcher: Dispatcher, db: Database,
                  lang: str, t: Translate, trace: Trace) -> None:
    """/leaflet NAME: trade name or INN, in Latin or Cyrillic; one match is sent, several are offered."""
    name = (command.args or "").strip()
    if not name:
        trace.outcome = "leaflet:ask"
        await message.answer(t("leaflet-ask"))
        return
    matched, found = await leaflets_by_name(db, name, lang)
    if not found:
        trace.outcome = "leaflet:no_match" if not matched else "leaflet:none"
        await message.answer(t("leaflet-no-match" if not matched else "leaflet-none", name=name[:100]))
        return
    if len(found) == 1:
        await send_leaflet(bot, message.chat.id, db, found[0][1], t, trace, uploads_of(dispatcher))
        return
    trace.outcome = "leaflet:choose"
    rows = [[InlineKeyboardButton(text=_label(match.trade_name, match.form, match.strength, leaflet.language),
                                  callback_data=LeafletPick(leaflet_id=leaflet.id).pack())]
            for match, leaflet in found]
    await message.answer(t("leaflet-choose"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


def _label(*parts: str | None) -> str:
    text = ", ".join(part for part in parts[:-1] if part) + f" ({parts[-1]})"
    return text if len(text) <= BUTTON_LIMIT else text[: BUTTON_LIMIT - 1] + "…"


def router() -> Router:
    """This conversation's handlers (a new Router for each Dispatcher)."""
    router = Router(name="leaflet")
    router.message.filter(F.chat.type == "private")
    router.message.register(by_name, Command("leaflet"))
    router.callback_query.register(from_card, CardButton("leaflet"))
    router.message.register(from_card, CardButton("leaflet"))  # from the Mini App
    router.callback_query.register(picked, LeafletPick.filter())
    return router
