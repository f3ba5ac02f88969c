"""The way into the Mini App (live scanning, bot/webapp.py): a "Scan live" button, only when WEBAPP_URL is set."""
from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, MenuButtonWebApp, WebAppInfo

from core.i18n import Translate

APP_PATH = "/app/"  # where our aiohttp server serves the page (bot/webapp.py)


def page_url(webapp_url: str) -> str:
    """The page's public address: WEBAPP_URL (the https base in front of our server, without its trailing
    slash: core/settings.py) and APP_PATH."""
    return webapp_url + APP_PATH


def scan_live_keyboard(t: Translate, webapp_url: str | None) -> InlineKeyboardMarkup | None:
    """One button that opens the camera page inside Telegram; None when the feature is off."""
    if not webapp_url:
        return None
    button = InlineKeyboardButton(text=t("miniapp-button"), web_app=WebAppInfo(url=page_url(webapp_url)))
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def scan_live_menu_button(t: Translate, webapp_url: str) -> MenuButtonWebApp:
    """The chat's menu button (beside the text field) opening the same page."""
    return MenuButtonWebApp(text=t("miniapp-menu-button"), web_app=WebAppInfo(url=page_url(webapp_url)))
