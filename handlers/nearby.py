"""Where to buy it near me: /find NAME (or the button under a green or yellow card), then a place, then the
nearest pharmacies that reported the medicine in stock recently, five a page, each openable as a map pin.

The conversation (handlers/conversation.py) asks for the medicine when the name is ambiguous, then for a
place: a shared location, or a typed district. The answer's pages and pins carry what they need in their
buttons (GTIN and place; pharmacy id), so they keep working after the conversation is over or a restart.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove, TelegramObject

from core.clock import Clock, today_for
from core.db import DB_DOWN, Database
from core.i18n import Translate
from core.languages import zone_for
from core.settings import Settings
from core.users import UserInfo
from handlers.callbacks import NearbyPage, NearbyStep, NearbyVenue
from handlers.card_buttons import CardButton, CardPress
from handlers.cards import nearby as cards
from handlers.complaint import Pressed
from handlers.conversation import Conversation, Step, Talk, cancel, pressed, typed
from pharmacies.nearby import Place, district_centre, nearby, pharmacy, price_cap, product_name
from register.search import find_products
from verification.history import get_check

log = logging.getLogger("medcheck.nearby")
PICKS = 8            # medicines offered when a name matches several
PLACE_DIGITS = 5     # a place is kept to about a metre, the same on every page of the answer
DISTRICT_MAX = 100   # a typed district longer than this is no district


@dataclass
class NearbyDraft:
    gtin: str | None = None
    name: str | None = None
    matches: list[dict] = field(default_factory=list)  # [{"gtin", "name"}] while the citizen picks one

    def to_dict(self) -> dict:
        return {"gtin": self.gtin, "name": self.name, "matches": self.matches}

    @classmethod
    def from_dict(cls, data: dict) -> NearbyDraft:
        return cls(data.get("gtin"), data.get("name"), list(data.get("matches") or []))


# ----------------------------------------------------------------------------- the questions

async def ask_product(talk: Talk, draft: NearbyDraft, note: str | None, t: Translate) -> None:
    await talk.say(t("nearby-ask-product"), cards.cancel_keyboard(t))


async def ask_place(talk: Talk, draft: NearbyDraft, note: str | None, t: Translate) -> None:
    await talk.say(t("nearby-ask-place", product=draft.name or draft.gtin), cards.place_keyboard(t))


# ----------------------------------------------------------------------------- entry points

async def find(message: Message, command: CommandObject, db: Database, talk: Talk, t: Translate) -> None:
    """/find, or /find NAME to search at once."""
    query = (command.args or "").strip()
    if not query:
        await talk.begin(NearbyDraft())
        return
    await talk.begin(NearbyDraft(), ask=False)
    await _search(talk, db, query, t)


async def from_card(_event: TelegramObject, press: CardPress, db: Database, user: UserInfo, talk: Talk,
                    t: Translate) -> None:
    """The button under a card: the medicine is that check's."""
    record = await get_check(db, user.id, press.check_id)
    if record is None or not record.gtin:
        await press.refuse(t("history-not-found"))
        return
    await press.taken()
    await talk.begin(NearbyDraft(record.gtin, await product_name(db, record.gtin) or record.gtin))


# ----------------------------------------------------------------------------- the medicine

async def name_typed(message: Message, db: Database, talk: Talk, t: Translate) -> None:
    await _search(talk, db, message.text.strip(), t)


async def _search(talk: Talk, db: Database, query: str, t: Translate) -> None:
    if len(query) < 2:
        await talk.say(t("nearby-product-bad"), cards.cancel_keyboard(t))
        return
    found = [m for m in await find_products(db, query, limit=PICKS * 2) if m.gtin][:PICKS]
    if not found:
        await talk.say(t("nearby-not-found", query=query[:100]), cards.cancel_keyboard(t))
        return
    matches = [{"gtin": m.gtin, "name": ", ".join(p for p in (m.trade_name, m.strength, m.pack_size) if p)}
               for m in found]
    draft = await talk.draft()
    if len(matches) == 1:
        draft.gtin, draft.name, draft.matches = matches[0]["gtin"], matches[0]["name"], []
        await talk.advance(draft)
        return
    draft.matches = matches
    await talk.save(draft)
    await talk.say(t("nearby-pick"), cards.picks_keyboard([m["name"] for m in matches]))


async def product_picked(query: CallbackQuery, callback_data: NearbyStep, talk: Talk, t: Translate) -> None:
    draft = await talk.draft()
    index = int(callback_data.value) if callback_data.value.isdigit() else -1
    if not 0 <= index < len(draft.matches):
        await query.answer(t("button-inactive"), show_alert=True)
        return
    await query.answer()
    await talk.drop_buttons()
    chosen = draft.matches[index]
    draft.gtin, draft.name, draft.matches = chosen["gtin"], chosen["name"], []
    await talk.advance(draft)


# ----------------------------------------------------------------------------- the place, and the answer

async def location_shared(message: Message, bot: Bot, db: Database, talk: Talk, t: Translate, lang: str,
                          settings: Settings, clock: Clock | None = None) -> None:
    place = Place(message.location.latitude, message.location.longitude)
    await _answer(talk, bot, db, place, t, lang, clock, settings)


async def district_typed(message: Message, bot: Bot, db: Database, talk: Talk, t: Translate, lang: str,
                         settings: Settings, clock: Clock | None = None) -> None:
    text = " ".join(message.text.split())[:DISTRICT_MAX]
    place = await district_centre(db, text)
    if place is None:
        await message.answer(t("nearby-place-unknown", place=text), reply_markup=cards.place_keyboard(t))
        return
    await _answer(talk, bot, db, place, t, lang, clock, settings)


async def _answer(talk: Talk, bot: Bot, db: Database, place: Place, t: Translate, lang: str,
                  clock: Clock | None, settings: Settings) -> None:
    """Where it looked (the reply keyboard goes with it), then the first page of pharmacies."""
    draft = await talk.draft()
    place = Place(round(place.latitude, PLACE_DIGITS), round(place.longitude, PLACE_DIGITS))
    days = settings.stock_max_age_days
    try:
        result = await nearby(db, draft.gtin, place, max_age_days=days)
        cap = await price_cap(db, draft.gtin, today_for(lang, clock)) if result.shown else None
    except DB_DOWN:
        log.exception("database failed during a nearby search")
        await talk.say(t("service-unavailable"))
        return
    await talk.end()
    product = draft.name or draft.gtin
    await talk.say(cards.scope_text(t, result, product, days), ReplyKeyboardRemove())
    if result.shown:
        await bot.send_message(talk.chat_id, cards.page_card(t, result, cap, zone_for(lang)),
                               reply_markup=cards.page_keyboard(t, result, draft.gtin, place))


async def turn_page(query: CallbackQuery, callback_data: NearbyPage, db: Database, t: Translate, lang: str,
                    settings: Settings, clock: Clock | None = None) -> None:
    """Another page: the search is made again, so it shows today's stock."""
    place, gtin = Place(callback_data.lat, callback_data.lon), callback_data.gtin
    result = await nearby(db, gtin, place, max_age_days=settings.stock_max_age_days, page=callback_data.page)
    if not result.shown or not isinstance(query.message, Message):
        await query.answer(t("nearby-page-gone"), show_alert=True)  # the stock changed since: that page is gone
        return
    await query.answer()
    cap = await price_cap(db, gtin, today_for(lang, clock))
    await query.message.edit_text(cards.page_card(t, result, cap, zone_for(lang)),
                                  reply_markup=cards.page_keyboard(t, result, gtin, place))


async def open_venue(query: CallbackQuery, callback_data: NearbyVenue, bot: Bot, db: Database,
                     t: Translate) -> None:
    """The pharmacy as a map pin, which the citizen's phone can route to."""
    found = await pharmacy(db, callback_data.pharmacy_id)
    if found is None:
        await query.answer(t("nearby-gone"), show_alert=True)
        return
    await query.answer()
    await bot.send_venue(query.from_user.id, found.latitude, found.longitude, found.name[:255],
                         found.address[:255])


NOT_COMMAND = ~F.text.startswith("/")

NEARBY: Conversation[NearbyDraft] = Conversation("nearby", NearbyDraft, [
    Step("product", ask_product, when=lambda draft: not draft.gtin, answers=[
        typed(name_typed, F.text, NOT_COMMAND), pressed(product_picked, NearbyStep.filter(F.action == "pick"))]),
    Step("place", ask_place, answers=[
        typed(location_shared, F.location), typed(district_typed, F.text, NOT_COMMAND)]),
], keyboard="reply", cancelled="nearby-cancelled")


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="nearby")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(NEARBY.middleware())
    router.callback_query.middleware(NEARBY.middleware())
    router.message.register(find, Command("find"))
    router.callback_query.register(from_card, CardButton("nearby"))
    router.message.register(from_card, CardButton("nearby"))  # from the Mini App
    router.callback_query.register(turn_page, NearbyPage.filter())
    router.callback_query.register(open_venue, NearbyVenue.filter())
    router.message.register(cancel, NEARBY.at(), Pressed("nearby-button-cancel", "cancel"))
    NEARBY.register(router)  # each step's answers
    return router
