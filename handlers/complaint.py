"""The complaint conversation: one question at a time, with a way back and a way out, then a summary to confirm.

It starts from an answer card ("the price was higher", "a problem with this pack") or from /complaint.
The draft lives in the conversation storage, so a restart in the middle loses nothing; photos are
downloaded, stripped of EXIF and stored only when the citizen confirms. A draft left alone expires
(COMPLAINT_DRAFT_TTL_MINUTES), and a pack code sent in the middle of one is not taken as an answer
before the citizen says whether it belongs to the complaint or is a pack to check.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    TelegramObject,
)

from complaints.draft import (
    REPORT_KINDS,
    Draft,
    PhotoRef,
    ProductFacts,
    first_step,
    is_complete,
    next_step,
    previous_step,
    product_to_dict,
    steps,
)
from complaints.images import CleanImage, ImageRefused, clean_image
from complaints.money import PriceError, compute_excess, parse_price
from complaints.outbox import ring
from complaints.prefill import facts_from_check, facts_from_result, search_products
from complaints.service import ComplaintError, ComplaintView, PhotoIn, create_complaint, last_answers, user_complaints
from core.clock import Clock, today_for, utcnow
from core.db import DB_DOWN, Database
from core.i18n import Translate, Translator
from core.languages import LANGUAGES, zone_for
from core.users import UserInfo
from handlers.callbacks import CheckAction, ComplaintStep
from handlers.check import read_image, send_card, verify_again
from handlers.downloads import MAX_DOWNLOAD, Downloads, DownloadsBusy, FileTooBig, is_image
from register.normalize import search_key
from verification.decoder_pool import DecoderBusy, DecoderPool, DecodeTimeout
from verification.gs1 import CodeError, parse_code
from verification.history import record_check
from verification.service import verify_code

log = logging.getLogger("medcheck.complaint")

PHARMACY_MIN, PHARMACY_MAX = 3, 300
LIST_LIMIT = 3800  # /complaints stays one message (Telegram allows 4096)
# Conversation data besides the draft: when it was last saved, a pack code waiting for the citizen to say
# whether it belongs to the complaint, and a new complaint waiting while another one is open.
TOUCHED, PENDING_CODE, PENDING_START = "touched", "pending_code", "pending_start"
PACK_PHOTO_STEPS = ("product", "pack")  # the questions a photo of a pack answers


class Step(StatesGroup):
    product = State()
    report_kind = State()
    price = State()
    pharmacy = State()
    receipt = State()
    pack = State()
    phone = State()
    confirm = State()


STATES = {name: getattr(Step, name) for name in ("product", "report_kind", "price", "pharmacy", "receipt",
                                                   "pack", "phone", "confirm")}


class Pressed(Filter):
    """The user pressed one of our reply-keyboard buttons, typed its word ("skip", "ПРОПУСТИТЬ") or /command.

    Labels of every language match: Telegram may change the user's language between two questions,
    and the keyboard on their screen still shows the old labels.
    """

    def __init__(self, key: str, command: str | None = None) -> None:
        self.key, self.command = key, command

    async def __call__(self, message: Message, i18n: Translator) -> bool:
        text = (message.text or "").strip()
        if not text:
            return False
        if self.command and text.split("@")[0].lower() == "/" + self.command:
            return True
        typed = _words(text)
        return bool(typed) and any(typed == _words(i18n(lang, self.key)) for lang in LANGUAGES)


def _words(label: str) -> str:
    """A label as people type it: any case, no emoji or arrows, any apostrophe ("Oʻtkazib" = "o'tkazib")."""
    folded = search_key(label).replace("'", "")
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


# ----------------------------------------------------------------------------- the draft and the questions

async def _draft(state: FSMContext) -> Draft:
    return Draft.from_dict((await state.get_data()).get("draft") or {})


async def _save(state: FSMContext, draft: Draft) -> None:
    await state.update_data({"draft": draft.to_dict(), TOUCHED: utcnow().isoformat()})


async def _step(state: FSMContext) -> str:
    return (await state.get_state() or "").split(":")[-1]


class DraftExpiry(BaseMiddleware):
    """A draft untouched for `ttl` is dropped when its author's next update arrives, and they are told once.

    Runs after the conversation state is loaded and before routing, so that update is handled as if
    no complaint were open.
    """

    def __init__(self, ttl: timedelta) -> None:
        self.ttl = ttl

    async def __call__(self, handler: Callable, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        if state is not None and data.get("raw_state") in Step:
            stored = await state.get_data()
            if TOUCHED not in stored:  # a draft saved before drafts expired: its time starts now
                await state.update_data({TOUCHED: utcnow().isoformat()})
            elif utcnow() - datetime.fromisoformat(stored[TOUCHED]) > self.ttl:
                await state.clear()
                data["raw_state"] = None
                t: Translate = data["t"]
                product = _product_label(t, Draft.from_dict(stored.get("draft") or {}).product)
                await data["bot"].send_message(
                    state.key.chat_id, t("complaint-draft-expired", product=product,
                                         minutes=int(self.ttl.total_seconds() // 60)),
                    reply_markup=ReplyKeyboardRemove())
        return await handler(event, data)


async def _discard(bot: Bot, chat_id: int, state: FSMContext, t: Translate) -> None:
    """Drop the open draft and say so (its reply keyboard goes with it)."""
    draft = await _draft(state)
    await state.clear()
    await bot.send_message(chat_id, t("complaint-discarded", product=_product_label(t, draft.product)),
                           reply_markup=ReplyKeyboardRemove())


async def ask(bot: Bot, chat_id: int, step: str, draft: Draft, state: FSMContext, t: Translate,
              lang: str, note: str | None = None) -> None:
    """Move to `step` and ask its question (after `note`, e.g. why the last answer was refused)."""
    await state.set_state(STATES[step])
    await _save(state, draft)
    prefix = f"{note}\n\n" if note else ""
    if step == "confirm":
        await bot.send_message(chat_id, prefix + t("complaint-review"), reply_markup=ReplyKeyboardRemove())
        await bot.send_message(chat_id, summary_card(t, draft), reply_markup=_confirm_keyboard(t))
    elif step == "report_kind":
        await bot.send_message(chat_id, prefix + t("report-ask-kind", product=_product_label(t, draft.product)),
                               reply_markup=_kinds_keyboard(t))
    else:
        await bot.send_message(chat_id, prefix + _question(t, step, draft), reply_markup=_reply_keyboard(t, step, draft))


def _question(t: Translate, step: str, draft: Draft) -> str:
    if step == "price":
        product = draft.product
        if product and product.max_price is not None:
            return t("complaint-ask-price-cap", product=_product_label(t, product),
                     cap=product.max_price, currency=_currency(t, product.currency))
        return t("complaint-ask-price", product=_product_label(t, product))
    return t(f"complaint-ask-{step}")


def _reply_keyboard(t: Translate, step: str, draft: Draft) -> ReplyKeyboardMarkup:
    rows: list[list[KeyboardButton]] = []
    if step == "pharmacy":
        rows.append([KeyboardButton(text=t("complaint-button-location"), request_location=True)])
    elif step == "phone":
        rows.append([KeyboardButton(text=t("complaint-button-contact"), request_contact=True)])
    if step in ("pack", "phone"):
        rows.append([KeyboardButton(text=t("complaint-button-skip"))])
    nav = [KeyboardButton(text=t("complaint-button-back"))] if steps(draft).index(step) > 0 else []
    rows.append(nav + [KeyboardButton(text=t("complaint-button-cancel"))])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def _kinds_keyboard(t: Translate) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(text=t(f"complaint-kind-{kind}"), callback_data=ComplaintStep(action="kind", value=kind).pack())]
            for kind in REPORT_KINDS]
    rows.append([InlineKeyboardButton(text=t("complaint-button-cancel"), callback_data=ComplaintStep(action="cancel").pack())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _choices(t: Translate, action: str, *choices: tuple[str, str]) -> InlineKeyboardMarkup:
    """One button a row, each a (label key, value) of the same action."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=t(key), callback_data=ComplaintStep(action=action, value=value).pack())]
        for key, value in choices])


def _confirm_keyboard(t: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=t("complaint-button-send"), callback_data=ComplaintStep(action="send").pack())],
        [InlineKeyboardButton(text=t("complaint-button-back"), callback_data=ComplaintStep(action="back").pack()),
         InlineKeyboardButton(text=t("complaint-button-cancel"), callback_data=ComplaintStep(action="cancel").pack())],
    ])


async def _advance(message: Message, bot: Bot, step: str, draft: Draft, state: FSMContext, t: Translate,
                   lang: str) -> None:
    await ask(bot, message.chat.id, next_step(draft, step), draft, state, t, lang)


# ----------------------------------------------------------------------------- rendering

def _currency(t: Translate, code: str | None) -> str:
    return t(f"currency-{code}") if code in ("UZS", "KGS") else (code or "")


def _product_label(t: Translate, product: ProductFacts | None) -> str:
    if product is None:
        return t("complaint-product-unknown")
    return product.name or (f"GTIN {product.gtin}" if product.gtin else t("complaint-product-unknown"))


def excess_line(t: Translate, paid, cap, currency: str | None) -> str:
    """How the price paid compares with the cap, in one sentence."""
    excess = compute_excess(paid, cap)
    money = _currency(t, currency)
    if excess.verdict == "over_cap":
        return t("complaint-excess-over", excess=excess.amount, percent=str(excess.percent), cap=cap, currency=money)
    if excess.verdict == "within_cap":
        return t("complaint-excess-within", cap=cap, currency=money)
    return t("complaint-excess-unknown")


def summary_card(t: Translate, draft: Draft) -> str:
    """Everything the citizen is about to send, to check before confirming."""
    product = draft.product
    lines = [t("complaint-summary-title", kind=t(f"complaint-kind-{draft.kind}")),
             t("complaint-summary-product", product=_product_label(t, product))]
    if product and product.batch:
        lines.append(t("complaint-summary-batch", batch=product.batch))
    if draft.price_paid is not None:
        currency = product.currency if product else None
        lines.append(t("complaint-summary-price", paid=draft.price_paid, currency=_currency(t, currency)))
        lines.append(excess_line(t, draft.price_paid, product.max_price if product else None, currency))
    lines.append(_pharmacy_line(t, draft.pharmacy, draft.latitude, draft.longitude))
    lines.append(t("complaint-summary-photos", count=1 + (draft.pack is not None)))
    lines.append(t("complaint-summary-phone", phone=draft.phone) if draft.phone else t("complaint-summary-no-phone"))
    return "\n".join(lines)


def _pharmacy_line(t: Translate, pharmacy: str | None, lat: float | None, lon: float | None) -> str:
    if pharmacy:
        return t("complaint-summary-pharmacy", pharmacy=pharmacy)
    return t("complaint-summary-location", lat=f"{lat:.5f}", lon=f"{lon:.5f}")


def accepted_card(t: Translate, view: ComplaintView) -> str:
    """The receipt the desk job sends once the complaint is stored."""
    lines = [t("complaint-accepted", id=view.id)]
    if view.price_paid is not None:
        lines.append(excess_line(t, view.price_paid, view.max_price, view.currency))
        if view.price_verdict == "within_cap":
            lines.append(t("complaint-accepted-within"))
    lines.append(t("complaint-accepted-next"))
    return "\n\n".join(lines)


def my_complaints_card(t: Translate, views: list[ComplaintView], answers: dict[int, str], lang: str) -> str:
    """The user's complaints with their status and the latest answer, kept within one message."""
    if not views:
        return t("complaints-none")
    zone = zone_for(lang)
    parts = [t("complaints-title")]
    for view in views:
        item = t("complaints-item", id=view.id, date=view.created_at.astimezone(zone).strftime("%d.%m.%Y"),
                 kind=t(f"complaint-kind-{view.kind}"), product=_product_label_view(t, view)[:120],
                 status=t(f"complaint-status-{view.status}"))
        if view.id in answers:
            answer = answers[view.id]
            item += "\n" + t("complaints-item-answer", answer=answer if len(answer) <= 200 else answer[:199] + "…")
        if sum(len(p) + 2 for p in parts) + len(item) > LIST_LIMIT:
            break
        parts.append(item)
    return "\n\n".join(parts)


def _product_label_view(t: Translate, view: ComplaintView) -> str:
    return view.product_name or (f"GTIN {view.gtin}" if view.gtin else t("complaint-product-unknown"))


# ----------------------------------------------------------------------------- entry points

async def from_card(query: CallbackQuery, callback_data: CheckAction, bot: Bot, db: Database, user: UserInfo,
                    state: FSMContext, t: Translate, lang: str, clock: Clock | None = None) -> None:
    """A button under an answer card: the product and its cap come from that check, verified again now."""
    today = today_for(lang, clock)
    facts = await facts_from_check(db, user.id, callback_data.check_id, today)
    if facts is None:
        await query.answer(t("complaint-check-missing"), show_alert=True)
        return
    await query.answer()
    draft = Draft.for_report(facts) if callback_data.action == "report" else Draft.for_price(facts)
    await _start(bot, query.from_user.id, db, draft, state, t, lang)


async def start_complaint(message: Message, command: CommandObject, bot: Bot, db: Database, state: FSMContext,
                          t: Translate, lang: str) -> None:
    """/complaint, or /complaint NAME to search at once."""
    await _start(bot, message.chat.id, db, Draft.for_price(), state, t, lang, (command.args or "").strip())


async def _start(bot: Bot, chat_id: int, db: Database, draft: Draft, state: FSMContext, t: Translate, lang: str,
                 search: str = "") -> None:
    """Begin `draft`; while another complaint is open, first ask which of the two to go on with."""
    if await state.get_state() in Step:
        await state.update_data({PENDING_START: {"draft": draft.to_dict(), "search": search}})
        open_draft = await _draft(state)
        await bot.send_message(chat_id, t("complaint-open-other", product=_product_label(t, open_draft.product)),
                               reply_markup=_choices(t, "open", ("complaint-button-continue", "continue"),
                                                     ("complaint-button-start-new", "new")))
        return
    await state.set_data({})
    if search:
        await state.set_state(Step.product)
        await _save(state, draft)
        await _search(bot, chat_id, search, db, draft, state, t)
        return
    await ask(bot, chat_id, first_step(draft), draft, state, t, lang)


async def open_chosen(query: CallbackQuery, callback_data: ComplaintStep, bot: Bot, db: Database, state: FSMContext,
                      t: Translate, lang: str) -> None:
    """The answer to "go on with the open complaint, or start the new one?"."""
    pending = (await state.get_data()).get(PENDING_START)
    if pending is None:
        await query.answer(t("complaint-expired"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(query)
    chat_id = query.from_user.id
    if callback_data.value == "new":
        await _discard(bot, chat_id, state, t)
        await _start(bot, chat_id, db, Draft.from_dict(pending["draft"]), state, t, lang, pending["search"])
        return
    await state.update_data({PENDING_START: None})
    await ask(bot, chat_id, await _step(state), await _draft(state), state, t, lang)


async def list_complaints(message: Message, db: Database, user: UserInfo, t: Translate, lang: str) -> None:
    views = await user_complaints(db, user.id)
    answers = await last_answers(db, [v.id for v in views])
    await message.answer(my_complaints_card(t, views, answers, lang))


# ----------------------------------------------------------------------------- back and cancel

async def cancel(message: Message, state: FSMContext, t: Translate) -> None:
    await state.clear()
    await message.answer(t("complaint-cancelled"), reply_markup=ReplyKeyboardRemove())


async def nothing_to_cancel(message: Message, state: FSMContext, t: Translate) -> None:
    await state.clear()  # whatever conversation is left (one the user can no longer reach) ends too
    await message.answer(t("complaint-nothing-to-cancel"))


async def back(message: Message, bot: Bot, state: FSMContext, t: Translate, lang: str) -> None:
    draft = await _draft(state)
    current = (await state.get_state() or "").split(":")[-1]
    await ask(bot, message.chat.id, previous_step(draft, current), draft, state, t, lang)


async def cancel_button(query: CallbackQuery, bot: Bot, state: FSMContext, t: Translate) -> None:
    await state.clear()
    await query.answer()
    await _drop_buttons(query)
    await bot.send_message(query.from_user.id, t("complaint-cancelled"), reply_markup=ReplyKeyboardRemove())


async def back_button(query: CallbackQuery, bot: Bot, state: FSMContext, t: Translate, lang: str) -> None:
    draft = await _draft(state)
    current = (await state.get_state() or "").split(":")[-1]
    await query.answer()
    await _drop_buttons(query)
    await ask(bot, query.from_user.id, previous_step(draft, current), draft, state, t, lang)


# ----------------------------------------------------------------------------- a pack code in the middle

class PackCodeSent(Filter):
    """A pack code where the question asks for something else: typed, or on a photo outside PACK_PHOTO_STEPS.

    Passes `codes` (element strings) and `photo` (the image, when the code came on one) to the handler.
    """

    async def __call__(self, message: Message, bot: Bot, decoder: DecoderPool, downloads: Downloads,
                       raw_state: str | None = None) -> bool | dict[str, Any]:
        step = (raw_state or "").split(":")[-1]
        if message.text:
            try:
                code = parse_code(message.text)
            except CodeError:
                return False
            if step == "price" and _is_price(message.text):
                return False  # eight digits can be both a price and a GTIN-8: the question wins
            return {"codes": [code.element_string], "photo": None}
        if step in PACK_PHOTO_STEPS:
            return False
        doc = message.document
        if message.photo:
            photo = PhotoRef(message.photo[-1].file_id, message.photo[-1].file_unique_id)
        elif doc and is_image(doc) and (doc.file_size or 0) <= MAX_DOWNLOAD:
            photo = PhotoRef(doc.file_id, doc.file_unique_id, is_document=True)
        else:
            return False
        reading = await read_image(bot, decoder, downloads, message)
        codes = [code.element_string for code in reading.codes if code.is_pack]
        return {"codes": codes, "photo": photo} if codes else False


def _is_price(text: str) -> bool:
    try:
        parse_price(text)
    except PriceError:
        return False
    return True


async def pack_code_sent(message: Message, codes: list[str], photo: PhotoRef | None, state: FSMContext,
                         t: Translate) -> None:
    """Ask whether the code belongs to the complaint or is a pack to check (which discards the draft)."""
    await state.update_data({PENDING_CODE: {"codes": codes, "photo": asdict(photo) if photo else None}})
    product = _product_label(t, (await _draft(state)).product)
    check = ("complaint-button-check-pack", "check")
    if photo is not None and await _step(state) == "receipt":
        await message.answer(t("complaint-code-or-receipt", product=product),
                             reply_markup=_choices(t, "code", check, ("complaint-button-is-receipt", "receipt")))
    else:
        await message.answer(t("complaint-code-or-complaint", product=product),
                             reply_markup=_choices(t, "code", check, ("complaint-button-go-on", "go_on")))


async def pack_code_chosen(query: CallbackQuery, callback_data: ComplaintStep, bot: Bot, db: Database, user: UserInfo,
                           state: FSMContext, t: Translate, lang: str, clock: Clock | None = None) -> None:
    pending = (await state.get_data()).get(PENDING_CODE)
    if pending is None:
        await query.answer(t("complaint-expired"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(query)
    chat_id = query.from_user.id
    if callback_data.value == "check":
        await _discard(bot, chat_id, state, t)
        for code_text in pending["codes"]:
            result = await verify_again(db, code_text, lang=lang, clock=clock)
            await send_card(bot, chat_id, result, await record_check(db, user.id, result), t=t, lang=lang)
        return
    await state.update_data({PENDING_CODE: None})
    draft, step = await _draft(state), await _step(state)
    if callback_data.value == "receipt" and step == "receipt" and pending["photo"]:
        draft.receipt = PhotoRef(**pending["photo"])
        step = next_step(draft, step)
    await ask(bot, chat_id, step, draft, state, t, lang)


# ----------------------------------------------------------------------------- the medicine (/complaint)

async def product_by_name(message: Message, bot: Bot, db: Database, state: FSMContext, t: Translate) -> None:
    await _search(bot, message.chat.id, message.text.strip(), db, await _draft(state), state, t)


async def _search(bot: Bot, chat_id: int, query: str, db: Database, draft: Draft, state: FSMContext,
                  t: Translate) -> None:
    if len(query) < 2 or query.startswith("/"):
        await bot.send_message(chat_id, t("complaint-product-bad"))
        return
    found = await search_products(db, query)
    if not found:
        await bot.send_message(chat_id, t("complaint-product-not-found", query=query[:100]))
        return
    draft.matches = [product_to_dict(f) for f in found]
    await _save(state, draft)
    rows = [[InlineKeyboardButton(text=_pick_label(t, f)[:64], callback_data=ComplaintStep(action="pick", value=str(i)).pack())]
            for i, f in enumerate(found)]
    await bot.send_message(chat_id, t("complaint-product-pick"),
                           reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


def _pick_label(t: Translate, facts: ProductFacts) -> str:
    name = _product_label(t, facts)
    if facts.max_price is None:
        return name
    return f"{name} · ≤ {t('complaint-money', amount=facts.max_price, currency=_currency(t, facts.currency))}"


async def product_picked(query: CallbackQuery, callback_data: ComplaintStep, bot: Bot, state: FSMContext, t: Translate,
                         lang: str) -> None:
    draft = await _draft(state)
    facts = draft.match(int(callback_data.value)) if callback_data.value.isdigit() else None
    if facts is None:
        await query.answer(t("complaint-expired"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(query)
    draft.product, draft.matches = facts, []
    await ask(bot, query.from_user.id, next_step(draft, "product"), draft, state, t, lang)


async def product_by_photo(message: Message, bot: Bot, db: Database, decoder: DecoderPool, downloads: Downloads,
                           state: FSMContext, t: Translate, lang: str, clock: Clock | None = None) -> None:
    """A photo of the pack: its code names the medicine (and its cap) exactly."""
    if message.document and not is_image(message.document):
        await message.answer(t("complaint-not-an-image"))
        return
    reading = await read_image(bot, decoder, downloads, message)
    if reading.error:
        await message.answer(t(reading.error))
        return
    if not reading.codes:
        await message.answer(t("complaint-product-no-code"))
        return
    code = next((c for c in reading.codes if c.is_pack), reading.codes[0])
    today = today_for(lang, clock)
    facts = facts_from_result(await verify_code(db, code, today))
    draft = await _draft(state)
    draft.product, draft.matches = facts, []
    await ask(bot, message.chat.id, next_step(draft, "product"), draft, state, t, lang)


async def product_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-product-bad"))


# ----------------------------------------------------------------------------- report kind

async def kind_chosen(query: CallbackQuery, callback_data: ComplaintStep, bot: Bot, state: FSMContext, t: Translate,
                      lang: str) -> None:
    if callback_data.value not in REPORT_KINDS:
        await query.answer(t("complaint-expired"), show_alert=True)
        return
    await query.answer()
    await _drop_buttons(query)
    draft = await _draft(state)
    draft.kind = callback_data.value
    await ask(bot, query.from_user.id, next_step(draft, "report_kind"), draft, state, t, lang)


async def kind_other(message: Message, t: Translate) -> None:
    await message.answer(t("report-kind-bad"), reply_markup=_kinds_keyboard(t))


# ----------------------------------------------------------------------------- price

async def price(message: Message, bot: Bot, state: FSMContext, t: Translate, lang: str) -> None:
    try:
        paid = parse_price(message.text)
    except PriceError as exc:
        await message.answer(t(f"complaint-price-{exc.reason.replace('_', '-')}"))
        return
    draft = await _draft(state)
    draft.price_paid = paid
    await _advance(message, bot, "price", draft, state, t, lang)


async def price_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-price-not-a-number"))


# ----------------------------------------------------------------------------- pharmacy

async def pharmacy_location(message: Message, bot: Bot, state: FSMContext, t: Translate, lang: str) -> None:
    draft = await _draft(state)
    draft.latitude, draft.longitude = message.location.latitude, message.location.longitude
    if message.venue:  # a place picked from the map carries its name and address
        draft.pharmacy = f"{message.venue.title}, {message.venue.address}"[:PHARMACY_MAX]
    await _advance(message, bot, "pharmacy", draft, state, t, lang)


async def pharmacy_text(message: Message, bot: Bot, state: FSMContext, t: Translate, lang: str) -> None:
    text = " ".join(message.text.split())
    if text.startswith("/") or not PHARMACY_MIN <= len(text) <= PHARMACY_MAX:
        await message.answer(t("complaint-pharmacy-bad"))
        return
    draft = await _draft(state)
    draft.pharmacy, draft.latitude, draft.longitude = text, None, None
    await _advance(message, bot, "pharmacy", draft, state, t, lang)


async def pharmacy_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-pharmacy-bad"))


# ----------------------------------------------------------------------------- receipt and pack photos

class NotKept(Exception):
    """A receipt or pack photo we cannot keep now; `key` is the answer's locale key."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


BUSY = "complaint-busy"  # nothing is wrong with the photo: the user tries again in a moment


async def _clean_copy(bot: Bot, decoder: DecoderPool, downloads: Downloads, file_id: str,
                      size: int | None = None) -> CleanImage:
    """Our clean copy of a photo, re-encoded in a decoder worker (never in this process); raises NotKept."""
    if decoder.full:  # say so before spending a download on it
        raise NotKept(BUSY)
    try:
        async with downloads.fetch(bot, file_id, size) as data:
            return await decoder.run(clean_image, data)
    except (DownloadsBusy, DecoderBusy):
        raise NotKept(BUSY) from None
    except (FileTooBig, DecodeTimeout):  # too slow to re-encode is too large: as a photo, Telegram shrinks it
        raise NotKept("complaint-image-too-large") from None
    except ImageRefused as exc:
        raise NotKept("complaint-image-too-large" if exc.reason == "too_large" else "complaint-not-an-image") from None


async def _photo_ref(message: Message, bot: Bot, decoder: DecoderPool, downloads: Downloads,
                     t: Translate) -> PhotoRef | None:
    """The image in a message as a reference, or None after telling the user what is wrong with it."""
    if message.photo:  # Telegram made it a small JPEG; it is re-encoded with the rest when the complaint is sent
        largest = message.photo[-1]
        return PhotoRef(largest.file_id, largest.file_unique_id)
    doc = message.document
    if doc is None or not is_image(doc):
        await message.answer(t("complaint-not-an-image"))
        return None
    try:
        # A file may be anything: re-encode it now, so that a broken or huge one is refused at this step.
        await _clean_copy(bot, decoder, downloads, doc.file_id, doc.file_size)
    except NotKept as exc:
        await message.answer(t(exc.key))
        return None
    return PhotoRef(doc.file_id, doc.file_unique_id, is_document=True)


async def receipt(message: Message, bot: Bot, decoder: DecoderPool, downloads: Downloads, state: FSMContext,
                  t: Translate, lang: str) -> None:
    ref = await _photo_ref(message, bot, decoder, downloads, t)
    if ref is None:
        return
    draft = await _draft(state)
    draft.receipt = ref
    await _advance(message, bot, "receipt", draft, state, t, lang)


async def receipt_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-receipt-bad"))


async def pack_skipped(message: Message, bot: Bot, state: FSMContext, t: Translate, lang: str) -> None:
    draft = await _draft(state)
    draft.pack = None
    await _advance(message, bot, "pack", draft, state, t, lang)


async def pack(message: Message, bot: Bot, decoder: DecoderPool, downloads: Downloads, state: FSMContext,
               t: Translate, lang: str) -> None:
    ref = await _photo_ref(message, bot, decoder, downloads, t)
    if ref is None:
        return
    draft = await _draft(state)
    draft.pack = ref
    await _advance(message, bot, "pack", draft, state, t, lang)


async def pack_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-pack-bad"))


# ----------------------------------------------------------------------------- phone

async def phone(message: Message, bot: Bot, state: FSMContext, t: Translate, lang: str) -> None:
    contact = message.contact
    if contact.user_id != message.from_user.id:  # only the citizen's own number, shared by the button
        await message.answer(t("complaint-phone-not-yours"))
        return
    draft = await _draft(state)
    draft.phone = contact.phone_number[:32]
    await _advance(message, bot, "phone", draft, state, t, lang)


async def phone_skipped(message: Message, bot: Bot, state: FSMContext, t: Translate, lang: str) -> None:
    draft = await _draft(state)
    draft.phone = None
    await _advance(message, bot, "phone", draft, state, t, lang)


async def phone_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-phone-bad"))


# ----------------------------------------------------------------------------- confirmation

async def send(query: CallbackQuery, bot: Bot, db: Database, decoder: DecoderPool, downloads: Downloads,
               user: UserInfo, state: FSMContext, t: Translate, lang: str) -> None:
    """Stored first (complaint, photos, their bytes and the receipt owed to the citizen in one transaction).

    The desk job sends the receipt ("Complaint No. N received"), so a crash right after storing
    loses nothing; Send pressed again after such a crash finds the stored complaint, not a second one.
    """
    draft = await _draft(state)
    if not is_complete(draft):
        await query.answer(t("complaint-expired"), show_alert=True)
        return
    photos = []
    for role, ref in (("receipt", draft.receipt), ("pack", draft.pack)):
        if ref is None:
            continue
        try:
            image = await _clean_copy(bot, decoder, downloads, ref.file_id)
        except NotKept as exc:
            if exc.key == BUSY:  # the draft stays at the summary: Send works again in a moment
                await query.answer(t("complaint-send-busy"), show_alert=True)
                return
            await query.answer()
            await ask(bot, query.from_user.id, role, draft, state, t, lang, note=t("complaint-photo-again"))
            return
        photos.append(PhotoIn(role, ref.file_id, ref.file_unique_id, image))
    try:
        await create_complaint(db, user.id, draft, photos)
    except ComplaintError:
        await query.answer(t("complaint-expired"), show_alert=True)
        return
    except DB_DOWN:
        log.exception("database failed while storing a complaint")
        await query.answer(t("service-unavailable")[:200], show_alert=True)  # the draft stays: Send again
        return
    ring(db)  # the desk job sends the receipt and posts the complaint to the support chat now
    await state.clear()
    await query.answer()
    await _drop_buttons(query)


async def confirm_other(message: Message, state: FSMContext, t: Translate) -> None:
    await message.answer(t("complaint-confirm-bad"))
    await message.answer(summary_card(t, await _draft(state)), reply_markup=_confirm_keyboard(t))


async def stale_button(query: CallbackQuery, t: Translate) -> None:
    """A button of a conversation that is over (sent, cancelled, or moved past)."""
    await query.answer(t("complaint-expired"), show_alert=True)


# ----------------------------------------------------------------------------- small things

async def _drop_buttons(query: CallbackQuery) -> None:
    if query.message is None or not isinstance(query.message, Message):
        return
    try:
        await query.message.edit_reply_markup(reply_markup=None)
    except TelegramBadRequest:
        pass  # already without buttons


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="complaint")
    router.message.filter(F.chat.type == "private")
    router.callback_query.register(from_card, CheckAction.filter(F.action.in_({"complain", "report"})))
    router.message.register(start_complaint, Command("complaint"))
    router.callback_query.register(open_chosen, ComplaintStep.filter(F.action == "open"), StateFilter(Step))
    router.message.register(list_complaints, Command("complaints"))
    router.message.register(cancel, StateFilter(Step), Pressed("complaint-button-cancel", "cancel"))
    router.message.register(nothing_to_cancel, Command("cancel"))
    router.message.register(back, StateFilter(Step), Pressed("complaint-button-back", "back"))
    router.callback_query.register(cancel_button, ComplaintStep.filter(F.action == "cancel"), StateFilter(Step))
    router.callback_query.register(back_button, ComplaintStep.filter(F.action == "back"), StateFilter(Step))
    router.message.register(pack_code_sent, StateFilter(Step), PackCodeSent())
    router.callback_query.register(pack_code_chosen, ComplaintStep.filter(F.action == "code"), StateFilter(Step))
    router.message.register(product_by_name, Step.product, F.text)
    router.callback_query.register(product_picked, ComplaintStep.filter(F.action == "pick"), Step.product)
    router.message.register(product_by_photo, Step.product, F.photo | F.document)
    router.message.register(product_other, Step.product)
    router.callback_query.register(kind_chosen, ComplaintStep.filter(F.action == "kind"), Step.report_kind)
    router.message.register(kind_other, Step.report_kind)
    router.message.register(price, Step.price, F.text)
    router.message.register(price_other, Step.price)
    router.message.register(pharmacy_location, Step.pharmacy, F.location)
    router.message.register(pharmacy_text, Step.pharmacy, F.text)
    router.message.register(pharmacy_other, Step.pharmacy)
    router.message.register(receipt, Step.receipt, F.photo | F.document)
    router.message.register(receipt_other, Step.receipt)
    router.message.register(pack_skipped, Step.pack, Pressed("complaint-button-skip", "skip"))
    router.message.register(pack, Step.pack, F.photo | F.document)
    router.message.register(pack_other, Step.pack)
    router.message.register(phone, Step.phone, F.contact)
    router.message.register(phone_skipped, Step.phone, Pressed("complaint-button-skip", "skip"))
    router.message.register(phone_other, Step.phone)
    router.callback_query.register(send, ComplaintStep.filter(F.action == "send"), Step.confirm)
    router.message.register(confirm_other, Step.confirm)
    router.callback_query.register(stale_button, ComplaintStep.filter())
    return router
