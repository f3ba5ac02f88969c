"""Rendering: one function per card, from plain results to HTML text in the user's language.

Nothing here talks to Telegram or the database; a card is a pure function of its inputs, so
tests/test_cards.py can hold every card to Telegram's limits without a bot.
"""
from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from core.i18n import Translate
from core.languages import zone_for
from handlers.callbacks import CheckAction
from handlers.cards.layout import day_text, fit
from handlers.register_words import form_words, recall_reason_words
from register.importers.feeds import INSTITUTION_REASONS
from verification.history import CheckRecord
from verification.service import CheckResult

BUTTON_TEXT_LIMIT = 64     # longer button labels are cut by Telegram clients anyway
FIELD_LIMIT = 200          # one register field (a name, an issuer) on the card
NOTICE_LIMIT = 1200        # a recall notice written by an operator
MARKS = {"green": "🟢", "yellow": "🟡", "red": "🔴", "none": "⚪"}
SAID_BELOW = {"in_circulation", "no_certificate"}  # the code and batch lines say these already
NOCODE_HINTS = ("foreign", "too_small", "blurred", "dark", "bright", "linear_only")  # hints we have words for


def verdict_card(t: Translate, result: CheckResult, *, lang: str, zone: ZoneInfo | None = None) -> str:
    """The answer card for one code: verdict, product, registration, batch, code, expiry, price, data date."""
    zone = zone or zone_for(lang)
    verdict = result.verdict
    sentence = _reason(t, result, verdict.reason, "verdict", zone)
    head = [t("card-headline", mark=MARKS.get(verdict.level, "⚪"), sentence=sentence)]
    further = [_reason(t, result, reason, "also", zone) for reason in verdict.reasons[1:] if reason not in SAID_BELOW]
    if further:
        head.append(t("card-also", reasons="; ".join(further)))
    sections = [head, _product(t, result)]
    facts = [_registration(t, result)] if result.product else []
    if result.code is not None and result.code.is_pack:
        facts += [_batch(t, result), _code_status(t, result, zone)]
        if result.expiry:
            passed = "expired" in verdict.reasons
            facts.append(t("card-expiry-passed" if passed else "card-expiry", date=day_text(result.expiry)))
    if result.product:
        facts.append(_price(t, result))
    sections.append([line for line in facts if line])
    if result.recall:
        sections.append(_recall(t, result, lang, zone))
    sections.append([t("card-data-date", date=day_text(result.data_date)) if result.data_date
                     else t("card-data-date-unknown")])
    return fit(sections)


def check_keyboard(t: Translate, check_id: int, *, has_cap: bool, where_to_buy: bool = False, leaflet: bool = False,
                   remind: bool = False) -> InlineKeyboardMarkup:
    """The buttons under an answer card: where to buy it (a medicine fit to buy), complain about the price
    (when there is a maximum price to compare it with), report the pack, follow recalls, the instructions
    (when there is a leaflet), a reminder before it expires (when its expiry is known and ahead)."""
    shown = (("nearby", where_to_buy), ("complain", has_cap), ("report", True), ("subscribe", True),
             ("leaflet", leaflet), ("remind", remind))
    actions = [action for action, show in shown if show]
    rows = [[InlineKeyboardButton(text=t(f"button-{action}"),
                                  callback_data=CheckAction(action=action, check_id=check_id).pack())]
            for action in actions]
    return InlineKeyboardMarkup(inline_keyboard=rows)


def has_cap(result: CheckResult) -> bool:
    """Whether the register gives this pack a maximum retail price."""
    return result.max_price is not None and result.max_price.retail_price is not None


def fit_to_buy(result: CheckResult) -> bool:
    """A green or yellow verdict on a product with a GTIN: worth looking for in the pharmacies near you."""
    return result.verdict.level in ("green", "yellow") and result.code is not None and bool(result.code.gtin)


def no_code_card(t: Translate, hints: tuple[str, ...] | list[str] = ()) -> str:
    """No code in a photo: what we saw (the decoder's hints), how to retake, and typing as a way out."""
    return _retake_help(t, t("nocode-title"), hints)


def album_no_code_card(t: Translate, count: int, hints: tuple[str, ...] | list[str] = ()) -> str:
    """Some photos of an album held no code: said once for the album, with the same help."""
    return _retake_help(t, t("album-nocode", count=count), hints)


def not_a_code_card(t: Translate, reason: str | None) -> str:
    """A text that is no pack code, said kindly and with an example (reason: a gs1.CodeError reason)."""
    known = ("empty", "bad_check_digit", "ambiguous_separators", "bad_expiry", "too_long")
    return t(f"notcode-{reason}" if reason in known else "notcode-not_a_code")


def history_card(t: Translate, records: list[CheckRecord], *, zone: ZoneInfo) -> str:
    """The user's last checks, newest first, numbered like the buttons under it."""
    if not records:
        return t("history-empty")
    lines = [t("history-title"), ""]
    for n, record in enumerate(records, 1):
        when = record.created_at.astimezone(zone).strftime("%d.%m.%Y %H:%M")
        lines.append(t("history-line", n=n, mark=MARKS.get(record.verdict, "⚪"), when=when,
                       what=_what(t, record)))
    return fit([lines])


def history_keyboard(t: Translate, records: list[CheckRecord]) -> InlineKeyboardMarkup | None:
    """One button per check; pressing it verifies the code again and shows a fresh card."""
    if not records:
        return None
    rows = [[InlineKeyboardButton(  # a button's text is plain, not HTML
        text=_clip(html.unescape(t("history-button", n=n, mark=MARKS.get(record.verdict, "⚪"),
                                   what=_what(t, record))), BUTTON_TEXT_LIMIT),
        callback_data=CheckAction(action="open", check_id=record.id).pack())]
        for n, record in enumerate(records, 1)]
    return InlineKeyboardMarkup(inline_keyboard=rows)


# ----------------------------------------------------------------------------- sections

def _reason(t: Translate, result: CheckResult, reason: str, prefix: str, zone: ZoneInfo | None = None) -> str:
    """A reason in words; "cannot check" names what it could not check and why, and a pack a medical
    institution withdrew says so, with the day."""
    if reason == "cannot_check":
        return t(f"{prefix}-cannot_check", **_gap(t, result, result.verdict.unchecked[0]))
    status = result.code_status
    if reason == "withdrawn" and status is not None and status.reason in INSTITUTION_REASONS:
        return t(f"{prefix}-withdrawn-institution", date=day_text(status.changed_at, zone))
    return t(f"{prefix}-{reason}")


def _gap(t: Translate, result: CheckResult, part: str) -> dict[str, str]:
    """The arguments that say a part cannot be checked: what, and whether its data is missing or old."""
    day = result.unchecked.get(part)
    return {"what": t(f"part-{part}"), "state": "stale" if day else "missing", "date": day_text(day)}


def _product(t: Translate, result: CheckResult) -> list[str]:
    product = result.product
    if product is None:
        gtin = (result.code.gtin if result.code else "") or "—"
        # Unknown to a catalogue that cannot vouch for it: the headline says why, the line only names it.
        return [t("card-product-gtin" if "product" in result.unchecked else "card-product-unknown", gtin=gtin)]
    lines = [t("card-product", name=_clip(product.trade_name or product.gtin))]
    if product.inn:
        lines.append(t("card-inn", inn=_clip(product.inn)))
    form = ", ".join(part for part in (form_words(t, product.form), product.strength) if part)
    if form and product.pack_size:
        lines.append(t("card-form-pack", form=_clip(form), size=_clip(product.pack_size)))
    elif form:
        lines.append(t("card-form", form=_clip(form)))
    if product.manufacturer:
        key = "card-manufacturer-country" if product.country else "card-manufacturer"
        lines.append(t(key, name=_clip(product.manufacturer), country=_clip(product.country or "")))
    return lines


def _registration(t: Translate, result: CheckResult) -> str:
    reg = result.registration
    if reg is None:
        if "registration" in result.unchecked:
            return t("card-registration-unchecked", **_gap(t, result, "registration"))
        return t("card-registration-none")
    status = (reg.status or "").lower()
    if reg.valid_until:
        return t("card-registration", number=_clip(reg.number), status=status, until=day_text(reg.valid_until))
    return t("card-registration-no-date", number=_clip(reg.number), status=status)


def _batch(t: Translate, result: CheckResult) -> str:
    if not result.batch:
        return t("card-batch-unknown")
    cert = result.certificate
    if cert is None:
        if "certificate" in result.unchecked:
            return t("card-batch-unchecked", batch=_clip(result.batch), **_gap(t, result, "certificate"))
        return t("card-batch-no-certificate", batch=_clip(result.batch))
    return t("card-batch-certificate", batch=_clip(result.batch), number=_clip(cert.certificate_number or "—"),
             date=day_text(cert.certificate_date), issuer=_clip(cert.issuer or "—"))


def _code_status(t: Translate, result: CheckResult, zone: ZoneInfo) -> str:
    status = result.code_status
    if status is None and "code_status" in result.unchecked:
        return t("card-code-unchecked", **_gap(t, result, "code_status"))
    if status is None or status.status not in ("in_circulation", "applied", "withdrawn"):
        return t("card-code-unknown")
    if status.status == "withdrawn":
        return t("card-code-withdrawn", reason=status.reason or "", date=day_text(status.changed_at, zone))
    return t(f"card-code-{status.status}")


def _price(t: Translate, result: CheckResult) -> str:
    price = result.max_price
    if price is None and "price" in result.unchecked:
        return t("card-price-unchecked", **_gap(t, result, "price"))
    if not has_cap(result):
        return t("card-price-none")
    if price.effective_date:
        return t("card-price", price=price.retail_price, currency=price.currency, date=day_text(price.effective_date))
    return t("card-price-no-date", price=price.retail_price, currency=price.currency)


def _recall(t: Translate, result: CheckResult, lang: str, zone: ZoneInfo) -> list[str]:
    recall = result.recall
    lines = [t("card-recall", date=day_text(recall.issued_at, zone), severity=recall.severity,
               reason=recall_reason_words(t, _clip(recall.reason)))]
    notice = (recall.notices or {}).get(lang) or recall.notice
    if notice:
        lines.append(t("card-recall-notice", notice=_clip(notice, NOTICE_LIMIT)))
    return lines


def _retake_help(t: Translate, title: str, hints) -> str:
    lines = [title] + [t(f"nocode-hint-{hint}") for hint in NOCODE_HINTS if hint in hints]
    return "\n".join(lines) + "\n\n" + t("nocode-how") + "\n\n" + t("nocode-type")


def _what(t: Translate, record: CheckRecord) -> str:
    """The medicine of a check (trade name, form, dose); the code only when the catalogue does not know it."""
    name = ", ".join(part for part in (record.trade_name, form_words(t, record.form), record.strength) if part)
    if name:
        return _clip(name, 80)
    if record.serial:
        return t("history-pack", gtin=record.gtin or "—", serial=_clip(record.serial, 24))
    return t("history-product", gtin=record.gtin or "—")


# ----------------------------------------------------------------------------- plumbing

def _clip(text: str, limit: int = FIELD_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
