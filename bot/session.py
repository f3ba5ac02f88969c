"""The HTTP session of our Bot: aiogram's aiohttp session, keeping its response models alive.

aiogram reads every answer through `Response[T]` (T: what the method returns), a generic pydantic
model parametrized inside `check_response`. pydantic caches parametrized models in a
WeakValueDictionary, and a model class sits in reference cycles, so the cyclic garbage collector
frees it whenever nothing else holds it: the next call builds the class again (a new schema and
validator, about a millisecond). Under load that was about a tenth of the bot's time. Parametrized
at a module's top level, pydantic registers the class in that module and it lives, which is why
a quick test does not show it. We hold each one the bot has used.

It also counts the calls Telegram refused (by method and HTTP status) or that got no answer, for /metrics.
"""
from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramAPIError, TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

from core.metrics import TELEGRAM_ERRORS


class BotSession(AiohttpSession):
    _responses: dict[Any, type[Response[Any]]] = {}  # what a method returns -> its Response class, for good

    def check_response(self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int,
                       content: str) -> Response[TelegramType]:
        returning = method.__returning__
        if returning not in self._responses:
            self._responses[returning] = Response[returning]  # type: ignore[valid-type]
        try:
            return super().check_response(bot, method, status_code, content)
        except TelegramAPIError:
            TELEGRAM_ERRORS.labels(method.__api_method__, str(status_code)).inc()
            raise

    async def make_request(self, bot: Bot, method: TelegramMethod[TelegramType],
                           timeout: int | None = None) -> TelegramType:
        try:
            return await super().make_request(bot, method, timeout)
        except TelegramNetworkError:
            TELEGRAM_ERRORS.labels(method.__api_method__, "network").inc()
            raise
