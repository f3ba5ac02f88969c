"""The complaints desk: the card and topic staff work in, and what the citizen is told of their complaint.

The desk job (bot/jobs/desk.py) posts and sends these; the staff handlers (handlers/staff.py) refresh the card.
"""
from __future__ import annotations

import html

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from complaints.outbox import ComplaintNotice
from complaints.service import ComplaintView
from core.i18n import Translate
from core.languages import zone_for
from handlers.callbacks import DeskAction
from handlers.message_parts import message_parts

# ----------------------------------------------------------------------------- for staff, in the support chat

def desk_topic_name(t: Translate, view: ComplaintView) -> str:
    """Plain text (a topic name is not HTML), at most 128 characters."""
    name = t("desk-topic-name", id=view.id, kind=t(f"complaint-kind-{view.kind}"),
             product=view.product_name or view.gtin or "—")
    return html.unescape(name)[:128]


def desk_card(t: Translate, view: ComplaintView, lang: str) -> str:
    """What staff need to act on a complaint, with its status; photos are posted just above it."""
    zone = zone_for(lang)
    lines = [t("desk-card-title", id=view.id, kind=t(f"complaint-kind-{view.kind}")),
             t("desk-card-status", status=t(f"complaint-status-{view.status}"))]
    if view.assignee_id:
        lines.append(t("desk-card-assignee", staff=str(view.assignee_id)))
    lines.append(t("desk-card-created", when=view.created_at.astimezone(zone).strftime("%d.%m.%Y %H:%M")))
    lines.append("")
    lines.append(t("desk-card-product", product=view.product_name or "—"))
    if view.gtin:
        lines.append(t("desk-card-gtin", gtin=view.gtin))
    if view.registration_number:
        lines.append(t("desk-card-registration", number=view.registration_number))
    if view.batch or view.serial:
        lines.append(t("desk-card-pack", batch=view.batch or "—", serial=view.serial or "—"))
    if view.price_paid is not None:
        currency = view.currency or ""
        lines.append(t("desk-card-paid", paid=view.price_paid, currency=currency))
        if view.price_verdict == "over_cap":
            lines.append(t("desk-card-over", cap=view.max_price, excess=view.excess,
                           percent=str(view.excess_percent), currency=currency))
        elif view.price_verdict == "within_cap":
            lines.append(t("desk-card-within", cap=view.max_price, currency=currency))
        else:
            lines.append(t("desk-card-no-cap"))
    if view.pharmacy:
        lines.append(t("desk-card-pharmacy", pharmacy=view.pharmacy))
    if view.latitude is not None and view.longitude is not None:
        lines.append(t("desk-card-location", lat=f"{view.latitude:.5f}", lon=f"{view.longitude:.5f}"))
    lines.append(t("desk-card-phone", phone=view.phone) if view.phone else t("desk-card-no-phone"))
    lines.append(t("desk-card-language", language=view.language))
    if not view.is_final:
        lines.append("")
        lines.append(t("desk-card-how"))
    return "\n".join(lines)


def desk_keyboard(t: Translate, view: ComplaintView) -> InlineKeyboardMarkup | None:
    """Take, answer, close, reject; a closed or rejected complaint has no buttons."""
    if view.is_final:
        return None
    button = lambda action: InlineKeyboardButton(  # noqa: E731
        text=t(f"desk-button-{action}"), callback_data=DeskAction(action=action, complaint_id=view.id).pack())
    return InlineKeyboardMarkup(inline_keyboard=[[button("take"), button("answer")],
                                                 [button("close"), button("reject")]])


def photo_caption(t: Translate, role: str, complaint_id: int) -> str:
    """Under each photo posted above the card: whose photo it is (the receipt, the pack)."""
    return t(f"desk-photo-{role}", id=complaint_id)


# ----------------------------------------------------------------------------- for the citizen

def notice_messages(t: Translate, notice: ComplaintNotice) -> list[str]:
    """What the citizen reads, in their language: an answer (in as many messages as it takes), or
    what became of their complaint. (The receipt is the complaint's own card: handlers.cards.complaint.accepted_card.)"""
    if notice.kind == "answer":
        return message_parts(t("complaint-notice-answer", id=notice.complaint_id, text=notice.text or ""))
    return [t(f"complaint-notice-{notice.status.replace('_', '-')}", id=notice.complaint_id)]
