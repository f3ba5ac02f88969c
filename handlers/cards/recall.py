"""What the bot shows about recalls: the operator's /recall conversation, the notice a citizen receives
(sent by bot/jobs/broadcast.py, previewed by the operator), and the campaign's progress."""
from __future__ import annotations

import math
from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from core.i18n import Translate, Translator
from core.languages import LANGUAGES
from handlers.callbacks import RecallStep, SubAction
from handlers.register_words import recall_reason_words
from recalls import paid
from recalls.campaigns import REASONS, SEVERITIES, Audience, CampaignInfo, ProductRef, RecallOrder
from recalls.sender import Progress
from recalls.subscriptions import Subscription

# ----------------------------------------------------------------------------- the operator's /recall conversation
# (handlers/recall.py asks these questions; every one has a Cancel button)


def cancel_only(t: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[_cancel_row(t)])


def products_keyboard(t: Translate, found: list[ProductRef]) -> InlineKeyboardMarkup:
    """The products a name search found, to pick one."""
    rows = [[_button(f"{p.name} · {p.gtin}"[:64], "product", str(i))] for i, p in enumerate(found)]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, _cancel_row(t)])


def product_line(t: Translate, gtin: str, name: str | None) -> str:
    return t("recall-product", name=name, gtin=gtin) if name else t("recall-product-unknown", gtin=gtin)


def batches_text(t: Translate, gtin: str, name: str | None, known: list[str]) -> str:
    return product_line(t, gtin, name) + "\n\n" + t("recall-batches-ask" if known else "recall-batches-none-known")


def batches_keyboard(t: Translate, known: list[str], selected: list[str]) -> InlineKeyboardMarkup:
    """Known batches to tick (three a row), All batches, Next (with the count ticked), Cancel."""
    buttons = [_button(("✅ " if batch in selected else "▫️ ") + batch, "batch", str(i)) for i, batch in enumerate(known)]
    rows = [buttons[i:i + 3] for i in range(0, len(buttons), 3)]
    rows.append([_button(t("recall-button-all-batches"), "all")])
    rows.append([_button(t("recall-button-next", count=len(selected)), "next")])
    rows.append(_cancel_row(t))
    return InlineKeyboardMarkup(inline_keyboard=rows)


def reasons_keyboard(t: Translate) -> InlineKeyboardMarkup:
    rows = [[_button(t(f"recall-reason-{code}"), "reason", code)] for code in REASONS]
    rows += [[_button(t("recall-reason-other"), "reason", "other")], _cancel_row(t)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def severities_keyboard(t: Translate) -> InlineKeyboardMarkup:
    rows = [[_button(t("recall-severity-button", severity=s), "severity", s)] for s in SEVERITIES]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, _cancel_row(t)])


def more_languages_text(t: Translate, i18n: Translator, written: dict[str, str]) -> str:
    """After the notice: which languages have their own text so far."""
    if not written:
        return t("recall-notice-one")
    return t("recall-notice-more", languages=_language_names(i18n, written))


def more_languages_keyboard(t: Translate, i18n: Translator, written: dict[str, str]) -> InlineKeyboardMarkup:
    rows = [[_button(("✅ " if code in written else "➕ ") + i18n(code, "language-name"), "lang", code)]
            for code in LANGUAGES]
    rows += [[_button(t("recall-button-preview"), "preview")], _cancel_row(t)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


@dataclass(frozen=True)
class Pace:
    """How fast notices go: the usual rate, the paid one, and the most Stars a recall may spend (0: never paid)."""

    rate: float
    paid_rate: float
    max_stars: int


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(math.ceil(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def preview_text(t: Translate, i18n: Translator, order: RecallOrder, audience: Audience, pace: Pace) -> str:
    """Everything the recall says, how many people it reaches and how long that takes (and, when urgent,
    what it costs), to check before issuing it."""
    lines = [
        t("recall-preview-title"),
        product_line(t, order.gtin, order.product_name),
        t("recall-preview-batches", batches=", ".join(order.batches)) if order.batches
        else t("recall-preview-all-batches"),
        t("recall-preview-reason", reason=recall_reason_words(t, order.reason),
          severity=t("recall-severity-label", severity=order.severity)),
        t("recall-preview-notice", notice=order.notice),
    ]
    if order.notices:
        lines.append(t("recall-preview-languages", languages=_language_names(i18n, order.notices)))
    total = audience.total(order.everyone)
    lines.append(t("recall-preview-audience", total=total, checked=audience.checked,
                   subscribed=audience.subscribed, everyone=audience.everyone if order.everyone else 0))
    if order.urgent_stars and paid.fits(total, pace.max_stars):
        lines.append(t("recall-preview-urgent", duration=_duration(total / pace.paid_rate),
                       stars=paid.spent_stars(total), max=pace.max_stars))
    elif order.urgent_stars:  # the audience grew past the cap since urgent was chosen
        lines.append(t("recall-urgent-over-cap", total=total, stars=paid.spent_stars(total), max=pace.max_stars))
    else:
        lines.append(t("recall-preview-time", duration=_duration(total / pace.rate)))
    return "\n\n".join(lines)


def preview_keyboard(t: Translate, order: RecallOrder, audience: Audience, urgent: bool) -> InlineKeyboardMarkup:
    toggle = "recall-button-everyone-on" if order.everyone else "recall-button-everyone-off"
    return InlineKeyboardMarkup(inline_keyboard=[
        [_button(t("recall-button-confirm"), "confirm")],
        [_button(t(toggle, count=audience.everyone), "everyone")],
        [_button(t("recall-button-urgent-on" if urgent else "recall-button-urgent-off"), "urgent")],
        _cancel_row(t),
    ])


def _language_names(i18n: Translator, texts: dict[str, str]) -> str:
    return ", ".join(i18n(code, "language-name") for code in LANGUAGES if code in texts)


def _button(text: str, action: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=RecallStep(action=action, value=value).pack())


def _cancel_row(t: Translate) -> list[InlineKeyboardButton]:
    return [_button(t("recall-button-cancel"), "cancel")]


# ----------------------------------------------------------------------------- a citizen's /subscribe

def subscriptions_text(t: Translate, followed: list[Subscription]) -> str:
    if not followed:
        return t("subscribe-empty")
    return "\n".join([t("subscribe-list"), *(t("subscribe-line", name=s.name or s.gtin, gtin=s.gtin) for s in followed)])


def subscriptions_keyboard(t: Translate, followed: list[Subscription]) -> InlineKeyboardMarkup | None:
    """One "stop following" button a product."""
    if not followed:
        return None
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=t("subscribe-button-off", name=(s.name or s.gtin)[:40]),
                              callback_data=SubAction(action="off", gtin=s.gtin).pack())] for s in followed])


# ----------------------------------------------------------------------------- notices and progress

def notice_text(i18n: Translator, campaign: CampaignInfo | RecallOrder, lang: str, audience: str) -> str:
    """The message a citizen receives, in their language: from a campaign being sent, or from an
    operator's order (to show them what citizens will read)."""
    t = i18n.bind(lang)
    batches = (t("recall-notice-batches", batches=", ".join(campaign.batches)) if campaign.batches
               else t("recall-notice-all-batches"))
    lines = [
        t("recall-notice-title", name=campaign.product_name or campaign.gtin),
        t("recall-notice-product", gtin=campaign.gtin) + "\n" + batches,
        t("recall-notice-reason", reason=recall_reason_words(t, campaign.reason),
          severity=t("recall-severity-label", severity=campaign.severity)),
    ]
    notice = campaign.notices.get(lang) or campaign.notice  # that language's own text, else the one for all
    if notice:
        lines.append(t("recall-notice-text", notice=notice))
    lines.append(t(f"recall-why-{audience}") + "\n" + t("recall-notice-footer"))
    return "\n\n".join(lines)


def progress_text(i18n: Translator, lang: str, progress: Progress) -> str:
    """The operator's message about their campaign: counts while it sends, the report once it is done."""
    c = progress.counts
    minutes, seconds = divmod(int(progress.elapsed_s), 60)
    if progress.final:
        text = i18n(lang, "recall-report", id=c.campaign_id, total=c.total, sent=c.sent, failed=c.failed,
                    blocked=c.blocked, duration=f"{minutes}:{seconds:02d}")
    else:
        text = i18n(lang, "recall-progress", id=c.campaign_id, total=c.total, sent=c.sent,
                    failed=c.failed + c.blocked, left=c.left, rate=f"{progress.rate:.1f}")
    if progress.paid_booked is None:
        return text
    return text + "\n" + i18n(lang, "recall-paid-spent", paid=progress.paid_booked,
                              stars=paid.spent_stars(progress.paid_booked))
