"""What the complaint conversation shows: its questions' keyboards, the summary, the receipt, /complaints."""
from __future__ import annotations

from decimal import Decimal

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from complaints.draft import REPORT_KINDS, ComplaintDraft, ProductFacts
from complaints.money import compute_excess
from complaints.service import ComplaintView
from core.i18n import Translate
from core.languages import zone_for
from handlers.callbacks import ComplaintStep

LIST_LIMIT = 3800  # /complaints stays one message (Telegram allows 4096)


def currency_name(t: Translate, code: str | None) -> str:
    return t(f"currency-{code}") if code in ("UZS", "KGS") else (code or "")


def product_label(t: Translate, product: ProductFacts | None) -> str:
    if product is None:
        return t("complaint-product-unknown")
    return product.name or (f"GTIN {product.gtin}" if product.gtin else t("complaint-product-unknown"))


# ----------------------------------------------------------------------------- the questions

def price_question(t: Translate, draft: ComplaintDraft) -> str:
    product = draft.product
    if product and product.max_price is not None:
        return t("complaint-ask-price-cap", product=product_label(t, product),
                 cap=product.max_price, currency=currency_name(t, product.currency))
    return t("complaint-ask-price", product=product_label(t, product))


def reply_keyboard(t: Translate, *, back: bool, location: bool = False, contact: bool = False,
                   skip: bool = False) -> ReplyKeyboardMarkup:
    """A question's reply keyboard: what it may be answered with, then Back (unless first) and Cancel."""
    rows: list[list[KeyboardButton]] = []
    if location:
        rows.append([KeyboardButton(text=t("complaint-button-location"), request_location=True)])
    if contact:
        rows.append([KeyboardButton(text=t("complaint-button-contact"), request_contact=True)])
    if skip:
        rows.append([KeyboardButton(text=t("complaint-button-skip"))])
    nav = [KeyboardButton(text=t("complaint-button-back"))] if back else []
    rows.append([*nav, KeyboardButton(text=t("complaint-button-cancel"))])
    return ReplyKeyboardMarkup(keyboard=rows, resize_keyboard=True, is_persistent=True)


def kinds_keyboard(t: Translate) -> InlineKeyboardMarkup:
    rows = [[_button(t(f"complaint-kind-{kind}"), "kind", kind)] for kind in REPORT_KINDS]
    rows.append([_button(t("complaint-button-cancel"), "cancel")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def choices(t: Translate, action: str, *choices: tuple[str, str]) -> InlineKeyboardMarkup:
    """One button a row, each a (label key, value) of the same action."""
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t(key), action, value)] for key, value in choices])


def picks_keyboard(t: Translate, found: list[ProductFacts]) -> InlineKeyboardMarkup:
    """The products a search found, each with its maximum price when there is one."""
    return InlineKeyboardMarkup(inline_keyboard=[[_button(_pick_label(t, f)[:64], "pick", str(i))]
                                                 for i, f in enumerate(found)])


def _pick_label(t: Translate, facts: ProductFacts) -> str:
    name = product_label(t, facts)
    if facts.max_price is None:
        return name
    return f"{name} · ≤ {t('complaint-money', amount=facts.max_price, currency=currency_name(t, facts.currency))}"


def confirm_keyboard(t: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("complaint-button-send"), "send")],
        [_button(t("complaint-button-back"), "back"), _button(t("complaint-button-cancel"), "cancel")],
    ])


def _button(text: str, action: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=ComplaintStep(action=action, value=value).pack())


# ----------------------------------------------------------------------------- the summary and after

def excess_line(t: Translate, paid: Decimal, cap: Decimal | None, currency: str | None) -> str:
    """How the price paid compares with the cap, in one sentence."""
    excess = compute_excess(paid, cap)
    money = currency_name(t, currency)
    if excess.verdict == "over_cap":
        return t("complaint-excess-over", excess=excess.amount, percent=str(excess.percent), cap=cap, currency=money)
    if excess.verdict == "within_cap":
        return t("complaint-excess-within", cap=cap, currency=money)
    return t("complaint-excess-unknown")


def summary_card(t: Translate, draft: ComplaintDraft) -> str:
    """Everything the citizen is about to send, to check before confirming."""
    product = draft.product
    lines = [t("complaint-summary-title", kind=t(f"complaint-kind-{draft.kind}")),
             t("complaint-summary-product", product=product_label(t, product))]
    if product and product.batch:
        lines.append(t("complaint-summary-batch", batch=product.batch))
    if draft.price_paid is not None:
        currency = product.currency if product else None
        lines.append(t("complaint-summary-price", paid=draft.price_paid, currency=currency_name(t, currency)))
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
                 kind=t(f"complaint-kind-{view.kind}"), product=_view_label(t, view)[:120],
                 status=t(f"complaint-status-{view.status}"))
        if view.id in answers:
            answer = answers[view.id]
            item += "\n" + t("complaints-item-answer", answer=answer if len(answer) <= 200 else answer[:199] + "…")
        if sum(len(p) + 2 for p in parts) + len(item) > LIST_LIMIT:
            break
        parts.append(item)
    return "\n\n".join(parts)


def _view_label(t: Translate, view: ComplaintView) -> str:
    return view.product_name or (f"GTIN {view.gtin}" if view.gtin else t("complaint-product-unknown"))
