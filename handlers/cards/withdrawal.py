"""What the bot shows medical institution staff: the /withdraw conversation (handlers/withdrawal.py), their
drafts and their documents' statuses."""
from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from core.i18n import Html, Translate
from handlers.callbacks import WithdrawDoc, WithdrawStep
from handlers.cards.layout import day_text
from institutions.documents import PRIMARY_DOCUMENTS, AddResult, CodeLine, DocumentView, wire_code
from institutions.models import REASONS
from verification.gs1 import PackCode

SHOWN_LINES = 20      # of one answer's codes, and of a document's list: the rest are counted
LISTED_DOCUMENTS = 15  # /drafts and /operations show the latest ones
MARKS = {"added": "✅", "duplicate": "↩️", "needs_confirmation": "⚠️"}


def _button(text: str, action: str, value: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text[:64], callback_data=WithdrawStep(action=action, value=value).pack())


def _doc_button(text: str, action: str, document_id: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text[:64], callback_data=WithdrawDoc(action=action, document_id=document_id).pack())


def reason_words(t: Translate, reason: str) -> str:
    return t("withdrawal-reason", reason=reason)


def _cancel_row(t: Translate) -> list[InlineKeyboardButton]:
    return [_button(t("withdrawal-button-cancel"), "cancel")]


def menu_keyboard(t: Translate) -> InlineKeyboardMarkup:
    """The staff menu's "Withdrawals" entries (under /start for institution staff)."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [_doc_button(t("withdrawal-menu-new"), "new")],
        [_doc_button(t("withdrawal-menu-drafts"), "drafts"), _doc_button(t("withdrawal-menu-operations"), "operations")]])


# ----------------------------------------------------------------------------- the questions

def reasons_keyboard(t: Translate) -> InlineKeyboardMarkup:
    rows = [[_button(reason_words(t, reason), "reason", reason)] for reason in REASONS]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, _cancel_row(t)])


def primary_question(t: Translate, reason: str) -> tuple[str, InlineKeyboardMarkup]:
    kind, required = PRIMARY_DOCUMENTS[reason]
    text = t("withdrawal-primary-ask", kind=t("withdrawal-kind", kind=kind)) + "\n" + t(
        "withdrawal-primary-required" if required else "withdrawal-primary-optional")
    rows = [] if required else [[_button(t("withdrawal-button-no-primary"), "skip")]]
    return text, InlineKeyboardMarkup(inline_keyboard=[*rows, _cancel_row(t)])


def panel_keyboard(t: Translate, count: int) -> InlineKeyboardMarkup:
    """Under every answer of the scanning step: what can be done with the document so far."""
    rows = [[_button(t("withdrawal-button-list", count=count), "list"), _button(t("withdrawal-button-save"), "save")]]
    if count:
        rows.append([_button(t("withdrawal-button-review"), "review")])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def scan_prompt(t: Translate, doc: DocumentView) -> str:
    return "\n".join([_head(t, doc), "", t("withdrawal-scan-ask")])


def _head(t: Translate, doc: DocumentView) -> str:
    primary = (t("withdrawal-primary", kind=t("withdrawal-kind", kind=doc.primary_type or "act"),
                 number=doc.primary_number,
                 date=day_text(doc.primary_date))
               if doc.primary_number else t("withdrawal-primary-none"))
    return "\n".join([t("withdrawal-document-head", number=str(doc.id), reason=reason_words(t, doc.reason)), primary,
                      t("withdrawal-count", count=doc.codes)])


# ----------------------------------------------------------------------------- answers to scanned codes

def _pack_line(t: Translate, product: str | None, batch: str | None, expiry, code: str) -> str:
    return t("withdrawal-line", product=product or "—", batch=batch or "—", expiry=day_text(expiry), code=code)


def _stored_line(t: Translate, line: CodeLine) -> str:
    """A pack already in the document, as its answer line said it."""
    return _pack_line(t, line.product, line.batch, line.expiry, wire_code(line.gtin, line.serial))


def added_text(t: Translate, codes: list[PackCode], results: list[AddResult], count: int, *,
               unreadable: str | None = None) -> str:
    """One line per code (the first SHOWN_LINES; the rest counted), the packs waiting for a confirmation
    with their reason, and how many codes the document holds now."""
    lines = []
    for code, result in list(zip(codes, results))[:SHOWN_LINES]:
        line = _pack_line(t, result.product, result.batch, result.expiry, wire_code(code.gtin, code.serial))
        if result.outcome == "duplicate":
            lines.append(Html(f"{MARKS['duplicate']} {t('withdrawal-duplicate')}\n{line}"))
        elif result.outcome == "needs_confirmation":
            lines.append(Html(f"{MARKS['needs_confirmation']} {t('withdrawal-warning', warning=result.warning)}\n{line}"))
        else:
            warned = f" ({t('withdrawal-warning', warning=result.warning)})" if result.warning else ""
            lines.append(Html(f"{MARKS['added']}{warned} {line}"))
    if len(results) > SHOWN_LINES:
        lines.append(t("withdrawal-more", count=len(results) - SHOWN_LINES))
    tally = {outcome: sum(r.outcome == outcome for r in results) for outcome in MARKS}
    if len(results) > 1:
        lines.append(t("withdrawal-tally", added=tally["added"], duplicate=tally["duplicate"],
                       asked=tally["needs_confirmation"]))
    if unreadable:
        lines.append(unreadable)
    if tally["needs_confirmation"]:
        lines.append(t("withdrawal-confirm-ask", count=tally["needs_confirmation"]))
    lines.append(t("withdrawal-count", count=count))
    return "\n\n".join(lines)


def confirm_keyboard(t: Translate, asked: int, count: int) -> InlineKeyboardMarkup:
    rows = [[_button(t("withdrawal-button-add-anyway", count=asked), "add_anyway"),
             _button(t("withdrawal-button-skip-pending"), "skip_pending")]]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, *panel_keyboard(t, count).inline_keyboard])


# ----------------------------------------------------------------------------- the list, to remove a code

def list_text(t: Translate, doc: DocumentView, lines: list[CodeLine]) -> str:
    """The latest codes added, numbered as their remove buttons are."""
    shown = [f"{n}. " + _stored_line(t, line) for n, line in enumerate(lines, start=1)]
    if doc.codes > len(lines):
        shown.append(t("withdrawal-list-latest", shown=len(lines), count=doc.codes))
    return "\n\n".join([_head(t, doc), *shown, t("withdrawal-list-how") if lines else t("withdrawal-list-empty")])


def list_keyboard(t: Translate, lines: list[CodeLine], count: int) -> InlineKeyboardMarkup:
    buttons = [_button(f"✖ {n}", "remove", str(line.id)) for n, line in enumerate(lines, start=1)]
    rows = [buttons[i:i + 5] for i in range(0, len(buttons), 5)]
    return InlineKeyboardMarkup(inline_keyboard=[*rows, *panel_keyboard(t, count).inline_keyboard])


# ----------------------------------------------------------------------------- the summary before sending

def summary_text(t: Translate, doc: DocumentView, lines: list[CodeLine], when: str) -> str:
    shown = [_stored_line(t, line) for line in lines[:SHOWN_LINES]]
    if doc.codes > len(shown):
        shown.append(t("withdrawal-more", count=doc.codes - len(shown)))
    return "\n\n".join([t("withdrawal-summary-head", when=when), _head(t, doc), *shown, t("withdrawal-summary-ask")])


def summary_keyboard(t: Translate) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[_button(t("withdrawal-button-send"), "send")],
                                                 [_button(t("withdrawal-button-continue"), "continue")]])


# ----------------------------------------------------------------------------- /drafts and /operations

def drafts_text(t: Translate, drafts: list[DocumentView]) -> str:
    if not drafts:
        return t("withdrawal-drafts-none")
    lines = [t("withdrawal-drafts-head")]
    lines += [t("withdrawal-draft-line", number=str(d.id), reason=reason_words(t, d.reason), count=d.codes, date=day_text(d.created_at))
              for d in drafts[:LISTED_DOCUMENTS]]
    return "\n".join(lines)


def drafts_keyboard(t: Translate, drafts: list[DocumentView]) -> InlineKeyboardMarkup | None:
    rows = [[_doc_button(t("withdrawal-button-resume", number=str(d.id)), "resume", d.id),
             _doc_button(t("withdrawal-button-delete", number=str(d.id)), "delete", d.id)]
            for d in drafts[:LISTED_DOCUMENTS]]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def operations_text(t: Translate, docs: list[DocumentView]) -> str:
    if not docs:
        return t("withdrawal-operations-none")
    lines = [t("withdrawal-operations-head")]
    for d in docs[:LISTED_DOCUMENTS]:
        lines.append(t("withdrawal-operation-line", number=str(d.id), date=day_text(d.submitted_at or d.created_at),
                       reason=reason_words(t, d.reason), count=d.codes, status=t(f"withdrawal-status-{d.status}")))
        if d.error:
            lines.append(t("withdrawal-operation-error", error=d.error[:300]))
    return "\n".join(lines)


def operations_keyboard(t: Translate, docs: list[DocumentView]) -> InlineKeyboardMarkup | None:
    rows = [[_doc_button(t("withdrawal-button-errors", number=str(d.id)), "errors", d.id)]
            for d in docs[:LISTED_DOCUMENTS] if d.status in ("partial", "error")]
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def errors_text(t: Translate, doc: DocumentView, refused: list[CodeLine]) -> str:
    lines = [t("withdrawal-errors-head", number=str(doc.id), count=len(refused))]
    if doc.error:
        lines.append(t("withdrawal-operation-error", error=doc.error[:300]))
    lines += [t("withdrawal-error-line", code=wire_code(line.gtin, line.serial), error=(line.error or "—")[:200])
              for line in refused[:SHOWN_LINES]]
    if len(refused) > SHOWN_LINES:
        lines.append(t("withdrawal-more", count=len(refused) - SHOWN_LINES))
    return "\n".join(lines)
