"""Medical institutions in the bot: /withdraw (a withdrawal document, as the "ASL BELGISI. BUSINESS" app
makes it), /drafts, /operations; and for admins /org add|list (organisations; /grant gives their staff).

/withdraw: the reason -> the primary document (number and date; skipped where the reason allows) -> the
codes: photos (every code in them), albums, images as files, typed or pasted codes, and text/CSV/XLSX
lists from USB scanners. Each code is answered in one line; a code already in the document is not added
twice; a pack the mirror says is not in circulation waits for "Add anyway". Under every answer: the list
(to remove a code), "Save draft" and "Review and send": a summary, then "Send", which stores the document
for the outbox (institutions/outbox.py) in one transaction. The document lives in the database from
the scanning step on, so a draft survives anything; the conversation state only says which one is open.

Only staff of an organisation (the `institution` role, tied to one by /grant) get past `OrgStaff`;
everyone else is refused and nothing changes.
"""
from __future__ import annotations

import asyncio
import shlex
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import date

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import CallbackQuery, Message, TelegramObject

from core.clock import Clock, today_for, utcnow
from core.db import Database
from core.i18n import Translate
from core.languages import zone_for
from core.users import UserInfo
from handlers.callbacks import WithdrawDoc, WithdrawStep
from handlers.cards import withdrawal as cards
from handlers.check import read_image
from handlers.conversation import Conversation, Step, Talk, cancel, pressed, typed
from handlers.downloads import Downloads, DownloadsBusy, FileTooBig, is_image
from handlers.filters import HasRole
from institutions import outbox
from institutions.code_lists import ListError, is_code_list, lines_of, read_code_list
from institutions.documents import (
    MAX_CODES,
    PRIMARY_DOCUMENTS,
    DocumentError,
    create_draft,
    delete_draft,
    document_codes,
    get_document,
    list_drafts,
    operations,
    parse_primary,
    remove_code,
    submit,
)
from institutions.documents import add_codes as add_to_document
from institutions.models import REASONS
from institutions.orgs import OrgError, OrgInfo, add_org, list_orgs, staff_organisation
from verification.decoder_pool import DecoderPool
from verification.gs1 import CodeError, PackCode, parse_code

TYPED = F.text & ~F.text.startswith("/")  # other commands pass on to their own routers mid-draft


class OrgStaff(Filter):
    """Passes for staff of an organisation, and hands the handler its `org`."""

    async def __call__(self, event: TelegramObject, db: Database, user: UserInfo | None = None) -> bool | dict:
        if user is None or user.role != "institution":
            return False  # most updates stop here, without a query
        org = await staff_organisation(db, user.id)
        return {"org": org} if org is not None else False


@dataclass
class WithdrawalDraft:
    """Which document is open and what its staff member is asked; the document itself is in the database."""

    reason: str | None = None
    document_id: int | None = None
    pending: list[str] = field(default_factory=list)  # codes waiting for "Add anyway" (element strings)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> WithdrawalDraft:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# ----------------------------------------------------------------------------- the questions

async def _ask_reason(talk: Talk, t: Translate) -> None:
    await talk.say(t("withdrawal-ask-reason"), cards.reasons_keyboard(t))


async def _ask_primary(talk: Talk, draft: WithdrawalDraft, t: Translate) -> None:
    await talk.say(*cards.primary_question(t, draft.reason))


async def _ask_codes(talk: Talk, draft: WithdrawalDraft, db: Database, t: Translate) -> None:
    doc = await get_document(db, draft.document_id)
    await talk.say(cards.scan_prompt(t, doc), cards.panel_keyboard(t, doc.codes))


async def _ask_review(talk: Talk, draft: WithdrawalDraft, db: Database, t: Translate, lang: str) -> None:
    doc = await get_document(db, draft.document_id)
    lines = await document_codes(db, doc.id, limit=cards.SHOWN_LINES)
    when = utcnow().astimezone(zone_for(lang)).strftime("%d.%m.%Y %H:%M")
    await talk.say(cards.summary_text(t, doc, lines, when), cards.summary_keyboard(t))


# ----------------------------------------------------------------------------- start, reason, primary document

async def withdraw_start(message: Message, talk: Talk) -> None:
    await talk.begin(WithdrawalDraft())


async def menu_new(query: CallbackQuery, talk: Talk) -> None:
    await query.answer()
    talk.keep_pressed_message()  # the menu stays; the question comes below it
    await talk.begin(WithdrawalDraft())


async def reason_chosen(query: CallbackQuery, callback_data: WithdrawStep, talk: Talk) -> None:
    await query.answer()
    if callback_data.value in REASONS:
        await talk.answered(reason=callback_data.value)


async def primary_typed(message: Message, db: Database, talk: Talk, t: Translate, user: UserInfo, org: OrgInfo,
                        lang: str, clock: Clock | None = None) -> None:
    try:
        number, day = parse_primary(message.text, today_for(lang, clock))
    except DocumentError as exc:
        await message.answer(t(f"withdrawal-primary-{exc.reason.replace('_', '-')}"))
        return
    await _open_document(talk, db, user, org, number, day)


async def primary_skipped(query: CallbackQuery, db: Database, talk: Talk, user: UserInfo, org: OrgInfo) -> None:
    await query.answer()
    draft = await talk.draft()
    if not PRIMARY_DOCUMENTS[draft.reason][1]:  # a required one cannot be skipped, whatever the button says
        await _open_document(talk, db, user, org, None, None)


async def _open_document(talk: Talk, db: Database, user: UserInfo, org: OrgInfo, number: str | None,
                         day: date | None) -> None:
    """The draft is stored from here on: whatever happens next, /drafts finds it."""
    draft = await talk.draft()
    kind = PRIMARY_DOCUMENTS[draft.reason][0] if number else None
    doc = await create_draft(db, org.id, user.id, draft.reason, kind, number, day)
    draft.document_id = doc.id
    await talk.advance(draft)


# ----------------------------------------------------------------------------- scanning

async def codes_typed(message: Message, db: Database, talk: Talk, t: Translate, org: OrgInfo, lang: str,
                      clock: Clock | None = None) -> None:
    """One code, or many pasted one a line."""
    codes, bad = [], 0
    for line in filter(None, (line.strip() for line in lines_of(message.text))):
        try:
            code = parse_code(line)
        except CodeError:
            code = None
        if code is not None and code.is_pack:
            codes.append(code)
        else:
            bad += 1
    if not codes:
        await message.reply(t("withdrawal-not-a-code"))
        return
    unreadable = t("withdrawal-lines-unreadable", count=bad) if bad else None
    await _add(message, db, talk, t, org, codes, today_for(lang, clock), unreadable=unreadable)


async def codes_photo(message: Message, bot: Bot, db: Database, decoder: DecoderPool, downloads: Downloads,
                      talk: Talk, t: Translate, org: OrgInfo, lang: str, conversation_turn: Callable,
                      clock: Clock | None = None) -> None:
    """A photo, or a picture sent as a file: every pack code in it (a tray of packs adds them all).
    An album's photos are read side by side, and added one after the other (the draft's pending codes)."""
    reading = await read_image(bot, decoder, downloads, message)
    if reading.error:
        await message.reply(t(reading.error))
        return
    codes = [code for code in reading.codes if code.is_pack]
    if not codes:
        await message.reply(t("withdrawal-photo-no-code"))
        return
    async with conversation_turn():
        await _add(message, db, talk, t, org, codes, today_for(lang, clock))


async def codes_file(message: Message, bot: Bot, db: Database, decoder: DecoderPool, downloads: Downloads,
                     talk: Talk, t: Translate, org: OrgInfo, lang: str, conversation_turn: Callable,
                     clock: Clock | None = None) -> None:
    """A picture as a file is read as a photo; a text/CSV/XLSX file as a list of codes; nothing else."""
    if is_image(message.document):
        await codes_photo(message, bot, db, decoder, downloads, talk, t, org, lang, conversation_turn, clock)
        return
    if not is_code_list(message.document.file_name):
        await message.reply(t("withdrawal-file-kind"))
        return
    try:
        async with downloads.fetch(bot, message.document.file_id, message.document.file_size) as data:
            listing = await asyncio.to_thread(read_code_list, data, message.document.file_name)
    except FileTooBig:
        await message.reply(t("check-file-too-big"))
        return
    except DownloadsBusy:
        await message.reply(t("check-busy"))
        return
    except ListError as exc:
        await message.reply(t(f"withdrawal-list-{exc.reason.replace('_', '-')}"))
        return
    if not listing.codes:
        await message.reply(t("withdrawal-list-no-codes"))
        return
    unreadable = None
    if listing.bad_lines:
        lines = ", ".join(map(str, listing.bad_lines[:10])) + (" …" if len(listing.bad_lines) > 10 else "")
        unreadable = t("withdrawal-list-bad-lines", count=len(listing.bad_lines), lines=lines)
    async with conversation_turn():  # files may come as an album too
        await _add(message, db, talk, t, org, listing.codes, today_for(lang, clock), unreadable=unreadable)


def _refusal(t: Translate, exc: DocumentError) -> str:
    """Why the document refused a change, in the staff member's words."""
    return t(f"withdrawal-error-{exc.reason.replace('_', '-')}", max=MAX_CODES)


async def _add(message: Message, db: Database, talk: Talk, t: Translate, org: OrgInfo, codes: list[PackCode],
               today: date, *, unreadable: str | None = None) -> None:
    """Add the codes (each code once, in order), answer them in one message and remember those to confirm."""
    codes = list({code.identity: code for code in codes}.values())
    draft = await talk.draft()
    try:
        results = await add_to_document(db, draft.document_id, org.id, codes, today=today)
    except DocumentError as exc:
        await message.reply(_refusal(t, exc))
        return
    asked = [code.element_string for code, r in zip(codes, results) if r.outcome == "needs_confirmation"]
    draft.pending = list(dict.fromkeys([*draft.pending, *asked]))[:MAX_CODES]
    await talk.save(draft)
    count = (await get_document(db, draft.document_id)).codes
    text = cards.added_text(t, codes, results, count, unreadable=unreadable)
    markup = cards.confirm_keyboard(t, len(draft.pending), count) if asked else cards.panel_keyboard(t, count)
    await message.reply(text, reply_markup=markup)


async def pending_added(query: CallbackQuery, db: Database, talk: Talk, t: Translate, org: OrgInfo, lang: str,
                        clock: Clock | None = None) -> None:
    """"Add anyway": the staff member saw the warnings and confirms the packs waiting for it."""
    draft = await talk.draft()
    if not draft.pending:
        await query.answer(t("withdrawal-nothing-pending"), show_alert=True)
        return
    await query.answer()
    codes = [parse_code(text) for text in draft.pending]
    try:
        results = await add_to_document(db, draft.document_id, org.id, codes, confirmed=True,
                                        today=today_for(lang, clock))
    except DocumentError as exc:
        await query.message.answer(_refusal(t, exc))
        return
    draft.pending = []
    await talk.save(draft)
    await talk.drop_buttons()
    count = (await get_document(db, draft.document_id)).codes
    await query.message.answer(cards.added_text(t, codes, results, count), reply_markup=cards.panel_keyboard(t, count))


async def pending_skipped(query: CallbackQuery, db: Database, talk: Talk, t: Translate) -> None:
    draft = await talk.draft()
    skipped, draft.pending = len(draft.pending), []
    await talk.save(draft)
    await query.answer(t("withdrawal-pending-skipped", count=skipped))
    await talk.drop_buttons()


async def list_pressed(query: CallbackQuery, db: Database, talk: Talk, t: Translate) -> None:
    await query.answer()
    await _show_list(talk, db, t, (await talk.draft()).document_id)


async def _show_list(talk: Talk, db: Database, t: Translate, document_id: int) -> None:
    doc = await get_document(db, document_id)
    lines = await document_codes(db, document_id, limit=cards.SHOWN_LINES, latest=True)
    await talk.say(cards.list_text(t, doc, lines), cards.list_keyboard(t, lines, doc.codes))


async def remove_pressed(query: CallbackQuery, callback_data: WithdrawStep, db: Database, talk: Talk,
                         t: Translate, org: OrgInfo) -> None:
    draft = await talk.draft()
    removed = callback_data.value.isdigit() and await remove_code(db, draft.document_id, org.id,
                                                                  int(callback_data.value))
    await query.answer(t("withdrawal-removed" if removed else "withdrawal-remove-gone"))
    await _show_list(talk, db, t, draft.document_id)


async def save_pressed(query: CallbackQuery, talk: Talk, t: Translate) -> None:
    await query.answer()
    await _saved(talk, t)


async def save_command(message: Message, talk: Talk, t: Translate) -> None:
    """/cancel while scanning keeps the draft: the codes scanned so far are not thrown away by a slip."""
    await _saved(talk, t)


async def _saved(talk: Talk, t: Translate) -> None:
    document_id = (await talk.draft()).document_id
    await talk.end()
    await talk.say(t("withdrawal-saved", number=str(document_id)))


async def review_pressed(query: CallbackQuery, db: Database, talk: Talk, t: Translate) -> None:
    draft = await talk.draft()
    if not (await get_document(db, draft.document_id)).codes:
        await query.answer(t("withdrawal-error-empty"), show_alert=True)
        return
    await query.answer()
    await talk.advance(draft)


async def continue_pressed(query: CallbackQuery, talk: Talk) -> None:
    await query.answer()
    await talk.back()


async def send_pressed(query: CallbackQuery, db: Database, talk: Talk, t: Translate, org: OrgInfo) -> None:
    """Stored for sending in one transaction; the outbox sends it once, and its status changes are told."""
    draft = await talk.draft()
    try:
        doc = await submit(db, draft.document_id, org.id)
    except DocumentError as exc:
        await query.answer(_refusal(t, exc), show_alert=True)
        return
    outbox.ring(db)
    await query.answer()
    await talk.end()
    await talk.say(t("withdrawal-queued", number=str(doc.id), count=doc.codes))


async def stale_step(query: CallbackQuery, t: Translate) -> None:
    """A button of a conversation that is no longer open (sent, saved, or an older step)."""
    await query.answer(t("withdrawal-stale"), show_alert=True)


async def unexpected(message: Message, t: Translate) -> None:
    await message.answer(t("withdrawal-unexpected"))


# ----------------------------------------------------------------------------- /drafts and /operations

async def drafts_command(message: Message, db: Database, t: Translate, org: OrgInfo) -> None:
    drafts = await list_drafts(db, org.id)
    await message.answer(cards.drafts_text(t, drafts), reply_markup=cards.drafts_keyboard(t, drafts))


async def operations_command(message: Message, db: Database, t: Translate, org: OrgInfo) -> None:
    docs = [d for d in await operations(db, org.id) if d.status != "draft"]
    await message.answer(cards.operations_text(t, docs), reply_markup=cards.operations_keyboard(t, docs))


async def menu_list(query: CallbackQuery, callback_data: WithdrawDoc, db: Database, t: Translate,
                    org: OrgInfo) -> None:
    await query.answer()
    show = drafts_command if callback_data.action == "drafts" else operations_command
    await show(query.message, db, t, org)


async def resume_pressed(query: CallbackQuery, callback_data: WithdrawDoc, db: Database, talk: Talk,
                         t: Translate, org: OrgInfo) -> None:
    doc = await get_document(db, callback_data.document_id)
    if doc is None or doc.organisation_id != org.id or doc.status != "draft":
        await query.answer(t("withdrawal-draft-gone"), show_alert=True)
        return
    await query.answer()
    talk.keep_pressed_message()  # the list of drafts stays as it is; the document comes below it
    await talk.begin(WithdrawalDraft(reason=doc.reason, document_id=doc.id), step="codes")


async def delete_pressed(query: CallbackQuery, callback_data: WithdrawDoc, db: Database, talk: Talk,
                         t: Translate, org: OrgInfo) -> None:
    try:
        await delete_draft(db, callback_data.document_id, org.id)
    except DocumentError:
        await query.answer(t("withdrawal-draft-gone"), show_alert=True)
        return
    if talk.is_open and (await talk.draft()).document_id == callback_data.document_id:
        await talk.end()  # it was the open one
    await query.answer(t("withdrawal-deleted", number=str(callback_data.document_id)))
    drafts = await list_drafts(db, org.id)
    await query.message.edit_text(cards.drafts_text(t, drafts), reply_markup=cards.drafts_keyboard(t, drafts))


async def errors_pressed(query: CallbackQuery, callback_data: WithdrawDoc, db: Database, t: Translate,
                         org: OrgInfo) -> None:
    doc = await get_document(db, callback_data.document_id)
    if doc is None or doc.organisation_id != org.id:
        await query.answer(t("withdrawal-draft-gone"), show_alert=True)
        return
    await query.answer()
    refused = await document_codes(db, doc.id, rejected=True)
    await query.message.answer(cards.errors_text(t, doc, refused))


async def org_refused(message: Message, t: Translate) -> None:
    await message.answer(t("not-allowed"))


async def refused(event: TelegramObject, t: Translate) -> None:
    """Anyone but an organisation's staff: the commands and buttons exist, but not for them."""
    if isinstance(event, CallbackQuery):
        await event.answer(t("withdrawal-not-staff"), show_alert=True)
    else:
        await event.answer(t("withdrawal-not-staff"))


# ----------------------------------------------------------------------------- admins: /org

async def org_command(message: Message, command: CommandObject, db: Database, t: Translate) -> None:
    """/org list | /org add TIN PLACE_ID NAME… [gateway=xtrace|file] [key=ENV_VAR] [region=NAME]"""
    try:
        words = shlex.split(command.args or "")
    except ValueError:
        words = []
    if words[:1] == ["list"]:
        orgs = await list_orgs(db)
        lines = [t("org-line", id=str(o.id), name=o.name, tin=o.tin, place=o.business_place_id, gateway=o.gateway,
                   region=o.region or "—") for o in orgs]
        await message.answer("\n".join([t("org-list-head"), *lines]) if orgs else t("org-list-none"))
        return
    options = dict(word.split("=", 1) for word in words[1:] if "=" in word)
    plain = [word for word in words[1:] if "=" not in word]
    if words[:1] != ["add"] or len(plain) < 3 or set(options) - {"gateway", "key", "region"}:
        await message.answer(t("org-usage"))
        return
    tin, place, name = plain[0], plain[1], " ".join(plain[2:])
    try:
        org = await add_org(db, name, tin, place, options.get("region"), options.get("gateway", "file"),
                            options.get("key"))
    except OrgError as exc:
        await message.answer(t(f"org-error-{exc.reason.replace('_', '-')}"))
        return
    await message.answer(t("org-added", id=str(org.id), name=org.name, gateway=org.gateway))


# ----------------------------------------------------------------------------- the conversation

def _button(*actions: str):
    return WithdrawStep.filter(F.action.in_(set(actions)))


def _doc(*actions: str):
    return WithdrawDoc.filter(F.action.in_(set(actions)))


WITHDRAWAL: Conversation[WithdrawalDraft] = Conversation("withdrawal", WithdrawalDraft, [
    Step("reason", _ask_reason, answers=[pressed(reason_chosen, _button("reason"))]),
    Step("primary", _ask_primary, answers=[typed(primary_typed, TYPED), pressed(primary_skipped, _button("skip"))]),
    Step("codes", _ask_codes, answers=[
        typed(codes_photo, F.photo), typed(codes_file, F.document), typed(codes_typed, TYPED),
        pressed(pending_added, _button("add_anyway")), pressed(pending_skipped, _button("skip_pending")),
        pressed(list_pressed, _button("list")), pressed(remove_pressed, _button("remove")),
        pressed(save_pressed, _button("save")), pressed(review_pressed, _button("review"))]),
    Step("review", _ask_review, answers=[
        pressed(send_pressed, _button("send")), pressed(continue_pressed, _button("continue")),
        pressed(save_pressed, _button("save"))]),
], keyboard="inline", cancelled="withdrawal-cancelled")


def router() -> Router:
    """The institutions' handlers, in the order they are tried (a new Router for each Dispatcher)."""
    router = Router(name="withdrawal")
    staff = Router(name="withdrawal-staff")
    staff.message.filter(F.chat.type == "private", OrgStaff())
    staff.callback_query.filter(OrgStaff())
    staff.message.middleware(WITHDRAWAL.middleware())
    staff.callback_query.middleware(WITHDRAWAL.middleware())
    staff.message.register(withdraw_start, Command("withdraw"))
    staff.message.register(drafts_command, Command("drafts"))
    staff.message.register(operations_command, Command("operations"))
    staff.callback_query.register(menu_new, _doc("new"))
    staff.callback_query.register(menu_list, _doc("drafts", "operations"))
    staff.callback_query.register(resume_pressed, _doc("resume"))
    staff.callback_query.register(delete_pressed, _doc("delete"))
    staff.callback_query.register(errors_pressed, _doc("errors"))
    staff.message.register(save_command, WITHDRAWAL.at("codes", "review"), Command("cancel"))
    staff.message.register(cancel, WITHDRAWAL.at(), Command("cancel"))
    staff.callback_query.register(cancel, _button("cancel"))
    WITHDRAWAL.register(staff)  # each step's answers
    staff.callback_query.register(stale_step, WithdrawStep.filter())
    staff.message.register(unexpected, WITHDRAWAL.at(), ~F.text.startswith("/"))

    admins = Router(name="withdrawal-admins")
    admins.message.filter(HasRole("admin"))
    admins.message.register(org_command, Command("org"))

    refusals = Router(name="withdrawal-refusals")  # after the others: a router's own handlers run first
    refusals.message.register(refused, Command("withdraw", "drafts", "operations"))
    refusals.message.register(org_refused, Command("org"))
    refusals.callback_query.register(refused, WithdrawStep.filter())
    refusals.callback_query.register(refused, WithdrawDoc.filter())
    router.include_routers(staff, admins, refusals)
    return router
