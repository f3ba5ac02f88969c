"""Recalls in the bot: the operator's /recall conversation, and a citizen's /subscribe and /stop.

/recall (operators and admins): the product (GTIN, name or a photo of the pack) -> the batches (known
ones offered as buttons, others typed, or all) -> reason -> severity -> the notice (one text, plus
one per language if wanted) -> a preview with the number of people it reaches, how long sending
takes, and (when PAID_BROADCAST_MAX_STARS allows) "urgent" by paid broadcast with its cost -> confirm. The steps
are the table RECALL (handlers/conversation.py); what they show is handlers/cards/recall.py. On
confirmation the recall is in force at once and the notices are queued; the sender job
(bot/jobs/broadcast.py) delivers them and keeps the "progress" message up to date.
"""
from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field, fields

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery, Message, TelegramObject

from core.db import Database
from core.i18n import Translate, Translator
from core.languages import LANGUAGES
from core.settings import Settings
from core.users import UserInfo
from handlers.callbacks import RecallStep, SubAction
from handlers.card_buttons import CardButton, CardPress
from handlers.cards import recall as cards
from handlers.check import read_image  # the check conversation owns reading a photo
from handlers.conversation import Conversation, Step, Talk, cancel, pressed, typed
from handlers.downloads import Downloads
from handlers.filters import HasRole
from recalls import paid
from recalls.campaigns import (
    MAX_NOTICE,
    REASONS,
    SEVERITIES,
    AlreadyIssued,
    ProductRef,
    RecallOrder,
    attach_report,
    clean_batches,
    count_audience,
    issue,
    known_batches,
    product_by_gtin,
    products_by_name,
)
from recalls.subscriptions import resume_notices, stop_notices, subscribe, subscriptions, unsubscribe
from verification.decoder_pool import DecoderPool
from verification.gs1 import CodeError, parse_code
from verification.history import get_check

TYPED = F.text & ~F.text.startswith("/")  # other commands pass on to their own routers mid-draft


@dataclass
class RecallDraft:
    """An operator's recall being written; `order` is what gets issued once they confirm."""

    key: str = field(default_factory=lambda: uuid.uuid4().hex)  # names the campaign: issued once however often
    candidates: list[str] = field(default_factory=list)  # GTINs a name search found, picked by index
    gtin: str | None = None
    name: str | None = None
    known: list[str] = field(default_factory=list)     # batches offered as buttons
    selected: list[str] = field(default_factory=list)  # ... and those ticked
    batches: list[str] | None = None                   # what is recalled; None: every batch
    reason: str | None = None
    severity: str | None = None
    notice: str | None = None
    notices: dict[str, str] = field(default_factory=dict)  # language -> its own text
    lang: str | None = None                                # the language whose text is being typed
    everyone: bool = False
    urgent: bool = False                                   # by paid broadcast (recalls/paid.py)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> RecallDraft:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def order(self, created_by: int, urgent_stars: int = 0) -> RecallOrder:
        return RecallOrder(gtin=self.gtin, product_name=self.name,
                           batches=tuple(self.batches) if self.batches is not None else None, reason=self.reason,
                           severity=self.severity, notice=self.notice, notices=self.notices,
                           everyone=self.everyone, created_by=created_by,
                           urgent_stars=urgent_stars if self.urgent else 0)


# ----------------------------------------------------------------------------- the questions

async def _ask_product(talk: Talk, t: Translate) -> None:
    await talk.say(t("recall-ask-product"), cards.cancel_only(t))


async def _ask_batches(talk: Talk, draft: RecallDraft, t: Translate) -> None:
    await talk.say(cards.batches_text(t, draft.gtin, draft.name, draft.known),
                   cards.batches_keyboard(t, draft.known, draft.selected))


async def _ask_reason(talk: Talk, t: Translate) -> None:
    await talk.say(t("recall-reason-ask"), cards.reasons_keyboard(t))


async def _ask_reason_text(talk: Talk, t: Translate) -> None:
    await talk.say(t("recall-reason-type"))


async def _ask_severity(talk: Talk, t: Translate) -> None:
    await talk.say(t("recall-severity-ask"), cards.severities_keyboard(t))


async def _ask_notice(talk: Talk, t: Translate) -> None:
    await talk.say(t("recall-notice-ask"))


async def _ask_more(talk: Talk, draft: RecallDraft, t: Translate, i18n: Translator) -> None:
    await talk.say(cards.more_languages_text(t, i18n, draft.notices),
                   cards.more_languages_keyboard(t, i18n, draft.notices))


async def _ask_notice_lang(talk: Talk, draft: RecallDraft, t: Translate, i18n: Translator) -> None:
    await talk.say(t("recall-notice-lang-ask", language=i18n(draft.lang, "language-name")))


async def _ask_preview(talk: Talk, draft: RecallDraft, db: Database, t: Translate, i18n: Translator,
                       user: UserInfo, settings: Settings) -> None:
    order = draft.order(user.id, settings.paid_broadcast_max_stars)
    audience = await count_audience(db, order.gtin, order.batches)
    pace = cards.Pace(settings.broadcast_rate, settings.paid_broadcast_rate, settings.paid_broadcast_max_stars)
    await talk.say(cards.preview_text(t, i18n, order, audience, pace),
                   cards.preview_keyboard(t, order, audience, draft.urgent))


# ----------------------------------------------------------------------------- start

async def recall_start(message: Message, talk: Talk) -> None:
    await talk.begin(RecallDraft())


async def recall_refused(message: Message, t: Translate) -> None:
    """Citizens and support staff: the command exists, but not for them."""
    await message.answer(t("not-allowed"))


# ----------------------------------------------------------------------------- the product

async def product_typed(message: Message, db: Database, talk: Talk, t: Translate) -> None:
    text = message.text.strip()
    try:
        code = parse_code(text)
    except CodeError as exc:
        if exc.reason == "bad_check_digit" or text.isdigit():
            await message.answer(t("recall-bad-gtin"))
            return
        found = await products_by_name(db, text)
        if not found:
            await message.answer(t("recall-product-not-found", query=text[:100]))
        elif len(found) == 1:
            await _chosen(talk, db, found[0])
        else:
            draft = await talk.draft()
            draft.candidates = [p.gtin for p in found]
            await talk.save(draft)
            await talk.say(t("recall-product-choose"), cards.products_keyboard(t, found))
        return
    await _chosen(talk, db, await product_by_gtin(db, code.gtin), batch=code.batch)


async def product_photo(message: Message, bot: Bot, db: Database, decoder: DecoderPool, downloads: Downloads,
                        talk: Talk, t: Translate) -> None:
    reading = await read_image(bot, decoder, downloads, message)
    codes = [code for code in reading.codes if code.gtin]
    if reading.error or not codes:
        await message.answer(t("recall-photo-no-code"))
        return
    code = next((c for c in codes if c.is_pack), codes[0])
    await _chosen(talk, db, await product_by_gtin(db, code.gtin), batch=code.batch)


async def product_picked(query: CallbackQuery, callback_data: RecallStep, db: Database, talk: Talk) -> None:
    candidates = (await talk.draft()).candidates
    await query.answer()
    index = int(callback_data.value) if callback_data.value.isdigit() else -1
    if not 0 <= index < len(candidates):
        return
    await _chosen(talk, db, await product_by_gtin(db, candidates[index]))


async def _chosen(talk: Talk, db: Database, product: ProductRef, batch: str | None = None) -> None:
    """The product is known: its batches are offered next (the one on the pack ticked already)."""
    known = await known_batches(db, product.gtin)
    if batch and batch not in known:
        known.insert(0, batch)
    draft = await talk.draft()
    draft.gtin, draft.name, draft.known, draft.selected = product.gtin, product.name, known, [batch] if batch else []
    await talk.advance(draft)


# ----------------------------------------------------------------------------- the batches

async def batch_toggled(query: CallbackQuery, callback_data: RecallStep, talk: Talk, t: Translate) -> None:
    draft = await talk.draft()
    index = int(callback_data.value) if callback_data.value.isdigit() else -1
    if 0 <= index < len(draft.known):
        batch = draft.known[index]
        draft.selected.remove(batch) if batch in draft.selected else draft.selected.append(batch)
        await talk.save(draft)
    await query.answer()
    if query.message:  # only the ticks change
        await query.message.edit_reply_markup(reply_markup=cards.batches_keyboard(t, draft.known, draft.selected))


async def batches_typed(message: Message, talk: Talk, t: Translate) -> None:
    typed_batches = clean_batches(message.text)
    if not typed_batches:
        await message.answer(t("recall-batches-bad"))
        return
    draft = await talk.draft()
    draft.known = list(dict.fromkeys([*draft.known, *typed_batches]))
    draft.selected = list(dict.fromkeys([*draft.selected, *typed_batches]))
    await talk.ask("batches", draft)


async def batches_chosen(query: CallbackQuery, callback_data: RecallStep, talk: Talk, t: Translate) -> None:
    draft = await talk.draft()
    if callback_data.action == "all":
        draft.batches = None
    elif not draft.selected:
        await query.answer(t("recall-batches-empty"), show_alert=True)
        return
    else:
        draft.batches = list(draft.selected)
    await query.answer()
    await talk.advance(draft)


# ----------------------------------------------------------------------------- reason and severity

async def reason_chosen(query: CallbackQuery, callback_data: RecallStep, talk: Talk) -> None:
    await query.answer()
    await talk.answered(reason=REASONS.get(callback_data.value))  # None ("other"): the operator types it next


async def reason_typed(message: Message, talk: Talk, t: Translate) -> None:
    reason = message.text.strip()
    if not reason or len(reason) > 300:
        await message.answer(t("recall-reason-type"))
        return
    await talk.answered(reason=reason)


async def severity_chosen(query: CallbackQuery, callback_data: RecallStep, talk: Talk) -> None:
    await query.answer()
    if callback_data.value not in SEVERITIES:
        return
    await talk.answered(severity=callback_data.value)


# ----------------------------------------------------------------------------- the notice

async def _notice_fits(message: Message, t: Translate) -> bool:
    """A notice the card can show whole; a longer one is refused with its length and the limit."""
    if len(message.text) <= MAX_NOTICE:
        return True
    await message.answer(t("recall-notice-too-long", length=len(message.text), max=MAX_NOTICE))
    return False


async def notice_typed(message: Message, talk: Talk, t: Translate) -> None:
    if not await _notice_fits(message, t):
        return
    draft = await talk.draft()
    draft.notice, draft.notices = message.text.strip(), {}
    await talk.advance(draft)


async def notice_language(query: CallbackQuery, callback_data: RecallStep, talk: Talk) -> None:
    await query.answer()
    if callback_data.value not in LANGUAGES:
        return
    await talk.answered(lang=callback_data.value)


async def notice_language_typed(message: Message, talk: Talk, t: Translate) -> None:
    if not await _notice_fits(message, t):
        return
    draft = await talk.draft()
    draft.notices[draft.lang] = message.text.strip()
    draft.lang = None
    await talk.ask("more", draft)  # back to the list of languages, for another one or the preview


# ----------------------------------------------------------------------------- preview and confirm

async def preview(query: CallbackQuery, talk: Talk) -> None:
    await query.answer()
    await talk.ask("preview", await talk.draft())


async def everyone_toggled(query: CallbackQuery, talk: Talk) -> None:
    draft = await talk.draft()
    draft.everyone = not draft.everyone
    await query.answer()
    await talk.ask("preview", draft)


async def _urgent_refusal(draft: RecallDraft, db: Database, t: Translate, settings: Settings) -> str | None:
    """Why this draft cannot go urgent (None: it can): paid broadcast is off, or it would cost more than allowed."""
    most = settings.paid_broadcast_max_stars
    if not most:
        return t("recall-urgent-off")
    total = (await count_audience(db, draft.gtin, tuple(draft.batches) if draft.batches is not None else None)
             ).total(draft.everyone)
    if not paid.fits(total, most):
        return t("recall-urgent-over-cap", total=total, stars=paid.spent_stars(total), max=most)
    return None


async def urgent_toggled(query: CallbackQuery, db: Database, talk: Talk, t: Translate, settings: Settings) -> None:
    draft = await talk.draft()
    if not draft.urgent and (refusal := await _urgent_refusal(draft, db, t, settings)):
        await query.answer(refusal, show_alert=True)
        return
    draft.urgent = not draft.urgent
    await query.answer()
    await talk.ask("preview", draft)


async def confirmed(query: CallbackQuery, db: Database, talk: Talk, t: Translate, user: UserInfo,
                    settings: Settings) -> None:
    draft = await talk.draft()
    # The audience, or the setting, may have changed since the preview: an urgent recall is checked again.
    if draft.urgent and (refusal := await _urgent_refusal(draft, db, t, settings)):
        await query.answer(refusal, show_alert=True)
        return
    await talk.end()
    try:
        issued = await issue(db, draft.order(user.id, settings.paid_broadcast_max_stars), f"operator:{draft.key}",
                             report_chat_id=query.message.chat.id)
    except AlreadyIssued:
        await query.answer(t("recall-already-issued"), show_alert=True)
        return
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=None)
    progress = await query.message.answer(t("recall-issued", id=issued.campaign_id, total=issued.total))
    await attach_report(db, issued.campaign_id, progress.chat.id, progress.message_id)


async def stale_step(query: CallbackQuery, t: Translate) -> None:
    """A button of a recall draft that is no longer open (finished, cancelled, or an older step)."""
    await query.answer(t("recall-stale"), show_alert=True)


async def unexpected(message: Message, t: Translate) -> None:
    """Something other than what the current step asks for."""
    await message.answer(t("recall-unexpected"))


# ----------------------------------------------------------------------------- the conversation

def _button(*actions: str) -> CallbackQueryFilter:
    return RecallStep.filter(F.action.in_(set(actions)))


RECALL: Conversation[RecallDraft] = Conversation("recall", RecallDraft, [
    Step("product", _ask_product, answers=[
        typed(product_typed, TYPED), typed(product_photo, F.photo), pressed(product_picked, _button("product"))]),
    Step("batches", _ask_batches, answers=[
        pressed(batch_toggled, _button("batch")), typed(batches_typed, TYPED),
        pressed(batches_chosen, _button("next", "all"))]),
    Step("reason", _ask_reason, answers=[pressed(reason_chosen, _button("reason"))]),
    Step("reason_text", _ask_reason_text, when=lambda draft: draft.reason is None, answers=[
        typed(reason_typed, TYPED)]),
    Step("severity", _ask_severity, answers=[pressed(severity_chosen, _button("severity"))]),
    Step("notice", _ask_notice, answers=[typed(notice_typed, TYPED)]),
    Step("more", _ask_more, answers=[pressed(notice_language, _button("lang")), pressed(preview, _button("preview"))]),
    Step("notice_lang", _ask_notice_lang, when=lambda draft: draft.lang is not None, answers=[
        typed(notice_language_typed, TYPED)]),
    Step("preview", _ask_preview, answers=[
        pressed(everyone_toggled, _button("everyone")), pressed(urgent_toggled, _button("urgent")),
        pressed(confirmed, _button("confirm"))]),
], keyboard="inline", cancelled="recall-cancelled")


# ----------------------------------------------------------------------------- citizens: subscriptions

async def _subscriptions_view(message: Message, db: Database, t: Translate, user_id: int, *, edit: bool = False,
                              head: str | None = None) -> None:
    followed = await subscriptions(db, user_id)
    text = cards.subscriptions_text(t, followed)
    text = f"{head}\n\n{text}" if head else text
    markup = cards.subscriptions_keyboard(t, followed)
    await (message.edit_text(text, reply_markup=markup) if edit else message.answer(text, reply_markup=markup))


async def subscribe_command(message: Message, command: CommandObject, db: Database, t: Translate,
                            user: UserInfo) -> None:
    """/subscribe: notices back on and the list; /subscribe <GTIN or code>: follow that product."""
    resumed = await resume_notices(db, user.id)
    if command.args:
        try:
            code = parse_code(command.args)
        except CodeError:
            await message.answer(t("subscribe-bad-code"))
            return
        await _follow(message, db, t, user.id, code.gtin)
        return
    await _subscriptions_view(message, db, t, user.id, head=t("subscribe-resumed") if resumed else None)


async def _follow(message: Message, db: Database, t: Translate, user_id: int, gtin: str) -> None:
    product = await product_by_gtin(db, gtin)
    new = await subscribe(db, user_id, gtin)
    await message.answer(t("subscribe-added" if new else "subscribe-already", name=product.name or gtin))


async def subscribe_from_card(_event: TelegramObject, press: CardPress, db: Database, t: Translate,
                              user: UserInfo) -> None:
    """The answer card's "Notify me about recalls of this medicine"."""
    check = await get_check(db, user.id, press.check_id)
    await press.taken()
    if check is None or not check.gtin:
        await press.message.answer(t("subscribe-check-gone"))
        return
    await _follow(press.message, db, t, user.id, check.gtin)


async def unsubscribe_pressed(query: CallbackQuery, callback_data: SubAction, db: Database, t: Translate,
                              user: UserInfo) -> None:
    await unsubscribe(db, user.id, callback_data.gtin)
    await query.answer(t("subscribe-removed"))
    await _subscriptions_view(query.message, db, t, user.id, edit=True)


async def stop_command(message: Message, db: Database, t: Translate, user: UserInfo) -> None:
    await stop_notices(db, user.id)
    await message.answer(t("stop-done"))


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="recall")
    operators = Router(name="recall-operators")  # the conversation; a router's own handlers run before these
    operators.message.filter(HasRole("operator"))
    operators.callback_query.filter(HasRole("operator"))
    operators.message.middleware(RECALL.middleware())
    operators.callback_query.middleware(RECALL.middleware())
    router.include_router(operators)
    operators.message.register(recall_start, Command("recall"))
    router.message.register(recall_refused, Command("recall"), ~HasRole("operator"))
    operators.message.register(cancel, RECALL.at(), Command("cancel"))
    operators.callback_query.register(cancel, _button("cancel"))  # also on a finished draft's message
    RECALL.register(operators)  # each step's answers
    operators.callback_query.register(stale_step, RecallStep.filter())
    operators.message.register(unexpected, RECALL.at(), ~F.text.startswith("/"))
    router.message.register(subscribe_command, Command("subscribe"), F.chat.type == "private")
    router.callback_query.register(subscribe_from_card, CardButton("subscribe"))
    router.message.register(subscribe_from_card, CardButton("subscribe"))  # from the Mini App
    router.callback_query.register(unsubscribe_pressed, SubAction.filter(F.action == "off"))
    router.message.register(stop_command, Command("stop"), F.chat.type == "private")
    return router
