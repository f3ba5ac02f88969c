"""The complaint conversation: one question at a time, with a way back and a way out, then a summary to confirm.

It starts from an answer card ("the price was higher", "a problem with this pack") or from /complaint.
Its questions are the step table COMPLAINT (handlers/conversation.py); what they show is
handlers/cards/complaint.py. The draft lives in the conversation storage, so a restart in the middle
loses nothing; photos are downloaded, stripped of EXIF and stored only when the citizen confirms. A
draft left alone expires (COMPLAINT_DRAFT_TTL_MINUTES), and a pack code sent in the middle of one is
not taken as an answer before the citizen says whether it belongs to the complaint or is a pack to check.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from aiogram import BaseMiddleware, Bot, F, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove, TelegramObject

from complaints.draft import REPORT_KINDS, ComplaintDraft, PhotoRef, is_complete, product_to_dict
from complaints.images import CleanImage, ImageRefused, clean_image
from complaints.money import PriceError, parse_price
from complaints.outbox import ring
from complaints.prefill import facts_from_check, facts_from_result, search_products
from complaints.service import ComplaintError, PhotoIn, create_complaint, last_answers, user_complaints
from core.clock import Clock, today_for, utcnow
from core.db import DB_DOWN, Database
from core.i18n import Translate, Translator
from core.languages import LANGUAGES
from core.users import UserInfo
from handlers.callbacks import ComplaintStep
from handlers.card_buttons import CardButton, CardPress
from handlers.cards import complaint as cards
from handlers.check import read_image, send_card, verify_again
from handlers.conversation import DRAFT, TOUCHED, Ask, Conversation, Step, Talk, back, cancel, pressed, typed
from handlers.downloads import MAX_DOWNLOAD, Downloads, DownloadsBusy, FileTooBig, is_image
from register.normalize import search_key
from verification.decoder_pool import DecoderBusy, DecoderPool, DecodeTimeout
from verification.gs1 import CodeError, parse_code
from verification.history import record_check
from verification.service import verify_code

log = logging.getLogger("medcheck.complaint")

PHARMACY_MIN, PHARMACY_MAX = 3, 300
# Conversation data besides the draft: a pack code waiting for the citizen to say whether it belongs
# to the complaint, and a new complaint waiting while another one is open.
PENDING_CODE, PENDING_START = "pending_code", "pending_start"
PACK_PHOTO_STEPS = ("product", "pack")  # the questions a photo of a pack answers


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


SKIP = Pressed("complaint-button-skip", "skip")


# ----------------------------------------------------------------------------- the questions

def _noted(note: str | None, text: str) -> str:
    return f"{note}\n\n{text}" if note else text


def _question(text: str | Callable[[Translate, ComplaintDraft], str], **buttons: bool) -> Ask:
    """A question of one text (a locale key, or rendered from the draft) and its reply keyboard."""

    async def ask(talk: Talk, draft: ComplaintDraft, note: str | None, t: Translate) -> None:
        question = t(text) if isinstance(text, str) else text(t, draft)
        keyboard = cards.reply_keyboard(t, back=talk.step != COMPLAINT.first(draft), **buttons)
        await talk.say(_noted(note, question), keyboard)

    return ask


async def _ask_kind(talk: Talk, draft: ComplaintDraft, note: str | None, t: Translate) -> None:
    question = t("report-ask-kind", product=cards.product_label(t, draft.product))
    await talk.say(_noted(note, question), cards.kinds_keyboard(t))


async def _ask_confirm(talk: Talk, draft: ComplaintDraft, note: str | None, t: Translate) -> None:
    await talk.say(_noted(note, t("complaint-review")), ReplyKeyboardRemove())
    await talk.say(cards.summary_card(t, draft), cards.confirm_keyboard(t))


class DraftExpiry(BaseMiddleware):
    """A draft untouched for `ttl` is dropped when its author's next update arrives, and they are told once.

    Runs after the conversation state is loaded and before routing, so that update is handled as if
    no complaint were open.
    """

    def __init__(self, ttl: timedelta) -> None:
        self.ttl = ttl

    async def __call__(self, handler: Callable, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        if state is not None and data.get("raw_state") in COMPLAINT:
            stored = await state.get_data()
            if TOUCHED not in stored:  # a draft saved before drafts expired: its time starts now
                await state.update_data({TOUCHED: utcnow().isoformat()})
            elif utcnow() - datetime.fromisoformat(stored[TOUCHED]) > self.ttl:
                await state.clear()
                data["raw_state"] = None
                t: Translate = data["t"]
                product = cards.product_label(t, ComplaintDraft.from_dict(stored.get(DRAFT) or {}).product)
                await data["bot"].send_message(
                    state.key.chat_id, t("complaint-draft-expired", product=product,
                                         minutes=int(self.ttl.total_seconds() // 60)),
                    reply_markup=ReplyKeyboardRemove())
        return await handler(event, data)


async def _discard(talk: Talk, t: Translate) -> None:
    """Drop the open draft and say so (its reply keyboard goes with it)."""
    draft = await talk.draft()
    await talk.end()
    await talk.say(t("complaint-discarded", product=cards.product_label(t, draft.product)), ReplyKeyboardRemove())


# ----------------------------------------------------------------------------- entry points

async def from_card(_event: TelegramObject, press: CardPress, db: Database, user: UserInfo, talk: Talk,
                    t: Translate, lang: str, clock: Clock | None = None) -> None:
    """A button under an answer card: the product and its cap come from that check, verified again now."""
    today = today_for(lang, clock)
    facts = await facts_from_check(db, user.id, press.check_id, today)
    if facts is None:
        await press.refuse(t("complaint-check-missing"))
        return
    await press.taken()
    draft = ComplaintDraft.for_report(facts) if press.action == "report" else ComplaintDraft.for_price(facts)
    await _start(talk, db, draft, t)


async def start_complaint(message: Message, command: CommandObject, db: Database, talk: Talk, t: Translate) -> None:
    """/complaint, or /complaint NAME to search at once."""
    await _start(talk, db, ComplaintDraft.for_price(), t, (command.args or "").strip())


async def _start(talk: Talk, db: Database, draft: ComplaintDraft, t: Translate, search: str = "") -> None:
    """Begin `draft`; while another complaint is open, first ask which of the two to go on with."""
    if talk.is_open:
        await talk.state.update_data({PENDING_START: {"draft": draft.to_dict(), "search": search}})
        product = cards.product_label(t, (await talk.draft()).product)
        await talk.say(t("complaint-open-other", product=product),
                       cards.choices(t, "open", ("complaint-button-continue", "continue"),
                                     ("complaint-button-start-new", "new")))
        return
    if not search:
        await talk.begin(draft)
        return
    await talk.begin(draft, ask=False)
    await _search(talk, search, db, draft, t)


async def _pending_question(query: CallbackQuery, talk: Talk, key: str, t: Translate) -> dict | None:
    """What the question this button answers was about, its buttons gone; None (and said) if it expired."""
    pending = (await talk.state.get_data()).get(key)
    if pending is None:
        await query.answer(t("complaint-expired"), show_alert=True)
        return None
    await query.answer()
    await talk.drop_buttons()
    return pending


async def open_chosen(query: CallbackQuery, callback_data: ComplaintStep, db: Database, talk: Talk,
                      t: Translate) -> None:
    """The answer to "go on with the open complaint, or start the new one?"."""
    pending = await _pending_question(query, talk, PENDING_START, t)
    if pending is None:
        return
    if callback_data.value == "new":
        await _discard(talk, t)
        await _start(talk, db, ComplaintDraft.from_dict(pending["draft"]), t, pending["search"])
        return
    await talk.state.update_data({PENDING_START: None})
    await talk.again()


async def list_complaints(message: Message, db: Database, user: UserInfo, t: Translate, lang: str) -> None:
    views = await user_complaints(db, user.id)
    answers = await last_answers(db, [v.id for v in views])
    await message.answer(cards.my_complaints_card(t, views, answers, lang))


async def nothing_to_cancel(message: Message, state: FSMContext, t: Translate) -> None:
    await state.clear()  # whatever conversation is left (one the user can no longer reach) ends too
    await message.answer(t("complaint-nothing-to-cancel"))


# ----------------------------------------------------------------------------- a pack code in the middle

class PackCodeSent(Filter):
    """A pack code where the question asks for something else: typed, or on a photo outside PACK_PHOTO_STEPS.

    Passes `codes` (element strings) and `photo` (the image, when the code came on one) to the handler.
    """

    async def __call__(self, message: Message, bot: Bot, decoder: DecoderPool, downloads: Downloads,
                       raw_state: str | None = None) -> bool | dict[str, Any]:
        step = COMPLAINT.step_of(raw_state)
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


async def pack_code_sent(message: Message, codes: list[str], photo: PhotoRef | None, talk: Talk,
                         t: Translate) -> None:
    """Ask whether the code belongs to the complaint or is a pack to check (which discards the draft)."""
    await talk.state.update_data({PENDING_CODE: {"codes": codes, "photo": asdict(photo) if photo else None}})
    product = cards.product_label(t, (await talk.draft()).product)
    check = ("complaint-button-check-pack", "check")
    if photo is not None and talk.step == "receipt":
        await talk.say(t("complaint-code-or-receipt", product=product),
                       cards.choices(t, "code", check, ("complaint-button-is-receipt", "receipt")))
    else:
        await talk.say(t("complaint-code-or-complaint", product=product),
                       cards.choices(t, "code", check, ("complaint-button-go-on", "go_on")))


async def pack_code_chosen(query: CallbackQuery, callback_data: ComplaintStep, db: Database, user: UserInfo,
                           talk: Talk, t: Translate, lang: str, clock: Clock | None = None) -> None:
    pending = await _pending_question(query, talk, PENDING_CODE, t)
    if pending is None:
        return
    if callback_data.value == "check":
        await _discard(talk, t)
        for code_text in pending["codes"]:
            result = await verify_again(db, code_text, lang=lang, clock=clock)
            await send_card(talk.bot, talk.chat_id, result, await record_check(db, user.id, result), t=t, lang=lang,
                            today=today_for(lang, clock))
        return
    await talk.state.update_data({PENDING_CODE: None})
    draft = await talk.draft()
    if callback_data.value == "receipt" and talk.step == "receipt" and pending["photo"]:
        draft.receipt = PhotoRef(**pending["photo"])
        await talk.advance(draft)
        return
    await talk.ask(talk.step, draft)


# ----------------------------------------------------------------------------- the medicine (/complaint)

async def product_by_name(message: Message, db: Database, talk: Talk, t: Translate) -> None:
    await _search(talk, message.text.strip(), db, await talk.draft(), t)


async def _search(talk: Talk, query: str, db: Database, draft: ComplaintDraft, t: Translate) -> None:
    if len(query) < 2 or query.startswith("/"):
        await talk.say(t("complaint-product-bad"))
        return
    found = await search_products(db, query)
    if not found:
        await talk.say(t("complaint-product-not-found", query=query[:100]))
        return
    draft.matches = [product_to_dict(f) for f in found]
    await talk.save(draft)
    await talk.say(t("complaint-product-pick"), cards.picks_keyboard(t, found))


async def product_picked(query: CallbackQuery, callback_data: ComplaintStep, talk: Talk, t: Translate) -> None:
    draft = await talk.draft()
    facts = draft.match(int(callback_data.value)) if callback_data.value.isdigit() else None
    if facts is None:
        await query.answer(t("complaint-expired"), show_alert=True)
        return
    await query.answer()
    await talk.drop_buttons()
    draft.product, draft.matches = facts, []
    await talk.advance(draft)


async def product_by_photo(message: Message, bot: Bot, db: Database, decoder: DecoderPool, downloads: Downloads,
                           talk: Talk, t: Translate, lang: str, clock: Clock | None = None) -> None:
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
    draft = await talk.draft()
    draft.product, draft.matches = facts, []
    await talk.advance(draft)


async def product_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-product-bad"))


# ----------------------------------------------------------------------------- report kind

async def kind_chosen(query: CallbackQuery, callback_data: ComplaintStep, talk: Talk, t: Translate) -> None:
    if callback_data.value not in REPORT_KINDS:
        await query.answer(t("complaint-expired"), show_alert=True)
        return
    await query.answer()
    await talk.drop_buttons()
    await talk.answered(kind=callback_data.value)


async def kind_other(message: Message, t: Translate) -> None:
    await message.answer(t("report-kind-bad"), reply_markup=cards.kinds_keyboard(t))


# ----------------------------------------------------------------------------- price

async def price(message: Message, talk: Talk, t: Translate) -> None:
    try:
        paid = parse_price(message.text)
    except PriceError as exc:
        await message.answer(t(f"complaint-price-{exc.reason.replace('_', '-')}"))
        return
    await talk.answered(price_paid=paid)


async def price_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-price-not-a-number"))


# ----------------------------------------------------------------------------- pharmacy

async def pharmacy_location(message: Message, talk: Talk) -> None:
    draft = await talk.draft()
    draft.latitude, draft.longitude = message.location.latitude, message.location.longitude
    if message.venue:  # a place picked from the map carries its name and address
        draft.pharmacy = f"{message.venue.title}, {message.venue.address}"[:PHARMACY_MAX]
    await talk.advance(draft)


async def pharmacy_text(message: Message, talk: Talk, t: Translate) -> None:
    text = " ".join(message.text.split())
    if text.startswith("/") or not PHARMACY_MIN <= len(text) <= PHARMACY_MAX:
        await message.answer(t("complaint-pharmacy-bad"))
        return
    draft = await talk.draft()
    draft.pharmacy, draft.latitude, draft.longitude = text, None, None
    await talk.advance(draft)


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


async def receipt(message: Message, bot: Bot, decoder: DecoderPool, downloads: Downloads, talk: Talk,
                  t: Translate) -> None:
    ref = await _photo_ref(message, bot, decoder, downloads, t)
    if ref is None:
        return
    await talk.answered(receipt=ref)


async def receipt_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-receipt-bad"))


async def pack_skipped(message: Message, talk: Talk) -> None:
    await talk.answered(pack=None)


async def pack(message: Message, bot: Bot, decoder: DecoderPool, downloads: Downloads, talk: Talk,
               t: Translate) -> None:
    ref = await _photo_ref(message, bot, decoder, downloads, t)
    if ref is None:
        return
    await talk.answered(pack=ref)


async def pack_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-pack-bad"))


# ----------------------------------------------------------------------------- phone

async def phone(message: Message, talk: Talk, t: Translate) -> None:
    contact = message.contact
    if contact.user_id != message.from_user.id:  # only the citizen's own number, shared by the button
        await message.answer(t("complaint-phone-not-yours"))
        return
    await talk.answered(phone=contact.phone_number[:32])


async def phone_skipped(message: Message, talk: Talk) -> None:
    await talk.answered(phone=None)


async def phone_other(message: Message, t: Translate) -> None:
    await message.answer(t("complaint-phone-bad"))


# ----------------------------------------------------------------------------- confirmation

async def send(query: CallbackQuery, bot: Bot, db: Database, decoder: DecoderPool, downloads: Downloads,
               user: UserInfo, talk: Talk, t: Translate) -> None:
    """Stored first (complaint, photos, their bytes and the receipt owed to the citizen in one transaction).

    The desk job sends the receipt ("Complaint No. N received"), so a crash right after storing
    loses nothing; Send pressed again after such a crash finds the stored complaint, not a second one.
    """
    draft = await talk.draft()
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
            await talk.ask(role, draft, note=t("complaint-photo-again"))
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
    await talk.end()
    await query.answer()
    await talk.drop_buttons()


async def confirm_other(message: Message, talk: Talk, t: Translate) -> None:
    await message.answer(t("complaint-confirm-bad"))
    await message.answer(cards.summary_card(t, await talk.draft()), reply_markup=cards.confirm_keyboard(t))


async def stale_button(query: CallbackQuery, t: Translate) -> None:
    """A button of a conversation that is over (sent, cancelled, or moved past)."""
    await query.answer(t("complaint-expired"), show_alert=True)


# ----------------------------------------------------------------------------- the conversation

def _button(action: str) -> CallbackQueryFilter:
    return ComplaintStep.filter(F.action == action)


PHOTO = F.photo | F.document

COMPLAINT: Conversation[ComplaintDraft] = Conversation("complaint", ComplaintDraft, [
    Step("product", _question("complaint-ask-product"), when=lambda draft: draft.from_search, answers=[
        typed(product_by_name, F.text), pressed(product_picked, _button("pick")), typed(product_by_photo, PHOTO),
        typed(product_other)]),
    Step("report_kind", _ask_kind, when=lambda draft: draft.report, answers=[
        pressed(kind_chosen, _button("kind")), typed(kind_other)]),
    Step("price", _question(cards.price_question), when=lambda draft: not draft.report, answers=[
        typed(price, F.text), typed(price_other)]),
    Step("pharmacy", _question("complaint-ask-pharmacy", location=True), answers=[
        typed(pharmacy_location, F.location), typed(pharmacy_text, F.text), typed(pharmacy_other)]),
    Step("receipt", _question("complaint-ask-receipt"), answers=[
        typed(receipt, PHOTO), typed(receipt_other)]),
    Step("pack", _question("complaint-ask-pack", skip=True), answers=[
        typed(pack_skipped, SKIP), typed(pack, PHOTO), typed(pack_other)]),
    Step("phone", _question("complaint-ask-phone", contact=True, skip=True), answers=[
        typed(phone, F.contact), typed(phone_skipped, SKIP), typed(phone_other)]),
    Step("confirm", _ask_confirm, answers=[
        pressed(send, _button("send")), typed(confirm_other)]),
], keyboard="reply", cancelled="complaint-cancelled")


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="complaint")
    router.message.filter(F.chat.type == "private")
    router.message.middleware(COMPLAINT.middleware())
    router.callback_query.middleware(COMPLAINT.middleware())
    router.callback_query.register(from_card, CardButton("complain", "report"))
    router.message.register(from_card, CardButton("complain", "report"))  # from the Mini App
    router.message.register(start_complaint, Command("complaint"))
    router.callback_query.register(open_chosen, _button("open"), COMPLAINT.at())
    router.message.register(list_complaints, Command("complaints"))
    router.message.register(cancel, COMPLAINT.at(), Pressed("complaint-button-cancel", "cancel"))
    router.message.register(nothing_to_cancel, Command("cancel"))
    router.message.register(back, COMPLAINT.at(), Pressed("complaint-button-back", "back"))
    router.callback_query.register(cancel, _button("cancel"), COMPLAINT.at())
    router.callback_query.register(back, _button("back"), COMPLAINT.at())
    router.message.register(pack_code_sent, COMPLAINT.at(), PackCodeSent())
    router.callback_query.register(pack_code_chosen, _button("code"), COMPLAINT.at())
    COMPLAINT.register(router)  # each step's answers
    router.callback_query.register(stale_button, ComplaintStep.filter())
    return router
