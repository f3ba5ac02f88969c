"""Callback data of every inline button, in one place so routers agree on them (64 bytes at most).

Callback data comes back from the client and can be anything: a row id outside the database's
range does not match a button (the fallback in handlers/check.py answers it) instead of failing a query.
"""
from typing import Annotated

from aiogram.filters.callback_data import CallbackData
from pydantic import Field

RowId = Annotated[int, Field(ge=1, le=2**31 - 1)]  # an Integer primary key, as PostgreSQL stores it


class CheckAction(CallbackData, prefix="chk"):
    """A button under an answer card; `check_id` is the row in the history of checks."""
    # "complain" (the price was higher), "report" (a problem with this pack), "subscribe", "open", "leaflet",
    # "remind" (before it expires)
    action: str
    check_id: RowId


class Language(CallbackData, prefix="lang"):
    code: str


class DeskAction(CallbackData, prefix="desk"):
    """A button on a complaint's card in the support chat."""
    action: str  # take, answer, close, reject
    complaint_id: RowId


class ComplaintStep(CallbackData, prefix="cpl"):
    """A button of the complaint conversation."""
    action: str  # pick, kind, open, code, send, back, cancel
    value: str = ""


class RecallStep(CallbackData, prefix="rcl"):
    """A step of an operator's /recall conversation."""
    action: str  # product, batch, all, next, reason, severity, lang, preview, everyone, confirm, cancel
    value: str = ""


class SubAction(CallbackData, prefix="sub"):
    """A user's recall subscription."""
    action: str  # "off": stop following this product
    gtin: str


class WithdrawStep(CallbackData, prefix="wdr"):
    """A step of an institution's /withdraw conversation."""
    action: str  # reason, skip, add_anyway, skip_pending, list, remove, save, review, send, continue, cancel
    value: str = ""


class WithdrawDoc(CallbackData, prefix="wdoc"):
    """A withdrawal document in /drafts, /operations or the staff menu."""
    action: str  # new, drafts, operations (menu: document_id unused), resume, delete, errors
    document_id: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0


class LeafletPick(CallbackData, prefix="lft"):
    """A leaflet chosen from /leaflet's list (already the one in the reader's language)."""
    leaflet_id: RowId


class ReminderAction(CallbackData, prefix="rem"):
    """/reminders: cancel the reminders of one pack (any one of its rows)."""
    action: str  # cancel
    reminder_id: RowId


class NearbyStep(CallbackData, prefix="near"):
    """A step of the "where to buy" conversation."""
    action: str  # pick (value: the index of the medicine among the matches)
    value: str = ""


class NearbyPage(CallbackData, prefix="np"):
    """A page of the pharmacies near a place: the search is made again, so nothing is kept between pages."""
    gtin: str
    lat: float
    lon: float
    page: Annotated[int, Field(ge=0, le=999)]


class NearbyVenue(CallbackData, prefix="nv"):
    """Open one pharmacy as a map pin (a Telegram venue)."""
    pharmacy_id: str
