"""What "where to buy it near me" shows: the questions' keyboards and a page of pharmacies with the medicine."""
from __future__ import annotations

import html
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup

from core.i18n import Translate
from handlers.callbacks import NearbyPage, NearbyStep, NearbyVenue
from handlers.cards.complaint import currency_name
from handlers.cards.layout import day_text, fit
from pharmacies.nearby import RADII_KM, Cap, InStock, Nearby, Place

BUTTON_NAME = 40  # a pharmacy's name on its map-pin button


def place_keyboard(t: Translate) -> ReplyKeyboardMarkup:
    """The location button (Telegram asks the phone for it), and Cancel."""
    return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=t("nearby-button-location"), request_location=True)],
                                         [KeyboardButton(text=t("nearby-button-cancel"))]],
                               resize_keyboard=True, is_persistent=True)


def cancel_keyboard(t: Translate) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=t("nearby-button-cancel"))]], resize_keyboard=True,
                               is_persistent=True)


def picks_keyboard(names: list[str]) -> InlineKeyboardMarkup:
    """The medicines a name matched, to pick one."""
    return InlineKeyboardMarkup(inline_keyboard=[
        [InlineKeyboardButton(text=name[:64], callback_data=NearbyStep(action="pick", value=str(i)).pack())]
        for i, name in enumerate(names)])


def scope_text(t: Translate, result: Nearby, product: str, days: int) -> str:
    """Where the search looked, said plainly when it had to look further than 3 km."""
    first = f"{RADII_KM[0]:g}"
    if not result.shown:
        key = "nearby-none-region" if result.region else "nearby-none"
        return t(key, product=product, region=result.region or "", days=days)
    if result.radius_km is None:
        return t("nearby-region", product=product, region=result.region, km=f"{RADII_KM[-1]:g}")
    if result.widened:
        return t("nearby-widened", product=product, first=first, km=f"{result.radius_km:g}")
    return t("nearby-within", product=product, km=first)


def page_card(t: Translate, result: Nearby, cap: Cap | None, zone: ZoneInfo) -> str:
    """Up to five pharmacies, nearest first, each with what a citizen needs before going there."""
    blocks = [_pharmacy(t, result.first + n, found, cap, zone) for n, found in enumerate(result.shown)]
    blocks.append([t("nearby-page", first=result.first, last=result.first + len(result.shown) - 1)])
    return fit(blocks)


def _pharmacy(t: Translate, n: int, found: InStock, cap: Cap | None, zone: ZoneInfo) -> list[str]:
    lines = [t("nearby-pharmacy", n=n, name=found.name, distance=_km(found.holder.distance_km)),
             t("nearby-address", address=found.address)]
    if found.hours:
        lines.append(t("nearby-hours", hours=found.hours))
    if found.phone:
        lines.append(t("nearby-phone", phone=found.phone))
    lines.append(t(f"nearby-quantity-{found.band}", date=day_text(found.holder.updated_at, zone)))
    lines.append(_price(t, found, cap))
    return lines


def _price(t: Translate, found: InStock, cap: Cap | None) -> str:
    holder = found.holder
    if holder.price is None:
        return t("nearby-price-unknown")
    price = t("complaint-money", amount=holder.price, currency=currency_name(t, holder.currency))
    compared = cap.compare(holder.price, holder.currency) if cap else None
    if compared is None:
        return t("nearby-price", price=price)
    capped = t("complaint-money", amount=cap.price, currency=currency_name(t, cap.currency))
    return t(f"nearby-price-{compared}", price=price, cap=capped)


def _km(km: float) -> str:
    return f"{km:.1f}" if km < 10 else f"{km:.0f}"


def page_keyboard(t: Translate, result: Nearby, gtin: str, place: Place) -> InlineKeyboardMarkup:
    """A map-pin button per pharmacy shown, then the way to the nearer and the further ones."""
    rows = [[InlineKeyboardButton(
        text=html.unescape(t("nearby-button-venue", n=result.first + n, name=_clip(found.name))),
        callback_data=NearbyVenue(pharmacy_id=found.holder.pharmacy_id).pack())]
        for n, found in enumerate(result.shown)]
    turn = []
    if result.page > 0:
        turn.append(_page_button(t("nearby-button-previous"), gtin, place, result.page - 1))
    if result.more:
        turn.append(_page_button(t("nearby-button-next"), gtin, place, result.page + 1))
    if turn:
        rows.append(turn)
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _page_button(text: str, gtin: str, place: Place, page: int) -> InlineKeyboardButton:
    data = NearbyPage(gtin=gtin, lat=round(place.latitude, 5), lon=round(place.longitude, 5), page=page)
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def _clip(name: str) -> str:
    name = " ".join(name.split())
    return name if len(name) <= BUTTON_NAME else name[:BUTTON_NAME - 1] + "…"
