"""Operators' /stats [days]: a short summary, then the charts as one album (drawn in the decoder workers)."""
from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import BufferedInputFile, InputMediaPhoto, Message
from aiogram.utils.chat_action import ChatActionSender

from core.clock import today_in
from core.db import Database
from core.i18n import Translate
from handlers.filters import HasRole
from stats.aggregates import MAX_DAYS, Period
from stats.report import stats_for
from verification.decoder_pool import DecoderBusy, DecoderPool, DecodeTimeout

DEFAULT_DAYS = 30
STATS_ROLES = ("operator",)  # admins too (HasRole)


def parse_days(args: str | None) -> int | None:
    """"", "7", "7d" -> days (None: not a number of days from 1 to MAX_DAYS)."""
    word = (args or "").strip().lower().removesuffix("d")
    if not word:
        return DEFAULT_DAYS
    return int(word) if word.isdigit() and 1 <= int(word) <= MAX_DAYS else None


async def send_stats(bot: Bot, chat_id: int, text: str, pictures: list[bytes]) -> None:
    """The summary, then the charts: one photo, or an album of up to ten."""
    await bot.send_message(chat_id, text)
    photos = [BufferedInputFile(png, filename=f"stats-{n}.png") for n, png in enumerate(pictures, 1)]
    if len(photos) == 1:
        await bot.send_photo(chat_id, photos[0])
    elif photos:
        await bot.send_media_group(chat_id, [InputMediaPhoto(media=photo) for photo in photos[:10]])


async def stats_command(message: Message, command: CommandObject, bot: Bot, db: Database, decoder: DecoderPool,
                        t: Translate, lang: str) -> None:
    days = parse_days(command.args)
    if days is None:
        await message.answer(t("stats-usage"))
        return
    period = Period.last_days(days, today_in())
    async with ChatActionSender.upload_photo(bot=bot, chat_id=message.chat.id):
        try:
            text, pictures = await stats_for(db, decoder, t, period)
        except (DecoderBusy, DecodeTimeout):
            await message.answer(t("stats-busy"))
            return
    if not pictures:
        text += "\n\n" + t("stats-nothing")
    await send_stats(bot, message.chat.id, text, pictures)


async def stats_refused(message: Message, t: Translate) -> None:
    await message.answer(t("not-allowed"))


def router() -> Router:
    """This conversation's handlers (a new Router for each Dispatcher)."""
    router = Router(name="stats")
    router.message.register(stats_command, Command("stats"), HasRole(*STATS_ROLES))
    router.message.register(stats_refused, Command("stats"))
    return router
