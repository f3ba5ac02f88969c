"""The support desk: buttons on each complaint's card, answers written in its forum topic, roles and export.

Staff work in the support supergroup (settings.support_chat_id), one forum topic per complaint,
posted there by the desk job (bot/jobs/desk.py). Anyone without the role who presses a staff button
or types a staff command is refused, and nothing changes.
"""
from __future__ import annotations

import logging
from datetime import datetime, timezone

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, CommandObject, Filter, StateFilter
from aiogram.types import BufferedInputFile, CallbackQuery, Message, TelegramObject

from complaints.export import FilterError, export_csv, parse_filter
from complaints.outbox import ring
from complaints.roles import DESK_ROLES, EXPORT_ROLES, GRANTABLE, RoleError, grant_role, revoke_role
from complaints.service import (
    ANSWER_LIMIT,
    ComplaintError,
    ComplaintView,
    complaint_in_topic,
    record_answer,
    staff_action,
)
from core.db import Database
from core.i18n import Translate, Translator
from core.settings import Settings
from core.users import UserInfo
from handlers.callbacks import DeskAction
from handlers.cards.desk import desk_card, desk_keyboard
from handlers.filters import HasRole
from handlers.menu import refresh_menu
from institutions.orgs import OrgError, grant_institution

log = logging.getLogger("medcheck.staff")


class InSupportChat(Filter):
    async def __call__(self, event: TelegramObject, settings: Settings) -> bool:
        message = event.message if isinstance(event, CallbackQuery) else event
        chat = getattr(message, "chat", None)
        return chat is not None and settings.support_chat_id is not None and chat.id == settings.support_chat_id


# ----------------------------------------------------------------------------- the desk card

async def refresh_card(bot: Bot, view: ComplaintView, i18n: Translator, settings: Settings) -> None:
    """Show the complaint's new status on its card in the support chat (best effort)."""
    if view.desk_chat_id is None or view.desk_message_id is None:
        return
    lang = settings.default_language
    t = i18n.bind(lang)
    try:
        await bot.edit_message_text(desk_card(t, view, lang), chat_id=view.desk_chat_id,
                                    message_id=view.desk_message_id, reply_markup=desk_keyboard(t, view))
    except TelegramBadRequest as exc:
        if "not modified" not in exc.message:
            log.warning("could not update the card of complaint %s: %s", view.id, exc.message)


# ----------------------------------------------------------------------------- buttons on the card

async def desk_button(query: CallbackQuery, callback_data: DeskAction, bot: Bot, db: Database, user: UserInfo,
                      settings: Settings, i18n: Translator, t: Translate) -> None:
    action = callback_data.action
    if action not in ("take", "answer", "close", "reject"):
        await query.answer()
        return
    try:
        result = await staff_action(db, callback_data.complaint_id, user.id, action)
    except ComplaintError as exc:
        await query.answer(t(f"desk-error-{exc.reason}"), show_alert=True)
        return
    ring(db)  # a status change is owed to the citizen
    await query.answer(t(f"desk-done-{action}", id=result.complaint.id))
    if result.changed:
        await refresh_card(bot, result.complaint, i18n, settings)
    desk_t = i18n.bind(settings.default_language)
    if isinstance(query.message, Message):
        if action == "answer":
            await query.message.answer(desk_t("desk-answer-how"))
        elif action == "take" and result.changed:
            await query.message.answer(desk_t("desk-taken", staff=query.from_user.full_name))


async def desk_button_refused(query: CallbackQuery, t: Translate) -> None:
    await query.answer(t("desk-refused"), show_alert=True)


# ----------------------------------------------------------------------------- roles

async def grant(message: Message, command: CommandObject, db: Database, settings: Settings, t: Translate,
                i18n: Translator) -> None:
    """/grant USER_ID ROLE, or /grant USER_ID institution ORG_ID (staff of a medical institution)"""
    args = (command.args or "").split()
    if len(args) == 3 and args[0].isdigit() and args[1].lower() == "institution":
        await _grant_institution(message, db, settings, t, int(args[0]), args[2])
        await refresh_menu(message.bot, db, i18n, int(args[0]))
        return
    if len(args) != 2 or not args[0].isdigit():
        await message.answer(t("staff-grant-usage", roles=", ".join(GRANTABLE)))
        return
    user_id, role = int(args[0]), args[1].lower()
    if role == "institution":
        await message.answer(t("org-grant-usage"))
        return
    try:
        before = await grant_role(db, user_id, role, settings.admin_ids)
    except RoleError as exc:
        await message.answer(t(f"staff-role-error-{exc.reason.replace('_', '-')}", roles=", ".join(GRANTABLE)))
        return
    await message.answer(t("staff-granted", user=str(user_id), role=t(f"role-{role}"), before=t(f"role-{before}")))
    await refresh_menu(message.bot, db, i18n, user_id)


async def _grant_institution(message: Message, db: Database, settings: Settings, t: Translate, user_id: int,
                             org: str) -> None:
    if not org.isdigit() or int(org) > 2**31 - 1:
        await message.answer(t("org-grant-usage"))
        return
    try:
        before = await grant_institution(db, user_id, int(org), settings.admin_ids)
    except OrgError as exc:
        await message.answer(t(f"org-error-{exc.reason.replace('_', '-')}"))
        return
    await message.answer(t("org-granted", user=str(user_id), org=org, before=t(f"role-{before}")))


async def revoke(message: Message, command: CommandObject, db: Database, settings: Settings, t: Translate,
                 i18n: Translator) -> None:
    """/revoke USER_ID"""
    args = (command.args or "").split()
    if len(args) != 1 or not args[0].isdigit():
        await message.answer(t("staff-revoke-usage"))
        return
    user_id = int(args[0])
    try:
        before = await revoke_role(db, user_id, settings.admin_ids)
    except RoleError as exc:
        await message.answer(t(f"staff-role-error-{exc.reason.replace('_', '-')}", roles=", ".join(GRANTABLE)))
        return
    await message.answer(t("staff-revoked", user=str(user_id), before=t(f"role-{before}")))
    await refresh_menu(message.bot, db, i18n, user_id)


# ----------------------------------------------------------------------------- export

async def export(message: Message, command: CommandObject, db: Database, t: Translate) -> None:
    """/export [since=YYYY-MM-DD] [until=YYYY-MM-DD] [status=closed,rejected] [kind=...] [product=NAME]"""
    try:
        flt = parse_filter(command.args or "")
    except FilterError as exc:
        await message.answer(t("staff-export-bad", field=exc.field, value=exc.value) + "\n\n" + t("staff-export-usage"))
        return
    data, count = await export_csv(db, flt)
    name = f"complaints-{datetime.now(timezone.utc):%Y%m%d-%H%M}.csv"
    await message.answer_document(BufferedInputFile(data, filename=name), caption=t("staff-export-done", count=count))


async def not_allowed(message: Message, t: Translate) -> None:
    """A staff command from someone without the role (the handlers above take those who have it)."""
    await message.answer(t("not-allowed"))


# ----------------------------------------------------------------------------- answers in the topics

# Not a command, nor a "//" note among staff: those pass on to other routers or stay unanswered.
async def staff_writes(message: Message, bot: Bot, db: Database, user: UserInfo, settings: Settings,
                       i18n: Translator) -> None:
    """A staff message in a complaint's topic is the answer: recorded, then delivered by the desk job."""
    view = await complaint_in_topic(db, message.chat.id, message.message_thread_id)
    if view is None:
        return  # some other topic of the group
    desk_t = i18n.bind(settings.default_language)
    if not message.text:
        await message.reply(desk_t("desk-only-text"))
        return
    try:
        result = await record_answer(db, view.id, user.id, message.text, message.message_id)
    except ComplaintError as exc:
        await message.reply(desk_t(f"desk-error-{exc.reason}", limit=ANSWER_LIMIT))
        return
    ring(db)
    await refresh_card(bot, result.complaint, i18n, settings)


def router() -> Router:
    """Staff routers, each behind its role; then the refusals for anyone without it (a new Router per Dispatcher)."""
    desk = Router(name="staff-desk")  # the complaint cards' buttons and answers in the topics
    desk.callback_query.filter(HasRole(*DESK_ROLES))
    desk.message.filter(HasRole(*DESK_ROLES))
    desk.callback_query.register(desk_button, DeskAction.filter())
    desk.message.register(staff_writes, InSupportChat(), F.message_thread_id, ~F.text.startswith("/"),
                          StateFilter(None))

    roles = Router(name="staff-roles")
    roles.message.filter(HasRole("admin"))
    roles.message.register(grant, Command("grant"))
    roles.message.register(revoke, Command("revoke"))

    exports = Router(name="staff-export")
    exports.message.filter(HasRole(*EXPORT_ROLES))
    exports.message.register(export, Command("export"))

    refusals = Router(name="staff-refusals")
    refusals.callback_query.register(desk_button_refused, DeskAction.filter())
    refusals.message.register(not_allowed, Command("grant", "revoke", "export"))

    router = Router(name="staff")
    router.include_routers(desk, roles, exports, refusals)
    return router
