"""/start, /help and /language."""
from aiogram import Router
from aiogram.filters import CommandStart
from aiogram.types import Message

from bot.i18n import Translate

router = Router(name="start")


@router.message(CommandStart())
async def start(message: Message, t: Translate) -> None:
    await message.answer(t("start-welcome"))
