"""/start, /help and /language: the first words a citizen reads, in their language."""
from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyKeyboardRemove

from core.db import Database
from core.i18n import Translate, Translator
from core.languages import LANGUAGES
from core.users import UserInfo, set_language
from handlers.callbacks import Language
from handlers.card_buttons import CARD_LINK
from handlers.cards.miniapp import scan_live_keyboard
from handlers.cards.withdrawal import menu_keyboard as withdrawal_menu


async def start(message: Message, state: FSMContext, t: Translate, user: UserInfo | None = None,
                webapp_url: str | None = None) -> None:
    """A fresh start: a conversation left open (an unfinished complaint) ends, with its keyboard.
    Live scanning (the Mini App) is offered under the welcome when it is on.
    Medical institution staff get their menu (withdrawal documents) under the welcome."""
    ended = await state.get_state() is not None
    await state.clear()
    scan_live = scan_live_keyboard(t, webapp_url)
    if ended:  # one keyboard per message: the old one goes with the welcome, the button follows
        await message.answer(t("start-welcome"), reply_markup=ReplyKeyboardRemove())
        if scan_live:
            await message.answer(t("miniapp-offer"), reply_markup=scan_live)
    else:
        await message.answer(t("start-welcome"), reply_markup=scan_live)
    if user is not None and user.role == "institution":
        await message.answer(t("withdrawal-menu"), reply_markup=withdrawal_menu(t))


async def help_(message: Message, t: Translate) -> None:
    await message.answer(t("help-text"))


async def choose_language(message: Message, t: Translate, i18n: Translator) -> None:
    buttons = [[InlineKeyboardButton(text=i18n(code, "language-name"),
                                     callback_data=Language(code=code).pack())] for code in LANGUAGES]
    await message.answer(t("language-choose"), reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons))


async def language_chosen(query: CallbackQuery, callback_data: Language, db: Database,
                          i18n: Translator) -> None:
    async with db.session() as session:
        await set_language(session, query.from_user.id, callback_data.code)
    await query.answer()
    if query.message:
        await query.message.edit_text(i18n(callback_data.code, "language-set"))


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="start")
    router.message.register(start, CommandStart(), ~F.text.regexp(CARD_LINK, mode="fullmatch"))  # a card button
    router.message.register(help_, Command("help"))
    router.message.register(choose_language, Command("language"))
    router.callback_query.register(language_chosen, Language.filter(F.code.in_(LANGUAGES)))
    return router
