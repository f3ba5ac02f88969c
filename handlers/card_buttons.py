"""A verdict card's buttons, pressed under the card in the chat or on the Mini App's copy of the card.

The Mini App cannot press a chat button: its buttons are deep links back to the chat, `t.me/<bot>?start=
<action>-<check_id>`, which arrive as "/start complain-12". CardButton takes both ways in, so each action
has one handler.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message, TelegramObject

from handlers.callbacks import CheckAction

CARD_ACTIONS = ("nearby", "complain", "report", "subscribe", "leaflet", "remind")
# What Telegram sends for a deep link.
CARD_LINK = re.compile(rf"/start (?P<action>{'|'.join(CARD_ACTIONS)})-(?P<check_id>[1-9]\d{{0,9}})")


def card_link(bot_username: str, action: str, check_id: int) -> str:
    """The Mini App's button: opens the chat with the bot, which receives "/start <action>-<check_id>"."""
    return f"https://t.me/{bot_username}?start={action}-{check_id}"


@dataclass(frozen=True)
class CardPress:
    """One press of a card's button: its action, the check it was under, and how to answer the press."""

    action: str
    check_id: int
    event: CallbackQuery | Message

    @property
    def message(self) -> Message:
        """A message in the chat to answer beside: the card, or the link's "/start"."""
        return self.event.message if isinstance(self.event, CallbackQuery) else self.event

    async def taken(self) -> None:
        """The chat's button stops spinning; a link has nothing to stop."""
        if isinstance(self.event, CallbackQuery):
            await self.event.answer()

    async def refuse(self, text: str) -> None:
        """The check is gone or does not fit: an alert over the chat's button, a message after a link."""
        if isinstance(self.event, CallbackQuery):
            await self.event.answer(text, show_alert=True)
        else:
            await self.event.answer(text)


class CardButton(Filter):
    """Passes a press of one of `actions` either way and hands the handler `press` (a CardPress)."""

    def __init__(self, *actions: str) -> None:
        self.actions = set(actions)

    async def __call__(self, event: TelegramObject) -> bool | dict[str, CardPress]:
        try:  # CheckAction bounds the id either way (RowId)
            if isinstance(event, CallbackQuery):
                data = CheckAction.unpack(event.data or "")
            elif isinstance(event, Message) and event.text and (link := CARD_LINK.fullmatch(event.text)):
                data = CheckAction(action=link["action"], check_id=int(link["check_id"]))
            else:
                return False
        except (TypeError, ValueError):  # another button, or an id out of range
            return False
        return data.action in self.actions and {"press": CardPress(data.action, data.check_id, event)}
