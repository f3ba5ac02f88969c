"""Recalls in the bot: the operator's /recall conversation, and a citizen's /subscribe and /stop.

/recall (operators and admins): the product (GTIN, name or a photo of the pack) -> the batches (known
ones offered as buttons, others typed, or all) -> reason -> severity -> the notice (one text, plus
one per language if wanted) -> a preview with the number of people it reaches -> confirm. On
confirmation the recall is in force at once and the notices are queued; the sender job
(bot/jobs/broadcast.py) delivers them and keeps the "progress" message up to date.
"""
from __future__ import annotations

import uuid

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from core.db import Database
from core.i18n import Translate, Translator
from core.languages import LANGUAGES
from core.users import UserInfo
from handlers.callbacks import CheckAction, RecallStep, SubAction
from handlers.check import read_image  # the check conversation owns reading a photo
from handlers.downloads import Downloads
from handlers.filters import HasRole
from handlers.register_words import recall_reason_words
from recalls.campaigns import (
    MAX_NOTICE,
    REASONS,
    SEVERITIES,
    AlreadyIssued,
    RecallOrder,
    ProductRef,
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


class RecallForm(StatesGroup):
    product = State()
    batches = State()
    reason = State()
    reason_text = State()
    severity = State()
    notice = State()
    more = State()          # add a text in another language, or go on to the preview
    notice_lang = State()
    preview = State()


def _button(text: str, action: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=RecallStep(action=action, value=value).pack())


def _cancel_row(t: Translate) -> list[InlineKeyboardButton]:
    return [_button(t("recall-button-cancel"), "cancel")]


# ----------------------------------------------------------------------------- start and cancel

async def recall_start(message: Message, state: FSMContext, t: Translate) -> None:
    await state.clear()
    await state.set_state(RecallForm.product)
    await state.update_data(draft=uuid.uuid4().hex)
    await message.answer(t("recall-ask-product"), reply_markup=InlineKeyboardMarkup(inline_keyboard=[_cancel_row(t)]))


async def recall_refused(message: Message, t: Translate) -> None:
    """Citizens and support staff: the command exists, but not for them."""
    await message.answer(t("not-allowed"))


async def recall_cancel_command(message: Message, state: FSMContext, t: Translate) -> None:
    await state.clear()
    await message.answer(t("recall-cancelled"))


async def recall_cancel(query: CallbackQuery, state: FSMContext, t: Translate) -> None:
    if await state.get_state() in RecallForm.__all_states_names__:
        await state.clear()
    await query.answer()
    if query.message:
        await query.message.edit_text(t("recall-cancelled"))


# ----------------------------------------------------------------------------- the product

async def product_typed(message: Message, state: FSMContext, db: Database, t: Translate) -> None:
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
            await _chosen(message, state, db, t, found[0])
        else:
            await state.update_data(candidates=[p.gtin for p in found])
            rows = [[_button(f"{p.name} · {p.gtin}"[:64], "product", str(i))] for i, p in enumerate(found)]
            await message.answer(t("recall-product-choose"),
                                 reply_markup=InlineKeyboardMarkup(inline_keyboard=[*rows, _cancel_row(t)]))
        return
    await _chosen(message, state, db, t, await product_by_gtin(db, code.gtin), batch=code.batch)


async def product_photo(message: Message, state: FSMContext, bot: Bot, db: Database, decoder: DecoderPool,
                        downloads: Downloads, t: Translate) -> None:
    reading = await read_image(bot, decoder, downloads, message)
    codes = [code for code in reading.codes if code.gtin]
    if reading.error or not codes:
        await message.answer(t("recall-photo-no-code"))
        return
    code = next((c for c in codes if c.is_pack), codes[0])
    await _chosen(message, state, db, t, await product_by_gtin(db, code.gtin), batch=code.batch)


async def product_picked(query: CallbackQuery, callback_data: RecallStep, state: FSMContext, db: Database,
                         t: Translate) -> None:
    candidates = (await state.get_data()).get("candidates", [])
    await query.answer()
    index = int(callback_data.value) if callback_data.value.isdigit() else -1
    if not 0 <= index < len(candidates):
        return
    await _chosen(query.message, state, db, t, await product_by_gtin(db, candidates[index]))


async def _chosen(message: Message, state: FSMContext, db: Database, t: Translate, product: ProductRef,
                  batch: str | None = None) -> None:
    known = await known_batches(db, product.gtin)
    if batch and batch not in known:
        known.insert(0, batch)
    await state.update_data(gtin=product.gtin, name=product.name, known=known, selected=[batch] if batch else [])
    await state.set_state(RecallForm.batches)
    await message.answer(await _batches_text(state, t), reply_markup=await _batches_keyboard(state, t))


async def _batches_text(state: FSMContext, t: Translate) -> str:
    data = await state.get_data()
    head = (t("recall-product", name=data["name"], gtin=data["gtin"]) if data.get("name")
            else t("recall-product-unknown", gtin=data["gtin"]))
    return head + "\n\n" + t("recall-batches-ask" if data["known"] else "recall-batches-none-known")


async def _batches_keyboard(state: FSMContext, t: Translate) -> InlineKeyboardMarkup:
    data = await state.get_data()
    selected = set(data["selected"])
    buttons = [_button(("✅ " if batch in selected else "▫️ ") + batch, "batch", str(i))
               for i, batch in enumerate(data["known"])]
    rows = [buttons[i:i + 3] for i in range(0, len(buttons), 3)]
    rows.append([_button(t("recall-button-all-batches"), "all")])
    rows.append([_button(t("recall-button-next", count=len(selected)), "next")])
    rows.append(_cancel_row(t))
    return InlineKeyboardMarkup(inline_keyboard=rows)


async def batch_toggled(query: CallbackQuery, callback_data: RecallStep, state: FSMContext, t: Translate) -> None:
    data = await state.get_data()
    index = int(callback_data.value) if callback_data.value.isdigit() else -1
    if 0 <= index < len(data["known"]):
        batch, selected = data["known"][index], list(data["selected"])
        selected.remove(batch) if batch in selected else selected.append(batch)
        await state.update_data(selected=selected)
    await query.answer()
    if query.message:
        await query.message.edit_reply_markup(reply_markup=await _batches_keyboard(state, t))


async def batches_typed(message: Message, state: FSMContext, t: Translate) -> None:
    typed = clean_batches(message.text)
    if not typed:
        await message.answer(t("recall-batches-bad"))
        return
    data = await state.get_data()
    known = list(dict.fromkeys([*data["known"], *typed]))
    selected = list(dict.fromkeys([*data["selected"], *typed]))
    await state.update_data(known=known, selected=selected)
    await message.answer(await _batches_text(state, t), reply_markup=await _batches_keyboard(state, t))


async def batches_chosen(query: CallbackQuery, callback_data: RecallStep, state: FSMContext, t: Translate) -> None:
    data = await state.get_data()
    if callback_data.action == "all":
        await state.update_data(batches=None)
    elif not data["selected"]:
        await query.answer(t("recall-batches-empty"), show_alert=True)
        return
    else:
        await state.update_data(batches=data["selected"])
    await query.answer()
    await state.set_state(RecallForm.reason)
    rows = [[_button(t(f"recall-reason-{code}"), "reason", code)] for code in REASONS]
    rows += [[_button(t("recall-reason-other"), "reason", "other")], _cancel_row(t)]
    await query.message.edit_text(t("recall-reason-ask"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


# ----------------------------------------------------------------------------- reason and severity

async def reason_chosen(query: CallbackQuery, callback_data: RecallStep, state: FSMContext, t: Translate) -> None:
    await query.answer()
    if callback_data.value not in REASONS:
        await state.set_state(RecallForm.reason_text)
        await query.message.edit_text(t("recall-reason-type"))
        return
    await state.update_data(reason=REASONS[callback_data.value])
    await _ask_severity(query.message, state, t, edit=True)


async def reason_typed(message: Message, state: FSMContext, t: Translate) -> None:
    reason = message.text.strip()
    if not reason or len(reason) > 300:
        await message.answer(t("recall-reason-type"))
        return
    await state.update_data(reason=reason)
    await _ask_severity(message, state, t, edit=False)


async def _ask_severity(message: Message, state: FSMContext, t: Translate, *, edit: bool) -> None:
    await state.set_state(RecallForm.severity)
    rows = [[_button(t("recall-severity-button", severity=s), "severity", s)] for s in SEVERITIES]
    markup = InlineKeyboardMarkup(inline_keyboard=[*rows, _cancel_row(t)])
    if edit:
        await message.edit_text(t("recall-severity-ask"), reply_markup=markup)
    else:
        await message.answer(t("recall-severity-ask"), reply_markup=markup)


async def severity_chosen(query: CallbackQuery, callback_data: RecallStep, state: FSMContext,
                          t: Translate) -> None:
    await query.answer()
    if callback_data.value not in SEVERITIES:
        return
    await state.update_data(severity=callback_data.value)
    await state.set_state(RecallForm.notice)
    await query.message.edit_text(t("recall-notice-ask"))


# ----------------------------------------------------------------------------- the notice

async def notice_typed(message: Message, state: FSMContext, t: Translate, i18n: Translator) -> None:
    if len(message.text) > MAX_NOTICE:
        await message.answer(t("recall-notice-too-long", length=len(message.text), max=MAX_NOTICE))
        return
    await state.update_data(notice=message.text.strip(), notices={})
    await _ask_more(message, state, t, i18n)


async def _ask_more(message: Message, state: FSMContext, t: Translate, i18n: Translator) -> None:
    await state.set_state(RecallForm.more)
    written = (await state.get_data()).get("notices", {})
    rows = [[_button(("✅ " if code in written else "➕ ") + i18n(code, "language-name"), "lang", code)]
            for code in LANGUAGES]
    rows += [[_button(t("recall-button-preview"), "preview")], _cancel_row(t)]
    languages = ", ".join(i18n(code, "language-name") for code in LANGUAGES if code in written)
    text = t("recall-notice-more", languages=languages) if written else t("recall-notice-one")
    await message.answer(text, reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


async def notice_language(query: CallbackQuery, callback_data: RecallStep, state: FSMContext, t: Translate,
                          i18n: Translator) -> None:
    await query.answer()
    if callback_data.value not in LANGUAGES:
        return
    await state.update_data(lang=callback_data.value)
    await state.set_state(RecallForm.notice_lang)
    await query.message.edit_text(t("recall-notice-lang-ask", language=i18n(callback_data.value, "language-name")))


async def notice_language_typed(message: Message, state: FSMContext, t: Translate, i18n: Translator) -> None:
    if len(message.text) > MAX_NOTICE:
        await message.answer(t("recall-notice-too-long", length=len(message.text), max=MAX_NOTICE))
        return
    data = await state.get_data()
    await state.update_data(notices={**data.get("notices", {}), data["lang"]: message.text.strip()})
    await _ask_more(message, state, t, i18n)


# ----------------------------------------------------------------------------- preview and confirm

def _draft(data: dict, user: UserInfo) -> RecallOrder:
    batches = data.get("batches")
    return RecallOrder(gtin=data["gtin"], product_name=data.get("name"),
                 batches=tuple(batches) if batches is not None else None, reason=data["reason"],
                 severity=data["severity"], notice=data["notice"], notices=data.get("notices", {}),
                 everyone=bool(data.get("everyone")), created_by=user.id)


async def _preview(state: FSMContext, db: Database, t: Translate, i18n: Translator,
                   user: UserInfo) -> tuple[str, InlineKeyboardMarkup]:
    data = await state.get_data()
    draft = _draft(data, user)
    audience = await count_audience(db, draft.gtin, draft.batches)
    languages = ", ".join(i18n(code, "language-name") for code in LANGUAGES if code in draft.notices)
    lines = [
        t("recall-preview-title"),
        t("recall-product", name=draft.product_name, gtin=draft.gtin) if draft.product_name
        else t("recall-product-unknown", gtin=draft.gtin),
        t("recall-preview-batches", batches=", ".join(draft.batches)) if draft.batches
        else t("recall-preview-all-batches"),
        t("recall-preview-reason", reason=recall_reason_words(t, draft.reason),
          severity=t("recall-severity-label", severity=draft.severity)),
        t("recall-preview-notice", notice=draft.notice),
    ]
    if languages:
        lines.append(t("recall-preview-languages", languages=languages))
    lines.append(t("recall-preview-audience", total=audience.total(draft.everyone), checked=audience.checked,
                   subscribed=audience.subscribed, everyone=audience.everyone if draft.everyone else 0))
    toggle = "recall-button-everyone-on" if draft.everyone else "recall-button-everyone-off"
    markup = InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("recall-button-confirm"), "confirm")],
        [_button(t(toggle, count=audience.everyone), "everyone")],
        _cancel_row(t),
    ])
    return "\n\n".join(lines), markup


async def preview(query: CallbackQuery, state: FSMContext, db: Database, t: Translate, i18n: Translator,
                  user: UserInfo) -> None:
    await query.answer()
    await state.set_state(RecallForm.preview)
    text, markup = await _preview(state, db, t, i18n, user)
    await query.message.edit_text(text, reply_markup=markup)


async def everyone_toggled(query: CallbackQuery, state: FSMContext, db: Database, t: Translate,
                           i18n: Translator, user: UserInfo) -> None:
    await state.update_data(everyone=not (await state.get_data()).get("everyone"))
    await query.answer()
    text, markup = await _preview(state, db, t, i18n, user)
    await query.message.edit_text(text, reply_markup=markup)


async def confirmed(query: CallbackQuery, state: FSMContext, db: Database, t: Translate, user: UserInfo) -> None:
    data = await state.get_data()
    await state.clear()
    try:
        issued = await issue(db, _draft(data, user), f"operator:{data['draft']}",
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


# ----------------------------------------------------------------------------- citizens: subscriptions

async def _subscriptions_view(db: Database, t: Translate, user_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    followed = await subscriptions(db, user_id)
    if not followed:
        return t("subscribe-empty"), None
    lines = [t("subscribe-list")]
    lines += [t("subscribe-line", name=s.name or s.gtin, gtin=s.gtin) for s in followed]
    rows = [[InlineKeyboardButton(text=t("subscribe-button-off", name=(s.name or s.gtin)[:40]),
                                  callback_data=SubAction(action="off", gtin=s.gtin).pack())] for s in followed]
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


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
    text, markup = await _subscriptions_view(db, t, user.id)
    if resumed:
        text = t("subscribe-resumed") + "\n\n" + text
    await message.answer(text, reply_markup=markup)


async def _follow(message: Message, db: Database, t: Translate, user_id: int, gtin: str) -> None:
    product = await product_by_gtin(db, gtin)
    new = await subscribe(db, user_id, gtin)
    await message.answer(t("subscribe-added" if new else "subscribe-already", name=product.name or gtin))


async def subscribe_from_card(query: CallbackQuery, callback_data: CheckAction, db: Database, t: Translate,
                              user: UserInfo) -> None:
    """The answer card's "Notify me about recalls of this medicine"."""
    check = await get_check(db, user.id, callback_data.check_id)
    await query.answer()
    if check is None or not check.gtin:
        await query.message.answer(t("subscribe-check-gone"))
        return
    await _follow(query.message, db, t, user.id, check.gtin)


async def unsubscribe_pressed(query: CallbackQuery, callback_data: SubAction, db: Database, t: Translate,
                              user: UserInfo) -> None:
    await unsubscribe(db, user.id, callback_data.gtin)
    await query.answer(t("subscribe-removed"))
    text, markup = await _subscriptions_view(db, t, user.id)
    await query.message.edit_text(text, reply_markup=markup)


async def stop_command(message: Message, db: Database, t: Translate, user: UserInfo) -> None:
    await stop_notices(db, user.id)
    await message.answer(t("stop-done"))


def router() -> Router:
    """This conversation's handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="recall")
    operators = Router(name="recall-operators")  # the conversation; a router's own handlers run before these
    operators.message.filter(HasRole("operator"))
    operators.callback_query.filter(HasRole("operator"))
    router.include_router(operators)
    operators.message.register(recall_start, Command("recall"))
    router.message.register(recall_refused, Command("recall"), ~HasRole("operator"))
    operators.message.register(recall_cancel_command, StateFilter(RecallForm), Command("cancel"))
    operators.callback_query.register(recall_cancel, RecallStep.filter(F.action == "cancel"))
    operators.message.register(product_typed, RecallForm.product, TYPED)
    operators.message.register(product_photo, RecallForm.product, F.photo)
    operators.callback_query.register(product_picked, RecallForm.product, RecallStep.filter(F.action == "product"))
    operators.callback_query.register(batch_toggled, RecallForm.batches, RecallStep.filter(F.action == "batch"))
    operators.message.register(batches_typed, RecallForm.batches, TYPED)
    operators.callback_query.register(
        batches_chosen, RecallForm.batches, RecallStep.filter(F.action.in_({"next", "all"})),
    )
    operators.callback_query.register(reason_chosen, RecallForm.reason, RecallStep.filter(F.action == "reason"))
    operators.message.register(reason_typed, RecallForm.reason_text, TYPED)
    operators.callback_query.register(
        severity_chosen, RecallForm.severity, RecallStep.filter(F.action == "severity"),
    )
    operators.message.register(notice_typed, RecallForm.notice, TYPED)
    operators.callback_query.register(notice_language, RecallForm.more, RecallStep.filter(F.action == "lang"))
    operators.message.register(notice_language_typed, RecallForm.notice_lang, TYPED)
    operators.callback_query.register(preview, RecallForm.more, RecallStep.filter(F.action == "preview"))
    operators.callback_query.register(
        everyone_toggled, RecallForm.preview, RecallStep.filter(F.action == "everyone"),
    )
    operators.callback_query.register(confirmed, RecallForm.preview, RecallStep.filter(F.action == "confirm"))
    operators.callback_query.register(stale_step, RecallStep.filter())
    operators.message.register(unexpected, StateFilter(RecallForm), ~F.text.startswith("/"))
    router.message.register(subscribe_command, Command("subscribe"), F.chat.type == "private")
    router.callback_query.register(subscribe_from_card, CheckAction.filter(F.action == "subscribe"))
    router.callback_query.register(unsubscribe_pressed, SubAction.filter(F.action == "off"))
    router.message.register(stop_command, Command("stop"), F.chat.type == "private")
    return router
